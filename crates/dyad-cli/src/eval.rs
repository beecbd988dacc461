//! `dyad eval`: score dyad against gold files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::inputs::UsageError;

/// Score dyad against gold files.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// HTML main-text extraction against a benchmark directory
    /// (`ground-truth.json` and `html/*.html`): token-level precision,
    /// recall and F1 per page and their means.
    #[command(after_help = "Example:\n  dyad eval extraction ../shared/benchmarks/article-extraction")]
    Extraction {
        /// The benchmark directory (default: benchmarks/article-extraction
        /// under $DYAD_SHARED or ../shared).
        dir: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
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
    }
}
