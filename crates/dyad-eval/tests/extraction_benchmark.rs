//! The extraction quality gate: mean token F1 on the shared
//! article-extraction benchmark must stay at or above 0.90.

use std::path::PathBuf;

/// `$DYAD_SHARED`, else `shared/` beside the workspace root.
fn shared_dir() -> PathBuf {
    match std::env::var_os("DYAD_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

#[test]
fn mean_f1_on_shared_benchmark() {
    let dir = shared_dir().join("benchmarks/article-extraction");
    if !dir.join("ground-truth.json").is_file() {
        println!(
            "skipped: no benchmark at {} (set DYAD_SHARED)",
            dir.display()
        );
        return;
    }
    let report = dyad_eval::extraction::evaluate(&dir).expect("benchmark evaluates");
    let worst: Vec<String> = report
        .to_string()
        .lines()
        .take(11)
        .map(str::to_owned)
        .collect();
    println!("{}", worst.join("\n"));
    println!(
        "MEAN P {:.3} R {:.3} F1 {:.3} over {} pages, {:.1} ms/page",
        report.mean_precision,
        report.mean_recall,
        report.mean_f1,
        report.rows.len(),
        report.ms_per_page
    );
    assert!(
        report.rows.len() >= 100,
        "only {} pages scored",
        report.rows.len()
    );
    assert!(
        report.mean_f1 >= 0.90,
        "mean F1 {:.4} < 0.90",
        report.mean_f1
    );
}
