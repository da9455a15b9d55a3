//! Only tests live here: the async client's (`tests/`), and the README's examples as doctests,
//! with the generated crate's `blocking` and `async` features both on, so that they cannot
//! drift from the generated crate.

#[doc = include_str!("../../../README.md")]
mod readme {}
