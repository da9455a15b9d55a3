//! Emit stage: the endpoint rules' own test cases (`smithy.rules#endpointTests`) as tests of the
//! crate: `tests/endpoints/<service>.rs`, one `#[test]` per case. A case resolves its `params`
//! with the service's `endpoint::Params`, and each of its `operationInputs` through the
//! operation's `EndpointParams` (the input built with the public builders, the SDK settings and
//! client parameters set on `Params`); the `support` module (a runtime file) compares the outcome
//! with the expected endpoint or error text.
//!
//! A case the generator cannot express still gets its test, one that fails with the reason. An
//! operation input of an operation that is not generated (its protocol is not supported) is left
//! out, and said so: the case then runs on its `params` alone.

use proc_macro2::TokenStream;
use quote::quote;

use super::compliance::{document, Values};
use super::{doc_attrs, ident};
use crate::ir::endpoint::{Expect, OperationInput, ParamValue, Setting, TestCase};
use crate::ir::Service;
use crate::model::Json;

/// One emitted endpoint test.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTestInfo {
    /// The service's shape id.
    pub service: String,
    /// The service's module, also the test's module under `tests/endpoints/`.
    pub module: String,
    /// The case's position in the service's `testCases`, from 1.
    pub case: usize,
    /// The test's path in the test target (`swf::case_3`).
    pub function: String,
    /// The case's `documentation`.
    pub doc: String,
    /// The operations whose inputs of the case were not run, as they are not generated (their
    /// protocol is not supported): the case then ran on its `params` alone.
    pub not_run: Vec<String>,
    /// Why the case could not be expressed in Rust, when it could not; its test then fails
    /// with this reason.
    pub unsupported: Option<String>,
}

/// The test target's root (`tests/endpoints/main.rs`): one module per service.
pub fn main_file(modules: &[&str]) -> (TokenStream, Vec<TokenStream>) {
    let inner = quote! {
        //! The endpoint rules' own test cases (`smithy.rules#endpointTests`), generated.
        #![allow(clippy::all, deprecated)]
    };
    let modules = modules.iter().map(|m| ident(m));
    (inner, vec![quote!(mod support; #(mod #modules;)*)])
}

/// The items of `tests/endpoints/<service>.rs`, and what each test runs.
pub fn test_module(service: &Service, lib: &str) -> (Vec<TokenStream>, Vec<EndpointTestInfo>) {
    let lib = ident(lib);
    let module = ident(&service.module);
    let mut items = Vec::new();
    let mut infos = Vec::new();
    for (n, case) in service.endpoint_tests.iter().enumerate() {
        let function = format!("case_{}", n + 1);
        let (body, not_run) = match case_body(service, case) {
            Ok(done) => done,
            Err(reason) => {
                let message = format!("not supported by the generator: {reason}");
                infos.push(info(service, n, &function, case, Vec::new(), Some(reason)));
                items.push(test_fn(&function, case, quote!(panic!(#message);)));
                continue;
            }
        };
        infos.push(info(service, n, &function, case, not_run, None));
        items.push(test_fn(&function, case, body));
    }
    // Only what the tests use is imported, so the file compiles without warnings.
    let text = quote!(#(#items)*).to_string();
    let used = |name: &str| text.contains(&format!("{name} ::"));
    let map = used("BTreeMap").then(|| quote!(use std::collections::BTreeMap;));
    let paths: Vec<TokenStream> = ["operations", "types"]
        .iter()
        .filter(|m| used(m))
        .map(|m| {
            let m = ident(m);
            quote!(#lib::#module::#m)
        })
        .collect();
    let params_trait = used("operations").then(|| quote!(use #lib::endpoint::EndpointParams;));
    items.insert(0, quote! {
        use super::support;
        use #lib::#module::endpoint::Params;
        #map
        #params_trait
        #(use #paths;)*
    });
    (items, infos)
}

fn info(service: &Service, n: usize, function: &str, case: &TestCase, not_run: Vec<String>, unsupported: Option<String>) -> EndpointTestInfo {
    EndpointTestInfo {
        service: service.id.to_string(),
        module: service.module.clone(),
        case: n + 1,
        function: format!("{}::{function}", service.module),
        doc: case.doc.clone(),
        not_run,
        unsupported,
    }
}

fn test_fn(function: &str, case: &TestCase, body: TokenStream) -> TokenStream {
    let doc = doc_attrs(&crate::docs::to_markdown(&case.doc));
    let name = ident(function);
    quote! {
        #doc
        #[test]
        fn #name() {
            #body
        }
    }
}

/// The test's body, and the operations whose inputs it leaves out.
fn case_body(service: &Service, case: &TestCase) -> Result<(TokenStream, Vec<String>), String> {
    let expected = match &case.expect {
        Expect::Error(message) => quote!(support::Expected::Error(#message)),
        Expect::Endpoint { url, headers, properties } => {
            let headers = headers.iter().map(|(name, values)| quote!((#name, &[#(#values),*])));
            let properties = document(&Json::Object(properties.clone()));
            quote!(support::Expected::Endpoint { url: #url, headers: &[#(#headers),*], properties: #properties })
        }
    };
    let mut checks = Vec::new();
    let setters = setters(&case.settings)?;
    checks.push(quote! {
        let params = Params::new() #(#setters)*;
        support::check("the case's params", params.resolve(), &expected);
    });
    let mut left_out = Vec::new();
    for input in &case.operation_inputs {
        match operation_check(service, input)? {
            Some(check) => checks.push(check),
            None => left_out.push(input.operation.clone()),
        }
    }
    Ok((quote!(let expected = #expected; #(#checks)*), left_out))
}

/// `.field(value)` for each parameter a case sets.
fn setters(settings: &Result<Vec<Setting>, String>) -> Result<Vec<TokenStream>, String> {
    let settings = settings.as_ref().map_err(Clone::clone)?;
    Ok(settings
        .iter()
        .map(|Setting { field, value }| {
            let field = ident(field);
            let value = match value {
                ParamValue::String(s) => quote!(#s),
                ParamValue::Bool(b) => quote!(#b),
                // An empty array literal needs its item type.
                ParamValue::Strings(items) if items.is_empty() => quote!([] as [&str; 0]),
                ParamValue::Strings(items) => quote!([#(#items),*]),
            };
            quote!(.#field(#value))
        })
        .collect())
}

/// The check of one operation input: the input built from its params, the SDK settings and
/// client parameters set, resolved through the operation. `None` when the operation is not
/// generated.
fn operation_check(service: &Service, input: &OperationInput) -> Result<Option<TokenStream>, String> {
    // The IR resolved the input exactly when the service has the operation.
    let (Some(op), Some(resolved)) = (service.operations.iter().find(|op| op.name == input.operation), &input.input) else {
        if service.traits.protocol.as_ref().is_some_and(|p| p.is_supported()) {
            return Err(format!("the service has no operation `{}`", input.operation));
        }
        return Ok(None);
    };
    let built = Values { service }.resolved(resolved)?;
    let setters = setters(&input.settings)?;
    let operation = ident(&op.type_name);
    let how = format!("operation `{}`", op.name);
    Ok(Some(quote! {
        let input = #built;
        let params = Params::new() #(#setters)*;
        support::check(#how, operations::#operation::endpoint(&input, &params), &expected);
    }))
}
