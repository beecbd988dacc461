//! Writes synthetic events into a fresh store and times timeline queries.
//!
//! ```sh
//! cargo run --release -p dyad-store --example timeline_bench                 # 1M events, SQLite
//! cargo run --release -p dyad-store --example timeline_bench -- postgres://dyad@127.0.0.1:54329/dyad
//! cargo run --release -p dyad-store --example timeline_bench -- --events 200000 --sqlite /tmp/b.db
//! ```
//!
//! The events are written the way ingestion writes them (`write_batch`,
//! batches of 2,000 documents of 10 events: multi-row inserts in one
//! transaction per batch), spread over three years, 40 actors and 60 CAMEO
//! codes. The target is a timeline query under 100 ms on both backends.
//! This is a benchmark, not a test: it prints figures and asserts nothing.

use std::time::{Duration, Instant};

use dyad_store::{
    ActorRecord, Bucket, DocRecord, DocumentBundle, EventRecord, Period, SentenceRecord, Store,
};

const COUNTRIES: [&str; 10] = [
    "USA", "CHN", "RUS", "UKR", "IRN", "ISR", "IND", "PAK", "DEU", "FRA",
];
const SECTORS: [&str; 4] = ["GOV", "MIL", "", "OPP"];
const CODES: [&str; 20] = [
    "010", "020", "036", "040", "042", "043", "046", "051", "057", "061", "070", "090", "111",
    "112", "130", "141", "163", "173", "190", "193",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self, m: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % m
    }
}

fn quad(code: &str) -> (u8, f32) {
    match &code[..2] {
        "01" | "02" | "03" | "04" | "05" => (1, 3.0),
        "06" | "07" | "08" => (2, 6.0),
        "09" | "10" | "11" | "12" | "13" => (3, -4.0),
        _ => (4, -9.0),
    }
}

fn actor(rng: &mut Rng) -> ActorRecord {
    let country = COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize];
    let sector = SECTORS[rng.next(SECTORS.len() as u64) as usize];
    ActorRecord {
        code: format!("{country}{sector}"),
        text: country.to_string(),
        country: Some(country.into()),
        sector: (!sector.is_empty()).then(|| sector.into()),
        start: 0,
        end: 3,
    }
}

fn batch(
    rng: &mut Rng,
    first_doc: usize,
    docs: usize,
    events_per_doc: usize,
) -> Vec<DocumentBundle> {
    (first_doc..first_doc + docs)
        .map(|i| {
            let day = rng.next(3 * 365);
            let (y, rest) = (2023 + day / 365, day % 365);
            let date = format!("{y}-{:02}-{:02}", 1 + rest / 31 % 12, 1 + rest % 28);
            let text = format!("Synthetic report {i}.");
            let events = (0..events_per_doc)
                .map(|j| {
                    let code = CODES[rng.next(CODES.len() as u64) as usize];
                    let (quad_class, goldstein) = quad(code);
                    EventRecord {
                        event_id: format!("{i}-{j}"),
                        sentence_id: 1,
                        source: actor(rng),
                        target: (rng.next(10) > 0).then(|| actor(rng)),
                        code: code.into(),
                        root: code[..2].into(),
                        quad_class,
                        goldstein,
                        plover_type: None,
                        plover_mode: None,
                        date: Some(date.clone()),
                        date_precision: None,
                        date_span: None,
                        place: None,
                        verb_start: 0,
                        verb_end: 3,
                        pattern: "bench".into(),
                        reporter: None,
                        quote_ids: Vec::new(),
                        confidence: 0.9,
                    }
                })
                .collect();
            DocumentBundle {
                doc: DocRecord {
                    id: format!("bench-{i:08}"),
                    url: None,
                    source: Some(format!("outlet{}", i % 50)),
                    title: None,
                    published: Some(date.clone()),
                    hash: format!("{i:x}"),
                    text: text.clone(),
                },
                sentences: vec![SentenceRecord {
                    sentence_id: 1,
                    start: 0,
                    end: text.len() as u32,
                    text,
                }],
                events,
                ..DocumentBundle::default()
            }
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn run(target: &str, events: usize) -> Result<(), dyad_store::StoreError> {
    println!("== {target}");
    let mut store = Store::open(target)?;
    let (docs_per_batch, per_doc) = (2_000, 10);
    let docs = events.div_ceil(per_doc);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    let mut written = 0;
    while written < docs {
        let n = docs_per_batch.min(docs - written);
        let b = batch(&mut rng, written, n, per_doc);
        store.write_batch(&b)?;
        written += n;
    }
    let took = started.elapsed();
    let counts = store.counts()?;
    println!(
        "wrote {} reports into {} events ({} documents) in {:.1} s: {:.0} reports/s",
        counts.mentions,
        counts.events,
        counts.documents,
        took.as_secs_f64(),
        counts.mentions as f64 / took.as_secs_f64()
    );
    let all = Period::all();
    let queries: [(&str, &str, Bucket, bool, &str); 5] = [
        (
            "USA",
            "CHN",
            Bucket::Month,
            true,
            "USA<->CHN by month, both directions",
        ),
        (
            "USAGOV",
            "CHNGOV",
            Bucket::Day,
            false,
            "USAGOV->CHNGOV by day",
        ),
        (
            "RUS",
            "UKR",
            Bucket::Week,
            true,
            "RUS<->UKR by week, both directions",
        ),
        ("ISR", "", Bucket::Month, false, "ISR->anyone by month"),
        (
            "",
            "",
            Bucket::Month,
            false,
            "all events by month (full scan)",
        ),
    ];
    for (src, tgt, by, both, label) in queries {
        let mut times = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            rows = store.timeline(src, tgt, by, both, &all)?;
            times.push(t.elapsed());
        }
        let events: u64 = rows.iter().map(|r| r.events).sum();
        println!(
            "timeline {label}: {} periods, {events} events, median {:.1} ms",
            rows.len(),
            median(times).as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

fn main() {
    let mut events = 1_000_000;
    let mut sqlite = None;
    let mut pg = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--events" => {
                events = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--events N")
            }
            "--sqlite" => sqlite = args.next(),
            url if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                pg = Some(url.to_string())
            }
            other => {
                eprintln!("usage: timeline_bench [--events N] [--sqlite PATH] [POSTGRES_URL]; unknown {other}");
                std::process::exit(2);
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("dyad-bench-{}", std::process::id()));
    let path = sqlite.unwrap_or_else(|| {
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("bench.db").to_string_lossy().into_owned()
    });
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let mut failed = false;
    if let Err(e) = run(&path, events) {
        eprintln!("error: {e}");
        failed = true;
    }
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(url) = pg {
        // A schema of its own, emptied first.
        let schema = "dyad_bench";
        match postgres::Client::connect(&url, postgres::NoTls) {
            Ok(mut c) => {
                let _ = c.batch_execute(&format!(
                    "SET client_min_messages TO warning; DROP SCHEMA IF EXISTS {schema} CASCADE"
                ));
            }
            Err(e) => eprintln!("warning: {e}"),
        }
        let sep = if url.contains('?') { '&' } else { '?' };
        if let Err(e) = run(&format!("{url}{sep}schema={schema}"), events) {
            eprintln!("error: {e}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
