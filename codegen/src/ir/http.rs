//! Where an operation's request goes, resolved once: the `@http` URI template cut into literal
//! text and labels, and the `@endpoint` host prefix cut the same way, each label tied to the input
//! member that fills it. A template that names no member is a model error, found here, so that
//! the emitters print what this says without checking it again.

use crate::error::{Error, Result};
use crate::model::ShapeId;

use super::{Member, Operation, Protocol, Structure, TypeKind};

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
    /// The input member at this index of the input's members fills the label; a greedy path
    /// label (`{key+}`) may hold `/`.
    Label { member: usize, greedy: bool },
}

/// The route of an operation of a service whose protocol binds HTTP; `None` for the others.
pub(super) fn route(protocol: Option<&Protocol>, op: &Operation, input: Option<&Structure>) -> Result<Option<Route>> {
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
        path.push(Part::Label { member, greedy });
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
        parts.push(Part::Label { member, greedy: false });
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
