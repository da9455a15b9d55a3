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
use crate::ir::{Operation, Service, Structure, TypeDef, TypeKind, TypeRef};
use crate::model::{Json, Object};

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
    let input = match &op.input {
        Some(id) => values.structure(&case.params, id)?,
        None => quote!(()),
    };
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
            let expected = match &op.output {
                Some(id) => values.structure(&case.params, id)?,
                None => quote!(()),
            };
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
            let expected = values.structure(&case.params, error)?;
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

/// Rust expressions for the values a case's `params` describe, through the public builders.
pub(super) struct Values<'a> {
    pub(super) service: &'a Service,
}

impl Values<'_> {
    /// A type of the service, through the test file's `types` import.
    fn named(&self, id: &crate::model::ShapeId) -> TokenStream {
        let name = ident(self.service.type_name(id));
        quote!(types::#name)
    }

    pub(super) fn structure(&self, params: &Object, id: &crate::model::ShapeId) -> Emitted {
        match self.service.types.get(id) {
            Some(TypeDef::Structure(s)) => self.build(params, s),
            _ => Err(format!("`{id}` is not a structure of the service")),
        }
    }

    /// `Type::builder().a(..).b(..).build()`: members the params leave out are not set, except
    /// required ones without a default, which get their zero value (as a parser fills them in).
    fn build(&self, params: &Object, s: &Structure) -> Emitted {
        for (key, _) in params.iter() {
            if !s.members.iter().any(|m| m.name == key) {
                return Err(format!("`{}` has no member `{key}`", s.id));
            }
        }
        let mut setters = Vec::new();
        for m in &s.members {
            let setter = ident(&m.setter);
            match params.get(&m.name) {
                Some(Json::Null) | None if !m.optional && m.default.is_none() => {
                    // `set_x` takes the member's own type, so `Default::default()` infers.
                    let set = ident(&m.set_option);
                    let zero = self.zero(&m.ty)?;
                    setters.push(quote!(.#set(Some(#zero))));
                }
                Some(Json::Null) | None => {}
                Some(json) => {
                    let value = self.value(json, &m.ty)?;
                    setters.push(quote!(.#setter(#value)));
                }
            }
        }
        let ty = self.named(&s.id);
        let expect = (!s.infallible()).then(|| quote!(.expect("every required member is set")));
        Ok(quote!(#ty::builder() #(#setters)* .build() #expect))
    }

    /// A value of `ty` from its JSON form in a test case.
    fn value(&self, json: &Json, ty: &TypeRef) -> Emitted {
        let mismatch = || format!("a value of `{}` cannot be {}", ty.shape, json.kind());
        match (&ty.kind, json) {
            (TypeKind::Boolean, Json::Bool(b)) => Ok(quote!(#b)),
            (TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long, Json::Number(n)) => {
                let n = n.as_i64().ok_or_else(mismatch)?;
                let out_of_range = || format!("{n} is out of range for `{}`", ty.shape);
                Ok(match ty.kind {
                    TypeKind::Byte => Literal::i8_suffixed(i8::try_from(n).map_err(|_| out_of_range())?),
                    TypeKind::Short => Literal::i16_suffixed(i16::try_from(n).map_err(|_| out_of_range())?),
                    TypeKind::Integer => Literal::i32_suffixed(i32::try_from(n).map_err(|_| out_of_range())?),
                    _ => Literal::i64_suffixed(n),
                }
                .into_token_stream())
            }
            (TypeKind::Float | TypeKind::Double, Json::Number(n)) => {
                let f = n.as_f64().ok_or_else(mismatch)?;
                Ok(if ty.kind == TypeKind::Float { Literal::f32_suffixed(f as f32) } else { Literal::f64_suffixed(f) }.into_token_stream())
            }
            (TypeKind::Float | TypeKind::Double, Json::String(s)) => {
                let float = if ty.kind == TypeKind::Float { quote!(f32) } else { quote!(f64) };
                match s.as_str() {
                    "NaN" => Ok(quote!(#float::NAN)),
                    "Infinity" => Ok(quote!(#float::INFINITY)),
                    "-Infinity" => Ok(quote!(#float::NEG_INFINITY)),
                    _ => Err(mismatch()),
                }
            }
            (TypeKind::BigInteger | TypeKind::BigDecimal, Json::Number(n)) => {
                let text = n.to_string();
                Ok(quote!(#text.parse().expect("a valid number")))
            }
            (TypeKind::String, Json::String(s)) => Ok(quote!(#s.to_owned())),
            (TypeKind::Blob, Json::String(s)) => {
                let bytes = Literal::byte_string(s.as_bytes());
                Ok(quote!(#bytes.to_vec()))
            }
            (TypeKind::Timestamp, Json::Number(n)) => {
                let text = n.to_string();
                Ok(quote!(support::timestamp(#text)))
            }
            (TypeKind::Document, json) => Ok(document(json)),
            (TypeKind::List { item, sparse }, Json::Array(items)) => {
                let items = items
                    .iter()
                    .map(|json| match json {
                        Json::Null if *sparse => Ok(quote!(None)),
                        json if *sparse => self.value(json, item).map(|v| quote!(Some(#v))),
                        json => self.value(json, item),
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(quote!(vec![#(#items),*]))
            }
            (TypeKind::Map { key, value, sparse }, Json::Object(entries)) => {
                let entries = entries
                    .iter()
                    .map(|(k, json)| {
                        let k = self.value(&Json::String(k.to_owned()), key)?;
                        let v = match json {
                            Json::Null if *sparse => quote!(None),
                            json if *sparse => {
                                let v = self.value(json, value)?;
                                quote!(Some(#v))
                            }
                            json => self.value(json, value)?,
                        };
                        Ok(quote!((#k, #v)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(quote!(BTreeMap::from([#(#entries),*])))
            }
            (TypeKind::Named, json) => self.named_value(json, ty),
            _ => Err(mismatch()),
        }
    }

    fn named_value(&self, json: &Json, ty: &TypeRef) -> Emitted {
        let mismatch = || format!("a value of `{}` cannot be {}", ty.shape, json.kind());
        if !self.service.types.contains_key(&ty.shape) {
            return Err(mismatch());
        }
        let name = self.named(&ty.shape);
        match (self.service.types.get(&ty.shape), json) {
            (Some(TypeDef::Structure(s)), Json::Object(params)) => self.build(params, s),
            (Some(TypeDef::Enum(e)), Json::String(s)) if !e.int => Ok(quote!(#name::from(#s))),
            (Some(TypeDef::Enum(e)), Json::Number(n)) if e.int => {
                let n = n.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(mismatch)?;
                Ok(quote!(#name::from(#n)))
            }
            (Some(TypeDef::Union(u)), Json::Object(params)) => {
                let [(key, json)] = params.0.as_slice() else {
                    return Err(format!("a value of union `{}` must have exactly one member", ty.shape));
                };
                let m = u.members.iter().find(|m| &m.name == key).ok_or_else(|| format!("`{}` has no member `{key}`", ty.shape))?;
                let variant = ident(&m.ident);
                if m.ty.kind == TypeKind::Unit {
                    return Ok(quote!(#name::#variant));
                }
                let value = self.value(json, &m.ty)?;
                let value = if m.boxed { quote!(Box::new(#value)) } else { value };
                Ok(quote!(#name::#variant(#value)))
            }
            _ => Err(mismatch()),
        }
    }

    /// The value a parser fills in for a required member the response left out.
    fn zero(&self, ty: &TypeRef) -> Emitted {
        let name = || self.named(&ty.shape);
        match (&ty.kind, self.service.types.get(&ty.shape)) {
            (TypeKind::Named, Some(TypeDef::Structure(s))) => self.build(&Object::default(), s),
            (TypeKind::Named, Some(TypeDef::Enum(e))) if e.int => {
                let name = name();
                Ok(quote!(#name::from(0)))
            }
            (TypeKind::Named, Some(TypeDef::Enum(_))) => {
                let name = name();
                Ok(quote!(#name::from("")))
            }
            (TypeKind::Named, _) => Err(format!("no zero value for the required union `{}`", ty.shape)),
            _ => Ok(quote!(Default::default())),
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
