//! Emit stage: the Rust types of a service's shapes (`src/<service>/types.rs`): a struct per
//! structure, an enum per union, string enum and intEnum. Each keeps what a newer service may
//! send that this model does not know.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::layout::{self, Module};
use super::redact::{redacted_debug, redacted_struct_debug, redacted_union_debug};
use super::{doc_attrs, ident, Scope};
use crate::ir::{DefaultValue, Enum, EnumValue, Member, Service, Structure, TypeDef, TypeKind, Union};

/// The runtime's macro that writes a string enum's conversions.
pub const STRING_ENUM: &str = "crate::primitives::string_enum";
/// The runtime's macro that writes an intEnum's conversions.
pub const INT_ENUM: &str = "crate::primitives::int_enum";
/// The runtime's macro that gives an output structure its response metadata.
pub const RESPONSE_META: &str = "crate::http::response_meta";

/// The items of a service's `types` module.
pub fn module(service: &Service) -> Vec<TokenStream> {
    let scope = Scope::new(service, Module::Types, service.types.values().map(|t| t.name().to_owned()));
    let mut items: Vec<TokenStream> = service
        .types
        .values()
        .map(|def| match def {
            TypeDef::Structure(s) => structure(&scope, s),
            TypeDef::Union(u) => union(&scope, u),
            TypeDef::Enum(e) => enumeration(&scope, e),
        })
        .collect();
    items.insert(0, scope.use_items());
    items
}

/// The doc text of a member: its documentation, then what the reader must know about presence.
pub fn member_doc(member: &Member) -> String {
    let mut doc = member.doc.clone().unwrap_or_default();
    let mut note = |line: String| {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&line);
    };
    if member.traits.required {
        note("**Required.**".into());
    }
    if let Some(default) = &member.default {
        note(format!("**Default:** `{}`.", default_text(default)));
    }
    if member.traits.idempotency_token && member.optional {
        note("**Idempotency token:** left unset, it is filled with a random UUID when the request is encoded.".into());
    }
    if let Some(deprecated) = &member.traits.deprecated {
        let message = deprecated.message.as_deref().map(|m| format!(" {m}")).unwrap_or_default();
        note(format!("**Deprecated.**{message}"));
    }
    doc
}

fn default_text(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Float(f) => format!("{f:?}"),
        DefaultValue::String(s) => format!("{s:?}"),
        DefaultValue::EnumVariant(v) => v.clone(),
        DefaultValue::BigNumber(n) => n.clone(),
        DefaultValue::Timestamp(t) => format!("{t} (epoch seconds)"),
        DefaultValue::EmptyBlob | DefaultValue::EmptyList => "[]".into(),
        DefaultValue::Blob(bytes) => format!("{} bytes", bytes.len()),
        DefaultValue::EmptyMap => "{}".into(),
        DefaultValue::Document(_) => "a document".into(),
    }
}

fn type_doc(doc: &Option<String>, fallback: &str) -> TokenStream {
    doc_attrs(doc.as_deref().unwrap_or(fallback))
}

/// `#[derive(..)]` for a type; `Debug` is left out when the type writes its own, redacted one.
fn derive(sensitive: bool, extra: TokenStream) -> TokenStream {
    if sensitive {
        quote!(#[derive(Clone, PartialEq #extra)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq #extra)])
    }
}

fn structure(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let doc = type_doc(&s.doc, &fallback_structure_doc(scope, s));
    let fields = s.members.iter().map(|m| {
        let doc = doc_attrs(&member_doc(m));
        let field = ident(&m.ident);
        let ty = scope.member_type(m);
        quote! { #doc pub #field: #ty, }
    });
    let (meta_field, meta_accessor) = match &s.meta {
        Some(field) => {
            let field = ident(field);
            let meta = scope.import("crate::http::ResponseMeta");
            let response_meta = scope.import(RESPONSE_META);
            (Some(quote! { pub(crate) #field: #meta, }), Some(quote! { #response_meta!(#name, #field); }))
        }
        None => (None, None),
    };
    let builders = scope.import(&layout::path(scope.service(), Module::Builders));
    let builder = ident(&crate::naming::builder(&s.name));
    let sensitive = s.has_sensitive_members();
    // With every member optional, the builder's defaults are the derived ones (all absent).
    let derives_default = s.all_optional();
    let derive = derive(sensitive, if derives_default { quote!(, Default) } else { quote!() });
    let debug = sensitive.then(|| redacted_struct_debug(scope, &s.name, s));
    // A structure whose builder cannot fail defaults to what an empty builder builds.
    let default = (s.infallible() && !derives_default).then(|| quote!(, Default));
    let builder_macro = scope.import("crate::error::builder");
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub struct #name { #(#fields)* #meta_field }

        #builder_macro!(#name => #builders::#builder #default);
        #meta_accessor
        #debug
    }
}

/// For a structure without docs, what it is for: the operations that take or return it.
fn fallback_structure_doc(scope: &Scope<'_>, s: &Structure) -> String {
    let roles: Vec<String> = scope
        .service()
        .operations
        .iter()
        .flat_map(|op| {
            let input = (op.input.as_ref() == Some(&s.id)).then(|| format!("The input of `{}`.", op.name));
            let output = (op.output.as_ref() == Some(&s.id)).then(|| format!("The output of `{}`.", op.name));
            input.into_iter().chain(output)
        })
        .collect();
    if roles.is_empty() {
        format!("The `{}` structure.", s.id.name())
    } else {
        roles.join(" ")
    }
}


fn union(scope: &Scope<'_>, u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let doc = type_doc(&u.doc, &format!("The `{}` union: exactly one of its members.", u.id.name()));
    let variants = u.members.iter().map(|m| {
        let doc = doc_attrs(&member_doc(m));
        let variant = ident(&m.ident);
        if m.ty.kind == TypeKind::Unit {
            quote! { #doc #variant, }
        } else {
            let ty = scope.member_type(m);
            quote! { #doc #variant(#ty), }
        }
    });
    let unknown = ident(&u.unknown);
    let unknown_type = scope.import("crate::primitives::UnknownVariant");
    let sensitive_members = u.members.iter().any(|m| m.sensitive);
    let derive = derive(u.traits.sensitive || sensitive_members, quote!());
    let debug = if u.traits.sensitive {
        Some(redacted_debug(scope, &name))
    } else {
        sensitive_members.then(|| redacted_union_debug(scope, u))
    };
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member that this version of the model does not define, as the service sent it.
            #unknown(#unknown_type),
        }

        #debug
    }
}


fn enumeration(scope: &Scope<'_>, e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let doc = type_doc(&e.doc, &format!("The `{}` enum.", e.id.name()));
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let value = match &v.value {
            EnumValue::String(s) => format!("`{s}`"),
            EnumValue::Int(i) => format!("`{i}`"),
        };
        let mut text = v.doc.clone().map(|d| format!("{d}\n\n")).unwrap_or_default();
        text.push_str(&format!("The value {value}."));
        if v.deprecated {
            text.push_str("\n\n**Deprecated.**");
        }
        let doc = doc_attrs(&text);
        let variant = ident(&v.name);
        quote! { #doc #variant, }
    });
    let idents: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let derive = derive(e.traits.sensitive, quote!(, Eq, Hash, PartialOrd, Ord));
    let debug = e.traits.sensitive.then(|| redacted_debug(scope, &name));
    let conversions = enum_impls(scope, e, &idents);
    let unknown_type =
        if e.int { scope.import("crate::primitives::UnknownIntValue") } else { scope.import("crate::primitives::UnknownValue") };
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value that this version of the model does not list. Create it with `From`, which
            /// returns the named variant for a known value.
            #unknown(#unknown_type),
        }

        #conversions
        #debug
    }
}

/// A string enum's or intEnum's conversions: the runtime's `string_enum!` or `int_enum!` with
/// each variant and its value.
fn enum_impls(scope: &Scope<'_>, e: &Enum, idents: &[Ident]) -> TokenStream {
    let name = ident(&e.name);
    let values = e.variants.iter().map(|v| match &v.value {
        EnumValue::String(s) => proc_macro2::Literal::string(s),
        EnumValue::Int(i) => proc_macro2::Literal::i64_unsuffixed(*i),
    });
    let conversions = scope.import(if e.int { INT_ENUM } else { STRING_ENUM });
    quote!(#conversions!(#name #(, #idents = #values)*);)
}
