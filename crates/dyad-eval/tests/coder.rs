//! The coder against the shared gold files, with the project's targets as
//! thresholds, so a regression fails the build.

use dyad_code::Coder;

#[test]
fn reference_article_events() {
    let Some(shared) = dyad_testkit::shared_dir("reference_article_events") else {
        return;
    };
    let coder = Coder::builtin().unwrap();
    let report = dyad_eval::gold::evaluate(
        &coder,
        &shared.join("examples/china-russia-2025-11-04.expected.json"),
    )
    .unwrap();
    eprint!("{report}");
    assert!(
        report.found >= 6,
        "{} of {} required events",
        report.found,
        report.required
    );
    assert!(report.precision >= 0.7, "precision {}", report.precision);
    assert!(!report
        .false_events
        .iter()
        .any(|e| e.contains("ALSO READ") || e.contains("Tanzania")));
    // Event dates and places, the places list and the quotations with
    // their speakers: all of them right.
    assert!(report.enrichment_checks >= 10, "{report}");
    assert!(report.enrichment_misses.is_empty(), "{report}");
}

#[test]
fn plover_gold_standard() {
    let Some(shared) = dyad_testkit::shared_dir("plover_gold_standard") else {
        return;
    };
    let coder = Coder::builtin().unwrap();
    let report = dyad_eval::plover::evaluate(
        &coder,
        &shared.join("benchmarks/plover-gsr/PLOVER_GSR_CAMEO.json"),
    )
    .unwrap();
    eprint!("{report}");
    assert!(report.hit_rate() >= 0.50, "hit rate {}", report.hit_rate());
    assert!(
        report.extra_per_record() <= 1.0,
        "extra {}",
        report.extra_per_record()
    );
}
