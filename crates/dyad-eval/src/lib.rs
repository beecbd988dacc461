//! # dyad-eval: scoring dyad against gold files
#![deny(missing_docs)]

pub mod extraction;

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
