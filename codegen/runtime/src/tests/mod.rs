//! Unit tests of the runtime on its own (not copied into generated crates).

mod codecs;
mod endpoint;
mod http;
mod paginate;
