//! Tone: how positive or negative a story's wording is.
//!
//! Analysts compare the tone of coverage across sources, countries and
//! time, so the measure must be simple, stable and explainable. We use the
//! measure made familiar by GDELT: the share of positive words minus the
//! share of negative words, in percent of all words,
//!
//! ```text
//! tone     = (positive − negative) / words × 100
//! polarity = (positive + negative) / words × 100
//! ```
//!
//! with two word lists of our own, written for news (`data/tone/`, format in
//! `data/tone/FORMAT.md`). A war report scores clearly below zero, a report
//! of a cooperation agreement above it; most news sits between −10 and +5.
//!
//! ## Choices, and why
//!
//! * **Only `analysis.sentences` count**, like themes: boilerplate and
//!   headings are not the story's wording.
//! * **A word is a token with a letter in it.** Punctuation and bare numbers
//!   do not dilute the percentages.
//! * **Negation neutralises, it does not flip.** After a negator (`not`,
//!   `n't`, `no`, `never`, `without`, …) the polarity of the next three
//!   words is ignored; a clause break (`, ; : . ! ?`, brackets, dashes) ends
//!   that scope early, and `not only` is no negation. Flipping would read
//!   "no casualties" as positive and "not a threat" as praise; news negation
//!   mostly removes a claim rather than asserting its opposite, so the
//!   conservative choice is to count neither.
//! * **Case-insensitive, with wildcards and exceptions.** There is no
//!   lemmatiser, so entries list inflections or end in `*` (`condemn*`). An
//!   exact entry beats a wildcard and a longer wildcard beats a shorter one,
//!   so the `@neutral` list can exempt words a wildcard would catch
//!   (`victoria` under `victor*`).
//!
//! ## Speed
//!
//! The lexicon is one byte trie; scoring a token is one lowercasing into a
//! reused buffer (ASCII fast path) and one walk, with no allocation.

use crate::themes::{
    add_all_or_nothing, content_lines, lowercase_into, parse_entry, read_list, WordTrie,
};
use dyad_text::{Analysis, Sentence};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

pub use crate::themes::LexiconError;

/// The built-in lexicon files, in the order they are loaded.
const BUILTIN: &[(&str, &str)] = &[
    (
        "data/tone/positive.txt",
        include_str!("../../../data/tone/positive.txt"),
    ),
    (
        "data/tone/negative.txt",
        include_str!("../../../data/tone/negative.txt"),
    ),
    (
        "data/tone/negators.txt",
        include_str!("../../../data/tone/negators.txt"),
    ),
    (
        "data/tone/neutral.txt",
        include_str!("../../../data/tone/neutral.txt"),
    ),
];

/// The names of the built-in lexicon files (relative to the repository).
pub fn builtin_files() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(name, _)| *name)
}

/// How many word tokens after a negator lose their polarity.
pub const NEGATION_SCOPE: usize = 3;

/// What a lexicon says about a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordClass {
    /// Counts as positive.
    Positive,
    /// Counts as negative.
    Negative,
    /// Neutralises the next [`NEGATION_SCOPE`] words.
    Negator,
    /// Counts as neither, even if a wildcard would match it.
    Neutral,
}

impl WordClass {
    const ALL: [WordClass; 4] = [
        WordClass::Positive,
        WordClass::Negative,
        WordClass::Negator,
        WordClass::Neutral,
    ];

    fn from_section(name: &str) -> Option<WordClass> {
        match name {
            "positive" => Some(WordClass::Positive),
            "negative" => Some(WordClass::Negative),
            "negator" => Some(WordClass::Negator),
            "neutral" => Some(WordClass::Neutral),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            WordClass::Positive => "positive",
            WordClass::Negative => "negative",
            WordClass::Negator => "negator",
            WordClass::Neutral => "neutral",
        }
    }
}

/// Where an entry was defined, for conflict messages.
#[derive(Debug, Clone)]
struct Origin {
    class: WordClass,
    file: String,
    line: usize,
}

/// A tone lexicon: positive, negative, negator and neutral words. Build one
/// with [`ToneLexicon::builtin`], or from [`ToneLexicon::new`] (or a clone
/// of the built-in one) with files of your own.
#[derive(Debug, Clone, Default)]
pub struct ToneLexicon {
    /// `(lowercase key, is wildcard)` → class and where it was defined.
    entries: HashMap<(Box<str>, bool), Origin>,
    trie: WordTrie,
}

impl ToneLexicon {
    /// An empty lexicon: every text scores 0.
    pub fn new() -> Self {
        ToneLexicon::default()
    }

    /// The built-in lexicon (`data/tone/*.txt`, compiled into the binary),
    /// parsed on first use and shared afterwards.
    ///
    /// # Panics
    ///
    /// Only if the built-in files are malformed, which the crate's tests
    /// rule out.
    pub fn builtin() -> &'static ToneLexicon {
        static LEX: OnceLock<ToneLexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let mut lex = ToneLexicon::new();
            for (name, text) in BUILTIN {
                if let Err(e) = lex.parse(name, text) {
                    panic!("built-in tone lexicon is malformed: {e}");
                }
            }
            lex.compile();
            lex
        })
    }

    /// Parses a lexicon from `text` (named `file` in errors).
    pub fn from_text(file: &str, text: &str) -> Result<Self, LexiconError> {
        let mut lex = ToneLexicon::new();
        lex.add_text(file, text)?;
        Ok(lex)
    }

    /// Reads a lexicon file.
    pub fn load_file(path: &Path) -> Result<Self, LexiconError> {
        let mut lex = ToneLexicon::new();
        lex.add_file(path)?;
        Ok(lex)
    }

    /// Adds the entries of `text` (named `file` in errors). An entry already
    /// defined by an earlier file takes its new class (so a user file can
    /// re-class a built-in word); the same entry with two classes in one
    /// file is an error. On error the lexicon is unchanged.
    pub fn add_text(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        add_all_or_nothing(self, |l| l.parse(file, text), ToneLexicon::compile)
    }

    /// Reads a lexicon file and adds its entries, as [`ToneLexicon::add_text`].
    pub fn add_file(&mut self, path: &Path) -> Result<(), LexiconError> {
        let (file, text) = read_list(path)?;
        self.add_text(&file, &text)
    }

    /// The number of entries (words and wildcards) of a class.
    pub fn count(&self, class: WordClass) -> usize {
        self.entries.values().filter(|o| o.class == class).count()
    }

    /// The class of one word (any case), or `None` if the lexicon does not
    /// list it.
    pub fn class_of(&self, word: &str) -> Option<WordClass> {
        let mut buf = Vec::new();
        lowercase_into(word, &mut buf);
        self.lookup(&buf)
    }

    /// The class of a lowercased word: an exact entry beats a wildcard, a
    /// longer wildcard beats a shorter one.
    #[inline]
    fn lookup(&self, lower: &[u8]) -> Option<WordClass> {
        let mut found = None;
        self.trie.walk(lower, |v, _| found = Some(v));
        found.and_then(|v| WordClass::ALL.get(v as usize).copied())
    }

    fn parse(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        let mut class: Option<WordClass> = None;
        // Entries of this file, to catch one entry in two sections.
        let mut here: HashMap<(Box<str>, bool), (WordClass, usize)> = HashMap::new();
        for (line, content) in content_lines(text) {
            let err = |message: String| LexiconError::Syntax {
                file: file.to_string(),
                line,
                message,
            };
            if let Some(name) = content.strip_prefix('@') {
                let name = name.trim();
                class = Some(WordClass::from_section(name).ok_or_else(|| {
                    err(format!(
                        "unknown section `@{name}` (expected @positive, @negative, \
                         @negator or @neutral)"
                    ))
                })?);
                continue;
            }
            let c = class.ok_or_else(|| err("entry before any `@section` header".into()))?;
            for item in content.split(';').map(str::trim).filter(|i| !i.is_empty()) {
                let words = parse_entry(item, true).map_err(err)?;
                let [w] = words.as_slice() else {
                    return Err(err(format!("`{item}`: tone entries are single words")));
                };
                let key = (w.key.clone(), w.prefix);
                if let Some(&(prev, prev_line)) = here.get(&key) {
                    if prev != c {
                        return Err(err(format!(
                            "`{item}` is already {} (line {prev_line})",
                            prev.name()
                        )));
                    }
                }
                here.insert(key.clone(), (c, line));
                let origin = Origin {
                    class: c,
                    file: file.to_string(),
                    line,
                };
                self.entries.insert(key, origin);
            }
        }
        Ok(())
    }

    fn compile(&mut self) {
        self.trie = WordTrie::build(
            self.entries
                .iter()
                .map(|((key, prefix), o)| (key.as_bytes(), *prefix, o.class as u32)),
        );
    }

    /// Where an entry was defined (`file:line`), for diagnostics.
    pub fn origin(&self, entry: &str) -> Option<String> {
        let (key, prefix) = match entry.strip_suffix('*') {
            Some(k) => (k, true),
            None => (entry, false),
        };
        let mut buf = Vec::new();
        lowercase_into(key, &mut buf);
        let key: Box<str> = String::from_utf8_lossy(&buf).into();
        self.entries
            .get(&(key, prefix))
            .map(|o| format!("{}:{}", o.file, o.line))
    }
}

/// The tone of a text.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Tone {
    /// `positive − negative`: from −100 (all negative) to +100.
    pub tone: f64,
    /// Positive words, in percent of all words.
    pub positive: f64,
    /// Negative words, in percent of all words.
    pub negative: f64,
    /// `positive + negative`: how charged the wording is, whatever its sign.
    pub polarity: f64,
    /// The number of words (tokens with a letter).
    pub words: usize,
}

impl Tone {
    fn from_counts(pos: usize, neg: usize, words: usize) -> Tone {
        if words == 0 {
            return Tone::default();
        }
        let w = words as f64;
        let positive = pos as f64 * 100.0 / w;
        let negative = neg as f64 * 100.0 / w;
        Tone {
            tone: positive - negative,
            positive,
            negative,
            polarity: positive + negative,
            words,
        }
    }
}

/// The tone of a document's sentences (headings and boilerplate excluded).
pub fn tone(lex: &ToneLexicon, analysis: &Analysis) -> Tone {
    tone_of(lex, &analysis.sentences)
}

/// The tone of some sentences, e.g. one sentence or a paragraph.
pub fn tone_of(lex: &ToneLexicon, sentences: &[Sentence]) -> Tone {
    let (mut pos, mut neg, mut words) = (0usize, 0usize, 0usize);
    let mut buf: Vec<u8> = Vec::with_capacity(32);
    for s in sentences {
        let mut scope = 0usize;
        for (i, t) in s.tokens.iter().enumerate() {
            let form = t.form();
            if !is_word(form) {
                if is_clause_break(form) {
                    scope = 0;
                }
                continue;
            }
            words += 1;
            lowercase_into(form, &mut buf);
            let class = lex.lookup(&buf);
            if class == Some(WordClass::Negator) {
                let only = s
                    .tokens
                    .get(i + 1)
                    .is_some_and(|n| n.form().eq_ignore_ascii_case("only"));
                scope = if only { 0 } else { NEGATION_SCOPE };
                continue;
            }
            if scope > 0 {
                scope -= 1;
                continue;
            }
            match class {
                Some(WordClass::Positive) => pos += 1,
                Some(WordClass::Negative) => neg += 1,
                _ => {}
            }
        }
    }
    Tone::from_counts(pos, neg, words)
}

/// A token with at least one letter.
#[inline]
fn is_word(form: &str) -> bool {
    if form.is_ascii() {
        form.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        form.chars().any(char::is_alphabetic)
    }
}

/// Punctuation that ends a negation's scope.
#[inline]
fn is_clause_break(form: &str) -> bool {
    matches!(
        form,
        "," | ";" | ":" | "." | "!" | "?" | "(" | ")" | "[" | "]" | "-" | "--" | "–" | "—"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(text: &str) -> ToneLexicon {
        match ToneLexicon::from_text("t.txt", text) {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        }
    }

    fn score(l: &ToneLexicon, text: &str) -> Tone {
        tone(l, &dyad_text::analyze(text))
    }

    const SMALL: &str =
        "@positive\ngood; peace*\n@negative\nbad; kill*\n@negator\nnot; n't; no\n@neutral\npeacock\n";

    #[test]
    fn counts_and_percentages() {
        let l = lex(SMALL);
        let t = score(&l, "Peaceful talks were good, but 3 were killed.");
        // Words: Peaceful talks were good but were killed (7; "3" is not a word).
        assert_eq!(t.words, 7);
        assert!((t.positive - 200.0 / 7.0).abs() < 1e-9);
        assert!((t.negative - 100.0 / 7.0).abs() < 1e-9);
        assert!((t.tone - 100.0 / 7.0).abs() < 1e-9);
        assert!((t.polarity - 300.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn negation_neutralises_three_words() {
        let l = lex(SMALL);
        assert_eq!(score(&l, "It was not good.").positive, 0.0);
        assert_eq!(score(&l, "It wasn't very good at all.").positive, 0.0);
        // Four words after the negator: out of scope.
        assert!(score(&l, "Not one of them was good.").positive > 0.0);
        // A comma ends the scope.
        assert!(score(&l, "No, it was good.").positive > 0.0);
        // "not only" is no negation.
        assert!(score(&l, "It was not only good.").positive > 0.0);
    }

    #[test]
    fn exceptions_beat_wildcards() {
        let l = lex(SMALL);
        assert_eq!(l.class_of("Peacekeepers"), Some(WordClass::Positive));
        assert_eq!(l.class_of("peacock"), Some(WordClass::Neutral));
        assert_eq!(l.class_of("pea"), None);
        assert_eq!(l.class_of("KILLINGS"), Some(WordClass::Negative));
    }

    #[test]
    fn empty_text_is_zero() {
        assert_eq!(score(ToneLexicon::builtin(), ""), Tone::default());
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = [
            ("good\n", 1, "before any"),
            ("@happy\n", 1, "unknown section"),
            ("@positive\nvery good\n", 2, "single words"),
            (
                "@positive\ngood\n@negative\n\ngood\n",
                5,
                "already positive",
            ),
            ("@negative\nk*ll\n", 2, "may only end"),
        ];
        for (text, line, what) in bad {
            match ToneLexicon::from_text("x.txt", text) {
                Err(e @ LexiconError::Syntax { .. }) => {
                    let msg = e.to_string();
                    assert!(msg.starts_with(&format!("x.txt:{line}: ")), "{msg}");
                    assert!(msg.contains(what), "{msg}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn later_file_reclasses() {
        let mut l = lex(SMALL);
        assert!(l.add_text("user.txt", "@neutral\nbad\n").is_ok());
        assert_eq!(l.class_of("bad"), Some(WordClass::Neutral));
        assert_eq!(l.origin("bad").as_deref(), Some("user.txt:2"));
        assert_eq!(l.origin("peace*").as_deref(), Some("t.txt:2"));
    }

    #[test]
    fn builtin_files_do_not_contradict_each_other() {
        // A later built-in file would silently re-class a word of an earlier
        // one; within the built-in lexicon that is always a mistake.
        let mut seen: HashMap<(Box<str>, bool), &str> = HashMap::new();
        for (name, text) in BUILTIN {
            let lex = match ToneLexicon::from_text(name, text) {
                Ok(l) => l,
                Err(e) => panic!("{e}"),
            };
            for key in lex.entries.keys() {
                if let Some(other) = seen.insert(key.clone(), name) {
                    panic!("`{}` is in both {other} and {name}", key.0);
                }
            }
        }
    }

    #[test]
    fn builtin_sizes() {
        let l = ToneLexicon::builtin();
        assert!(l.count(WordClass::Positive) >= 250);
        assert!(l.count(WordClass::Negative) >= 250);
        assert!(l.count(WordClass::Negator) >= 5);
    }
}
