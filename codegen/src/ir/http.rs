//! The HTTP side of operations, resolved once: the `@http` URI template cut into literal text
//! and labels, the `@endpoint` host prefix cut the same way (each label tied to the input member
//! that fills it), and, under a protocol that binds members to the HTTP message, where each
//! member of an input, output or error goes and how its value is written as text (timestamp
//! formats included). A label that names no member, or a member whose target its binding cannot
//! take, is a model error found here, so that the emitters print what this says without checking
//! it again.

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

/// How a value of `ty` is written as text; `None` for a type that cannot be. A timestamp's
/// format is `format` (the member's), else its target's, else `default`.
fn scalar(shapes: &Shapes<'_>, ty: &TypeRef, format: Option<TimestampFormat>, default: TimestampFormat) -> Option<Scalar> {
    Some(match &ty.kind {
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
            _ => return None,
        },
        _ => return None,
    })
}

/// What a value bound to a label, query parameter or header may be.
const TEXT_TYPES: &str = "a string, number, boolean, timestamp, blob or enum";

/// The error for a member whose binding (`bound`, as in "cannot be bound to ...") its
/// target cannot take.
fn cannot(structure: &ShapeId, member: &Member, bound: &str, allowed: &str) -> Error {
    Error::shape(format!("{structure}${}", member.name), format!("cannot be bound to {bound}: its target `{}` is not {allowed}", member.ty.shape))
}

/// One value of the member's type, or a list of them (whose items take their target's format).
fn text(shapes: &Shapes<'_>, member: &Member, default: TimestampFormat) -> Option<Text> {
    match &member.ty.kind {
        TypeKind::List { item, .. } => Some(Text::List(scalar(shapes, item, None, default)?)),
        _ => Some(Text::One(scalar(shapes, &member.ty, member.traits.timestamp_format, default)?)),
    }
}

/// The bindings of a structure's members, when it is an operation's input, output or error
/// under a protocol that binds HTTP. Labels and query bindings mean nothing in a response: there
/// such members are body members ([`Member::response_bound`](super::Member::response_bound)).
pub(super) fn bindings(shapes: &Shapes<'_>, structure: &Structure) -> Result<Vec<Binding>> {
    let list_of = format!("{TEXT_TYPES}, or a list of them");
    let members = structure.members.iter().map(|m| {
        let t = &m.traits;
        let cannot = |bound: &str, allowed: &str| cannot(&structure.id, m, bound, allowed);
        Ok(if let Some(name) = &t.http_header {
            let value = text(shapes, m, TimestampFormat::HttpDate).ok_or_else(|| cannot("a header", &list_of))?;
            Binding::Header { name: name.clone(), value }
        } else if let Some(prefix) = &t.http_prefix_headers {
            Binding::PrefixHeaders(prefix.clone())
        } else if t.http_payload {
            let allowed = "a blob, string, enum, structure, union or document";
            Binding::Payload(payload(shapes.types, &m.ty).ok_or_else(|| cannot("the payload", allowed))?)
        } else if t.http_response_code {
            Binding::ResponseCode
        } else if t.http_label {
            Binding::Label
        } else if let Some(name) = &t.http_query {
            let value = text(shapes, m, TimestampFormat::DateTime).ok_or_else(|| cannot("a query parameter", &list_of))?;
            Binding::Query { name: name.clone(), value }
        } else if t.http_query_params {
            // A map's values are written in `date-time`, whatever their format.
            let date_time = |ty: &TypeRef| scalar(shapes, ty, Some(TimestampFormat::DateTime), TimestampFormat::DateTime);
            let value = match &m.ty.kind {
                TypeKind::Map { value, .. } => match &value.kind {
                    TypeKind::List { item, .. } => date_time(item).map(Text::List),
                    _ => date_time(value).map(Text::One),
                },
                _ => None,
            };
            Binding::QueryParams(value.ok_or_else(|| cannot("query parameters", &format!("a map of {list_of}")))?)
        } else {
            Binding::Body
        })
    });
    crate::error::collect(members.collect::<Vec<_>>())
}

fn payload(types: &BTreeMap<ShapeId, TypeDef>, ty: &TypeRef) -> Option<Payload> {
    Some(match &ty.kind {
        TypeKind::Blob => Payload::Blob,
        TypeKind::String => Payload::String,
        TypeKind::Document => Payload::Document,
        TypeKind::EventStream => Payload::EventStream,
        TypeKind::Named => match types.get(&ty.shape) {
            Some(TypeDef::Enum(e)) if !e.int => Payload::Enum,
            Some(TypeDef::Structure(_) | TypeDef::Union(_)) => Payload::Shape,
            _ => return None,
        },
        _ => return None,
    })
}

/// Resolves, for every operation, its route and host prefix, and under a protocol that binds
/// HTTP the bindings of the members of its input, output and errors; every problem is reported.
pub(super) fn resolve(
    operations: &mut [Operation],
    types: &mut BTreeMap<ShapeId, TypeDef>,
    traits: &BTreeMap<ShapeId, Traits>,
    protocol: Option<&Protocol>,
) -> Result<()> {
    let shapes = Shapes { types, traits };
    let structure = |id: Option<&ShapeId>| match id.and_then(|id| shapes.types.get(id)) {
        Some(TypeDef::Structure(s)) => Some(s),
        _ => None,
    };
    let routes = operations.iter().map(|op| {
        let input = structure(op.input.as_ref());
        let route = route(&shapes, protocol, op, input).map_err(|e| e.in_file(&op.file));
        let host_prefix = host_prefix(&op.id, op.traits.host_prefix.as_deref(), input).map_err(|e| e.in_file(&op.file));
        route.and_then(|route| Ok((route, host_prefix?)))
    });
    let routes = crate::error::collect(routes.collect::<Vec<_>>());
    let mut roots: BTreeMap<&ShapeId, &str> = BTreeMap::new();
    if protocol.is_some_and(Protocol::binds_http) {
        for op in operations.iter() {
            for id in op.input.iter().chain(&op.output).chain(op.error_shapes()) {
                roots.entry(id).or_insert(op.file.as_str());
            }
        }
    }
    let found = roots
        .into_iter()
        .filter_map(|(id, file)| structure(Some(id)).map(|s| bindings(&shapes, s).map(|b| (id.clone(), b)).map_err(|e| e.in_file(file))));
    let found = crate::error::collect(found.collect::<Vec<_>>());
    let (routes, found) = match (routes, found) {
        (Ok(routes), Ok(found)) => (routes, found),
        (routes, found) => {
            let errors = [routes.err(), found.err()].into_iter().flatten().collect();
            return Err(Error::combine(errors).unwrap_or_else(|| Error::new("internal error: no error to report")));
        }
    };
    for (op, (route, host_prefix)) in operations.iter_mut().zip(routes) {
        op.route = route;
        op.host_prefix = host_prefix;
    }
    for (id, bindings) in found {
        if let Some(TypeDef::Structure(s)) = types.get_mut(&id) {
            for (member, binding) in s.members.iter_mut().zip(bindings) {
                member.binding = binding;
            }
        }
    }
    Ok(())
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
        let member = members.iter().position(|m| m.name == name && m.traits.http_label)
            .ok_or_else(|| Error::shape(&op.id, format!("the URI label `{name}` has no @httpLabel member")))?;
        path.push(Part::Literal(std::mem::take(&mut literal)));
        let label = &members[member];
        let text = scalar(shapes, &label.ty, label.traits.timestamp_format, TimestampFormat::DateTime)
            .ok_or_else(|| cannot(input.map_or(&op.id, |s| &s.id), label, "a URI label", TEXT_TYPES))?;
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
        let member = members.iter().position(|m| m.name == name && m.traits.host_label && m.ty.kind == TypeKind::String)
            .ok_or_else(|| Error::shape(op_id, format!("@endpoint: the host label `{name}` has no @hostLabel string member")))?;
        parts.push(Part::Label { member, greedy: false, text: Scalar::String });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_owned()));
    }
    Ok(Some(parts))
}
