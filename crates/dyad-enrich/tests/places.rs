//! Place recognition: the acceptance article, the hard cases named in the
//! design (Georgia, Chad, Jordan, Nice), datelines, GeoNames loading, and a
//! sweep over the Wikinews corpus that prints throughput.

use dyad_enrich::gazetteer::{Gazetteer, GazetteerError, PlaceKind};
use dyad_enrich::places::{find_places, PlaceMention};

fn find(text: &str) -> Vec<PlaceMention> {
    let a = dyad_text::analyze(text);
    find_places(Gazetteer::builtin(), text, &a)
}

/// (name, ISO-3, kind) of each mention.
fn names(text: &str) -> Vec<(String, Option<String>, PlaceKind)> {
    find(text)
        .into_iter()
        .map(|m| (m.place.name, m.place.country, m.place.kind))
        .collect()
}

fn has(found: &[(String, Option<String>, PlaceKind)], name: &str, iso3: &str) -> bool {
    found
        .iter()
        .any(|(n, c, _)| n == name && c.as_deref() == Some(iso3))
}

#[test]
fn acceptance_article() {
    let Some(shared) = dyad_testkit::shared_dir("places") else {
        return;
    };
    let path = shared.join("examples/china-russia-2025-11-04.txt");
    let text = std::fs::read_to_string(&path).expect("acceptance article");
    let ms = find(&text);
    for m in &ms {
        println!(
            "{:>5} {:<28} {:<9} {:?} {:?}",
            m.start,
            m.text,
            format!("{:?}", m.place.kind),
            m.place.country,
            m.sentence_id
        );
    }
    let get = |name: &str| ms.iter().find(|m| m.place.name == name);
    let beijing = get("Beijing").expect("Beijing");
    assert_eq!(beijing.place.country.as_deref(), Some("CHN"));
    assert_eq!(beijing.place.kind, PlaceKind::City);
    assert!((beijing.place.lat - 39.9).abs() < 0.1 && (beijing.place.lon - 116.4).abs() < 0.1);
    let hz = get("Hangzhou").expect("Hangzhou");
    assert_eq!(hz.place.country.as_deref(), Some("CHN"));
    assert!((hz.place.lat - 30.27).abs() < 0.05 && (hz.place.lon - 120.16).abs() < 0.05);
    let hall = get("Great Hall of the People").expect("Great Hall of the People");
    assert_eq!(hall.place.country.as_deref(), Some("CHN"));
    assert_eq!(hall.text, "Great Hall of the People");
    assert_eq!(
        get("Ukraine").and_then(|m| m.place.country.as_deref()),
        Some("UKR")
    );
    assert_eq!(
        get("Taiwan").and_then(|m| m.place.country.as_deref()),
        Some("TWN")
    );
    // Nothing spurious: every mention is one of these places, and the
    // boilerplate line's Tanzania never shows.
    let allowed = [
        "Beijing",
        "Hangzhou",
        "Great Hall of the People",
        "Ukraine",
        "Taiwan",
        "China",
        "Russia",
        "United States",
    ];
    for m in &ms {
        assert!(
            allowed.contains(&m.place.name.as_str()),
            "spurious place {:?} at {}",
            m.text,
            m.start
        );
        assert_eq!(&text[m.start..m.end], m.text);
    }
}

#[test]
fn georgia_country_or_state() {
    let f = names("Protesters rallied in Georgia against the government's new law.");
    assert!(has(&f, "Georgia", "GEO"), "{f:?}");
    let f = names("Georgia's parliament in Tbilisi approved the bill on Friday.");
    assert!(has(&f, "Georgia", "GEO"), "{f:?}");
    let f = names(
        "The governor of Georgia signed the bill in Atlanta, where U.S. lawmakers had gathered.",
    );
    let g = f.iter().find(|p| p.0 == "Georgia").expect("Georgia");
    assert_eq!(g.1.as_deref(), Some("USA"), "{f:?}");
    assert_eq!(g.2, PlaceKind::Admin1);
    assert!(has(&f, "Atlanta", "USA"), "{f:?}");
    let f = names("Voters in Georgia and Arizona will decide the Senate race, U.S. media said.");
    let g = f.iter().find(|p| p.0 == "Georgia").expect("Georgia");
    assert_eq!(g.1.as_deref(), Some("USA"), "{f:?}");
}

#[test]
fn people_named_like_places() {
    for text in [
        "Chad Smith said the band would tour next year.",
        "Michael Jordan won six titles with the Bulls.",
        "Jordan Peterson spoke at the event on Tuesday.",
        "Jordan scored 32 points as the NBA season resumed.",
        "The lawyer met Paris Hilton and Victoria Beckham at the gala.",
        "President Jackson vetoed the bill.",
        "Sydney Sweeney and Austin Butler starred in the film.",
    ] {
        let f = names(text);
        assert!(f.is_empty(), "{text:?} -> {f:?}");
    }
    let f = names("Jordan and Egypt condemned the strike on Gaza.");
    assert!(has(&f, "Jordan", "JOR"), "{f:?}");
    let f = names("Chad's army said it repelled an attack near Lake Chad.");
    assert!(has(&f, "Chad", "TCD"), "{f:?}");
}

#[test]
fn ordinary_words_need_evidence() {
    for text in [
        "Reading the report, officials said it was a nice gesture.",
        "Split decisions are common in such cases.",
        "Mobile phones were banned at the meeting.",
        "Nice work, the minister told reporters.",
        "March was the warmest month on record.",
        "Bath time is important for toddlers.",
    ] {
        let f = names(text);
        assert!(f.is_empty(), "{text:?} -> {f:?}");
    }
    let f = names("A truck drove into a crowd in Nice, France, in 2016.");
    assert!(has(&f, "Nice", "FRA"), "{f:?}");
    let f = names("Police in Reading arrested two men.");
    assert!(has(&f, "Reading", "GBR"), "{f:?}");
}

#[test]
fn small_namesakes_lose_to_big_places() {
    let f = names("The summit will take place in Paris next month.");
    assert!(has(&f, "Paris", "FRA"), "{f:?}");
    let f = names("The tornado hit Paris, Texas, on Sunday.");
    assert!(has(&f, "Paris", "USA"), "{f:?}");
    let f = names("Officials in Washington said the sanctions would stay.");
    let w = f.iter().find(|p| p.0 == "Washington").expect("Washington");
    assert_eq!(w.2, PlaceKind::City, "the capital, not the state: {f:?}");
}

#[test]
fn direction_adjectives_and_features() {
    let f = names("Clashes broke out in northern Kosovo overnight.");
    assert!(has(&f, "Kosovo", "XKX"), "{f:?}");
    let ms = find("A Philippine boat was blocked near Second Thomas Shoal on Monday.");
    let shoal = ms
        .iter()
        .find(|m| m.place.name == "Second Thomas Shoal")
        .expect("shoal");
    assert_eq!(shoal.place.kind, PlaceKind::Landmark);
    assert_eq!(shoal.text, "Second Thomas Shoal");
    let f = names("Tankers crossing the Strait of Hormuz and the Red Sea face attacks from Yemen.");
    assert!(f.iter().any(|p| p.0 == "Strait of Hormuz"), "{f:?}");
    assert!(f.iter().any(|p| p.0 == "Red Sea"), "{f:?}");
    assert!(has(&f, "Yemen", "YEM"), "{f:?}");
    let f = names("The Kremlin said talks with the White House were useful.");
    assert!(
        has(&f, "Kremlin", "RUS") && has(&f, "White House", "USA"),
        "{f:?}"
    );
}

#[test]
fn datelines() {
    let text = "BEIJING (Reuters) - China's exports rose in October, customs data showed.";
    let ms = find(text);
    let d = ms.iter().find(|m| m.from_dateline).expect("dateline place");
    assert_eq!(d.place.name, "Beijing");
    assert_eq!(d.text, "BEIJING");
    assert_eq!(d.sentence_id, None);
    assert_eq!(&text[d.start..d.end], "BEIJING");
    let ms = find("KYIV, Ukraine (AP) — Russian drones struck the capital overnight.");
    let d = ms.iter().find(|m| m.from_dateline).expect("dateline place");
    assert_eq!(d.place.name, "Kyiv");
    assert_eq!(d.place.country.as_deref(), Some("UKR"));
}

#[test]
fn alternate_names_and_case() {
    let f = names("Troops withdrew from Kiev and regrouped near Peking's old walls.");
    assert!(has(&f, "Kyiv", "UKR"), "{f:?}");
    assert!(has(&f, "Beijing", "CHN"), "{f:?}");
    // Lower case never matches a capitalised name.
    assert!(names("fine china and a turkey for dinner").is_empty());
    let f = names("The U.S. and the UK imposed sanctions on Iran.");
    assert!(has(&f, "United States", "USA"), "{f:?}");
    assert!(has(&f, "United Kingdom", "GBR"), "{f:?}");
    assert!(has(&f, "Iran", "IRN"), "{f:?}");
    // "us" the pronoun is not the United States.
    assert!(names("Let us talk. Give us time.").is_empty());
}

#[test]
fn organisations_are_not_places() {
    let f = names("The Washington Post and the New York Times reported the story.");
    assert!(f.is_empty(), "{f:?}");
    let f = names("Both countries signed the Paris Agreement.");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn serialised_field_names() {
    let ms = find("Talks were held in Hangzhou.");
    let v = serde_json::to_value(&ms[0]).expect("json");
    for k in [
        "name",
        "type",
        "country",
        "adm1",
        "lat",
        "lon",
        "geonames_id",
        "text",
        "start",
        "end",
        "sentence_id",
        "from_dateline",
    ] {
        assert!(v.get(k).is_some(), "missing {k} in {v}");
    }
    assert_eq!(v["type"], "city");
    assert_eq!(v["country"], "CHN");
    let p = Gazetteer::builtin().lookup("Zhejiang");
    let v = serde_json::to_value(p[0]).expect("json");
    assert_eq!(v["type"], "admin1");
}

#[test]
fn geonames_dump_extends_builtin() {
    let dir = std::env::temp_dir().join(format!("dyad-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("cities500.txt");
    std::fs::write(
        &good,
        "9990001\tSmallburg\tSmallburg\tKleinburg\t51.1\t10.2\tP\tPPL\tDE\t\t07\t\t\t\t900\t\t300\tEurope/Berlin\t2024-01-01\n",
    )
    .expect("write");
    let g = Gazetteer::load_geonames(&good).expect("valid dump");
    assert_eq!(g.stats().cities, Gazetteer::builtin().stats().cities + 1);
    let text = "Police said the fire in Smallburg was put out. Smallburg residents were calm.";
    let a = dyad_text::analyze(text);
    let ms = find_places(&g, text, &a);
    assert_eq!(ms.len(), 2, "{ms:?}");
    assert_eq!(ms[0].place.country.as_deref(), Some("DEU"));
    // A small place needs evidence: bare mid-sentence mention is refused.
    let text = "Smallburg said nothing.";
    let a = dyad_text::analyze(text);
    assert!(find_places(&g, text, &a).is_empty());

    let bad = dir.join("bad.txt");
    std::fs::write(
        &bad,
        "9990001\tSmallburg\tSmallburg\t\t51.1\t10.2\tP\tPPL\tDE\t\t07\t\t\t\t900\t\t300\tEurope/Berlin\t2024-01-01\n\
         9990002\tBrokenville\tBrokenville\t\t51.1\n",
    )
    .expect("write");
    match Gazetteer::load_geonames(&bad) {
        Err(GazetteerError::Malformed { path, line, .. }) => {
            assert_eq!(path, bad);
            assert_eq!(line, 2);
        }
        other => panic!("expected a malformed-line error, got {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs over the Wikinews corpus, prints throughput, and with
/// `DYAD_PLACES_SHOW=N` the places of the first N articles for review.
#[test]
fn wikinews_corpus_sweep() {
    let Some(shared) = dyad_testkit::shared_dir("places corpus") else {
        return;
    };
    let docs: Vec<(String, String)> = dyad_testkit::wikinews(&shared)
        .into_iter()
        .map(|a| (a.title, a.text))
        .collect();
    if docs.is_empty() {
        println!(
            "skipping places corpus: no articles in {}",
            shared.display()
        );
        return;
    }
    let gaz = Gazetteer::builtin();
    let analyses: Vec<_> = docs.iter().map(|(_, t)| dyad_text::analyze(t)).collect();
    let words: usize = analyses
        .iter()
        .flat_map(|a| &a.sentences)
        .map(|s| s.tokens.len())
        .sum();
    let show: usize = std::env::var("DYAD_PLACES_SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut total = 0;
    let t = std::time::Instant::now();
    let rounds = 5;
    for _ in 0..rounds {
        total = 0;
        for ((_, text), a) in docs.iter().zip(&analyses) {
            total += find_places(gaz, text, a).len();
        }
    }
    let secs = t.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "places corpus: {} articles, {} tokens, {} mentions, {:.1} ms, {:.2} M tokens/s",
        docs.len(),
        words,
        total,
        secs * 1000.0,
        words as f64 / secs / 1e6
    );
    for ((title, text), a) in docs.iter().zip(&analyses).take(show) {
        let ms = find_places(gaz, text, a);
        println!("== {title}");
        let list: Vec<String> = ms
            .iter()
            .map(|m| {
                format!(
                    "{}{}→{}[{}{}]",
                    if m.from_dateline { "@" } else { "" },
                    m.text,
                    m.place.name,
                    match m.place.kind {
                        PlaceKind::Country => "C",
                        PlaceKind::Admin1 => "A",
                        PlaceKind::City => "P",
                        PlaceKind::Landmark => "L",
                    },
                    m.place
                        .country
                        .as_deref()
                        .map(|c| format!(" {c}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        println!("   {}", list.join(", "));
    }
}
