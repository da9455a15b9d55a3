//! Emit stage: the protocol compliance tests of a service (`tests/<service>.rs`), one `#[test]`
//! per client case of `smithy.test#httpRequestTests` / `httpResponseTests`. They use only the
//! crate's public API: the builders make the input or the expected output from the case's
//! `params`, the operation encodes or decodes, and the `support` module (a runtime file) compares
//! with what the case says is on the wire.
//!
//! A case the generator cannot express (a value of a shape it does not support) still gets its
//! test: one that fails with the reason, so it counts as a failure and never as a silent skip.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::{doc_attrs, ident};
use crate::ir::compliance::{Case, HttpRequest, HttpResponse, Message};
use crate::ir::value::{Resolved, Special, Value};
use crate::ir::{Operation, Service, TypeKind};
use crate::model::Json;

/// One emitted test: which case it runs, and what its function is called.
#[derive(Debug, Clone, PartialEq)]
pub struct TestInfo {
    /// The test target (`tests/<module>.rs`) the test is in.
    pub module: String,
    /// `aws.protocols#restJson1`.
    pub protocol: String,
    /// The case id. A request case and a response case may share one.
    pub id: String,
    /// `request` or `response`.
    pub kind: &'static str,
    /// The test function's name.
    pub function: String,
    /// Why the case could not be expressed in Rust, when it could not; its test then fails
    /// with this reason.
    pub unsupported: Option<String>,
}

/// The inner attributes and items of `tests/<module>.rs`, and what each test runs.
pub fn test_file(service: &Service, lib: &str) -> (TokenStream, Vec<TokenStream>, Vec<TestInfo>) {
    let lib = ident(lib);
    let module = ident(&service.module);
    let values = Values { service };
    let inner = quote! {
        //! Protocol compliance tests, generated from the model's `smithy.test` traits.
        #![allow(clippy::all)]
    };
    let mut items = Vec::new();
    let mut infos = Vec::new();
    for case in &service.compliance {
        let function = &case.function;
        let body = service
            .operations
            .iter()
            .find(|op| op.id == case.operation)
            .ok_or_else(|| format!("operation `{}` is not generated", case.operation))
            .and_then(|op| match &case.message {
                Message::Request(request) => request_test(&values, op, case, request, &lib),
                Message::Response(response) => response_test(&values, op, case, response),
            });
        let (body, unsupported) = match body {
            Ok(body) => (body, None),
            Err(reason) => {
                let message = format!("not supported by the generator: {reason}");
                (quote!(panic!(#message);), Some(reason))
            }
        };
        let doc = doc_attrs(&match &case.doc {
            Some(doc) => format!("`{}`: {}", case.id, crate::docs::to_markdown(doc)),
            None => format!("`{}`.", case.id),
        });
        let name = ident(function);
        items.push(quote! {
            #doc
            #[test]
            fn #name() {
                #body
            }
        });
        infos.push(TestInfo {
            module: service.module.clone(),
            protocol: case.protocol.clone(),
            id: case.id.clone(),
            kind: case.message.kind(),
            function: function.clone(),
            unsupported,
        });
    }
    // Only what the tests use is imported, so the file compiles without warnings.
    let text = quote!(#(#items)*).to_string();
    let used = |name: &str| text.contains(&format!("{name} ::"));
    let map = used("BTreeMap").then(|| quote!(use std::collections::BTreeMap;));
    let modules: Vec<TokenStream> = ["errors", "operations", "types"].iter().filter(|m| used(m)).map(|m| ident(m).into_token_stream()).collect();
    let operation = used("operations").then(|| quote!(use #lib::http::Operation;));
    items.insert(0, quote! {
        mod support;

        #map
        #operation
        use #lib::#module::{#(#modules),*};
    });
    (inner, items, infos)
}

pub(super) type Emitted = Result<TokenStream, String>;

fn request_test(values: &Values<'_>, op: &Operation, case: &Case, expected: &HttpRequest, lib: &proc_macro2::Ident) -> Emitted {
    let input = values.resolved(&case.value)?;
    let operation = ident(&op.type_name);
    // The suite expects this token wherever the client fills one in.
    let encode = if op.idempotency_token.is_some() {
        quote! {
            #lib::http::with_idempotency_token("00000000-0000-4000-8000-000000000000", || operations::#operation::request(&input))
        }
    } else {
        quote!(operations::#operation::request(&input))
    };
    let HttpRequest {
        method,
        uri,
        host,
        resolved_host,
        query_params,
        forbid_query_params,
        require_query_params,
        headers,
        forbid_headers,
        require_headers,
        body,
        body_media_type,
    } = expected;
    let (host, resolved_host) = (option(host), option(resolved_host));
    let headers = pairs(headers);
    let body = option(body);
    let body_media_type = option(body_media_type);
    Ok(quote! {
        let input = #input;
        let request = #encode.expect("the input encodes");
        support::check_request(&request, &support::ExpectedRequest {
            method: #method,
            uri: #uri,
            host: #host,
            resolved_host: #resolved_host,
            query_params: &[#(#query_params),*],
            forbid_query_params: &[#(#forbid_query_params),*],
            require_query_params: &[#(#require_query_params),*],
            headers: &[#headers],
            forbid_headers: &[#(#forbid_headers),*],
            require_headers: &[#(#require_headers),*],
            body: #body,
            body_media_type: #body_media_type,
        });
    })
}

fn response_test(values: &Values<'_>, op: &Operation, case: &Case, given: &HttpResponse) -> Emitted {
    let operation = ident(&op.type_name);
    let code = given.code;
    let headers = pairs(&given.headers);
    let body = given.body.as_deref().unwrap_or("");
    let response = quote!(support::response(#code, &[#headers], #body));
    match &given.error {
        None => {
            let expected = values.resolved(&case.value)?;
            Ok(quote! {
                let response = #response;
                let expected = #expected;
                let output = operations::#operation::response(&response).expect("the response decodes");
                support::assert_same(&output, &expected);
            })
        }
        Some(error) => {
            let variant = op
                .errors
                .iter()
                .find(|e| &e.shape == error)
                .ok_or_else(|| format!("`{}` is not an error of `{}`", error, op.name))?;
            let variant = ident(&variant.variant);
            let enumeration = ident(&op.error_enum);
            let expected = values.resolved(&case.value)?;
            let unexpected = format!("expected the `{}` error, got {{:?}}", error.name());
            Ok(quote! {
                let response = #response;
                let expected = #expected;
                match operations::#operation::response(&response) {
                    Err(errors::#enumeration::#variant(actual)) => support::assert_same(&actual, &expected),
                    other => panic!(#unexpected, other),
                }
            })
        }
    }
}

/// `("name", "value"), ...`
fn pairs(pairs: &[(String, String)]) -> TokenStream {
    let items = pairs.iter().map(|(k, v)| quote!((#k, #v)));
    quote!(#(#items),*)
}

fn option(value: &Option<String>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// Rust expressions for test values (resolved in the IR), through the public builders.
pub(super) struct Values<'a> {
    pub(super) service: &'a Service,
}

impl Values<'_> {
    /// A type of the service, through the test file's `types` import.
    fn named(&self, id: &crate::model::ShapeId) -> TokenStream {
        let name = ident(self.service.type_name(id));
        quote!(types::#name)
    }

    /// The expression of a resolved value, or why there is none.
    pub(super) fn resolved(&self, value: &Resolved) -> Emitted {
        value.as_ref().map(|value| self.value(value)).map_err(Clone::clone)
    }

    fn value(&self, value: &Value) -> TokenStream {
        match value {
            Value::Unit => quote!(()),
            Value::Bool(b) => quote!(#b),
            Value::Integer(n, kind) => match kind {
                // In range: the IR checked.
                TypeKind::Byte => Literal::i8_suffixed(*n as i8),
                TypeKind::Short => Literal::i16_suffixed(*n as i16),
                TypeKind::Integer => Literal::i32_suffixed(*n as i32),
                _ => Literal::i64_suffixed(*n),
            }
            .into_token_stream(),
            Value::Float(f, kind) => {
                if *kind == TypeKind::Float { Literal::f32_suffixed(*f as f32) } else { Literal::f64_suffixed(*f) }.into_token_stream()
            }
            Value::Special(special, kind) => {
                let float = if *kind == TypeKind::Float { quote!(f32) } else { quote!(f64) };
                match special {
                    Special::Nan => quote!(#float::NAN),
                    Special::Infinity => quote!(#float::INFINITY),
                    Special::NegInfinity => quote!(#float::NEG_INFINITY),
                }
            }
            Value::BigNumber(text) => quote!(#text.parse().expect("a valid number")),
            Value::String(s) => quote!(#s.to_owned()),
            Value::Blob(bytes) => {
                let bytes = Literal::byte_string(bytes);
                quote!(#bytes.to_vec())
            }
            Value::Timestamp(text) => quote!(support::timestamp(#text)),
            Value::Document(json) => document(json),
            Value::List { items, sparse } => {
                let items = items.iter().map(|item| self.element(item.as_ref(), *sparse));
                quote!(vec![#(#items),*])
            }
            Value::Map { entries, sparse } => {
                let entries = entries.iter().map(|(k, v)| {
                    let (k, v) = (self.value(k), self.element(v.as_ref(), *sparse));
                    quote!((#k, #v))
                });
                quote!(BTreeMap::from([#(#entries),*]))
            }
            Value::Structure(s) => {
                let setters = s.setters.iter().map(|setter| {
                    let (method, value) = (ident(&setter.method), self.value(&setter.value));
                    if setter.option {
                        quote!(.#method(Some(#value)))
                    } else {
                        quote!(.#method(#value))
                    }
                });
                let ty = self.named(&s.shape);
                let expect = s.fallible.then(|| quote!(.expect("every required member is set")));
                quote!(#ty::builder() #(#setters)* .build() #expect)
            }
            Value::Enum { shape, value } => {
                let name = self.named(shape);
                quote!(#name::from(#value))
            }
            Value::IntEnum { shape, value } => {
                let name = self.named(shape);
                match value {
                    Some(n) => quote!(#name::from(#n)),
                    None => quote!(#name::from(0)),
                }
            }
            Value::Union { shape, variant, value, boxed } => {
                let (name, variant) = (self.named(shape), ident(variant));
                match value {
                    None => quote!(#name::#variant),
                    Some(value) => {
                        let value = self.value(value);
                        let value = if *boxed { quote!(Box::new(#value)) } else { value };
                        quote!(#name::#variant(#value))
                    }
                }
            }
            Value::Default => quote!(Default::default()),
        }
    }

    /// An item of a list or a value of a map: `Some(v)` or `None` in a sparse one.
    fn element(&self, value: Option<&Value>, sparse: bool) -> TokenStream {
        match value.map(|v| self.value(v)) {
            Some(value) if sparse => quote!(Some(#value)),
            Some(value) => value,
            None => quote!(None),
        }
    }
}

/// A `Document` from JSON.
pub(super) fn document(json: &Json) -> TokenStream {
    match json {
        Json::Null => quote!(support::Document::Null),
        Json::Bool(b) => quote!(support::Document::Bool(#b)),
        Json::String(s) => quote!(support::Document::String(#s.to_owned())),
        Json::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                quote!(support::Number::PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                quote!(support::Number::NegInt(#i))
            } else {
                let f = n.as_f64().unwrap_or_default();
                quote!(support::Number::Float(#f))
            };
            quote!(support::Document::Number(#number))
        }
        Json::Array(items) => {
            let items = items.iter().map(document);
            quote!(support::Document::Array(vec![#(#items),*]))
        }
        Json::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document(v);
                quote!((#k.to_owned(), #v))
            });
            quote!(support::Document::Object(BTreeMap::from([#(#entries),*])))
        }
    }
}
