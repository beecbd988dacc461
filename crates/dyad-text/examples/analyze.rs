//! Prints the analysis of a text file (or stdin) in a compact, readable form:
//! `cargo run -p dyad-text --example analyze -- FILE`.
use std::io::Read;

fn main() {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(p) => text = std::fs::read_to_string(p).expect("readable UTF-8 file"),
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .expect("UTF-8 on stdin");
        }
    }
    let a = dyad_text::analyze(&text);
    if let Some(d) = &a.dateline {
        println!(
            "DATELINE {:?} place={:?} agency={:?} date={:?}",
            d.text, d.place, d.agency, d.date
        );
    }
    for r in &a.removed {
        println!("REMOVED [{}] {:?}", r.reason, r.text);
    }
    for h in &a.headings {
        println!("HEADING {:?}", h.text);
    }
    for s in &a.sentences {
        let toks: Vec<&str> = s.tokens.iter().map(|t| t.form()).collect();
        println!(
            "{:>3} {:?} {:?}\n    {}",
            s.id,
            s.kind,
            s.text,
            toks.join(" | ")
        );
    }
}
