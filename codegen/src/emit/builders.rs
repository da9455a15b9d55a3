//! Emit stage: a builder per structure (`src/<service>/builders.rs`). Structures are
//! `#[non_exhaustive]` so that a member added by a newer model does not break code that builds
//! them; builders are how such code creates them.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Module;
use super::{ident, Scope};
use crate::ir::{Member, Service, Structure, TypeDef};
use crate::naming;

/// The runtime's macro that writes a builder type and its members' setters.
pub const BUILDER_STRUCT: &str = "crate::error::builder_struct";

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
    let scope = Scope::new(service, Module::Builders, structures.iter().map(|s| naming::builder(&s.name)));
    let mut items: Vec<TokenStream> = structures.iter().map(|s| builder(&scope, s)).collect();
    items.insert(0, scope.use_items());
    items
}

fn builder(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let name = ident(&naming::builder(&s.name));
    let target = scope.named(&s.name);
    let builder_struct = scope.import(BUILDER_STRUCT);
    let members = s.members.iter().map(|m| member(scope, m));
    // With every member optional and unboxed, the builder holds the value itself, absent
    // members and all (its `Debug` is the value's, redacted where the value's is), and the
    // macro writes its `build()`.
    if s.filled_in_place() {
        return quote!(#builder_struct!(#name(#target) #(; #members)*););
    }
    let meta = s.meta.as_ref().map(|field| {
        let (field, default) = (ident(field), scope.prelude("Default"));
        quote! { #field: #default::default(), }
    });
    let values = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let value = built_value(scope, m);
        quote! { #field: #value, }
    }).chain(meta);
    let build = if s.infallible() {
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
        let shape = s.id.name();
        quote! {
            /// Builds the value, or says which required member was not set.
            pub fn build(self) -> #result<#target, #error> {
                let missing = |member| #error::missing(#shape, member);
                #ok(#target { #(#values)* })
            }
        }
    };
    let sensitive = s.has_sensitive_members();
    let redacted = sensitive.then(|| quote!(redacted));
    let debug = sensitive.then(|| super::redact::redacted_struct_debug(scope, &naming::builder(&s.name), s));
    quote! {
        #builder_struct!(#redacted #name => #target #(; #members)*);

        #debug

        impl #name {
            #build
        }
    }
}

/// A member as [`BUILDER_STRUCT`] takes it: `field, set_field: Type = "name"`, with
/// `field as setter` where the setter is not named after the field.
fn member(scope: &Scope<'_>, m: &Member) -> TokenStream {
    let field = ident(&m.ident);
    let field = if m.setter == m.ident {
        quote!(#field)
    } else {
        let setter = ident(&m.setter);
        quote!(#field as #setter)
    };
    let set = ident(&m.set_option);
    let ty = scope.rust_type(&m.ty);
    let name = &m.name;
    quote!(#field, #set: #ty = #name)
}

/// How `build()` fills one member from the builder's `Option`.
fn built_value(scope: &Scope<'_>, m: &Member) -> TokenStream {
    let field = ident(&m.ident);
    let value = quote!(self.#field);
    let boxed = scope.prelude("Box");
    match (&m.default, m.optional) {
        (_, true) if m.boxed => quote!(#value.map(#boxed::new)),
        (_, true) => value,
        (Some(default), false) => super::values::fill_default(scope, value, default, m),
        (None, false) => {
            // `missing` is `build()`'s: the error naming the structure and the member.
            let member = &m.name;
            let missing = quote!(#value.ok_or_else(|| missing(#member))?);
            if m.boxed {
                quote!(#boxed::new(#missing))
            } else {
                missing
            }
        }
    }
}
