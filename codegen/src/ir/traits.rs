//! IR stage: the traits the generator uses, parsed into typed values. A value of the wrong JSON
//! type is an error naming the shape and the trait; traits the generator does not know are
//! left in the model untouched.

use crate::error::{Error, Result};
use crate::model::{self, Json, Object, ShapeId};

/// The typed traits of one shape or member. Absent traits are `None` / `false`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits {
    pub documentation: Option<String>,
    pub required: bool,
    pub client_optional: bool,
    /// `Some(Json::Null)` for `@default(null)`.
    pub default: Option<Json>,
    pub sensitive: bool,
    pub deprecated: Option<Deprecated>,
    pub input: bool,
    pub output: bool,
    pub error: Option<ErrorFault>,
    /// `@retryable`: the error is worth sending the request again for.
    pub retryable: bool,
    pub http_error: Option<u16>,
    pub sparse: bool,
    pub streaming: bool,
    pub unit_type: bool,
    pub json_name: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    pub length: Option<Bounds>,
    pub range: Option<Bounds>,
    pub pattern: Option<String>,
    pub unique_items: bool,
    /// IDL 1.0's `@enum` on a string shape.
    pub enum_definitions: Option<Vec<EnumDefinition>>,
    pub enum_value: Option<EnumValue>,
    pub idempotency_token: bool,
    /// `@eventHeader`: an event member carried in a message header.
    pub event_header: bool,
    /// `@eventPayload`: an event member that is the message's whole payload.
    pub event_payload: bool,
    pub title: Option<String>,
    pub http: Option<Http>,
    pub http_label: bool,
    pub http_query: Option<String>,
    pub http_query_params: bool,
    pub http_header: Option<String>,
    pub http_prefix_headers: Option<String>,
    pub http_payload: bool,
    pub http_response_code: bool,
    pub media_type: Option<String>,
    /// `@endpoint`'s `hostPrefix` (`foo.`, `{label}.data.`).
    pub host_prefix: Option<String>,
    pub host_label: bool,
    pub http_checksum_required: bool,
    /// `@requestCompression`'s encodings, in order of preference.
    pub request_compression: Option<Vec<String>>,
    pub paginated: Option<Paginated>,
    pub protocol: Option<Protocol>,
    /// `aws.protocols#awsQueryCompatible`: a JSON service that took over an awsQuery one.
    pub aws_query_compatible: bool,
    /// `aws.api#service`'s `sdkId`.
    pub sdk_id: Option<String>,
    /// `aws.auth#sigv4`'s `name`: the service's signing name.
    pub sigv4_name: Option<String>,
    /// An operation sent without a signature: `@optionalAuth`, or `@auth([])`.
    pub unsigned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    DateTime,
    HttpDate,
    EpochSeconds,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deprecated {
    pub message: Option<String>,
    pub since: Option<String>,
}

/// `@length` or `@range` limits, inclusive. Range limits may be fractional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bounds {
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Int(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Http {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paginated {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    AwsJson1_0,
    AwsJson1_1,
    RestJson1,
    /// A protocol the generator knows by name only (`aws.protocols#restXml`, ...).
    Other(String),
}

/// The format of a protocol's documents (bodies, event payloads), read and written by one
/// runtime module. Emitters print calls against that module's `Writer` and `Reader`, whose
/// methods every codec module has (see `codegen/runtime/src/json.rs`), so the serializers and
/// parsers they print are the same for every codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Json,
}

impl Codec {
    /// The runtime module that reads and writes the format (a row of `runtime::MODULES`).
    pub fn runtime_module(self) -> &'static str {
        match self {
            Codec::Json => "json",
        }
    }

    /// The media type of a document: a restJson1 body's `Content-Type`, an event's
    /// `:content-type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Codec::Json => "application/json",
        }
    }
}

/// What differs between the supported protocols, decided here and nowhere else.
impl Protocol {
    /// The codec of the protocol's documents.
    pub fn codec(&self) -> Codec {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::Other(_) => Codec::Json,
        }
    }

    /// Whether members bind to parts of the HTTP message (`@httpLabel`, `@httpHeader`,
    /// `@httpPayload`, ...), so that inputs, outputs and errors are whole HTTP messages with the
    /// operation's `@http` method and URI (restJson1). Otherwise the input and output are JSON
    /// documents `POST`ed to `/`, the operation named by `X-Amz-Target` (awsJson 1.0 and 1.1).
    pub fn binds_http(&self) -> bool {
        matches!(self, Protocol::RestJson1)
    }

    /// Where a protocol whose requests are documents (not [`Protocol::binds_http`]) sends an
    /// operation's request, `POST`ed: the path, and the headers that name the operation. The
    /// awsJson protocols post to `/` with `X-Amz-Target: {Service}.{Operation}`.
    pub fn document_target(&self, service: &str, operation: &str) -> (String, Vec<(&'static str, String)>) {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::Other(_) => {
                ("/".to_owned(), vec![("X-Amz-Target", format!("{service}.{operation}"))])
            }
        }
    }

    /// The `Content-Type` of a document body: the awsJson protocols name their version, the
    /// others send their codec's media type.
    pub fn document_content_type(&self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 | Protocol::Other(_) => self.codec().media_type(),
        }
    }

    /// The format of a timestamp in a document body when neither its member nor its target has
    /// `@timestampFormat`: epoch seconds for the JSON protocols.
    pub fn document_timestamp_format(&self) -> TimestampFormat {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::Other(_) => TimestampFormat::EpochSeconds,
        }
    }

    /// Whether `@jsonName` renames members on the wire (restJson1 only; the awsJson protocols
    /// ignore it).
    pub fn honours_json_name(&self) -> bool {
        matches!(self, Protocol::RestJson1)
    }

    /// Whether the generator emits operations for the protocol.
    pub fn is_supported(&self) -> bool {
        !matches!(self, Protocol::Other(_))
    }

    /// The protocol trait's shape id.
    pub fn trait_id(&self) -> &str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::Other(id) => id,
        }
    }
}

/// Protocol traits recognised on services, in order of preference when a service has several.
const PROTOCOLS: &[&str] = &[
    "aws.protocols#restJson1",
    "aws.protocols#awsJson1_1",
    "aws.protocols#awsJson1_0",
    "smithy.protocols#rpcv2Cbor",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
];

/// Reads one trait value with a message that names the shape and the trait.
struct Reader<'a> {
    at: &'a ShapeId,
    key: &'a str,
    value: &'a Json,
}

impl Reader<'_> {
    fn fail(&self, expected: &str) -> Error {
        Error::shape(self.at, format!("trait `{}` must be {expected}, found {}", self.key, self.value.kind()))
    }

    fn string(&self) -> Result<String> {
        self.value.as_str().map(str::to_owned).ok_or_else(|| self.fail("a string"))
    }

    fn object(&self) -> Result<&Object> {
        self.value.as_object().ok_or_else(|| self.fail("an object"))
    }

    /// Annotation traits are written `{}`; anything else is a mistake.
    fn marker(&self) -> Result<bool> {
        match self.value {
            Json::Object(_) => Ok(true),
            _ => Err(self.fail("an object (`{}`)")),
        }
    }

    fn field_str(&self, object: &Object, field: &str) -> Result<Option<String>> {
        match object.get(field) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(Error::shape(
                self.at,
                format!("trait `{}`: `{field}` must be a string, found {}", self.key, other.kind()),
            )),
        }
    }

    fn field_number(&self, object: &Object, field: &str) -> Result<Option<serde_json::Number>> {
        match object.get(field) {
            None => Ok(None),
            Some(Json::Number(n)) => Ok(Some(n.clone())),
            Some(other) => Err(Error::shape(
                self.at,
                format!("trait `{}`: `{field}` must be a number, found {}", self.key, other.kind()),
            )),
        }
    }

    fn bounds(&self) -> Result<Bounds> {
        let object = self.object()?;
        let bounds = Bounds { min: self.field_number(object, "min")?, max: self.field_number(object, "max")? };
        if let (Some(min), Some(max)) = (&bounds.min, &bounds.max) {
            if min.as_f64() > max.as_f64() {
                return Err(Error::shape(self.at, format!("trait `{}`: min {min} is greater than max {max}", self.key)));
            }
        }
        Ok(bounds)
    }
}

impl Traits {
    /// Parses the traits the generator uses from a shape's or member's trait map.
    pub fn parse(at: &ShapeId, raw: &model::Traits) -> Result<Traits> {
        let mut traits = Traits::default();
        for (key, value) in raw {
            let r = Reader { at, key, value };
            match key.as_str() {
                "smithy.api#documentation" => traits.documentation = Some(r.string()?),
                "smithy.api#required" => traits.required = r.marker()?,
                "smithy.api#clientOptional" => traits.client_optional = r.marker()?,
                "smithy.api#default" => traits.default = Some(value.clone()),
                "smithy.api#sensitive" => traits.sensitive = r.marker()?,
                "smithy.api#deprecated" => {
                    let object = r.object()?;
                    traits.deprecated =
                        Some(Deprecated { message: r.field_str(object, "message")?, since: r.field_str(object, "since")? });
                }
                "smithy.api#input" => traits.input = r.marker()?,
                "smithy.api#output" => traits.output = r.marker()?,
                "smithy.api#error" => {
                    traits.error = Some(match r.string()?.as_str() {
                        "client" => ErrorFault::Client,
                        "server" => ErrorFault::Server,
                        _ => return Err(r.fail("\"client\" or \"server\"")),
                    })
                }
                "smithy.api#httpError" => traits.http_error = Some(status_code(&r)?),
                "smithy.api#sparse" => traits.sparse = r.marker()?,
                "smithy.api#streaming" => traits.streaming = r.marker()?,
                "smithy.api#unitType" => traits.unit_type = r.marker()?,
                "smithy.api#jsonName" => traits.json_name = Some(r.string()?),
                "smithy.api#timestampFormat" => {
                    traits.timestamp_format = Some(match r.string()?.as_str() {
                        "date-time" => TimestampFormat::DateTime,
                        "http-date" => TimestampFormat::HttpDate,
                        "epoch-seconds" => TimestampFormat::EpochSeconds,
                        _ => return Err(r.fail("\"date-time\", \"http-date\" or \"epoch-seconds\"")),
                    })
                }
                "smithy.api#length" => traits.length = Some(r.bounds()?),
                "smithy.api#range" => traits.range = Some(r.bounds()?),
                "smithy.api#pattern" => traits.pattern = Some(r.string()?),
                "smithy.api#uniqueItems" => traits.unique_items = r.marker()?,
                "smithy.api#enum" => traits.enum_definitions = Some(enum_definitions(&r)?),
                "smithy.api#enumValue" => {
                    traits.enum_value = Some(match value {
                        Json::String(s) => EnumValue::String(s.clone()),
                        Json::Number(n) => EnumValue::Int(n.as_i64().ok_or_else(|| r.fail("an integer"))?),
                        _ => return Err(r.fail("a string or an integer")),
                    })
                }
                "smithy.api#idempotencyToken" => traits.idempotency_token = r.marker()?,
                "smithy.api#eventHeader" => traits.event_header = r.marker()?,
                "smithy.api#eventPayload" => traits.event_payload = r.marker()?,
                "smithy.api#title" => traits.title = Some(r.string()?),
                "smithy.api#http" => {
                    let object = r.object()?;
                    let method = r.field_str(object, "method")?.ok_or_else(|| r.fail("an object with a `method`"))?;
                    let uri = r.field_str(object, "uri")?.ok_or_else(|| r.fail("an object with a `uri`"))?;
                    let code = match object.get("code") {
                        None => 200,
                        Some(code) => status_code(&Reader { at, key, value: code })?,
                    };
                    traits.http = Some(Http { method, uri, code });
                }
                "smithy.api#httpLabel" => traits.http_label = r.marker()?,
                "smithy.api#httpQuery" => traits.http_query = Some(r.string()?),
                "smithy.api#httpQueryParams" => traits.http_query_params = r.marker()?,
                "smithy.api#httpHeader" => traits.http_header = Some(r.string()?),
                "smithy.api#httpPrefixHeaders" => traits.http_prefix_headers = Some(r.string()?),
                "smithy.api#httpPayload" => traits.http_payload = r.marker()?,
                "smithy.api#httpResponseCode" => traits.http_response_code = r.marker()?,
                "smithy.api#mediaType" => traits.media_type = Some(r.string()?),
                "smithy.api#endpoint" => {
                    let object = r.object()?;
                    let prefix = r.field_str(object, "hostPrefix")?.ok_or_else(|| r.fail("an object with a `hostPrefix`"))?;
                    traits.host_prefix = Some(prefix);
                }
                "smithy.api#hostLabel" => traits.host_label = r.marker()?,
                "smithy.api#httpChecksumRequired" => traits.http_checksum_required = r.marker()?,
                "smithy.api#retryable" => traits.retryable = true,
                "aws.auth#sigv4" => traits.sigv4_name = r.field_str(r.object()?, "name")?,
                "smithy.api#optionalAuth" => traits.unsigned |= r.marker()?,
                "smithy.api#auth" => traits.unsigned |= matches!(value, Json::Array(items) if items.is_empty()),
                "smithy.api#requestCompression" => {
                    let object = r.object()?;
                    let encodings = match object.get("encodings") {
                        Some(Json::Array(items)) => items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>(),
                        _ => None,
                    };
                    traits.request_compression = Some(encodings.ok_or_else(|| r.fail("an object with a list of `encodings`"))?);
                }
                "smithy.api#paginated" => {
                    let object = r.object()?;
                    traits.paginated = Some(Paginated {
                        input_token: r.field_str(object, "inputToken")?,
                        output_token: r.field_str(object, "outputToken")?,
                        items: r.field_str(object, "items")?,
                        page_size: r.field_str(object, "pageSize")?,
                    });
                }
                "aws.protocols#awsQueryCompatible" => traits.aws_query_compatible = r.marker()?,
                "aws.api#service" => traits.sdk_id = r.field_str(r.object()?, "sdkId")?,
                _ if PROTOCOLS.contains(&key.as_str()) => {
                    r.object()?;
                    let protocol = match key.as_str() {
                        "aws.protocols#awsJson1_0" => Protocol::AwsJson1_0,
                        "aws.protocols#awsJson1_1" => Protocol::AwsJson1_1,
                        "aws.protocols#restJson1" => Protocol::RestJson1,
                        other => Protocol::Other(other.to_owned()),
                    };
                    let rank = |p: &Protocol| PROTOCOLS.iter().position(|id| *id == p.trait_id());
                    if traits.protocol.as_ref().is_none_or(|current| rank(&protocol) < rank(current)) {
                        traits.protocol = Some(protocol);
                    }
                }
                _ => {}
            }
        }
        Ok(traits)
    }
}

fn status_code(r: &Reader<'_>) -> Result<u16> {
    match r.value {
        Json::Number(n) => n.as_u64().filter(|c| (100..=999).contains(c)).map(|c| c as u16).ok_or_else(|| r.fail("an HTTP status code (100-999)")),
        _ => Err(r.fail("a number")),
    }
}

fn enum_definitions(r: &Reader<'_>) -> Result<Vec<EnumDefinition>> {
    let items = r.value.as_array().ok_or_else(|| r.fail("an array"))?;
    items
        .iter()
        .map(|item| {
            let object = item.as_object().ok_or_else(|| r.fail("an array of objects"))?;
            let value = r.field_str(object, "value")?.ok_or_else(|| r.fail("an array of objects with a `value`"))?;
            Ok(EnumDefinition {
                value,
                name: r.field_str(object, "name")?,
                documentation: r.field_str(object, "documentation")?,
                deprecated: matches!(object.get("deprecated"), Some(Json::Bool(true))),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Traits> {
        let json = crate::model::Json::Object(match serde_json::from_str::<crate::model::Json>(raw).unwrap() {
            Json::Object(o) => o,
            _ => unreachable!(),
        });
        let map = json.as_object().unwrap().iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
        Traits::parse(&ShapeId::parse("ex#S$m").unwrap(), &map)
    }

    #[test]
    fn typed_values() {
        let t = parse(r#"{"smithy.api#length": {"min": 1, "max": 5}, "smithy.api#required": {}, "smithy.api#http": {"method": "POST", "uri": "/x"},
                         "aws.protocols#awsJson1_0": {}, "aws.protocols#restJson1": {}, "custom#unknown": [1, 2]}"#)
        .unwrap();
        assert!(t.required);
        assert_eq!(t.length.unwrap().max.unwrap().as_u64(), Some(5));
        assert_eq!(t.http.unwrap().code, 200);
        assert_eq!(t.protocol, Some(Protocol::RestJson1));
    }

    #[test]
    fn wrong_json_types_name_the_shape_and_trait() {
        let cases = [
            (r#"{"smithy.api#documentation": 5}"#, "ex#S$m: trait `smithy.api#documentation` must be a string, found a number"),
            (r#"{"smithy.api#required": true}"#, "ex#S$m: trait `smithy.api#required` must be an object (`{}`), found a boolean"),
            (r#"{"smithy.api#length": {"min": "1"}}"#, "ex#S$m: trait `smithy.api#length`: `min` must be a number, found a string"),
            (r#"{"smithy.api#range": {"min": 5, "max": 1}}"#, "ex#S$m: trait `smithy.api#range`: min 5 is greater than max 1"),
            (r#"{"smithy.api#error": "maybe"}"#, "ex#S$m: trait `smithy.api#error` must be \"client\" or \"server\", found a string"),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse(raw).unwrap_err().to_string(), expected);
        }
    }
}
