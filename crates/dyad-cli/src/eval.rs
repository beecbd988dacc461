//! `dyad eval`: score dyad against gold files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::coding::CoderArgs;
use crate::inputs::UsageError;

/// Score dyad against gold files.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// HTML main-text extraction against a benchmark directory
    /// (`ground-truth.json` and `html/*.html`): token-level precision,
    /// recall and F1 per page and their means.
    #[command(
        after_help = "Example:\n  dyad eval extraction ../shared/benchmarks/article-extraction"
    )]
    Extraction {
        /// The benchmark directory (default: benchmarks/article-extraction
        /// under $DYAD_SHARED or ../shared).
        dir: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Tagger and parser accuracy on a gold CoNLL-U file (gold tokenisation):
    /// UPOS, XPOS, lemma, UAS and LAS.
    #[command(
        after_help = "Example:\n  dyad eval parser ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu"
    )]
    Parser(crate::nlp_cmd::EvalParserArgs),
    /// The events of one document against its expected-events file (the
    /// schema of shared/examples/*.expected.json; the document is the file
    /// it names, beside it): prints each miss and false event, precision,
    /// recall and F1.
    #[command(
        after_help = "Example:\n  dyad eval gold ../shared/examples/china-russia-2025-11-04.expected.json"
    )]
    Gold {
        /// The expected-events file.
        file: PathBuf,
        /// Exit with 2 when recall (required events found) is below this.
        #[arg(long, value_name = "R")]
        min_recall: Option<f64>,
        /// Exit with 2 when precision is below this.
        #[arg(long, value_name = "P")]
        min_precision: Option<f64>,
        #[command(flatten)]
        coder: CoderArgs,
    },
    /// The PLOVER gold-standard records: a record is a hit when an event of
    /// its PLOVER type has its source; prints the hit rate per type and the
    /// extra events per record.
    #[command(
        name = "plover-gsr",
        after_help = "Example:\n  dyad eval plover-gsr ../shared/benchmarks/plover-gsr/PLOVER_GSR_CAMEO.json"
    )]
    PloverGsr {
        /// The records file (JSON array).
        file: PathBuf,
        /// Print every missed record with what was coded instead.
        #[arg(long)]
        misses: bool,
        /// Exit with 2 when the hit rate is below this.
        #[arg(long, value_name = "H")]
        min_hit_rate: Option<f64>,
        /// Exit with 2 when extra events per record are above this.
        #[arg(long, value_name = "E")]
        max_extra: Option<f64>,
        #[command(flatten)]
        coder: CoderArgs,
    },
}

fn below(what: &str, value: f64, limit: Option<f64>, higher_is_better: bool) -> bool {
    let Some(limit) = limit else { return false };
    let bad = if higher_is_better {
        value < limit
    } else {
        value > limit
    };
    if bad {
        eprintln!("dyad eval: {what} {value:.3} is past the limit {limit}");
    }
    bad
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Extraction { dir, json } => {
            let dir = match dir {
                Some(d) => d,
                None => dyad_eval::shared_dir()
                    .map(|s| s.join("benchmarks/article-extraction"))
                    .ok_or_else(|| {
                        UsageError(
                            "no benchmark directory given, and neither $DYAD_SHARED nor ../shared exists"
                                .into(),
                        )
                    })?,
            };
            let report = dyad_eval::extraction::evaluate(&dir)
                .with_context(|| format!("evaluating {}", dir.display()))?;
            if json {
                println!("{}", report.to_json());
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Parser(args) => crate::nlp_cmd::run_eval_parser(&args).map(|()| ExitCode::SUCCESS),
        Command::Gold {
            file,
            min_recall,
            min_precision,
            coder,
        } => {
            let coder = coder.coder()?;
            let report = dyad_eval::gold::evaluate(&coder, &file)?;
            print!("{report}");
            let bad = below("recall", report.recall, min_recall, true)
                | below("precision", report.precision, min_precision, true);
            Ok(if bad {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::PloverGsr {
            file,
            misses,
            min_hit_rate,
            max_extra,
            coder,
        } => {
            let coder = coder.coder()?;
            let report = dyad_eval::plover::evaluate(&coder, &file)?;
            if misses {
                for m in &report.misses {
                    println!("MISS {m}");
                }
            }
            print!("{report}");
            let bad = below("hit rate", report.hit_rate(), min_hit_rate, true)
                | below(
                    "extra events per record",
                    report.extra_per_record(),
                    max_extra,
                    false,
                );
            Ok(if bad {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
