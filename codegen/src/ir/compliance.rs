//! IR stage: the protocol compliance cases of a service (`smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests`), typed. Only cases a client runs are kept: those for the
//! service's protocol whose `appliesTo` is `client` or absent. Response cases on an error
//! structure run through the first operation of the service that can return the error.

use super::value::{Resolved, Resolver};
use super::Service;
use crate::error::{Error, Result};
use crate::model::{Json, Model, Object, ShapeId};
use crate::naming;

pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The case's `id`, unique in the suite (`RestJsonListsSerializeNull`).
    pub id: String,
    /// The name of the case's test function, unique in its file
    /// (`rest_json_lists_serialize_null`).
    pub function: String,
    /// The protocol trait id (`aws.protocols#restJson1`).
    pub protocol: String,
    pub doc: Option<String>,
    /// The operation the case exercises.
    pub operation: ShapeId,
    /// The input (request cases), output or error (response cases) that the case's `params`
    /// describe, or why the generator cannot express it.
    pub value: Resolved,
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Request(HttpRequest),
    Response(HttpResponse),
}

impl Message {
    /// `request` or `response`.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Request(_) => "request",
            Message::Response(_) => "response",
        }
    }
}

/// What the client must send.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpRequest {
    pub method: String,
    /// The path, without the query.
    pub uri: String,
    pub host: Option<String>,
    pub resolved_host: Option<String>,
    /// `key=value` pairs, percent-encoded as on the wire.
    pub query_params: Vec<String>,
    pub forbid_query_params: Vec<String>,
    pub require_query_params: Vec<String>,
    pub headers: Vec<(String, String)>,
    pub forbid_headers: Vec<String>,
    pub require_headers: Vec<String>,
    /// No assertion on the body when `None`.
    pub body: Option<String>,
    pub body_media_type: Option<String>,
}

/// What the client receives.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub code: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub body_media_type: Option<String>,
    /// The error structure the response decodes to, for cases on an error shape.
    pub error: Option<ShapeId>,
}

/// Every client case of the service's operations and error shapes, operations first, in model
/// order.
pub fn cases(model: &Model, service: &Service) -> Result<Vec<Case>> {
    let Some(protocol) = &service.traits.protocol else { return Ok(Vec::new()) };
    let protocol = protocol.trait_id();
    let resolver = Resolver { types: &service.types };
    let mut cases = Vec::new();
    for op in &service.operations {
        let shape = &model.shapes[&op.id];
        let file = &shape.origin.file;
        for (key, value) in shape.traits.iter() {
            for case in client_cases(&op.id, key, value, protocol).map_err(|e| e.in_file(file))? {
                let (mut case, params) = parse(&op.id, key, case, op.id.clone(), None).map_err(|e| e.in_file(file))?;
                let structure = if key == REQUEST_TESTS { op.input.as_ref() } else { op.output.as_ref() };
                case.value = resolver.top(&params, structure);
                cases.push(case);
            }
        }
    }
    for id in service.types.keys() {
        let shape = &model.shapes[id];
        if !shape.has_trait("smithy.api#error") || !shape.traits.contains_key(RESPONSE_TESTS) {
            continue;
        }
        let Some(op) = service.operations.iter().find(|op| op.error_shapes().any(|e| e == id)) else { continue };
        let file = &shape.origin.file;
        for case in client_cases(id, RESPONSE_TESTS, &shape.traits[RESPONSE_TESTS], protocol).map_err(|e| e.in_file(file))? {
            let (mut case, params) = parse(id, RESPONSE_TESTS, case, op.id.clone(), Some(id.clone())).map_err(|e| e.in_file(file))?;
            case.value = resolver.structure(&params, id);
            cases.push(case);
        }
    }
    // The file's `mod support;` takes its name first.
    let mut functions: Vec<String> = cases.iter().map(|c| naming::field(&c.id)).collect();
    naming::deduplicate(&mut functions, &["support"]);
    for (case, function) in cases.iter_mut().zip(functions) {
        case.function = function;
    }
    Ok(cases)
}

/// The cases of one test trait that a client of `protocol` runs.
fn client_cases<'a>(at: &ShapeId, key: &str, value: &'a Json, protocol: &str) -> Result<Vec<&'a Object>> {
    if key != REQUEST_TESTS && key != RESPONSE_TESTS {
        return Ok(Vec::new());
    }
    let list = value.as_array().ok_or_else(|| Error::shape(at, format!("trait `{key}` must be a list")))?;
    let mut cases = Vec::new();
    for case in list {
        let case = case.as_object().ok_or_else(|| Error::shape(at, format!("trait `{key}`: each case must be an object")))?;
        let client = matches!(case.get("appliesTo").and_then(Json::as_str), None | Some("client"));
        if client && case.get("protocol").and_then(Json::as_str) == Some(protocol) {
            cases.push(case);
        }
    }
    Ok(cases)
}

/// A case, and its `params` (the case's value is resolved from them by the caller).
fn parse(at: &ShapeId, key: &str, case: &Object, operation: ShapeId, error: Option<ShapeId>) -> Result<(Case, Object)> {
    let f = Fields { at, key, case };
    let id = f.string("id")?.ok_or_else(|| f.fail("id", "is required"))?;
    let f = Fields { at, key: &format!("{key} `{id}`"), case };
    let params = match case.get("params") {
        None => Object::default(),
        Some(Json::Object(o)) => o.clone(),
        Some(_) => return Err(f.fail("params", "must be an object")),
    };
    let message = if key == REQUEST_TESTS {
        Message::Request(HttpRequest {
            method: f.string("method")?.ok_or_else(|| f.fail("method", "is required"))?,
            uri: f.string("uri")?.ok_or_else(|| f.fail("uri", "is required"))?,
            host: f.string("host")?,
            resolved_host: f.string("resolvedHost")?,
            query_params: f.strings("queryParams")?,
            forbid_query_params: f.strings("forbidQueryParams")?,
            require_query_params: f.strings("requireQueryParams")?,
            headers: f.headers()?,
            forbid_headers: f.strings("forbidHeaders")?,
            require_headers: f.strings("requireHeaders")?,
            body: f.string("body")?,
            body_media_type: f.string("bodyMediaType")?,
        })
    } else {
        let code = match case.get("code") {
            Some(Json::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()).ok_or_else(|| f.fail("code", "must be an HTTP status"))?,
            _ => return Err(f.fail("code", "is required (a number)")),
        };
        Message::Response(HttpResponse {
            code,
            headers: f.headers()?,
            body: f.string("body")?,
            body_media_type: f.string("bodyMediaType")?,
            error,
        })
    };
    let case = Case {
        id,
        function: String::new(),
        protocol: f.string("protocol")?.unwrap_or_default(),
        doc: f.string("documentation")?,
        operation,
        value: Ok(super::value::Value::Unit),
        message,
    };
    Ok((case, params))
}

/// Reads the fields of one case, with errors that name the shape, the trait and the case.
struct Fields<'a> {
    at: &'a ShapeId,
    key: &'a str,
    case: &'a Object,
}

impl Fields<'_> {
    fn fail(&self, field: &str, problem: &str) -> Error {
        Error::shape(self.at, format!("trait {}: `{field}` {problem}", self.key))
    }

    fn string(&self, field: &str) -> Result<Option<String>> {
        match self.case.get(field) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.fail(field, "must be a string")),
        }
    }

    fn strings(&self, field: &str) -> Result<Vec<String>> {
        match self.case.get(field) {
            None => Ok(Vec::new()),
            Some(Json::Array(items)) => {
                items.iter().map(|i| i.as_str().map(str::to_owned).ok_or_else(|| self.fail(field, "must be a list of strings"))).collect()
            }
            Some(_) => Err(self.fail(field, "must be a list of strings")),
        }
    }

    fn headers(&self) -> Result<Vec<(String, String)>> {
        match self.case.get("headers") {
            None => Ok(Vec::new()),
            Some(Json::Object(o)) => o
                .iter()
                .map(|(k, v)| v.as_str().map(|v| (k.to_owned(), v.to_owned())).ok_or_else(|| self.fail("headers", "must map names to strings")))
                .collect(),
            Some(_) => Err(self.fail("headers", "must be an object")),
        }
    }
}
