//! Emit stage: errors (`src/<service>/errors.rs`): `Display` and `std::error::Error` for every
//! error shape, and for each operation an enum of the errors it can return, plus one variant for
//! errors the model does not define and one for responses that do not decode.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{self, Module};
use super::{doc_attrs, ident, Scope};
use crate::ir::{Member, Operation, Service, Structure, TypeDef, TypeKind};
use crate::naming;

/// The items of a service's `errors` module.
pub fn module(service: &Service) -> Vec<TokenStream> {
    let scope = Scope::new(service, Module::Errors, service.operations.iter().map(|op| op.error_enum.clone()));
    let mut items: Vec<TokenStream> = service
        .types
        .values()
        .filter_map(|def| match def {
            TypeDef::Structure(s) if s.traits.error.is_some() => Some(error_shape(&scope, s)),
            _ => None,
        })
        .collect();
    items.extend(service.operations.iter().map(|op| operation_error(&scope, op)));
    items.insert(0, scope.use_items());
    items
}

/// The member that holds an error's message, if it has one.
fn message_member(s: &Structure) -> Option<&Member> {
    s.members
        .iter()
        .find(|m| m.ty.kind == TypeKind::String && (m.name.eq_ignore_ascii_case("message") || m.name == "errorMessage"))
}

/// An expression giving `Option<&str>` of an error value's message.
fn message_of(s: &Structure, value: TokenStream) -> TokenStream {
    match message_member(s) {
        Some(m) if m.optional => {
            let field = ident(&m.ident);
            quote!(#value.#field.as_deref())
        }
        Some(m) => {
            let field = ident(&m.ident);
            quote!(Some(#value.#field.as_str()))
        }
        None => quote!(None),
    }
}

fn error_shape(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let ty = scope.named(&s.name);
    let name = s.id.name();
    let fmt = scope.import("std::fmt");
    // A `@sensitive` message stays out of the text (`message()` still gives it to whoever asks).
    let body = match message_member(s).filter(|m| !(m.sensitive || s.traits.sensitive)) {
        Some(_) => {
            let message = message_of(s, quote!(self));
            quote! {
                f.write_str(#name)?;
                if let Some(message) = #message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
        }
        None => quote!(f.write_str(#name)),
    };
    let (parts, option) = (scope.import("crate::http::ErrorParts"), scope.prelude("Option"));
    let message = message_of(s, quote!(self));
    let request_id = match &s.meta {
        Some(_) => quote!(self.meta().request_id()),
        None => quote!(None),
    };
    quote! {
        impl #fmt::Display for #ty {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                #body
            }
        }

        impl std::error::Error for #ty {}

        impl #parts for #ty {
            fn code(&self) -> #option<&str> {
                Some(#name)
            }

            fn message(&self) -> #option<&str> {
                #message
            }

            fn request_id(&self) -> #option<&str> {
                #request_id
            }
        }
    }
}

fn operation_error(scope: &Scope<'_>, op: &Operation) -> TokenStream {
    let service = scope.service();
    let name = ident(&op.error_enum);
    let doc = doc_attrs(&format!("The errors of [`{0}`]({1}::{0}).", op.type_name, layout::path(service, Module::Operations)));
    let unhandled_error = scope.import("crate::http::UnhandledError");
    let response_error = scope.import("crate::http::ResponseError");
    let (unhandled, invalid) = (ident(naming::UNHANDLED), ident(naming::INVALID_RESPONSE));
    let modeled: Vec<(TokenStream, &Structure, proc_macro2::Ident)> = op
        .errors
        .iter()
        .filter_map(|error| match service.types.get(&error.shape) {
            Some(TypeDef::Structure(s)) => Some((scope.named(&s.name), s, ident(&error.variant))),
            _ => None,
        })
        .collect();
    let variant_items = modeled.iter().map(|(ty, s, variant)| {
        let doc = doc_attrs(s.doc.as_deref().unwrap_or(&format!("The `{}` error.", s.id.name())));
        quote!(#doc #variant(#ty),)
    });
    let operation_error = scope.import("crate::http::operation_error");
    let variants = modeled.iter().map(|(_, _, variant)| variant);
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variant_items)*
            /// An error response that names no error this operation's model defines.
            #unhandled(#unhandled_error),
            /// A response that does not decode as the model describes it.
            #invalid(#response_error),
        }

        #operation_error!(#name #(, #variants)*);
    }
}
