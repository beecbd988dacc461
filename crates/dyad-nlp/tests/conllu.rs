//! CoNLL-U reader and writer.
use dyad_nlp::conllu::{parse_str, write_str, ConlluError};

const GOOD: &str = "# sent_id = 1\n# text = I can't go.\n\
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\
4.1\tgone\t_\t_\t_\t_\t_\t_\t_\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

#[test]
fn reads_words_and_comments_skipping_ranges_and_empty_nodes() {
    let s = parse_str(GOOD).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].comments.len(), 2);
    assert_eq!(s[0].forms(), vec!["I", "ca", "n't", "go", "."]);
    assert_eq!(s[0].words[3].head, Some(0));
}

#[test]
fn round_trips() {
    let s = parse_str(GOOD).unwrap();
    let text = write_str(&s);
    assert_eq!(parse_str(&text).unwrap(), s);
    assert!(text.starts_with("# sent_id = 1\n"));
}

fn line_of(e: &ConlluError) -> usize {
    match e {
        ConlluError::ColumnCount { line, .. }
        | ConlluError::BadId { line, .. }
        | ConlluError::BadHead { line, .. }
        | ConlluError::HeadOutOfRange { line, .. }
        | ConlluError::Cycle { line } => *line,
        ConlluError::Io(_) => 0,
    }
}

#[test]
fn wrong_column_count_has_line_number() {
    let t = "# c\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\n";
    let e = parse_str(t).unwrap_err();
    assert!(
        matches!(e, ConlluError::ColumnCount { line: 3, found: 4 }),
        "{e}"
    );
    assert!(e.to_string().contains("line 3"));
}

#[test]
fn bad_head_is_an_error() {
    let t = "1\ta\ta\tX\tX\t_\tzero\troot\t_\t_\n";
    let e = parse_str(t).unwrap_err();
    assert!(matches!(e, ConlluError::BadHead { line: 1, .. }), "{e}");
    let t = "1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t7\tdep\t_\t_\n";
    let e = parse_str(t).unwrap_err();
    assert!(
        matches!(
            e,
            ConlluError::HeadOutOfRange {
                line: 2,
                head: 7,
                len: 2
            }
        ),
        "{e}"
    );
    let t = "1\ta\ta\tX\tX\t_\t1\troot\t_\t_\n";
    assert_eq!(line_of(&parse_str(t).unwrap_err()), 1);
}

#[test]
fn bad_id_is_an_error() {
    let t = "\n\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n";
    let e = parse_str(t).unwrap_err();
    assert!(
        matches!(
            e,
            ConlluError::BadId {
                line: 4,
                expected: 2,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn cycles_are_an_error() {
    let t = "1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n\n\
1\ta\ta\tX\tX\t_\t2\tdep\t_\t_\n2\tb\tb\tX\tX\t_\t3\tdep\t_\t_\n3\tc\tc\tX\tX\t_\t1\tdep\t_\t_\n";
    let e = parse_str(t).unwrap_err();
    assert!(matches!(e, ConlluError::Cycle { .. }), "{e}");
    assert!((3..=5).contains(&line_of(&e)));
}

#[test]
fn underscore_heads_are_allowed_for_unparsed_input() {
    let t = "1\tHello\t_\t_\t_\t_\t_\t_\t_\t_\n2\tworld\t_\t_\t_\t_\t_\t_\t_\t_\n";
    let s = parse_str(t).unwrap();
    assert_eq!(s[0].words[1].head, None);
}

#[test]
fn garbage_never_panics() {
    for t in [
        "\t\t\t",
        "1\t\t\t\t\t\t\t\t\t",
        "x\ty\n\n\n",
        "1-\t_\t_\t_\t_\t_\t_\t_\t_\t_\n",
        "\u{feff}#\n",
    ] {
        let _ = parse_str(t);
    }
}
