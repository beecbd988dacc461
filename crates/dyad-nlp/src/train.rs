//! Training workflows shared by the CLI (`dyad train ...`) and the examples.

use crate::conllu::Sentence;
use crate::tagger::{Tagger, TaggerTrainOptions};

/// Replaces the XPOS/UPOS columns of `sents` with the tags `tagger` predicts.
pub fn retag(tagger: &Tagger, sents: &[Sentence]) -> Vec<Sentence> {
    sents
        .iter()
        .map(|s| {
            let forms = s.forms();
            let tags = tagger.tag(&forms);
            let mut o = s.clone();
            for (w, (x, u)) in o.words.iter_mut().zip(tags) {
                w.xpos = x.to_string();
                w.upos = u.to_string();
            }
            o
        })
        .collect()
}

/// Jackknifed tags: splits `train` into `k` folds and tags each fold with a
/// tagger trained on the others, so the parser learns from tags as noisy as
/// the ones it will see at run time. `k == 0` tags with `full` instead;
/// `k == 1` keeps the tags already in `train` (a pre-tagged file).
pub fn jackknife(
    train: &[Sentence],
    dev: &[Sentence],
    k: usize,
    full: &Tagger,
    opts: &TaggerTrainOptions,
) -> Vec<Sentence> {
    if k == 0 {
        return retag(full, train);
    }
    if k == 1 {
        return train.to_vec();
    }
    let mut out: Vec<Option<Sentence>> = vec![None; train.len()];
    for fold in 0..k {
        let rest: Vec<Sentence> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let held: Vec<(usize, &Sentence)> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k == fold)
            .collect();
        let t = Tagger::train(&rest, dev, opts);
        let sents: Vec<Sentence> = held.iter().map(|(_, s)| (*s).clone()).collect();
        for ((i, _), s) in held.iter().zip(retag(&t, &sents)) {
            out[*i] = Some(s);
        }
        if opts.verbose {
            eprintln!("jackknife fold {}/{k} done", fold + 1);
        }
    }
    out.into_iter().flatten().collect()
}

use std::path::Path;
use std::time::Instant;

use crate::parser::{Parser, ParserTrainOptions};
use crate::pipeline::Pipeline;
use crate::{ConlluError, ModelError};

/// A failed training or evaluation run.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A treebank could not be read.
    #[error("reading {path}: {source}")]
    Conllu {
        /// The file.
        path: String,
        /// What went wrong.
        #[source]
        source: ConlluError,
    },
    /// A model could not be loaded.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A model could not be written.
    #[error("writing {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
}

/// Reads a treebank, naming the file in the error.
pub fn read_treebank(path: &Path) -> Result<Vec<Sentence>, TrainError> {
    crate::read_conllu_file(path).map_err(|source| TrainError::Conllu {
        path: path.display().to_string(),
        source,
    })
}

fn write_model(path: &Path, bytes: &[u8]) -> Result<(), TrainError> {
    let err = |source| TrainError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
    }
    std::fs::write(path, bytes).map_err(err)
}

/// Trains the tagger on `train`, early-stopping on `dev`, writes it to
/// `out`, and returns a one-line report.
pub fn train_tagger_files(
    train: &Path,
    dev: &Path,
    out: &Path,
    opts: &TaggerTrainOptions,
) -> Result<String, TrainError> {
    let t0 = Instant::now();
    let train = read_treebank(train)?;
    let dev = read_treebank(dev)?;
    let tagger = Tagger::train(&train, &dev, opts);
    let sc = tagger.evaluate(&dev);
    let bytes = tagger.to_bytes();
    write_model(out, &bytes)?;
    Ok(format!(
        "tagger: dev UPOS {:.2}% XPOS {:.2}%, {} lemma exceptions, {} weights, {} bytes -> {} ({:.1}s)",
        100.0 * sc.upos,
        100.0 * sc.xpos,
        tagger.lemmatizer().learned_len(),
        tagger.nonzero_weights(),
        bytes.len(),
        out.display(),
        t0.elapsed().as_secs_f64()
    ))
}

/// Trains the parser on `train` with tags predicted by the tagger in
/// `tagger` (jackknifed over `jackknife` folds when ≥ 2, each fold's tagger
/// trained for `jk_epochs`), early-stopping on `dev`; writes it to `out`.
pub fn train_parser_files(
    train: &Path,
    dev: &Path,
    tagger: &Path,
    out: &Path,
    jackknife_folds: usize,
    jk_epochs: usize,
    opts: &ParserTrainOptions,
) -> Result<String, TrainError> {
    let t0 = Instant::now();
    let train = read_treebank(train)?;
    let dev = read_treebank(dev)?;
    let tagger = Tagger::load(tagger)?;
    let topts = TaggerTrainOptions {
        epochs: jk_epochs,
        seed: opts.seed,
        verbose: false,
        two_pass: false,
        ..Default::default()
    };
    let train_tagged = jackknife(&train, &dev, jackknife_folds, &tagger, &topts);
    let dev_tagged = retag(&tagger, &dev);
    if opts.verbose {
        eprintln!(
            "parser: training tags ready ({:.1}s)",
            t0.elapsed().as_secs_f64()
        );
    }
    let parser = Parser::train(&train_tagged, &dev_tagged, opts);
    let sc = parser.evaluate(&dev_tagged);
    let bytes = parser.to_bytes();
    write_model(out, &bytes)?;
    Ok(format!(
        "parser: dev UAS {:.2}% LAS {:.2}% (predicted tags), {} weights, {} bytes -> {} ({:.1}s)",
        100.0 * sc.uas,
        100.0 * sc.las,
        parser.nonzero_weights(),
        bytes.len(),
        out.display(),
        t0.elapsed().as_secs_f64()
    ))
}

/// Evaluates a pipeline on a gold CoNLL-U file; returns a printable report.
pub fn eval_file(p: &Pipeline, file: &Path) -> Result<String, TrainError> {
    let gold = read_treebank(file)?;
    let t0 = Instant::now();
    let s = p.evaluate(&gold);
    let secs = t0.elapsed().as_secs_f64();
    Ok(format!(
        "file   {}\nwords  {}\nUPOS   {:.2}\nXPOS   {:.2}\nlemma  {:.2}\nUAS    {:.2}\nLAS    {:.2}\nspeed  {:.0} words/s\n",
        file.display(),
        s.words,
        100.0 * s.upos,
        100.0 * s.xpos,
        100.0 * s.lemma,
        100.0 * s.uas,
        100.0 * s.las,
        s.words as f64 / secs.max(1e-9)
    ))
}
