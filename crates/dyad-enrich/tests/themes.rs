//! Themes and tone on our own sentences, on the shared China–Russia report
//! and over the shared Wikinews corpus.

use dyad_enrich::themes::{
    find_themes, sentence_themes, themes_in, LexiconError, Theme, ThemeDict,
};
use dyad_enrich::tone::{tone, ToneLexicon, WordClass};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn themes_of(text: &str) -> Vec<Theme> {
    find_themes(ThemeDict::builtin(), &dyad_text::analyze(text))
}

fn codes(text: &str) -> Vec<String> {
    themes_of(text).into_iter().map(|t| t.theme).collect()
}

fn has(text: &str, theme: &str) -> bool {
    codes(text).iter().any(|c| c == theme)
}

/// Every hit's span slices the original text to the reported text, lies in
/// its sentence, and themes are sorted by count.
fn check_spans(text: &str, themes: &[Theme], analysis: &dyad_text::Analysis) {
    for w in themes.windows(2) {
        assert!(w[0].count >= w[1].count, "not sorted by count");
    }
    for t in themes {
        assert_eq!(t.count, t.hits.len());
        assert!(!t.hits.is_empty());
        for h in &t.hits {
            assert_eq!(text.get(h.start..h.end), Some(h.text.as_str()), "{h:?}");
            let s = &analysis.sentences[h.sentence_id - 1];
            assert_eq!(s.id, h.sentence_id);
            assert!(s.start <= h.start && h.end <= s.end, "{h:?} outside {s:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// Our own sentences
// ---------------------------------------------------------------------------

#[test]
fn own_sentences_find_their_themes() {
    let cases = [
        (
            "The European Union imposed new sanctions on three banks.",
            "SANCTIONS",
        ),
        (
            "Thousands of protesters marched through the capital on Sunday.",
            "PROTEST",
        ),
        (
            "Voters in Chile cast their ballots in a referendum on a new constitution.",
            "ELECTION",
        ),
        (
            "Both sides agreed to a ceasefire and to resume peace talks in Doha.",
            "PEACE_PROCESS",
        ),
        ("Dockworkers went on strike over wages.", "LABOUR"),
        (
            "Wheat and maize harvests fell as farmers struggled.",
            "AGRICULTURE",
        ),
        (
            "The central bank raised interest rates to curb inflation.",
            "INFLATION",
        ),
        ("Crude oil prices rose after OPEC cut output.", "OIL_GAS"),
        (
            "The IAEA said Iran had enriched uranium beyond the agreed limit.",
            "NUCLEAR",
        ),
        (
            "UN peacekeepers were deployed to the buffer zone.",
            "PEACEKEEPING",
        ),
        (
            "Hackers used ransomware to shut down the pipeline operator.",
            "CYBER",
        ),
        (
            "Officials said the soldiers had staged a coup and dissolved parliament.",
            "COUP",
        ),
        (
            "The court sentenced the former minister to six years for bribery.",
            "CORRUPTION",
        ),
        (
            "The court sentenced the former minister to six years for bribery.",
            "JUDICIARY",
        ),
        (
            "Aid agencies warned of famine as food insecurity spread.",
            "FOOD_SECURITY",
        ),
        (
            "More than 200 migrants were rescued off the coast of Libya.",
            "MIGRATION",
        ),
        (
            "The WHO declared the Ebola outbreak a public health emergency.",
            "EPIDEMIC",
        ),
        (
            "A magnitude 7.1 earthquake struck off the coast, triggering a tsunami warning.",
            "DISASTER",
        ),
        (
            "Navy ships patrolled the South China Sea near the disputed reef.",
            "MARITIME",
        ),
        (
            "The rocket carried two satellites into orbit from the space station.",
            "SPACE",
        ),
        (
            "The two governments signed a memorandum of understanding after the summit.",
            "DIPLOMACY",
        ),
        (
            "Moscow annexed the region in violation of Ukraine's territorial integrity.",
            "TERRITORY",
        ),
        (
            "The deal covers the export of fighter jets and arms sales to the Gulf.",
            "WEAPONS_TRADE",
        ),
        (
            "Journalists were jailed and the government expanded censorship of the press.",
            "MEDIA_FREEDOM",
        ),
    ];
    for (text, theme) in cases {
        let found = codes(text);
        assert!(
            found.iter().any(|c| c == theme),
            "{theme} not in {found:?} for {text:?}"
        );
    }
}

#[test]
fn ambiguous_words_alone_do_not_make_a_theme() {
    // "strike" alone: neither a labour strike nor, by itself, a war.
    assert!(!has("The strike hit the target.", "LABOUR"));
    // "party" alone is not an election.
    assert!(!has(
        "The party was held at the embassy garden.",
        "ELECTION"
    ));
    // "power" alone is not energy.
    assert!(!has(
        "The president consolidated power over the courts.",
        "ENERGY"
    ));
    // One weak word ("campaign") is not enough ...
    assert!(!has("The campaign against malaria continued.", "ELECTION"));
    // ... but two different ones are.
    assert!(has("The campaign ended and the polls opened.", "ELECTION"));
    // "trade union" is labour, not trade.
    let c = codes("The trade union called a meeting.");
    assert!(
        c.contains(&"LABOUR".to_string()) && !c.contains(&"TRADE".to_string()),
        "{c:?}"
    );
    // Stop phrases: a gold medal is not mining, the West Bank is not finance.
    assert!(!has("She won a gold medal in Tokyo.", "MINING"));
    assert!(!has(
        "Settlers attacked a village in the West Bank.",
        "FINANCE"
    ));
    // Acronyms keep their case: "who" is not the WHO.
    assert!(!has("Those who stayed were safe.", "EPIDEMIC"));
    assert!(has("The WHO sent experts.", "EPIDEMIC"));
    // Triggers never match inside words: "war" is not in "software".
    assert!(!has("The software update was released.", "ARMED_CONFLICT"));
}

#[test]
fn wildcards_inflections_and_case() {
    for text in [
        "The country was sanctioned.",
        "SANCTIONS WERE IMPOSED.",
        "Sanctioning the bank was discussed.",
    ] {
        assert!(has(text, "SANCTIONS"), "{text}");
    }
}

#[test]
fn sentence_lookup_for_events() {
    let text = "Police fired tear gas at protesters in the capital. \
                Separately, the finance ministry said economic growth slowed.";
    let a = dyad_text::analyze(text);
    let th = find_themes(ThemeDict::builtin(), &a);
    check_spans(text, &th, &a);
    let s1 = sentence_themes(&th, 1);
    let s2 = sentence_themes(&th, 2);
    assert!(
        s1.contains(&"PROTEST") && !s1.contains(&"ECONOMY"),
        "{s1:?}"
    );
    assert!(
        s2.contains(&"ECONOMY") && !s2.contains(&"PROTEST"),
        "{s2:?}"
    );
    let second = &a.sentences[1];
    assert_eq!(themes_in(&th, second.start, second.end), s2);
    assert!(themes_in(&th, 0, 0).is_empty());
}

#[test]
fn headings_and_boilerplate_are_not_searched() {
    let text = "Sanctions Tighten On Exporters\n\
                The minister visited a school on Monday.\n\
                ALSO READ: Oil prices surge as OPEC cuts output\n";
    let a = dyad_text::analyze(text);
    assert!(!a.headings.is_empty() || !a.removed.is_empty(), "{a:?}");
    let c = codes(text);
    assert!(!c.contains(&"SANCTIONS".to_string()), "{c:?}");
    assert!(!c.contains(&"OIL_GAS".to_string()), "{c:?}");
    assert!(c.contains(&"EDUCATION".to_string()), "{c:?}");
}

#[test]
fn output_field_names_are_the_contract() {
    let th = themes_of("New sanctions were imposed.");
    let v = serde_json::to_value(&th).expect("serialise");
    let first = &v[0];
    assert_eq!(first["theme"], "SANCTIONS");
    assert_eq!(first["count"], 1);
    let hit = &first["hits"][0];
    for key in ["text", "start", "end", "sentence_id"] {
        assert!(hit.get(key).is_some(), "missing {key}: {hit}");
    }
    let t = tone(ToneLexicon::builtin(), &dyad_text::analyze("Peace."));
    let v = serde_json::to_value(t).expect("serialise");
    for key in ["tone", "positive", "negative", "polarity", "words"] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
}

// ---------------------------------------------------------------------------
// Files: built-in lists and user files
// ---------------------------------------------------------------------------

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn txt_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("data dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect()
}

#[test]
fn every_data_file_is_compiled_in() {
    let listed: BTreeSet<String> = dyad_enrich::themes::builtin_files()
        .map(|f| f.trim_start_matches("data/themes/").to_string())
        .collect();
    assert_eq!(listed, txt_files(&repo().join("data/themes")));
    let listed: BTreeSet<String> = dyad_enrich::tone::builtin_files()
        .map(|f| f.trim_start_matches("data/tone/").to_string())
        .collect();
    assert_eq!(listed, txt_files(&repo().join("data/tone")));
}

#[test]
fn user_files_load_and_report_bad_lines() {
    let dir = std::env::temp_dir().join(format!("dyad-themes-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("mine.txt");
    std::fs::write(&good, "@BIRDS  birds\nheron*; kingfisher\n").expect("write");
    let mut d = ThemeDict::builtin().clone();
    d.add_file(&good).expect("load");
    let a = dyad_text::analyze("Herons and a kingfisher nested by the dam.");
    let th = find_themes(&d, &a);
    assert_eq!(th[0].theme, "BIRDS");
    assert_eq!(th[0].count, 2);
    assert!(
        th.iter().any(|t| t.theme == "WATER"),
        "built-in themes kept"
    );

    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "@BIRDS birds\nheron\n*egret\n").expect("write");
    match ThemeDict::load_file(&bad) {
        Err(e @ LexiconError::Syntax { .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with(&format!("{}:3: ", bad.display())), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    match ThemeDict::load_file(&dir.join("missing.txt")) {
        Err(LexiconError::Io { .. }) => {}
        other => panic!("{other:?}"),
    }
    let lex_file = dir.join("tone.txt");
    std::fs::write(&lex_file, "@positive\nheron*\n").expect("write");
    let mut lex = ToneLexicon::builtin().clone();
    lex.add_file(&lex_file).expect("load");
    assert_eq!(lex.class_of("Herons"), Some(WordClass::Positive));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// Tone
// ---------------------------------------------------------------------------

const WAR_REPORT: &str = "Heavy shelling killed at least 40 civilians on Tuesday as fighting \
    intensified around the besieged city. Rescuers pulled bodies from the rubble of a \
    destroyed hospital, and officials warned that the death toll would rise. The army \
    accused rebels of attacking a convoy, while aid groups condemned the violence and said \
    thousands had fled in fear.";

const COOPERATION_REPORT: &str = "The two governments agreed to deepen cooperation on trade \
    and energy, and welcomed the progress made since last year's summit. Leaders praised \
    the friendly talks and pledged to support joint projects that would bring growth and \
    prosperity to both peoples. Officials said the partnership had achieved remarkable \
    success.";

#[test]
fn war_is_negative_and_cooperation_positive() {
    let lex = ToneLexicon::builtin();
    let war = tone(lex, &dyad_text::analyze(WAR_REPORT));
    let coop = tone(lex, &dyad_text::analyze(COOPERATION_REPORT));
    assert!(war.tone < -5.0, "{war:?}");
    assert!(coop.tone > 5.0, "{coop:?}");
    for t in [war, coop] {
        assert!((t.tone - (t.positive - t.negative)).abs() < 1e-9);
        assert!((t.polarity - (t.positive + t.negative)).abs() < 1e-9);
        assert!(t.words > 40);
    }
}

#[test]
fn negation_is_neutralised_not_flipped() {
    let lex = ToneLexicon::builtin();
    let plain = tone(lex, &dyad_text::analyze("The talks were a success."));
    let negated = tone(lex, &dyad_text::analyze("The talks were not a success."));
    assert!(plain.positive > 0.0);
    assert_eq!(negated.positive, 0.0);
    assert_eq!(negated.negative, 0.0);
    let t = tone(lex, &dyad_text::analyze("No one was killed."));
    assert_eq!(t.negative, 0.0, "{t:?}");
}

// ---------------------------------------------------------------------------
// Shared data
// ---------------------------------------------------------------------------

#[test]
fn china_russia_report() {
    let Some(shared) = dyad_testkit::shared_dir("china_russia_report") else {
        return;
    };
    let path = shared.join("examples/china-russia-2025-11-04.txt");
    let text = std::fs::read_to_string(&path).expect("read example");
    let a = dyad_text::analyze(&text);
    let th = find_themes(ThemeDict::builtin(), &a);
    check_spans(&text, &th, &a);
    let found: Vec<&str> = th.iter().map(|t| t.theme.as_str()).collect();
    for want in [
        "ENERGY",
        "AGRICULTURE",
        "TRADE",
        "SANCTIONS",
        "INVESTMENT",
        "DIPLOMACY",
        "MILITARY",
        "TERRITORY",
    ] {
        assert!(found.contains(&want), "{want} not in {found:?}");
    }
    for unwanted in ["ARMED_CONFLICT", "MEDIA_FREEDOM", "PROTEST"] {
        assert!(!found.contains(&unwanted), "{unwanted} in {found:?}");
    }
    // The most frequent theme of a state visit is diplomacy.
    assert_eq!(found[0], "DIPLOMACY", "{found:?}");
    // "Great Hall of the People" is a stop phrase, and the boilerplate line
    // about an internet outage is not the story.
    assert!(!found.contains(&"TELECOM"), "{found:?}");
    // Sanctions are in the sentences that mention them.
    let sanctions = &th[found.iter().position(|t| *t == "SANCTIONS").unwrap_or(0)];
    for h in &sanctions.hits {
        assert!(sentence_themes(&th, h.sentence_id).contains(&"SANCTIONS"));
    }
    let t = tone(ToneLexicon::builtin(), &a);
    assert!(t.tone > 0.0, "a cooperation report: {t:?}");
}

#[test]
fn wikinews_corpus() {
    let Some(shared) = dyad_testkit::shared_dir("wikinews_corpus") else {
        return;
    };
    let docs: Vec<(String, String)> = dyad_testkit::wikinews(&shared)
        .into_iter()
        .map(|a| (a.title, a.text))
        .collect();
    assert!(docs.len() > 200, "{} documents", docs.len());
    let dict = ThemeDict::builtin();
    let lex = ToneLexicon::builtin();
    let mut with_theme = 0;
    let mut negative = 0;
    for (i, (title, body)) in docs.iter().enumerate() {
        let a = dyad_text::analyze(body);
        let th = find_themes(dict, &a);
        check_spans(body, &th, &a);
        let t = tone(lex, &a);
        assert!(t.tone.abs() <= 100.0 && t.polarity <= 100.0);
        with_theme += usize::from(!th.is_empty());
        negative += usize::from(t.tone < 0.0);
        if i < 20 {
            let top: Vec<String> = th
                .iter()
                .take(5)
                .map(|t| format!("{}:{}", t.theme, t.count))
                .collect();
            println!("{:+6.2} {title}\n       {}", t.tone, top.join(" "));
        }
    }
    // Nearly every news story is about something ...
    assert!(
        with_theme * 100 >= docs.len() * 95,
        "{with_theme}/{}",
        docs.len()
    );
    // ... and news is mostly told in negative words.
    assert!(
        negative * 2 > docs.len(),
        "{negative}/{} negative",
        docs.len()
    );
}
