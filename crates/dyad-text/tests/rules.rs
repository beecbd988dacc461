//! Small cases for every rule of the text stage, through the public
//! [`dyad_text::analyze`] entry point.

mod common;

use dyad_text::{analyze, Analysis, SentenceKind};

fn run(text: &str) -> Analysis {
    let a = analyze(text);
    common::check_offsets(text, &a);
    a
}

fn sents(text: &str) -> Vec<String> {
    run(text).sentences.into_iter().map(|s| s.text).collect()
}

fn tokens(text: &str) -> Vec<String> {
    run(text)
        .sentences
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.text.clone()))
        .collect()
}

fn forms(text: &str) -> Vec<String> {
    run(text)
        .sentences
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.form().to_string()))
        .collect()
}

#[test]
fn boilerplate_is_removed_with_reasons() {
    let text = "Officials met on Monday.\nALSO READ: Something Else Happened\nAdvertisement\nThe talks ended.\nRead more: other story\nRELATED ARTICLES\nPhoto: Jane Doe/Reuters\n(Photo by John Roe)\nSubscribe to our newsletter\nSign up for alerts\nShare this article\nClick here to see more\nFollow us on Twitter\n© 2025 News Corp\nAll rights reserved\nRelated: Xi visits Moscow\nImage: AFP\n";
    let a = run(text);
    let reasons: Vec<(&str, &str)> = a
        .removed
        .iter()
        .map(|r| (r.text.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("ALSO READ: Something Else Happened", "read-more"),
            ("Advertisement", "advertisement"),
            ("Read more: other story", "read-more"),
            ("RELATED ARTICLES", "related"),
            ("Photo: Jane Doe/Reuters", "photo"),
            ("(Photo by John Roe)", "photo"),
            ("Subscribe to our newsletter", "subscribe"),
            ("Sign up for alerts", "newsletter"),
            ("Share this article", "share"),
            ("Click here to see more", "click-here"),
            ("Follow us on Twitter", "follow"),
            ("© 2025 News Corp", "copyright"),
            ("All rights reserved", "copyright"),
            ("Related: Xi visits Moscow", "related"),
            ("Image: AFP", "photo"),
        ]
    );
    assert_eq!(
        sents(text),
        ["Officials met on Monday.", "The talks ended."]
    );
}

#[test]
fn photo_in_a_sentence_stays() {
    let text = "The photo was taken in Kyiv.\nPhoto evidence was shown to the court.\nA Photo: caption-like phrase inside a sentence stays.";
    let a = run(text);
    assert!(a.removed.is_empty(), "{:?}", a.removed);
    assert_eq!(a.sentences.len(), 3);
}

#[test]
fn headings_are_not_sentences() {
    let text = "Deepening the Strategic Partnership\nThe leaders met.\nWHAT HAPPENS NEXT\nThey will meet again.\nOfficials said nothing\nCall for Favorable Investment Conditions\n";
    let a = run(text);
    let h: Vec<&str> = a.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        h,
        [
            "Deepening the Strategic Partnership",
            "WHAT HAPPENS NEXT",
            "Call for Favorable Investment Conditions"
        ]
    );
    assert_eq!(
        sents(text),
        [
            "The leaders met.",
            "They will meet again.",
            "Officials said nothing"
        ]
    );
}

#[test]
fn short_sentences_and_bullets_are_not_headings() {
    let text =
        "He left.\nPrices Rose Sharply.\n- Energy and Agriculture\n- Green Development\nWhy Now?\n";
    let a = run(text);
    assert!(a.headings.is_empty(), "{:?}", a.headings);
}

#[test]
fn bullet_items_exclude_their_marker() {
    let text = "Areas of cooperation:\n- Energy and Agriculture\n• Aerospace\n* Digital Economy\n– Green Development\n1. First point.\n2) Second point\n(a) Third point\nThe end.";
    let a = run(text);
    let items: Vec<(&str, SentenceKind)> = a
        .sentences
        .iter()
        .map(|s| (s.text.as_str(), s.kind))
        .collect();
    use SentenceKind::*;
    assert_eq!(
        items,
        [
            ("Areas of cooperation:", Sentence),
            ("Energy and Agriculture", Item),
            ("Aerospace", Item),
            ("Digital Economy", Item),
            ("Green Development", Item),
            ("First point.", Item),
            ("Second point", Item),
            ("Third point", Item),
            ("The end.", Sentence),
        ]
    );
}

/// Text, place, agency, date, first sentence.
type DatelineCase = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

#[test]
fn datelines() {
    let cases: [DatelineCase; 6] = [
        (
            "BEIJING (Reuters) - China said on Monday it would act.",
            "BEIJING",
            Some("Reuters"),
            None,
            "China said on Monday it would act.",
        ),
        (
            "MOSCOW, Nov 4 (AP) — Russia said it would respond.",
            "MOSCOW",
            Some("AP"),
            Some("Nov 4"),
            "Russia said it would respond.",
        ),
        (
            "WASHINGTON — The Senate voted.",
            "WASHINGTON",
            None,
            None,
            "The Senate voted.",
        ),
        (
            "KYIV, Ukraine (AP) — Ukraine said.",
            "KYIV, Ukraine",
            Some("AP"),
            None,
            "Ukraine said.",
        ),
        (
            "SALVADOR, Feb 26 - Brazil's coffee exports rose.",
            "SALVADOR",
            None,
            Some("Feb 26"),
            "Brazil's coffee exports rose.",
        ),
        (
            "Some Headline Here\nLONDON (Reuters) - Britain said.",
            "LONDON",
            Some("Reuters"),
            None,
            "Britain said.",
        ),
    ];
    for (text, place, agency, date, first) in cases {
        let a = run(text);
        let d = a
            .dateline
            .as_ref()
            .unwrap_or_else(|| panic!("no dateline in {text:?}"));
        assert_eq!(d.place, place);
        assert_eq!(d.agency.as_deref(), agency);
        assert_eq!(d.date.as_deref(), date);
        assert_eq!(a.sentences[0].text, first);
        assert!(a.sentences[0].start >= d.end);
    }
    // Only at the start of the first paragraph.
    let a = run("The talks ended.\nBEIJING (Reuters) - China said.");
    assert!(a.dateline.is_none());
    assert!(run("US-China talks resumed - officials said.")
        .dateline
        .is_none());
}

#[test]
fn sentence_boundaries() {
    assert_eq!(
        sents("Mr. Smith met Sen. Jones and Gen. Lee. They talked."),
        ["Mr. Smith met Sen. Jones and Gen. Lee.", "They talked."]
    );
    assert_eq!(
        sents("The U.S. and U.K. agreed. The E.U. did not. The U.N. said so."),
        [
            "The U.S. and U.K. agreed.",
            "The E.U. did not.",
            "The U.N. said so."
        ]
    );
    assert_eq!(
        sents("He flew to the U.S. The trip was long."),
        ["He flew to the U.S.", "The trip was long."]
    );
    assert_eq!(sents("The U.S. Army said so."), ["The U.S. Army said so."]);
    assert_eq!(
        sents("John F. Kennedy died in 1963. J.R.R. Tolkien wrote."),
        ["John F. Kennedy died in 1963.", "J.R.R. Tolkien wrote."]
    );
    assert_eq!(
        sents("Profits rose 3.5% to $2.5 billion. Shares fell."),
        ["Profits rose 3.5% to $2.5 billion.", "Shares fell."]
    );
    assert_eq!(
        sents("\"We will win.\" Next, he left."),
        ["\"We will win.\"", "Next, he left."]
    );
    assert_eq!(
        sents("Is it over? No! It is not."),
        ["Is it over?", "No!", "It is not."]
    );
    assert_eq!(
        sents("He hesitated... Then he spoke."),
        ["He hesitated...", "Then he spoke."]
    );
    assert_eq!(
        sents("Gov. Newsom, Lt. Col. Vindman, Dr. Fauci, Prof. Li and Rep. Pelosi met."),
        ["Gov. Newsom, Lt. Col. Vindman, Dr. Fauci, Prof. Li and Rep. Pelosi met."]
    );
    assert_eq!(
        sents("It happened on Jan. 5, Feb. 6, Aug. 7, Sept. 8, Oct. 9, Nov. 10 and Dec. 11."),
        ["It happened on Jan. 5, Feb. 6, Aug. 7, Sept. 8, Oct. 9, Nov. 10 and Dec. 11."]
    );
    assert_eq!(
        sents("Acme Inc. and Foo Corp. and Bar Ltd. and Baz Co. merged."),
        ["Acme Inc. and Foo Corp. and Bar Ltd. and Baz Co. merged."]
    );
    assert_eq!(
        sents("He is No. 1 vs. Mrs. Lee and Ms. Wu at St. Paul etc. today."),
        ["He is No. 1 vs. Mrs. Lee and Ms. Wu at St. Paul etc. today."]
    );
    assert_eq!(
        sents("It ended in a draw (2-2.) Fans left."),
        ["It ended in a draw (2-2.)", "Fans left."]
    );
}

#[test]
fn newlines_in_web_text_end_sentences() {
    // Not hard-wrapped: a line without final punctuation still ends a sentence.
    assert_eq!(
        sents("State media reported:\n“We agree.”\nNo further comment"),
        ["State media reported:", "“We agree.”", "No further comment"]
    );
    // A blank line always ends a sentence.
    assert_eq!(
        sents("First part\n\nsecond part"),
        ["First part", "second part"]
    );
    // A line that starts in lower case after one without final punctuation continues it.
    assert_eq!(
        sents("The minister said the indirect\ndetection was useful."),
        ["The minister said the indirect\ndetection was useful."]
    );
}

#[test]
fn hard_wrapped_text() {
    let text = "Market sources said a compromise over the NYSE rule could\nwell be reached, partly because the interests of U.S.\nSecurities dealers are not all identical.\n    Some of them could well start lobbying the NYSE, pointing\nout, among other things, that the expansion of global trading\nneeds to be based on reciprocal arrangements.\n    Shr 12 cts vs 10 cts\n    Net 1.2 mln vs 1.0 mln\n Reuter\n\u{3}";
    let a = run(text);
    assert_eq!(
        sents(text),
        [
            "Market sources said a compromise over the NYSE rule could\nwell be reached, partly because the interests of U.S.\nSecurities dealers are not all identical.",
            "Some of them could well start lobbying the NYSE, pointing\nout, among other things, that the expansion of global trading\nneeds to be based on reciprocal arrangements.",
            "Shr 12 cts vs 10 cts",
            "Net 1.2 mln vs 1.0 mln",
        ]
    );
    assert_eq!(a.removed.len(), 1);
    assert_eq!(a.removed[0].reason, "signoff");
}

#[test]
fn tokens_follow_ewt() {
    assert_eq!(
        tokens("China’s don't can't won't cannot"),
        ["China", "’s", "do", "n't", "ca", "n't", "wo", "n't", "can", "not"]
    );
    assert_eq!(forms("It is China’s."), ["It", "is", "China", "'s", "."]);
    assert_eq!(
        tokens("a no-limits, higher-level China-Russia pact"),
        [
            "a",
            "no-limits",
            ",",
            "higher-level",
            "China-Russia",
            "pact"
        ]
    );
    assert_eq!(
        tokens("1,000 people, 2.5 tonnes, 3.5%, $2.5 billion"),
        ["1,000", "people", ",", "2.5", "tonnes", ",", "3.5", "%", ",", "$", "2.5", "billion"]
    );
    assert_eq!(
        tokens("Mr. Li of the U.S. said..."),
        ["Mr.", "Li", "of", "the", "U.S.", "said", "..."]
    );
    assert_eq!(
        tokens("See https://example.com/x. Mail a.b@example.org now"),
        [
            "See",
            "https://example.com/x",
            ".",
            "Mail",
            "a.b@example.org",
            "now"
        ]
    );
    assert_eq!(
        tokens("we're they've I'll he'd I'm"),
        ["we", "'re", "they", "'ve", "I", "'ll", "he", "'d", "I", "'m"]
    );
}

#[test]
fn normalisation_is_reported_not_applied() {
    let text = "Xi said “yes” &amp; left&nbsp;early – again… and Bei\u{200b}jing’s R&amp;D co\u{ad}operation.";
    let a = run(text);
    assert_eq!(a.sentences.len(), 1);
    let pairs: Vec<(&str, Option<&str>)> = a.sentences[0]
        .tokens
        .iter()
        .map(|t| (t.text.as_str(), t.norm.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Xi", None),
            ("said", None),
            ("“", Some("\"")),
            ("yes", None),
            ("”", Some("\"")),
            ("&amp;", Some("&")),
            ("left", None),
            ("early", None),
            ("–", Some("-")),
            ("again", None),
            ("…", Some("...")),
            ("and", None),
            ("Bei\u{200b}jing", Some("Beijing")),
            ("’s", Some("'s")),
            ("R&amp;D", Some("R&D")),
            ("co\u{ad}operation", Some("cooperation")),
            (".", None),
        ]
    );
    let n = dyad_text::normalize::Normalized::new(text);
    assert!(n
        .as_str()
        .starts_with("Xi said \"yes\" & left early - again... and Beijing's R&D cooperation."));
}

#[test]
fn empty_and_blank_input() {
    for t in ["", " ", "\n\n\n", "\u{a0}\u{200b}", "\r\n", "&nbsp;"] {
        let a = run(t);
        assert!(a.sentences.is_empty(), "{t:?}");
    }
}

#[test]
fn odd_input_never_panics() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "a",
        "U.S.",
        ". ",
        "?",
        "!",
        "...",
        "…",
        "\n",
        "\n\n",
        "    ",
        "- ",
        "• ",
        "1. ",
        "“",
        "”",
        "’s",
        "n't",
        "&amp;",
        "&#8217;",
        "&nbsp;",
        "&",
        "&#",
        "\u{200b}",
        "\u{ad}",
        "😀",
        "中",
        "é",
        "\u{301}",
        "BEIJING (Reuters) - ",
        "Mr.",
        "$",
        "%",
        "http://x.y/",
        "a@b.c",
        "ALSO READ: ",
        "(",
        ")",
        "'",
        "\"",
        "\r",
        "\t",
        "\u{3}",
        ",",
        "1,000",
        "-",
        "—",
        "J.",
    ];
    for _ in 0..3000 {
        let n = (next() % 40) as usize;
        let s: String = (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        run(&s);
    }
    // Arbitrary bytes, made valid UTF-8.
    for _ in 0..300 {
        let n = (next() % 300) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| next() as u8).collect();
        run(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn large_input_without_spaces_or_newlines() {
    // 50 MB with neither spaces nor newlines: one giant word.
    let word = "a".repeat(50 << 20);
    let a = run(&word);
    assert_eq!(a.sentences.len(), 1);
    assert_eq!(a.sentences[0].tokens.len(), 1);
    // 50 MB of whitespace and invisible characters only.
    let blank = " \u{a0}\u{200b}\n\t".repeat((50 << 20) / 9);
    assert!(run(&blank).sentences.is_empty());
    // Shapes that could make a naive scanner quadratic.
    let dots = ".".repeat(4 << 20) + &"a+".repeat(2 << 20) + "@x.y";
    run(&dots);
    let line = "The cat sat. ".repeat((8 << 20) / 13);
    assert_eq!(analyze(&line).sentences.len(), (8 << 20) / 13);
    let lines = "Yes.\n".repeat(1 << 20);
    assert_eq!(analyze(&lines).sentences.len(), 1 << 20);
}

#[test]
fn json_contract() {
    let text = "BEIJING (Reuters) - China’s envoy met Mr. Li.\n- An item\nAdvertisement\nA Heading Here\nMore text &amp; more.";
    let v = serde_json::to_value(run(text)).expect("serialisable");
    let s0 = &v["sentences"][0];
    for k in ["id", "start", "end", "kind", "text", "tokens"] {
        assert!(s0.get(k).is_some(), "sentence field {k}");
    }
    assert_eq!(s0["kind"], "sentence");
    assert_eq!(v["sentences"][1]["kind"], "item");
    let t1 = &s0["tokens"][1];
    assert_eq!(t1["text"], "’s");
    assert_eq!(t1["norm"], "'s");
    // `norm` is omitted when the token is already normal.
    assert!(s0["tokens"][0].get("norm").is_none());
    assert_eq!(v["removed"][0]["reason"], "advertisement");
    assert_eq!(v["headings"][0]["text"], "A Heading Here");
    let d = &v["dateline"];
    assert_eq!(
        (d["place"].as_str(), d["agency"].as_str()),
        (Some("BEIJING"), Some("Reuters"))
    );
    assert!(d.get("date").is_none());
}

#[test]
fn wrapped_lines_ending_in_titles_do_not_split() {
    let text = "The company said its chairman, who met with Mr.\nSmith and Dr.\nJones last week in the capital, would resign after\nthe annual meeting of shareholders in the spring.\n    The board did not comment on the report from\nthe company's advisers, officials in London said.\n";
    assert_eq!(
        sents(text),
        [
            "The company said its chairman, who met with Mr.\nSmith and Dr.\nJones last week in the capital, would resign after\nthe annual meeting of shareholders in the spring.",
            "The board did not comment on the report from\nthe company's advisers, officials in London said.",
        ]
    );
}

/// Found by the `text` fuzz target: punctuation written as an entity
/// ("&#063;") made the tokeniser emit empty tokens forever.
#[test]
fn punctuation_entities_do_not_stall_the_tokeniser() {
    for text in [
        "mean&#063; ms",
        "Really&#33;&#33; yes",
        "wait&#46;&#46;&#46; no",
        "a&#45;b",
    ] {
        let a = dyad_text::analyze(text);
        for s in &a.sentences {
            assert!(s.tokens.len() <= text.len());
            for t in &s.tokens {
                assert!(t.start < t.end, "empty token in {text:?}");
                assert_eq!(&text[t.start..t.end], t.text);
            }
        }
    }
}
