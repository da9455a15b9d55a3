//! IR stage: what the emitters consume. Every Rust name is decided (through `naming`), member
//! targets are resolved into [`TypeRef`]s, traits are typed, and optionality and defaults follow
//! Smithy 2.0's rules for clients. Emitters never see raw JSON.

mod build;
pub mod compliance;
pub mod endpoint;
pub mod http;
pub mod traits;
pub mod validation;
pub mod value;

use std::collections::{BTreeMap, BTreeSet};

pub use build::{build, build_with, Tests};
pub use traits::{Protocol, Traits};

use crate::model::{Json, ShapeId};

/// Everything one generation emits.
#[derive(Debug, Clone)]
pub struct Crate {
    pub services: Vec<Service>,
    /// What the generator could not do for the selected shapes but generated around (a
    /// `@pattern` it cannot check), each naming the shape.
    pub warnings: Vec<crate::error::Error>,
    /// The partitions `aws.partition` reads, when some service's endpoint rules call it.
    pub partitions: Vec<endpoint::Partition>,
    /// Whether the services' endpoint test cases are emitted, as `tests/endpoints/`.
    pub endpoint_tests: bool,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub id: ShapeId,
    /// The module the service is emitted into (`swf`).
    pub module: String,
    pub doc: Option<String>,
    pub traits: Traits,
    pub version: Option<String>,
    pub operations: Vec<Operation>,
    /// Structures, unions and enums of the closure, which become Rust types.
    pub types: BTreeMap<ShapeId, TypeDef>,
    /// The parsed traits of every shape of the closure (simple shapes included).
    pub shape_traits: BTreeMap<ShapeId, Traits>,
    /// The named types operation inputs and outputs reach: they get JSON writers (outputs for
    /// `output_response`, which fakes of the service use).
    pub written: BTreeSet<ShapeId>,
    /// The named types an operation output or error reaches: they get JSON readers.
    pub read: BTreeSet<ShapeId>,
    /// The named types an operation input reaches: they are validated before a request goes out.
    pub validated: BTreeSet<ShapeId>,
    /// What the validators check.
    pub validation: validation::Validation,
    /// The named types that hold `@sensitive` data somewhere inside.
    pub sensitive: BTreeSet<ShapeId>,
    /// The structures a reader may need a zero value of (a required member without a default
    /// that a response left out, whose type has no `Default`): they get a `zero_x` function.
    pub zeroed: BTreeSet<ShapeId>,
    /// The protocol compliance cases a client runs, when they were asked for.
    pub compliance: Vec<compliance::Case>,
    /// The endpoint rules (`smithy.rules#endpointRuleSet`), when the service has them.
    pub endpoint: Option<endpoint::Rules>,
    /// The endpoint rules' test cases.
    pub endpoint_tests: Vec<endpoint::TestCase>,
    /// Examples for the docs, backed by the test cases.
    pub endpoint_examples: Vec<endpoint::Example>,
}

impl Service {
    /// Whether a member's value holds `@sensitive` data, itself or anywhere inside.
    pub fn holds_sensitive(&self, member: &Member) -> bool {
        member.sensitive || member.ty.named().iter().any(|t| self.sensitive.contains(*t))
    }

    /// The Rust name of a type of this service.
    pub fn type_name(&self, id: &ShapeId) -> &str {
        self.types.get(id).map_or("", |t| t.name())
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: ShapeId,
    /// `ListOpenWorkflowExecutions`: the operation's own name, as the wire uses it.
    pub name: String,
    /// `ListOpenWorkflowExecutions`, made unique among the service's operations.
    pub type_name: String,
    /// `list_open_workflow_executions`.
    pub fn_name: String,
    pub doc: Option<String>,
    pub traits: Traits,
    /// `None` when the operation's input is absent or `smithy.api#Unit`.
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    /// The operation's error enum (`ListOpenWorkflowExecutionsError`), in the `errors` module.
    pub error_enum: String,
    /// The operation's errors, then the service's common ones, each once, with their variants
    /// in the error enum.
    pub errors: Vec<OperationError>,
    /// `@paginated`, merged with the service's defaults and resolved to members.
    pub pagination: Option<Pagination>,
    /// The output member that is an event stream, and its union.
    pub output_stream: Option<(Member, ShapeId)>,
    /// The input member that is an event stream (such operations cannot be encoded yet).
    pub input_stream: Option<(Member, ShapeId)>,
    /// The field of the input's `@idempotencyToken` member, when it is an optional string: a
    /// request left without one gets a fresh token.
    pub idempotency_token: Option<String>,
    /// The model file the operation comes from, for errors found in it after it is built (its
    /// HTTP bindings, checked in `ir/http.rs`).
    pub file: String,
    /// What the operation sets in its service's endpoint parameters.
    pub endpoint_bindings: Vec<endpoint::Binding>,
    /// Method, path and literal query, for a protocol that binds HTTP (restJson1).
    pub route: Option<http::Route>,
    /// `@endpoint(hostPrefix: ..)`, its labels tied to their input members.
    pub host_prefix: Option<Vec<http::Part>>,
}

impl Operation {
    /// The error structures the operation can return.
    pub fn error_shapes(&self) -> impl Iterator<Item = &ShapeId> {
        self.errors.iter().map(|e| &e.shape)
    }

    /// Whether requests are gzipped (`@requestCompression` with `gzip`, the one encoding the crate
    /// implements).
    pub fn compresses(&self) -> bool {
        self.traits.request_compression.as_ref().is_some_and(|encodings| encodings.iter().any(|e| e == "gzip"))
    }
}

/// An error an operation can return: the error structure, and its variant in the operation's
/// error enum (the structure's type name, made unique beside [`naming::UNHANDLED`] and
/// [`naming::INVALID_RESPONSE`]).
///
/// [`naming::UNHANDLED`]: crate::naming::UNHANDLED
/// [`naming::INVALID_RESPONSE`]: crate::naming::INVALID_RESPONSE
#[derive(Debug, Clone, PartialEq)]
pub struct OperationError {
    pub shape: ShapeId,
    pub variant: String,
}

/// One step along a member path (`a.b`): the field, and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    pub field: String,
    pub optional: bool,
}

/// How to walk the pages of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The input member that carries the token of the page to ask for.
    pub input_token: PathStep,
    /// The token's type, the same in the input and the output (usually a string).
    pub token: TypeRef,
    /// The path to the next page's token in the output.
    pub output_token: Vec<PathStep>,
    /// The path to the page's items in the output (a list or a map), and its type.
    pub items: Option<(Vec<PathStep>, TypeRef)>,
    /// The input member that sets the page size (an integer, long or string), and its kind.
    pub page_size: Option<(PathStep, TypeKind)>,
}

#[derive(Debug, Clone)]
pub enum TypeDef {
    Structure(Structure),
    Union(Union),
    Enum(Enum),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Structure(s) => &s.name,
            TypeDef::Union(u) => &u.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Structure {
    pub id: ShapeId,
    pub name: String,
    pub doc: Option<String>,
    pub traits: Traits,
    pub members: Vec<Member>,
    /// For an operation output or an error: the field that keeps what the response said besides
    /// the members (status, headers, request id), named apart from the members.
    pub meta: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub id: ShapeId,
    pub name: String,
    pub doc: Option<String>,
    pub traits: Traits,
    /// One variant per member; `ident` is the variant name. Members targeting
    /// `smithy.api#Unit` have [`TypeKind::Unit`].
    pub members: Vec<Member>,
    /// The name of the variant that keeps members this model does not know.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub id: ShapeId,
    pub name: String,
    pub doc: Option<String>,
    pub traits: Traits,
    /// An `intEnum` (values are integers) rather than a string enum.
    pub int: bool,
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that keeps values this model does not know.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub value: EnumValue,
    pub doc: Option<String>,
    pub deprecated: bool,
}

pub use traits::EnumValue;

#[derive(Debug, Clone)]
pub struct Member {
    /// The member name in the model (and, unless renamed by a protocol trait, on the wire).
    pub name: String,
    /// The field name for structures (`next_page_token`, `r#type`), the variant name for unions.
    pub ident: String,
    /// The builder's setter for this member (`next_page_token`; `build_value` for `build`).
    pub setter: String,
    /// The builder's setter that takes an `Option` (`set_next_page_token`).
    pub set_option: String,
    pub doc: Option<String>,
    pub traits: Traits,
    pub ty: TypeRef,
    /// `Option<T>` in the struct: see the crate docs' nullability rules.
    pub optional: bool,
    /// Held in a `Box` because the shape contains itself through this member.
    pub boxed: bool,
    /// The default value filled in when the member is absent (also for optional members of
    /// `@input` structures, where it is what the service assumes).
    pub default: Option<DefaultValue>,
    /// Redacted in `Debug` output (the member or its target is `@sensitive`).
    pub sensitive: bool,
    /// Other JSON keys a response may send this member under: an error's `message` comes as
    /// `message` or `Message`, whatever the model calls it.
    pub read_aliases: Vec<String>,
    /// Where the member goes in an HTTP message: set on the members of operation inputs,
    /// outputs and errors under a protocol that binds HTTP, [`http::Binding::Body`] elsewhere.
    pub binding: http::Binding,
}

/// A resolved member target.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    /// The target shape (for collections, the list or map shape itself).
    pub shape: ShapeId,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    String,
    Blob,
    Timestamp,
    Document,
    /// A union member that carries no value.
    Unit,
    /// A `@streaming` union (`shape`): the events of a response, as an `EventStream`.
    EventStream,
    /// A structure, union or enum of the service's `types`.
    Named,
    List { item: Box<TypeRef>, sparse: bool },
    Map { key: Box<TypeRef>, value: Box<TypeRef>, sparse: bool },
}

/// A member's `@default`, checked against the member's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// The Rust variant name of an enum value.
    EnumVariant(String),
    /// A bigInteger or bigDecimal, as its decimal text.
    BigNumber(String),
    /// Epoch seconds.
    Timestamp(i64),
    EmptyBlob,
    /// A non-empty blob default, decoded from its base64 text.
    Blob(Vec<u8>),
    EmptyList,
    EmptyMap,
    Document(Json),
}

/// `seeds` and every type whose members reach one of them (directly, or through lists and
/// maps and other such types): a worklist over the reversed member edges, linear in the types
/// and members, so a chain of ten thousand nested structures costs no more than ten thousand.
pub fn containers_of(types: &BTreeMap<ShapeId, TypeDef>, seeds: BTreeSet<ShapeId>) -> BTreeSet<ShapeId> {
    let mut contained_in: BTreeMap<&ShapeId, Vec<&ShapeId>> = BTreeMap::new();
    for (id, def) in types {
        let members = match def {
            TypeDef::Structure(s) => &s.members,
            TypeDef::Union(u) => &u.members,
            TypeDef::Enum(_) => continue,
        };
        for target in members.iter().flat_map(|m| m.ty.named()) {
            contained_in.entry(target).or_default().push(id);
        }
    }
    let mut found = seeds;
    let mut work: Vec<ShapeId> = found.iter().cloned().collect();
    while let Some(id) = work.pop() {
        for container in contained_in.get(&id).into_iter().flatten() {
            if found.insert((*container).clone()) {
                work.push((*container).clone());
            }
        }
    }
    found
}

impl TypeRef {
    /// Whether two types are the same Rust type (two string shapes are; two enums are not).
    pub fn same_rust_type(&self, other: &TypeRef) -> bool {
        match (&self.kind, &other.kind) {
            (TypeKind::Named, TypeKind::Named) => self.shape == other.shape,
            (TypeKind::List { item: a, sparse: x }, TypeKind::List { item: b, sparse: y }) => x == y && a.same_rust_type(b),
            (TypeKind::Map { key: a, value: c, sparse: x }, TypeKind::Map { key: b, value: d, sparse: y }) => {
                x == y && a.same_rust_type(b) && c.same_rust_type(d)
            }
            (a, b) => a == b && !matches!(a, TypeKind::List { .. } | TypeKind::Map { .. }),
        }
    }

    /// The named types this type refers to, directly or through lists and maps.
    pub fn named(&self) -> Vec<&ShapeId> {
        match &self.kind {
            TypeKind::Named | TypeKind::EventStream => vec![&self.shape],
            TypeKind::List { item, .. } => item.named(),
            TypeKind::Map { key, value, .. } => key.named().into_iter().chain(value.named()).collect(),
            _ => Vec::new(),
        }
    }
}

impl Service {
    /// Whether the service's protocol binds members to the HTTP message (see
    /// [`Protocol::binds_http`]).
    pub fn binds_http(&self) -> bool {
        self.traits.protocol.as_ref().is_some_and(Protocol::binds_http)
    }

    /// The codec of the service's documents (see [`Protocol::codec`]). A service without a
    /// protocol has no operations, so nothing asks it; it answers JSON.
    pub fn codec(&self) -> traits::Codec {
        self.traits.protocol.as_ref().map_or(traits::Codec::Json, Protocol::codec)
    }

    /// The format of a document body's timestamps without `@timestampFormat` (see
    /// [`Protocol::document_timestamp_format`]).
    pub fn document_timestamp_format(&self) -> traits::TimestampFormat {
        self.traits.protocol.as_ref().map_or(traits::TimestampFormat::EpochSeconds, Protocol::document_timestamp_format)
    }
}

impl Structure {
    /// Whether its builder's `build()` cannot fail: every member is optional or has a default.
    pub fn infallible(&self) -> bool {
        self.members.iter().all(|m| m.optional || m.default.is_some())
    }

    /// Whether every member may be absent: the type's default is all of them absent (it derives
    /// `Default`).
    pub fn all_optional(&self) -> bool {
        self.members.iter().all(|m| m.optional)
    }

    /// Whether its builder and its reader fill a value of it directly, member by member: every
    /// member may be absent and none is boxed, so each field is the `Option` they set.
    pub fn filled_in_place(&self) -> bool {
        self.members.iter().all(|m| m.optional && !m.boxed)
    }

    /// Whether its `Debug` output must hide some of its members.
    pub fn has_sensitive_members(&self) -> bool {
        self.traits.sensitive || self.members.iter().any(|m| m.sensitive)
    }

    /// The member that holds an event stream, if any.
    pub fn event_stream(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.ty.kind == TypeKind::EventStream)
    }

    /// Whether a member is bound to an HTTP header, label, query, status or payload, so the
    /// structure is more than a JSON body under restJson1.
    pub fn http_bound(&self) -> bool {
        self.members.iter().any(Member::http_bound)
    }
}

impl Structure {
    /// Whether a member is bound to a header, the status code or the payload, so the structure
    /// is more than a JSON body in a restJson1 response.
    pub fn response_bound(&self) -> bool {
        self.members.iter().any(Member::response_bound)
    }
}

impl Member {
    /// Whether the member is bound to a part of an HTTP response other than the JSON body.
    /// Labels and query bindings mean nothing in a response: such members are body members there.
    pub fn response_bound(&self) -> bool {
        let t = &self.traits;
        t.http_header.is_some() || t.http_prefix_headers.is_some() || t.http_payload || t.http_response_code
    }

    /// Whether the member is bound to a part of an HTTP message other than the JSON body
    /// (restJson1's binding traits; they only apply to operation inputs, outputs and errors).
    pub fn http_bound(&self) -> bool {
        let t = &self.traits;
        t.http_label
            || t.http_query.is_some()
            || t.http_query_params
            || t.http_header.is_some()
            || t.http_prefix_headers.is_some()
            || t.http_payload
            || t.http_response_code
    }
}
