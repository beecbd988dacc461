//! Accuracy regression on UD English EWT dev with the shipped models.
//!
//! Uses `$DYAD_SHARED` or `../shared` beside the workspace; skips (with a
//! printed reason) when the treebank is absent. The whole dev set (25k
//! words) takes about 3 s even in a debug build.
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
    let gold =
        dyad_nlp::read_conllu_file(dir.join("data/ud-english-ewt/en_ewt-ud-dev.conllu")).unwrap();
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
    // shipped models score UPOS 95.06, lemma 96.95, UAS 85.03, LAS 81.62 on dev
    assert!(100.0 * s.upos >= 94.5, "UPOS {}", s.upos);
    assert!(100.0 * s.lemma >= 96.4, "lemma {}", s.lemma);
    assert!(100.0 * s.uas >= 84.5, "UAS {}", s.uas);
    assert!(100.0 * s.las >= 81.0, "LAS {}", s.las);
}
