//! `dyad analyze`: documents in, clean sentences and tokens out, as JSON.

use std::io::{self, Write};
use std::process::ExitCode;

use dyad_code::Coded;
use dyad_read::Origin;
use dyad_text::{Analysis, Document};
use serde::Serialize;

use crate::coding::{code_all, CoderArgs};
use crate::inputs::InputArgs;

/// Print each document as one JSON object: metadata, text, removed
/// boilerplate, headings, dateline, sentences with their tokens, the actors
/// and events the coder finds, and the enrichment: `places` (gazetteer
/// matches with coordinates), `dates` (time expressions resolved against
/// the publication date), `quotes` (quotations and terms, with speakers and
/// their actor codes), `themes` (with counts and spans) and `tone`.
///
/// All `start`/`end` values are byte offsets into the document's `text`
/// (for HTML, the extracted article text), which dyad never rewrites.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  dyad analyze examples/\n  \
dyad analyze --published 2025-11-04 --id xi-mishustin article.txt\n  \
zcat dump.jsonl.gz | dyad analyze -")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    coder: CoderArgs,
    /// Pretty-print the JSON (one object per document, indented).
    #[arg(long)]
    pretty: bool,
}

/// One document's output line.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    doc: &'a Document,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(flatten)]
    analysis: &'a Analysis,
    #[serde(flatten)]
    coded: &'a Coded,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reader = args.input.reader()?;
    let coder = args.coder.coder()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout);
    let pretty = args.pretty;
    let tally = code_all(
        &coder,
        args.coder.thread_count(),
        reader,
        &mut out,
        |loaded, analysis, coded| {
            let mut buf = Vec::new();
            let _ = write_one(
                &mut buf,
                &loaded.doc,
                &loaded.origin,
                analysis,
                coded,
                pretty,
            );
            buf
        },
    )?;
    out.flush()?;
    Ok(tally.finish("analyze"))
}

fn write_one(
    out: &mut impl Write,
    doc: &Document,
    origin: &Origin,
    analysis: &Analysis,
    coded: &Coded,
    pretty: bool,
) -> anyhow::Result<()> {
    let value = Output {
        doc,
        file: &origin.file,
        line: origin.line,
        analysis,
        coded,
    };
    if pretty {
        serde_json::to_writer_pretty(&mut *out, &value)?;
    } else {
        serde_json::to_writer(&mut *out, &value)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}
