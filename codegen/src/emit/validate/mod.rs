//! Emit stage: validators (`src/<service>/validate.rs`, compiled with the crate's default
//! `validate` feature): for every structure and union an operation input reaches, a function
//! that checks the model's constraint traits (`@required`, `@length`, `@range`, `@pattern`,
//! `@uniqueItems`) on it and everything inside it, and `validate()` on each operation input.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::layout::Module;
use super::{ident, Scope};
use crate::ir::validation::{constraints, Validation};
use crate::ir::{Member, Service, TypeDef, TypeKind, TypeRef};
use crate::model::ShapeId;
use crate::naming;

pub(crate) mod patterns;

/// The runtime's macro that writes a structure's validator from a row per member.
pub const VALIDATE_STRUCTURE: &str = "crate::validation::validate_structure";

/// A service's validators, over what the IR worked out they check.
pub struct Validators<'a> {
    service: &'a Service,
}

impl<'a> Validators<'a> {
    pub fn new(service: &'a Service) -> Self {
        Validators { service }
    }

    /// Whether the service has validators at all (and so a `validate` module).
    pub fn any(&self) -> bool {
        !self.service.validation.checked.is_empty()
    }

    /// Whether an operation input is checked (so its requests call `validate()` first).
    pub fn validates(&self, input: &ShapeId) -> bool {
        self.service.validation.checked.contains(input)
    }

    /// Whether a validator checks a `@pattern`, so the crate needs the pattern matcher.
    pub fn uses_patterns(&self) -> bool {
        self.service.validation.patterns.values().any(|p| !p.name.is_empty())
    }

    /// The items of the service's `validate` module.
    pub fn module(&self) -> Vec<TokenStream> {
        let service = self.service;
        let scope = Scope::new(service, Module::Validate, Vec::new());
        let cx = Cx { scope: &scope, validation: &service.validation };
        let mut items = Vec::new();
        for id in &service.validation.checked {
            match service.types.get(id) {
                Some(TypeDef::Structure(s)) => items.push(cx.structure(&s.name, &s.members, false)),
                Some(TypeDef::Union(u)) => items.push(cx.structure(&u.name, &u.members, true)),
                _ => {}
            }
        }
        let mut inputs = BTreeSet::new();
        for op in &service.operations {
            if let Some(input) = op.input.as_ref().filter(|id| self.validates(id)) {
                // Operations that share an input share its `validate()`.
                if inputs.insert(input) {
                    items.push(cx.entry_point(service.type_name(input)));
                }
            }
        }
        items.extend(patterns::items(&scope, &service.validation));
        items.insert(0, scope.use_items());
        items
    }
}

fn fn_name(type_name: &str) -> proc_macro2::Ident {
    super::helper(naming::Helper::Validate, type_name)
}

struct Cx<'a> {
    scope: &'a Scope<'a>,
    validation: &'a Validation,
}

impl Cx<'_> {
    /// `fn validate_x(value, path, out)` for a structure (or a union, whose members are
    /// variants). A structure's is a row of the runtime's `validate_structure!` per member with
    /// something to check, where every check fits one; otherwise, and for a union, statements.
    fn structure(&self, type_name: &str, members: &[Member], union: bool) -> TokenStream {
        let name = fn_name(type_name);
        let ty = self.scope.named(type_name);
        if !union {
            if let Some(rows) = members.iter().map(|m| self.member_row(m)).collect::<Option<Vec<_>>>() {
                let rows = rows.into_iter().flatten();
                let validate_structure = self.scope.import(VALIDATE_STRUCTURE);
                return quote!(#validate_structure!(#name(#ty) #(; #rows)*););
            }
        }
        let path_ty = self.scope.import("crate::validation::Path");
        let violations = self.scope.import("crate::validation::Violations");
        let body = if union {
            // Only the variants with something to check get an arm.
            let arms: Vec<(TokenStream, TokenStream)> = members
                .iter()
                .filter(|m| m.ty.kind != TypeKind::Unit)
                .filter_map(|m| {
                    let variant = ident(&m.ident);
                    let label = &m.name;
                    let checks = self.statements(&self.checks(Some(m), &m.ty), quote!(v), quote!(&member_path));
                    (!checks.is_empty()).then(|| (quote!(#ty::#variant(v)), quote!({ let member_path = path.member(#label); #checks })))
                })
                .collect();
            match arms.as_slice() {
                [] => quote!(let _ = (value, path, out);),
                // `if let` for a single variant, as clippy asks.
                [(pattern, block)] => quote!(if let #pattern = value #block),
                arms => {
                    let arms = arms.iter().map(|(pattern, block)| quote!(#pattern => #block));
                    quote!(match value { #(#arms)* _ => {} })
                }
            }
        } else {
            let checks = members.iter().map(|m| self.member_checks(m));
            quote!(#(#checks)*)
        };
        quote! {
            pub(crate) fn #name(value: &#ty, path: &#path_ty<'_>, out: &mut #violations) {
                #body
            }
        }
    }

    /// A member's row of `validate_structure!`: `"name" => field?: checks`; `Some(None)` when
    /// there is nothing to check, `None` when a check does not fit a row.
    fn member_row(&self, m: &Member) -> Option<Option<TokenStream>> {
        let checks = self.checks(Some(m), &m.ty);
        let required = m.traits.required && m.optional;
        if checks.is_empty() && !required {
            return Some(None);
        }
        let (label, field) = (&m.name, ident(&m.ident));
        let presence = match (m.optional, required) {
            (false, _) => quote!(),
            (true, true) => quote!(!),
            (true, false) => quote!(?),
        };
        let checks = if checks.is_empty() {
            quote!()
        } else {
            let row = row(&checks)?;
            quote!(: #row)
        };
        Some(Some(quote!(#label => #field #presence #checks)))
    }

    fn member_checks(&self, m: &Member) -> TokenStream {
        let field = ident(&m.ident);
        let label = &m.name;
        let checks = self.statements(&self.checks(Some(m), &m.ty), quote!(v), quote!(&member_path));
        let required = m.traits.required && m.optional;
        if checks.is_empty() && !required {
            return quote!();
        }
        let some = self.scope.prelude("Some");
        let body = match (m.optional, required, checks.is_empty()) {
            (false, _, _) => quote! {
                let v = &value.#field;
                #checks
            },
            // Only required: the path is written where it is used.
            (true, true, true) => return quote!(out.required(&path.member(#label), &value.#field);),
            (true, true, false) => quote! {
                if let #some(v) = out.required(&member_path, &value.#field) {
                    #checks
                }
            },
            (true, false, _) => quote! {
                if let #some(v) = &value.#field {
                    #checks
                }
            },
        };
        // Each member's path shadows the one before: no block is needed to keep them apart.
        quote! {
            let member_path = path.member(#label);
            #body
        }
    }

    /// The checks of one value, inner values included, as the constraints decide them.
    fn checks(&self, member: Option<&Member>, ty: &TypeRef) -> Vec<Check> {
        let service = self.scope.service();
        let c = constraints(&service.shape_traits, member, ty);
        let mut checks = Vec::new();
        // A string of the wrong length is not also matched against its pattern (see
        // `Violations::length_and_pattern`).
        let mut pattern = c.pattern.and_then(|p| self.validation.pattern(p));
        if let (Some(length), Some(check), TypeKind::String) = (c.length, pattern, &ty.kind) {
            let (min, max, name) = (bound_u64(&length.min), bound_u64(&length.max), format_ident!("{}", check.name));
            checks.push(Check::call("length_and_pattern", quote!(#min, #max, &#name)));
            pattern = None;
        } else if let Some(length) = c.length {
            let (min, max) = (bound_u64(&length.min), bound_u64(&length.max));
            let unit = match &ty.kind {
                TypeKind::Blob => Some("bytes"),
                TypeKind::List { .. } => Some("items"),
                TypeKind::Map { .. } => Some("entries"),
                _ => None,
            };
            match (&ty.kind, unit) {
                (TypeKind::String, _) => checks.push(Check::call("chars", quote!(#min, #max))),
                (_, Some(unit)) => checks.push(Check::Length(quote!(#min, #max, #unit))),
                _ => {}
            }
        }
        let number = matches!(
            ty.kind,
            TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long | TypeKind::Float | TypeKind::Double | TypeKind::BigInteger | TypeKind::BigDecimal
        );
        if let Some(range) = c.range.filter(|_| number) {
            let bound = |bound: &Option<serde_json::Number>| match bound.as_ref().and_then(|n| Some((n.as_f64()?, n.to_string()))) {
                Some((number, text)) => quote!(Some((#number, #text))),
                None => quote!(None),
            };
            let (min, max) = (bound(&range.min), bound(&range.max));
            let sensitive = member.is_some_and(|m| m.sensitive) || service.shape_traits.get(&ty.shape).is_some_and(|t| t.sensitive);
            let shown = !sensitive;
            checks.push(Check::call("range", quote!(#min, #max, #shown)));
        }
        if let Some(check) = pattern {
            let name = format_ident!("{}", check.name);
            checks.push(Check::call("pattern", quote!(&#name)));
        }
        if let (true, TypeKind::List { item, sparse }) = (c.unique, &ty.kind) {
            let (key, tabular) = self.unique_key(item, *sparse);
            checks.push(Check::Call { method: format_ident!("unique_by"), arguments: key, tabular });
        }
        match &ty.kind {
            TypeKind::Named if self.validation.checked.contains(&ty.shape) => {
                checks.push(Check::Nested(fn_name(service.type_name(&ty.shape))));
            }
            TypeKind::List { item, sparse } => {
                let inner = self.checks(None, item);
                if !inner.is_empty() {
                    checks.push(Check::Each { sparse: *sparse, checks: inner });
                }
            }
            TypeKind::Map { key, value, sparse } => {
                // A `@sensitive` key stays out of the path.
                let sensitive_key = service.shape_traits.get(&key.shape).is_some_and(|t| t.sensitive);
                let (keys, values) = (self.checks(None, key), self.checks(None, value));
                if !keys.is_empty() || !values.is_empty() {
                    checks.push(Check::Entries { sensitive_key, sparse: *sparse, keys, values });
                }
            }
            _ => {}
        }
        checks
    }

    /// Checks as statements on `v` (a reference) at `path`.
    fn statements(&self, checks: &[Check], v: TokenStream, path: TokenStream) -> TokenStream {
        let path_type = self.scope.import("crate::validation::Path");
        let some = self.scope.prelude("Some");
        let statements = checks.iter().map(|check| match check {
            Check::Call { method, arguments, .. } => quote!(out.#method(#path, #v, #arguments);),
            Check::Length(arguments) => quote!(out.length(#path, #v.len(), #arguments);),
            Check::Nested(function) => quote!(#function(#v, #path, out);),
            Check::Each { sparse, checks } => {
                let inner = self.statements(checks, quote!(item), quote!(&item_path));
                let inner = if *sparse { quote!(if let #some(item) = item { #inner }) } else { inner };
                quote! {
                    for (index, item) in #v.iter().enumerate() {
                        let item_path = #path_type::index(#path, index);
                        #inner
                    }
                }
            }
            Check::Entries { sensitive_key, sparse, keys, values } => {
                let key_path = if *sensitive_key { quote!(#path_type::SensitiveKey(#path)) } else { quote!(#path_type::key(#path, key.as_str())) };
                let key_checks = self.statements(keys, quote!(key), quote!(&item_path));
                let value_checks = self.statements(values, quote!(item), quote!(&item_path));
                if values.is_empty() {
                    quote! {
                        for key in #v.keys() {
                            let item_path = #key_path;
                            #key_checks
                        }
                    }
                } else {
                    let value_checks = if *sparse { quote!(if let #some(item) = item { #value_checks }) } else { value_checks };
                    let key_binding = if *sensitive_key && keys.is_empty() { quote!(_) } else { quote!(key) };
                    quote! {
                        for (#key_binding, item) in #v.iter() {
                            let item_path = #key_path;
                            #key_checks
                            #value_checks
                        }
                    }
                }
            }
        });
        quote!(#(#statements)*)
    }

    /// What `@uniqueItems` compares list items by: the item itself where it is ordered, the
    /// bits of a float (as Java's `Double.equals` compares), else the item's JSON text.
    /// Also whether the key fits a row of `validate_structure!` (a short closure).
    fn unique_key(&self, item: &TypeRef, sparse: bool) -> (TokenStream, bool) {
        let service = self.scope.service();
        let ordered = match &item.kind {
            TypeKind::String | TypeKind::Blob | TypeKind::Boolean | TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => true,
            TypeKind::Timestamp | TypeKind::BigInteger | TypeKind::BigDecimal => true,
            TypeKind::Named => matches!(service.types.get(&item.shape), Some(TypeDef::Enum(_))),
            _ => false,
        };
        if ordered {
            return (quote!(|item| item), true);
        }
        if matches!(item.kind, TypeKind::Float | TypeKind::Double) {
            return (if sparse { quote!(|item| item.map(|f| f.to_bits())) } else { quote!(|item| item.to_bits()) }, true);
        }
        let writer = self.scope.import("crate::json::Writer");
        let value = if sparse { quote!(item.as_ref()) } else { quote!(Some(item)) };
        let write = super::serde::write_value(self.scope, item, quote!(item), crate::ir::traits::TimestampFormat::EpochSeconds);
        let key = quote!(|item| {
            let mut writer = #writer::new();
            let w = &mut writer;
            if let Some(item) = #value {
                #write
            }
            // A value that cannot be written fails the request anyway.
            writer.finish().ok()
        });
        (key, false)
    }

    /// `validate()` on an operation input.
    fn entry_point(&self, type_name: &str) -> TokenStream {
        let ty = self.scope.named(type_name);
        let name = fn_name(type_name);
        let path = self.scope.import("crate::validation::Path");
        let violations = self.scope.import("crate::validation::Violations");
        let error = self.scope.import("crate::validation::ValidationError");
        let result = self.scope.prelude("Result");
        quote! {
            impl #ty {
                /// Checks the model's constraints on this input: every violation, with its path.
                /// Operations call this before encoding a request.
                pub fn validate(&self) -> #result<(), #error> {
                    let mut out = #violations::default();
                    #name(self, &#path::Root, &mut out);
                    out.finish()
                }
            }
        }
    }
}

/// One check of a value, as the constraints decide it: printed as statements, or as a row of
/// `validate_structure!` (see [`row`]).
enum Check {
    /// A method of `Violations` on the value at its path, and its other arguments
    /// (`chars`, `pattern`, `length_and_pattern`, `range`, `unique_by`); `tabular` when the
    /// arguments are short enough for a row.
    Call { method: proc_macro2::Ident, arguments: TokenStream, tabular: bool },
    /// `@length` on a blob's, list's or map's size: `min, max, unit`.
    Length(TokenStream),
    /// The validator of a structure or union.
    Nested(proc_macro2::Ident),
    /// The checks of each item of a list.
    Each { sparse: bool, checks: Vec<Check> },
    /// The checks of each key and value of a map.
    Entries { sensitive_key: bool, sparse: bool, keys: Vec<Check>, values: Vec<Check> },
}

impl Check {
    fn call(method: &str, arguments: TokenStream) -> Check {
        Check::Call { method: format_ident!("{method}"), arguments, tabular: true }
    }
}

/// Checks as a row of `validate_structure!` (`chars(Some(1), None), each(validate_ami)`), or
/// `None` where one does not fit a row (a sensitive map key, a sparse map, a long closure).
fn row(checks: &[Check]) -> Option<TokenStream> {
    let checks = checks
        .iter()
        .map(|check| {
            Some(match check {
                Check::Call { method, arguments, tabular: true } => quote!(#method(#arguments)),
                Check::Call { tabular: false, .. } => return None,
                Check::Length(arguments) => quote!(length(#arguments)),
                Check::Nested(function) => quote!(#function),
                Check::Each { sparse, checks } => {
                    let inner = row(checks)?;
                    if *sparse {
                        quote!(each_present(#inner))
                    } else {
                        quote!(each(#inner))
                    }
                }
                Check::Entries { sensitive_key: false, sparse: false, keys, values } if values.is_empty() => {
                    let keys = row(keys)?;
                    quote!(keys(#keys))
                }
                Check::Entries { sensitive_key: false, sparse: false, keys, values } => {
                    let (keys, values) = (row(keys)?, row(values)?);
                    quote!(entries([#keys], [#values]))
                }
                Check::Entries { .. } => return None,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(quote!(#(#checks),*))
}

fn bound_u64(bound: &Option<serde_json::Number>) -> TokenStream {
    let some = quote!(Some);
    match bound.as_ref().and_then(|n| n.as_u64()) {
        // Unsuffixed: the parameter's type (`Option<u64>`) decides.
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(#some(#n))
        }
        None => quote!(None),
    }
}

