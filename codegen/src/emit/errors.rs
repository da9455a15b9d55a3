//! Emit stage: errors (`src/<service>/errors.rs`): `Display` and `std::error::Error` for every
//! error shape, and for each operation an enum of the errors it can return, plus one variant for
//! errors the model does not define and one for responses that do not decode.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, Scope};
use crate::ir::{Member, Operation, Service, Structure, TypeDef, TypeKind};
use crate::model::ShapeId;
use crate::naming;

/// Variant names of every operation error enum that are not modeled errors.
const UNHANDLED: &str = "Unhandled";
const INVALID_RESPONSE: &str = "InvalidResponse";

/// The items of a service's `errors` module.
pub fn module(service: &Service) -> Vec<TokenStream> {
    let scope = Scope::new(service, false, service.operations.iter().map(error_name));
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

/// The name of an operation's error enum (`ListOpenWorkflowExecutionsError`).
pub fn error_name(op: &Operation) -> String {
    format!("{}Error", op.type_name)
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

/// The variant names of an operation's modeled errors, in order.
pub fn variants(service: &Service, op: &Operation) -> Vec<(ShapeId, String)> {
    let mut names: Vec<String> = op.errors.iter().map(|e| service.type_name(e).to_owned()).collect();
    naming::deduplicate(&mut names, &[UNHANDLED, INVALID_RESPONSE]);
    op.errors.iter().cloned().zip(names).collect()
}

fn operation_error(scope: &Scope<'_>, op: &Operation) -> TokenStream {
    let service = scope.service();
    let name = format_ident!("{}", error_name(op));
    let doc = doc_attrs(&format!("The errors of [`{0}`](crate::{1}::operations::{0}).", op.type_name, service.module));
    let unhandled_error = scope.import("crate::http::UnhandledError");
    let response_error = scope.import("crate::http::ResponseError");
    let fmt = scope.import("std::fmt");
    let (unhandled, invalid) = (ident(UNHANDLED), ident(INVALID_RESPONSE));
    let modeled: Vec<(TokenStream, &Structure, proc_macro2::Ident)> = variants(service, op)
        .into_iter()
        .filter_map(|(id, variant)| match service.types.get(&id) {
            Some(TypeDef::Structure(s)) => Some((scope.named(&s.name), s, ident(&variant))),
            _ => None,
        })
        .collect();
    let variant_items = modeled.iter().map(|(ty, s, variant)| {
        let doc = doc_attrs(s.doc.as_deref().unwrap_or(&format!("The `{}` error.", s.id.name())));
        quote!(#doc #variant(#ty),)
    });
    let parts = scope.import("crate::http::ErrorParts");
    let arms = modeled.iter().map(|(_, _, variant)| quote!(Self::#variant(e) => e,));
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

        impl #name {
            /// The variant's error, whatever it is.
            fn parts(&self) -> &dyn #parts {
                match self {
                    #(#arms)*
                    Self::#unhandled(e) => e,
                    Self::#invalid(e) => e,
                }
            }

            /// The error's code: the modeled error's shape name, or the code an error response
            /// carried (also one whose body did not decode).
            pub fn code(&self) -> Option<&str> {
                self.parts().code()
            }

            /// The error's message, when the service sent one.
            pub fn message(&self) -> Option<&str> {
                self.parts().message()
            }

            /// The request id AWS sent with the error, to quote to AWS support (none for a
            /// response that did not decode).
            pub fn request_id(&self) -> Option<&str> {
                self.parts().request_id()
            }
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                self.parts().fmt(f)
            }
        }

        // `Display` already shows the inner error, so it is not also a `source`.
        impl std::error::Error for #name {}
    }
}
