//! `dyad train tagger|parser`, `dyad parse` and `dyad eval parser`: thin
//! command-line wrappers over `dyad-nlp`.
//!
//! `main.rs` dispatches `train` and `parse` here; `eval.rs` dispatches
//! `eval parser`.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use dyad_nlp::{ParserTrainOptions, Pipeline, TaggerTrainOptions};

/// `dyad train ...`
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the POS tagger (and learn lemma exceptions) on a CoNLL-U treebank.
    #[command(
        after_help = "Example (about 1 minute):\n  dyad train tagger --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\\n    --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu --out models/tagger.bin"
    )]
    Tagger(TrainTaggerArgs),
    /// Train the dependency parser on a CoNLL-U treebank.
    #[command(
        after_help = "Example (about 2.5 minutes):\n  dyad train parser --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\\n    --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu --tagger models/tagger.bin --out models/parser.bin"
    )]
    Parser(TrainParserArgs),
}

/// Arguments of `dyad train tagger`.
#[derive(Debug, Args)]
pub struct TrainTaggerArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    pub train: PathBuf,
    /// Development treebank for early stopping (CoNLL-U).
    #[arg(long)]
    pub dev: PathBuf,
    /// Output model file (e.g. models/tagger.bin).
    #[arg(long)]
    pub out: PathBuf,
    /// Maximum number of epochs.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Seed for shuffling.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// log2 of the weight-table rows.
    #[arg(long, default_value_t = 18)]
    pub bits: u32,
    /// Drop final quantised weights below this magnitude (smaller model).
    #[arg(long, default_value_t = 300)]
    pub final_prune: i16,
}

/// Arguments of `dyad train parser`.
#[derive(Debug, Args)]
pub struct TrainParserArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    pub train: PathBuf,
    /// Development treebank for early stopping (CoNLL-U).
    #[arg(long)]
    pub dev: PathBuf,
    /// Trained tagger model; its predicted tags are the parser's input.
    #[arg(long)]
    pub tagger: PathBuf,
    /// Output model file (e.g. models/parser.bin).
    #[arg(long)]
    pub out: PathBuf,
    /// Maximum number of epochs.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Seed for shuffling and error exploration.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Jackknife folds for the training tags (0 = tag train with --tagger,
    /// 1 = use the tags already in the training file).
    #[arg(long, default_value_t = 5)]
    pub jackknife: usize,
    /// Tagger epochs per jackknife fold.
    #[arg(long, default_value_t = 8)]
    pub jackknife_epochs: usize,
    /// log2 of the weight-table rows.
    #[arg(long, default_value_t = 19)]
    pub bits: u32,
    /// Drop quantised weights with a smaller magnitude.
    #[arg(long, default_value_t = 1)]
    pub prune: i16,
    /// Models (seeds) summed into the shipped weight table.
    #[arg(long, default_value_t = 2)]
    pub ensemble: usize,
    /// Drop final quantised weights below this magnitude (smaller model).
    #[arg(long, default_value_t = 450)]
    pub final_prune: i16,
}

/// Input format of `dyad parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain text, split into sentences and tokens by dyad-text.
    Text,
    /// CoNLL-U (the FORM column is read; comments are kept).
    Conllu,
}

/// Arguments of `dyad parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    pub input_format: InputFormat,
    /// Directory with tagger.bin and parser.bin (default: built-in models).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Input file, or `-` / nothing for standard input.
    pub input: Option<PathBuf>,
}

/// Arguments of `dyad eval parser`.
#[derive(Debug, Args)]
pub struct EvalParserArgs {
    /// Gold CoNLL-U file.
    pub file: PathBuf,
    /// Directory with tagger.bin and parser.bin (default: built-in models).
    #[arg(long)]
    pub models: Option<PathBuf>,
}

fn load_pipeline(models: &Option<PathBuf>) -> Result<Pipeline> {
    Ok(match models {
        Some(d) => Pipeline::load(d)?,
        None => Pipeline::builtin()?,
    })
}

/// Runs `dyad train tagger|parser`.
pub fn run_train(cmd: &TrainCommand) -> Result<()> {
    match cmd {
        TrainCommand::Tagger(a) => run_train_tagger(a),
        TrainCommand::Parser(a) => run_train_parser(a),
    }
}

/// Runs `dyad train tagger`.
pub fn run_train_tagger(a: &TrainTaggerArgs) -> Result<()> {
    let opts = TaggerTrainOptions {
        epochs: a.epochs,
        seed: a.seed,
        bits: a.bits,
        final_prune: a.final_prune,
        ..Default::default()
    };
    let report = dyad_nlp::train::train_tagger_files(&a.train, &a.dev, &a.out, &opts)?;
    eprintln!("{report}");
    Ok(())
}

/// Runs `dyad train parser`.
pub fn run_train_parser(a: &TrainParserArgs) -> Result<()> {
    let opts = ParserTrainOptions {
        epochs: a.epochs,
        seed: a.seed,
        bits: a.bits,
        prune: a.prune,
        ensemble: a.ensemble,
        final_prune: a.final_prune,
        ..Default::default()
    };
    let report = dyad_nlp::train::train_parser_files(
        &a.train,
        &a.dev,
        &a.tagger,
        &a.out,
        a.jackknife,
        a.jackknife_epochs,
        &opts,
    )?;
    eprintln!("{report}");
    Ok(())
}

/// Runs `dyad eval parser FILE`, printing the scores to stdout.
pub fn run_eval_parser(a: &EvalParserArgs) -> Result<()> {
    let p = load_pipeline(&a.models)?;
    print!("{}", dyad_nlp::train::eval_file(&p, &a.file)?);
    Ok(())
}

/// Runs `dyad parse`, writing CoNLL-U to stdout.
pub fn run_parse(a: &ParseArgs) -> Result<()> {
    let p = load_pipeline(&a.models)?;
    let mut text = String::new();
    match &a.input {
        Some(path) if path.as_os_str() != "-" => {
            text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
        }
        _ => {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input")?;
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut buf = String::new();
    match a.input_format {
        InputFormat::Conllu => {
            let sents = dyad_nlp::conllu::parse_str(&text)?;
            for s in &sents {
                buf.clear();
                dyad_nlp::conllu::write_sentence(&mut buf, &p.annotate_sentence(s));
                out.write_all(buf.as_bytes())?;
            }
        }
        InputFormat::Text => {
            let analysis = dyad_text::analyze(&text);
            for s in &analysis.sentences {
                let forms: Vec<&str> = s.tokens.iter().map(|t| t.form()).collect();
                let mut sent = p.annotate(&forms).to_sentence();
                sent.comments.push(format!("# sent_id = {}", s.id));
                sent.comments
                    .push(format!("# text = {}", s.text.replace('\n', " ")));
                buf.clear();
                dyad_nlp::conllu::write_sentence(&mut buf, &sent);
                out.write_all(buf.as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
