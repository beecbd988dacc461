//! The acceptance test: a real news report (China–Russia, 2025-11-04) with
//! its boilerplate, headings, list items and every sentence boundary checked.

mod common;

use dyad_text::{analyze, SentenceKind};

#[test]
fn china_russia_report() {
    let Some(dir) = common::shared_dir("china_russia_report") else {
        return;
    };
    let path = dir.join("examples/china-russia-2025-11-04.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "skipping china_russia_report: {} not readable",
            path.display()
        );
        return;
    };
    let a = analyze(&text);
    common::check_offsets(&text, &a);

    let removed: Vec<&str> = a.removed.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        removed,
        ["ALSO READ: Travel Chaos: Internet Outage Strands Passengers After Tanzania Vote"]
    );
    assert_eq!(a.removed[0].reason, "read-more");

    let headings: Vec<&str> = a.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Deepening the Strategic Partnership",
            "Call for Favorable Investment Conditions",
            "Joint Diplomatic Pledges"
        ]
    );
    assert!(a.dateline.is_none());

    let items: Vec<&str> = a
        .sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::Item)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        items,
        [
            "Energy and Agriculture",
            "Aerospace and Digital Economy",
            "Green Development"
        ]
    );

    let expected = [
        "Chinese President Xi Jinping held a bilateral meeting with Russian Prime Minister Mikhail Mishustin on Tuesday in Beijing.",
        "During the meeting, President Xi expressed interest in expanding mutual financial commitments between the two nations.",
        "He resolutely confirmed Beijing’s dedication to strengthening the partnership despite what he characterized as a “turbulent” international landscape.",
        "This significant gathering at the Great Hall of the People followed an earlier event.",
        "Premier Li Qiang, China’s second-highest official, met separately with Mishustin in Hangzhou on Monday.",
        "Li had underscored China’s wish to enhance cooperation with Russia and jointly safeguard shared security concerns.",
        "The Russian government consistently highlights the importance of Mishustin’s visit.",
        "Russia is currently navigating extensive Western sanctions imposed due to its military actions in Ukraine.",
        "Furthermore, it is actively seeking increased support to counteract a recent slowdown in trade with China.",
        "President Xi’s remarks to the visiting Prime Minister were reported by state media:",
        "“China-Russia relations have stayed the course toward higher-level and higher-quality development, advancing steadily despite a turbulent external environment.”",
        "Xi declared that preserving, strengthening, and developing the relationship represents a firm “strategic choice for both sides.”",
        "He identified specific areas targeted for advanced collaboration intended to foster new avenues of economic growth:",
        "Energy and Agriculture",
        "Aerospace and Digital Economy",
        "Green Development",
        "Prime Minister Mishustin emphasized the necessity of maintaining robust cooperation from Russia’s viewpoint.",
        "According to the Russian state news agency, Mishustin stated that it is essential for both countries to continually foster conditions conducive to attracting mutual investment.",
        "These conditions are needed to provide support for joint development projects.",
        "The two countries forged a comprehensive “no-limits” partnership in February 2022, shortly before Russia initiated its military operation in Ukraine.",
        "Since that period, Russia’s reliance on China has grown significantly to offset international sanctions.",
        "This increased reliance has resulted in record-high trade volumes, a spike in settlements conducted in the Chinese Yuan, and expanded energy collaboration.",
        "However, the total bilateral commerce has experienced a recent contraction, occurring as China navigates intensifying pressure from the U.S. over trade and technology issues.",
        "In a joint official statement released Tuesday, the two nations affirmed specific diplomatic positions.",
        "They committed to “strengthen cooperation in all spheres and respond appropriately to external challenges.”",
        "Russia also reiterated its diplomatic stance, confirming its continued adherence to the “one-China” principle.",
        "This position includes opposition to any move supporting “Taiwan independence.”",
        "China regards the democratically-ruled island of Taiwan as its sovereign territory.",
        "Taiwan’s government rejects this claim, maintaining that only its own populace can determine the island’s future.",
    ];
    let got: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(got, expected);

    // Nothing of the removed line reaches the sentences.
    for s in &a.sentences {
        for f in ["ALSO READ", "Tanzania", "Internet Outage"] {
            assert!(!s.text.contains(f), "{f} leaked into {:?}", s.text);
        }
    }

    // Tokens of the sentence with the curly possessive and hyphenated words.
    let s = &a.sentences[4];
    let toks: Vec<(&str, Option<&str>)> = s
        .tokens
        .iter()
        .map(|t| (t.text.as_str(), t.norm.as_deref()))
        .collect();
    assert_eq!(
        toks,
        [
            ("Premier", None),
            ("Li", None),
            ("Qiang", None),
            (",", None),
            ("China", None),
            ("’s", Some("'s")),
            ("second-highest", None),
            ("official", None),
            (",", None),
            ("met", None),
            ("separately", None),
            ("with", None),
            ("Mishustin", None),
            ("in", None),
            ("Hangzhou", None),
            ("on", None),
            ("Monday", None),
            (".", None),
        ]
    );
    let forms: Vec<&str> = a.sentences[22].tokens.iter().map(|t| t.form()).collect();
    assert!(forms.contains(&"U.S."));
    let forms: Vec<&str> = a.sentences[10].tokens.iter().map(|t| t.form()).collect();
    assert_eq!(forms.first(), Some(&"\""));
    assert!(forms.contains(&"China-Russia") && forms.contains(&"higher-level"));
}

#[test]
fn expected_json_boilerplate_and_headings() {
    let Some(dir) = common::shared_dir("expected_json_boilerplate_and_headings") else {
        return;
    };
    let (Ok(text), Ok(json)) = (
        std::fs::read_to_string(dir.join("examples/china-russia-2025-11-04.txt")),
        std::fs::read_to_string(dir.join("examples/china-russia-2025-11-04.expected.json")),
    ) else {
        println!("skipping expected_json_boilerplate_and_headings: example files not readable");
        return;
    };
    let expected: serde_json::Value = serde_json::from_str(&json).expect("valid expected.json");
    let a = analyze(&text);
    let strings = |k: &str| -> Vec<String> {
        expected[k]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let removed: Vec<String> = a.removed.iter().map(|r| r.text.clone()).collect();
    assert_eq!(removed, strings("boilerplate"));
    let headings: Vec<String> = a.headings.iter().map(|h| h.text.clone()).collect();
    assert_eq!(headings, strings("headings"));
    for f in strings("forbidden_sentences") {
        assert!(
            a.sentences.iter().all(|s| !s.text.contains(&f)),
            "{f} in a sentence"
        );
    }
    // Every event's sentence_contains falls inside exactly one sentence.
    for ev in expected["events"].as_array().into_iter().flatten() {
        let needle = ev["sentence_contains"].as_str().unwrap_or_default();
        assert!(
            a.sentences.iter().any(|s| s.text.contains(needle)),
            "no sentence contains {needle:?}"
        );
    }
}
