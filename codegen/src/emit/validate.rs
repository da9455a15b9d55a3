//! Emit stage: validators (`src/<service>/validate.rs`, compiled with the crate's default
//! `validate` feature): for every structure and union an operation input reaches, a function
//! that checks the model's constraint traits (`@required`, `@length`, `@range`, `@pattern`,
//! `@uniqueItems`) on it and everything inside it, and `validate()` on each operation input.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, Scope};
use crate::ir::traits::Bounds;
use crate::ir::{Member, Service, TypeDef, TypeKind, TypeRef};
use crate::model::ShapeId;
use crate::naming;

/// What a service validates, worked out once: the types with something to check and the
/// patterns they use.
pub struct Validators<'a> {
    service: &'a Service,
    checked: BTreeSet<ShapeId>,
    patterns: Patterns,
}

impl<'a> Validators<'a> {
    pub fn new(service: &'a Service) -> Self {
        let checked = checked_types(service);
        let patterns = Patterns::collect(service, &checked);
        Validators { service, checked, patterns }
    }

    /// Whether the service has validators at all (and so a `validate` module).
    pub fn any(&self) -> bool {
        !self.checked.is_empty()
    }

    /// Whether an operation input is checked (so its requests call `validate()` first).
    pub fn validates(&self, input: &ShapeId) -> bool {
        self.checked.contains(input)
    }

    /// Whether a validator checks a `@pattern`, so the crate needs the regular-expression engine.
    pub fn uses_patterns(&self) -> bool {
        !self.patterns.0.is_empty()
    }

    /// The items of the service's `validate` module.
    pub fn module(&self) -> Vec<TokenStream> {
        let service = self.service;
        let scope = Scope::new(service, false, Vec::new());
        let cx = Cx { scope: &scope, checked: &self.checked, patterns: &self.patterns };
        let mut items = Vec::new();
        for id in &self.checked {
            match service.types.get(id) {
                Some(TypeDef::Structure(s)) => items.push(cx.structure(&s.name, &s.members, false)),
                Some(TypeDef::Union(u)) => items.push(cx.structure(&u.name, &u.members, true)),
                _ => {}
            }
        }
        for op in &service.operations {
            if let Some(input) = op.input.as_ref().filter(|id| self.checked.contains(*id)) {
                items.push(cx.entry_point(service.type_name(input)));
            }
        }
        items.push(self.patterns.items(&scope));
        items.insert(0, scope.use_items());
        items
    }
}

fn fn_name(type_name: &str) -> proc_macro2::Ident {
    format_ident!("validate_{}", naming::snake(type_name))
}

/// The constraints that apply to a value: the member's traits, else its target's.
struct Constraints<'a> {
    length: Option<&'a Bounds>,
    range: Option<&'a Bounds>,
    pattern: Option<&'a str>,
    unique: bool,
}

fn constraints<'a>(service: &'a Service, member: Option<&'a Member>, ty: &TypeRef) -> Constraints<'a> {
    let target = service.shape_traits.get(&ty.shape);
    let pick = |f: fn(&crate::ir::Traits) -> Option<&Bounds>| member.and_then(|m| f(&m.traits)).or_else(|| target.and_then(f));
    Constraints {
        length: pick(|t| t.length.as_ref()),
        range: pick(|t| t.range.as_ref()),
        pattern: member.and_then(|m| m.traits.pattern.as_deref()).or_else(|| target.and_then(|t| t.pattern.as_deref())),
        unique: member.is_some_and(|m| m.traits.unique_items) || target.is_some_and(|t| t.unique_items),
    }
}

impl Constraints<'_> {
    fn any(&self) -> bool {
        self.length.is_some() || self.range.is_some() || self.pattern.is_some() || self.unique
    }
}

/// The structures and unions inputs reach that have something to check, directly or inside.
fn checked_types(service: &Service) -> BTreeSet<ShapeId> {
    let members = |id: &ShapeId| -> Vec<&Member> {
        match service.types.get(id) {
            Some(TypeDef::Structure(s)) => s.members.iter().collect(),
            Some(TypeDef::Union(u)) => u.members.iter().collect(),
            _ => Vec::new(),
        }
    };
    // A fixed point: a type is checked if a member has a constraint, or reaches a checked type.
    let mut checked = BTreeSet::new();
    loop {
        let before = checked.len();
        for id in &service.validated {
            if checked.contains(id) {
                continue;
            }
            let needs = members(id).iter().any(|m| {
                (m.traits.required && m.optional) || constraints(service, Some(m), &m.ty).any() || inner_checks(service, &m.ty, &checked)
            });
            if needs {
                checked.insert(id.clone());
            }
        }
        if checked.len() == before {
            return checked;
        }
    }
}

/// Whether something inside a value of `ty` (list items, map keys and values, a nested type)
/// is checked.
fn inner_checks(service: &Service, ty: &TypeRef, checked: &BTreeSet<ShapeId>) -> bool {
    match &ty.kind {
        TypeKind::Named => checked.contains(&ty.shape),
        TypeKind::List { item, .. } => constraints(service, None, item).any() || inner_checks(service, item, checked),
        TypeKind::Map { key, value, .. } => {
            constraints(service, None, key).any() || constraints(service, None, value).any() || inner_checks(service, value, checked)
        }
        _ => false,
    }
}

/// Each distinct pattern, compiled once, lazily, by a function of its own.
struct Patterns(BTreeMap<String, proc_macro2::Ident>);

impl Patterns {
    fn collect(service: &Service, checked: &BTreeSet<ShapeId>) -> Self {
        let mut found = BTreeSet::new();
        let mut add = |c: Constraints<'_>| found.extend(c.pattern.map(str::to_owned));
        fn walk(service: &Service, ty: &TypeRef, add: &mut dyn FnMut(Constraints<'_>)) {
            match &ty.kind {
                TypeKind::List { item, .. } => {
                    add(constraints(service, None, item));
                    walk(service, item, add);
                }
                TypeKind::Map { key, value, .. } => {
                    add(constraints(service, None, key));
                    add(constraints(service, None, value));
                    walk(service, value, add);
                }
                _ => {}
            }
        }
        for id in checked {
            let members = match service.types.get(id) {
                Some(TypeDef::Structure(s)) => &s.members,
                Some(TypeDef::Union(u)) => &u.members,
                _ => continue,
            };
            for m in members {
                add(constraints(service, Some(m), &m.ty));
                walk(service, &m.ty, &mut add);
            }
        }
        Patterns(found.into_iter().enumerate().map(|(i, p)| (p, format_ident!("pattern_{}", i + 1))).collect())
    }

    fn items(&self, scope: &Scope<'_>) -> TokenStream {
        if self.0.is_empty() {
            return quote!();
        }
        let regex = scope.import("regress::Regex");
        let lock = scope.import("std::sync::OnceLock");
        let functions = self.0.iter().map(|(pattern, name)| {
            let doc = format!(" `{pattern}`, compiled on first use.");
            quote! {
                #[doc = #doc]
                fn #name() -> &'static #regex {
                    static PATTERN: #lock<#regex> = #lock::new();
                    // The generator compiled this pattern with the same engine before emitting it.
                    PATTERN.get_or_init(|| #regex::with_flags(#pattern, "").expect("pattern checked when the code was generated"))
                }
            }
        });
        quote! {
            #(#functions)*

            /// Whether `text` holds a match, as JavaScript's `RegExp.test` answers: over UTF-16
            /// code units, anywhere unless the pattern is anchored.
            fn matches(pattern: &#regex, text: &str) -> bool {
                // ASCII text is its own UTF-16: matched in place, without a copy.
                if text.is_ascii() {
                    return pattern.find_ascii(text).is_some();
                }
                let units: Vec<u16> = text.encode_utf16().collect();
                pattern.find_from_ucs2(&units, 0).next().is_some()
            }
        }
    }
}

struct Cx<'a> {
    scope: &'a Scope<'a>,
    checked: &'a BTreeSet<ShapeId>,
    patterns: &'a Patterns,
}

impl Cx<'_> {
    /// `fn validate_x(value, path, out)` for a structure (or a union, whose members are
    /// variants).
    fn structure(&self, type_name: &str, members: &[Member], union: bool) -> TokenStream {
        let name = fn_name(type_name);
        let ty = self.scope.named(type_name);
        let path_ty = self.scope.import("crate::validation::Path");
        let violations = self.scope.import("crate::validation::Violations");
        let body = if union {
            let arms = members.iter().map(|m| {
                let variant = ident(&m.ident);
                let label = &m.name;
                let checks = self.value_checks(Some(m), &m.ty, quote!(v), quote!(&path.member(#label)));
                if m.ty.kind == TypeKind::Unit {
                    quote!(#ty::#variant => {})
                } else if checks.is_empty() {
                    quote!(#ty::#variant(_) => {})
                } else {
                    quote!(#ty::#variant(v) => { #checks })
                }
            });
            quote!(match value { #(#arms)* _ => {} })
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

    fn member_checks(&self, m: &Member) -> TokenStream {
        let field = ident(&m.ident);
        let label = &m.name;
        let checks = self.value_checks(Some(m), &m.ty, quote!(v), quote!(&member_path));
        let required = m.traits.required && m.optional;
        if checks.is_empty() && !required {
            return quote!();
        }
        let constraint = || self.scope.import("crate::validation::Constraint");
        let some = self.scope.prelude("Some");
        let body = match (m.optional, required, checks.is_empty()) {
            (false, _, _) => quote! {
                let v = &value.#field;
                #checks
            },
            (true, true, true) => {
                let constraint = constraint();
                quote! {
                if value.#field.is_none() {
                    out.add(&member_path, #constraint::Required);
                }
                }
            }
            (true, true, false) => {
                let constraint = constraint();
                quote! {
                match &value.#field {
                    #some(v) => { #checks }
                    None => out.add(&member_path, #constraint::Required),
                }
                }
            }
            (true, false, _) => quote! {
                if let #some(v) = &value.#field {
                    #checks
                }
            },
        };
        quote! {
            {
                let member_path = path.member(#label);
                #body
            }
        }
    }

    /// The checks of one value `v` (a reference) at `path`, inner values included.
    fn value_checks(&self, member: Option<&Member>, ty: &TypeRef, v: TokenStream, path: TokenStream) -> TokenStream {
        let service = self.scope.service();
        let c = constraints(service, member, ty);
        // Imported where used, so a validator that only recurses does not import it.
        let constraint = || self.scope.import("crate::validation::Constraint");
        let mut checks = Vec::new();
        if let Some(length) = c.length {
            let (min, max) = (bound_u64(&length.min), bound_u64(&length.max));
            let counted = match &ty.kind {
                TypeKind::String => Some((quote!(#v.chars().count()), "characters")),
                TypeKind::Blob => Some((quote!(#v.len()), "bytes")),
                TypeKind::List { .. } => Some((quote!(#v.len()), "items")),
                TypeKind::Map { .. } => Some((quote!(#v.len()), "entries")),
                _ => None,
            };
            if let Some((count, unit)) = counted {
                checks.push(quote!(out.length(#path, #count, #min, #max, #unit);));
            }
        }
        if let Some(range) = c.range {
            let (min_text, max_text) = (option_str(&range.min), option_str(&range.max));
            let value = match &ty.kind {
                TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => Some(quote!(*#v as f64)),
                TypeKind::Float => Some(quote!(f64::from(*#v))),
                TypeKind::Double => Some(quote!(*#v)),
                TypeKind::BigInteger | TypeKind::BigDecimal => Some(quote!(#v.as_str().parse::<f64>().unwrap_or(f64::NAN))),
                _ => None,
            };
            if let Some(value) = value {
                let min = range.min.as_ref().and_then(|n| n.as_f64());
                let max = range.max.as_ref().and_then(|n| n.as_f64());
                let test = match (min, max) {
                    (Some(min), Some(max)) => quote!(!(#min..=#max).contains(&number)),
                    (Some(min), None) => quote!(number < #min),
                    (None, Some(max)) => quote!(number > #max),
                    (None, None) => quote!(false),
                };
                let sensitive = member.is_some_and(|m| m.sensitive) || service.shape_traits.get(&ty.shape).is_some_and(|t| t.sensitive);
                let found = if sensitive { quote!(None) } else { quote!(Some(#v.to_string())) };
                let constraint = constraint();
                checks.push(quote! {
                    let number: f64 = #value;
                    if #test {
                        out.add(#path, #constraint::Range { min: #min_text, max: #max_text, found: #found });
                    }
                });
            }
        }
        if let (Some(pattern), TypeKind::String) = (c.pattern, &ty.kind) {
            let function = &self.patterns.0[pattern];
            let constraint = constraint();
            checks.push(quote! {
                if !matches(#function(), #v) {
                    out.add(#path, #constraint::Pattern { pattern: #pattern });
                }
            });
        }
        if c.unique {
            if let TypeKind::List { .. } = ty.kind {
                checks.push(quote!(out.unique(#path, #v);));
            }
        }
        let path_type = self.scope.import("crate::validation::Path");
        match &ty.kind {
            TypeKind::Named if self.checked.contains(&ty.shape) => {
                let function = fn_name(service.type_name(&ty.shape));
                checks.push(quote!(#function(#v, #path, out);));
            }
            TypeKind::List { item, sparse } => {
                let inner = self.value_checks(None, item, quote!(item), quote!(&item_path));
                if !inner.is_empty() {
                    let inner = if *sparse {
                        let some = self.scope.prelude("Some");
                        quote!(if let #some(item) = item { #inner })
                    } else {
                        inner
                    };
                    checks.push(quote! {
                        for (index, item) in #v.iter().enumerate() {
                            let item_path = #path_type::index(#path, index);
                            #inner
                        }
                    });
                }
            }
            TypeKind::Map { key, value, sparse } => {
                let key_checks = self.value_checks(None, key, quote!(key), quote!(&item_path));
                let value_checks = self.value_checks(None, value, quote!(item), quote!(&item_path));
                if !value_checks.is_empty() {
                    let value_checks = if *sparse {
                        let some = self.scope.prelude("Some");
                        quote!(if let #some(item) = item { #value_checks })
                    } else {
                        value_checks
                    };
                    checks.push(quote! {
                        for (key, item) in #v.iter() {
                            let item_path = #path_type::key(#path, key.as_str());
                            #key_checks
                            #value_checks
                        }
                    });
                } else if !key_checks.is_empty() {
                    checks.push(quote! {
                        for key in #v.keys() {
                            let item_path = #path_type::key(#path, key.as_str());
                            #key_checks
                        }
                    });
                }
            }
            _ => {}
        }
        quote!(#(#checks)*)
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

fn bound_u64(bound: &Option<serde_json::Number>) -> TokenStream {
    let some = quote!(Some);
    match bound.as_ref().and_then(|n| n.as_u64()) {
        Some(n) => quote!(#some(#n)),
        None => quote!(None),
    }
}

fn option_str(bound: &Option<serde_json::Number>) -> TokenStream {
    match bound {
        Some(n) => {
            let text = n.to_string();
            quote!(Some(#text))
        }
        None => quote!(None),
    }
}
