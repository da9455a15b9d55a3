//! Model stage: the Smithy JSON AST as published, merged from several files, with `apply`
//! statements and mixins already flattened in. Trait values stay unparsed JSON here; the `ir`
//! stage turns the ones the generator uses into typed values.

mod json;
mod load;
mod prelude;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

pub use json::{parse as parse_json, Json, Object};
pub use load::{load, Source};

/// An absolute shape id, `namespace#Name`, or `namespace#Name$member` for a member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Checks the syntax of an absolute shape id (`ns.a#Name` with an optional `$member`).
    pub fn parse(text: &str) -> Option<ShapeId> {
        let (namespace, rest) = text.split_once('#')?;
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        let identifier = |s: &str| {
            let mut chars = s.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        let namespace_ok = namespace.split('.').all(identifier);
        (namespace_ok && identifier(name) && member.is_none_or(identifier))
            .then(|| ShapeId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }

    /// The shape's name without namespace or member.
    pub fn name(&self) -> &str {
        let rest = self.0.split_once('#').map_or(self.0.as_str(), |(_, rest)| rest);
        rest.split_once('$').map_or(rest, |(name, _)| name)
    }

    /// The member name of a member id.
    pub fn member(&self) -> Option<&str> {
        self.0.split_once('$').map(|(_, m)| m)
    }

    /// The id of the shape a member id belongs to.
    pub fn root(&self) -> ShapeId {
        ShapeId(self.0.split_once('$').map_or(self.0.as_str(), |(root, _)| root).to_owned())
    }

    /// The id of one of this shape's members.
    pub fn with_member(&self, member: &str) -> ShapeId {
        ShapeId(format!("{}${member}", self.0))
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Traits by absolute trait id, values as written.
pub type Traits = BTreeMap<String, Json>;

/// A member of an aggregate shape (`member`, `key` and `value` of lists and maps included).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
}

/// The model file a shape came from and the IDL version it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub version: IdlVersion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdlVersion {
    V1,
    V2,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    /// Structure, union, enum and intEnum members in model order; a list's `member`; a map's
    /// `key` then `value`.
    pub members: Vec<Member>,
    pub traits: Traits,
    /// The mixins the shape was declared with; empty once the loader has flattened them.
    pub mixins: Vec<ShapeId>,
    pub origin: Origin,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    /// `set` shapes (IDL 1.0) load as lists carrying `@uniqueItems`.
    List,
    Map,
    Structure,
    Union,
    Operation(Operation),
    Resource(Resource),
    Service(Service),
}

impl ShapeKind {
    /// The shape type as the JSON AST spells it.
    pub fn name(&self) -> &'static str {
        match self {
            ShapeKind::Blob => "blob",
            ShapeKind::Boolean => "boolean",
            ShapeKind::String => "string",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Document => "document",
            ShapeKind::Enum => "enum",
            ShapeKind::IntEnum => "intEnum",
            ShapeKind::List => "list",
            ShapeKind::Map => "map",
            ShapeKind::Structure => "structure",
            ShapeKind::Union => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Resource(_) => "resource",
            ShapeKind::Service(_) => "service",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Operation {
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    pub errors: Vec<ShapeId>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    pub identifiers: Vec<(String, ShapeId)>,
    /// `create`, `put`, `read`, `update`, `delete`, `list`, then `operations` and
    /// `collectionOperations`, in that order.
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    pub version: Option<String>,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service can return.
    pub errors: Vec<ShapeId>,
    /// Names that replace the names of conflicting shapes inside this service's closure.
    pub rename: BTreeMap<ShapeId, String>,
}

/// A loaded model: every shape by id, prelude shapes included.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::ShapeId;

    #[test]
    fn shape_id_syntax() {
        let id = ShapeId::parse("com.example#Foo$bar").unwrap();
        assert_eq!((id.namespace(), id.name(), id.member()), ("com.example", "Foo", Some("bar")));
        assert_eq!(id.root().as_str(), "com.example#Foo");
        for bad in ["Foo", "#Foo", "ns#", "ns#Foo$", "ns..a#Foo", "ns#1Foo", "ns#Fo-o", "ns#A$b$c"] {
            assert!(ShapeId::parse(bad).is_none(), "{bad}");
        }
    }
}
