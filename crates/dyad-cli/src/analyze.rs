//! `dyad analyze`: documents in, clean sentences and tokens out, as JSON.

use std::io::{self, Write};
use std::process::ExitCode;

use dyad_read::Origin;
use dyad_text::{Analysis, Document};
use serde::Serialize;

use crate::inputs::{InputArgs, Tally};

/// Print each document as one JSON object: metadata, text, removed
/// boilerplate, headings, dateline, and sentences with their tokens.
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
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reader = args.input.reader()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let tally = Tally::run(reader, |loaded| {
        let analysis = dyad_text::analyze(&loaded.doc.text);
        write_one(&mut out, &loaded.doc, &loaded.origin, &analysis, args.pretty)
    })?;
    out.flush()?;
    Ok(tally.finish("analyze"))
}

fn write_one(
    out: &mut impl Write,
    doc: &Document,
    origin: &Origin,
    analysis: &Analysis,
    pretty: bool,
) -> anyhow::Result<()> {
    let value = Output {
        doc,
        file: &origin.file,
        line: origin.line,
        analysis,
    };
    if pretty {
        serde_json::to_writer_pretty(&mut *out, &value)?;
    } else {
        serde_json::to_writer(&mut *out, &value)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}
