//! Every input gets a well-formed tree from the shipped models.
use dyad_nlp::{ParsedSentence, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().expect("shipped models"))
}

fn check_tree(p: &ParsedSentence, n: usize) {
    assert_eq!(p.len(), n);
    let roots = p.tokens.iter().filter(|t| t.head == 0).count();
    if n == 0 {
        assert_eq!(roots, 0);
        return;
    }
    assert_eq!(roots, 1, "exactly one root");
    for (i, t) in p.tokens.iter().enumerate() {
        assert!(t.head <= n && t.head != i + 1, "head in range");
        assert_eq!(t.deprel == "root", t.head == 0, "root label iff head 0");
        // reaching the root without revisiting a word means no cycle
        let mut v = i + 1;
        let mut steps = 0;
        while v != 0 {
            v = p.tokens[v - 1].head;
            steps += 1;
            assert!(steps <= n, "cycle through word {}", i + 1);
        }
    }
}

#[test]
fn empty_input() {
    let p = pipeline().annotate(&[]);
    check_tree(&p, 0);
    assert!(p.to_conllu().trim().is_empty());
}

#[test]
fn odd_inputs() {
    let pl = pipeline();
    let cases: Vec<Vec<&str>> = vec![
        vec!["."],
        vec!["!", "?", ".", ",", "--", "..."],
        vec!["Hello"],
        "PROTESTERS ATTACKED THE EMBASSY IN KABUL ON MONDAY ."
            .split(' ')
            .collect(),
        vec!["(", ")", "\"", "'", ";"],
        vec!["", " ", "\t"],
        vec!["über", "北京", "😀", "-"],
    ];
    for c in cases {
        check_tree(&pl.annotate(&c), c.len());
    }
}

#[test]
fn long_inputs() {
    let pl = pipeline();
    let base = "The minister said that the talks , which began on Monday in Geneva , would continue and that both sides had agreed to meet again".split(' ');
    let words: Vec<&str> = base.cycle().take(300).collect();
    check_tree(&pl.annotate(&words), 300);
    let many: Vec<&str> = "police said protesters threw stones and burned tyres"
        .split(' ')
        .cycle()
        .take(5000)
        .collect();
    let t0 = std::time::Instant::now();
    let p = pl.annotate(&many);
    check_tree(&p, 5000);
    // linear time: even unoptimised this is a few seconds at most
    assert!(t0.elapsed().as_secs() < 60);
}
