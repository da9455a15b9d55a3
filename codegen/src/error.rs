//! The generator's error type: every failure names where it happened (file, shape id, member).

use std::fmt;

/// A generation failure. Its Display text starts with the shape id when there is one
/// (`com.example#ListFoos$nextToken: ...`) and names the model file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The shape (or `shape$member`) the problem is about, when there is one.
    pub shape: Option<String>,
    /// The model file the shape or the problem comes from, when known.
    pub file: Option<String>,
    /// What is wrong, as a sentence fragment.
    pub message: String,
}

/// Shorthand for results of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error that belongs to no particular shape.
    pub fn new(message: impl Into<String>) -> Self {
        Error { shape: None, file: None, message: message.into() }
    }

    /// An error about one shape or member (`ns#Name` or `ns#Name$member`).
    pub fn shape(shape: impl fmt::Display, message: impl Into<String>) -> Self {
        Error { shape: Some(shape.to_string()), file: None, message: message.into() }
    }

    /// Attaches the model file, unless one is already known.
    pub fn in_file(mut self, file: &str) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.shape, &self.file) {
            (Some(shape), Some(file)) => write!(f, "{shape} (in {file}): {}", self.message),
            (Some(shape), None) => write!(f, "{shape}: {}", self.message),
            (None, Some(file)) => write!(f, "{file}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}
