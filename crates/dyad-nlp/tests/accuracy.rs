//! Accuracy regression on UD English EWT dev with the shipped models.
//!
//! Uses `$DYAD_SHARED` or `../shared` beside the workspace; skips (with a
//! printed reason) when the treebank is absent. In debug builds only the
//! first 400 dev sentences are scored (with a wider margin) to keep
//! `cargo test` fast; `cargo test --release` scores the whole dev set.
use std::path::PathBuf;

use dyad_nlp::Pipeline;

fn shared() -> Option<PathBuf> {
    let cands = [
        std::env::var_os("DYAD_SHARED").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")),
    ];
    cands
        .into_iter()
        .flatten()
        .find(|p| p.join("data/ud-english-ewt/en_ewt-ud-dev.conllu").is_file())
}

#[test]
fn ewt_dev_accuracy() {
    let Some(dir) = shared() else {
        println!("SKIPPED: UD English EWT not found (set DYAD_SHARED)");
        return;
    };
    let mut gold =
        dyad_nlp::read_conllu_file(dir.join("data/ud-english-ewt/en_ewt-ud-dev.conllu")).unwrap();
    let full = !cfg!(debug_assertions);
    let margin = if full { 0.5 } else { 2.5 };
    if !full {
        gold.truncate(400);
    }
    let p = Pipeline::builtin().unwrap();
    let s = p.evaluate(&gold);
    println!(
        "EWT dev ({} words): UPOS {:.2} XPOS {:.2} lemma {:.2} UAS {:.2} LAS {:.2}",
        s.words,
        100.0 * s.upos,
        100.0 * s.xpos,
        100.0 * s.lemma,
        100.0 * s.uas,
        100.0 * s.las
    );
    assert!(100.0 * s.upos >= 94.5 - margin, "UPOS {}", s.upos);
    assert!(100.0 * s.lemma >= 96.0 - margin, "lemma {}", s.lemma);
    assert!(100.0 * s.uas >= 84.5 - margin, "UAS {}", s.uas);
    assert!(100.0 * s.las >= 81.0 - margin, "LAS {}", s.las);
}
