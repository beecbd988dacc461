//! The `dyad` command: political event data from news text.
//!
//! This file only parses the command line and dispatches; each command lives
//! in its own module, and all the work in the library crates.

mod analyze;
mod bundle;
mod coding;
mod eval;
mod inputs;
mod nlp_cmd;
mod serve;
mod spark;
mod store_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dyad reads news and records who did what to whom, where and when.
///
/// Exit codes: 0 all fine, 1 usage error, 2 some inputs failed (each
/// reported on stderr with file, line and reason; processing went on).
#[derive(Parser)]
#[command(name = "dyad", version)]
#[command(
    after_help = "Examples:\n  dyad code examples/\n  dyad analyze --published 2025-11-04 article.txt\n  \
dyad ingest examples/ && dyad query timeline --source CHN --target RUS --by month"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Analyze(analyze::Args),
    Code(coding::Args),
    /// Tag, lemmatise and parse; writes CoNLL-U.
    #[command(after_help = "Examples:\n  dyad parse article.txt\n  \
dyad parse --input-format conllu ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu > parsed.conllu")]
    Parse(nlp_cmd::ParseArgs),
    /// Train the tagger or the parser on a UD treebank (CoNLL-U).
    #[command(
        subcommand,
        after_help = "Example:\n  dyad train tagger --train TRAIN.conllu --dev DEV.conllu --out models/tagger.bin"
    )]
    Train(nlp_cmd::TrainCommand),
    #[command(subcommand)]
    Eval(eval::Command),
    Ingest(store_cmd::IngestArgs),
    Recode(store_cmd::RecodeArgs),
    #[command(subcommand)]
    Query(store_cmd::QueryCommand),
    Export(store_cmd::ExportArgs),
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Code(args) => coding::run(args),
        Command::Parse(args) => nlp_cmd::run_parse(&args).map(|()| ExitCode::SUCCESS),
        Command::Train(cmd) => nlp_cmd::run_train(&cmd).map(|()| ExitCode::SUCCESS),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Ingest(args) => store_cmd::ingest(args),
        Command::Recode(args) => store_cmd::recode(args),
        Command::Query(cmd) => store_cmd::query(cmd),
        Command::Export(args) => store_cmd::export(args),
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if inputs::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(if e.is::<inputs::UsageError>() { 1 } else { 2 })
        }
    }
}
