//! Shows how the coder reads one sentence: the parse, the actors found, and
//! the events: `cargo run -p dyad-code --example explain -- "SENTENCE" [DATE]`.
use dyad_code::Coder;
use dyad_text::Document;

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().expect("SENTENCE");
    let published = args.next().or(Some("2000-01-01".into()));
    let coder = Coder::builtin().expect("built-in coder");
    let analysis = dyad_text::analyze(&text);
    for s in &analysis.sentences {
        let forms: Vec<&str> = s.tokens.iter().map(|t| t.form()).collect();
        print!("{}", coder.pipeline().annotate(&forms).to_conllu());
    }
    let doc = Document {
        id: "x".into(),
        published,
        text: text.clone(),
        ..Document::default()
    };
    let coded = coder.code(&doc, &analysis);
    for a in &coded.actors {
        println!("actor {} {:?} ({})", a.code, a.text, a.kind);
    }
    for e in &coded.events {
        println!(
            "event {} {} -> {} [{}] verb {:?} reporter {:?}",
            e.code,
            e.source.code,
            e.target.as_ref().map(|t| t.code.as_str()).unwrap_or("-"),
            e.evidence.pattern,
            &text[e.evidence.verb[0]..e.evidence.verb[1]],
            e.reporter.as_ref().map(|r| r.code.as_str())
        );
    }
}
