//! # dyad-eval: scoring dyad against gold files
#![deny(missing_docs)]

pub mod extraction;
pub mod gold;
pub mod plover;

use std::path::PathBuf;

/// The shared data directory, if it exists: `$DYAD_SHARED` when set, else
/// `../shared` from the current directory, else `shared/` beside the
/// workspace this crate was built in (which is where `cargo test` finds it).
/// Tests and benchmarks that need it skip with a printed reason when it is
/// absent.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DYAD_SHARED") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let beside_workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    [PathBuf::from("../shared"), beside_workspace]
        .into_iter()
        .find(|d| d.is_dir())
}

/// Why an evaluation of the coder could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// A gold file does not have the expected shape.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
