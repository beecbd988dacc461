//! Throughput benchmark: tags, lemmatises and parses the Wikinews corpus.
//!
//! ```text
//! cargo run --release -p dyad-nlp --example bench [-- CORPUS_DIR [MODELS_DIR]]
//! ```
//! CORPUS_DIR defaults to `$DYAD_SHARED/corpus/wikinews-2019-2021` or
//! `../shared/...`. Tokenisation is a simple whitespace + punctuation split
//! (not timed). Prints tokens/s and peak RSS (VmHWM).
use std::path::PathBuf;
use std::time::Instant;

use dyad_nlp::Pipeline;

/// Text fields of the `text` column of a quoted CSV file.
fn csv_texts(data: &str) -> Vec<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\r' => {}
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let Some(header) = rows.first() else {
        return Vec::new();
    };
    let Some(col) = header.iter().position(|h| h == "text") else {
        return Vec::new();
    };
    rows.iter()
        .skip(1)
        .filter_map(|r| r.get(col).cloned())
        .collect()
}

/// Whitespace split, then punctuation and clitics split off; sentences end at . ! ?
fn sentences(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for raw in text.split_whitespace() {
        let mut w = raw;
        let mut tail = Vec::new();
        while let Some(c) = w.chars().next().filter(|c| "\"'([{“‘".contains(*c)) {
            cur.push(c.to_string());
            w = &w[c.len_utf8()..];
        }
        while let Some(c) = w.chars().last().filter(|c| "\"')]}.,;:!?”’".contains(*c)) {
            tail.push(c.to_string());
            w = &w[..w.len() - c.len_utf8()];
        }
        if !w.is_empty() {
            let lw = w.to_lowercase();
            if lw.ends_with("n't") && w.len() > 3 {
                cur.push(w[..w.len() - 3].to_string());
                cur.push(w[w.len() - 3..].to_string());
            } else if (lw.ends_with("'s") || lw.ends_with("’s")) && w.len() > 2 {
                let k = w.len() - if lw.ends_with("'s") { 2 } else { 4 };
                cur.push(w[..k].to_string());
                cur.push(w[k..].to_string());
            } else {
                cur.push(w.to_string());
            }
        }
        let mut end = false;
        for t in tail.into_iter().rev() {
            end |= t == "." || t == "!" || t == "?";
            cur.push(t);
        }
        if end || cur.len() > 200 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "n/a".into())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = args.first().map(PathBuf::from).unwrap_or_else(|| {
        let shared = std::env::var_os("DYAD_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        shared.join("corpus/wikinews-2019-2021")
    });
    let t0 = Instant::now();
    let p = match args.get(1) {
        Some(d) => Pipeline::load(d),
        None => Pipeline::builtin(),
    }
    .expect("models");
    println!("model load: {:.3}s", t0.elapsed().as_secs_f64());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let mut sents = Vec::new();
    for f in &files {
        let data = std::fs::read_to_string(f).expect("read csv");
        for t in csv_texts(&data) {
            sents.extend(sentences(&t));
        }
    }
    let tokens: usize = sents.iter().map(|s| s.len()).sum();
    println!(
        "{} files, {} sentences, {} tokens",
        files.len(),
        sents.len(),
        tokens
    );
    let mut best = f64::MAX;
    let mut check = 0usize;
    for _ in 0..3 {
        let t = Instant::now();
        for s in &sents {
            let w: Vec<&str> = s.iter().map(|x| x.as_str()).collect();
            let r = p.annotate(&w);
            check = check.wrapping_add(r.tokens.first().map(|t| t.head).unwrap_or(0));
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "tag+lemma+parse: {:.0} tokens/s ({:.3}s per pass, best of 3; checksum {check})",
        tokens as f64 / best,
        best
    );
    println!("peak RSS (VmHWM): {}", vm_hwm());
}
