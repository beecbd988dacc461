//! Quotations: pairing the marks, telling speech from terms, and finding
//! the speaker.

use dyad_enrich::quotes::{find_quotes, Quote, QuoteKind};

/// The quotes of `text`, after checking that every span slices the text.
fn quotes(text: &str) -> Vec<Quote> {
    let a = dyad_text::analyze(text);
    let out = find_quotes(text, &a);
    for q in &out {
        assert_eq!(&text[q.start..q.end], q.text, "quote span of {q:?}");
        if let Some(s) = &q.speaker {
            assert_eq!(&text[s.start..s.end], s.text, "speaker span of {q:?}");
            assert!(q.kind == QuoteKind::Quote, "a term with a speaker: {q:?}");
        }
        assert!(!q.sentence_ids.is_empty(), "{q:?}");
    }
    out
}

/// The quote whose text contains `needle`.
fn quote<'a>(qs: &'a [Quote], needle: &str) -> &'a Quote {
    qs.iter()
        .find(|q| q.text.contains(needle))
        .unwrap_or_else(|| panic!("no quote with {needle:?} in {qs:#?}"))
}

/// The speaker text of the quote containing `needle` in `text`.
fn speaker(text: &str, needle: &str) -> Option<String> {
    let qs = quotes(text);
    let q = quote(&qs, needle);
    q.speaker.as_ref().map(|s| s.text.clone())
}

fn kind(text: &str, needle: &str) -> QuoteKind {
    quote(&quotes(text), needle).kind
}

#[test]
fn china_russia_example() {
    let Some(dir) = dyad_testkit::shared_dir("quotes") else {
        return;
    };
    let path = dir.join("examples/china-russia-2025-11-04.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} unreadable", path.display());
        return;
    };
    let qs = quotes(&text);
    let q = quote(&qs, "China-Russia relations have stayed the course");
    assert_eq!(q.kind, QuoteKind::Quote);
    let s = q.speaker.as_ref().map(|s| s.text.as_str());
    assert_eq!(
        s,
        Some("President Xi"),
        "reported by state media, said by Xi"
    );
    let q = quote(&qs, "strategic choice for both sides");
    assert_eq!(q.kind, QuoteKind::Quote);
    assert_eq!(q.speaker.as_ref().map(|s| s.text.as_str()), Some("Xi"));
    let q = quote(&qs, "strengthen cooperation in all spheres");
    assert_eq!(q.kind, QuoteKind::Quote);
    let they = q.speaker.as_ref().expect("a speaker for the joint pledge");
    assert_eq!(they.text, "They");
    assert!(they.pronoun);
    for term in ["no-limits", "one-China", "Taiwan independence", "turbulent"] {
        let q = qs
            .iter()
            .find(|q| q.text.trim_end_matches('.') == term)
            .unwrap_or_else(|| panic!("{term} not found: {qs:#?}"));
        assert_eq!(q.kind, QuoteKind::Term, "{term}");
        assert!(q.speaker.is_none(), "{term}");
    }
    assert_eq!(qs.len(), 7, "{qs:#?}");

    // The expectations file: each expected quote is found, with its
    // speaker (a pronoun stands for the caller to resolve).
    let json = std::fs::read_to_string(dir.join("examples/china-russia-2025-11-04.expected.json"));
    let Ok(json) = json else { return };
    let expected: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let list = expected["quotes"].as_array().cloned().unwrap_or_default();
    assert!(!list.is_empty());
    for e in list {
        let needle = e["text_contains"].as_str().unwrap_or_default();
        let q = quote(&qs, needle);
        let sp = q
            .speaker
            .as_ref()
            .unwrap_or_else(|| panic!("no speaker for {needle}"));
        if let Some(want) = e["speaker"].as_str() {
            assert!(
                sp.text.contains(want),
                "{needle}: {} is not {want}",
                sp.text
            );
        } else {
            let any: Vec<&str> = e["speaker_any"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str())
                .collect();
            assert!(
                sp.pronoun || any.iter().any(|w| sp.text.contains(w)),
                "{needle}: {sp:?}"
            );
        }
    }
}

#[test]
fn attribution_after_the_quote() {
    let s = |t: &str| speaker(t, "We will");
    assert_eq!(s("\"We will win,\" Xi said.").as_deref(), Some("Xi"));
    assert_eq!(s("“We will win,” Xi said.").as_deref(), Some("Xi"));
    assert_eq!(s("\"We will win,\" said Xi.").as_deref(), Some("Xi"));
    assert_eq!(
        s("\"We will win,\" said Wang Yi, the foreign minister.").as_deref(),
        Some("Wang Yi, the foreign minister")
    );
    assert_eq!(
        s("\"We will win,\" the country's foreign ministry said in a statement.").as_deref(),
        Some("the country's foreign ministry")
    );
    assert_eq!(
        s("\"We will win,\" Xi told reporters on Tuesday.").as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("\"We will win,\" Xi has also said.").as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("\"We will win,\" according to Xi.").as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("\"We will win,\" he was quoted as saying.").as_deref(),
        Some("he")
    );
    assert_eq!(
        s("\"We will win,\" the agency quoted him as saying.").as_deref(),
        Some("him")
    );
    assert_eq!(
        s("\"We will win\", John Smith, a spokesman for the ministry, said.").as_deref(),
        Some("John Smith, a spokesman for the ministry")
    );
    // State media that report a remark are not its speaker.
    assert_eq!(
        s("The minister said the deal would \"We will make us all stronger,\" state media reported.").as_deref(),
        Some("The minister")
    );
    let qs = quotes("\"We will win,\" he said.");
    assert!(qs[0].speaker.as_ref().is_some_and(|s| s.pronoun));
}

#[test]
fn attribution_before_the_quote() {
    let s = |t: &str| speaker(t, "We will");
    assert_eq!(s("Xi said: \"We will win.\"").as_deref(), Some("Xi"));
    assert_eq!(s("Xi said, \"We will win.\"").as_deref(), Some("Xi"));
    assert_eq!(
        s("President Xi Jinping declared: “We will win.”").as_deref(),
        Some("President Xi Jinping")
    );
    assert_eq!(
        s("According to Xi, \"We will win.\"").as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("In a statement, the ministry said \"We will win.\"").as_deref(),
        Some("the ministry")
    );
    assert_eq!(s("In Xi's words, \"We will win.\"").as_deref(), Some("Xi"));
    assert_eq!(
        s("Officials who spoke on condition of anonymity said \"We will win.\"").as_deref(),
        Some("Officials")
    );
    assert_eq!(
        s("Cruz, in remarks to ABC, said, \"We will win.\"").as_deref(),
        Some("Cruz")
    );
    assert_eq!(
        s("Li, however, said \"We will win.\"").as_deref(),
        Some("Li")
    );
    assert_eq!(
        s("Xi and Putin said \"We will win.\"").as_deref(),
        Some("Xi and Putin")
    );
    assert_eq!(
        s("Xi left the hall, saying \"We will win.\"").as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("Xi went on to add, \"We will win.\"").as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("The court was told by the inspector of \"We will win the case.\"").as_deref(),
        Some("the inspector")
    );
    assert_eq!(
        s("Xi declared that the relationship represents a firm \"We will win together forever.\"")
            .as_deref(),
        Some("Xi")
    );
    assert_eq!(
        s("They committed to “We will strengthen cooperation in all spheres.”").as_deref(),
        Some("They")
    );
    assert_eq!(
        s("Facebook released a statement which read, \"We will win.\"").as_deref(),
        Some("Facebook")
    );
    assert_eq!(s("It read, \"We will win.\"").as_deref(), Some("It"));
}

#[test]
fn colon_introductions() {
    let t = "President Xi's remarks to the visiting Prime Minister were reported by state media:\n\
             “We will win, advancing steadily despite a turbulent external environment.”";
    assert_eq!(speaker(t, "We will").as_deref(), Some("President Xi"));
    let t = "In a statement on Tuesday, the foreign ministry said:\n\"We will win this fight.\"";
    assert_eq!(
        speaker(t, "We will").as_deref(),
        Some("the foreign ministry")
    );
    let t = "The palace issued the following statement from the king: \"We will win this fight.\"";
    assert_eq!(speaker(t, "We will").as_deref(), Some("the king"));
}

#[test]
fn later_quotes_keep_the_speaker() {
    let t = "\"We will win,\" Xi said. \"Nobody can stop us now.\"";
    assert_eq!(speaker(t, "Nobody").as_deref(), Some("Xi"));
    // A paragraph that is only a quotation continues the last speaker.
    let t = "\"We will win,\" Xi said.\n\"Nobody can stop us now.\"";
    assert_eq!(speaker(t, "Nobody").as_deref(), Some("Xi"));
    // But not across a paragraph of narration.
    let t = "\"We will win,\" Xi said.\nThe talks ended on Monday.\n\"Nobody can stop us now.\"";
    assert_eq!(speaker(t, "Nobody"), None);
}

#[test]
fn quotes_split_by_attribution_are_one_utterance() {
    let t = "“China and Russia are friends,” Xi said, “and we will stay friends forever.”";
    let qs = quotes(t);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[0].utterance, qs[1].utterance);
    assert_eq!(qs[0].speaker, qs[1].speaker);
    assert_eq!(qs[1].speaker.as_ref().map(|s| s.text.as_str()), Some("Xi"));
    // Two separate quotations are two utterances.
    let t = "\"We will win,\" Xi said. \"Nobody can stop us now,\" Putin said.";
    let qs = quotes(t);
    assert_ne!(qs[0].utterance, qs[1].utterance);
    assert_eq!(
        qs[1].speaker.as_ref().map(|s| s.text.as_str()),
        Some("Putin")
    );
}

#[test]
fn quotes_over_several_paragraphs() {
    let t = "Xi said:\n\
             “The first paragraph of the speech has no closing mark.\n\
             “The second paragraph opens again and does not close either.\n\
             “The third one closes,” he concluded.\n\
             The talks ended on Monday.";
    let qs = quotes(t);
    assert_eq!(qs.len(), 3, "{qs:#?}");
    assert!(qs
        .iter()
        .all(|q| q.utterance == qs[0].utterance && !q.unclosed));
    assert!(qs.iter().all(|q| !q.text.contains('\n')));
    assert_eq!(qs[0].speaker.as_ref().map(|s| s.text.as_str()), Some("he"));
    assert!(qs[2].text.ends_with("closes,"));
}

#[test]
fn unbalanced_marks_stop_at_the_paragraph() {
    let t = "He said \"this quotation never closes, which happens.\n\
             The next paragraph has a \"real quotation of several words,\" she said.\n\
             And a third paragraph has no quotes at all.";
    let qs = quotes(t);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert!(qs[0].unclosed);
    assert_eq!(qs[0].text, "this quotation never closes, which happens.");
    assert!(!qs[1].unclosed);
    assert_eq!(qs[1].text, "real quotation of several words,");
    assert_eq!(qs[1].speaker.as_ref().map(|s| s.text.as_str()), Some("she"));
    // A very long paragraph cuts an unclosed quotation at its sentence.
    let mut long = String::from("He said \"this one never closes. ");
    for _ in 0..100 {
        long.push_str("Then the report goes on about other matters entirely. ");
    }
    let qs = quotes(&long);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].text, "this one never closes.");
    // A stray closing mark opens nothing.
    let qs = quotes("The ceasefire” held. Xi said \"We will win the war,\" and left.");
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].text, "We will win the war,");
}

#[test]
fn terms_are_not_speech() {
    assert_eq!(
        kind(
            "The two countries forged a “no-limits” partnership.",
            "no-limits"
        ),
        QuoteKind::Term
    );
    assert_eq!(
        kind("It adheres to the “one-China” principle.", "one-China"),
        QuoteKind::Term
    );
    assert_eq!(
        kind(
            "It opposes any move supporting “Taiwan independence.”",
            "Taiwan"
        ),
        QuoteKind::Term
    );
    assert_eq!(
        kind("He called it a \"turbulent\" landscape.", "turbulent"),
        QuoteKind::Term
    );
    assert_eq!(
        kind(
            "The so-called \"Islamic State\" claimed the attack.",
            "Islamic"
        ),
        QuoteKind::Term
    );
    assert_eq!(
        kind(
            "He starred in \"Gone with the Wind of the South\" in 1939.",
            "Gone"
        ),
        QuoteKind::Term
    );
    assert_eq!(
        kind(
            "Trump characterized the call as \"perfectly fine and routine.\"",
            "perfectly"
        ),
        QuoteKind::Term
    );
    // Short, but speech.
    assert_eq!(kind("\"No,\" he said.", "No"), QuoteKind::Quote);
    assert_eq!(kind("He said: \"Never again.\"", "Never"), QuoteKind::Quote);
    assert_eq!(
        kind("He said it was \"unacceptable.\"", "unacceptable"),
        QuoteKind::Quote
    );
    assert_eq!(
        speaker("He said it was \"unacceptable.\"", "unacceptable").as_deref(),
        Some("He")
    );
    assert_eq!(speaker("\"No,\" he said.", "No").as_deref(), Some("he"));
}

#[test]
fn headings_boilerplate_and_single_quotes_are_not_searched() {
    let t = "Xi Vows \"Victory\" In Beijing Talks\n\
             The leaders met on Tuesday in Beijing for talks.\n\
             ALSO READ: \"Another story entirely\"\n\
             He called it 'a good day for both sides' afterwards.";
    let qs = quotes(t);
    assert!(qs.is_empty(), "{qs:#?}");
}

#[test]
fn serialises_kind_lowercase_and_skips_false_unclosed() {
    let qs = quotes("\"We will win,\" Xi said, adding a \"no-limits\" pledge.");
    let json = serde_json::to_string(&qs).unwrap_or_default();
    assert!(json.contains(r#""kind":"quote""#), "{json}");
    assert!(json.contains(r#""kind":"term""#), "{json}");
    assert!(json.contains(r#""pronoun":false"#), "{json}");
    assert!(!json.contains("unclosed"), "{json}");
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        "\"",
        "\"\"",
        "\"\"\"\"\"",
        "“",
        "”",
        "”“",
        "« »",
        "„Guten Tag“, sagte er.",
        "\" said",
        "said \"",
        ", \" he said",
        "\"a\" \"b\" \"c\" \"d\"",
        "“Nested “quotes” here,” he said.",
        "&quot;Entity quote,&quot; he said.",
        "&ldquo;Entity quote,&rdquo; he said.",
        "\"\n\"\n\"\n\"",
        "“\n“\n“\n",
        "\u{0}\"\u{feff}\"\u{200b}",
        "东京 “引用” 他说。",
        "He said, \"",
        "according to \"",
        "\"Yes,\" according to",
        "\"Yes,\" said",
        "\"Yes,\" the",
        "the agency quoted \"x\" as saying",
        "X's remarks:",
        ":\n\"",
    ];
    for t in odd {
        let _ = quotes(t);
    }
    // Many marks and many paragraphs.
    let mut big = String::new();
    for i in 0..300 {
        big.push_str(if i % 3 == 0 {
            "“"
        } else if i % 3 == 1 {
            "\""
        } else {
            "”"
        });
        big.push_str("word, he said ");
        if i % 7 == 0 {
            big.push('\n');
        }
    }
    let _ = quotes(&big);
}

/// Over the Wikinews corpus: no quotation crosses a paragraph, speakers are
/// noun phrases rather than verbs, and most quotations get a speaker.
#[test]
fn wikinews_corpus() {
    let Some(dir) = dyad_testkit::shared_dir("quotes corpus") else {
        return;
    };
    let (mut speech, mut with_speaker, mut terms) = (0usize, 0usize, 0usize);
    {
        for article in dyad_testkit::wikinews(&dir) {
            let text = &article.text;
            for q in quotes(text) {
                assert!(
                    !q.text.contains("\n\n"),
                    "a quotation crosses a paragraph: {q:?}"
                );
                match q.kind {
                    QuoteKind::Term => terms += 1,
                    QuoteKind::Quote => speech += 1,
                }
                if let Some(s) = &q.speaker {
                    with_speaker += 1;
                    let first = s.text.split_whitespace().next().unwrap_or_default();
                    assert!(
                        !["said", "says", "told", "was", "is", "has"].contains(&first),
                        "{q:?}"
                    );
                    assert!(s.text.split_whitespace().count() <= 16, "{q:?}");
                }
            }
        }
    }
    println!("{speech} quotations ({with_speaker} with a speaker), {terms} terms");
    if speech > 0 {
        assert!(
            with_speaker * 5 >= speech * 4,
            "{with_speaker} of {speech} have a speaker"
        );
        assert!(terms * 10 >= speech, "few terms: {terms}");
    }
}
