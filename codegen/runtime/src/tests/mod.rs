//! Unit tests of the runtime on its own (not copied into generated crates).

mod builders;
#[cfg(feature = "client")]
mod client;
mod codecs;
#[cfg(feature = "client")]
mod credentials;
mod endpoint;
mod errors;
mod http;
mod paginate;
#[cfg(feature = "sigv4")]
mod sigv4;
