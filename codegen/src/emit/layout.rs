//! Emit stage: the layout of a service in the crate, decided here once: which modules it has
//! (one file each, `src/<service>/<module>.rs`), how `mod.rs` declares them, and the path each
//! is reached by. Emitters ask for paths here; `crate_root` asks which modules to emit.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::endpoint::Rules;
use crate::ir::{Protocol, Service};

/// A module of a service, one file each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// The service's shapes as Rust types.
    Types,
    /// A builder per structure.
    Builders,
    /// A type per operation: requests encoded, responses decoded.
    Operations,
    /// The error enum of each operation, and `Display` for the error shapes.
    Errors,
    /// Document readers and writers (crate-private).
    Serde,
    /// Endpoint rules and their resolver.
    Endpoint,
    /// The blocking and async clients (crate-private, re-exported; feature `client`).
    Client,
    /// The validators (crate-private; feature `validate`).
    Validate,
}

impl Module {
    /// The module's name, in paths and as its file's stem.
    pub fn name(self) -> &'static str {
        match self {
            Module::Types => "types",
            Module::Builders => "builders",
            Module::Operations => "operations",
            Module::Errors => "errors",
            Module::Serde => "serde",
            Module::Endpoint => "endpoint",
            Module::Client => "client",
            Module::Validate => "validate",
        }
    }

    /// The module's declaration in the service's `mod.rs`.
    fn declaration(self) -> TokenStream {
        let name = ident(self.name());
        match self {
            Module::Types => quote! {
                /// The service's shapes as Rust types.
                #[rustfmt::skip]
                pub mod #name;
            },
            Module::Builders => quote! {
                /// Builders for the service's structures.
                #[rustfmt::skip]
                pub mod #name;
            },
            Module::Operations => quote! {
                /// The service's operations: requests encoded, responses decoded.
                #[rustfmt::skip]
                pub mod #name;
            },
            Module::Errors => quote! {
                /// The errors of each operation.
                #[rustfmt::skip]
                pub mod #name;
            },
            Module::Serde => quote! {
                #[rustfmt::skip]
                mod #name;
            },
            Module::Endpoint => quote! {
                /// Where the service's requests go: its endpoint rules, resolved from a region and
                /// the other settings they read.
                #[rustfmt::skip]
                pub mod #name;
            },
            Module::Client => quote! {
                #[cfg(feature = "client")]
                #[rustfmt::skip]
                mod #name;
                #[cfg(feature = "client")]
                pub use #name::{AsyncClient, Client};
            },
            Module::Validate => quote! {
                #[cfg(feature = "validate")]
                #[rustfmt::skip]
                mod #name;
            },
        }
    }
}

/// The protocol of the service's operations, when they are emitted: a service without a protocol
/// trait, or with no operation selected, gets its types only (the IR refuses an unsupported
/// protocol).
pub fn protocol_of(service: &Service) -> Option<&Protocol> {
    service.traits.protocol.as_ref().filter(|_| !service.operations.is_empty())
}

/// Whether the service gets a `Client` (its operations and endpoint rules are generated), as
/// [`modules`] decides.
pub fn has_client(service: &Service) -> bool {
    modules(service).iter().any(|part| matches!(part, Part::Client(_)))
}

/// A module a service has, with what emitting it takes.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    Types,
    Builders,
    Operations(&'a Protocol),
    Errors,
    Serde,
    Endpoint(&'a Rules),
    Client(&'a Rules),
    Validate,
}

impl Part<'_> {
    /// Which module it is.
    pub fn module(self) -> Module {
        match self {
            Part::Types => Module::Types,
            Part::Builders => Module::Builders,
            Part::Operations(_) => Module::Operations,
            Part::Errors => Module::Errors,
            Part::Serde => Module::Serde,
            Part::Endpoint(_) => Module::Endpoint,
            Part::Client(_) => Module::Client,
            Part::Validate => Module::Validate,
        }
    }
}

/// The service's modules, in the order `mod.rs` declares them.
pub fn modules(service: &Service) -> Vec<Part<'_>> {
    let protocol = protocol_of(service);
    let mut modules = vec![Part::Types, Part::Builders];
    if let Some(protocol) = protocol {
        modules.extend([Part::Operations(protocol), Part::Errors, Part::Serde]);
    }
    if let Some(rules) = &service.endpoint {
        modules.push(Part::Endpoint(rules));
        if protocol.is_some() {
            modules.push(Part::Client(rules));
        }
    }
    if protocol.is_some() && !service.validation.checked.is_empty() {
        modules.push(Part::Validate);
    }
    modules
}

/// The declarations of the service's modules, for its `mod.rs`.
pub fn declarations(service: &Service) -> TokenStream {
    let declarations = modules(service).into_iter().map(|part| part.module().declaration());
    quote!(#(#declarations)*)
}

/// The file of a service's module, relative to the crate root.
pub fn file(service: &Service, module: Module) -> String {
    format!("src/{}/{}.rs", service.module, module.name())
}

/// The file of the service's `mod.rs`.
pub fn root_file(service: &Service) -> String {
    format!("src/{}/mod.rs", service.module)
}

/// The path of a service's module from anywhere in the crate (`crate::swf::types`).
pub fn path(service: &Service, module: Module) -> String {
    format!("crate::{}::{}", service.module, module.name())
}

/// [`path`] as tokens.
pub fn path_tokens(service: &Service, module: Module) -> TokenStream {
    let (service, module) = (ident(&service.module), ident(module.name()));
    quote!(crate::#service::#module)
}
