//! The hand-written runtime of generated crates, as a crate of its own so that it is compiled,
//! linted and unit-tested like any code. The generator copies each module's file, unchanged,
//! into the crates it writes (`codegen/src/runtime.rs` lists them, with the cargo dependencies
//! each brings and when a crate needs it); the generated code then fills in only the per-shape
//! parts. Modules refer to each other as `crate::...`, which means the same here and there.
//!
//! The optional modules are behind features here, as they are copied only into crates that need
//! them.

pub mod base64;
#[cfg(feature = "checksum")]
pub mod checksum;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "compression")]
pub mod compression;
#[cfg(feature = "client")]
pub mod credentials;
pub mod endpoint;
pub mod error;
#[cfg(feature = "eventstream")]
pub mod eventstream;
pub mod http;
pub mod json;
#[cfg(feature = "paginate")]
pub mod paginate;
pub mod pattern;
pub mod primitives;
#[cfg(feature = "sigv4")]
pub mod sigv4;
pub mod validation;

#[cfg(test)]
mod tests;
