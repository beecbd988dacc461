//! The coder's rules on sentences written for the purpose.

use std::sync::OnceLock;

use dyad_code::{Coder, Event};
use dyad_text::Document;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::builtin().expect("built-in coder loads"))
}

fn code(text: &str) -> Vec<Event> {
    let doc = Document {
        id: "t".into(),
        published: Some("2025-11-04".into()),
        text: text.into(),
        ..Document::default()
    };
    coder().code(&doc, &dyad_text::analyze(text)).events
}

/// (root, source, target) of each event.
fn triples(text: &str) -> Vec<(String, String, String)> {
    code(text)
        .into_iter()
        .map(|e| {
            (
                e.root,
                e.source.code,
                e.target.map(|t| t.code).unwrap_or_default(),
            )
        })
        .collect()
}

fn has(text: &str, root: &str, source: &str, target: &str) -> bool {
    let t = triples(text);
    let ok = t
        .iter()
        .any(|(r, s, g)| r == root && s.starts_with(source) && g.starts_with(target));
    if !ok {
        eprintln!("{text}\n  got {t:?}");
    }
    ok
}

#[test]
fn meeting_with_dated_persons() {
    assert!(has(
        "Chinese President Xi Jinping held a bilateral meeting with Russian Prime Minister Mikhail Mishustin on Tuesday in Beijing.",
        "04",
        "CHNGOV",
        "RUSGOV"
    ));
}

#[test]
fn passive_agent_is_the_source() {
    let t = triples("The Israeli embassy in Amman was attacked by Jordanian protesters.");
    assert!(
        t.iter().any(|(r, s, g)| (r == "18" || r == "19")
            && s.starts_with("JOR")
            && g.starts_with("ISR")),
        "{t:?}"
    );
}

#[test]
fn negated_and_hypothetical_events_are_not_facts() {
    assert!(triples("Russia did not attack Ukraine.").is_empty());
    assert!(triples("Russia could attack Ukraine.").is_empty());
    assert!(triples("If Russia attacks Ukraine, NATO will respond.")
        .iter()
        .all(|(r, _, _)| r != "19" && r != "18"));
    assert!(triples("Did Russia attack Ukraine?").is_empty());
}

#[test]
fn compound_actors_give_one_event_per_pair() {
    let t = triples("India and Bangladesh signed an agreement on water sharing.");
    assert!(
        t.iter().any(
            |(r, s, g)| r == "05" && ((s == "IND" && g == "BGD") || (s == "BGD" && g == "IND"))
        ),
        "{t:?}"
    );
}

#[test]
fn reporter_is_kept_for_attributed_events() {
    let events = code("Ukraine said Russia attacked Kyiv overnight.");
    let e = events
        .iter()
        .find(|e| e.source.code.starts_with("RUS"))
        .expect("an event by Russia");
    assert!(
        e.reporter
            .as_ref()
            .is_some_and(|r| r.code.starts_with("UKR")),
        "{e:?}"
    );
}

#[test]
fn pronouns_resolve_to_the_last_person() {
    let events = code("Turkish President Recep Tayyip Erdogan arrived in Athens. He met Greek Prime Minister Kyriakos Mitsotakis on Thursday.");
    assert!(
        events.iter().any(|e| e.root == "04"
            && e.source.code == "TURGOV"
            && e.target.as_ref().is_some_and(|t| t.code == "GRCGOV")),
        "{events:?}"
    );
}

#[test]
fn sport_and_common_words_give_no_events() {
    assert!(triples("Brazil beat Argentina 2-1 in the World Cup semifinal.").is_empty());
    assert!(triples("We ate turkey and jordan almonds at the chad party.").is_empty());
}

#[test]
fn odd_inputs_are_handled() {
    assert!(code("").is_empty());
    assert!(code("...!!! ???").is_empty());
    let long = "Russia attacked Ukraine and ".repeat(120) + "the war went on.";
    let _ = code(&long);
}

#[test]
fn every_event_carries_its_evidence() {
    let text = "Kenyan police arrested opposition leaders in Nairobi on Friday.";
    let events = code(text);
    assert!(!events.is_empty());
    for e in &events {
        assert!(e.evidence.verb[0] < e.evidence.verb[1] && e.evidence.verb[1] <= text.len());
        assert_eq!(&text[e.source.start..e.source.end], e.source.text);
        assert!(!e.evidence.pattern.is_empty());
        assert_eq!(e.root, &e.code[..2]);
        assert!((1..=4).contains(&e.quad_class));
    }
}

#[test]
fn agents_combine_with_the_nearest_country() {
    let actors = |text: &str| -> Vec<String> {
        code(text)
            .into_iter()
            .flat_map(|e| [Some(e.source.code), e.target.map(|t| t.code)])
            .flatten()
            .collect()
    };
    let a = actors("Police in Nairobi arrested dozens of opposition supporters on Monday.");
    assert!(a.iter().any(|c| c == "KENCOP"), "{a:?}");
    let a = actors("Georgian protesters clashed with riot police outside parliament in Tbilisi.");
    assert!(
        a.iter()
            .any(|c| c.starts_with("GEO") && (c.ends_with("OPP") || c.ends_with("CVL"))),
        "{a:?}"
    );
    let a = actors("The Chinese defence ministry condemned the Philippines for the collision.");
    assert!(
        a.iter()
            .any(|c| c == "CHNGOV" || c == "CHNMIL" || c == "CHNGOVMIL"),
        "{a:?}"
    );
    // "from X" right after the noun, even where the parser hangs it on the verb.
    assert!(has(
        "Chinese officials met their counterparts from Russia in Geneva on Monday.",
        "04",
        "CHNGOV",
        "RUSGOV"
    ));
    assert!(has(
        "The Turkish foreign minister met his Greek counterpart in Geneva.",
        "04",
        "TURGOV",
        "GRCGOV"
    ));
}

#[test]
fn event_ids_are_stable() {
    let text =
        "Chinese President Xi Jinping met Russian Prime Minister Mikhail Mishustin in Beijing.";
    let a: Vec<String> = code(text).into_iter().map(|e| e.event_id).collect();
    let b: Vec<String> = code(text).into_iter().map(|e| e.event_id).collect();
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert!(a
        .iter()
        .all(|id| id.len() == 16 && id.bytes().all(|c| c.is_ascii_hexdigit())));
}

#[test]
fn short_clauses_misread_as_noun_phrases_are_repaired() {
    // The parser reads these as noun phrases ("fired rockets" as an
    // adjective and its noun); the coder's tree repair restores the clause.
    assert!(has(
        "Turkey detained 20 suspected militants in Ankara.",
        "17",
        "TUR",
        "TUR"
    ));
    let t = triples("China conducted military drills near Taiwan.");
    assert!(t.iter().any(|(r, s, _)| r == "15" && s == "CHN"), "{t:?}");
    // A time word does not hide the partner: "met on Monday with …".
    assert!(has(
        "The Taliban met on Monday with Zalmay Khalilzad in Doha.",
        "04",
        "AFG",
        "USA"
    ));
    // The one asked is the subject of the complement.
    assert!(has(
        "The United States on Thursday demanded that Iran release the sailors.",
        "10",
        "USA",
        "IRN"
    ));
}

#[test]
fn the_island_and_the_country_mean_the_country_named_before() {
    let events =
        code("Taiwan held elections on Saturday. China threatened to blockade the island.");
    assert!(
        events.iter().any(|e| e.source.code.starts_with("CHN")
            && e.target.as_ref().is_some_and(|t| t.code == "TWN")),
        "{events:?}"
    );
}

#[test]
fn adjectives_inside_proper_names_are_not_actors() {
    // "Western Mindanao Command" is no statement of the West; "Indian Ocean"
    // is not India.
    let t = triples("Officers of the Western Mindanao Command said militants attacked the base.");
    assert!(!t.iter().any(|(_, s, g)| s == "WST" || g == "WST"), "{t:?}");
    assert!(has(
        "Chinese President Xi Jinping met Russian Prime Minister Mikhail Mishustin.",
        "04",
        "CHNGOV",
        "RUSGOV"
    ));
    // A name in the dictionary wins over "the state" meaning a country.
    let t = triples(
        "Philippine troops clashed with militants. The Islamic State of Iraq and the Levant claimed responsibility.",
    );
    assert!(
        t.iter()
            .any(|(r, s, _)| r == "01" && s.starts_with("IMGMOSISI")),
        "{t:?}"
    );
    assert!(!t.iter().any(|(r, s, _)| r == "01" && s == "PHL"), "{t:?}");
}

#[test]
fn police_belong_to_where_the_story_happens() {
    let t = triples(
        "Three people were stabbed in a park in Reading, England, on Saturday. \
         Libya condemned the attack on its citizens. A Libyan man was named as the suspect. \
         Police detained the suspect.",
    );
    assert!(
        t.iter().any(|(r, s, _)| r == "17" && s == "GBRCOP"),
        "{t:?}"
    );
}

#[test]
fn photo_captions_report_no_events() {
    assert!(code(
        "President Donald Trump (center) stands with leaders from Israel and Bahrain. Image: The White House."
    )
    .is_empty());
}

#[test]
fn money_is_no_actor() {
    let t = triples(
        "The central bank governor rejected calls to halt the rise of the Taiwan dollar against the U.S. Dollar.",
    );
    assert!(!t.iter().any(|(_, _, g)| g == "USA"), "{t:?}");
}

#[test]
fn group_subjects_act_on_each_other_only_for_mutual_acts() {
    assert!(has(
        "India and Pakistan exchanged fire along the border.",
        "19",
        "IND",
        "PAK"
    ));
    assert!(has(
        "Germany and France signed a defence pact.",
        "05",
        "DEU",
        "FRA"
    ));
    // Coordinated nationalities are one actor each.
    assert!(has(
        "Chinese and Russian warships held joint drills in the Sea of Japan.",
        "06",
        "CHNMIL",
        "RUSMIL"
    ));
    let t = triples("Chinese and Russian officials met Indian officials.");
    assert!(
        t.iter()
            .any(|(r, s, g)| r == "04" && s == "CHNGOV" && g == "INDGOV"),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|(r, s, g)| r == "04" && s == "RUSGOV" && g == "INDGOV"),
        "{t:?}"
    );
    // Pledging funds is done to a third party, not to each other.
    let t = triples("China, Iran and Russia have pledged funds for reconstruction.");
    assert!(
        !t.iter()
            .any(|(_, s, g)| (s == "CHN" || s == "IRN") && (g == "IRN" || g == "RUS")),
        "{t:?}"
    );
}

#[test]
fn headline_like_clauses_and_military_targets() {
    // Clauses the parser reads as noun phrases.
    assert!(has(
        "Armed men abducted 50 students from a school in northern Nigeria.",
        "18",
        "NGAUAF",
        "NGAEDU"
    ));
    assert!(has(
        "Russian troops attacked Ukrainian positions near Bakhmut.",
        "19",
        "RUSMIL",
        "UKRMIL"
    ));
    // Violence done in a place is done to that place's side.
    assert!(has(
        "Israeli airstrikes killed at least 20 people in Gaza on Saturday.",
        "19",
        "ISR",
        "PSE"
    ));
    // "it" in reported speech is the institution that spoke.
    assert!(has(
        "Israel's military said it had killed a senior Hezbollah commander in southern Lebanon.",
        "19",
        "ISRMIL",
        "LBNREBHEZ"
    ));
    assert!(has(
        "Germany sent air defence systems to Ukraine.",
        "07",
        "DEU",
        "UKR"
    ));
    // A verbal attack with a reason is criticism, not force.
    assert!(has(
        "Biden attacked Trump for his handling of the pandemic.",
        "11",
        "USA",
        "USA"
    ));
}

#[test]
fn clauses_before_a_reporting_verb() {
    // "X did Y, Z said": the parser hangs the first clause's nouns on
    // "said"; the clause is repaired, the event coded, the reporter kept.
    assert!(has(
        "Israeli jets struck targets in southern Lebanon on Monday, the army said.",
        "19",
        "ISRMIL",
        "LBN"
    ));
    let e = code(
        "Chinese and Russian warships held joint naval exercises in the Sea of Japan on Sunday, the Russian Defence Ministry said.",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code, "062");
    let pair = (
        e[0].source.code.as_str(),
        e[0].target.as_ref().unwrap().code.as_str(),
    );
    assert_eq!(pair, ("CHNMIL", "RUSMIL"));
    assert_eq!(e[0].date.as_deref(), Some("2025-11-02"));
    assert!(e[0]
        .reporter
        .as_ref()
        .is_some_and(|r| r.code.starts_with("RUS")));
}

#[test]
fn a_modifier_does_not_make_the_object_an_actor() {
    // "naval" is a military agent word, but "naval exercises" is what the
    // two did together, not a third party.
    assert!(has(
        "Chinese and Russian warships held joint naval exercises.",
        "06",
        "CHNMIL",
        "RUSMIL"
    ));
    // An object that names an actor still is one.
    assert!(has(
        "China and Russia met Iranian officials.",
        "04",
        "CHN",
        "IRN"
    ));
    assert!(!has(
        "China and Russia met Iranian officials.",
        "04",
        "CHN",
        "RUS"
    ));
}

#[test]
fn a_title_and_a_full_name_are_one_mention() {
    let e = code("Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow.");
    assert_eq!(e[0].source.text, "President Xi Jinping");
    assert_eq!(e[0].target.as_ref().unwrap().text, "Vladimir Putin");
}

#[test]
fn common_wire_sentences() {
    // A long name before the verb: the parser hung the verb on "Turkish".
    assert!(has(
        "Turkish President Recep Tayyip Erdogan hosted Iraqi Prime Minister Mohammed Shia al-Sudani in Ankara on Tuesday.",
        "04",
        "TURGOV",
        "IRQGOV"
    ));
    // Crowds are civilians of the place; protest against its government.
    assert!(has(
        "Thousands of people protested in Belgrade against the government on Saturday.",
        "14",
        "SRBCVL",
        "SRBGOV"
    ));
    // "Rwanda-backed" is an adjective, not the sentence's verb.
    assert!(has(
        "Rwanda-backed M23 rebels seized the eastern city of Goma.",
        "19",
        "COD",
        ""
    ));
    // A prisoner swap is done by each to the other.
    assert!(has(
        "Russia and Ukraine exchanged 150 prisoners of war on Thursday.",
        "08",
        "RUS",
        "UKR"
    ));
}

#[test]
fn pronouns_prefer_the_sentence_before_the_story() {
    // "them" is the diplomats just named, not the last pair of the story.
    let e = code(
        "Ethiopia and Eritrea traded accusations. Moscow expelled two British diplomats, accusing them of spying.",
    );
    let pairs: Vec<(String, String)> = e
        .iter()
        .map(|e| {
            (
                e.source.code.clone(),
                e.target
                    .as_ref()
                    .map(|t| t.code.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert!(pairs.contains(&("ETH".into(), "ERI".into())), "{pairs:?}");
    assert!(
        pairs.contains(&("RUS".into(), "GBRGOV".into())),
        "{pairs:?}"
    );
    assert!(
        !pairs.iter().any(|p| p.0 == "RUS" && p.1 == "ETH"),
        "{pairs:?}"
    );
    // A subject "they" after a plural subject earlier in the sentence.
    let e = code("Ethiopia and Eritrea traded accusations. France and Germany met in Paris, where they discussed trade.");
    assert!(
        !e.iter()
            .any(|e| e.sentence_id == 2 && e.source.code == "ETH"),
        "{e:?}"
    );
}

#[test]
fn more_wire_patterns() {
    assert!(has(
        "Kenyan police fired tear gas at protesters in Nairobi on Tuesday.",
        "17",
        "KENCOP",
        "KENOPP"
    ));
    assert!(has(
        "Ukrainian drones attacked an oil refinery in Russia's Samara region overnight, the regional governor said.",
        "19",
        "UKR",
        "RUS"
    ));
    assert!(has(
        "Chinese warships conducted drills around Taiwan on Monday, Taiwan's defence ministry said.",
        "15",
        "CHNMIL",
        "TWN"
    ));
    assert!(has(
        "Ethiopia and Eritrea traded accusations over the border.",
        "11",
        "ETH",
        "ERI"
    ));
    assert!(!has(
        "Ethiopia and Eritrea traded accusations over the border.",
        "06",
        "",
        ""
    ));
}

#[test]
fn clashes_coordinations_and_compound_objects() {
    // Intransitive verbs after a noun start a clause; armed clashes are 190.
    assert!(has(
        "Thai and Cambodian troops clashed along the disputed border on Thursday.",
        "19",
        "THAMIL",
        "KHMMIL"
    ));
    assert!(has(
        "Thai troops clashed with Cambodian troops.",
        "19",
        "THAMIL",
        "KHMMIL"
    ));
    assert!(has(
        "Protesters clashed with police in Nairobi.",
        "14",
        "KENOPP",
        "KENCOP"
    ));
    // A proper-name subject hung on by its title.
    assert!(has(
        "Taiwan's president Lai Ching-te called on Beijing to stop its military intimidation.",
        "02",
        "TWNGOV",
        "CHN"
    ));
    // "a minerals deal": the verb-tagged word is the head noun.
    assert!(has(
        "The United States and Ukraine signed a minerals deal in Washington.",
        "05",
        "USA",
        "UKR"
    ));
    // Two subjects joined by "and" are two actors, even of one country.
    assert!(has(
        "Sudan's army and the RSF agreed to a humanitarian truce in El Fasher.",
        "03",
        "SDNMIL",
        "SDNREB"
    ));
    // Domestic actors without a country belong to the story's place.
    assert!(has(
        "Police detained the opposition leader at his home in Istanbul.",
        "17",
        "TURCOP",
        ""
    ));
}

#[test]
fn strikes_drones_and_object_words() {
    // Drones and missiles in one object; the reporter after the comma.
    assert!(has(
        "Russia launched 120 drones and 10 missiles at Ukraine overnight, the Ukrainian air force said.",
        "19",
        "RUS",
        "UKR"
    ));
    assert!(has(
        "Russia launched 120 drones at Ukraine overnight.",
        "19",
        "RUS",
        "UKR"
    ));
    // A nationality on the strikes is the side that struck; "across Gaza"
    // is the side struck.
    assert!(has(
        "Israeli strikes killed at least 30 people across Gaza on Tuesday.",
        "19",
        "ISRMIL",
        "PSE"
    ));
    // "opposition" is the act here, not an actor it is done to.
    let e = code("The senator expressed opposition to the new law in Washington.");
    assert!(
        e.iter()
            .all(|e| e.target.as_ref().is_none_or(|t| !t.code.ends_with("OPP"))),
        "{e:?}"
    );
}

#[test]
fn victims_belong_to_where_they_are() {
    // The adjective is the attacker's; the civilians are Kherson's.
    assert!(has(
        "Russian shelling killed three civilians in the southern city of Kherson on Monday.",
        "19",
        "RUSMIL",
        "UKRCVL"
    ));
    assert!(has(
        "Russian shelling killed three civilians in Kherson.",
        "19",
        "RUSMIL",
        "UKRCVL"
    ));
}

#[test]
fn counted_groups_are_the_group() {
    assert!(has(
        "Chinese police arrested dozens of protesters in Hong Kong.",
        "17",
        "CHNCOP",
        "HKGOPP"
    ));
    assert!(has(
        "Hundreds of Afghan refugees were deported by Pakistan.",
        "17",
        "PAK",
        "AFGREF"
    ));
}

#[test]
fn protests_without_a_target() {
    // "Up to 100" read as a preposition phrase: the people are the subject.
    assert!(has(
        "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia, Belgrade radio said.",
        "14",
        "ALB",
        "SRB"
    ));
    // Marching through the capital is a demonstration, "on Saturday" no target.
    let marched = code("Kenyan protesters marched through the capital on Saturday.");
    assert!(
        marched
            .iter()
            .any(|e| e.code == "141" && e.source.code == "KENOPP" && e.target.is_none()),
        "{marched:?}"
    );
    assert!(has(
        "Venezuelan opposition supporters rallied in the streets of Caracas on Monday.",
        "14",
        "VENOPP",
        ""
    ));
    // A two-word "hunger strike" is the hunger strike of the patterns.
    let fasting = code("Syrian lawmaker Mohammed Mamoun started a hunger strike on Tuesday.");
    assert!(fasting.iter().any(|e| e.code == "142"), "{fasting:?}");
    // "Demonstrate" is also "show": no protest by a company showing a phone.
    let shown = triples("The company demonstrated its new phone in the streets of Tokyo.");
    assert!(shown.iter().all(|(r, _, _)| r != "14"), "{shown:?}");
    // Nor are soldiers marching through a town.
    let troops = triples("Russian troops marched through the city on Sunday.");
    assert!(troops.iter().all(|(r, _, _)| r != "14"), "{troops:?}");
}
