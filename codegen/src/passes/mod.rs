//! Passes: model -> model questions answered once, before the IR is built: which operations
//! and shapes are selected, and which member edges must be boxed because they recurse.

pub mod closure;
pub mod recursion;
