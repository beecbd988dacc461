//! `dyad ingest`, `dyad recode`, `dyad query` and `dyad export`: the event
//! database. Reading and coding run in parallel as for `dyad code`; one
//! writer thread owns the database and commits a transaction per batch.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use dyad_store::{Bucket, DocumentBundle, EventFilter, ExportFormat, Period, Store};

use crate::bundle::bundle;
use crate::coding::CoderArgs;
use crate::inputs::{Done, InputArgs, Tally, UsageError};

/// Where the events are kept.
#[derive(clap::Args, Debug)]
pub struct DbArgs {
    /// The database: an SQLite file (created if missing) or a PostgreSQL
    /// URL (`postgres://user:password@host:port/dbname`).
    #[arg(long, value_name = "PATH|URL", default_value = "dyad.db")]
    pub db: String,
}

impl DbArgs {
    pub fn open(&self) -> anyhow::Result<Store> {
        Store::open(&self.db).with_context(|| format!("cannot open the database {}", self.db))
    }
}

/// Code news and store the events: documents, sentences, events merged
/// across reports (with `num_mentions`, `num_sources`, `num_articles`),
/// one mention row per report, actors, quotations, places and themes.
///
/// Documents already stored (same id; documents without an id get a
/// content hash) are skipped, so re-running on the same input stores
/// nothing twice. Each batch of documents is one transaction: a run that is
/// killed loses only its unfinished batch, and re-running completes it.
/// Ctrl-C stops reading, commits the documents under way and exits with
/// code 130.
/// Inputs that fail are recorded in the `errors` table and summarised at
/// the end (exit code 2).
///
/// The output folder of the Spark job (integrations/spark), or its
/// `.parquet` files, is loaded as it is, without coding again: its
/// documents table holds everything the store keeps of each document, and
/// its errors table goes into the `errors` table. The result equals a
/// `dyad ingest` of the same news on one machine.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  dyad ingest examples/\n  \
dyad ingest --db postgres://dyad@localhost/news news/*.jsonl.gz\n  \
dyad ingest --db archive.db --threads 2 --quiet feed.xml\n  \
dyad ingest --db postgres://dyad@localhost/news spark-out/")]
pub struct IngestArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    coder: CoderArgs,
    /// Documents per transaction.
    #[arg(long, value_name = "N", default_value_t = 200)]
    batch: usize,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// Counters the progress bar shows.
#[derive(Default)]
struct Progress {
    documents: AtomicU64,
    events: AtomicU64,
    errors: AtomicU64,
    bytes: AtomicU64,
}

/// Total size of the input files, for the ETA; `None` for standard input.
fn input_size(inputs: &[String]) -> Option<u64> {
    fn walk(p: &std::path::Path) -> u64 {
        if p.is_dir() {
            std::fs::read_dir(p)
                .map(|d| d.flatten().map(|e| walk(&e.path())).sum())
                .unwrap_or(0)
        } else {
            p.metadata().map(|m| m.len()).unwrap_or(0)
        }
    }
    if inputs.is_empty() || inputs.iter().any(|i| i == "-") {
        return None;
    }
    Some(inputs.iter().map(|i| walk(std::path::Path::new(i))).sum())
}

/// Coded documents on their way into the store, a transaction per
/// `size`, and what the store said of them.
struct Batches {
    batch: Vec<DocumentBundle>,
    size: usize,
    written: usize,
    skipped: usize,
    mentions: usize,
}

impl Batches {
    fn new(size: usize) -> Batches {
        Batches {
            batch: Vec::with_capacity(size),
            size,
            written: 0,
            skipped: 0,
            mentions: 0,
        }
    }

    fn push(&mut self, store: &mut Store, bundle: DocumentBundle) -> anyhow::Result<()> {
        self.batch.push(bundle);
        if self.batch.len() >= self.size {
            self.flush(store)?;
        }
        Ok(())
    }

    fn flush(&mut self, store: &mut Store) -> anyhow::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let report = store.write_batch(&self.batch).context("writing a batch")?;
        self.written += report.documents_written;
        self.skipped += report.skipped.len();
        self.mentions += report.mentions_written;
        self.batch.clear();
        Ok(())
    }
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    if args.batch == 0 {
        return Err(UsageError("--batch must be at least 1".into()).into());
    }
    if args
        .input
        .inputs
        .iter()
        .any(|i| crate::spark::is_spark_input(i))
    {
        return ingest_spark(&args);
    }
    let reader = args.input.reader()?;
    let coder = args.coder.coder()?;
    let mut store = args.db.open()?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C kills as usual; the first only stops reading.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!(
                "\ndyad ingest: stopping after the documents under way (Ctrl-C again to abort)"
            );
        });
    }
    let progress = Arc::new(Progress::default());
    let total = input_size(&args.input.inputs);
    let show = !args.quiet && io::stderr().is_terminal();
    let done = Arc::new(AtomicBool::new(false));
    let bar = show.then(|| {
        let (progress, done) = (progress.clone(), done.clone());
        std::thread::spawn(move || draw_progress(&progress, total, &done))
    });
    let started = Instant::now();
    let mut batches = Batches::new(args.batch);
    let work = |loaded: dyad_read::Loaded| {
        let analysis = dyad_text::analyze(&loaded.doc.text);
        let coded = coder.code(&loaded.doc, &analysis);
        progress
            .bytes
            .fetch_add(loaded.doc.text.len() as u64, Ordering::Relaxed);
        bundle(&loaded, &analysis, &coded)
    };
    let tally = Tally::run_ordered(
        reader,
        args.coder.thread_count(),
        Some(&stop),
        work,
        |done| {
            match done {
                Done::Document(b) => {
                    progress.documents.fetch_add(1, Ordering::Relaxed);
                    progress
                        .events
                        .fetch_add(b.events.len() as u64, Ordering::Relaxed);
                    batches.push(&mut store, b)?;
                }
                Done::Failed(e) => {
                    progress.errors.fetch_add(1, Ordering::Relaxed);
                    store
                        .record_error(&crate::bundle::error_record(&e))
                        .context("recording an input error")?;
                }
            }
            Ok(())
        },
    );
    let tally = tally.and_then(|t| {
        batches.flush(&mut store)?;
        Ok(t)
    });
    done.store(true, Ordering::Relaxed);
    if let Some(bar) = bar {
        let _ = bar.join();
    }
    let tally = tally?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if !args.quiet {
        eprintln!(
            "dyad ingest: {} documents stored, {} already there, {} event reports, {} failed, in {:.1} s ({:.0} documents/s) into {}",
            batches.written,
            batches.skipped,
            batches.mentions,
            tally.failed,
            secs,
            tally.documents as f64 / secs,
            store.target()
        );
    }
    let code = tally.finish("ingest");
    if tally.interrupted {
        eprintln!("dyad ingest: interrupted; run the same command again to ingest the rest");
        return Ok(ExitCode::from(130));
    }
    Ok(code)
}

/// `dyad ingest` of the Spark job's output: documents already coded, in
/// batches as for news, then the inputs that failed on the cluster.
fn ingest_spark(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    use crate::spark::{for_each_document, for_each_error, tables, Row};
    let tables = tables(&args.input.inputs)?;
    if tables.documents.is_empty() {
        return Err(UsageError(format!(
            "no Parquet files of coded documents in {}",
            args.input.inputs.join(", ")
        ))
        .into());
    }
    let mut store = args.db.open()?;
    let started = Instant::now();
    let mut batches = Batches::new(args.batch);
    let (mut documents, mut bad_rows, mut failed_on_cluster) = (0usize, 0usize, 0usize);
    for path in &tables.documents {
        for_each_document(path, |row| {
            match row {
                Row::Document(b) => {
                    documents += 1;
                    batches.push(&mut store, *b)?;
                }
                Row::Bad(e) => {
                    bad_rows += 1;
                    eprintln!("dyad: error: {}", e.reason);
                    store.record_error(&e).context("recording an input error")?;
                }
            }
            Ok(())
        })?;
    }
    batches.flush(&mut store)?;
    for path in &tables.errors {
        for_each_error(path, |e| {
            failed_on_cluster += 1;
            store.record_error(&e).context("recording an input error")
        })?;
    }
    if !args.quiet {
        eprintln!(
            "dyad ingest: {} coded documents read from {} Parquet file{}: {} stored, {} already there, \
             {} event reports, in {:.1} s into {}",
            documents,
            tables.documents.len(),
            if tables.documents.len() == 1 { "" } else { "s" },
            batches.written,
            batches.skipped,
            batches.mentions,
            started.elapsed().as_secs_f64(),
            store.target()
        );
    }
    if failed_on_cluster > 0 {
        eprintln!(
            "dyad ingest: {failed_on_cluster} input{} had failed in the Spark run (recorded in the errors table)",
            if failed_on_cluster == 1 { "" } else { "s" }
        );
    }
    let tally = crate::inputs::Tally {
        documents,
        failed: bad_rows + failed_on_cluster,
        ..Default::default()
    };
    Ok(tally.finish("ingest"))
}

/// Redraws a one-line progress report on stderr until `done`.
fn draw_progress(p: &Progress, total: Option<u64>, done: &AtomicBool) {
    let start = Instant::now();
    let mut last_len = 0usize;
    loop {
        let finished = done.load(Ordering::Relaxed);
        let secs = start.elapsed().as_secs_f64().max(1e-3);
        let docs = p.documents.load(Ordering::Relaxed);
        let bytes = p.bytes.load(Ordering::Relaxed);
        let mut line = format!(
            "{} documents ({:.0}/s), {} events, {} errors",
            docs,
            docs as f64 / secs,
            p.events.load(Ordering::Relaxed),
            p.errors.load(Ordering::Relaxed)
        );
        if let Some(total) = total.filter(|&t| t > 0 && bytes > 0 && !finished) {
            let frac = (bytes as f64 / total as f64).min(1.0);
            let eta = secs * (1.0 - frac) / frac;
            line.push_str(&format!(", {:.0}% , ETA {:.0} s", frac * 100.0, eta));
        }
        let pad = last_len.saturating_sub(line.len());
        eprint!("\r{line}{}", " ".repeat(pad));
        last_len = line.len();
        if finished {
            eprintln!();
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Re-run the coder over the stored documents, after a dictionary or
/// pattern change, replacing each document's events in one transaction and
/// reporting what changed: reports added and removed per CAMEO root.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  dyad recode\n  dyad recode --db archive.db --actors my-actors.txt"
)]
pub struct RecodeArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    coder: CoderArgs,
}

pub fn recode(args: RecodeArgs) -> anyhow::Result<ExitCode> {
    let coder = args.coder.coder()?;
    let mut store = args.db.open()?;
    let threads = args.coder.thread_count();
    let mut after: Option<String> = None;
    let mut added: BTreeMap<String, u64> = BTreeMap::new();
    let mut removed: BTreeMap<String, u64> = BTreeMap::new();
    let (mut docs, mut changed) = (0u64, 0u64);
    loop {
        let page = store.documents_page(after.as_deref(), 256)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        // Code the page in parallel; write one document at a time.
        let chunk = page.len().div_ceil(threads).max(1);
        let bundles: Vec<DocumentBundle> = std::thread::scope(|scope| {
            let handles: Vec<_> = page
                .chunks(chunk)
                .map(|docs| {
                    let coder = &coder;
                    scope.spawn(move || {
                        docs.iter()
                            .map(|d| {
                                let loaded = dyad_read::Loaded {
                                    doc: dyad_text::Document {
                                        id: d.id.clone(),
                                        published: d.published.clone(),
                                        title: d.title.clone(),
                                        url: d.url.clone(),
                                        source: d.source.clone(),
                                        text: d.text.clone(),
                                    },
                                    origin: dyad_read::Origin {
                                        file: "(stored)".into(),
                                        line: None,
                                    },
                                };
                                let analysis = dyad_text::analyze(&loaded.doc.text);
                                let coded = coder.code(&loaded.doc, &analysis);
                                bundle(&loaded, &analysis, &coded)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for b in &bundles {
            let diff = store.replace_events(&b.doc.id, b)?;
            docs += 1;
            if !diff.is_unchanged() {
                changed += 1;
            }
            for (root, n) in diff.added {
                *added.entry(root).or_default() += u64::from(n);
            }
            for (root, n) in diff.removed {
                *removed.entry(root).or_default() += u64::from(n);
            }
        }
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{docs} documents recoded, {changed} changed")?;
    let roots: std::collections::BTreeSet<&String> = added.keys().chain(removed.keys()).collect();
    if !roots.is_empty() {
        writeln!(out, "root  added  removed")?;
        for r in roots {
            writeln!(
                out,
                "{r:<4}  {:>5}  {:>7}",
                added.get(r).copied().unwrap_or(0),
                removed.get(r).copied().unwrap_or(0)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Filters shared by `query events` and `export`.
#[derive(clap::Args, Debug, Default)]
pub struct FilterArgs {
    /// First date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last date, inclusive.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Source actor code or its prefix (`CHN`, `CHNGOV`).
    #[arg(long, value_name = "CODE")]
    source: Option<String>,
    /// Target actor code or prefix.
    #[arg(long, value_name = "CODE")]
    target: Option<String>,
    /// Events either way: source to target or target to source.
    #[arg(long)]
    both_directions: bool,
    /// Either side's actor code or prefix.
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Source actor's country (ISO-3).
    #[arg(long, value_name = "ISO3")]
    source_country: Option<String>,
    /// Target actor's country.
    #[arg(long, value_name = "ISO3")]
    target_country: Option<String>,
    /// CAMEO code or its prefix (`04`, `042`).
    #[arg(long, value_name = "CODE")]
    code: Option<String>,
    /// CAMEO root (`04`).
    #[arg(long, value_name = "ROOT")]
    root: Option<String>,
    /// QuadClass (1–4); repeatable.
    #[arg(long, value_name = "N")]
    quad_class: Vec<u8>,
    /// PLOVER type (`CONSULT`).
    #[arg(long, value_name = "TYPE")]
    plover: Option<String>,
    /// Place name.
    #[arg(long, value_name = "NAME")]
    place: Option<String>,
    /// Country the event happened in (ISO-3).
    #[arg(long, value_name = "ISO3")]
    place_country: Option<String>,
    /// Text the reporting sentence contains.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
}

impl FilterArgs {
    fn filter(&self) -> EventFilter {
        EventFilter {
            from: self.from.clone(),
            to: self.to.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            both_directions: self.both_directions,
            actor: self.actor.clone(),
            source_country: self.source_country.clone(),
            target_country: self.target_country.clone(),
            code: self.code.clone(),
            root: self.root.clone(),
            quad_class: self.quad_class.clone(),
            plover_type: self.plover.clone(),
            place: self.place.clone(),
            place_country: self.place_country.clone(),
            text: self.text.clone(),
            limit: self.limit,
            ..EventFilter::default()
        }
    }
}

/// How query results are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// Aligned columns (the default on a terminal).
    Table,
    /// CSV with a header (the default otherwise).
    Csv,
    /// One JSON object per line.
    Json,
}

/// Ask the event database.
#[derive(clap::Subcommand, Debug)]
pub enum QueryCommand {
    /// Merged events matching the filters.
    #[command(
        after_help = "Examples:\n  dyad query events --source CHN --target RUS --from 2025-01\n  \
dyad query events --root 19 --place-country UKR --format csv"
    )]
    Events {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        filter: Box<FilterArgs>,
        /// Output format (default: table on a terminal, CSV otherwise).
        #[arg(long, value_enum)]
        format: Option<OutFormat>,
    },
    /// Cooperation and conflict between two actors over time: events per
    /// QuadClass, reports, mean Goldstein value, per day, week or month.
    #[command(
        after_help = "Examples:\n  dyad query timeline --source CHN --target RUS --by month\n  \
dyad query timeline --source USA --target CHN --one-way --format csv"
    )]
    Timeline {
        #[command(flatten)]
        db: DbArgs,
        /// Source actor code or prefix (empty: any).
        #[arg(long, default_value = "")]
        source: String,
        /// Target actor code or prefix (empty: any).
        #[arg(long, default_value = "")]
        target: String,
        /// Period width: day, week or month.
        #[arg(long, default_value = "month")]
        by: String,
        /// Only source → target (default: both directions).
        #[arg(long)]
        one_way: bool,
        #[command(flatten)]
        period: PeriodArgs,
        /// Output format (default: table on a terminal, CSV otherwise).
        #[arg(long, value_enum)]
        format: Option<OutFormat>,
    },
    /// The most active actors.
    Actors(RankArgs),
    /// Source–target pairs with the most events, and their mean Goldstein value.
    Dyads(RankArgs),
}

/// The options of the rankings (`query actors`, `query dyads`).
#[derive(clap::Args, Debug)]
pub struct RankArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// How many.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format (default: table on a terminal, CSV otherwise).
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
}

/// A date range.
#[derive(clap::Args, Debug)]
pub struct PeriodArgs {
    /// First date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last date, inclusive.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
}

impl PeriodArgs {
    fn period(&self) -> Period {
        Period {
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

/// The columns of an event that a table on a terminal shows.
#[derive(serde::Serialize)]
struct BriefEvent {
    date: String,
    source: String,
    target: String,
    code: String,
    quad: String,
    goldstein: String,
    place: String,
    mentions: u64,
    doc: String,
}

impl From<&dyad_store::EventRow> for BriefEvent {
    fn from(e: &dyad_store::EventRow) -> Self {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        BriefEvent {
            date: opt(&e.date),
            source: e.source_code.clone(),
            target: opt(&e.target_code),
            code: e.code.clone(),
            quad: e.quad_class.map(|q| q.to_string()).unwrap_or_default(),
            goldstein: e.goldstein.map(|g| format!("{g:.1}")).unwrap_or_default(),
            place: opt(&e.place_name),
            mentions: e.num_mentions,
            doc: opt(&e.doc_id),
        }
    }
}

/// Prints rows as a table, CSV or JSON lines.
fn print_rows<T: serde::Serialize>(rows: &[T], format: Option<OutFormat>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let format = format.unwrap_or(if stdout.is_terminal() {
        OutFormat::Table
    } else {
        OutFormat::Csv
    });
    let mut out = io::BufWriter::new(stdout.lock());
    match format {
        OutFormat::Json => {
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        OutFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            for r in rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
        OutFormat::Table => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for r in rows {
                w.serialize(r)?;
            }
            let data = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(data.as_slice());
            let cells: Vec<Vec<String>> = reader
                .records()
                .filter_map(Result::ok)
                .map(|r| r.iter().map(str::to_string).collect())
                .collect();
            let cols = cells.first().map_or(0, Vec::len);
            let widths: Vec<usize> = (0..cols)
                .map(|c| {
                    cells
                        .iter()
                        .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            for r in &cells {
                let line: Vec<String> = r
                    .iter()
                    .zip(&widths)
                    .map(|(s, &w)| format!("{s:<w$}"))
                    .collect();
                writeln!(out, "{}", line.join("  ").trim_end())?;
            }
            if rows.is_empty() {
                writeln!(out, "(no rows)")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// A filter the store cannot use (a malformed date, say) is the caller's
/// mistake: exit code 1, like any usage error.
fn usage_on_bad_input(e: dyad_store::StoreError) -> anyhow::Error {
    match e {
        dyad_store::StoreError::InvalidInput(_) => UsageError(e.to_string()).into(),
        e => e.into(),
    }
}

pub fn query(cmd: QueryCommand) -> anyhow::Result<ExitCode> {
    query_inner(cmd).map_err(|e| match e.downcast::<dyad_store::StoreError>() {
        Ok(store) => usage_on_bad_input(store),
        Err(e) => e,
    })
}

fn query_inner(cmd: QueryCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        QueryCommand::Events { db, filter, format } => {
            let rows = db.open()?.events(&filter.filter())?;
            let format = format.unwrap_or(if io::stdout().is_terminal() {
                OutFormat::Table
            } else {
                OutFormat::Csv
            });
            if format == OutFormat::Table {
                // All 35 columns do not fit a terminal: the ones people read.
                let brief: Vec<BriefEvent> = rows.iter().map(BriefEvent::from).collect();
                print_rows(&brief, Some(format))?;
            } else {
                print_rows(&rows, Some(format))?;
            }
        }
        QueryCommand::Timeline {
            db,
            source,
            target,
            by,
            one_way,
            period,
            format,
        } => {
            let by: Bucket = by
                .parse()
                .map_err(|e: dyad_store::StoreError| UsageError(format!("--by: {e}")))?;
            let rows = db
                .open()?
                .timeline(&source, &target, by, !one_way, &period.period())?;
            print_rows(&rows, format)?;
        }
        QueryCommand::Actors(a) => {
            let rows = a.db.open()?.actors(&a.period.period(), a.limit)?;
            print_rows(&rows, a.format)?;
        }
        QueryCommand::Dyads(a) => {
            let rows = a.db.open()?.dyads(&a.period.period(), a.limit)?;
            print_rows(&rows, a.format)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Export stored events: GDELT 2.0 Events (61 tab-separated columns, GDELT's
/// order, no header), GDELT Mentions (16 columns), PLOVER JSON Lines, or a
/// flat CSV with a header. The filters of `dyad query events` apply.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  dyad export --format gdelt --out events.tsv\n  \
dyad export --format plover --source RUS --from 2025 > rus.jsonl\n  \
dyad export --format csv --db postgres://dyad@localhost/news --out events.csv"
)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// gdelt, mentions, plover or csv.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Output file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format: ExportFormat = args
        .format
        .parse()
        .map_err(|e: dyad_store::StoreError| UsageError(format!("--format: {e}")))?;
    let mut store = args.db.open()?;
    let filter = args.filter.filter();
    let report = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = io::BufWriter::new(file);
            let r = store
                .export(format, &filter, &mut w)
                .map_err(usage_on_bad_input)?;
            w.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            r
        }
        None => {
            let mut w = io::BufWriter::new(io::stdout().lock());
            let r = store
                .export(format, &filter, &mut w)
                .map_err(usage_on_bad_input)?;
            w.flush()?;
            r
        }
    };
    eprintln!("dyad export: {} rows", report.rows);
    Ok(ExitCode::SUCCESS)
}
