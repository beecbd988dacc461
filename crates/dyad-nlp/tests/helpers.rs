//! The coder's helpers on parsed news sentences (shipped models).
use dyad_nlp::{ParsedSentence, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().expect("shipped models"))
}

fn parse(s: &str) -> ParsedSentence {
    let words: Vec<&str> = s.split_whitespace().collect();
    pipeline().annotate(&words)
}

fn id(p: &ParsedSentence, form: &str) -> usize {
    p.tokens.iter().position(|t| t.form == form).expect(form) + 1
}

fn forms(p: &ParsedSentence, ids: &[usize]) -> Vec<String> {
    ids.iter().map(|&i| p.tokens[i - 1].form.clone()).collect()
}

#[test]
fn meeting_sentence() {
    let p = parse("Chinese President Xi Jinping held a bilateral meeting with Russian Prime Minister Mikhail Mishustin on Tuesday in Beijing .");
    let held = id(&p, "held");
    assert_eq!(p.tokens[held - 1].lemma, "hold");
    assert_eq!(p.tokens[held - 1].upos, "VERB");
    let subj = forms(&p, &p.subjects(held));
    assert!(
        subj.iter().any(|s| s == "Jinping" || s == "Xi"),
        "{subj:?}\n{}",
        p.to_conllu()
    );
    assert_eq!(
        forms(&p, &p.objects(held)),
        vec!["meeting"],
        "{}",
        p.to_conllu()
    );
    let obl = p.obliques(held);
    assert!(
        obl.iter()
            .any(|(prep, id)| prep == "on" && p.tokens[id - 1].form == "Tuesday"),
        "{obl:?}\n{}",
        p.to_conllu()
    );
    // "in Beijing" may attach to the verb or to "Tuesday"; its marker is found either way
    assert_eq!(p.case_marker(id(&p, "Beijing")), "in");
    assert_eq!(p.name_span(id(&p, "Mikhail")), "Mikhail Mishustin");
    assert!(!p.is_negated(held));
    assert_eq!(p.modality(held), None);
}

#[test]
fn passive_agent() {
    let p = parse("The embassy was attacked by protesters .");
    let v = id(&p, "attacked");
    assert_eq!(p.tokens[v - 1].lemma, "attack");
    assert!(p.is_passive(v), "{}", p.to_conllu());
    assert_eq!(forms(&p, &p.subjects(v)), vec!["embassy"]);
    let a = p.passive_agent(v).expect("agent");
    assert_eq!(p.tokens[a - 1].form, "protesters");
    assert_eq!(p.tokens[a - 1].lemma, "protester");
}

#[test]
fn negation_modality_and_speech() {
    let p = parse("The government said it would not negotiate with the rebels .");
    let said = id(&p, "said");
    let neg = id(&p, "negotiate");
    assert_eq!(p.tokens[said - 1].lemma, "say");
    assert_eq!(p.clausal_complements(said), vec![neg], "{}", p.to_conllu());
    assert!(p.is_negated(neg));
    assert_eq!(p.modality(neg).as_deref(), Some("would"));
    assert_eq!(forms(&p, &p.auxiliaries(neg)), vec!["would"]);
    assert!(!p.is_negated(said));
}

#[test]
fn conjuncts() {
    let p = parse("Police arrested the leaders of France , Germany and Italy .");
    let f = id(&p, "France");
    let mut c = forms(&p, &p.conjuncts(f));
    c.sort();
    assert_eq!(c, vec!["Germany", "Italy"], "{}", p.to_conllu());
    let g = id(&p, "Italy");
    assert!(p.conjuncts(g).contains(&f));
}

#[test]
fn irregular_verb_and_conllu_output() {
    let p = parse("The rebels fought government troops near the border on Sunday .");
    let v = id(&p, "fought");
    assert_eq!(p.tokens[v - 1].lemma, "fight");
    assert_eq!(
        forms(&p, &p.subjects(v)),
        vec!["rebels"],
        "{}",
        p.to_conllu()
    );
    assert_eq!(
        forms(&p, &p.objects(v)),
        vec!["troops"],
        "{}",
        p.to_conllu()
    );
    let text = p.to_conllu();
    let back = dyad_nlp::conllu::parse_str(&text).unwrap();
    assert_eq!(back[0].words.len(), 11);
    assert_eq!(back[0].words[2].lemma, "fight");
}
