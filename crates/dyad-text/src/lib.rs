//! # dyad-text: from a document's text to clean sentences and tokens
//!
//! This crate is the first stage of dyad's pipeline after reading. It takes the
//! text of one document (already decoded, and already extracted from HTML by
//! `dyad-read`) and finds in it:
//!
//! * boilerplate lines ("ALSO READ: …", "Advertisement", …), which are kept in
//!   [`Analysis::removed`] but never reach the coder;
//! * headings (short title-case lines without final punctuation), kept in
//!   [`Analysis::headings`] and never coded;
//! * a dateline ("BEIJING (Reuters) -"), kept as metadata in [`Analysis::dateline`];
//! * sentences (including bullet items, each its own unit) and their tokens,
//!   tokenised after the conventions of the UD English treebank.
//!
//! ## Why offsets, and why this crate never rewrites the text
//!
//! Every span this crate reports is a pair of **byte offsets into the text it
//! was given**, and that text is never modified. Normalisation (curly quotes,
//! dashes, non-breaking and zero-width spaces, HTML entities) happens in a
//! separate normalised copy that carries an alignment back to the original
//! bytes ([`normalize::Normalized`]), so a token's `norm` form can differ from
//! its original bytes while its `start..end` still slices the original. Later
//! stages (actors, events, quotes) inherit the same coordinates, which is what
//! lets any event be highlighted in its source.
//!
//! The crate does no I/O and holds no global state; [`analyze`] is a pure
//! function of its input.
#![deny(missing_docs)]

pub mod clean;
pub mod normalize;
pub mod sentences;
pub mod tokens;

use serde::Serialize;

/// A byte span `start..end` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The text the span covers in `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// One token: its byte span in the original text and, where it differs from
/// the original bytes, its normalised form (e.g. `’s` → `'s`, `&amp;` → `&`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The original bytes of the token.
    pub text: String,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte in the original text.
    pub end: usize,
    /// The normalised form, only when it differs from `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm: Option<String>,
}

impl Token {
    /// The form later stages should read: `norm` if present, else `text`.
    pub fn form(&self) -> &str {
        self.norm.as_deref().unwrap_or(&self.text)
    }
}

/// What kind of unit a [`Sentence`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceKind {
    /// A sentence of running text.
    Sentence,
    /// An item of a bullet or numbered list (its marker is not part of it).
    Item,
}

/// One sentence (or list item) with its tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Position of the sentence in the document, from 1.
    pub id: usize,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte in the original text.
    pub end: usize,
    /// Sentence or list item.
    pub kind: SentenceKind,
    /// The original text of the sentence (`text[start..end]`).
    pub text: String,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
}

/// A line the cleaner took out of the coded text, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// The line as it stands in the original text.
    pub text: String,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte in the original text.
    pub end: usize,
    /// Which rule removed it (e.g. `read-more`, `advertisement`, `photo-credit`).
    pub reason: String,
}

/// A heading: a line kept in the document but never coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The heading as it stands in the original text.
    pub text: String,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte in the original text.
    pub end: usize,
}

/// A news dateline such as `BEIJING (Reuters) -` or `MOSCOW, Nov 4 (AP) —`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dateline {
    /// The whole dateline as it stands in the original text.
    pub text: String,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte (including the closing dash).
    pub end: usize,
    /// The place, as written (`BEIJING`).
    pub place: String,
    /// The news agency, if named (`Reuters`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The date as written in the dateline (`Nov 4`), unresolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Everything this crate finds in one document's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Boilerplate lines, removed from the coded text.
    pub removed: Vec<Removed>,
    /// Headings, kept but not coded.
    pub headings: Vec<Heading>,
    /// The dateline, if the document opens with one.
    pub dateline: Option<Dateline>,
    /// Sentences and list items, in document order.
    pub sentences: Vec<Sentence>,
}

/// Cleans, splits and tokenises `text`. Pure; never panics on any input.
///
/// The steps are [`clean::clean`] (boilerplate, headings, dateline, list
/// items, and blocks of running text), [`sentences::split_with`] on each
/// block, and [`tokens::tokenize_into`] on each sentence. A sentence that is
/// itself boilerplate (a photo credit or sign-off sharing a line with real
/// text, see [`clean::sentence_boilerplate`]) goes to `removed` instead.
/// Every span in the result indexes `text` itself, and the output depends on
/// nothing but `text`.
pub fn analyze(text: &str) -> Analysis {
    let mut cleaned = clean::clean(text);
    let mut sentences = Vec::new();
    let mut late_removed = Vec::new();
    for block in &cleaned.blocks {
        sentences::split_with(text, block.start, block.end, |start, end| {
            if let Some(reason) = clean::sentence_boilerplate(&text[start..end]) {
                late_removed.push(Removed {
                    text: text[start..end].to_string(),
                    start,
                    end,
                    reason: reason.to_string(),
                });
                return;
            }
            // About one token per five bytes of news text; avoids regrowth.
            let mut tokens = Vec::with_capacity((end - start) / 5 + 2);
            tokens::tokenize_into(text, start, end, &mut tokens);
            sentences.push(Sentence {
                id: sentences.len() + 1,
                start,
                end,
                kind: block.kind,
                text: text[start..end].to_string(),
                tokens,
            });
        });
    }
    if !late_removed.is_empty() {
        cleaned.removed.append(&mut late_removed);
        cleaned.removed.sort_by_key(|r| r.start);
    }
    Analysis {
        removed: cleaned.removed,
        headings: cleaned.headings,
        dateline: cleaned.dateline,
        sentences,
    }
}

/// One news document as read from any input, before analysis.
///
/// `text` is the document's original text (for HTML, the extracted article
/// text); every offset dyad reports for this document indexes into it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Stable identifier: given by the input, or derived from the file name
    /// and position, or a content hash.
    pub id: String,
    /// Publication date, normalised to `YYYY-MM-DD` or an RFC 3339 timestamp
    /// with the offset it was written with (`2025-11-04T08:30:00+08:00`), so
    /// that relative dates resolve against the local date; `None` when unknown.
    pub published: Option<String>,
    /// Title, if the input had one.
    pub title: Option<String>,
    /// URL, if the input had one.
    pub url: Option<String>,
    /// Source (publisher or feed), if the input had one.
    pub source: Option<String>,
    /// The original text.
    pub text: String,
}
