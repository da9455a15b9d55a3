//! Emit stage: IR in, token streams out, one emitter per concern. This module holds the helpers
//! every emitter shares: identifiers, doc attributes and the Rust spelling of member types.

pub mod builders;
pub mod crate_root;
pub mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Member, Service, TypeKind, TypeRef};

/// An identifier from a name `naming` decided (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so they print as `///` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc]` attributes, one per line, so they print as `//!` comments.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #![doc = #lines] )* }
}

/// The path of a named type of a service: `crate::swf::types::WorkflowType`.
pub fn type_path(service: &Service, name: &str) -> TokenStream {
    let module = ident(&service.module);
    let name = ident(name);
    quote! { crate::#module::types::#name }
}

/// The path of a builder: `crate::swf::builders::WorkflowTypeBuilder`.
pub fn builder_path(service: &Service, type_name: &str) -> TokenStream {
    let module = ident(&service.module);
    let name = ident(&builder_name(type_name));
    quote! { crate::#module::builders::#name }
}

pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The Rust type of a value of `ty`, with absolute paths so shapes named `Option` or `String`
/// cannot shadow what the generated code means.
pub fn rust_type(service: &Service, ty: &TypeRef) -> TokenStream {
    match &ty.kind {
        TypeKind::Boolean => quote!(bool),
        TypeKind::Byte => quote!(i8),
        TypeKind::Short => quote!(i16),
        TypeKind::Integer => quote!(i32),
        TypeKind::Long => quote!(i64),
        TypeKind::Float => quote!(f32),
        TypeKind::Double => quote!(f64),
        TypeKind::BigInteger => quote!(crate::primitives::BigInteger),
        TypeKind::BigDecimal => quote!(crate::primitives::BigDecimal),
        TypeKind::String => quote!(::std::string::String),
        TypeKind::Blob => quote!(::std::vec::Vec<u8>),
        TypeKind::Timestamp => quote!(crate::primitives::DateTime),
        TypeKind::Document => quote!(crate::primitives::Document),
        TypeKind::Unit => quote!(()),
        TypeKind::Named => type_path(service, service.type_name(&ty.shape)),
        TypeKind::List { item, sparse } => {
            let item = optional_if(*sparse, rust_type(service, item));
            quote!(::std::vec::Vec<#item>)
        }
        TypeKind::Map { key, value, sparse } => {
            let key = rust_type(service, key);
            let value = optional_if(*sparse, rust_type(service, value));
            quote!(::std::collections::HashMap<#key, #value>)
        }
    }
}

fn optional_if(optional: bool, ty: TokenStream) -> TokenStream {
    if optional {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

/// The type a member has in its structure: boxed if it recurses, optional if it may be absent.
pub fn member_type(service: &Service, member: &Member) -> TokenStream {
    let ty = rust_type(service, &member.ty);
    let ty = if member.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
    optional_if(member.optional, ty)
}
