//! `dyad code`: documents in, events out (JSON Lines or TSV), and the
//! coder options `dyad analyze` shares.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_code::{Coded, Coder, Event, EventActor};
use dyad_read::{Loaded, Reader};
use dyad_text::Analysis;

use crate::inputs::{Done, InputArgs, Tally};

/// Dictionaries and threads for coding.
#[derive(clap::Args, Debug)]
pub struct CoderArgs {
    /// Extra actor dictionary (dyad's format, see data/actors/FORMAT.md, or a
    /// PETRARCH/Phoenix .txt actor or agent file); repeatable; its entries win
    /// over the built-in ones.
    #[arg(long, value_name = "FILE")]
    actors: Vec<PathBuf>,
    /// Extra verb pattern file (see data/verbs/FORMAT.md); repeatable.
    #[arg(long, value_name = "FILE")]
    verbs: Vec<PathBuf>,
    /// Extra places: a GeoNames dump (cities500.txt, allCountries.txt or
    /// any file in that tab-separated format), added to the built-in
    /// gazetteer; repeatable.
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,
    /// Extra theme dictionary (see data/themes/FORMAT.md); repeatable.
    #[arg(long, value_name = "FILE")]
    themes: Vec<PathBuf>,
    /// Extra tone lexicon (see data/tone/FORMAT.md); repeatable.
    #[arg(long, value_name = "FILE")]
    tone: Vec<PathBuf>,
    /// Skip places, dates, quotations, themes and tone: events are dated by
    /// the publication date and have no place.
    #[arg(long)]
    no_enrich: bool,
    /// Worker threads (default: all cores). Output order never depends on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

impl CoderArgs {
    /// The built-in coder with the user's dictionaries added. A malformed
    /// dictionary stops dyad before any document is coded.
    pub fn coder(&self) -> anyhow::Result<Coder> {
        let built = if self.no_enrich {
            Coder::builtin_without_enricher()
        } else {
            Coder::builtin()
        };
        let mut coder = built.context("loading the built-in models and dictionaries")?;
        for path in &self.actors {
            for w in coder.actors_mut().load_file(path)? {
                eprintln!("dyad: warning: {w}");
            }
        }
        for path in &self.verbs {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let (verbs, cameo) = coder.verbs_mut();
            verbs.add_text(&path.display().to_string(), &text, cameo)?;
        }
        if let Some(enricher) = coder.enricher_mut() {
            for path in &self.gazetteer {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                enricher
                    .gazetteer_mut()
                    .add_geonames(io::BufReader::new(file), path)?;
            }
            for path in &self.themes {
                enricher.themes_mut().add_file(path)?;
            }
            for path in &self.tone {
                enricher.tone_mut().add_file(path)?;
            }
        }
        Ok(coder)
    }

    /// The number of worker threads.
    pub fn thread_count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }
}

/// The `--format spark` line of an input that failed.
fn spark_error_line(e: &dyad_read::ReadError) -> Vec<u8> {
    let mut buf = b"error\t".to_vec();
    let _ = serde_json::to_writer(&mut buf, &crate::bundle::error_record(e));
    buf.push(b'\n');
    buf
}

/// A field of a `--format spark` line: tabs, line breaks and the two
/// separators cannot occur in it (JSON escapes them; plain fields are
/// cleaned).
fn spark_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r', '\u{1e}', '\u{1f}'], " ")
}

/// The `--format spark` line of a coded document.
fn spark_document_line(loaded: &Loaded, analysis: &Analysis, coded: &Coded) -> Vec<u8> {
    let bundle = crate::bundle::bundle(loaded, analysis, coded);
    let doc = &bundle.doc;
    let mut buf = Vec::with_capacity(doc.text.len() * 3);
    buf.extend_from_slice(b"doc\t");
    for field in [&doc.id, &doc.hash, doc.published.as_deref().unwrap_or("")] {
        buf.extend_from_slice(spark_field(field).as_bytes());
        buf.push(b'\t');
    }
    for (i, e) in coded.events.iter().enumerate() {
        if i > 0 {
            buf.push(0x1e);
        }
        let _ = serde_json::to_writer(&mut buf, e);
    }
    buf.push(b'\t');
    for (i, row) in crate::bundle::gdelt_rows(&bundle).iter().enumerate() {
        if i > 0 {
            buf.push(0x1e);
        }
        let fields: Vec<String> = row.iter().map(|f| spark_field(f)).collect();
        buf.extend_from_slice(fields.join("\u{1f}").as_bytes());
    }
    buf.push(b'\t');
    // Sentence texts are slices of the document's text: left out here
    // (a quarter of the bytes), put back by `dyad ingest`.
    let mut bundle = bundle;
    for s in &mut bundle.sentences {
        s.text.clear();
    }
    let _ = serde_json::to_writer(&mut buf, &bundle);
    buf.push(b'\n');
    buf
}

/// Output format of `dyad code`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per event.
    Jsonl,
    /// Tab-separated columns with a header line.
    Tsv,
    /// GDELT 2.0 Events: 61 tab-separated columns, no header, one line per
    /// report (not merged: one mention, one article, one source; the
    /// GLOBALEVENTID is the merge key's hash, as in the store; DATEADDED is
    /// the publication time).
    Gdelt,
    /// What the Spark job (integrations/spark) reads from each task's dyad:
    /// one line per input, in input order, its fields separated by tabs
    /// (JSON never holds a raw tab, line break or control character). A
    /// document: `doc`, doc_id, hash, published, its events as `jsonl`
    /// writes them (separated by U+001E), their `gdelt` fields (U+001F
    /// between fields, U+001E between rows), and the JSON of everything
    /// the store keeps of it with the sentence texts left empty (`dyad
    /// ingest` loads it without coding again and slices them from the
    /// text). An input that failed: `error` and a JSON object with `file`,
    /// `line`, `doc_id` and `reason`.
    Spark,
}

/// Code events in news: one line per event, as JSON (default), TSV or
/// GDELT columns.
///
/// Each event has its source and target actors (CAMEO codes, the text that
/// names them and its byte span), the CAMEO event code and root, QuadClass,
/// Goldstein value, PLOVER type and mode, the date (the time expression of
/// the event's clause resolved against the publication date, else the
/// publication date; with its precision and span), the place (gazetteer
/// name, type, country, admin-1 code, coordinates, GeoNames id, span, and
/// whether it comes from the clause, the sentence, the dateline or the
/// document), the ids of the quotations in its sentence, the evidence
/// (verb phrase span and the pattern that fired) and the reporter.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  dyad code examples/\n  \
dyad code --format tsv --published 2025-11-04 article.txt > events.tsv\n  \
dyad code --actors my-actors.txt --threads 2 news.jsonl.gz")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    coder: CoderArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
}

const TSV_COLUMNS: [&str; 33] = [
    "doc_id",
    "event_id",
    "sentence_id",
    "date",
    "date_precision",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "source_code",
    "source_text",
    "source_country",
    "source_sector",
    "source_start",
    "source_end",
    "target_code",
    "target_text",
    "target_country",
    "target_sector",
    "target_start",
    "target_end",
    "verb_start",
    "verb_end",
    "pattern",
    "reporter_code",
    "place_name",
    "place_type",
    "place_country",
    "place_lat",
    "place_lon",
    "place_geonames_id",
];

/// A field for TSV: tabs and line breaks become spaces.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn actor_cols(a: Option<&EventActor>) -> [String; 6] {
    match a {
        Some(a) => [
            a.code.clone(),
            clean(&a.text),
            a.country.clone().unwrap_or_default(),
            a.sector.clone().unwrap_or_default(),
            a.start.to_string(),
            a.end.to_string(),
        ],
        None => Default::default(),
    }
}

fn tsv_line(e: &Event) -> String {
    let mut cols = vec![
        clean(&e.doc_id),
        e.event_id.clone(),
        e.sentence_id.to_string(),
        e.date.clone().unwrap_or_default(),
        e.date_precision.clone().unwrap_or_default(),
        e.code.clone(),
        e.root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        e.plover.kind.clone().unwrap_or_default(),
        e.plover.mode.clone().unwrap_or_default(),
    ];
    cols.extend(actor_cols(Some(&e.source)));
    cols.extend(actor_cols(e.target.as_ref()));
    cols.push(e.evidence.verb[0].to_string());
    cols.push(e.evidence.verb[1].to_string());
    cols.push(e.evidence.pattern.clone());
    cols.push(
        e.reporter
            .as_ref()
            .map(|r| r.code.clone())
            .unwrap_or_default(),
    );
    match &e.place {
        Some(p) => cols.extend([
            clean(&p.place.name),
            serde_json::to_value(p.place.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            p.place.country.clone().unwrap_or_default(),
            p.place.lat.to_string(),
            p.place.lon.to_string(),
            p.place
                .geonames_id
                .map(|g| g.to_string())
                .unwrap_or_default(),
        ]),
        None => cols.extend(std::iter::repeat_n(String::new(), 6)),
    }
    cols.join("\t") + "\n"
}

/// Analyses and codes every document the reader yields on `threads`
/// threads, and writes what `render` makes of each, in input order.
pub fn code_all(
    coder: &Coder,
    threads: usize,
    reader: Reader,
    out: &mut (impl Write + Send),
    render: impl Fn(&Loaded, &Analysis, &Coded) -> Vec<u8> + Sync,
) -> anyhow::Result<Tally> {
    Tally::run_parallel(
        reader,
        threads,
        |loaded| {
            let analysis = dyad_text::analyze(&loaded.doc.text);
            let coded = coder.code(&loaded.doc, &analysis);
            render(&loaded, &analysis, &coded)
        },
        out,
    )
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reader = args.input.reader()?;
    let coder = args.coder.coder()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout);
    if args.format == Format::Tsv {
        writeln!(out, "{}", TSV_COLUMNS.join("\t"))?;
    }
    let format = args.format;
    let work = |loaded: Loaded| {
        let analysis = dyad_text::analyze(&loaded.doc.text);
        let coded = coder.code(&loaded.doc, &analysis);
        let mut buf = Vec::new();
        match format {
            Format::Spark => return spark_document_line(&loaded, &analysis, &coded),
            Format::Gdelt => {
                let bundle = crate::bundle::bundle(&loaded, &analysis, &coded);
                for row in crate::bundle::gdelt_rows(&bundle) {
                    buf.extend_from_slice(row.join("\t").as_bytes());
                    buf.push(b'\n');
                }
            }
            Format::Jsonl => {
                for e in &coded.events {
                    let _ = serde_json::to_writer(&mut buf, e);
                    buf.push(b'\n');
                }
            }
            Format::Tsv => {
                for e in &coded.events {
                    buf.extend_from_slice(tsv_line(e).as_bytes());
                }
            }
        }
        buf
    };
    let tally = Tally::run_ordered(reader, args.coder.thread_count(), None, work, |done| {
        match done {
            Done::Document(bytes) => out.write_all(&bytes)?,
            Done::Failed(e) if format == Format::Spark => out.write_all(&spark_error_line(&e))?,
            Done::Failed(_) => {}
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(tally.finish("code"))
}
