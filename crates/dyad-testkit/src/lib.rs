//! # dyad-testkit: what every crate's tests share
//!
//! Tests that need the shared data (treebank, benchmarks, corpora) find it
//! here, and skip with a printed reason on machines without it, so
//! `cargo test` passes anywhere and checks everything where the data is.
//! [`http`] is a small client for the tests that talk to `dyad serve`.
#![deny(missing_docs)]

pub mod corpus;
pub mod http;

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

/// One article of the shared Wikinews corpus.
#[derive(Debug, Clone)]
pub struct Article {
    /// The article's title.
    pub title: String,
    /// Its publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Its text.
    pub text: String,
}

/// The Wikinews 2019–2021 articles (`corpus/wikinews-2019-2021/*.csv`,
/// columns `url,date,title,text`) of the shared folder, in file order.
/// Panics on a malformed file: the corpus is fixed test data.
pub fn wikinews(shared: &std::path::Path) -> Vec<Article> {
    let dir = shared.join("corpus/wikinews-2019-2021");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        corpus::for_each_record(&f, |r| {
            out.push(Article {
                title: r.title.clone().unwrap_or_default(),
                date: r.published.clone().unwrap_or_default(),
                text: r.text.clone(),
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    }
    out
}
