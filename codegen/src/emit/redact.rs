//! Emit stage: `Debug` impls that print `*** Sensitive Data Redacted ***` in place of
//! `@sensitive` values, for structures, their builders and unions.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ident, Scope};
use crate::ir::{Structure, TypeKind, Union};

/// Debug output in place of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A `Debug` impl that prints `*** Sensitive Data Redacted ***` for the sensitive members of a
/// structure (for all of them when the structure itself is `@sensitive`). Shared by the struct
/// and its builder, whose fields have the same names.
pub fn redacted_struct_debug(scope: &Scope<'_>, type_name: &str, s: &Structure) -> TokenStream {
    let name = ident(type_name);
    let fmt = scope.import("std::fmt");
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let label = crate::naming::bare(&m.ident);
        if m.sensitive || s.traits.sensitive {
            quote! { .field(#label, &#REDACTED) }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    quote! {
        impl #fmt::Debug for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.debug_struct(#type_name) #(#fields)* .finish()
            }
        }
    }
}

/// A `Debug` impl that prints only the type's name (a `@sensitive` union or enum).
pub fn redacted_debug(scope: &Scope<'_>, name: &Ident) -> TokenStream {
    let fmt = scope.import("std::fmt");
    quote! {
        impl #fmt::Debug for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(#REDACTED)
            }
        }
    }
}

/// A `Debug` impl for a union with `@sensitive` members: their variants print their name and
/// `*** Sensitive Data Redacted ***`.
pub fn redacted_union_debug(scope: &Scope<'_>, u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let fmt = scope.import("std::fmt");
    let unknown = ident(&u.unknown);
    let arms = u.members.iter().map(|m| {
        let variant = ident(&m.ident);
        let label = crate::naming::bare(&m.ident);
        match (m.ty.kind == TypeKind::Unit, m.sensitive) {
            (true, _) => quote!(Self::#variant => f.write_str(#label),),
            (false, true) => quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),),
            (false, false) => quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),),
        }
    });
    let unknown_label = crate::naming::bare(&u.unknown);
    quote! {
        impl #fmt::Debug for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                match self {
                    #(#arms)*
                    Self::#unknown(value) => f.debug_tuple(#unknown_label).field(value).finish(),
                }
            }
        }
    }
}
