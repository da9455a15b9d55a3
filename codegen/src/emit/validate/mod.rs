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
    /// variants).
    fn structure(&self, type_name: &str, members: &[Member], union: bool) -> TokenStream {
        let name = fn_name(type_name);
        let ty = self.scope.named(type_name);
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
                    let checks = self.value_checks(Some(m), &m.ty, quote!(v), quote!(&member_path));
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

    fn member_checks(&self, m: &Member) -> TokenStream {
        let field = ident(&m.ident);
        let label = &m.name;
        let checks = self.value_checks(Some(m), &m.ty, quote!(v), quote!(&member_path));
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

    /// The checks of one value `v` (a reference) at `path`, inner values included.
    fn value_checks(&self, member: Option<&Member>, ty: &TypeRef, v: TokenStream, path: TokenStream) -> TokenStream {
        let service = self.scope.service();
        let c = constraints(&service.shape_traits, member, ty);
        let mut checks = Vec::new();
        // A string of the wrong length is not also matched against its pattern (see
        // `Violations::length_and_pattern`).
        let mut pattern = c.pattern.and_then(|p| self.validation.pattern(p));
        if let (Some(length), Some(check), TypeKind::String) = (c.length, pattern, &ty.kind) {
            let (min, max, name) = (bound_u64(&length.min), bound_u64(&length.max), format_ident!("{}", check.name));
            checks.push(quote!(out.length_and_pattern(#path, #v, #min, #max, &#name);));
            pattern = None;
        } else if let Some(length) = c.length {
            let (min, max) = (bound_u64(&length.min), bound_u64(&length.max));
            let counted = match &ty.kind {
                TypeKind::String => {
                    checks.push(quote!(out.chars(#path, #v, #min, #max);));
                    None
                }
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
                checks.push(quote! {
                    let number: f64 = #value;
                    if #test {
                        out.out_of_range(#path, #min_text, #max_text, #found);
                    }
                });
            }
        }
        if let Some(check) = pattern {
            let name = format_ident!("{}", check.name);
            checks.push(quote!(out.pattern(#path, #v, &#name);));
        }
        if let (true, TypeKind::List { item, sparse }) = (c.unique, &ty.kind) {
            let key = self.unique_key(item, *sparse);
            checks.push(quote!(out.unique_by(#path, #v, #key);));
        }
        let path_type = self.scope.import("crate::validation::Path");
        match &ty.kind {
            TypeKind::Named if self.validation.checked.contains(&ty.shape) => {
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
                // A `@sensitive` key stays out of the path.
                let key_sensitive = service.shape_traits.get(&key.shape).is_some_and(|t| t.sensitive);
                let key_path = if key_sensitive { quote!(#path_type::SensitiveKey(#path)) } else { quote!(#path_type::key(#path, key.as_str())) };
                let key_checks = self.value_checks(None, key, quote!(key), quote!(&item_path));
                let value_checks = self.value_checks(None, value, quote!(item), quote!(&item_path));
                if !value_checks.is_empty() {
                    let value_checks = if *sparse {
                        let some = self.scope.prelude("Some");
                        quote!(if let #some(item) = item { #value_checks })
                    } else {
                        value_checks
                    };
                    let key_binding = if key_sensitive && key_checks.is_empty() { quote!(_) } else { quote!(key) };
                    checks.push(quote! {
                        for (#key_binding, item) in #v.iter() {
                            let item_path = #key_path;
                            #key_checks
                            #value_checks
                        }
                    });
                } else if !key_checks.is_empty() {
                    checks.push(quote! {
                        for key in #v.keys() {
                            let item_path = #key_path;
                            #key_checks
                        }
                    });
                }
            }
            _ => {}
        }
        quote!(#(#checks)*)
    }

    /// What `@uniqueItems` compares list items by: the item itself where it is ordered, the
    /// bits of a float (as Java's `Double.equals` compares), else the item's JSON text.
    fn unique_key(&self, item: &TypeRef, sparse: bool) -> TokenStream {
        let service = self.scope.service();
        let ordered = match &item.kind {
            TypeKind::String | TypeKind::Blob | TypeKind::Boolean | TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => true,
            TypeKind::Timestamp | TypeKind::BigInteger | TypeKind::BigDecimal => true,
            TypeKind::Named => matches!(service.types.get(&item.shape), Some(TypeDef::Enum(_))),
            _ => false,
        };
        if ordered {
            return quote!(|item| item);
        }
        if matches!(item.kind, TypeKind::Float | TypeKind::Double) {
            return if sparse { quote!(|item| item.map(|f| f.to_bits())) } else { quote!(|item| item.to_bits()) };
        }
        let writer = self.scope.import("crate::json::Writer");
        let value = if sparse { quote!(item.as_ref()) } else { quote!(Some(item)) };
        let write = super::serde::write_value(self.scope, item, quote!(item), crate::ir::traits::TimestampFormat::EpochSeconds);
        quote!(|item| {
            let mut writer = #writer::new();
            let w = &mut writer;
            if let Some(item) = #value {
                #write
            }
            // A value that cannot be written fails the request anyway.
            writer.finish().ok()
        })
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
        // Unsuffixed: the parameter's type (`Option<u64>`) decides.
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(#some(#n))
        }
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
