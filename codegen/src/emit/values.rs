//! Emit stage: Rust expressions for values the model defines rather than the user: `@default`
//! values, and the zero values a parser fills in for a required member a response left out
//! (Smithy lets clients do so rather than fail the whole response). Shared by the builders and
//! the parsers.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Scope};
use crate::ir::{DefaultValue, Member, TypeDef, TypeKind, TypeRef};
use crate::model::Json;

/// `value.unwrap_or(...)` with the member's default.
pub fn fill_default(scope: &Scope<'_>, value: TokenStream, default: &DefaultValue, m: &Member) -> TokenStream {
    let call = default_fill(scope, default, m).unwrap_or_else(|| quote!(unwrap_or_default()));
    quote!(#value.#call)
}

/// The call that fills an absent `Option` with the member's default (`unwrap_or(5i32)`), or
/// `None` when that is its type's default (`unwrap_or_default()`).
pub fn default_fill(scope: &Scope<'_>, default: &DefaultValue, m: &Member) -> Option<TokenStream> {
    if is_type_default(default) {
        return None;
    }
    let expr = default_expr(scope, default, m);
    let cheap = matches!(default, DefaultValue::Bool(_) | DefaultValue::Int(_) | DefaultValue::Float(_) | DefaultValue::EnumVariant(_))
        || matches!(default, DefaultValue::Document(Json::Null | Json::Bool(_) | Json::Number(_)));
    Some(if cheap {
        quote!(unwrap_or(#expr))
    } else {
        quote!(unwrap_or_else(|| #expr))
    })
}

/// `value.unwrap_or_else(...)` with the zero value of the member's type.
pub fn fill_zero(scope: &Scope<'_>, value: TokenStream, ty: &TypeRef) -> TokenStream {
    let call = zero_fill(scope, ty).unwrap_or_else(|| quote!(unwrap_or_default()));
    quote!(#value.#call)
}

/// The call that fills an absent `Option` with the zero value of its type
/// (`unwrap_or_else(zero_ami)`), or `None` when that is the type's default
/// (`unwrap_or_default()`).
pub fn zero_fill(scope: &Scope<'_>, ty: &TypeRef) -> Option<TokenStream> {
    let service = scope.service();
    if let Some(TypeDef::Structure(s)) = service.types.get(&ty.shape).filter(|_| ty.kind == TypeKind::Named) {
        if !s.infallible() {
            let zero = scope.zero_fn(&s.name);
            return Some(quote!(unwrap_or_else(#zero)));
        }
    }
    zero_expr(scope, ty).map(|expr| quote!(unwrap_or_else(|| #expr)))
}

/// Whether a default equals its type's `Default`, so `unwrap_or_default` fills it.
fn is_type_default(default: &DefaultValue) -> bool {
    match default {
        DefaultValue::Bool(b) => !b,
        DefaultValue::Int(i) => *i == 0,
        DefaultValue::Float(f) => *f == 0.0 && f.is_sign_positive(),
        DefaultValue::String(s) => s.is_empty(),
        DefaultValue::Timestamp(t) => *t == 0,
        DefaultValue::EmptyBlob | DefaultValue::EmptyList | DefaultValue::EmptyMap => true,
        DefaultValue::Document(Json::Null) => true,
        DefaultValue::Blob(bytes) => bytes.is_empty(),
        DefaultValue::EnumVariant(_) | DefaultValue::BigNumber(_) | DefaultValue::Document(_) => false,
    }
}

/// The default as a value of the member's type.
pub fn default_expr(scope: &Scope<'_>, default: &DefaultValue, m: &Member) -> TokenStream {
    match default {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(i) => int_literal(*i, &m.ty.kind),
        DefaultValue::Float(f) => float_literal(*f, &m.ty.kind),
        DefaultValue::String(s) => quote!(#s.to_owned()),
        DefaultValue::EnumVariant(variant) => {
            let variant = ident(variant);
            let enumeration = scope.named(scope.service().type_name(&m.ty.shape));
            quote!(#enumeration::#variant)
        }
        DefaultValue::BigNumber(n) => {
            let path = if m.ty.kind == TypeKind::BigInteger { "crate::primitives::BigInteger" } else { "crate::primitives::BigDecimal" };
            let ty = scope.import(path);
            quote!(#ty::from_checked(#n))
        }
        DefaultValue::Timestamp(t) => {
            let date_time = scope.import("crate::primitives::DateTime");
            quote!(#date_time::from_secs(#t))
        }
        DefaultValue::Document(json) => document(scope, json),
        DefaultValue::Blob(bytes) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(#bytes.to_vec())
        }
        DefaultValue::EmptyBlob | DefaultValue::EmptyList | DefaultValue::EmptyMap => {
            let default = scope.prelude("Default");
            quote!(#default::default())
        }
    }
}

/// The zero value of a type, or `None` when it is the type's `Default`.
pub fn zero_expr(scope: &Scope<'_>, ty: &TypeRef) -> Option<TokenStream> {
    if ty.kind != TypeKind::Named {
        return None;
    }
    let service = scope.service();
    let name = scope.named(service.type_name(&ty.shape));
    match service.types.get(&ty.shape)? {
        TypeDef::Enum(e) if e.int => Some(quote!(#name::from(0))),
        TypeDef::Enum(_) => Some(quote!(#name::from(""))),
        TypeDef::Union(u) => {
            let unknown = ident(&u.unknown);
            let variant = scope.import("crate::primitives::UnknownVariant");
            let document = scope.import("crate::primitives::Document");
            Some(quote!(#name::#unknown(#variant::new("", #document::Null))))
        }
        TypeDef::Structure(s) if s.infallible() => None,
        TypeDef::Structure(s) => {
            let zero = scope.zero_fn(&s.name);
            Some(quote!(#zero()))
        }
    }
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
