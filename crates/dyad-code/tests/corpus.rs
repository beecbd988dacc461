//! The whole Wikinews corpus through the text stage, the parser and the
//! coder: every sentence gets a well-formed tree, nothing panics, and every
//! event's spans lie in its document.

use std::path::PathBuf;

use dyad_code::Coder;
use dyad_text::Document;

#[test]
fn wikinews_parses_and_codes() {
    let Some(shared) = dyad_testkit::shared_dir("wikinews_parses_and_codes") else {
        return;
    };
    let coder = Coder::builtin().unwrap();
    let dir = shared.join("corpus/wikinews-2019-2021");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let (mut docs, mut sentences, mut events) = (0, 0, 0);
    for f in files {
        let mut reader = csv::Reader::from_path(&f).unwrap();
        let headers = reader.headers().unwrap().clone();
        let text_col = headers.iter().position(|h| h == "text").unwrap();
        let date_col = headers.iter().position(|h| h == "date").unwrap();
        for row in reader.records() {
            let row = row.unwrap();
            let doc = Document {
                id: docs.to_string(),
                published: Some(row[date_col].to_string()),
                text: row[text_col].to_string(),
                ..Document::default()
            };
            let analysis = dyad_text::analyze(&doc.text);
            for s in &analysis.sentences {
                let forms: Vec<&str> = s.tokens.iter().map(|t| t.form()).collect();
                let p = coder.pipeline().annotate(&forms);
                assert_eq!(p.len(), forms.len());
                assert_eq!(
                    p.tokens.iter().filter(|t| t.head == 0).count(),
                    1.min(forms.len())
                );
                for (i, t) in p.tokens.iter().enumerate() {
                    // Following heads from any word reaches the root without a cycle.
                    let (mut h, mut steps) = (i + 1, 0);
                    while h != 0 {
                        h = p.tokens[h - 1].head;
                        steps += 1;
                        assert!(steps <= forms.len(), "cycle in {:?}", s.text);
                    }
                    assert!(t.head <= forms.len());
                }
                sentences += 1;
            }
            for e in coder.code(&doc, &analysis).events {
                assert!(e.evidence.verb[1] <= doc.text.len());
                assert_eq!(&doc.text[e.source.start..e.source.end], e.source.text);
                if let Some(t) = &e.target {
                    assert_eq!(&doc.text[t.start..t.end], t.text);
                }
                events += 1;
            }
            docs += 1;
        }
    }
    eprintln!("{docs} documents, {sentences} sentences, {events} events");
    assert!(docs >= 290 && sentences > 5000);
}
