// Shared by the fuzz targets: read everything a reader yields and analyse
// each document, checking the offset invariant.
use dyad_read::{Item, Options, Reader};

#[allow(dead_code)]
pub fn read_all(name: &str, data: &[u8]) {
    for item in Reader::from_bytes(name, data.to_vec(), Options::default()) {
        if let Item::Document(loaded) = item {
            check(&loaded.doc.text);
        }
    }
}

#[allow(dead_code)]
pub fn check(text: &str) {
    let analysis = dyad_text::analyze(text);
    for s in &analysis.sentences {
        assert_eq!(&text[s.start..s.end], s.text);
        for t in &s.tokens {
            assert_eq!(&text[t.start..t.end], t.text);
            assert!(t.start >= s.start && t.end <= s.end);
        }
    }
    for r in &analysis.removed {
        assert_eq!(&text[r.start..r.end], r.text);
    }
    for h in &analysis.headings {
        assert_eq!(&text[h.start..h.end], h.text);
    }
}
