//! Detects whether the shipped models exist so `Pipeline::builtin()` can embed them.
use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_builtin_models)");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let tagger = dir.join("tagger.bin");
    let parser = dir.join("parser.bin");
    println!("cargo::rerun-if-changed={}", tagger.display());
    println!("cargo::rerun-if-changed={}", parser.display());
    if tagger.is_file() && parser.is_file() {
        println!("cargo::rustc-cfg=dyad_builtin_models");
    }
}
