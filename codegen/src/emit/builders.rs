//! Emit stage: a builder per structure (`src/<service>/builders.rs`). Structures are
//! `#[non_exhaustive]` so that a member added by a newer model does not break code that builds
//! them; builders are how such code creates them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{builder_name, doc_attrs, ident, rust_type, type_path};
use crate::ir::{DefaultValue, Member, Service, Structure, TypeDef, TypeKind};
use crate::model::Json;

/// The whole `builders` module of a service.
pub fn module(service: &Service) -> TokenStream {
    let items = service.types.values().filter_map(|def| match def {
        TypeDef::Structure(s) => Some(builder(service, s)),
        _ => None,
    });
    quote! { #(#items)* }
}

/// Whether `build()` cannot fail: no member is both present in the struct and without default.
pub fn infallible(s: &Structure) -> bool {
    s.members.iter().all(|m| m.optional || m.default.is_some())
}

fn builder(service: &Service, s: &Structure) -> TokenStream {
    let name = ident(&builder_name(&s.name));
    let target = type_path(service, &s.name);
    let doc = format!(" A builder for [`{0}`]({1}).", s.name, target.to_string().replace(' ', ""));
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let ty = rust_type(service, &m.ty);
        quote! { #field: ::std::option::Option<#ty>, }
    });
    let setters = s.members.iter().map(|m| setter(service, m));
    let values = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let value = built_value(service, s, m);
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
        quote! {
            /// Builds the value, or says which required member was not set.
            pub fn build(self) -> ::std::result::Result<#target, crate::error::BuildError> {
                ::std::result::Result::Ok(#target { #(#values)* })
            }
        }
    };
    let builder_name = builder_name(&s.name);
    let sensitive = super::types::has_sensitive_members(s);
    let derive = if sensitive { quote!(#[derive(Clone, Default)]) } else { quote!(#[derive(Debug, Clone, Default)]) };
    let debug = sensitive.then(|| super::types::redacted_struct_debug(&builder_name, s));
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

fn setter(service: &Service, m: &Member) -> TokenStream {
    let field = ident(&m.ident);
    let setter = ident(&m.setter);
    let set = ident(&format!("set_{}", crate::naming::bare(&m.ident)));
    let ty = rust_type(service, &m.ty);
    let doc = doc_attrs(&format!("Sets `{}`.", m.name));
    let set_doc = doc_attrs(&format!("Sets or clears `{}`.", m.name));
    quote! {
        #doc
        pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#field = ::std::option::Option::Some(value.into());
            self
        }

        #set_doc
        pub fn #set(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.#field = value;
            self
        }
    }
}

/// How `build()` fills one member from the builder's `Option`.
fn built_value(service: &Service, s: &Structure, m: &Member) -> TokenStream {
    let field = ident(&m.ident);
    let value = quote!(self.#field);
    match (&m.default, m.optional) {
        (_, true) if m.boxed => quote!(#value.map(::std::boxed::Box::new)),
        (_, true) => value,
        (Some(default), false) => with_default(service, value, default, m),
        (None, false) => {
            let shape = s.id.name();
            let member = &m.name;
            let missing = quote!(#value.ok_or_else(|| crate::error::BuildError::missing(#shape, #member))?);
            if m.boxed {
                quote!(::std::boxed::Box::new(#missing))
            } else {
                missing
            }
        }
    }
}

fn with_default(service: &Service, value: TokenStream, default: &DefaultValue, m: &Member) -> TokenStream {
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
            let enumeration = type_path(service, service.type_name(&m.ty.shape));
            return quote!(#value.unwrap_or(#enumeration::#variant));
        }
        DefaultValue::BigNumber(n) => {
            let ty = if m.ty.kind == TypeKind::BigInteger { quote!(BigInteger) } else { quote!(BigDecimal) };
            return quote!(#value.unwrap_or_else(|| crate::primitives::#ty::from_checked(#n)));
        }
        DefaultValue::Timestamp(t) => return quote!(#value.unwrap_or(crate::primitives::DateTime::from_secs(#t))),
        DefaultValue::Document(json) => {
            let document = document(json);
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
fn document(json: &Json) -> TokenStream {
    let document = quote!(crate::primitives::Document);
    match json {
        Json::Null => quote!(#document::Null),
        Json::Bool(b) => quote!(#document::Bool(#b)),
        Json::String(s) => quote!(#document::String(#s.to_owned())),
        Json::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                quote!(crate::primitives::Number::PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                quote!(crate::primitives::Number::NegInt(#i))
            } else {
                let f = n.as_f64().unwrap_or_default();
                quote!(crate::primitives::Number::Float(#f))
            };
            quote!(#document::Number(#number))
        }
        Json::Array(_) => quote!(#document::Array(::std::vec::Vec::new())),
        Json::Object(_) => quote!(#document::Object(::std::collections::BTreeMap::new())),
    }
}
