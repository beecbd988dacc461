//! The store's behaviour, one suite run against SQLite (temporary files)
//! and PostgreSQL (when `DYAD_PG_URL` is set, each test in its own schema;
//! otherwise skipped with a printed reason — `source .ci/postgres.sh` starts
//! a server).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dyad_store::{
    ActorRecord, Bucket, DocRecord, DocumentBundle, ErrorRecord, EventFilter, EventRecord,
    ExportFormat, MentionRecord, OpenOptions, Period, PlaceMentionRecord, PlaceRecord, QuoteRecord,
    SentenceRecord, Store, StoreError, ThemeRecord, TimeRecord, CSV_COLUMNS, GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS, SCHEMA_VERSION,
};

// ---------------------------------------------------------------- targets

/// A PostgreSQL schema of its own for one test, dropped at the end.
struct PgSchema {
    base: String,
    schema: String,
}

impl PgSchema {
    fn new(test: &str) -> Option<PgSchema> {
        let base = std::env::var("DYAD_PG_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let schema = format!("t_{}_{}", test, std::process::id());
        let mut c = postgres::Client::connect(&base, postgres::NoTls)
            .expect("DYAD_PG_URL is set but unreachable");
        c.batch_execute(&format!(
            "SET client_min_messages TO warning; DROP SCHEMA IF EXISTS {schema} CASCADE"
        ))
        .unwrap();
        Some(PgSchema { base, schema })
    }

    fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}schema={}", self.base, self.schema)
    }

    fn client(&self) -> postgres::Client {
        let mut c = postgres::Client::connect(&self.base, postgres::NoTls).unwrap();
        c.batch_execute(&format!("SET search_path TO {}", self.schema))
            .unwrap();
        c
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "SET client_min_messages TO warning; DROP SCHEMA IF EXISTS {} CASCADE",
                self.schema
            ));
        }
    }
}

fn skip_pg(test: &str) {
    println!("skipping {test} on PostgreSQL: DYAD_PG_URL is not set (source .ci/postgres.sh to start one)");
}

/// Runs `case` on a fresh SQLite file, then on a fresh PostgreSQL schema.
fn on_both(test: &str, mut case: impl FnMut(&str)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    case(path.to_str().unwrap());
    match PgSchema::new(test) {
        Some(pg) => case(&pg.url()),
        None => skip_pg(test),
    }
}

fn fast() -> OpenOptions {
    OpenOptions {
        busy_timeout: Duration::from_millis(300),
        connect_attempts: 3,
        retry_delay: Duration::from_millis(20),
        transaction_attempts: 3,
        read_only: false,
    }
}

fn open(target: &str) -> Store {
    Store::open_with(target, &fast()).unwrap_or_else(|e| panic!("open {target}: {e}"))
}

// ---------------------------------------------------------------- data

fn actor(code: &str, text: &str, start: u32) -> ActorRecord {
    ActorRecord {
        code: code.into(),
        text: text.into(),
        country: code.get(..3).map(str::to_string),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(str::to_string),
        start,
        end: start + text.len() as u32,
    }
}

fn kyiv(name: &str, geonames: Option<u32>) -> PlaceRecord {
    PlaceRecord {
        name: name.into(),
        kind: "city".into(),
        country: Some("UKR".into()),
        adm1: Some("30".into()),
        lat: 50.45,
        lon: 30.52,
        geonames_id: geonames,
        start: None,
        end: None,
    }
}

struct Ev {
    src: String,
    tgt: Option<String>,
    code: String,
    date: Option<String>,
    place: Option<PlaceRecord>,
    sentence: u32,
}

fn ev(src: &str, tgt: Option<&str>, code: &str, date: Option<&str>) -> Ev {
    Ev {
        src: src.into(),
        tgt: tgt.map(str::to_string),
        code: code.into(),
        date: date.map(str::to_string),
        place: None,
        sentence: 1,
    }
}

fn quad_of(code: &str) -> (u8, f32, Option<&'static str>) {
    match &code[..2] {
        "01" => (1, 0.0, None),
        "02" | "03" | "04" | "05" => (
            1,
            1.0 + code[..2].parse::<f32>().unwrap() / 2.0,
            Some("CONSULT"),
        ),
        "06" | "07" | "08" => (2, 6.0, Some("AID")),
        "09" | "10" | "11" | "12" | "13" => (3, -2.0, Some("ACCUSE")),
        _ => (4, -9.5, Some("ASSAULT")),
    }
}

fn bundle(
    id: &str,
    source: Option<&str>,
    published: &str,
    events: Vec<Ev>,
    tone: Option<f64>,
) -> DocumentBundle {
    let sentences: Vec<String> = (1..=3)
        .map(|i| format!("Sentence {i} of {id}: the ministers met and talked about sanctions."))
        .collect();
    let text = sentences.join(" ");
    let mut offset = 0u32;
    let sentences: Vec<SentenceRecord> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = SentenceRecord {
                sentence_id: i as u32 + 1,
                start: offset,
                end: offset + s.len() as u32,
                text: s.clone(),
            };
            offset += s.len() as u32 + 1;
            r
        })
        .collect();
    let events = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let (quad, goldstein, plover) = quad_of(&e.code);
            EventRecord {
                event_id: format!("{id}-e{i}"),
                sentence_id: e.sentence,
                source: actor(&e.src, &format!("{} leader", e.src), 2),
                target: e
                    .tgt
                    .as_deref()
                    .map(|t| actor(t, &format!("{t} people"), 20)),
                code: e.code.clone(),
                root: e.code[..2].into(),
                quad_class: quad,
                goldstein,
                plover_type: plover.map(str::to_string),
                plover_mode: None,
                date_span: e.date.as_ref().map(|_| (40, 48)),
                date: e.date.clone(),
                date_precision: None,
                place: e.place,
                verb_start: 10,
                verb_end: 13,
                pattern: "04-consult.txt:13".into(),
                reporter: None,
                quote_ids: vec![1],
                confidence: 0.8,
            }
        })
        .collect();
    DocumentBundle {
        doc: DocRecord {
            id: id.into(),
            url: Some(format!("https://news.example/{id}")),
            source: source.map(str::to_string),
            title: Some(format!("Title of {id}")),
            published: Some(published.into()),
            hash: format!("hash-{id}"),
            text,
        },
        sentences,
        events,
        actors: vec![MentionRecord {
            sentence_id: 1,
            code: "USAGOV".into(),
            text: "Sentence".into(),
            start: 0,
            end: 8,
            kind: "name".into(),
        }],
        quotes: vec![QuoteRecord {
            quote_id: 1,
            text: "ministers".into(),
            start: 30,
            end: 39,
            speaker_text: None,
            speaker_code: None,
            kind: "term".into(),
        }],
        places: vec![PlaceMentionRecord {
            place: kyiv("Kyiv", Some(703448)),
            sentence_id: Some(2),
        }],
        themes: vec![ThemeRecord {
            theme: "SANCTIONS".into(),
            count: 2,
        }],
        times: vec![TimeRecord {
            sentence_id: Some(1),
            text: "ministers".into(),
            start: 40,
            end: 48,
            value: Some(published.into()),
            precision: Some("day".into()),
        }],
        tone,
    }
}

/// A deterministic pseudo-random corpus: `n` documents, a few events each,
/// drawn from a small space so that many of them merge.
fn corpus(n: usize) -> Vec<DocumentBundle> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let actors = ["USAGOV", "CHNGOV", "RUSGOV", "UKRMIL", "IRNGOV"];
    let codes = [
        "010", "040", "042", "057", "070", "112", "130", "190", "0431",
    ];
    let sources = ["Reuters", "AP", "AFP", "BBC"];
    (0..n)
        .map(|i| {
            let day = 1 + next(20);
            let published = format!("2025-11-{day:02}T08:00:00+02:00");
            let events = (0..1 + next(4))
                .map(|_| {
                    let src = actors[next(5) as usize];
                    let tgt = (next(4) > 0).then(|| actors[next(5) as usize]);
                    let code = codes[next(codes.len() as u64) as usize];
                    let mut e = ev(src, tgt, code, None);
                    if next(3) == 0 {
                        e.date = Some(
                            if next(2) == 0 {
                                "2025-10"
                            } else {
                                "2025-10-30"
                            }
                            .to_string(),
                        );
                    }
                    if next(2) == 0 {
                        e.place = Some(kyiv("Kyiv", Some(703448)));
                    }
                    e.sentence = 1 + next(3) as u32;
                    e
                })
                .collect();
            let source = (next(5) > 0).then(|| sources[next(4) as usize]);
            bundle(
                &format!("doc-{i:04}"),
                source,
                &published,
                events,
                Some(next(200) as f64 / 10.0 - 10.0),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn opening_migrates_and_reopening_keeps_the_version() {
    on_both("migrate", |target| {
        let mut s = open(target);
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        drop(s);
        let mut s = open(target);
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(s.counts().unwrap().documents, 0);
    });
}

#[test]
fn reports_of_the_same_event_merge_into_one_row() {
    on_both("merge", |target| {
        let mut s = open(target);
        let place = |name: &str, id| {
            let mut e = ev("RUSGOV", Some("UKRGOV"), "040", Some("2025-11-04"));
            e.place = Some(kyiv(name, id));
            e
        };
        let mut second = place("Kiev", Some(703448));
        second.sentence = 2;
        let batch = vec![
            // Reported twice by b (two sentences), once by a and c; a and c
            // are both Reuters: 4 mentions, 3 articles, 2 sources.
            bundle(
                "b",
                Some("AP"),
                "2025-11-04",
                vec![place("Kyiv", Some(703448)), second],
                Some(-2.0),
            ),
            bundle(
                "a",
                Some("Reuters"),
                "2025-11-04",
                vec![place("Kyiv", Some(703448))],
                Some(4.0),
            ),
            bundle(
                "c",
                Some("reuters"),
                "2025-11-05",
                vec![place("Kyiv", Some(703448))],
                None,
            ),
            // Same but placed by name only: merges on the case-folded name.
            bundle(
                "d",
                None,
                "2025-11-04",
                vec![place("KYIV", None), place("kyiv", None)],
                None,
            ),
            // No target, no date: the publication date stands in, and the
            // missing target compares equal to the missing target.
            bundle(
                "e",
                Some("AP"),
                "2025-11-06T23:30:00-05:00",
                vec![ev("FRAOPP", None, "141", None)],
                None,
            ),
            bundle(
                "f",
                Some("AFP"),
                "2025-11-06",
                vec![ev("FRAOPP", None, "141", None)],
                None,
            ),
            // A different date is a different event.
            bundle(
                "g",
                Some("AFP"),
                "2025-11-07",
                vec![ev("FRAOPP", None, "141", None)],
                None,
            ),
        ];
        let r = s.write_batch(&batch).unwrap();
        assert_eq!(r.documents_written, 7);
        assert_eq!(r.mentions_written, 9);
        assert_eq!(r.events_created, 4);
        assert_eq!(r.events_merged, 5);
        let c = s.counts().unwrap();
        assert_eq!((c.events, c.mentions, c.documents), (4, 9, 7));

        let rows = s.events(&EventFilter::default()).unwrap();
        let kyiv_row = rows
            .iter()
            .find(|e| e.place_geonames_id == Some(703448))
            .expect("geonames-placed event");
        assert_eq!(
            (
                kyiv_row.num_mentions,
                kyiv_row.num_articles,
                kyiv_row.num_sources
            ),
            (4, 3, 2)
        );
        // The representative report is that of the smallest document id.
        assert_eq!(kyiv_row.doc_id.as_deref(), Some("a"));
        assert_eq!(kyiv_row.doc_url.as_deref(), Some("https://news.example/a"));
        assert_eq!(kyiv_row.place_name.as_deref(), Some("Kyiv"));
        // Tone: the mean over documents that have one (a: 4, b: -2).
        assert_eq!(kyiv_row.avg_tone, Some(1.0));
        assert_eq!(kyiv_row.code, "040");
        assert_eq!(kyiv_row.quad_class, Some(1));

        let by_name = rows
            .iter()
            .find(|e| e.doc_id.as_deref() == Some("d"))
            .unwrap();
        assert_eq!(
            (
                by_name.num_mentions,
                by_name.num_articles,
                by_name.num_sources
            ),
            (2, 1, 1)
        );

        let protests: Vec<_> = rows.iter().filter(|e| e.source_code == "FRAOPP").collect();
        assert_eq!(protests.len(), 2);
        assert_eq!(protests[0].date.as_deref(), Some("2025-11-06"));
        assert_eq!((protests[0].num_mentions, protests[0].num_sources), (2, 2));
        assert_eq!(protests[0].target_code, None);
        assert_eq!(protests[1].date.as_deref(), Some("2025-11-07"));

        // Reports of an event, with their sentences.
        let m = s.mentions_of(kyiv_row.event_key).unwrap();
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].doc_id, "a");
        assert!(m[0]
            .sentence
            .as_deref()
            .unwrap()
            .starts_with("Sentence 1 of a"));
    });
}

#[test]
fn rewriting_a_batch_skips_stored_documents() {
    on_both("idempotent", |target| {
        let mut s = open(target);
        let docs = corpus(40);
        let first = s.write_batch(&docs).unwrap();
        assert_eq!(first.documents_written, 40);
        assert!(first.skipped.is_empty());
        let counts = s.counts().unwrap();
        let print = s.fingerprint().unwrap();

        let again = s.write_batch(&docs).unwrap();
        assert_eq!(again.documents_written, 0);
        assert_eq!(again.skipped.len(), 40);
        assert_eq!(s.counts().unwrap(), counts);
        assert_eq!(s.fingerprint().unwrap(), print);

        // The same id twice in one batch: the second is skipped.
        let mut dup = corpus(1);
        dup[0].doc.id = "dup".into();
        dup.push(dup[0].clone());
        let r = s.write_batch(&dup).unwrap();
        assert_eq!(
            (r.documents_written, r.skipped.clone()),
            (1, vec!["dup".to_string()])
        );

        // Messy input is data: a NUL character (which PostgreSQL cannot
        // store) becomes a space of the same length, non-finite floats null.
        let mut messy = corpus(1);
        messy[0].doc.id = "messy".into();
        messy[0].doc.text = format!("nul\0here {}", messy[0].doc.text);
        messy[0].tone = Some(f64::NAN);
        if let Some(e) = messy[0].events.first_mut() {
            e.goldstein = f32::INFINITY;
            e.code = String::new();
            e.date = Some("2025-13-45".into());
        }
        s.write_batch(&messy).unwrap();
        let stored = s.documents_page(Some("messz"), 1).unwrap();
        assert!(stored.is_empty());
        let stored = s.documents_page(Some("messx"), 1).unwrap();
        assert!(stored[0].text.starts_with("nul here "));
        assert_eq!(stored[0].text.len(), messy[0].doc.text.len());

        // An empty id is the caller's mistake, and nothing is written.
        let mut bad = corpus(2);
        bad[1].doc.id = " ".into();
        assert!(matches!(
            s.write_batch(&bad),
            Err(StoreError::InvalidInput(_))
        ));
        assert_eq!(s.counts().unwrap().documents, 42);
    });
}

#[test]
fn order_and_batching_do_not_change_the_result() {
    let docs = corpus(60);
    let mut prints = Vec::new();
    on_both("order", |target| {
        let mut one = open(target);
        one.write_batch(&docs).unwrap();
        prints.push(one.fingerprint().unwrap());
    });
    on_both("order2", |target| {
        let mut s = open(target);
        let mut reversed = docs.clone();
        reversed.reverse();
        for chunk in reversed.chunks(7) {
            s.write_batch(chunk).unwrap();
        }
        prints.push(s.fingerprint().unwrap());
    });
    // SQLite and PostgreSQL, one batch and many in reverse: the same data.
    assert!(prints.windows(2).all(|w| w[0] == w[1]), "{prints:?}");
}

#[test]
fn recoding_a_document_keeps_merged_counts_right() {
    on_both("recode", |target| {
        let mut s = open(target);
        let shared = || ev("USAGOV", Some("CHNGOV"), "040", Some("2025-11-04"));
        let docs = vec![
            bundle(
                "a",
                Some("AP"),
                "2025-11-04",
                vec![shared(), ev("USAGOV", Some("IRNGOV"), "112", None)],
                None,
            ),
            bundle("b", Some("AFP"), "2025-11-04", vec![shared()], None),
        ];
        s.write_batch(&docs).unwrap();
        let before = s.fingerprint().unwrap();
        let key = |s: &mut Store, code: &str| {
            s.events(&EventFilter {
                code: Some(code.into()),
                ..EventFilter::default()
            })
            .unwrap()
        };
        assert_eq!(key(&mut s, "040")[0].num_articles, 2);

        // The new coding of a: the shared event stays, 112 goes, 190 and a
        // second 040 report come.
        let mut second = shared();
        second.sentence = 3;
        let new_a = bundle(
            "a",
            Some("AP"),
            "2025-11-04",
            vec![shared(), second, ev("USAGOV", Some("IRNGOV"), "190", None)],
            None,
        );
        let diff = s.replace_events("a", &new_a).unwrap();
        assert_eq!(diff.unchanged, 1);
        assert_eq!(diff.added.get("04"), Some(&1));
        assert_eq!(diff.added.get("19"), Some(&1));
        assert_eq!(diff.removed.get("11"), Some(&1));
        assert_eq!((diff.events_created, diff.events_deleted), (1, 1));
        assert!(!diff.is_unchanged());
        let shared_row = &key(&mut s, "040")[0];
        assert_eq!((shared_row.num_mentions, shared_row.num_articles), (3, 2));
        assert!(key(&mut s, "112").is_empty());
        assert_eq!(key(&mut s, "190")[0].num_mentions, 1);

        // Recoding b away from the shared event leaves it to a alone.
        let new_b = bundle("b", Some("AFP"), "2025-11-04", vec![], None);
        let diff = s.replace_events("b", &new_b).unwrap();
        assert_eq!(diff.removed.get("04"), Some(&1));
        assert_eq!(diff.events_deleted, 0);
        let shared_row = &key(&mut s, "040")[0];
        assert_eq!(
            (
                shared_row.num_mentions,
                shared_row.num_articles,
                shared_row.num_sources
            ),
            (2, 1, 1)
        );
        assert_eq!(shared_row.doc_id.as_deref(), Some("a"));

        // Back to the original coding: exactly the original store.
        s.replace_events("a", &docs[0]).unwrap();
        let same = s.replace_events("b", &docs[1]).unwrap();
        assert_eq!(same.added.get("04"), Some(&1));
        assert_eq!(s.fingerprint().unwrap(), before);
        let unchanged = s.replace_events("b", &docs[1]).unwrap();
        assert!(unchanged.is_unchanged());
        assert_eq!(unchanged.unchanged, 1);

        assert!(matches!(
            s.replace_events("zzz", &bundle("zzz", None, "2025-11-04", vec![], None)),
            Err(StoreError::UnknownDocument(_))
        ));
        assert!(matches!(
            s.replace_events("a", &docs[1]),
            Err(StoreError::InvalidInput(_))
        ));
    });
}

#[test]
fn a_document_comes_back_with_the_spans_of_its_evidence() {
    on_both("document", |target| {
        let mut s = open(target);
        let mut placed = ev("RUSMIL", Some("UKRMIL"), "190", Some("2025-11-03"));
        placed.place = Some(PlaceRecord {
            start: Some(50),
            end: Some(54),
            ..kyiv("Kyiv", Some(703448))
        });
        let b = bundle(
            "doc-ü",
            Some("AP"),
            "2025-11-04",
            vec![placed, ev("USAGOV", None, "040", None)],
            Some(-2.5),
        );
        s.write_batch(std::slice::from_ref(&b)).unwrap();
        assert!(s.document("no-such-doc").unwrap().is_none());
        let d = s.document("doc-ü").unwrap().unwrap();
        assert_eq!(d.document.text, b.doc.text);
        assert_eq!(d.document.tone, Some(-2.5));
        assert_eq!(d.sentences.len(), 3);
        assert_eq!((d.actors[0].start, d.actors[0].end), (0, 8));
        assert_eq!(d.quotes[0].text, "ministers");
        assert_eq!(d.places[0].place.name, "Kyiv");
        assert_eq!(d.places[0].sentence_id, Some(2));
        assert_eq!(d.times[0].value.as_deref(), Some("2025-11-04"));
        assert_eq!(d.themes[0].theme, "SANCTIONS");
        assert_eq!(d.events.len(), 2);
        let e = &d.events[0];
        assert_eq!((e.code.as_str(), e.source.code.as_str()), ("190", "RUSMIL"));
        assert_eq!(e.target.as_ref().unwrap().start, Some(20));
        assert_eq!(e.verb.map(|v| (v.start, v.end)), Some((10, 13)));
        assert_eq!(e.date_span.map(|v| (v.start, v.end)), Some((40, 48)));
        let place = e.place.as_ref().unwrap();
        assert_eq!((place.start, place.end), (Some(50), Some(54)));
        assert_eq!(e.pattern.as_deref(), Some("04-consult.txt:13"));
        assert_eq!(e.quote_ids, [1]);
        // The undated event took the publication date, from no expression.
        assert_eq!(d.events[1].date.as_deref(), Some("2025-11-04"));
        assert!(d.events[1].date_span.is_none() && d.events[1].target.is_none());
        let key = s.events(&EventFilter::default()).unwrap();
        assert!(key.iter().any(|k| k.event_key == e.event_key));
    });
}

#[test]
fn places_of_events_are_counted() {
    on_both("places", |target| {
        let mut s = open(target);
        let at = |name: &str, g: u32, code: &str, day: &str| {
            let mut e = ev("RUSMIL", Some("UKRMIL"), code, Some(day));
            e.place = Some(kyiv(name, Some(g)));
            e
        };
        let b = bundle(
            "p1",
            None,
            "2025-11-04",
            vec![
                at("Kyiv", 703448, "190", "2025-11-01"),
                at("Kyiv", 703448, "193", "2025-11-02"),
                at("Odesa", 698740, "190", "2025-11-03"),
                ev("USAGOV", None, "040", None),
            ],
            None,
        );
        s.write_batch(&[b]).unwrap();
        let all = s.places(&EventFilter::default(), 10).unwrap();
        let got: Vec<(&str, u64)> = all.iter().map(|p| (p.name.as_str(), p.events)).collect();
        assert_eq!(got, [("Kyiv", 2), ("Odesa", 1)]);
        assert_eq!(all[0].mentions, 2);
        assert!((all[0].lat - 50.45).abs() < 1e-9);
        let f = EventFilter {
            code: Some("193".into()),
            ..EventFilter::default()
        };
        assert_eq!(s.places(&f, 10).unwrap().len(), 1);
        assert_eq!(s.places(&EventFilter::default(), 1).unwrap().len(), 1);
    });
}

#[test]
fn event_filters() {
    on_both("filters", |target| {
        let mut s = open(target);
        let mut placed = ev("RUSMIL", Some("UKRMIL"), "190", Some("2025-11-03"));
        placed.place = Some(kyiv("Kyiv", Some(703448)));
        let mut b = bundle(
            "a",
            Some("AP"),
            "2025-11-04",
            vec![
                placed,
                ev("USAGOV", Some("CHNGOV"), "040", Some("2025-11-04")),
                ev("USAGOV", Some("CHNGOV"), "0431", Some("2025-10")),
                ev("CHNGOV", Some("USAGOV"), "112", Some("2025-11-20")),
                ev("FRAOPP", None, "141", Some("2025")),
            ],
            None,
        );
        b.sentences[1].text = "Russian forces shelled 100% of the KYIV suburbs.".into();
        b.events[0].sentence_id = 2;
        s.write_batch(&[b]).unwrap();
        let codes = |s: &mut Store, f: EventFilter| -> Vec<String> {
            let mut v: Vec<String> = s.events(&f).unwrap().into_iter().map(|e| e.code).collect();
            v.sort();
            v
        };
        let f = EventFilter::default;
        assert_eq!(codes(&mut s, f()).len(), 5);
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    from: Some("2025-11-01".into()),
                    to: Some("2025-11-04".into()),
                    ..f()
                }
            ),
            ["040", "190"]
        );
        // A month-precision date sits on the month's first day; "to" a month
        // means its last day.
        // (and one known to the year only, on 1 January).
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    to: Some("2025-10".into()),
                    ..f()
                }
            ),
            ["0431", "141"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    from: Some("2025".into()),
                    to: Some("2025-01-01".into()),
                    ..f()
                }
            ),
            ["141"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    source: Some("USA".into()),
                    ..f()
                }
            ),
            ["040", "0431"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    target: Some("USAGOV".into()),
                    ..f()
                }
            ),
            ["112"]
        );
        // Either way between two actors: not FRA's or RUS's events.
        let both = EventFilter {
            source: Some("CHN".into()),
            target: Some("USA".into()),
            both_directions: true,
            ..f()
        };
        assert_eq!(codes(&mut s, both), ["040", "0431", "112"]);
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    source: Some("CHN".into()),
                    both_directions: true,
                    ..f()
                }
            ),
            ["040", "0431", "112"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    actor: Some("USA".into()),
                    ..f()
                }
            ),
            ["040", "0431", "112"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    source_country: Some("RUS".into()),
                    ..f()
                }
            ),
            ["190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    target_country: Some("CHN".into()),
                    ..f()
                }
            ),
            ["040", "0431"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    code: Some("04".into()),
                    ..f()
                }
            ),
            ["040", "0431"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    code: Some("043".into()),
                    ..f()
                }
            ),
            ["0431"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    root: Some("19".into()),
                    ..f()
                }
            ),
            ["190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    quad_class: vec![3, 4],
                    ..f()
                }
            ),
            ["112", "141", "190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    plover_type: Some("ASSAULT".into()),
                    ..f()
                }
            ),
            ["141", "190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    place: Some("kyiv".into()),
                    ..f()
                }
            ),
            ["190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    place_country: Some("UKR".into()),
                    ..f()
                }
            ),
            ["190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    text: Some("kyiv SUBURBS".into()),
                    ..f()
                }
            ),
            ["190"]
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    text: Some("100%".into()),
                    ..f()
                }
            ),
            ["190"]
        );
        assert!(codes(
            &mut s,
            EventFilter {
                text: Some("1000%".into()),
                ..f()
            }
        )
        .is_empty());
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    doc_id: Some("a".into()),
                    ..f()
                }
            )
            .len(),
            5
        );
        assert!(codes(
            &mut s,
            EventFilter {
                doc_id: Some("b".into()),
                ..f()
            }
        )
        .is_empty());
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    min_mentions: Some(2),
                    ..f()
                }
            )
            .len(),
            0
        );
        assert_eq!(
            codes(
                &mut s,
                EventFilter {
                    limit: Some(2),
                    ..f()
                }
            )
            .len(),
            2
        );
        assert!(matches!(
            s.events(&EventFilter {
                from: Some("last week".into()),
                ..f()
            }),
            Err(StoreError::InvalidInput(_))
        ));
        let mut n = 0;
        s.for_each_event(&f(), |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 5);
    });
}

#[test]
fn timelines_per_day_week_and_month() {
    on_both("timeline", |target| {
        let mut s = open(target);
        let e = |src: &str, tgt: &str, code: &str, date: &str| ev(src, Some(tgt), code, Some(date));
        let docs = vec![
            bundle(
                "a",
                Some("AP"),
                "2025-11-30",
                vec![
                    e("USAGOV", "CHNGOV", "040", "2025-11-03"), // Monday, W45
                    e("USAGOV", "CHNGOV", "190", "2025-11-03"),
                    e("CHNGOV", "USAGOV", "112", "2025-11-09"), // Sunday, W45
                    e("USAGOV", "CHNGOV", "070", "2025-11-24"), // W48
                    e("USAGOV", "RUSGOV", "040", "2025-11-05"),
                ],
                None,
            ),
            // A second report of the first event: still one event row.
            bundle(
                "b",
                Some("AFP"),
                "2025-11-30",
                vec![e("USAGOV", "CHNGOV", "040", "2025-11-03")],
                None,
            ),
        ];
        s.write_batch(&docs).unwrap();

        let all = Period::all();
        let days = s.timeline("USA", "CHN", Bucket::Day, false, &all).unwrap();
        // 3rd to 24th, empty days included.
        assert_eq!(days.len(), 22);
        assert_eq!(days[0].period, "2025-11-03");
        assert_eq!((days[0].events, days[0].mentions), (2, 3));
        assert_eq!(
            (days[0].verbal_cooperation, days[0].material_conflict),
            (1, 1)
        );
        let g040 = 1.0 + 4.0 / 2.0;
        assert!((days[0].goldstein_mean.unwrap() - (g040 - 9.5) / 2.0).abs() < 1e-6);
        assert_eq!(days[1].events, 0);
        assert_eq!(days[1].goldstein_mean, None);

        let weeks = s.timeline("USA", "CHN", Bucket::Week, true, &all).unwrap();
        let labels: Vec<&str> = weeks.iter().map(|w| w.period.as_str()).collect();
        assert_eq!(labels, ["2025-W45", "2025-W46", "2025-W47", "2025-W48"]);
        assert_eq!(weeks[0].start, "2025-11-03");
        assert_eq!((weeks[0].events, weeks[0].verbal_conflict), (3, 1));
        assert_eq!(weeks[3].material_cooperation, 1);

        let one_way = s.timeline("USA", "CHN", Bucket::Week, false, &all).unwrap();
        assert_eq!(one_way[0].events, 2);

        let months = s.timeline("USA", "", Bucket::Month, false, &all).unwrap();
        assert_eq!(months.len(), 1);
        assert_eq!(
            (months[0].period.as_str(), months[0].events),
            ("2025-11", 4)
        );

        let period = Period {
            from: Some("2025-11-04".into()),
            to: Some("2025-11-30".into()),
        };
        let some = s
            .timeline("USA", "CHN", Bucket::Month, true, &period)
            .unwrap();
        assert_eq!(some[0].events, 2);
        assert!(s
            .timeline("ZZZ", "", Bucket::Day, true, &all)
            .unwrap()
            .is_empty());
        assert!("fortnight".parse::<Bucket>().is_err());
    });
}

#[test]
fn most_active_actors_and_dyads() {
    on_both("actors", |target| {
        let mut s = open(target);
        let e = |src: &str, tgt: &str, code: &str| ev(src, Some(tgt), code, Some("2025-11-04"));
        s.write_batch(&[bundle(
            "a",
            None,
            "2025-11-04",
            vec![
                e("USAGOV", "CHNGOV", "040"),
                e("USAGOV", "CHNGOV", "190"),
                e("CHNGOV", "USAGOV", "112"),
                e("RUSGOV", "UKRGOV", "190"),
                ev("FRAOPP", None, "141", Some("2025-11-04")),
            ],
            None,
        )])
        .unwrap();
        let actors = s.actors(&Period::all(), 3).unwrap();
        assert_eq!(actors[0].code, "CHNGOV");
        assert_eq!(
            (actors[0].events, actors[0].as_source, actors[0].as_target),
            (3, 1, 2)
        );
        assert_eq!(actors[1].code, "USAGOV");
        assert_eq!(actors.len(), 3);
        let dyads = s.dyads(&Period::all(), 10).unwrap();
        assert_eq!(
            (
                dyads[0].source.as_str(),
                dyads[0].target.as_str(),
                dyads[0].events
            ),
            ("USAGOV", "CHNGOV", 2)
        );
        assert!((dyads[0].goldstein_mean.unwrap() - (3.0 - 9.5) / 2.0).abs() < 1e-6);
        assert_eq!(dyads.len(), 3);
        let none = Period {
            from: Some("2024".into()),
            to: Some("2024".into()),
        };
        assert!(s.dyads(&none, 10).unwrap().is_empty());
    });
}

#[test]
fn documents_stream_in_pages() {
    on_both("documents", |target| {
        let mut s = open(target);
        let docs = corpus(600);
        for chunk in docs.chunks(200) {
            s.write_batch(chunk).unwrap();
        }
        let ids: Vec<String> = s.documents().map(|d| d.unwrap().id).collect();
        assert_eq!(ids.len(), 600);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        let first = s.documents().next().unwrap().unwrap();
        assert_eq!(first, docs[0].doc);
        let page = s.documents_page(Some("doc-0597"), 10).unwrap();
        assert_eq!(page.len(), 2);
        let have = s.existing_documents(&["doc-0001", "nope"]).unwrap();
        assert_eq!(have.len(), 1);
    });
}

#[test]
fn errors_are_recorded_once() {
    on_both("errors", |target| {
        let mut s = open(target);
        let e = ErrorRecord {
            file: "in.jsonl".into(),
            line: Some(3),
            doc_id: None,
            reason: "invalid JSON".into(),
        };
        s.record_error(&e).unwrap();
        s.record_error(&e).unwrap();
        s.record_error(&ErrorRecord {
            line: None,
            ..e.clone()
        })
        .unwrap();
        assert_eq!(s.counts().unwrap().errors, 2);
    });
}

fn export_to_string(s: &mut Store, format: ExportFormat) -> String {
    let mut out = Vec::new();
    s.export(format, &EventFilter::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn exports_have_their_columns() {
    on_both("exports", |target| {
        let mut s = open(target);
        let mut placed = ev("RUSMIL", Some("UKRMIL"), "190", Some("2025-11-03"));
        placed.place = Some(kyiv("Kyiv", Some(703448)));
        let mut b = bundle(
            "a",
            Some("AP"),
            "2025-11-04",
            vec![
                placed,
                ev("USAGOV", Some("CHNGOV"), "040", None),
                ev("FRAOPP", None, "010", None),
            ],
            Some(-3.5),
        );
        b.doc.title = Some("Tabs\tand, \"commas\"".into());
        s.write_batch(&[
            b,
            bundle(
                "b",
                None,
                "2025-11-04",
                vec![ev("USAGOV", Some("CHNGOV"), "040", None)],
                None,
            ),
        ])
        .unwrap();

        let gdelt = export_to_string(&mut s, ExportFormat::GdeltEvents);
        let lines: Vec<&str> = gdelt.lines().collect();
        assert_eq!(lines.len(), 3);
        for l in &lines {
            assert_eq!(l.split('\t').count(), GDELT_EVENT_COLUMNS.len());
        }
        let col = |line: &str, name: &str| {
            let i = GDELT_EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
            line.split('\t').nth(i).unwrap().to_string()
        };
        let consult = lines.iter().find(|l| col(l, "EventCode") == "040").unwrap();
        assert_eq!(col(consult, "SQLDATE"), "20251104");
        assert_eq!(col(consult, "MonthYear"), "202511");
        assert_eq!(col(consult, "EventRootCode"), "04");
        assert_eq!(col(consult, "NumArticles"), "2");
        assert_eq!(col(consult, "Actor1Code"), "USAGOV");
        assert_eq!(col(consult, "Actor2CountryCode"), "CHN");
        assert_eq!(col(consult, "Actor1Type1Code"), "GOV");
        assert_eq!(col(consult, "GoldsteinScale"), "3");
        assert_eq!(col(consult, "SOURCEURL"), "https://news.example/a");
        assert_eq!(col(consult, "DATEADDED").len(), 14);
        let attack = lines.iter().find(|l| col(l, "EventCode") == "190").unwrap();
        assert_eq!(col(attack, "ActionGeo_Type"), "4");
        assert_eq!(col(attack, "ActionGeo_FeatureID"), "703448");
        assert_eq!(col(attack, "ActionGeo_FullName"), "Kyiv, 30, UKR");
        assert_eq!(col(attack, "GoldsteinScale"), "-9.5");
        assert_eq!(col(attack, "AvgTone"), "-3.5");
        assert_eq!(col(attack, "IsRootEvent"), "1");

        let mentions = export_to_string(&mut s, ExportFormat::GdeltMentions);
        let lines: Vec<&str> = mentions.lines().collect();
        assert_eq!(lines.len(), 4);
        for l in &lines {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), GDELT_MENTION_COLUMNS.len());
            assert_eq!(f[11], "80");
        }

        let csv = export_to_string(&mut s, ExportFormat::Csv);
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), CSV_COLUMNS.join(","));
        assert_eq!(lines.count(), 3);
        assert!(csv.contains("\"Tabs\tand, \"\"commas\"\"\""));

        let plover = export_to_string(&mut s, ExportFormat::Plover);
        let records: Vec<serde_json::Value> = plover
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // The statement (010) has no PLOVER type.
        assert_eq!(records.len(), 2);
        let assault = records.iter().find(|r| r["event"][0] == "ASSAULT").unwrap();
        assert_eq!(assault["actor"][0]["code"], "RUS");
        assert_eq!(assault["actor"][0]["sector"], "MIL");
        assert_eq!(assault["recipient"][0]["code"], "UKR");
        assert_eq!(assault["date"], "2025-11-03");
        assert_eq!(assault["event_loc"]["geonameid"], 703448);
        assert_eq!(assault["cameo_code"], "190");
        assert!(assault["id"].as_str().unwrap().starts_with("dyad-"));
        let mut out = Vec::new();
        let r = s
            .export(ExportFormat::Plover, &EventFilter::default(), &mut out)
            .unwrap();
        assert_eq!((r.rows, r.skipped), (2, 1));
        assert!("gdelt".parse::<ExportFormat>().is_ok() && "xml".parse::<ExportFormat>().is_err());
    });
}

#[test]
fn pandas_reads_the_gdelt_export_with_gdelt_column_names() {
    let ok = Command::new("python3")
        .args(["-c", "import pandas"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        println!(
            "skipping the pandas check: python3 with pandas is not installed (pip install pandas)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path().join("dyad.db").to_str().unwrap());
    s.write_batch(&corpus(30)).unwrap();
    let events = dir.path().join("events.tsv");
    let mentions = dir.path().join("mentions.tsv");
    s.export(
        ExportFormat::GdeltEvents,
        &EventFilter::default(),
        std::fs::File::create(&events).unwrap(),
    )
    .unwrap();
    s.export(
        ExportFormat::GdeltMentions,
        &EventFilter::default(),
        std::fs::File::create(&mentions).unwrap(),
    )
    .unwrap();
    let n_events = s.counts().unwrap().events;
    let n_mentions = s.counts().unwrap().mentions;
    let script = r#"
import sys, csv, pandas as pd
events, mentions, ecols, mcols = sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4].split(',')
codes = {c: str for c in ecols if c.endswith('Code') or c.endswith('ADM1Code')}
e = pd.read_csv(events, sep='\t', header=None, names=ecols, dtype=codes, quoting=csv.QUOTE_NONE, keep_default_na=False)
m = pd.read_csv(mentions, sep='\t', header=None, names=mcols, quoting=csv.QUOTE_NONE)
assert list(e.columns) == ecols and e.shape[1] == 61, e.shape
assert m.shape[1] == 16, m.shape
assert str(e['GLOBALEVENTID'].dtype) == 'int64', e['GLOBALEVENTID'].dtype
assert str(e['SQLDATE'].dtype) == 'int64', e['SQLDATE'].dtype
assert e['EventCode'].str.match(r'^\d{3,4}$').all(), e['EventCode'].head()
assert e['EventRootCode'].str.len().eq(2).all()
assert set(m['GLOBALEVENTID']) <= set(e['GLOBALEVENTID'])
print(len(e), len(m), int((e['EventCode'] == '010').sum()))
"#;
    let out = Command::new("python3")
        .args([
            "-c",
            script,
            events.to_str().unwrap(),
            mentions.to_str().unwrap(),
            &GDELT_EVENT_COLUMNS.join(","),
            &GDELT_MENTION_COLUMNS.join(","),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pandas: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    let nums: Vec<u64> = printed
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!((nums[0], nums[1]), (n_events, n_mentions));
    assert!(nums[2] > 0, "leading zeros kept: '010' read as a string");
}

#[test]
fn a_database_from_a_newer_dyad_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    let path = path.to_str().unwrap();
    drop(open(path));
    rusqlite::Connection::open(path)
        .unwrap()
        .execute("UPDATE schema_version SET version = 999", [])
        .unwrap();
    match Store::open_with(path, &fast()) {
        Err(e @ StoreError::SchemaTooNew { found: 999, .. }) => {
            assert!(e.to_string().contains(path), "{e}");
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    match PgSchema::new("newer") {
        None => skip_pg("a_database_from_a_newer_dyad_is_refused"),
        Some(pg) => {
            drop(open(&pg.url()));
            pg.client()
                .batch_execute("UPDATE schema_version SET version = 999")
                .unwrap();
            assert!(matches!(
                Store::open_with(&pg.url(), &fast()),
                Err(StoreError::SchemaTooNew { found: 999, .. })
            ));
        }
    }
}

#[test]
fn a_corrupt_sqlite_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    let p = path.to_str().unwrap();
    match Store::open_with(p, &fast()) {
        Err(e @ StoreError::Corrupt { .. }) => assert!(e.to_string().contains(p), "{e}"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // A directory where the file should be, or a missing directory.
    assert!(matches!(
        Store::open_with(dir.path().to_str().unwrap(), &fast()),
        Err(StoreError::Open { .. })
    ));
    let missing = dir.path().join("no/such/dir/dyad.db");
    assert!(matches!(
        Store::open_with(missing.to_str().unwrap(), &fast()),
        Err(StoreError::Open { .. })
    ));
}

#[test]
fn a_locked_sqlite_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    let p = path.to_str().unwrap();
    let mut s = open(p);
    let other = rusqlite::Connection::open(p).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = Instant::now();
    match s.write_batch(&corpus(2)) {
        Err(e @ StoreError::Locked { .. }) => {
            assert!(e.to_string().contains(p), "{e}");
            assert!(started.elapsed() >= Duration::from_millis(250));
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(s.write_batch(&corpus(2)).unwrap().documents_written, 2);
}

#[test]
fn opening_a_current_database_does_not_wait_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    let p = path.to_str().unwrap();
    let mut s = open(p);
    s.write_batch(&corpus(3)).unwrap();
    // Another process is inside a write transaction (as `dyad ingest` is,
    // most of the time): a reader that opens the file must not wait for it.
    let other = rusqlite::Connection::open(p).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other.execute_batch("DELETE FROM errors WHERE 0").unwrap();
    let mut reader = open(p);
    assert_eq!(reader.counts().unwrap().documents, 3);
    other.execute_batch("ROLLBACK").unwrap();
}

/// The entry of the helper processes that some tests spawn (the test binary
/// itself, so that nothing else needs building): does nothing in a normal
/// run.
#[test]
fn child_process_entry() {
    let Ok(job) = std::env::var("DYAD_STORE_TEST_CHILD") else {
        return;
    };
    let mut args = job.splitn(2, ' ');
    let (what, target) = (args.next().unwrap(), args.next().unwrap());
    match what {
        // Writes the corpus in batches of 10, slowly, to be killed midway.
        "ingest" => {
            let mut s = open(target);
            s.slow_down(Duration::from_millis(15));
            for chunk in corpus(CRASH_DOCS).chunks(10) {
                s.write_batch(chunk).unwrap();
            }
        }
        // Opens the store and prints how that went.
        "open" => match Store::open_with(target, &fast()) {
            Ok(_) => println!("CHILD-RESULT ok"),
            Err(StoreError::ReadOnly { path }) => println!("CHILD-RESULT readonly {path}"),
            Err(e) => println!("CHILD-RESULT other {e}"),
        },
        _ => panic!("unknown child job {what}"),
    }
}

const CRASH_DOCS: usize = 120;

fn spawn_child(job: &str) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        "--exact",
        "child_process_entry",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("DYAD_STORE_TEST_CHILD", job)
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    c
}

#[test]
fn a_kill_during_ingestion_then_a_rerun_equals_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let clean_path = dir.path().join("clean.db");
    let crash_path = dir.path().join("crash.db");
    crash_and_rerun(clean_path.to_str().unwrap(), crash_path.to_str().unwrap());
    match (PgSchema::new("crash_clean"), PgSchema::new("crash")) {
        (Some(clean), Some(crash)) => crash_and_rerun(&clean.url(), &crash.url()),
        _ => skip_pg("a_kill_during_ingestion_then_a_rerun_equals_a_clean_run"),
    }
}

fn crash_and_rerun(clean: &str, crashed: &str) {
    let docs = corpus(CRASH_DOCS);
    let mut c = open(clean);
    for chunk in docs.chunks(10) {
        c.write_batch(chunk).unwrap();
    }
    let (clean_counts, clean_print) = (c.counts().unwrap(), c.fingerprint().unwrap());

    // Kill the writer once it has committed a few batches, while (with
    // statements slowed down) it is most likely inside the next one.
    drop(open(crashed));
    let mut child = spawn_child(&format!("ingest {crashed}")).spawn().unwrap();
    let mut watcher = open(crashed);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let n = watcher.counts().unwrap().documents;
        if n >= 30 {
            break;
        }
        assert!(Instant::now() < deadline, "the child wrote nothing in 60 s");
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the child ended early: {status}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(40));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(watcher);

    // Batches are all or nothing.
    let mut s = open(crashed);
    let killed_at = s.counts().unwrap();
    assert_eq!(
        killed_at.documents % 10,
        0,
        "half a batch was written: {killed_at:?}"
    );
    assert!(
        killed_at.documents < CRASH_DOCS as u64,
        "the child finished before it was killed"
    );
    println!(
        "killed after {} of {CRASH_DOCS} documents",
        killed_at.documents
    );

    // The rerun over the same input.
    let mut skipped = 0;
    for chunk in docs.chunks(10) {
        skipped += s.write_batch(chunk).unwrap().skipped.len() as u64;
    }
    assert_eq!(skipped, killed_at.documents);
    assert_eq!(s.counts().unwrap(), clean_counts);
    assert_eq!(s.fingerprint().unwrap(), clean_print);
}

#[test]
fn a_failure_mid_batch_leaves_nothing_half_written() {
    on_both("fault", |target| {
        let docs = corpus(30);
        let mut s = open(target);
        s.write_batch(&docs[..10]).unwrap();
        let before = (s.counts().unwrap(), s.fingerprint().unwrap());
        // Every attempt fails at its 6th statement: a clear error, nothing
        // of the batch stored.
        s.inject_fault(6, 100);
        let err = s.write_batch(&docs[10..]).unwrap_err();
        match s.backend() {
            dyad_store::Backend::Postgres => {
                assert!(
                    matches!(err, StoreError::ConnectionLost { attempts: 3, .. }),
                    "{err:?}"
                );
                assert!(err.to_string().contains("nothing was written"), "{err}");
            }
            dyad_store::Backend::Sqlite => {
                assert!(matches!(err, StoreError::Injected { .. }), "{err:?}")
            }
        }
        s.inject_fault(0, 0);
        assert_eq!((s.counts().unwrap(), s.fingerprint().unwrap()), before);
    });
}

#[test]
fn a_dropped_connection_is_retried() {
    let Some(pg) = PgSchema::new("dropped") else {
        return skip_pg("a_dropped_connection_is_retried");
    };
    let Some(clean) = PgSchema::new("dropped_clean") else {
        return;
    };
    let docs = corpus(30);
    let mut c = open(&clean.url());
    c.write_batch(&docs).unwrap();

    let mut s = open(&pg.url());
    s.write_batch(&docs[..10]).unwrap();
    // The server ends the session in the middle of the next two attempts;
    // the third goes through.
    s.inject_fault(7, 2);
    let r = s.write_batch(&docs[10..]).unwrap();
    assert_eq!(r.documents_written, 20);
    assert_eq!(s.fingerprint().unwrap(), c.fingerprint().unwrap());
    // A query after a drop outside a transaction reconnects on its own.
    s.inject_fault(1, 1);
    let _ = s.counts();
    assert_eq!(s.counts().unwrap(), c.counts().unwrap());
}

#[test]
fn a_postgres_server_that_is_down_is_a_clear_error() {
    // Nothing listens on a port we just bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://dyad:secret@127.0.0.1:{port}/dyad");
    let started = Instant::now();
    match Store::open_with(&url, &fast()) {
        Err(e @ StoreError::Connect { attempts: 3, .. }) => {
            let msg = e.to_string();
            assert!(msg.contains(&format!("127.0.0.1:{port}")), "{msg}");
            assert!(!msg.contains("secret"), "the password leaked: {msg}");
        }
        other => panic!("expected Connect, got {other:?}"),
    }
    // Two pauses of 20 and 40 ms between the three attempts.
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert!(matches!(
        Store::open_with("postgres://h/db?schema=no-dashes", &fast()),
        Err(StoreError::InvalidUrl { .. })
    ));
}

#[test]
fn a_read_only_sqlite_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    let p = path.to_str().unwrap();
    let mut s = open(p);
    s.write_batch(&corpus(3)).unwrap();
    drop(s);
    // A read-only store reads a database it may not write.
    let ro = OpenOptions {
        read_only: true,
        ..fast()
    };
    let mut r = Store::open_with(p, &ro).unwrap();
    assert_eq!(r.counts().unwrap().documents, 3);
    drop(r);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let restore =
        || std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if !root {
        let got = Store::open_with(p, &fast());
        restore();
        match got {
            Err(e @ StoreError::ReadOnly { .. }) => assert!(e.to_string().contains(p), "{e}"),
            other => panic!("expected ReadOnly, got {other:?}"),
        }
        return;
    }
    // Root writes through file permissions: try as an unprivileged user.
    let exe = std::env::current_exe().unwrap();
    if !reachable_by_others(&exe) || !reachable_by_others(dir.path()) {
        restore();
        println!("skipping the read-only check: running as root and the test binary or temp dir is not reachable by user nobody");
        return;
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&exe)
        .args([
            "--exact",
            "child_process_entry",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DYAD_STORE_TEST_CHILD", format!("open {p}"))
        .output();
    restore();
    let Ok(out) = out else {
        println!("skipping the read-only check: running as root and setpriv is not available");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = stdout
        .lines()
        .find_map(|l| l.find("CHILD-RESULT").map(|i| &l[i..]))
        .unwrap_or_else(|| {
            panic!(
                "no result from the child: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    assert_eq!(line, format!("CHILD-RESULT readonly {p}"));
}

/// Whether every directory up to `path` lets others in (and the file be read).
fn reachable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let mut p = PathBuf::from(path);
    loop {
        match std::fs::metadata(&p) {
            Ok(m) if m.permissions().mode() & 0o005 == 0o005 => {}
            _ => return false,
        }
        if !p.pop() {
            return true;
        }
    }
}
