//! # dyad-nlp: tagger, lemmatiser and dependency parser
//!
//! The event coder needs to know, for each verb, who did it (subject), to
//! whom (object, oblique), whether it was negated or modal, and what was
//! said. This crate provides that from tokenised English sentences, in pure
//! Rust with models trained on UD English EWT and shipped in `models/`.
//!
//! * [`Tagger`]: greedy averaged-perceptron tagger predicting UPOS and Penn
//!   XPOS jointly, with word-shape, prefix/suffix, context and previous-tag
//!   features and a tag dictionary for frequent unambiguous words.
//! * [`Lemmatizer`]: suffix rules conditioned on XPOS, our own irregular
//!   lists, and exceptions learned from the treebank.
//! * [`Parser`]: greedy arc-hybrid transition parser with labelled
//!   transitions, trained with a dynamic oracle and error exploration on
//!   jackknifed predicted tags.
//! * [`train`]: the training workflows behind `dyad train tagger|parser`.
//! * [`Pipeline`] ties them together; [`ParsedSentence`] has the helpers the
//!   coder uses (`subjects`, `objects`, `obliques`, `passive_agent`, …).
//! * [`conllu`] reads and writes CoNLL-U with typed, line-numbered errors.
//!
//! ## Why a transition parser
//! A greedy transition parser is linear in sentence length (exactly `2n`
//! transitions), so a 5,000-word "sentence" from a badly split page costs
//! no more per word than a short one, and its output is a well-formed tree
//! by construction (one head per word, one root, no cycles). Graph-based
//! parsers are cubic or quadratic and neural ones need large models and
//! matrix libraries; with rich feature templates (Zhang & Nivre 2011) a
//! perceptron transition parser is within a few points of them on news.
//!
//! ## Why feature hashing
//! Feature strings are never built: every feature is a 64-bit hash mixed
//! directly from word and tag hashes, and indexes a row of a fixed-size
//! weight table (one weight per class in the row, so scoring reads
//! contiguous memory). There is no feature dictionary to store or look up,
//! extraction does not allocate, and the model size is bounded by the table
//! size; after training the averaged weights are quantised to `i16`, small
//! ones are dropped, and only the non-zero ones are written — and kept: in
//! memory each row is a short list of (class, weight) pairs, so the shipped
//! models take about 50 MB of RAM and score a feature in one or two cache
//! lines.
//!
//! ## Model files
//! See [`model`] for the binary format (magic, version, FNV-1a checksum).
//! [`Pipeline::load`] reads a directory; [`Pipeline::builtin`] uses the
//! models embedded at compile time.
#![deny(missing_docs)]

pub mod conllu;
pub mod hash;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod pipeline;
pub mod tagger;
pub mod train;

pub use conllu::{ConlluError, Sentence, Word};
pub use lemma::Lemmatizer;
pub use model::{ModelError, ModelErrorKind};
pub use parser::{AttachScores, Parser, ParserTrainOptions};
pub use pipeline::{ParsedSentence, ParsedToken, Pipeline, PipelineScores};
pub use tagger::{TagScores, Tagger, TaggerTrainOptions};

/// Reads a CoNLL-U file.
pub fn read_conllu_file(path: impl AsRef<std::path::Path>) -> Result<Vec<Sentence>, ConlluError> {
    let f = std::fs::File::open(path)?;
    conllu::read(std::io::BufReader::new(f))
}
