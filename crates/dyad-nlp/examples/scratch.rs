use std::collections::HashMap;
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let t = dyad_nlp::Tagger::load(std::path::Path::new(&a[0])).unwrap();
    let gold = dyad_nlp::read_conllu_file(&a[1]).unwrap();
    let mut conf: HashMap<(String, String), usize> = HashMap::new();
    for s in &gold {
        let f = s.forms();
        for (w, (_x, u)) in s.words.iter().zip(t.tag(&f)) {
            if w.upos != u { *conf.entry((w.upos.clone(), u.to_string())).or_default() += 1; }
        }
    }
    let mut v: Vec<_> = conf.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    for ((g, p), c) in v.iter().take(25) { println!("{g} -> {p}: {c}"); }
}
