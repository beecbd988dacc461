//! The `dyad` command: political event data from news text.
//!
//! This file only parses the command line and dispatches; each command lives
//! in its own module, and all the work in the library crates.

mod analyze;
mod coding;
mod eval;
mod inputs;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dyad reads news and records who did what to whom, where and when.
///
/// Exit codes: 0 all fine, 1 usage error, 2 some inputs failed (each
/// reported on stderr with file, line and reason; processing went on).
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None)]
#[command(after_help = "Example:\n  dyad analyze --published 2025-11-04 examples/")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Analyze(analyze::Args),
    Code(coding::Args),
    #[command(subcommand)]
    Eval(eval::Command),
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
        Command::Eval(cmd) => eval::run(cmd),
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
