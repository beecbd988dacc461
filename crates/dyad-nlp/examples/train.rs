//! Trains and evaluates the models without the CLI or any other crate:
//!
//! ```text
//! cargo run --release -p dyad-nlp --example train -- tagger TRAIN DEV OUT [EPOCHS] [SEED]
//! cargo run --release -p dyad-nlp --example train -- parser TRAIN DEV TAGGER OUT [EPOCHS] [SEED] [JACKKNIFE] [BITS] [ENSEMBLE]
//! cargo run --release -p dyad-nlp --example train -- prune PARSER_IN PARSER_OUT K
//! cargo run --release -p dyad-nlp --example train -- prune-tagger TAGGER_IN TAGGER_OUT K
//! cargo run --release -p dyad-nlp --example train -- eval MODELS_DIR GOLD.conllu
//! ```
use std::path::Path;

use dyad_nlp::train;
use dyad_nlp::{ParserTrainOptions, Pipeline, TaggerTrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: usize| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    match a.first().map(|s| s.as_str()) {
        Some("tagger") if a.len() >= 4 => {
            let opts = TaggerTrainOptions {
                epochs: num(4, 12),
                seed: num(5, 1) as u64,
                ..Default::default()
            };
            let r = train::train_tagger_files(
                Path::new(&a[1]),
                Path::new(&a[2]),
                Path::new(&a[3]),
                &opts,
            )?;
            eprintln!("{r}");
        }
        Some("parser") if a.len() >= 5 => {
            let opts = ParserTrainOptions {
                epochs: num(5, 15),
                seed: num(6, 1) as u64,
                bits: num(8, 19) as u32,
                ensemble: num(9, 1),
                patience: 3,
                ..Default::default()
            };
            let r = train::train_parser_files(
                Path::new(&a[1]),
                Path::new(&a[2]),
                Path::new(&a[3]),
                Path::new(&a[4]),
                num(7, 0),
                8,
                &opts,
            )?;
            eprintln!("{r}");
        }
        Some("jackknife") if a.len() >= 5 => {
            let train = train::read_treebank(Path::new(&a[1]))?;
            let dev = train::read_treebank(Path::new(&a[2]))?;
            let opts = TaggerTrainOptions {
                epochs: 8,
                verbose: false,
                two_pass: false,
                ..Default::default()
            };
            let full = dyad_nlp::Tagger::train(&train[..1], &dev[..1], &opts);
            let tagged = train::jackknife(&train, &dev, num(4, 5), &full, &opts);
            std::fs::write(&a[3], dyad_nlp::conllu::write_str(&tagged))?;
        }
        Some("prune") if a.len() >= 4 => {
            let mut p = dyad_nlp::Parser::load(Path::new(&a[1]))?;
            p.prune(num(3, 2) as i16);
            let bytes = p.to_bytes();
            std::fs::write(&a[2], &bytes)?;
            eprintln!("{} weights, {} bytes", p.nonzero_weights(), bytes.len());
        }
        Some("prune-tagger") if a.len() >= 4 => {
            let mut t = dyad_nlp::Tagger::load(Path::new(&a[1]))?;
            t.prune(num(3, 2) as i16);
            let bytes = t.to_bytes();
            std::fs::write(&a[2], &bytes)?;
            eprintln!("{} weights, {} bytes", t.nonzero_weights(), bytes.len());
        }
        Some("eval") if a.len() >= 3 => {
            let t0 = std::time::Instant::now();
            let p = Pipeline::load(&a[1])?;
            eprintln!("loaded models in {:.3}s", t0.elapsed().as_secs_f64());
            print!("{}", train::eval_file(&p, Path::new(&a[2]))?);
        }
        _ => {
            eprintln!("usage: train tagger TRAIN DEV OUT [EPOCHS] [SEED] | parser TRAIN DEV TAGGER OUT [EPOCHS] [SEED] [JACKKNIFE] [BITS] [ENSEMBLE] | jackknife TRAIN DEV OUT K | prune IN OUT K | prune-tagger IN OUT K | eval MODELS GOLD");
            std::process::exit(2);
        }
    }
    Ok(())
}
