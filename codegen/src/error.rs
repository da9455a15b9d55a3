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
    /// The other errors found in the same run, when there were several: the generator reports
    /// every problem it can find, not only the first.
    pub more: Vec<Error>,
}

/// Shorthand for results of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error that belongs to no particular shape.
    pub fn new(message: impl Into<String>) -> Self {
        Error { shape: None, file: None, message: message.into(), more: Vec::new() }
    }

    /// An error about one shape or member (`ns#Name` or `ns#Name$member`).
    pub fn shape(shape: impl fmt::Display, message: impl Into<String>) -> Self {
        Error { shape: Some(shape.to_string()), file: None, message: message.into(), more: Vec::new() }
    }

    /// Every error this one holds: itself, then the others of its run.
    pub fn all(&self) -> impl Iterator<Item = &Error> {
        std::iter::once(self).chain(self.more.iter())
    }

    /// One error holding all of `errors`, or `None` if there are none.
    pub fn combine(errors: Vec<Error>) -> Option<Error> {
        let mut flat = errors.into_iter().flat_map(|mut e| {
            let more = std::mem::take(&mut e.more);
            std::iter::once(e).chain(more)
        });
        let mut first = flat.next()?;
        first.more = flat.collect();
        Some(first)
    }

    /// Attaches the model file, unless one is already known.
    pub fn in_file(mut self, file: &str) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self.more = self.more.into_iter().map(|e| e.in_file(file)).collect();
        self
    }
}

/// The values of `results`, or one error holding every error among them.
pub fn collect<T>(results: impl IntoIterator<Item = Result<T>>) -> Result<Vec<T>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    match Error::combine(errors) {
        None => Ok(values),
        Some(error) => Err(error),
    }
}

impl fmt::Display for Error {
    /// One line per error: `shape (in file): message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_one(f)?;
        for other in &self.more {
            f.write_str("\n")?;
            other.fmt_one(f)?;
        }
        Ok(())
    }
}

impl Error {
    fn fmt_one(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.shape, &self.file) {
            (Some(shape), Some(file)) => write!(f, "{shape} (in {file}): {}", self.message),
            (Some(shape), None) => write!(f, "{shape}: {}", self.message),
            (None, Some(file)) => write!(f, "{file}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}
