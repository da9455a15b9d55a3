//! Errors of building values.

use std::fmt;

/// A builder's `build()` was called without a member that has no default and cannot be absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
}

impl BuildError {
    #[allow(dead_code)]
    pub(crate) fn missing(shape: &'static str, member: &'static str) -> Self {
        BuildError { shape, member }
    }

    /// The type whose builder failed.
    pub fn shape(&self) -> &str {
        self.shape
    }

    /// The member that was not set, as the model names it.
    pub fn member(&self) -> &str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build `{}`: `{}` is required and was not set", self.shape, self.member)
    }
}

impl std::error::Error for BuildError {}
