//! Requests and responses as plain values, free of any HTTP client, and what every operation
//! shares: the [`Operation`] trait, error-code resolution, and the errors of encoding and
//! decoding.
//!
//! A request holds what the service must receive: method, path and query, headers and body.
//! With the `client` feature, each service's `Client` sends it for you (endpoint, SigV4,
//! retries) over the crate's HTTP stacks, or over yours through the `client::Http` trait. To send
//! it with your own stack and nothing else of the crate, a transport does four things: joins
//! the endpoint and [`Request::uri`] (with endpoint rules, `Endpoint::url_for` does it and adds
//! the host prefix), signs (SigV4: the `sigv4` module, feature `sigv4`), sends the method, every
//! header and the body, and turns the answer into a [`Response`] with its status, body and
//! **every** header: a restJson1 error may be named only by `X-Amzn-ErrorType`, and the request
//! id is a header. This is the one place the crate's docs show a transport; `client::Ureq`
//! and `client::Hyper` are two complete ones.
//!
//! ```
//! use aws_lean_sdk::http::{Request, Response};
//!
//! /// Stands for your HTTP client's call: method, URL, headers and body out; status, headers
//! /// and body back, whatever the status.
//! fn http_call(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
//!     assert!(method == "POST" && url.starts_with("https://") && !headers.is_empty() && body.is_empty());
//!     let headers = vec![("X-Amzn-ErrorType".to_owned(), "ThrottlingException".to_owned()), ("x-amzn-RequestId".to_owned(), "r-1".to_owned())];
//!     (400, headers, b"{}".to_vec())
//! }
//!
//! fn send(endpoint: &str, request: &Request) -> Response {
//!     // Sign `request` here (or let a `Client` do all of this).
//!     let url = format!("{endpoint}{}", request.uri);
//!     let headers: Vec<(&str, &str)> = request.headers.iter().map(|(name, value)| (name.as_ref(), value.as_ref())).collect();
//!     let (status, headers, body) = http_call(request.method, &url, &headers, &request.body);
//!     Response::new(status, body).with_headers(headers)
//! }
//!
//! let mut request = Request::new("POST", "/");
//! request.headers.push(("Content-Type".into(), "application/x-amz-json-1.0".into()));
//! let response = send("https://swf.us-east-1.amazonaws.com", &request);
//! // Every header came back: the error's type and the request id are there to decode.
//! assert_eq!(response.header("x-amzn-errortype"), Some("ThrottlingException"));
//! assert_eq!(response.header("x-amzn-requestid"), Some("r-1"));
//! ```

use std::borrow::Cow;
use std::fmt;

/// An HTTP request to send.
///
/// Its `Debug` output hides what comes from `@sensitive` members (the URI, a header's value, the
/// body) and the values of `Authorization` and `X-Amz-Security-Token`; the body is shown as text.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path and query (`/ListWorkflowExecutions`, `/things/a%20b?max=5`), to append to the
    /// endpoint.
    pub uri: String,
    /// Header names and values, in the order they were set. Most are text fixed by the model
    /// (`Content-Type`, `X-Amz-Target`, ...), borrowed rather than allocated for each request.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    pub body: Vec<u8>,
    /// Text to put before the endpoint's host (`foo.` makes `example.com` into
    /// `foo.example.com`), for operations whose model has `@endpoint(hostPrefix: ...)`.
    pub host_prefix: Option<String>,
    /// What `Debug` hides.
    sensitive: Sensitive,
}

/// The parts of a request that hold `@sensitive` values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sensitive {
    /// The path and query, and the host prefix.
    uri: bool,
    /// Header names, lower case.
    headers: Vec<String>,
    body: bool,
}

/// What `Debug` prints in place of a hidden value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Headers whose values are secrets whatever the model says.
const SECRET_HEADERS: &[&str] = &["authorization", "x-amz-security-token"];

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |hide: bool, value: &dyn fmt::Debug| -> String { if hide { REDACTED.to_owned() } else { format!("{value:?}") } };
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let lower = name.to_ascii_lowercase();
                let hide = SECRET_HEADERS.contains(&lower.as_str()) || self.sensitive.headers.contains(&lower);
                (name.as_ref(), if hide { REDACTED.to_owned() } else { value.to_string() })
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("uri", &format_args!("{}", hidden(self.sensitive.uri, &self.uri)))
            .field("headers", &headers)
            .field("body", &format_args!("{}", hidden(self.sensitive.body, &String::from_utf8_lossy(&self.body))))
            .field("host_prefix", &format_args!("{}", hidden(self.sensitive.uri, &self.host_prefix)))
            .finish()
    }
}

impl Request {
    /// A request with no headers and no body. Operations build theirs with
    /// [`Operation::request`]; this is for requests made by hand (tests, a transport's own).
    pub fn new(method: &'static str, uri: impl Into<String>) -> Self {
        // Room for the headers of a signed request with a body, which most are.
        Request { method, uri: uri.into(), headers: Vec::with_capacity(8), body: Vec::new(), host_prefix: None, sensitive: Sensitive::default() }
    }

    /// Marks the URI and the host prefix as holding `@sensitive` values, for `Debug` to hide.
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn hide_uri(&mut self) {
        self.sensitive.uri = true;
    }

    /// Marks the body as holding `@sensitive` values, for `Debug` to hide.
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn hide_body(&mut self) {
        self.sensitive.body = true;
    }

    /// Marks a header as holding a `@sensitive` value, for `Debug` to hide.
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn hide_header(&mut self, name: &str) {
        self.sensitive.headers.push(name.to_ascii_lowercase());
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.uri.split('?').next().unwrap_or("")
    }

    /// The query string, without the `?`, if there is one.
    pub fn query(&self) -> Option<&str> {
        self.uri.split_once('?').map(|(_, query)| query)
    }

    /// Sets the body with its `Content-Length`, and its `Content-Type` unless a member bound to
    /// that header set one already.
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn set_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        set_body(&mut self.headers, content_type, body.len());
        self.body = body;
    }
}

/// An HTTP response received.
///
/// Its `Debug` output shows the status, the header names and the body's size only: a response
/// may carry `@sensitive` values (a secret, a password), and nothing about it says which.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// At most how many bytes of memory decoded values may take; see [`Response::decode_limit`].
    decode_limit: Option<usize>,
}

/// Decoded values may take this many times the body's size in memory, by default ...
pub const DECODE_LIMIT_FACTOR: usize = 16;

/// ... or this many bytes, if that is more (4 MiB).
pub const DECODE_LIMIT_MIN: usize = 4 << 20;

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response { status, headers: Vec::new(), body: body.into(), decode_limit: None }
    }

    /// Sets how many bytes of memory the values decoded from this response may take.
    pub fn with_decode_limit(mut self, bytes: usize) -> Self {
        self.decode_limit = Some(bytes);
        self
    }

    /// How many bytes of memory the values decoded from this response may take, beyond the text
    /// of their strings (which is never more than the body): [`with_decode_limit`]'s, or by
    /// default the larger of [`DECODE_LIMIT_FACTOR`] times the body's size and
    /// [`DECODE_LIMIT_MIN`]. Each list item, map entry and document value counts its size, with
    /// the structures inside it; a required member a response leaves out is filled in, so a body
    /// of empty objects (`[{},{},...]`) would otherwise take up to a hundred times its size. A
    /// response past the limit decodes as an `InvalidResponse`.
    ///
    /// [`with_decode_limit`]: Self::with_decode_limit
    pub fn decode_limit(&self) -> usize {
        self.decode_limit.unwrap_or_else(|| self.body.len().saturating_mul(DECODE_LIMIT_FACTOR).max(DECODE_LIMIT_MIN))
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds headers.
    pub fn with_headers(mut self, headers: impl IntoIterator<Item = (String, String)>) -> Self {
        self.headers.extend(headers);
        self
    }

    /// The value of a header, by case-insensitive name (the first, if it is repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Sets the body with its `Content-Length`, and its `Content-Type` unless a member bound to
    /// that header set one already.
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn set_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        set_body(&mut self.headers, content_type, body.len());
        self.body = body;
    }

    /// The values of a header that may be repeated, by case-insensitive name, joined with `, `
    /// (which HTTP makes the same as one header with the joined value): how a list bound to a
    /// header reads when the transport hands each line over separately.
    pub fn joined_header(&self, name: &str) -> Option<Cow<'_, str>> {
        let mut values = self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
        let first = values.next()?;
        match values.next() {
            None => Some(Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first}, {second}");
                for value in values {
                    joined.push_str(", ");
                    joined.push_str(value);
                }
                Some(Cow::Owned(joined))
            }
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Sets `Content-Type` (unless set) and `Content-Length` in a request's or a response's headers.
fn set_body<H: AsRef<str> + From<&'static str> + From<String>>(headers: &mut Vec<(H, H)>, content_type: &'static str, length: usize) {
    if find_header(headers, "Content-Type").is_none() {
        headers.push(("Content-Type".into(), content_type.into()));
    }
    headers.retain(|(name, _)| !name.as_ref().eq_ignore_ascii_case("Content-Length"));
    headers.push(("Content-Length".into(), decimal(length).into()));
}

/// `n` in decimal, without the formatting machinery of `to_string` (a request's
/// `Content-Length` is written for every request).
fn decimal(n: usize) -> String {
    let mut buffer = [0u8; 20];
    let at = crate::primitives::digits_before(n as u64, &mut buffer, 20);
    let mut text = String::with_capacity(20 - at);
    for &digit in &buffer[at..] {
        text.push(char::from(digit));
    }
    text
}

fn find_header<'a, H: AsRef<str>>(headers: &'a [(H, H)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
}

/// One operation of a service: how its input becomes a request and a response its output.
pub trait Operation {
    type Input;
    type Output;
    type Error: std::error::Error;

    /// The operation's name in the model.
    const NAME: &'static str;

    /// Encodes the request the service expects for `input`.
    fn request(input: &Self::Input) -> Result<Request, RequestError>;

    /// Decodes the output, or the modeled or unmodeled error the service answered with.
    fn response(response: &Response) -> Result<Self::Output, Self::Error>;

    /// The successful response a service would send for `output`: what fakes and tests of code
    /// that calls the service answer with. [`response`](Self::response) decodes it back to an
    /// equal output.
    fn output_response(output: &Self::Output) -> Response;
}

/// An input that cannot be made into a request: it breaks the model's constraints, or a value
/// the URI needs is missing.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestError {
    kind: RequestErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
enum RequestErrorKind {
    Invalid(crate::validation::ValidationError),
    Unencodable(String),
}

impl RequestError {
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        RequestError { kind: RequestErrorKind::Unencodable(message.into()) }
    }

    /// The constraints the input breaks, when that is the problem.
    pub fn validation(&self) -> Option<&crate::validation::ValidationError> {
        match &self.kind {
            RequestErrorKind::Invalid(e) => Some(e),
            RequestErrorKind::Unencodable(_) => None,
        }
    }
}

impl From<crate::json::WriteError> for RequestError {
    fn from(error: crate::json::WriteError) -> Self {
        RequestError::new(error.to_string())
    }
}

impl From<crate::validation::ValidationError> for RequestError {
    fn from(error: crate::validation::ValidationError) -> Self {
        RequestError { kind: RequestErrorKind::Invalid(error) }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            RequestErrorKind::Invalid(e) => e.fmt(f),
            RequestErrorKind::Unencodable(message) => write!(f, "cannot encode the request: {message}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// A response that does not decode: not the JSON, header or status the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    status: u16,
    message: String,
    code: Option<String>,
}

impl ResponseError {
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn new(status: u16, message: impl fmt::Display) -> Self {
        ResponseError { status, message: message.to_string(), code: None }
    }

    /// The same error, for an error response that named `code`.
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code the response named, when it was an error response whose body did not
    /// decode as that error.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "cannot decode the {code} error response (HTTP {}): {}", self.status, self.message),
            None => write!(f, "cannot decode the response (HTTP {}): {}", self.status, self.message),
        }
    }
}

impl std::error::Error for ResponseError {}

/// What a response said besides the members it decoded to: its status and headers, and so the
/// request id AWS gives every call. Outputs and modeled errors keep it (their `meta()`); it is
/// empty for values built in code.
///
/// It compares equal to any other, so that decoded values compare by their members; its `Debug`
/// shows the status and the request id only (headers may hold anything).
#[derive(Clone, Default)]
pub struct ResponseMeta {
    status: u16,
    headers: Vec<(String, String)>,
}

impl ResponseMeta {
    /// The metadata of a response.
    pub fn new(response: &Response) -> Self {
        ResponseMeta { status: response.status, headers: response.headers.clone() }
    }

    /// The HTTP status; 0 for a value built in code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The request id AWS sent (`x-amzn-RequestId`, or `x-amz-request-id`), to quote to AWS
    /// support.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-RequestId").or_else(|| self.header("x-amz-request-id"))
    }
}

/// An output or error structure that keeps what the response it came in said besides its
/// members (see `response_meta!`).
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) trait WithMeta {
    /// The value with the response's metadata (set when a response is decoded).
    fn with_meta(self, meta: ResponseMeta) -> Self;
}

/// The two methods of an output or error structure `$ty` that keep the response's
/// [`ResponseMeta`] in the field `$field`: the public `meta()`, and [`WithMeta`] for the
/// operations that decode it. The generated `types` modules invoke it after the structure:
/// `response_meta!(GetThingOutput, meta);`.
#[allow(unused_macros)] // Invoked by the generated `types` modules.
macro_rules! response_meta {
    ($ty:ident, $field:ident) => {
        impl $ty {
            /// What the response that carried this value said besides its members: its status,
            /// headers and request id. Empty for a value built here.
            #[inline]
            pub fn meta(&self) -> &$crate::http::ResponseMeta {
                &self.$field
            }
        }

        impl $crate::http::WithMeta for $ty {
            #[inline]
            fn with_meta(mut self, meta: $crate::http::ResponseMeta) -> Self {
                self.$field = meta;
                self
            }
        }
    };
}
#[allow(unused_imports)] // Used by the generated `types` modules.
pub(crate) use response_meta;

impl PartialEq for ResponseMeta {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMeta").field("status", &self.status).field("request_id", &self.request_id()).finish()
    }
}

/// An error response that names no error the model defines for the operation.
#[derive(Debug, Clone, PartialEq)]
pub struct UnhandledError {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    meta: ResponseMeta,
}

impl UnhandledError {
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn new(response: &Response, info: ErrorInfo) -> Self {
        UnhandledError { status: response.status, code: info.code, message: info.message, meta: ResponseMeta::new(response) }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response's status, headers and request id.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The error code the service sent, if any (`ThrottlingException`).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.code.as_deref().unwrap_or("unknown error"), self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnhandledError {}

/// What each variant of an operation's error enum can tell: a modeled error structure, an
/// [`UnhandledError`] or a [`ResponseError`]. The enum's `code`, `message`, `request_id` and
/// `Display` ask the variant through this, in one `match`.
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) trait ErrorParts: fmt::Display {
    /// The error's code: a modeled error's shape name, or the code the response carried.
    fn code(&self) -> Option<&str>;
    /// The message the service sent, if any.
    fn message(&self) -> Option<&str>;
    /// The request id AWS sent with the error.
    fn request_id(&self) -> Option<&str>;
}

/// What every error structure of a model has: `Display` (its code, then its message unless that
/// is `@sensitive`: `hidden`), `std::error::Error`, and its [`ErrorParts`] for the operations'
/// error enums: the code, the message (given by the closure-like expression, from the error
/// `e`) and the request id of the response it came in (none with `no_meta`, for an error that
/// only comes in an event stream). The generated `errors` modules invoke it once per error
/// structure: `error_structure!(types::Throttling, "Throttling", |e| e.message.as_deref());`.
#[allow(unused_macros)] // Invoked by the generated `errors` modules.
macro_rules! error_structure {
    ($ty:ty, $code:literal, |$e:ident| $message:expr) => {
        $crate::http::error_structure!(@ $ty, $code, |$e| $message, [$message], [$e.meta().request_id()]);
    };
    ($ty:ty, $code:literal, |$e:ident| $message:expr, hidden) => {
        $crate::http::error_structure!(@ $ty, $code, |$e| $message, [::core::option::Option::None], [$e.meta().request_id()]);
    };
    ($ty:ty, $code:literal, |$e:ident| $message:expr, no_meta) => {
        $crate::http::error_structure!(@ $ty, $code, |$e| $message, [$message], [::core::option::Option::None]);
    };
    ($ty:ty, $code:literal, |$e:ident| $message:expr, hidden, no_meta) => {
        $crate::http::error_structure!(@ $ty, $code, |$e| $message, [::core::option::Option::None], [::core::option::Option::None]);
    };
    (@ $ty:ty, $code:literal, |$e:ident| $message:expr, [$shown:expr], [$request_id:expr]) => {
        impl ::core::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #[allow(unused_variables)]
                let $e = self;
                let shown: ::core::option::Option<&str> = $shown;
                f.write_str($code)?;
                if let ::core::option::Option::Some(message) = shown {
                    f.write_str(": ")?;
                    f.write_str(message)?;
                }
                ::core::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for $ty {}

        impl $crate::http::ErrorParts for $ty {
            #[inline]
            fn code(&self) -> ::core::option::Option<&str> {
                ::core::option::Option::Some($code)
            }

            #[inline]
            fn message(&self) -> ::core::option::Option<&str> {
                #[allow(unused_variables)]
                let $e = self;
                $message
            }

            #[inline]
            fn request_id(&self) -> ::core::option::Option<&str> {
                #[allow(unused_variables)]
                let $e = self;
                $request_id
            }
        }
    };
}
#[allow(unused_imports)] // Used by the generated `errors` modules.
pub(crate) use error_structure;

/// An error structure the model defines, as an operation's error enum decodes it: the code an
/// error response names it by, and its decoding from such a response (what does not decode keeps
/// the code).
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) trait ModeledError: Sized {
    /// The error's code: its shape's name.
    const CODE: &'static str;
    /// The error, from an error response that names it.
    fn decode(response: &Response) -> Result<Self, ResponseError>;
}

/// The code of the error that `variant` (an error enum's variant, `Self::ThrottlingException`)
/// holds.
#[allow(dead_code)] // Used by the operations of some models only.
#[inline]
pub(crate) fn modeled_code<T: ModeledError, E>(_variant: fn(T) -> E) -> &'static str {
    T::CODE
}

/// The error `variant` holds, decoded from `response`, as the variant.
#[allow(dead_code)] // Used by the operations of some models only.
#[inline]
pub(crate) fn decode_modeled<T: ModeledError, E>(response: &Response, variant: fn(T) -> E) -> Result<E, ResponseError> {
    T::decode(response).map(variant)
}

/// What every operation's error enum has, given its name and its modeled errors' variants:
/// its decoding from an error response (`from_error_response`: the modeled error whose code the
/// response names, else `Unhandled`; one that does not decode is `InvalidResponse`), `code`,
/// `message` and `request_id`, `Display`, and `std::error::Error`. The generated `errors`
/// modules invoke it once per operation, after the enum, so that each enum spells out only its
/// variants: `operation_error!(GetThingError, NotFound, Throttling);`.
#[allow(unused_macros)] // Invoked by the generated `errors` modules.
macro_rules! operation_error {
    ($name:ident $(, $variant:ident)* $(,)?) => {
        impl $name {
            /// The error an error response carries: the modeled error its code names, else
            /// `Unhandled`; a modeled error that does not decode is `InvalidResponse`.
            #[inline]
            pub(crate) fn from_error_response(response: &$crate::http::Response) -> Self {
                let info = $crate::http::error_info(response);
                match info.code.as_deref() {
                    $(
                        ::core::option::Option::Some(code) if code == $crate::http::modeled_code(Self::$variant) => {
                            $crate::http::decode_modeled(response, Self::$variant).unwrap_or_else(Self::InvalidResponse)
                        }
                    )*
                    _ => Self::Unhandled($crate::http::UnhandledError::new(response, info)),
                }
            }

            /// The variant's error, whatever it is.
            #[inline]
            fn parts(&self) -> &dyn $crate::http::ErrorParts {
                match self {
                    $(Self::$variant(e) => e,)*
                    Self::Unhandled(e) => e,
                    Self::InvalidResponse(e) => e,
                }
            }

            /// The error's code: the modeled error's shape name, or the code an error response
            /// carried (also one whose body did not decode).
            #[inline]
            pub fn code(&self) -> ::core::option::Option<&str> {
                self.parts().code()
            }

            /// The error's message, when the service sent one.
            #[inline]
            pub fn message(&self) -> ::core::option::Option<&str> {
                self.parts().message()
            }

            /// The request id AWS sent with the error, to quote to AWS support (none for a
            /// response that did not decode).
            #[inline]
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                self.parts().request_id()
            }
        }

        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                self.parts().fmt(f)
            }
        }

        // `Display` already shows the inner error, so it is not also a `source`.
        impl ::std::error::Error for $name {}
    };
}
#[allow(unused_imports)] // Used by the generated `errors` modules.
pub(crate) use operation_error;

impl ErrorParts for UnhandledError {
    fn code(&self) -> Option<&str> {
        self.code()
    }

    fn message(&self) -> Option<&str> {
        self.message()
    }

    fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

/// A response that did not decode: its code when it was an error response; no message or
/// request id of its own.
impl ErrorParts for ResponseError {
    fn code(&self) -> Option<&str> {
        self.code()
    }

    fn message(&self) -> Option<&str> {
        None
    }

    fn request_id(&self) -> Option<&str> {
        None
    }
}

/// What identifies an error response: its code and message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorInfo {
    pub code: Option<String>,
    pub message: Option<String>,
}

/// Reads an error response's code (the `X-Amzn-ErrorType` header, else the body's `code`, else its
/// `__type`, cut at the first `:` and after the last `#`) and message (`message`, `Message` or
/// `errorMessage`). A body that is not a JSON object gives no code and no message.
pub fn error_info(response: &Response) -> ErrorInfo {
    let mut body_code = None;
    let mut body_type = None;
    let mut message = None;
    let _ = (|| -> crate::json::Result<()> {
        let mut reader = crate::json::Reader::from_bytes(&response.body)?;
        reader.begin_object()?;
        while let Some(key) = reader.next_key()? {
            let slot = match key.as_ref() {
                "code" => &mut body_code,
                "__type" => &mut body_type,
                "message" | "Message" | "errorMessage" => &mut message,
                _ => {
                    reader.skip()?;
                    continue;
                }
            };
            if reader.null()? {
                continue;
            }
            match reader.string() {
                Ok(value) => *slot = Some(value.into_owned()),
                Err(_) => reader.skip()?,
            }
        }
        Ok(())
    })();
    let header = response.header("X-Amzn-ErrorType").map(str::to_owned);
    let code = header.or(body_code).or(body_type).map(|raw| sanitize_error_code(&raw).to_owned());
    ErrorInfo { code: code.filter(|c| !c.is_empty()), message }
}

/// `aws.protocoltests#FooError:http://internal/...` -> `FooError`: the text before the first
/// `:`, after the first `#`, as the JSON protocols say.
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    before_colon.split_once('#').map_or(before_colon, |(_, code)| code).trim()
}

/// The text of a URI label, percent-encoded: `member`'s value, which must not be empty, and
/// whose path segments (the whole value, or each `/`-separated part of a greedy label) must not be
/// `.` or `..`. A transport that parses URLs (reqwest does, through `url`) would resolve such a
/// segment and send a path naming another resource (`/items/../files/p` becomes `/files/p`, and
/// `%2E` is read as a dot too), so no label can change which resource the path names.
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) fn label(member: &str, value: &str, greedy: bool) -> Result<String, RequestError> {
    if value.is_empty() {
        return Err(RequestError::new(format!("`{member}` must be set and not empty: it is part of the URI")));
    }
    let segments: Vec<&str> = if greedy { value.split('/').collect() } else { vec![value] };
    if segments.iter().any(|segment| matches!(*segment, "." | "..")) {
        return Err(RequestError::new(format!(
            "`{member}` must not be `.` or `..`{}: a URL would resolve it to another path",
            if greedy { " or have such a segment" } else { "" }
        )));
    }
    Ok(percent_encode(value, greedy))
}

/// Names a transport or the signer owns: a header map from the input may not set them.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "expect",
    "host",
    "keep-alive",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-security-token",
];

/// Whether a header name is an HTTP token (RFC 9110): letters, digits and ``!#$%&'*+-.^_`|~``.
fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl Request {
    /// Adds a header from `member`, refusing a value with control characters (CR, LF, NUL, ...:
    /// a looser transport would send them as the start of another header).
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn add_header(&mut self, member: &str, name: impl Into<Cow<'static, str>>, value: String) -> Result<(), RequestError> {
        if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err(RequestError::new(format!("`{member}` holds a control character, which a header value cannot")));
        }
        self.headers.push((name.into(), value.into()));
        Ok(())
    }

    /// Adds a header named by an entry of `member`'s `@httpPrefixHeaders` map, unless a member
    /// bound to that header by name set it already. The name must be a token, and not one the
    /// transport or the signer owns (`Host`, `Authorization`, `Content-Length`, `X-Amz-Date`, ...).
    #[allow(dead_code)] // Used by the operations of some models only.
    pub(crate) fn add_prefix_header(&mut self, member: &str, name: String, value: String) -> Result<(), RequestError> {
        if !is_token(&name) {
            return Err(RequestError::new(format!("`{member}` has a key that is not a valid header name")));
        }
        if RESERVED_HEADERS.iter().any(|reserved| name.eq_ignore_ascii_case(reserved)) {
            return Err(RequestError::new(format!("`{member}` may not set the `{name}` header")));
        }
        if self.headers.iter().any(|(taken, _)| taken.eq_ignore_ascii_case(&name)) {
            return Ok(());
        }
        self.add_header(member, name, value)
    }
}

/// A timestamp of `member` that its format cannot write, as a request error.
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) fn timestamp_error(member: &str, error: crate::primitives::FormatDateTimeError) -> RequestError {
    RequestError::new(format!("`{member}`: {error}"))
}

/// Appends the query pairs to a URI, each key and value percent-encoded: after a `?`, or after
/// a `&` when the URI has a query already (a template's literal one).
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) fn append_query(uri: &mut String, query: &[(String, String)]) {
    let mut separator = if uri.contains('?') { '&' } else { '?' };
    for (key, value) in query {
        uri.push(separator);
        uri.push_str(&percent_encode(key, false));
        uri.push('=');
        uri.push_str(&percent_encode(value, false));
        separator = '&';
    }
}

/// Percent-encodes a URI path segment or query component: everything but RFC 3986's unreserved
/// characters, and `/` too unless `keep_slash` (greedy labels).
pub fn percent_encode(text: &str, keep_slash: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        let plain = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/');
        if plain {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

/// The token an `@idempotencyToken` member left unset is filled with when the request is encoded,
/// so that a retried request is recognised as the same one: a random version 4 UUID, or inside
/// [`with_idempotency_token`], the fixed token given there. The randomness comes from std's
/// per-process random hash keys: unique, not secret (a token is no secret).
pub fn idempotency_token() -> String {
    if let Some(token) = FIXED_TOKEN.with(|fixed| fixed.borrow().clone()) {
        return token;
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&random_u64().to_be_bytes());
    bytes[8..].copy_from_slice(&random_u64().to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.finish()
}

thread_local! {
    static FIXED_TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with every idempotency token left unset filled with `token` (on this thread), so a
/// test can compare the requests it encodes with fixed ones.
///
/// ```
/// use aws_lean_sdk::http::{idempotency_token, with_idempotency_token};
/// let token = with_idempotency_token("00000000-0000-4000-8000-000000000000", idempotency_token);
/// assert_eq!(token, "00000000-0000-4000-8000-000000000000");
/// assert_ne!(idempotency_token(), idempotency_token());
/// ```
pub fn with_idempotency_token<R>(token: &str, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            FIXED_TOKEN.with(|fixed| *fixed.borrow_mut() = previous);
        }
    }
    let _restore = Restore(FIXED_TOKEN.with(|fixed| fixed.borrow_mut().replace(token.to_owned())));
    f()
}

/// Checks the value of a `@hostLabel` member: it becomes part of a host name, so it must be a
/// non-empty run of letters, digits, `-` and `.`.
#[allow(dead_code)] // Used by the operations of some models only.
pub(crate) fn host_label(member: &str, value: &str) -> Result<(), RequestError> {
    let valid = !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if valid {
        Ok(())
    } else {
        Err(RequestError::new(format!("`{member}` must be a valid host label: it is part of the endpoint's host")))
    }
}

/// Splits a header value that carries a list: on commas, except inside double quotes, with quotes
/// and surrounding spaces removed.
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items
}

/// Quotes a list item for a header if it holds a comma or a double quote.
pub fn quote_header_item(item: &str) -> String {
    if item.contains([',', '"']) || item != item.trim() {
        format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        item.to_owned()
    }
}

/// A float as text in a URI or header: the shortest text that reads back as the same `f32` or
/// `f64` (`4.1f32` is `4.1`, not `4.099999904632568`), and `NaN`, `Infinity` and `-Infinity` as
/// the protocols spell them.
pub fn float_text<F: Into<f64> + fmt::Display + Copy>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// Parses a float from a header, accepting the protocols' spellings of NaN and the infinities.
pub fn parse_float(text: &str) -> Option<f64> {
    match text.trim() {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        other => other.parse().ok(),
    }
}

/// Splits a header list of http-dates, whose items hold a comma themselves
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 ...`): every second comma ends an item.
pub fn split_http_date_list(value: &str) -> Vec<String> {
    let parts: Vec<&str> = value.split(',').collect();
    parts.chunks(2).map(|pair| pair.join(",").trim().to_owned()).collect()
}
