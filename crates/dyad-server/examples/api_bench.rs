//! Latency of the API over a store of 1 million synthetic events.
//!
//! ```sh
//! cargo run --release -p dyad-server --example api_bench                       # fill (or reuse) /tmp/dyad-api-bench.db, measure
//! cargo run --release -p dyad-server --example api_bench -- --events 200000 --db /tmp/small.db --requests 500
//! cargo run --release -p dyad-server --example api_bench -- --serve 127.0.0.1:8088   # then keep serving, for wrk:
//! wrk -t2 -c8 -d20s --latency 'http://127.0.0.1:8088/api/timeline?source=USA&target=CHN&by=month'
//! cargo run --release -p dyad-server --example api_bench -- --fill-only     # only make the store
//! ```
//!
//! `scripts/bench-api.sh` runs wrk against `dyad serve` over this store.
//!
//! The store is filled the way ingestion fills it (`write_batch`, 2,000
//! documents of 10 events per transaction), with events spread over three
//! years, 40 actor codes and 20 CAMEO codes; a file that already holds the
//! asked number of events is reused. The server runs in this process on
//! its own runtime; the client is a plain `TcpStream`, one connection per
//! request (`Connection: close`), requests one after the other, so each
//! figure is a full round trip including connecting. Target: p99 < 50 ms.
//! A benchmark, not a test: it prints figures and asserts nothing.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use dyad_server::{Server, ServerConfig};
use dyad_store::{ActorRecord, DocRecord, DocumentBundle, EventRecord, SentenceRecord, Store};

const COUNTRIES: [&str; 10] = [
    "USA", "CHN", "RUS", "UKR", "IRN", "ISR", "IND", "PAK", "DEU", "FRA",
];
const SECTORS: [&str; 4] = ["GOV", "MIL", "", "OPP"];
const CODES: [(&str, u8, f32); 20] = [
    ("010", 1, 0.0),
    ("020", 1, 3.0),
    ("036", 1, 4.0),
    ("040", 1, 1.0),
    ("042", 1, 1.9),
    ("043", 1, 2.8),
    ("046", 1, 7.0),
    ("051", 1, 3.4),
    ("057", 1, 8.0),
    ("061", 2, 6.4),
    ("070", 2, 7.0),
    ("090", 3, -2.0),
    ("111", 3, -2.0),
    ("112", 3, -2.0),
    ("130", 3, -4.4),
    ("141", 3, -6.5),
    ("163", 4, -8.0),
    ("173", 4, -5.0),
    ("190", 4, -10.0),
    ("193", 4, -10.0),
];

/// xorshift64: deterministic data without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn actor(rng: &mut Rng) -> ActorRecord {
    let c = COUNTRIES[rng.below(COUNTRIES.len())];
    let s = SECTORS[rng.below(SECTORS.len())];
    ActorRecord {
        code: format!("{c}{s}"),
        text: c.into(),
        country: Some(c.into()),
        sector: (!s.is_empty()).then(|| s.into()),
        start: 0,
        end: 3,
    }
}

fn documents(rng: &mut Rng, first: usize, n: usize) -> Vec<DocumentBundle> {
    (first..first + n)
        .map(|i| {
            let day = rng.below(3 * 365);
            let date = format!(
                "{}-{:02}-{:02}",
                2023 + day / 365,
                1 + day % 365 / 31 % 12,
                1 + day % 28
            );
            let text = format!("Synthetic report number {i}.");
            let events = (0..10)
                .map(|j| {
                    let (code, quad_class, goldstein) = CODES[rng.below(CODES.len())];
                    EventRecord {
                        event_id: format!("{i}-{j}"),
                        sentence_id: 1,
                        source: actor(rng),
                        target: (rng.below(10) > 0).then(|| actor(rng)),
                        code: code.into(),
                        root: code[..2].into(),
                        quad_class,
                        goldstein,
                        date: Some(date.clone()),
                        verb_start: 0,
                        verb_end: 3,
                        pattern: "bench".into(),
                        confidence: 0.9,
                        ..EventRecord::default()
                    }
                })
                .collect();
            DocumentBundle {
                doc: DocRecord {
                    id: format!("bench-{i:08}"),
                    source: Some(format!("outlet{}", i % 50)),
                    published: Some(date),
                    hash: format!("{i:x}"),
                    text: text.clone(),
                    ..DocRecord::default()
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

/// Fills `db` with about `events` events unless it already has them.
fn fill(db: &str, events: usize) -> Result<(), dyad_store::StoreError> {
    let mut store = Store::open(db)?;
    let have = store.counts()?.mentions as usize;
    if have >= events {
        println!("reusing {db}: {have} reports");
        return Ok(());
    }
    if have > 0 {
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{db}{suffix}"));
        }
        store = Store::open(db)?;
    }
    let started = Instant::now();
    let docs = events.div_ceil(10);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut written = 0;
    while written < docs {
        let n = 2_000.min(docs - written);
        store.write_batch(&documents(&mut rng, written, n))?;
        written += n;
    }
    let c = store.counts()?;
    println!(
        "wrote {} reports ({} merged events) into {db} in {:.0} s",
        c.mentions,
        c.events,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One GET with `Connection: close`: (status, body).
fn get(addr: SocketAddr, target: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let status = std::str::from_utf8(raw.get(9..12).unwrap_or(b"000"))
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| raw[p + 4..].to_vec())
        .unwrap_or_default();
    (status, body)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn measure(addr: SocketAddr, label: &str, target: &str, n: usize) {
    let (status, body) = get(addr, target);
    assert_eq!(status, 200, "{target}: {}", String::from_utf8_lossy(&body));
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let (status, _) = get(addr, target);
        times.push(t.elapsed());
        assert_eq!(status, 200);
    }
    times.sort();
    println!(
        "{label:<36} {n} requests, {} bytes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        body.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
    );
}

fn main() {
    let mut db = std::env::temp_dir()
        .join("dyad-api-bench.db")
        .to_string_lossy()
        .into_owned();
    let mut events = 1_000_000;
    let mut requests = 2_000;
    let mut serve: Option<SocketAddr> = None;
    let mut fill_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--db" => db = value(),
            "--events" => events = value().parse().expect("--events N"),
            "--requests" => requests = value().parse().expect("--requests N"),
            "--serve" => serve = Some(value().parse().expect("--serve ADDR")),
            "--fill-only" => fill_only = true,
            other => {
                eprintln!("usage: api_bench [--db PATH] [--events N] [--requests N] [--serve ADDR] [--fill-only]; unknown {other}");
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = fill(&db, events) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    if fill_only {
        println!("{db} holds {events} events");
        return;
    }
    let config = ServerConfig {
        db: db.clone(),
        addr: serve.unwrap_or_else(|| "127.0.0.1:0".parse().unwrap()),
        ..ServerConfig::default()
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(Server::bind(config)).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1);
    });
    let addr = server.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = runtime.spawn(server.run(async {
        let _ = stopped.await;
    }));
    println!("serving {db} on http://{addr}/api/");

    measure(
        addr,
        "timeline USA<->CHN by month",
        "/api/timeline?source=USA&target=CHN&by=month",
        requests,
    );
    measure(
        addr,
        "events source=USA, first page (50)",
        "/api/events?source=USA",
        requests,
    );
    let (_, body) = get(addr, "/api/events?source=USA");
    let page: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    if let Some(c) = page["next_cursor"].as_str() {
        measure(
            addr,
            "events source=USA, second page",
            &format!("/api/events?source=USA&cursor={c}"),
            requests,
        );
    }
    measure(addr, "health", "/api/health", requests);
    measure(addr, "stats", "/api/stats", requests.min(100));
    measure(addr, "dyads (full scan)", "/api/dyads", requests.min(100));

    if serve.is_some() {
        println!("serving until Ctrl-C; e.g. wrk -t2 -c8 -d20s --latency 'http://{addr}/api/timeline?source=USA&target=CHN&by=month'");
        let _ = runtime.block_on(tokio::signal::ctrl_c());
    }
    let _ = stop.send(());
    let _ = runtime.block_on(serving);
}
