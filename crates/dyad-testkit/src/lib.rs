//! # dyad-testkit: what every crate's tests share
//!
//! Tests that need the shared data (treebank, benchmarks, corpora) find it
//! here, and skip with a printed reason on machines without it, so
//! `cargo test` passes anywhere and checks everything where the data is.
#![deny(missing_docs)]

use std::path::PathBuf;

/// The shared data folder: `$DYAD_SHARED`, else `shared/` beside the
/// workspace. `None`, after printing why, when it is absent, so that the
/// test named `test` skips instead of failing.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipping {test}: shared data not found at {} (set DYAD_SHARED)",
            dir.display()
        );
        None
    }
}
