//! Property checks over the shared corpora: every offset slices the original
//! text, analysis is deterministic, and nothing panics.

mod common;

use dyad_text::analyze;

fn wikinews_texts(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("corpus/wikinews-2019-2021"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "csv"));
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let mut rd = csv::Reader::from_path(&f).expect("readable CSV");
        let col = rd
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == "text")
            .expect("text column");
        for rec in rd.records() {
            out.push(rec.expect("record")[col].to_string());
        }
    }
    out
}

#[test]
fn wikinews_offsets_and_determinism() {
    let Some(dir) = common::shared_dir("wikinews_offsets_and_determinism") else {
        return;
    };
    let texts = wikinews_texts(&dir);
    if texts.is_empty() {
        println!("skipping wikinews_offsets_and_determinism: no Wikinews CSVs");
        return;
    }
    let mut sentences = 0;
    for t in &texts {
        let a = analyze(t);
        common::check_offsets(t, &a);
        assert_eq!(a, analyze(t), "analysis is not deterministic");
        sentences += a.sentences.len();
        for s in &a.sentences {
            assert!(
                !s.tokens.is_empty(),
                "sentence without tokens: {:?}",
                s.text
            );
        }
        // The Wikinews date line opening most articles is not a sentence.
        if let Some(first) = t.lines().next() {
            if first.trim().len() < 40 && first.trim().ends_with(|c: char| c.is_ascii_digit()) {
                assert!(
                    a.removed
                        .iter()
                        .any(|r| r.text == first.trim_matches(|c: char| c.is_whitespace())),
                    "{first:?}"
                );
            }
        }
    }
    assert!(
        sentences > 5 * texts.len(),
        "suspiciously few sentences: {sentences}"
    );
}

#[test]
fn reuters_offsets_and_wrapping() {
    let Some(dir) = common::shared_dir("reuters_offsets_and_wrapping") else {
        return;
    };
    let Ok(raw) = std::fs::read(dir.join("corpus/reuters21578/reut2-000.sgm")) else {
        println!("skipping reuters_offsets_and_wrapping: reut2-000.sgm not readable");
        return;
    };
    let sgml: String = raw.iter().map(|&b| b as char).collect();
    let mut docs = 0;
    let mut wrapped = 0;
    for body in sgml.split("<BODY>").skip(1) {
        let body = body.split("</BODY>").next().unwrap_or_default();
        let text = body
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#3;", "\u{3}")
            .replace("&amp;", "&");
        let a = analyze(&text);
        common::check_offsets(&text, &a);
        docs += 1;
        wrapped += usize::from(dyad_text::clean::is_hard_wrapped(&text));
        // A wrapped line never ends a sentence by itself: a sentence that
        // ends without punctuation is a table row or a headline.
        for s in &a.sentences {
            assert!(
                !s.text.ends_with(" the") && !s.text.ends_with(" of"),
                "{:?}",
                s.text
            );
        }
        // The signature line is boilerplate.
        assert!(a
            .sentences
            .iter()
            .all(|s| s.text != "Reuter" && s.text != "REUTER"));
    }
    assert!(docs > 900);
    assert!(
        wrapped * 2 > docs,
        "only {wrapped} of {docs} Reuters bodies judged hard-wrapped"
    );
}
