//! Emit stage: IR in, token streams out, one emitter per concern. This module holds the helpers
//! every emitter shares: identifiers, doc attributes and the Rust spelling of member types.

pub mod builders;
pub mod client;
pub mod compliance;
pub mod crate_root;
pub mod endpoint;
pub mod endpoint_tests;
pub mod errors;
pub mod events;
pub mod inline;
pub mod layout;
pub mod operations;
pub mod redact;
pub mod serde;
pub mod types;
pub mod validate;
pub mod values;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Member, Service, TypeKind, TypeRef};
use crate::naming::Helper;
use layout::Module;

/// An identifier from a name `naming` decided (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes that print as `///` comments: one per line, or while a file is rendered
/// one placeholder for them all (see `render::doc_literals`).
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = crate::render::doc_literals(doc_lines(text));
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc]` attributes that print as `//!` comments, as [`doc_attrs`].
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = crate::render::doc_literals(doc_lines(text));
    quote! { #( #![doc = #lines] )* }
}

/// Doc text as comment lines: a carriage return ends a line (a bare one is not allowed in a doc
/// comment), and other control characters from a model (a pattern may hold one) are shown as
/// escapes.
fn doc_lines(text: &str) -> Vec<String> {
    const LINE_ENDS: [char; 4] = ['\r', '\u{85}', '\u{2028}', '\u{2029}'];
    let text = if text.contains(LINE_ENDS) {
        Cow::Owned(text.replace("\r\n", "\n").replace(LINE_ENDS, "\n"))
    } else {
        Cow::Borrowed(text)
    };
    text.lines()
        .map(|line| {
            let mut out = String::with_capacity(line.len() + 1);
            if !line.is_empty() {
                out.push(' ');
            }
            // Control characters are below 0x20, 0x7F, and U+0080 to U+009F (0xC2 first in UTF-8,
            // as some printable ones are): a line without those bytes is copied whole.
            if !line.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f || b == 0xc2) {
                out.push_str(line);
                return out;
            }
            for c in line.chars() {
                if c.is_control() && c != '\t' {
                    out.extend(c.escape_unicode());
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect()
}

/// The identifier of a type's helper function (see [`Helper`]).
pub fn helper(kind: Helper, type_name: &str) -> Ident {
    ident(&crate::naming::helper(kind, type_name))
}

/// How the code of one generated module names what it did not define. Names are written the
/// way a person would (`Option<String>`, `HashMap`, `DateTime`, with `use` items for those that
/// need one), except a name that one of the module's own types shadows (a shape called `Option`
/// or `String`): that one is written as an absolute path (`::std::option::Option`), so the code
/// means the same whatever the model calls its shapes.
pub struct Scope<'a> {
    service: &'a Service,
    /// The service's module whose code this is: its own items are named without a path.
    module: Module,
    defined: BTreeSet<String>,
    imports: RefCell<BTreeSet<String>>,
}

/// Names of Rust's prelude the generated code uses, with their absolute paths.
const PRELUDE: &[(&str, &str)] = &[
    ("Option", "::std::option::Option"),
    ("Some", "::std::option::Option::Some"),
    ("None", "::std::option::Option::None"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("Box", "::std::boxed::Box"),
    ("Into", "::std::convert::Into"),
    ("From", "::std::convert::From"),
    ("AsRef", "::std::convert::AsRef"),
    ("Default", "::std::default::Default"),
    ("Result", "::std::result::Result"),
    ("Ok", "::std::result::Result::Ok"),
];

impl<'a> Scope<'a> {
    /// The scope of the service's module `module`, which defines the types named `defined`.
    pub fn new(service: &'a Service, module: Module, defined: impl IntoIterator<Item = String>) -> Self {
        Scope { service, module, defined: defined.into_iter().collect(), imports: RefCell::default() }
    }

    pub fn service(&self) -> &'a Service {
        self.service
    }

    fn shadowed(&self, name: &str) -> bool {
        self.defined.contains(name)
    }

    /// A prelude name: `Option`, or `::std::option::Option` where the module shadows it.
    pub fn prelude(&self, name: &str) -> TokenStream {
        let path = PRELUDE.iter().find(|(n, _)| *n == name).map_or(name, |(_, path)| *path);
        if self.shadowed(name) {
            path.parse().unwrap_or_else(|_| quote!(#path))
        } else {
            let name = ident(name);
            quote!(#name)
        }
    }

    /// A name that needs a `use` (`std::collections::HashMap`, `crate::primitives::DateTime`):
    /// its last segment, imported, or the absolute path where the module shadows it.
    pub fn import(&self, path: &str) -> TokenStream {
        let name = path.rsplit("::").next().unwrap_or(path);
        if self.shadowed(name) {
            let absolute = if path.starts_with("crate::") { path.to_owned() } else { format!("::{path}") };
            return absolute.parse().unwrap_or_else(|_| quote!(#absolute));
        }
        self.imports.borrow_mut().insert(path.to_owned());
        let name = ident(name);
        quote!(#name)
    }

    /// An item of the service's codec module (`Writer`, `from_response`: see
    /// [`Codec`](crate::ir::traits::Codec)), imported.
    pub fn codec(&self, item: &str) -> TokenStream {
        self.import(&format!("crate::{}::{item}", self.service.codec().runtime_module()))
    }

    /// The service's codec module itself (`json`), for its items that must keep their module's
    /// name (`json::Result`, which would hide the prelude's `Result` if imported).
    pub fn codec_module(&self) -> TokenStream {
        self.import(&format!("crate::{}", self.service.codec().runtime_module()))
    }

    /// A type of the service: bare inside `types`, `types::Name` elsewhere.
    pub fn named(&self, name: &str) -> TokenStream {
        let name = ident(name);
        self.in_module(Module::Types, name)
    }

    /// An item of the service's module `module`: bare inside it, `module::item` elsewhere (with
    /// the module imported).
    fn in_module(&self, module: Module, item: Ident) -> TokenStream {
        if self.module == module {
            quote!(#item)
        } else {
            let module = self.import(&layout::path(self.service, module));
            quote!(#module::#item)
        }
    }

    /// The writer of a structure or union (`serde::write_ami`).
    pub fn writer(&self, type_name: &str) -> TokenStream {
        self.in_module(Module::Serde, helper(Helper::Write, type_name))
    }

    /// The reader of a structure or union (`serde::read_ami`).
    pub fn reader(&self, type_name: &str) -> TokenStream {
        self.in_module(Module::Serde, helper(Helper::Read, type_name))
    }

    /// The function that makes a structure's zero value (`serde::zero_ami`).
    pub fn zero_fn(&self, type_name: &str) -> TokenStream {
        self.in_module(Module::Serde, helper(Helper::Zero, type_name))
    }

    /// The `use` items for the names the module's code used, sorted.
    pub fn use_items(&self) -> TokenStream {
        let paths = self.imports.borrow();
        let items = paths.iter().map(|path| {
            let path: TokenStream = path.parse().unwrap_or_default();
            quote!(use #path;)
        });
        quote!(#(#items)*)
    }

    /// The Rust type of a value of `ty`.
    pub fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        match &ty.kind {
            TypeKind::Boolean => quote!(bool),
            TypeKind::Byte => quote!(i8),
            TypeKind::Short => quote!(i16),
            TypeKind::Integer => quote!(i32),
            TypeKind::Long => quote!(i64),
            TypeKind::Float => quote!(f32),
            TypeKind::Double => quote!(f64),
            TypeKind::BigInteger => self.import("crate::primitives::BigInteger"),
            TypeKind::BigDecimal => self.import("crate::primitives::BigDecimal"),
            TypeKind::String => self.prelude("String"),
            TypeKind::Blob => {
                let vec = self.prelude("Vec");
                quote!(#vec<u8>)
            }
            TypeKind::Timestamp => self.import("crate::primitives::DateTime"),
            TypeKind::Document => self.import("crate::primitives::Document"),
            TypeKind::Unit => quote!(()),
            TypeKind::EventStream => {
                let stream = self.import("crate::eventstream::EventStream");
                let union = self.named(self.service.type_name(&ty.shape));
                quote!(#stream<#union>)
            }
            TypeKind::Named => self.named(self.service.type_name(&ty.shape)),
            TypeKind::List { item, sparse } => {
                let item = self.optional_if(*sparse, self.rust_type(item));
                let vec = self.prelude("Vec");
                quote!(#vec<#item>)
            }
            TypeKind::Map { key, value, sparse } => {
                let key = self.rust_type(key);
                let value = self.optional_if(*sparse, self.rust_type(value));
                let map = self.import("std::collections::BTreeMap");
                quote!(#map<#key, #value>)
            }
        }
    }

    pub fn optional_if(&self, optional: bool, ty: TokenStream) -> TokenStream {
        if optional {
            let option = self.prelude("Option");
            quote!(#option<#ty>)
        } else {
            ty
        }
    }

    /// The type a member has in its structure: boxed if it recurses, optional if it may be absent.
    pub fn member_type(&self, member: &Member) -> TokenStream {
        let ty = self.rust_type(&member.ty);
        let ty = if member.boxed {
            let boxed = self.prelude("Box");
            quote!(#boxed<#ty>)
        } else {
            ty
        };
        self.optional_if(member.optional, ty)
    }
}
