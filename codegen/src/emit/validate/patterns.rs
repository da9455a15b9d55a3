//! Emit stage: the compiled `@pattern`s of a service's validators, as statics the runtime's
//! `pattern` module runs: each class once, then each pattern's programs.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::{doc_attrs, Scope};
use crate::ir::validation::Validation;
use crate::pattern::{Assert, Compiled, Dfa, Inst, Set, Unit};

/// The statics of every checked pattern, and of the classes they use.
pub fn items(scope: &Scope<'_>, validation: &Validation) -> Vec<TokenStream> {
    let checked: Vec<(&str, &str, &[crate::pattern::Program])> = validation
        .patterns
        .iter()
        .filter_map(|(source, check)| match &check.compiled {
            Compiled::Checked(programs) => Some((source.as_str(), check.name.as_str(), programs.as_slice())),
            Compiled::Skipped(_) => None,
        })
        .collect();
    statics(&|path| scope.import(path), &checked)
}

/// `static NAME: Pattern` items for compiled patterns (source, static name, programs), after
/// the `const` classes they use; `import` names the runtime's types.
pub fn statics(import: &dyn Fn(&str) -> TokenStream, checked: &[(&str, &str, &[crate::pattern::Program])]) -> Vec<TokenStream> {
    if checked.is_empty() {
        return Vec::new();
    }
    let mut classes = Classes::default();
    let pattern_ty = import("crate::pattern::Pattern");
    let program_ty = import("crate::pattern::Program");
    let unit_ty = import("crate::pattern::Unit");
    let mut items = Vec::new();
    for (source, name, programs) in checked {
        let name = format_ident!("{name}");
        let programs = programs.iter().map(|program| {
            let unit = match program.unit {
                Unit::Utf16 => quote!(#unit_ty::Utf16),
                Unit::CodePoint => quote!(#unit_ty::CodePoint),
            };
            let code_ty = import("crate::pattern::Code");
            let code = match &program.dfa {
                Some(dfa) => {
                    let dfa = automaton(import, dfa);
                    quote!(#code_ty::Dfa(#dfa))
                }
                None => {
                    let insts = insts_of(import, &program.insts, &mut classes);
                    let looks = program.looks.iter().map(|look| {
                        let look_ty = import("crate::pattern::Look");
                        let backward = look.backward;
                        let insts = insts_of(import, &look.insts, &mut classes);
                        quote!(#look_ty { backward: #backward, insts: &[#(#insts),*] })
                    });
                    quote!(#code_ty::Insts { insts: &[#(#insts),*], looks: &[#(#looks),*] })
                }
            };
            quote!(#program_ty { unit: #unit, code: #code })
        });
        let programs: Vec<TokenStream> = programs.collect();
        let doc = doc_attrs(&format!("`{source}`"));
        items.push(quote! {
            #doc
            static #name: #pattern_ty<'static> = #pattern_ty { source: #source, programs: &[#(#programs),*] };
        });
    }
    let mut all = classes.items();
    all.extend(items);
    all
}

/// An automaton's tables, as byte strings.
fn automaton(import: &dyn Fn(&str) -> TokenStream, dfa: &Dfa) -> TokenStream {
    let dfa_ty = import("crate::pattern::Dfa");
    let classes = number(dfa.classes as u32);
    let ascii = byte_string("ascii", &dfa.ascii);
    let wide = dfa.wide.iter().map(|&(start, class)| {
        let (start, class) = (hex(start), proc_macro2::Literal::u8_unsuffixed(class));
        quote!((#start, #class))
    });
    let next = byte_string("next", &dfa.next);
    let ends = byte_string("ends", &dfa.ends);
    quote!(#dfa_ty { classes: #classes, ascii: #ascii, wide: &[#(#wide),*], next: #next, ends: #ends })
}

/// The bytes of the field `field` as a byte string literal: `\0` for the zeros that are most of
/// an automaton's table (the dead state), `\xNN` for the rest, filled into lines of at most 100
/// columns (the Rust style guide's width: prettyplease leaves a literal as it is). Each line
/// after the first is continued with `\` and indented under the first, as the field sits in a
/// pattern's static (the compiler skips the indentation).
fn byte_string(field: &str, bytes: &[u8]) -> TokenStream {
    const FIELD_INDENT: usize = 16;
    const WIDTH: usize = 100;
    let indent = FIELD_INDENT + field.len() + ": b\"".len();
    let mut text = String::with_capacity(bytes.len() * 3);
    text.push_str("b\"");
    let mut column = indent;
    for &byte in bytes {
        let escape = if byte == 0 { 2 } else { 4 };
        // Room for the escape and the line's closing `\` (or `",`).
        if column + escape + 2 > WIDTH {
            text.push_str("\\\n");
            text.extend(std::iter::repeat_n(' ', indent));
            column = indent;
        }
        if byte == 0 {
            text.push_str("\\0");
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            text.extend(['\\', 'x', char::from(HEX[usize::from(byte >> 4)]), char::from(HEX[usize::from(byte & 15)])]);
        }
        column += escape;
    }
    text.push('"');
    text.parse().expect("escaped bytes are a byte string literal")
}

fn insts_of(import: &dyn Fn(&str) -> TokenStream, insts: &[Inst], classes: &mut Classes) -> Vec<TokenStream> {
    let inst_ty = import("crate::pattern::Inst");
    let assert_ty = || import("crate::pattern::Assert");
    insts
        .iter()
        .map(|inst| match inst {
            Inst::Unit(unit) => {
                let unit = unit_literal(*unit);
                quote!(#inst_ty::Unit(#unit))
            }
            Inst::Class(set) => {
                let class = classes.name(set);
                quote!(#inst_ty::Class(#class))
            }
            Inst::Split(a, b) => {
                let (a, b) = (number(*a), number(*b));
                quote!(#inst_ty::Split(#a, #b))
            }
            Inst::Jump(a) => {
                let a = number(*a);
                quote!(#inst_ty::Jump(#a))
            }
            Inst::Run { class, min, max } => {
                let class = classes.name(class);
                let min = number(*min);
                let max = if *max == u32::MAX { quote!(u32::MAX) } else { let max = number(*max); quote!(#max) };
                quote!(#inst_ty::Run { class: #class, min: #min, max: #max })
            }
            Inst::Match => quote!(#inst_ty::Match),
            Inst::Assert(assert) => {
                let assert_ty = assert_ty();
                let assert = match assert {
                    Assert::Start => quote!(#assert_ty::Start),
                    Assert::End => quote!(#assert_ty::End),
                    Assert::EndOrFinalTerminator => quote!(#assert_ty::EndOrFinalTerminator),
                    Assert::Boundary { word, negate } => {
                        let word = classes.name(word);
                        quote!(#assert_ty::Boundary { word: #word, negate: #negate })
                    }
                    Assert::Look { index, negate } => {
                        let index = number(*index);
                        quote!(#assert_ty::Look { index: #index, negate: #negate })
                    }
                };
                quote!(#inst_ty::Assert(#assert))
            }
        })
        .collect()
}

/// The classes the programs use, each a `const` once, numbered in order of first use.
#[derive(Default)]
struct Classes {
    names: BTreeMap<Set, Ident>,
    order: Vec<Set>,
}

impl Classes {
    fn name(&mut self, set: &Set) -> Ident {
        if let Some(name) = self.names.get(set) {
            return name.clone();
        }
        let name = format_ident!("CLASS_{}", self.order.len() + 1);
        self.names.insert(set.clone(), name.clone());
        self.order.push(set.clone());
        name
    }

    fn items(&self) -> Vec<TokenStream> {
        self.order
            .iter()
            .map(|set| {
                let name = &self.names[set];
                let ranges = set.ranges().iter().map(|&(low, high)| {
                    let (low, high) = (hex(low), hex(high));
                    quote!((#low, #high))
                });
                quote!(const #name: &[(u32, u32)] = &[#(#ranges),*];)
            })
            .collect()
    }
}

fn number(n: u32) -> proc_macro2::Literal {
    proc_macro2::Literal::u32_unsuffixed(n)
}

/// A unit as it reads best: `'a' as u32` for printable ASCII, else hexadecimal.
fn unit_literal(unit: u32) -> TokenStream {
    match char::from_u32(unit).filter(|c| c.is_ascii_graphic() || *c == ' ') {
        Some(c) => quote!(#c as u32),
        None => hex(unit),
    }
}

/// A unit as a hexadecimal literal (`0x41`), as Unicode tables are written.
fn hex(unit: u32) -> TokenStream {
    format!("0x{unit:X}").parse().unwrap_or_else(|_| quote!(0))
}
