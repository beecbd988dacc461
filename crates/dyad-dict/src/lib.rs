//! # dyad-dict: who is who, in dictionaries people can read
//!
//! Event coding starts by recognising actors: "Chinese President Xi Jinping",
//! "the Kremlin", "Georgian protesters", "Hamas". This crate holds dyad's
//! actor dictionaries and finds their phrases in tokenised sentences.
//!
//! ## Why plain text, and why dates
//!
//! The dictionaries are plain text files in `data/actors/` (format in
//! `data/actors/FORMAT.md`) so that analysts can read, correct and extend them
//! without touching code; the loader names the file and line of anything
//! malformed. Persons carry their offices with date ranges, because who
//! counts as a government changes: "Mishustin" is `RUSGOV` from 2020-01-16
//! and a news story from 2015 must not code him so. [`Actor::code_on`]
//! judges each mention against the document's publication date.
//!
//! PETRARCH/Phoenix dictionaries load too ([`petrarch`]), so users with years
//! of curated TABARI-style entries can keep them.
//!
//! ## Why a token trie
//!
//! Phrases are matched over the sentence's tokens (as `dyad-text` makes them),
//! not over raw characters: "U.S." and "People's Republic of China" are
//! tokenised exactly like the text they are looked for in, so matches always
//! fall on token boundaries. The trie makes a sentence's matching cost
//! proportional to its length, whatever the size of the dictionary; the
//! longest phrase wins ("Prime Minister Mikhail Mishustin" over "Mikhail").
//!
//! The crate does no I/O except in [`ActorDict::load_file`]; the built-in
//! dictionaries are compiled into the binary.
#![deny(missing_docs)]

mod actors;
pub mod cameo;
mod day;
mod ours;
pub mod petrarch;
pub mod verbs;

pub use actors::{
    country_part, Actor, ActorDict, ActorId, ActorKind, DatedCode, Match, Phrase, PhraseRole,
};
pub use cameo::{CameoTable, EventCode};
pub use day::Day;
pub use verbs::{Constraint, HeadWord, Pattern, VerbDict};

/// Why a dictionary could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// A line of a dictionary file is malformed.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The dictionary file.
        file: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The dictionary file.
        file: String,
        /// The system's reason.
        #[source]
        source: std::io::Error,
    },
}

/// A problem in a leniently read dictionary (PETRARCH files) that did not
/// stop loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictWarning {
    /// The dictionary file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What was skipped and why.
    pub message: String,
}

impl std::fmt::Display for DictWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}
