//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder: `DYAD_SHARED`, else `../shared` beside the
/// workspace. `None` (after printing why) when it is absent, so that tests
/// needing it skip instead of failing on machines without the data.
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

/// Checks every offset of an analysis against the text it came from.
pub fn check_offsets(text: &str, a: &dyad_text::Analysis) {
    let mut last_end = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        assert_eq!(s.id, i + 1);
        assert!(s.start < s.end, "empty sentence {s:?}");
        assert!(
            s.start >= last_end,
            "sentences overlap or go backwards: {s:?}"
        );
        last_end = s.end;
        assert_eq!(text.get(s.start..s.end), Some(s.text.as_str()));
        let mut tok_end = s.start;
        for t in &s.tokens {
            assert!(
                t.start < t.end && t.start >= tok_end && t.end <= s.end,
                "token {t:?} outside {s:?}"
            );
            tok_end = t.end;
            assert_eq!(text.get(t.start..t.end), Some(t.text.as_str()));
            if let Some(n) = &t.norm {
                assert_ne!(n, &t.text, "norm equal to text: {t:?}");
            }
        }
    }
    for r in &a.removed {
        assert_eq!(text.get(r.start..r.end), Some(r.text.as_str()));
    }
    for h in &a.headings {
        assert_eq!(text.get(h.start..h.end), Some(h.text.as_str()));
    }
    if let Some(d) = &a.dateline {
        assert_eq!(text.get(d.start..d.end), Some(d.text.as_str()));
    }
}
