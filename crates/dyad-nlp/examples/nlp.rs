//! Development front end for the NLP commands (the same code as `dyad train`,
//! `dyad parse` and `dyad eval parser`), usable before the CLI is wired up:
//!
//! ```text
//! cargo run --release -p dyad-nlp --example nlp -- train tagger --train T --dev D --out models/tagger.bin
//! ```
#[path = "../../dyad-cli/src/nlp_cmd.rs"]
mod nlp_cmd;

use clap::Parser;

#[derive(Debug, Parser)]
enum Cmd {
    /// Train a model.
    #[command(subcommand)]
    Train(nlp_cmd::TrainCommand),
    /// Parse text or CoNLL-U.
    Parse(nlp_cmd::ParseArgs),
    /// Evaluate on gold CoNLL-U.
    #[command(subcommand)]
    Eval(nlp_cmd::EvalCommand),
}

fn main() -> anyhow::Result<()> {
    match Cmd::parse() {
        Cmd::Train(c) => nlp_cmd::run_train(&c),
        Cmd::Parse(a) => nlp_cmd::run_parse(&a),
        Cmd::Eval(c) => nlp_cmd::run_eval(&c),
    }
}
