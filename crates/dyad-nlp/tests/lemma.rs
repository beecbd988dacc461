//! Lemmatiser rules and irregular forms (rules only, no learned exceptions).
use dyad_nlp::Lemmatizer;

fn l(form: &str, xpos: &str) -> String {
    Lemmatizer::rules_only().lemmatize(form, xpos, "")
}

#[test]
fn irregular_verbs() {
    for (f, x, want) in [
        ("met", "VBD", "meet"),
        ("held", "VBD", "hold"),
        ("said", "VBD", "say"),
        ("struck", "VBN", "strike"),
        ("fought", "VBD", "fight"),
        ("was", "VBD", "be"),
        ("were", "VBD", "be"),
        ("is", "VBZ", "be"),
        ("went", "VBD", "go"),
        ("gone", "VBN", "go"),
        ("left", "VBD", "leave"),
        ("sought", "VBD", "seek"),
        ("withdrew", "VBD", "withdraw"),
        ("has", "VBZ", "have"),
        ("did", "VBD", "do"),
        ("Said", "VBD", "say"),
    ] {
        assert_eq!(l(f, x), want, "{f}/{x}");
    }
    assert!(dyad_nlp::lemma::irregular_count() >= 300);
}

#[test]
fn irregular_nouns() {
    for (f, want) in [
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("lives", "life"),
        ("crises", "crisis"),
        ("spokesmen", "spokesman"),
    ] {
        assert_eq!(l(f, "NNS"), want, "{f}");
    }
}

#[test]
fn regular_suffix_rules() {
    for (f, x, want) in [
        ("attacked", "VBD", "attack"),
        ("stopped", "VBD", "stop"),
        ("planned", "VBN", "plan"),
        ("hoped", "VBD", "hope"),
        ("declared", "VBD", "declare"),
        ("accused", "VBD", "accuse"),
        ("carried", "VBD", "carry"),
        ("died", "VBD", "die"),
        ("agreed", "VBD", "agree"),
        ("continued", "VBD", "continue"),
        ("making", "VBG", "make"),
        ("meeting", "VBG", "meet"),
        ("running", "VBG", "run"),
        ("saying", "VBG", "say"),
        ("being", "VBG", "be"),
        ("condemns", "VBZ", "condemn"),
        ("carries", "VBZ", "carry"),
        ("pushes", "VBZ", "push"),
        ("cities", "NNS", "city"),
        ("boxes", "NNS", "box"),
        ("talks", "NNS", "talk"),
        ("bigger", "JJR", "big"),
        ("larger", "JJR", "large"),
        ("happiest", "JJS", "happy"),
        ("better", "JJR", "good"),
        ("The", "DT", "the"),
        ("Beijing", "NNP", "Beijing"),
    ] {
        assert_eq!(l(f, x), want, "{f}/{x}");
    }
}

#[test]
fn never_panics_on_odd_strings() {
    let lem = Lemmatizer::rules_only();
    let forms = [
        "",
        "s",
        "ed",
        "ing",
        "ies",
        "\u{800}\u{820}\u{820}ed",
        "ßßing",
        "ÉTÉS",
        "北京ed",
        "😀😀ing",
        "'s",
        "’s",
        "n’t",
        "aaaa",
        "zzzzed",
        "\u{0301}ed",
        "İSTANBULS",
    ];
    let tags = [
        "NNS", "NNPS", "NNP", "VBD", "VBN", "VBG", "VBZ", "JJR", "JJS", "RBR", "MD", "PRP",
    ];
    for f in forms {
        for t in tags {
            let _ = lem.lemmatize(f, t, "");
            let _ = lem.lemmatize(f, t, "PROPN");
        }
    }
}
