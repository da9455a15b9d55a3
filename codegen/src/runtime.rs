//! The hand-written runtime: the modules copied into generated crates, each with the cargo
//! dependencies it brings and what a crate must have for it to be copied. One table, which the
//! IR reads for the names service modules must not take and the crate emitter for what to copy.

/// When a runtime module is copied into a crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Always,
    /// A paginated operation.
    Pagination,
    /// An operation with `@requestCompression` (gzip).
    Compression,
    /// An operation with `@httpChecksumRequired`.
    Checksum,
    /// A validator that checks a `@pattern`.
    Patterns,
    /// An operation whose output is an event stream.
    EventStreams,
    /// A service with endpoint rules (whose partitions match region patterns).
    Endpoints,
    /// A service whose operations and endpoint rules are generated: it gets a `Client`.
    Client,
}

/// A cargo feature of generated crates beside `validate`: what it turns on, and its comment in
/// `Cargo.toml`. Emitted when a module it gates is copied.
#[derive(Debug, Clone, Copy)]
pub struct Feature {
    pub name: &'static str,
    pub enables: &'static [&'static str],
    pub doc: &'static str,
}

/// The features, in the order they are written.
pub const FEATURES: &[Feature] = &[
    Feature { name: "sigv4", enables: &["dep:sha2", "dep:hmac"], doc: "SigV4 signing (the `sigv4` module), with RustCrypto's sha2 and hmac." },
    Feature {
        name: "client",
        enables: &["sigv4"],
        doc: "Each service's `Client`: credentials, endpoint, signing and retries over an HTTP stack you bring.",
    },
    Feature { name: "blocking", enables: &["client", "dep:ureq"], doc: "The client's blocking HTTP stack: ureq with rustls." },
    Feature {
        name: "async",
        enables: &["client", "dep:hyper", "dep:hyper-util", "dep:hyper-rustls", "dep:http-body-util", "dep:bytes", "dep:tokio"],
        doc: "The async client's HTTP stack: hyper with rustls, on tokio.",
    },
];

/// A module of the runtime.
#[derive(Debug, Clone, Copy)]
pub struct Module {
    pub name: &'static str,
    pub source: &'static str,
    pub need: Need,
    /// The `[dependencies]` lines it adds to the crate's `Cargo.toml`.
    pub dependencies: &'static [&'static str],
    /// Compiled only with this cargo feature of the generated crate...
    pub feature: Option<&'static str>,
    /// ...unless the crate has this need too, which copies the module without the feature.
    pub ungated_by: Option<Need>,
    /// A protocol internal the generated code uses, public but left out of the crate's docs:
    /// the documented surface is the service modules, `http`, `primitives`, `validation`,
    /// `paginate`, `eventstream` and `error`.
    pub internal: bool,
}

const fn module(name: &'static str, source: &'static str, need: Need) -> Module {
    Module { name, source, need, dependencies: &[], feature: None, ungated_by: None, internal: false }
}

const fn internal(name: &'static str, source: &'static str, need: Need) -> Module {
    Module { internal: true, ..module(name, source, need) }
}

/// Every runtime module, sorted by name.
pub const MODULES: &[Module] = &[
    internal("base64", include_str!("../runtime/src/base64.rs"), Need::Always),
    Module { dependencies: &["md-5 = \"0.10\""], ..internal("checksum", include_str!("../runtime/src/checksum.rs"), Need::Checksum) },
    Module {
        dependencies: &[
            "ureq = { version = \"3\", optional = true, default-features = false, features = [\"rustls\"] }",
            "hyper = { version = \"1\", optional = true, default-features = false }",
            "hyper-util = { version = \"0.1\", optional = true, default-features = false, features = [\"client-legacy\", \"http1\", \"tokio\"] }",
            "hyper-rustls = { version = \"0.27\", optional = true, default-features = false, features = [\"http1\", \"ring\", \"webpki-roots\", \"tls12\"] }",
            "http-body-util = { version = \"0.1\", optional = true }",
            "bytes = { version = \"1\", optional = true }",
            "tokio = { version = \"1\", optional = true, features = [\"time\"] }",
        ],
        feature: Some("client"),
        ..module("client", include_str!("../runtime/src/client.rs"), Need::Client)
    },
    Module { dependencies: &["flate2 = \"1\""], ..internal("compression", include_str!("../runtime/src/compression.rs"), Need::Compression) },
    Module { feature: Some("client"), ..module("credentials", include_str!("../runtime/src/credentials.rs"), Need::Client) },
    module("endpoint", include_str!("../runtime/src/endpoint.rs"), Need::Endpoints),
    module("error", include_str!("../runtime/src/error.rs"), Need::Always),
    Module {
        dependencies: &["crc32fast = \"1\"", "futures-core = { version = \"0.3\", default-features = false }"],
        ..module("eventstream", include_str!("../runtime/src/eventstream.rs"), Need::EventStreams)
    },
    module("http", include_str!("../runtime/src/http.rs"), Need::Always),
    internal("json", include_str!("../runtime/src/json.rs"), Need::Always),
    Module {
        dependencies: &["futures-core = { version = \"0.3\", default-features = false }"],
        ..module("paginate", include_str!("../runtime/src/paginate.rs"), Need::Pagination)
    },
    Module {
        feature: Some("validate"),
        ungated_by: Some(Need::Endpoints),
        ..internal("pattern", include_str!("../runtime/src/pattern.rs"), Need::Patterns)
    },
    module("primitives", include_str!("../runtime/src/primitives.rs"), Need::Always),
    Module {
        dependencies: &["sha2 = { version = \"0.10\", optional = true }", "hmac = { version = \"0.12\", optional = true }"],
        feature: Some("sigv4"),
        ..module("sigv4", include_str!("../runtime/src/sigv4.rs"), Need::Client)
    },
    module("validation", include_str!("../runtime/src/validation.rs"), Need::Always),
];

/// Names a service module may not take: the runtime's, and those of the crates every generated
/// crate's code names with `use` (a module `std` at the root would make `use std::..` ambiguous).
pub fn reserved_names() -> impl Iterator<Item = &'static str> {
    MODULES.iter().map(|m| m.name).chain([PARTITIONS_MODULE, "std", "core", "alloc"])
}

/// The generated module of the crate root that holds the partitions `aws.partition` reads.
pub const PARTITIONS_MODULE: &str = "partitions";
