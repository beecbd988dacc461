//! The actor dictionaries: loading (ours and PETRARCH's), dates, matching.

use dyad_dict::{ActorDict, ActorKind, Day, DictError};

fn tokens(s: &str) -> Vec<String> {
    dyad_text::tokens::tokenize(s, 0, s.len())
        .iter()
        .map(|t| t.form().to_string())
        .collect()
}

/// The codes of every actor found in `sentence` on `day`.
fn codes(dict: &ActorDict, sentence: &str, day: &str) -> Vec<String> {
    let toks = tokens(sentence);
    let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
    dict.find(&refs)
        .iter()
        .filter_map(|m| dict.actor(m.actor).code_on(Day::parse(day)))
        .collect()
}

const SMALL: &str = "\
# test countries
CHN | China; People's Republic of China | Chinese | Beijing; Zhongnanhai
RUS | Russia | Russian | Moscow; the Kremlin; Kremlin
TCD | Chad | Chadian | N'Djamena
USA | United States; U.S.; US | American | Washington; the White House
";

const PERSONS: &str = "\
Mikhail Mishustin | Mishustin | RUSGOV | 2020-01-16 |  | Prime Minister
Mikhail Mishustin | Mishustin | RUSGOV | 2010-04-06 | 2020-01-16 | Head of the Federal Tax Service
Li Qiang |  | CHNGOV | 2023-03-11 |  | Premier
";

fn small() -> ActorDict {
    let mut d = ActorDict::new();
    d.add_text("countries.txt", SMALL).unwrap();
    d.add_text("persons/test.txt", PERSONS).unwrap();
    d
}

#[test]
fn longest_match_and_case() {
    let d = small();
    assert_eq!(
        codes(
            &d,
            "The People's Republic of China and the Kremlin agreed.",
            "2025-01-01"
        ),
        ["CHN", "RUS"]
    );
    // "US" the country, not "us" the pronoun; "Chad" the country, not "chad".
    assert_eq!(
        codes(&d, "Tell us about the chad in the ballot.", "2025-01-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&d, "Chad and the US signed.", "2025-01-01"),
        ["TCD", "USA"]
    );
    assert_eq!(
        codes(&d, "CHAD SIGNS DEAL WITH U.S.", "2025-01-01"),
        ["TCD", "USA"]
    );
}

#[test]
fn overlapping_names_of_one_person_make_one_mention() {
    let mut d = small();
    d.add_text(
        "persons/xi.txt",
        "Xi Jinping | Xi; President Xi | CHNGOV | 2013-03-14 |  | President\n",
    )
    .unwrap();
    let toks = tokens("Chinese President Xi Jinping met Mishustin.");
    let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
    let spans: Vec<String> = d
        .find(&refs)
        .iter()
        .map(|m| refs[m.start..m.end].join(" "))
        .collect();
    assert_eq!(spans, ["Chinese", "President Xi Jinping", "Mishustin"]);
    // Two actors side by side stay two.
    assert_eq!(
        codes(&d, "China Russia talks", "2025-01-01"),
        ["CHN", "RUS"]
    );
}

#[test]
fn persons_are_judged_by_the_document_date() {
    let d = small();
    assert_eq!(
        codes(&d, "Mishustin met Li Qiang.", "2025-11-04"),
        ["RUSGOV", "CHNGOV"]
    );
    assert_eq!(codes(&d, "Mishustin spoke.", "2015-06-01"), ["RUSGOV"]);
    // Before any office: the country only.
    assert_eq!(codes(&d, "Li Qiang spoke.", "2019-01-01"), ["CHN"]);
    assert_eq!(codes(&d, "Mishustin spoke.", "2005-01-01"), ["RUS"]);
}

#[test]
fn malformed_lines_name_file_and_line() {
    let mut d = ActorDict::new();
    let e = d
        .add_text("countries.txt", "CHN | China\nchn | China\n")
        .unwrap_err();
    assert!(matches!(e, DictError::Syntax { line: 2, .. }), "{e}");
    assert!(e.to_string().starts_with("countries.txt:2: "), "{e}");
    let e = d
        .add_text("persons/x.txt", "# c\nA B | | USAGOV | 2021-13-01 | | x\n")
        .unwrap_err();
    assert!(e.to_string().contains("x.txt:2: `from`"), "{e}");
    let e = d
        .add_text("persons/x.txt", "A B | | USAGOV | 2021 | 2020 | x\n")
        .unwrap_err();
    assert!(e.to_string().contains("is not before"), "{e}");
    let e = d.add_text("agents.txt", "police\n").unwrap_err();
    assert!(
        e.to_string()
            .contains("agents.txt:1: expected `terms | CODE"),
        "{e}"
    );
}

#[test]
fn builtin_dictionaries_load() {
    let d = ActorDict::builtin().expect("the shipped dictionaries are well-formed");
    let persons = d
        .actors()
        .iter()
        .filter(|a| a.kind == ActorKind::Person)
        .count();
    let countries = d
        .actors()
        .iter()
        .filter(|a| a.kind == ActorKind::Country)
        .count();
    eprintln!(
        "built-in: {persons} persons, {countries} countries, {} phrases",
        d.phrase_count()
    );
    assert!(persons >= 1500, "{persons} persons");
    assert!(countries >= 200, "{countries} countries");
    let s = "Chinese President Xi Jinping held a bilateral meeting with Russian Prime Minister Mikhail Mishustin in Beijing.";
    let found = codes(&d, s, "2025-11-04");
    assert!(found.contains(&"CHNGOV".to_string()), "{found:?}");
    assert!(found.contains(&"RUSGOV".to_string()), "{found:?}");
}

#[test]
fn petrarch_dictionaries_load() {
    let Some(shared) = dyad_testkit::shared_dir("petrarch_dictionaries_load") else {
        return;
    };
    let dir = shared.join("benchmarks/petrarch/dictionaries");
    let mut d = ActorDict::new();
    let mut warnings = Vec::new();
    for f in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
    ] {
        warnings.extend(d.load_file(&dir.join(f)).unwrap());
    }
    eprintln!(
        "{} actors, {} phrases, {} warnings",
        d.actors().len(),
        d.phrase_count(),
        warnings.len()
    );
    for w in warnings.iter().take(5) {
        eprintln!("  {w}");
    }
    assert!(d.phrase_count() > 30_000, "{}", d.phrase_count());
    assert!(warnings.len() < 100, "{} warnings", warnings.len());
    assert_eq!(codes(&d, "Afghanistan", "2010-01-01"), ["AFG"]);
    assert_eq!(codes(&d, "the United Nations", "2010-01-01"), ["IGOUNO"]);
    // Date-restricted codes: Ahmed Zia Massoud was vice-president 2004–2009.
    assert_eq!(codes(&d, "Ahmed Zia Massoud", "2005-01-01"), ["AFGGOV"]);
    assert_eq!(codes(&d, "Ahmed Zia Massoud", "2012-01-01"), ["AFGELI"]);
    // The issue's own example of a spaced restriction loads.
    assert!(!warnings
        .iter()
        .any(|w| w.message.contains("[EGYGOV > 140608]")));
    let agents = codes(&d, "farmers and police", "2010-01-01");
    assert!(agents.contains(&"AGR".to_string()), "{agents:?}");
}
