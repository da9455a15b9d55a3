//! Emit stage: a builder per structure (`src/<service>/builders.rs`). Structures are
//! `#[non_exhaustive]` so that a member added by a newer model does not break code that builds
//! them; builders are how such code creates them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{builder_name, doc_attrs, ident, Scope};
use crate::ir::{DefaultValue, Member, Service, Structure, TypeDef, TypeKind};
use crate::model::Json;

/// The items of a service's `builders` module.
pub fn module(service: &Service) -> Vec<TokenStream> {
    let structures: Vec<&Structure> = service
        .types
        .values()
        .filter_map(|def| match def {
            TypeDef::Structure(s) => Some(s),
            _ => None,
        })
        .collect();
    let scope = Scope::new(service, false, structures.iter().map(|s| builder_name(&s.name)));
    let mut items: Vec<TokenStream> = structures.iter().map(|s| builder(&scope, s)).collect();
    items.insert(0, scope.use_items());
    items
}

/// Whether `build()` cannot fail: no member is both present in the struct and without default.
pub fn infallible(s: &Structure) -> bool {
    s.members.iter().all(|m| m.optional || m.default.is_some())
}

fn builder(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let service = scope.service();
    let name = ident(&builder_name(&s.name));
    let target = scope.named(&s.name);
    let doc = format!(" A builder for [`{0}`](crate::{1}::types::{0}).", s.name, service.module);
    let option = scope.prelude("Option");
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let ty = scope.rust_type(&m.ty);
        quote! { #field: #option<#ty>, }
    });
    let setters = s.members.iter().map(|m| setter(scope, m));
    let values = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let value = built_value(scope, s, m);
        quote! { #field: #value, }
    });
    let build = if infallible(s) {
        quote! {
            /// Builds the value; members that were not set are absent or take their default.
            pub fn build(self) -> #target {
                #target { #(#values)* }
            }
        }
    } else {
        let result = scope.prelude("Result");
        let ok = scope.prelude("Ok");
        let error = scope.import("crate::error::BuildError");
        quote! {
            /// Builds the value, or says which required member was not set.
            pub fn build(self) -> #result<#target, #error> {
                #ok(#target { #(#values)* })
            }
        }
    };
    let builder_name = builder_name(&s.name);
    let sensitive = super::types::has_sensitive_members(s);
    let derive = if sensitive { quote!(#[derive(Clone, Default)]) } else { quote!(#[derive(Debug, Clone, Default)]) };
    let debug = sensitive.then(|| super::types::redacted_struct_debug(scope, &builder_name, s));
    quote! {
        #[doc = #doc]
        #derive
        pub struct #name { #(#fields)* }

        #debug

        impl #name {
            #(#setters)*
            #build
        }
    }
}

fn setter(scope: &Scope<'_>, m: &Member) -> TokenStream {
    let field = ident(&m.ident);
    let setter = ident(&m.setter);
    let set = ident(&format!("set_{}", crate::naming::bare(&m.ident)));
    let ty = scope.rust_type(&m.ty);
    let (option, some, into) = (scope.prelude("Option"), scope.prelude("Some"), scope.prelude("Into"));
    let doc = doc_attrs(&format!("Sets `{}`.", m.name));
    let set_doc = doc_attrs(&format!("Sets or clears `{}`.", m.name));
    quote! {
        #doc
        pub fn #setter(mut self, value: impl #into<#ty>) -> Self {
            self.#field = #some(value.into());
            self
        }

        #set_doc
        pub fn #set(mut self, value: #option<#ty>) -> Self {
            self.#field = value;
            self
        }
    }
}

/// How `build()` fills one member from the builder's `Option`.
fn built_value(scope: &Scope<'_>, s: &Structure, m: &Member) -> TokenStream {
    let field = ident(&m.ident);
    let value = quote!(self.#field);
    let boxed = scope.prelude("Box");
    match (&m.default, m.optional) {
        (_, true) if m.boxed => quote!(#value.map(#boxed::new)),
        (_, true) => value,
        (Some(default), false) => with_default(scope, value, default, m),
        (None, false) => {
            let shape = s.id.name();
            let member = &m.name;
            let error = scope.import("crate::error::BuildError");
            let missing = quote!(#value.ok_or_else(|| #error::missing(#shape, #member))?);
            if m.boxed {
                quote!(#boxed::new(#missing))
            } else {
                missing
            }
        }
    }
}

fn with_default(scope: &Scope<'_>, value: TokenStream, default: &DefaultValue, m: &Member) -> TokenStream {
    let zero = match default {
        DefaultValue::Bool(b) => !b,
        DefaultValue::Int(i) => *i == 0,
        DefaultValue::Float(f) => *f == 0.0 && f.is_sign_positive(),
        DefaultValue::String(s) => s.is_empty(),
        DefaultValue::EmptyBlob | DefaultValue::EmptyList | DefaultValue::EmptyMap => true,
        DefaultValue::Document(Json::Null) => true,
        _ => false,
    };
    if zero {
        return quote!(#value.unwrap_or_default());
    }
    let expr = match default {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(i) => int_literal(*i, &m.ty.kind),
        DefaultValue::Float(f) => float_literal(*f, &m.ty.kind),
        DefaultValue::String(s) => return quote!(#value.unwrap_or_else(|| #s.to_owned())),
        DefaultValue::EnumVariant(variant) => {
            let variant = ident(variant);
            let enumeration = scope.named(scope.service().type_name(&m.ty.shape));
            quote!(#enumeration::#variant)
        }
        DefaultValue::BigNumber(n) => {
            let path = if m.ty.kind == TypeKind::BigInteger { "crate::primitives::BigInteger" } else { "crate::primitives::BigDecimal" };
            let ty = scope.import(path);
            return quote!(#value.unwrap_or_else(|| #ty::from_checked(#n)));
        }
        DefaultValue::Timestamp(t) => {
            let date_time = scope.import("crate::primitives::DateTime");
            quote!(#date_time::from_secs(#t))
        }
        DefaultValue::Document(json) => {
            let document = document(scope, json);
            return quote!(#value.unwrap_or_else(|| #document));
        }
        DefaultValue::EmptyBlob | DefaultValue::EmptyList | DefaultValue::EmptyMap => unreachable!("handled as zero values"),
    };
    quote!(#value.unwrap_or(#expr))
}

fn int_literal(value: i64, kind: &TypeKind) -> TokenStream {
    let text = match kind {
        TypeKind::Byte => format!("{value}i8"),
        TypeKind::Short => format!("{value}i16"),
        TypeKind::Integer => format!("{value}i32"),
        _ => format!("{value}i64"),
    };
    text.parse().unwrap_or_else(|_| quote!(0))
}

fn float_literal(value: f64, kind: &TypeKind) -> TokenStream {
    let text = if *kind == TypeKind::Float { format!("{:?}f32", value as f32) } else { format!("{value:?}f64") };
    text.parse().unwrap_or_else(|_| quote!(0.0))
}

/// A `Document` literal for a document default.
fn document(scope: &Scope<'_>, json: &Json) -> TokenStream {
    let document = scope.import("crate::primitives::Document");
    match json {
        Json::Null => quote!(#document::Null),
        Json::Bool(b) => quote!(#document::Bool(#b)),
        Json::String(s) => quote!(#document::String(#s.to_owned())),
        Json::Number(n) => {
            let number = scope.import("crate::primitives::Number");
            let value = if let Some(u) = n.as_u64() {
                quote!(#number::PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                quote!(#number::NegInt(#i))
            } else {
                let f = n.as_f64().unwrap_or_default();
                quote!(#number::Float(#f))
            };
            quote!(#document::Number(#value))
        }
        Json::Array(_) => {
            let vec = scope.prelude("Vec");
            quote!(#document::Array(#vec::new()))
        }
        Json::Object(_) => {
            let map = scope.import("std::collections::BTreeMap");
            quote!(#document::Object(#map::new()))
        }
    }
}
