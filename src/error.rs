//! The one error type of the core. The Python bindings map each variant to a named exception.

use std::fmt;

/// Everything that can go wrong in a call of the core (not per file: a file that cannot be read
/// becomes a row with `status = "error"`, never an `Err`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XinwenError {
    /// A source path or glob matched nothing.
    SourceNotFound(String),
    /// An argument had a value outside its domain (unknown time zone, zero threads, ...).
    InvalidArgument(String),
    /// The operating system refused something we needed (thread pool, directory listing, ...).
    Io(String),
}

impl fmt::Display for XinwenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XinwenError::SourceNotFound(m)
            | XinwenError::InvalidArgument(m)
            | XinwenError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for XinwenError {}

/// Result alias of the core.
pub type Result<T> = std::result::Result<T, XinwenError>;
