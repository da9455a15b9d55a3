//! Pattern stage: compiles a `@pattern` into the programs the generated validators run.
//!
//! A Smithy `@pattern` is specified as an ECMA-262 regular expression, but the AWS services
//! check it with Java's `java.util.regex`, and the two read some patterns differently (`\p{L}` is
//! a Unicode property in Java and the text `p{L}` in ECMA-262 without flags; `(?i)` and `a?+` are
//! Java only; `\s` and `$` differ). A check must never refuse a value the service accepts, so a
//! value passes when either reading accepts it: each reading that compiles becomes a program,
//! and readings that agree become one.

mod compile;
mod dfa;
mod parse;
mod search;
mod set;
mod unicode;

pub use compile::{Assert, Inst, Look, Program, Unit, MAX_INSTRUCTIONS};
pub use dfa::Dfa;
pub use parse::{Dialect, Failure};
pub use set::Set;

/// What the validators do with a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    /// A value matches when one of the programs matches it.
    Checked(Vec<Program>),
    /// The pattern is not checked, for the reason given.
    Skipped(String),
}

pub fn compile(source: &str) -> Compiled {
    let mut programs = Vec::new();
    let mut invalid = Vec::new();
    for dialect in [Dialect::EcmaScript, Dialect::Java] {
        let reading = parse::parse(source, dialect).and_then(|node| compile::compile(&search::trim(node), dialect));
        match reading {
            Ok(program) => programs.push(program),
            Err(Failure::Invalid(why)) => invalid.push(format!("{} reads it as invalid: {why}", name(dialect))),
            Err(Failure::Unsupported(why)) => {
                return Compiled::Skipped(format!("its {} reading is not supported: {why}", name(dialect)));
            }
        }
    }
    if programs.is_empty() {
        return Compiled::Skipped(invalid.join("; "));
    }
    // Readings that compile to the same instructions are one (the service's is kept), unless
    // a class reaches the surrogates or past them, where UTF-16 units and code points differ.
    if let [ecma, java] = programs.as_slice() {
        if ecma.insts == java.insts && ecma.looks == java.looks && java.sets().all(|set| set.clamp(0xd7ff) == *set) {
            programs.remove(0);
        }
    }
    Compiled::Checked(programs)
}

fn name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::EcmaScript => "ECMA-262",
        Dialect::Java => "Java",
    }
}

/// The runtime's matcher: the generator runs the programs it compiles with the same code the
/// generated crates do.
use smithy_lean_runtime::pattern as runtime;

fn class(set: &Set) -> &[(u32, u32)] {
    set.ranges()
}

fn convert<'a>(insts: &'a [Inst]) -> Vec<runtime::Inst<'a>> {
    insts
        .iter()
        .map(|inst| match inst {
            Inst::Unit(unit) => runtime::Inst::Unit(*unit),
            Inst::Class(set) => runtime::Inst::Class(class(set)),
            Inst::Split(a, b) => runtime::Inst::Split(*a, *b),
            Inst::Jump(a) => runtime::Inst::Jump(*a),
            Inst::Run { class: set, min, max } => runtime::Inst::Run { class: class(set), min: *min, max: *max },
            Inst::Match => runtime::Inst::Match,
            Inst::Assert(assert) => runtime::Inst::Assert(match assert {
                Assert::Start => runtime::Assert::Start,
                Assert::End => runtime::Assert::End,
                Assert::EndOrFinalTerminator => runtime::Assert::EndOrFinalTerminator,
                Assert::Boundary { word, negate } => runtime::Assert::Boundary { word: class(word), negate: *negate },
                Assert::Look { index, negate } => runtime::Assert::Look { index: *index, negate: *negate },
            }),
        })
        .collect()
}

/// Whether the validators accept `text` for `pattern`; `None` when the pattern is not checked.
pub fn accepts(pattern: &str, text: &str) -> Option<bool> {
    let Compiled::Checked(programs) = compile(pattern) else { return None };
    Some(is_match(pattern, &programs, text))
}

/// Runs compiled programs on `text` with the runtime's matcher (the one generated crates use),
/// for the generator's own checks and tests.
pub fn is_match(pattern: &str, programs: &[Program], text: &str) -> bool {
    with_runtime(pattern, programs, true, |compiled| compiled.is_match(text))
}

/// The runtime's form of an automaton.
fn runtime_dfa(dfa: &Dfa) -> runtime::Dfa<'_> {
    runtime::Dfa { classes: dfa.classes as u32, ascii: &dfa.ascii, wide: &dfa.wide, next: &dfa.next, ends: &dfa.ends }
}

/// The programs as the runtime's [`runtime::Pattern`], given to `run`; with `automata`, those
/// that have an automaton run it, as they do in generated crates, otherwise their instructions.
fn with_runtime<R>(pattern: &str, programs: &[Program], automata: bool, run: impl FnOnce(&runtime::Pattern<'_>) -> R) -> R {
    let mains: Vec<Vec<runtime::Inst<'_>>> = programs.iter().map(|p| convert(&p.insts)).collect();
    let look_insts: Vec<Vec<Vec<runtime::Inst<'_>>>> = programs.iter().map(|p| p.looks.iter().map(|l| convert(&l.insts)).collect()).collect();
    let looks: Vec<Vec<runtime::Look<'_>>> = programs
        .iter()
        .zip(&look_insts)
        .map(|(p, insts)| p.looks.iter().zip(insts).map(|(l, i)| runtime::Look { backward: l.backward, insts: i }).collect())
        .collect();
    let converted: Vec<runtime::Program<'_>> = programs
        .iter()
        .zip(&mains)
        .zip(&looks)
        .map(|((p, insts), looks)| runtime::Program {
            unit: match p.unit {
                Unit::Utf16 => runtime::Unit::Utf16,
                Unit::CodePoint => runtime::Unit::CodePoint,
            },
            code: match &p.dfa {
                Some(dfa) if automata => runtime::Code::Dfa(runtime_dfa(dfa)),
                _ => runtime::Code::Insts { insts, looks },
            },
        })
        .collect();
    run(&runtime::Pattern { source: pattern, programs: &converted })
}

#[cfg(test)]
mod tests;
