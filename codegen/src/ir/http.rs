//! Where an operation's request goes, resolved once: the `@http` URI template cut into literal
//! text and labels, and the `@endpoint` host prefix cut the same way, each label tied to the input
//! member that fills it. A template that names no member is a model error, found here, so that
//! the emitters print what this says without checking it again.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::ShapeId;

use super::traits::TimestampFormat;
use super::{Member, Operation, Protocol, Structure, Traits, TypeDef, TypeKind, TypeRef};

/// What resolving a binding reads: the service's types and every shape's traits.
pub(super) struct Shapes<'a> {
    pub types: &'a BTreeMap<ShapeId, TypeDef>,
    pub traits: &'a BTreeMap<ShapeId, Traits>,
}

/// An operation's request line, for protocols that bind members to the HTTP message.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub method: String,
    /// The URI's path: `/` when the template's path is empty.
    pub path: Vec<Part>,
    /// The template's literal query text after `?` (`hello&foo=bar`), kept as written.
    pub literal_query: Option<String>,
}

/// A piece of a URI path or of a host prefix.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Text sent as it is (for a path, with its `/` separators).
    Literal(String),
    /// The input member at this index of the input's members fills the label, written as
    /// `text`; a greedy path label (`{key+}`) may hold `/`.
    Label { member: usize, greedy: bool, text: Scalar },
}

/// Where a member of an operation's input, output or error goes in the HTTP message, for a
/// protocol that binds members to it; [`Binding::Body`] for every other member.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Binding {
    /// In the document body (or, for a protocol that binds nothing, wherever the protocol puts it).
    #[default]
    Body,
    /// A path label (the route's [`Part::Label`] says which and how).
    Label,
    /// A query parameter of this name.
    Query { name: String, value: Text },
    /// Query parameters from a map's entries.
    QueryParams(Text),
    /// A header of this name.
    Header { name: String, value: Text },
    /// Headers from a map's entries, their names after this prefix.
    PrefixHeaders(String),
    /// The whole body.
    Payload(Payload),
    /// The response's status code.
    ResponseCode,
}

/// A value bound to a label, query parameter or header: one value, or a list of them (repeated
/// query parameters; a header's comma-separated items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    One(Scalar),
    List(Scalar),
}

/// How a value is written as text in a URI or a header, and read back from a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    String,
    /// `true` / `false`, and the integers: in decimal.
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    /// Base64.
    Blob,
    /// In this format: the member's `@timestampFormat`, else its target's, else the location's
    /// default (`date-time` in a URI, `http-date` in a header).
    Timestamp(TimestampFormat),
    /// A string enum's value.
    Enum,
    /// An int enum's number.
    IntEnum,
}

/// What an `@httpPayload` member is sent and read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// The bytes as they are.
    Blob,
    /// UTF-8 text.
    String,
    /// A string enum's value as text.
    Enum,
    /// A structure or union, in the protocol's document format.
    Shape,
    /// A document, in the protocol's document format.
    Document,
    /// An event stream's messages.
    EventStream,
}

/// How a value of `ty` is written as text, or the model error for a type that cannot be. A
/// timestamp's format is `format` (the member's), else its target's, else `default`.
fn scalar(shapes: &Shapes<'_>, ty: &TypeRef, format: Option<TimestampFormat>, default: TimestampFormat) -> Result<Scalar> {
    Ok(match &ty.kind {
        TypeKind::String => Scalar::String,
        TypeKind::Boolean => Scalar::Boolean,
        TypeKind::Byte => Scalar::Byte,
        TypeKind::Short => Scalar::Short,
        TypeKind::Integer => Scalar::Integer,
        TypeKind::Long => Scalar::Long,
        TypeKind::Float => Scalar::Float,
        TypeKind::Double => Scalar::Double,
        TypeKind::BigInteger => Scalar::BigInteger,
        TypeKind::BigDecimal => Scalar::BigDecimal,
        TypeKind::Blob => Scalar::Blob,
        TypeKind::Timestamp => {
            Scalar::Timestamp(format.or_else(|| shapes.traits.get(&ty.shape).and_then(|t| t.timestamp_format)).unwrap_or(default))
        }
        TypeKind::Named => match shapes.types.get(&ty.shape) {
            Some(TypeDef::Enum(e)) if e.int => Scalar::IntEnum,
            Some(TypeDef::Enum(_)) => Scalar::Enum,
            _ => return Err(unsupported(ty)),
        },
        _ => return Err(unsupported(ty)),
    })
}

fn unsupported(ty: &TypeRef) -> Error {
    Error::shape(&ty.shape, "cannot be bound to a URI label, query parameter or header")
}

/// One value of the member's type, or a list of them (whose items take their target's format).
fn text(shapes: &Shapes<'_>, member: &Member, default: TimestampFormat) -> Result<Text> {
    match &member.ty.kind {
        TypeKind::List { item, .. } => Ok(Text::List(scalar(shapes, item, None, default)?)),
        _ => Ok(Text::One(scalar(shapes, &member.ty, member.traits.timestamp_format, default)?)),
    }
}

/// The bindings of a structure's members, when it is an operation's input, output or error
/// under a protocol that binds HTTP. Labels and query bindings mean nothing in a response: there
/// such members are body members ([`Member::response_bound`](super::Member::response_bound)).
pub(super) fn bindings(shapes: &Shapes<'_>, structure: &Structure) -> Result<Vec<Binding>> {
    let members = structure.members.iter().map(|m| {
        let t = &m.traits;
        Ok(if let Some(name) = &t.http_header {
            Binding::Header { name: name.clone(), value: text(shapes, m, TimestampFormat::HttpDate)? }
        } else if let Some(prefix) = &t.http_prefix_headers {
            Binding::PrefixHeaders(prefix.clone())
        } else if t.http_payload {
            Binding::Payload(payload(shapes.types, &m.ty)?)
        } else if t.http_response_code {
            Binding::ResponseCode
        } else if t.http_label {
            Binding::Label
        } else if let Some(name) = &t.http_query {
            Binding::Query { name: name.clone(), value: text(shapes, m, TimestampFormat::DateTime)? }
        } else if t.http_query_params {
            let TypeKind::Map { value, .. } = &m.ty.kind else {
                return Err(Error::shape(&m.ty.shape, "@httpQueryParams must target a map"));
            };
            // A map's values are written in `date-time`, whatever their format.
            Binding::QueryParams(match &value.kind {
                TypeKind::List { item, .. } => Text::List(scalar(shapes, item, Some(TimestampFormat::DateTime), TimestampFormat::DateTime)?),
                _ => Text::One(scalar(shapes, value, Some(TimestampFormat::DateTime), TimestampFormat::DateTime)?),
            })
        } else {
            Binding::Body
        })
    });
    crate::error::collect(members.collect::<Vec<_>>())
}

fn payload(types: &BTreeMap<ShapeId, TypeDef>, ty: &TypeRef) -> Result<Payload> {
    Ok(match &ty.kind {
        TypeKind::Blob => Payload::Blob,
        TypeKind::String => Payload::String,
        TypeKind::Document => Payload::Document,
        TypeKind::EventStream => Payload::EventStream,
        TypeKind::Named => match types.get(&ty.shape) {
            Some(TypeDef::Enum(e)) if !e.int => Payload::Enum,
            Some(TypeDef::Structure(_) | TypeDef::Union(_)) => Payload::Shape,
            _ => return Err(Error::shape(&ty.shape, "cannot be an @httpPayload")),
        },
        _ => return Err(Error::shape(&ty.shape, "cannot be an @httpPayload")),
    })
}

/// The route of an operation of a service whose protocol binds HTTP; `None` for the others.
pub(super) fn route(shapes: &Shapes<'_>, protocol: Option<&Protocol>, op: &Operation, input: Option<&Structure>) -> Result<Option<Route>> {
    if !protocol.is_some_and(Protocol::binds_http) {
        return Ok(None);
    }
    let http = op.traits.http.as_ref().ok_or_else(|| Error::shape(&op.id, "a restJson1 operation needs an @http trait"))?;
    let members = input.map_or(&[][..], |s| &s.members[..]);
    let (template, literal_query) = http.uri.split_once('?').map_or((http.uri.as_str(), None), |(p, q)| (p, Some(q)));
    let mut path = Vec::new();
    let mut literal = String::new();
    for segment in template.split('/').filter(|s| !s.is_empty()) {
        literal.push('/');
        let Some(label) = segment.strip_prefix('{').and_then(|l| l.strip_suffix('}')) else {
            literal.push_str(segment);
            continue;
        };
        let (name, greedy) = (label.trim_end_matches('+'), label.ends_with('+'));
        let member = index_of(members, |m| m.name == name && m.traits.http_label)
            .ok_or_else(|| Error::shape(&op.id, format!("the URI label `{name}` has no @httpLabel member")))?;
        path.push(Part::Literal(std::mem::take(&mut literal)));
        let text = scalar(shapes, &members[member].ty, members[member].traits.timestamp_format, TimestampFormat::DateTime)?;
        path.push(Part::Label { member, greedy, text });
    }
    if path.is_empty() && literal.is_empty() {
        literal.push('/');
    }
    if !literal.is_empty() {
        path.push(Part::Literal(literal));
    }
    Ok(Some(Route { method: http.method.clone(), path, literal_query: literal_query.filter(|q| !q.is_empty()).map(str::to_owned) }))
}

/// The `@endpoint(hostPrefix: ..)` of an operation, each `{label}` tied to its `@hostLabel`
/// string member; `None` without the trait.
pub(super) fn host_prefix(op_id: &ShapeId, template: Option<&str>, input: Option<&Structure>) -> Result<Option<Vec<Part>>> {
    let Some(template) = template else { return Ok(None) };
    let members = input.map_or(&[][..], |s| &s.members[..]);
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Literal(rest[..open].to_owned()));
        }
        let close = rest[open..].find('}').ok_or_else(|| Error::shape(op_id, format!("@endpoint: unclosed label in `{template}`")))?;
        let name = &rest[open + 1..open + close];
        let member = index_of(members, |m| m.name == name && m.traits.host_label && m.ty.kind == TypeKind::String)
            .ok_or_else(|| Error::shape(op_id, format!("@endpoint: the host label `{name}` has no @hostLabel string member")))?;
        parts.push(Part::Label { member, greedy: false, text: Scalar::String });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_owned()));
    }
    Ok(Some(parts))
}

fn index_of(members: &[Member], matches: impl Fn(&Member) -> bool) -> Option<usize> {
    members.iter().position(matches)
}
