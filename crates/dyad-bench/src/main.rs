//! # dyad-bench: throughput of dyad's stages on the shared corpora
//!
//! ```text
//! cargo run --release -p dyad-bench -- text [--shared DIR] [--repeat N]
//! ```
//!
//! `text` measures the text stage (`dyad_text::analyze`: cleaning, sentence
//! splitting and tokenisation) over the shared corpora:
//!
//! * Wikinews 2019–2021 (`corpus/wikinews-2019-2021/*.csv`, column `text`);
//! * Reuters-21578 (`corpus/reuters21578/*.sgm`, the contents of each
//!   `<BODY>` element with the SGML entities `&lt;`, `&gt;`, `&amp;` and
//!   `&#N;` decoded).
//!
//! Documents are streamed one at a time and each analysis is dropped before
//! the next, so memory stays flat however large the corpus or `--repeat`.
//! With `--repeat N` the corpus is analysed N times and the sentence and token
//! counts of every document must be identical on every pass (the stage is
//! deterministic); the run aborts otherwise.
//!
//! It prints the bytes and documents analysed, sentences, tokens, the time
//! spent inside `analyze`, the throughput in MB/s (10^6 bytes per second,
//! single thread, wall clock), the same per CPU-second of the benchmark
//! thread (which other load on the machine disturbs much less), and the peak
//! resident memory (`VmHWM` from `/proc/self/status`).
//!
//! ```text
//! cargo run --release -p dyad-bench -- code [--shared DIR] [--max-docs N] [--no-enrich]
//! ```
//!
//! `code` measures the whole coder on one thread (`dyad_text::analyze`, then
//! `dyad_code::Coder::code`: tagging, parsing, actor matching, patterns) over
//! the same corpora, Wikinews first, and prints words (tokens) per second,
//! events, and peak memory. `--max-docs` stops after N documents. Event
//! counts are asserted against a second pass over the first documents.
//! The coder enriches as `dyad code` does (places, dates, quotations,
//! themes, tone); `--no-enrich` leaves that out, so the two runs give the
//! cost of enrichment.
//!
//! ```text
//! cargo run --release -p dyad-bench -- corpus [--shared DIR] [--max-docs N] [--reuters N] > corpus.jsonl
//! ```
//!
//! `corpus` writes the same corpora as dyad's JSON Lines input (id, url,
//! publication date, title, source, text), Wikinews first, then at most N
//! Reuters articles: the fixed input of the Spark job's test and benchmark
//! (integrations/spark), which compare it with `dyad code` on one machine.
//!
//! The shared data folder is found from `--shared`, else the `DYAD_SHARED`
//! environment variable, else `../shared` beside the workspace.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: dyad-bench text [--shared DIR] [--repeat N]\n       dyad-bench code [--shared DIR] [--max-docs N] [--no-enrich]\n       dyad-bench corpus [--shared DIR] [--max-docs N] [--reuters N] > corpus.jsonl";

fn run(args: &[String]) -> Result<(), String> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(USAGE.into());
    };
    if !["text", "code", "corpus"].contains(&cmd.as_str()) {
        return Err(format!("unknown benchmark {cmd:?}\n{USAGE}"));
    }
    let mut shared: Option<PathBuf> = None;
    let mut repeat = 1usize;
    let mut max_docs = usize::MAX;
    let mut enrich = true;
    let mut reuters = usize::MAX;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shared" => shared = Some(it.next().ok_or("--shared needs a directory")?.into()),
            "--repeat" => {
                repeat = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--repeat needs a positive number")?
            }
            "--max-docs" => {
                max_docs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--max-docs needs a positive number")?
            }
            "--no-enrich" => enrich = false,
            "--reuters" => {
                reuters = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--reuters needs a number")?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let shared = shared.unwrap_or_else(default_shared);
    if !shared.is_dir() {
        return Err(format!(
            "shared data not found at {} (use --shared DIR or DYAD_SHARED)",
            shared.display()
        ));
    }
    if cmd == "code" {
        return bench_code(&shared, max_docs, enrich);
    }
    if cmd == "corpus" {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let (n, from_reuters) =
            dyad_testkit::corpus::write_jsonl(&shared, max_docs, reuters, &mut out)?;
        eprintln!("dyad-bench corpus: {n} documents ({from_reuters} from Reuters)");
        return Ok(());
    }
    bench_text(&shared, repeat)
}

fn bench_code(shared: &Path, max_docs: usize, enrich: bool) -> Result<(), String> {
    let coder = if enrich {
        dyad_code::Coder::builtin()
    } else {
        dyad_code::Coder::builtin_without_enricher()
    }
    .map_err(|e| e.to_string())?;
    println!("enrichment          {}", if enrich { "on" } else { "off" });
    let mut files = dyad_testkit::corpus::corpus_files(shared)?;
    // Wikinews (CSV) first: it is the news the coder is for.
    files.sort_by_key(|f| f.extension().is_some_and(|e| e == "sgm"));
    let (mut docs, mut words, mut events, mut bytes) = (0usize, 0u64, 0u64, 0u64);
    let mut first_events: Vec<usize> = Vec::new();
    let mut busy = Duration::ZERO;
    let mut cpu = Duration::ZERO;
    'files: for f in &files {
        let mut stop = false;
        for_each_document(f, |text| {
            if stop || docs >= max_docs {
                stop = true;
                return;
            }
            let doc = dyad_text::Document {
                id: docs.to_string(),
                published: Some("2020-06-01".into()),
                text: text.to_string(),
                ..Default::default()
            };
            let t = Instant::now();
            let c = thread_cpu_time();
            let analysis = dyad_text::analyze(&doc.text);
            let coded = coder.code(&doc, &analysis);
            cpu += thread_cpu_time().saturating_sub(c);
            busy += t.elapsed();
            words += analysis
                .sentences
                .iter()
                .map(|s| s.tokens.len() as u64)
                .sum::<u64>();
            events += coded.events.len() as u64;
            bytes += text.len() as u64;
            if first_events.len() < 50 {
                first_events.push(coded.events.len());
            }
            docs += 1;
        })?;
        if stop {
            break 'files;
        }
    }
    // The coder is deterministic: the first documents again give the same events.
    let mut again = 0usize;
    for f in &files {
        for_each_document(f, |text| {
            if again >= first_events.len() {
                return;
            }
            let doc = dyad_text::Document {
                id: again.to_string(),
                published: Some("2020-06-01".into()),
                text: text.to_string(),
                ..Default::default()
            };
            let n = coder
                .code(&doc, &dyad_text::analyze(&doc.text))
                .events
                .len();
            assert_eq!(
                n, first_events[again],
                "document {again} coded differently on a second pass"
            );
            again += 1;
        })?;
    }
    let secs = busy.as_secs_f64().max(1e-9);
    let cpu_secs = cpu.as_secs_f64().max(1e-9);
    println!("coder (analyze + tag + parse + actors + patterns), one thread");
    println!("  documents  {docs:>14}");
    println!("  bytes      {bytes:>14}");
    println!("  words      {words:>14}");
    println!("  events     {events:>14}");
    println!("  time       {secs:>13.3}s");
    println!("  throughput {:>11.0} words/s", words as f64 / secs);
    println!(
        "  cpu time   {cpu_secs:>13.3}s ({:.0} words per CPU-second)",
        words as f64 / cpu_secs
    );
    match peak_rss_kb() {
        Some(kb) => println!("  peak RSS   {:>11.1} MB", kb as f64 / 1024.0),
        None => println!("  peak RSS   unavailable"),
    }
    Ok(())
}

fn default_shared() -> PathBuf {
    if let Some(p) = std::env::var_os("DYAD_SHARED") {
        return p.into();
    }
    // crates/dyad-bench → workspace root → its sibling `shared`.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Per-document counts from the first pass, checked on later passes.
#[derive(Default)]
struct Totals {
    bytes: u64,
    docs: u64,
    sentences: u64,
    tokens: u64,
    busy: Duration,
    cpu: Duration,
}

fn bench_text(shared: &Path, repeat: usize) -> Result<(), String> {
    let files = dyad_testkit::corpus::corpus_files(shared)?;
    if files.is_empty() {
        return Err(format!(
            "no corpus files under {}",
            shared.join("corpus").display()
        ));
    }
    let mut first_pass: Vec<(u32, u32)> = Vec::new();
    let mut total = Totals::default();
    let wall = Instant::now();
    for pass in 0..repeat {
        let mut doc_index = 0usize;
        for f in &files {
            for_each_document(f, |doc| {
                let t = Instant::now();
                let c = thread_cpu_time();
                let a = dyad_text::analyze(doc);
                let counts = (
                    a.sentences.len() as u32,
                    a.sentences.iter().map(|s| s.tokens.len() as u32).sum(),
                );
                drop(a);
                total.cpu += thread_cpu_time().saturating_sub(c);
                total.busy += t.elapsed();
                if pass == 0 {
                    first_pass.push(counts);
                } else {
                    assert_eq!(
                        first_pass.get(doc_index),
                        Some(&counts),
                        "document {doc_index} of {} gave different counts on pass {}",
                        f.display(),
                        pass + 1
                    );
                }
                doc_index += 1;
                total.bytes += doc.len() as u64;
                total.docs += 1;
                total.sentences += counts.0 as u64;
                total.tokens += counts.1 as u64;
            })?;
        }
    }
    let wall = wall.elapsed();
    let secs = total.busy.as_secs_f64().max(1e-9);
    let cpu_secs = total.cpu.as_secs_f64().max(1e-9);
    println!("text stage (dyad_text::analyze), {repeat} pass(es), one thread");
    println!("  bytes      {:>14}", total.bytes);
    println!("  documents  {:>14}", total.docs);
    println!("  sentences  {:>14}", total.sentences);
    println!("  tokens     {:>14}", total.tokens);
    println!(
        "  analyze    {:>13.3}s (wall {:.3}s incl. reading)",
        secs,
        wall.as_secs_f64()
    );
    println!(
        "  throughput {:>11.1} MB/s",
        total.bytes as f64 / 1e6 / secs
    );
    println!(
        "  cpu time   {:>13.3}s ({:.1} MB/s per CPU-second, steadier on a busy machine)",
        cpu_secs,
        total.bytes as f64 / 1e6 / cpu_secs
    );
    match peak_rss_kb() {
        Some(kb) => println!("  peak RSS   {:>11.1} MB", kb as f64 / 1024.0),
        None => println!("  peak RSS   unavailable"),
    }
    Ok(())
}

/// Calls `f` with the text of each document in one corpus file.
fn for_each_document(path: &Path, mut f: impl FnMut(&str)) -> Result<(), String> {
    dyad_testkit::corpus::for_each_record(path, |r| f(&r.text))
}

/// CPU time consumed by the calling thread (zero where unavailable).
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
