//! Helpers shared by the integration tests.
#![allow(dead_code)]

#[allow(unused_imports)]
pub use dyad_testkit::shared_dir;

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
