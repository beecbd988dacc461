//! Codes one text file and prints its events, one JSON object per line:
//! `cargo run -p dyad-code --example code_text -- FILE [PUBLISHED]`.
use dyad_code::Coder;
use dyad_text::Document;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("FILE");
    let published = args.next();
    let text = std::fs::read_to_string(&path).expect("readable file");
    let doc = Document {
        id: path.clone(),
        published,
        text,
        ..Document::default()
    };
    let coder = Coder::builtin().expect("built-in coder");
    let analysis = dyad_text::analyze(&doc.text);
    let coded = coder.code(&doc, &analysis);
    for e in &coded.events {
        println!(
            "{} {} -> {} [{}] {} | {}",
            e.code,
            e.source.code,
            e.target.as_ref().map(|t| t.code.as_str()).unwrap_or("-"),
            e.evidence.pattern,
            &doc.text[e.evidence.verb[0]..e.evidence.verb[1]],
            e.sentence_text.chars().take(90).collect::<String>()
        );
    }
}
