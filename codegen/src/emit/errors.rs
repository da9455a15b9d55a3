//! Emit stage: errors (`src/<service>/errors.rs`): `Display` and `std::error::Error` for every
//! error shape, and for each operation an enum of the errors it can return, plus one variant for
//! errors the model does not define and one for responses that do not decode.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{self, Module};
use super::{doc_attrs, ident, Scope};
use crate::ir::{Member, Operation, Service, Structure, TypeDef, TypeKind};
use crate::naming;

/// The runtime's macro that writes an error structure's `Display`, `Error` and `ErrorParts`.
pub const ERROR_STRUCTURE: &str = "crate::http::error_structure";

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

/// An expression giving `Option<&str>` of the error `e`'s message.
fn message_of(s: &Structure) -> TokenStream {
    match message_member(s) {
        Some(m) if m.optional => {
            let field = ident(&m.ident);
            quote!(e.#field.as_deref())
        }
        Some(m) => {
            let field = ident(&m.ident);
            quote!(Some(e.#field.as_str()))
        }
        None => quote!(None),
    }
}

/// `Display`, `std::error::Error` and `ErrorParts` of an error structure: the runtime's
/// `error_structure!`.
fn error_shape(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let ty = scope.named(&s.name);
    let code = s.id.name();
    let message = message_of(s);
    // A `@sensitive` message stays out of the text (`message()` still gives it to whoever asks).
    let hidden = message_member(s).is_some_and(|m| m.sensitive || s.traits.sensitive).then(|| quote!(, hidden));
    // An error that only comes in an event stream has no response of its own.
    let no_meta = s.meta.is_none().then(|| quote!(, no_meta));
    let error_structure = scope.import(ERROR_STRUCTURE);
    quote!(#error_structure!(#ty, #code, |e| #message #hidden #no_meta);)
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
