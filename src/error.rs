//! The library's error type: one enum, each variant naming the file, line or
//! field that was wrong, so the CLI can print it as it stands.

use std::path::PathBuf;

/// Everything that can go wrong inside the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying failure.
        source: std::io::Error,
    },
    /// A model bundle could not be used.
    #[error("model bundle {origin}: {reason}")]
    Bundle {
        /// Where the bundle came from (a path, or "built-in").
        origin: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A labeled corpus file has a bad line.
    #[error("{path}:{line}: {reason}")]
    Corpus {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// A corpus path holds no labeled sentences or documents.
    #[error("{0}: no labeled sentences or documents found (give a .jsonl file, a folder of them, or a corpus folder with sentences/ and documents/)")]
    EmptyCorpus(PathBuf),
    /// Training could not run.
    #[error("training failed: {0}")]
    Train(String),
    /// An input record could not be read as a document.
    #[error("{0}")]
    Record(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
