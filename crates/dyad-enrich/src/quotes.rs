//! Direct quotations and who said them.
//!
//! What actors *say* is half of political news, and a quotation carries its
//! speaker's own words, which is what analysts want to read next to an
//! event. This module finds the direct quotations of a document, decides
//! which are speech and which are only a term in quotation marks, and finds
//! the speaker of each from the attribution around it.
//!
//! ## Quotation marks
//!
//! Straight (`"…"`), curly (`“…”`), low (`„…“`) and angle (`«…»`) double
//! marks are read, and HTML entities for them. **Single quotation marks are
//! not read**: `‘` and `’` are also apostrophes (`Beijing’s`, `’98`,
//! `the players’ union`), so pairing them is unreliable, and news style uses
//! them mainly for quotes inside quotes and in headlines, which are not
//! searched (only sentences are; headings and removed boilerplate are not).
//!
//! Marks are paired in document order. A curly mark says which way it faces;
//! a straight one is opening or closing by parity, within a paragraph. A
//! curly mark that faces the wrong way for its place (a `”` preceded by a
//! space and followed by a letter) is read by its place.
//!
//! A quotation never runs past its paragraph, so an unbalanced mark cannot
//! swallow the rest of a document: an opening mark not closed by the end of
//! its paragraph ends there (or, if that paragraph is very long, at the end of
//! its own sentence) and is reported with `unclosed: true`. The one exception
//! is the news convention for quotations of several paragraphs: each
//! paragraph opens with a quotation mark and only the last one closes.
//! There, the quotation continues into the next paragraph.
//!
//! ## Parts and utterances
//!
//! Every [`Quote`] is one continuous stretch of quoted text, so that its
//! `text` is always exactly `original[start..end]`. One utterance can have
//! several: a quotation split by its attribution (`“…,” Xi said, “…”`) gives
//! two quotes with the same speaker, and a quotation running over several
//! paragraphs gives one per paragraph. The quotes of one utterance share the
//! same [`Quote::utterance`] number.
//!
//! ## Speech or term
//!
//! Quotation marks around a short phrase that nobody is reported to have
//! said (`a “no-limits” partnership`, `the “one-China” principle`, `what he
//! called a “turbulent” landscape`) mark a term, not a quotation: these are
//! [`QuoteKind::Term`] and have no speaker. A quotation of at most four
//! words is a term unless it reads as speech: it follows a colon, or a
//! comma and ends a sentence (`According to Xi, “We will win.”`), it opens
//! the sentence and ends in punctuation or is attributed right after (`“No,”
//! he said`), or a verb of saying introduces it (`he said it was
//! “unacceptable.”`) and it does not modify a noun. A longer phrase in which
//! every word is capitalised is a name or a title, also a term.
//!
//! ## Speakers
//!
//! The speaker is found, in this order:
//!
//! 1. right after the closing mark: `“…,” Xi said`, `“…,” said Xi`,
//!    `“…,” the ministry said in a statement`, `“…,” according to Xi`,
//!    `“…,” he was quoted as saying`;
//! 2. before the opening mark in the same sentence: `Xi said: “…”`,
//!    `Xi declared that … a firm “strategic choice.”` (the subject of the
//!    verb of saying, which may stand well before a partial quotation),
//!    `They committed to “…”`, `According to Xi, “…”`, `In Xi’s words, “…”`;
//! 3. in the sentence before, when it ends with a colon: `Xi said:`,
//!    `President Xi’s remarks were reported by state media:` (the owner of
//!    the remarks, not the media that reported them);
//! 4. from the quotation before, in the same paragraph (`“…,” he said.
//!    “…”`, `she described him as “…” and “…”`), or in the paragraph before
//!    when the quotation opens a paragraph of its own with no attribution.
//!
//! The speaker span is the whole noun phrase of the subject, appositive
//! included (`John Smith, a spokesman for the ministry`), but not the verb,
//! auxiliaries or adverbs (`has also said`), nor a relative clause (`Smith,
//! who …`). A personal pronoun (`He`, `They`) is reported as such with
//! `pronoun: true`, for the caller to resolve from its own mentions.
//!
//! The finder allocates only for what it reports, and touches only the
//! sentences that hold a quotation mark and their neighbours.

use dyad_text::{Analysis, Sentence, Token};
use serde::Serialize;

/// Whether a quotation is speech or a term in quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Reported speech (or writing).
    Quote,
    /// A short phrase in quotation marks that nobody is reported to have
    /// said: a scare quote, a name, a title.
    Term,
}

/// The speaker of a quotation, as written in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// Who spoke: the speaker's noun phrase (`President Xi`, `Russia's
    /// foreign ministry`); for a pronoun whose antecedent the coder
    /// resolved, the words that named it (`the two nations` for `They`).
    pub text: String,
    /// The attribution's own words when they differ from `text` (`They`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
    /// First byte of the attribution's words in the original text.
    pub start: usize,
    /// One past their last byte.
    pub end: usize,
    /// Whether the speaker is a personal pronoun, to be resolved by the caller.
    pub pronoun: bool,
    /// The speaker's actor code (`CHNGOV`), filled in by the event coder,
    /// which resolves names, pronouns and descriptions; `None` when no
    /// actor is known.
    pub code: Option<String>,
    /// Every actor the speaker stands for, when it is a group ("They",
    /// "the two nations" → `CHN`, `RUS`); `code` is the first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
}

/// One continuous stretch of quoted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quote's number in its document, from 1 (events list the quotes
    /// of their sentence by this number).
    pub id: usize,
    /// The quoted text, without the quotation marks
    /// (`original[start..end]`).
    pub text: String,
    /// First byte of the quoted text in the original text.
    pub start: usize,
    /// One past the last byte of the quoted text.
    pub end: usize,
    /// The sentences the quotation spans (`Sentence::id`), in order.
    pub sentence_ids: Vec<usize>,
    /// Who said it, when found; always `None` for a term.
    pub speaker: Option<Speaker>,
    /// Speech or term.
    pub kind: QuoteKind,
    /// Quotes with the same number are parts of one utterance (split by an
    /// attribution, or continued over paragraphs). Numbered from 0 in
    /// document order.
    pub utterance: usize,
    /// The closing mark was missing: the quote was cut at the end of its
    /// paragraph (or sentence).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unclosed: bool,
}

/// Finds the quotations in the sentences of a document whose original text
/// is `text`. Headings and removed boilerplate are not searched. Never
/// panics.
pub fn find_quotes(text: &str, analysis: &Analysis) -> Vec<Quote> {
    let sents = &analysis.sentences;
    let marks = collect_marks(text, sents);
    if marks.is_empty() {
        return Vec::new();
    }
    let paras = Paragraphs::new(text, sents);
    let utts = pair(text, sents, &paras, &marks);
    let doc = Doc {
        text,
        sents,
        marks: &marks,
    };
    let mut quotes = build(&doc, &paras, utts);
    for (i, q) in quotes.iter_mut().enumerate() {
        q.id = i + 1;
    }
    quotes
}

// ---------------------------------------------------------------------------
// Marks.

/// Which way a quotation mark faces, by its glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glyph {
    Open,
    Close,
    Either,
}

/// A quotation mark: a token of some sentence.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Sentence index (into `Analysis::sentences`).
    si: usize,
    /// Token index within the sentence.
    ti: usize,
    start: usize,
    end: usize,
    glyph: Glyph,
    /// Preceded by a space, an opening bracket or nothing.
    free_before: bool,
    /// Followed by a letter, digit or other non-space, non-closing character.
    attached_after: bool,
}

fn glyph_of(t: &Token) -> Option<Glyph> {
    match t.text.as_str() {
        "“" | "„" | "«" | "&ldquo;" | "&bdquo;" | "&laquo;" | "&#8220;" | "&#8222;" | "&#171;" => {
            Some(Glyph::Open)
        }
        "”" | "»" | "&rdquo;" | "&raquo;" | "&#8221;" | "&#187;" => Some(Glyph::Close),
        _ if t.form() == "\"" => Some(Glyph::Either),
        _ => None,
    }
}

fn collect_marks(text: &str, sents: &[Sentence]) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        // Cheap test first: no quote byte, no mark.
        let b = s.text.as_bytes();
        if memchr::memchr3(b'"', 0xE2, 0xC2, b).is_none() && memchr::memchr(b'&', b).is_none() {
            continue;
        }
        for (ti, t) in s.tokens.iter().enumerate() {
            let Some(glyph) = glyph_of(t) else { continue };
            let before = text.get(..t.start).and_then(|p| p.chars().next_back());
            let after = text.get(t.end..).and_then(|p| p.chars().next());
            let free_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c));
            let attached_after =
                after.is_some_and(|c| !c.is_whitespace() && !".,;:!?)]}”»".contains(c));
            marks.push(Mark {
                si,
                ti,
                start: t.start,
                end: t.end,
                glyph,
                free_before,
                attached_after,
            });
        }
    }
    marks
}

// ---------------------------------------------------------------------------
// Paragraphs.

/// The paragraph of every sentence. A paragraph ends at a newline, or in
/// hard-wrapped text at a blank or indented line.
struct Paragraphs {
    /// Paragraph number of each sentence.
    of: Vec<usize>,
    /// Index of the first and last sentence of each paragraph.
    bounds: Vec<(usize, usize)>,
}

impl Paragraphs {
    fn new(text: &str, sents: &[Sentence]) -> Paragraphs {
        let mut hard: Option<bool> = None;
        let mut of = Vec::with_capacity(sents.len());
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for (i, s) in sents.iter().enumerate() {
            let new_para = match i.checked_sub(1).and_then(|p| sents.get(p)) {
                None => true,
                Some(prev) => {
                    let gap = text.get(prev.end..s.start).unwrap_or("");
                    let newlines = gap.bytes().filter(|&b| b == b'\n').count();
                    if newlines == 0 {
                        false
                    } else if newlines >= 2 {
                        true
                    } else {
                        // One newline: a paragraph break unless the text is
                        // hard-wrapped and the next line is not indented.
                        let indented = gap.rsplit('\n').next().is_some_and(|t| !t.is_empty());
                        indented
                            || !*hard.get_or_insert_with(|| dyad_text::clean::is_hard_wrapped(text))
                    }
                }
            };
            if new_para {
                bounds.push((i, i));
            } else if let Some(last) = bounds.last_mut() {
                last.1 = i;
            }
            of.push(bounds.len().saturating_sub(1));
        }
        Paragraphs { of, bounds }
    }

    fn of(&self, si: usize) -> usize {
        self.of.get(si).copied().unwrap_or(0)
    }

    fn first(&self, p: usize) -> usize {
        self.bounds.get(p).map_or(0, |b| b.0)
    }

    fn last(&self, p: usize) -> usize {
        self.bounds.get(p).map_or(0, |b| b.1)
    }
}

// ---------------------------------------------------------------------------
// Pairing.

/// An unclosed quotation longer than this (in bytes) is cut at the end of its
/// opening sentence rather than its paragraph.
const MAX_UNCLOSED: usize = 1500;

/// One part of an utterance, before attribution.
#[derive(Debug, Clone)]
struct Part {
    /// Inner span (trimmed of whitespace).
    start: usize,
    end: usize,
    /// Index of the opening mark (into the marks).
    open: usize,
    /// Index of the closing mark, when the part is closed by one.
    close: Option<usize>,
    /// Index of the last sentence the part reaches.
    last_si: usize,
    unclosed: bool,
}

/// Parts that make one utterance.
#[derive(Debug, Clone, Default)]
struct Utt {
    parts: Vec<Part>,
}

/// Trims whitespace from both ends of `text[start..end]`.
fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    match text.get(start..end) {
        Some(s) => {
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            if lead + trail >= s.len() {
                (start, start)
            } else {
                (start + lead, end - trail)
            }
        }
        None => (start, start),
    }
}

struct Pairer<'a> {
    text: &'a str,
    sents: &'a [Sentence],
    paras: &'a Paragraphs,
    marks: &'a [Mark],
    utts: Vec<Utt>,
    cur: Utt,
    /// The pending opening mark.
    open: Option<usize>,
}

impl Pairer<'_> {
    fn mark(&self, k: usize) -> Option<&Mark> {
        self.marks.get(k)
    }

    fn push_part(
        &mut self,
        open: usize,
        end: usize,
        close: Option<usize>,
        last_si: usize,
        unclosed: bool,
    ) {
        let Some(m) = self.mark(open) else { return };
        let (s, e) = trim_span(self.text, m.end, end);
        if e > s {
            self.cur.parts.push(Part {
                start: s,
                end: e,
                open,
                close,
                last_si,
                unclosed,
            });
        }
    }

    fn finish_utt(&mut self) {
        let u = std::mem::take(&mut self.cur);
        if !u.parts.is_empty() {
            self.utts.push(u);
        }
    }

    /// Ends the pending quotation at the end of its paragraph (a
    /// continuation when `continued`, else an unclosed quotation).
    fn cut_at_paragraph(&mut self, open: usize, continued: bool) {
        let Some(m) = self.mark(open).copied() else {
            return;
        };
        let last = self.paras.last(self.paras.of(m.si));
        let para_end = self.sents.get(last).map_or(m.end, |s| s.end);
        if !continued && para_end.saturating_sub(m.end) > MAX_UNCLOSED {
            let own_end = self.sents.get(m.si).map_or(m.end, |s| s.end);
            self.push_part(open, own_end, None, m.si, true);
        } else {
            self.push_part(open, para_end, None, last, !continued);
        }
    }

    fn run(&mut self) {
        for k in 0..self.marks.len() {
            let Some(m) = self.mark(k).copied() else {
                continue;
            };
            let p = self.paras.of(m.si);
            if let Some(o) = self.open {
                let op = self.mark(o).map_or(p, |om| self.paras.of(om.si));
                if op != p {
                    // The pending quotation reached the end of its paragraph.
                    let opens_next_para = p == op + 1
                        && m.ti == 0
                        && m.si == self.paras.first(p)
                        && (m.glyph != Glyph::Close || m.attached_after);
                    self.open = None;
                    if opens_next_para {
                        self.cut_at_paragraph(o, true);
                        self.open = Some(k);
                        continue;
                    }
                    self.cut_at_paragraph(o, false);
                    self.finish_utt();
                }
            }
            let looks_open = m.free_before && m.attached_after;
            let looks_close = !m.free_before && !m.attached_after;
            match (self.open, m.glyph) {
                (Some(o), Glyph::Close | Glyph::Either) => self.close(o, k),
                (Some(o), Glyph::Open) => {
                    if looks_close {
                        self.close(o, k);
                    } else {
                        // A second opening mark: the first one was stray;
                        // it ends with its sentence (or at this mark).
                        let si = self.mark(o).map_or(m.si, |om| om.si);
                        let own_end = self.sents.get(si).map_or(m.start, |s| s.end);
                        self.push_part(o, own_end.min(m.start), None, si, true);
                        self.finish_utt();
                        self.open = Some(k);
                    }
                }
                (None, Glyph::Open) => self.open = Some(k),
                (None, Glyph::Close) => {
                    if looks_open {
                        self.open = Some(k);
                    }
                }
                (None, Glyph::Either) => {
                    // A straight mark opens unless nothing can follow it.
                    let at_end = self
                        .sents
                        .get(m.si)
                        .is_some_and(|s| m.ti + 1 >= s.tokens.len());
                    if !at_end || m.attached_after {
                        self.open = Some(k);
                    }
                }
            }
        }
        if let Some(o) = self.open.take() {
            self.cut_at_paragraph(o, false);
        }
        self.finish_utt();
    }

    fn close(&mut self, open: usize, close: usize) {
        let Some(c) = self.mark(close).copied() else {
            return;
        };
        self.push_part(open, c.start, Some(close), c.si, false);
        self.finish_utt();
        self.open = None;
    }
}

fn pair(text: &str, sents: &[Sentence], paras: &Paragraphs, marks: &[Mark]) -> Vec<Utt> {
    let mut p = Pairer {
        text,
        sents,
        paras,
        marks,
        utts: Vec::new(),
        cur: Utt::default(),
        open: None,
    };
    p.run();
    p.utts
}

// ---------------------------------------------------------------------------
// Word lists. All comparisons ignore ASCII case unless noted.

fn is(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

fn starts_lower(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

/// Lower-case, or a clitic (`'ve`, `'m`).
fn lowerish(w: &str) -> bool {
    starts_lower(w) || w.starts_with('\'') && w.len() > 1
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Verbs of saying that attribute a quotation next to them (`“…,” Xi
/// said`, `said Xi`, `he said “…”`).
#[rustfmt::skip]
const SAY: &[&str] = &[
    "said", "says", "say", "told", "tells", "added", "adds", "declared", "declares", "stated",
    "noted", "warned", "warns", "insisted", "insists", "wrote", "writes", "tweeted", "tweets",
    "posted", "asked", "asks", "replied", "replies", "answered", "explained", "explains",
    "continued", "continues", "recalled", "recalls", "remarked", "argued", "argues", "claimed",
    "stressed", "stresses", "emphasized", "emphasised", "announced", "announces", "shouted",
    "exclaimed", "cautioned", "conceded", "acknowledged", "admitted", "commented", "observed",
    "responded", "quipped", "predicted", "concluded", "urged", "urges", "pleaded", "demanded",
    "affirmed", "asserted", "maintained", "countered", "testified", "reiterated", "confirmed",
    "denied", "vowed", "pledged", "promised", "joked", "sighed", "suggested", "contended",
    "lamented", "complained", "mused", "boasted", "charged", "alleged", "retorted", "snapped",
    "thundered", "underlined", "underscored", "reported", "informed", "add", "tell", "warn",
    "write", "ask", "explain", "insist", "declare", "argue", "reads", "read",
];

/// Verbs that also introduce a partial quotation in their object
/// (`They committed to “…”`, `he called for “…”`), beyond [`SAY`].
#[rustfmt::skip]
const SAY_BROAD: &[&str] = &[
    "assailed", "slammed", "blasted", "decried", "derided", "mocked", "ridiculed", "lashed",
    "committed", "commits", "called", "calls", "hailed", "praised", "condemned", "criticized",
    "criticised", "denounced", "accused", "blamed", "welcomed", "expressed", "voiced", "rejected",
    "dismissed", "described", "describes", "labelled", "labeled", "dubbed", "termed", "proposed",
    "threatened", "assured", "reassured", "reaffirmed", "highlighted", "spoke", "referred",
    "pointed", "characterized", "characterised", "branded", "announced", "promised", "pledges",
    "vows", "expressing", "saying", "adding", "telling", "warning", "noting", "describing",
    "urging", "insisting", "stressing", "arguing", "declaring", "vowing", "pledging", "promising",
    "calling", "writing", "asking", "explaining", "claiming", "accusing", "demanding", "stating",
    "confirming", "reiterating", "talked", "reports", "quoting", "citing", "speaking", "describe",
    "call", "commit", "pledge", "vow", "promise",
];

/// Participles of saying, whose subject is the clause's subject (`He left,
/// saying “…”`), or the noun phrase right before them (`with Smith saying`).
#[rustfmt::skip]
const SAY_ING: &[&str] = &[
    "saying", "adding", "telling", "warning", "noting", "describing", "urging", "insisting",
    "stressing", "arguing", "declaring", "vowing", "pledging", "promising", "calling", "writing",
    "asking", "explaining", "claiming", "accusing", "demanding", "stating", "confirming",
    "reiterating", "expressing", "citing",
];

/// Verbs after which the speaker may follow (`“…,” said Xi`).
#[rustfmt::skip]
const SAY_INVERTED: &[&str] = &[
    "said", "says", "added", "asked", "wrote", "continued", "explained", "recalled", "insisted",
    "warned", "noted", "declared", "replied", "answered", "stated", "tweeted", "posted",
    "concluded", "argued", "reads", "read", "remarked",
];

/// Personal pronouns: reported with `pronoun: true`.
#[rustfmt::skip]
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me",
];

/// Auxiliaries, negation and adverbs between a subject and its verb
/// (`Xi has also said`), left out of the speaker.
#[rustfmt::skip]
const BETWEEN: &[&str] = &[
    "has", "have", "had", "was", "were", "is", "are", "be", "been", "would", "will", "could", "can",
    "may", "might", "should", "shall", "did", "does", "do", "also", "later", "then", "previously",
    "earlier", "again", "further", "separately", "reportedly", "allegedly", "publicly", "privately",
    "repeatedly", "recently", "once", "never", "not", "n't", "already", "still", "often",
    "frequently", "subsequently", "immediately", "quickly", "initially", "originally", "finally",
    "ultimately", "openly", "firmly", "strongly", "resolutely", "clearly", "simply", "just", "even",
    "jointly", "personally", "officially", "formally", "explicitly", "directly", "angrily",
    "proudly", "confidently", "emphatically", "bluntly", "flatly", "categorically", "yesterday",
    "today", "tonight", "too", "himself", "herself", "themselves", "itself", "always", "however",
    "meanwhile", "though", "nevertheless", "in", "turn", "first", "last", "quoted", "as", "saying",
];

/// Words that end a subject when walking back from its verb.
#[rustfmt::skip]
const CLAUSE_STARTS: &[&str] = &[
    "that", "when", "after", "before", "while", "because", "if", "since", "although", "though",
    "where", "but", "so", "nor", "until", "once", "whereas", "then", "than", "whether", "what",
    "how", "why", "said", "says", "told",
];

/// Words for a time, skipped with their preposition between a subject
/// and its verb (`Smith on Sunday said`).
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "week", "month",
    "year", "night", "morning", "afternoon", "evening", "weekend", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December",
];

/// Common irregular past tenses, which end a subject at the start of a
/// sentence (`He went on to add`).
#[rustfmt::skip]
const PAST_IRREGULAR: &[&str] = &[
    "went", "came", "made", "gave", "took", "got", "left", "met", "held", "sent", "began", "became",
    "saw", "found", "kept", "put", "set", "ran", "won", "lost", "led", "brought", "thought", "felt",
    "spent", "paid", "sought", "fought", "struck", "knew", "grew", "drew", "threw", "chose", "rose",
    "fell", "hit", "cut", "let", "sat", "stood", "heard", "spoke", "wrote", "told", "said", "read",
    "gets", "goes", "makes", "takes", "wants", "wanted",
];

/// Whether a lower-case word looks like a verb (or an auxiliary).
fn verbish(w: &str) -> bool {
    starts_lower(w)
        && (is(w, BETWEEN)
            || is(w, SAY)
            || is(w, SAY_BROAD)
            || is(w, PAST_IRREGULAR)
            || (w.len() > 4 && w.ends_with("ed")))
}

/// Nouns ending in `-ly`, which are not adverbs.
#[rustfmt::skip]
const LY_NOUNS: &[&str] = &[
    "family", "assembly", "ally", "rally", "supply", "monopoly", "anomaly", "homily", "belly",
    "bully", "folly", "lily", "jelly", "tally", "melee", "italy", "july", "daily", "weekly",
    "monthly", "quarterly", "fly", "butterfly",
];

/// Relative pronouns: the speaker is the noun phrase before them (`Officials
/// who spoke on condition of anonymity said`).
const RELATIVES: &[&str] = &["who", "which", "whose", "whom"];

/// Prepositions that open an introductory phrase (`On Tuesday Xi said`).
#[rustfmt::skip]
const PREPS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "from", "for", "by", "with", "to", "of", "since",
    "following", "amid", "despite", "under", "speaking", "asked",
];

/// Determiners, which the speaker may start with.
#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "some",
    "many", "several", "both", "two", "three", "other", "another", "one", "most", "all", "each",
    "every", "no",
];

/// Nouns for what was said: `Xi's remarks`, `a statement from the ministry`.
#[rustfmt::skip]
const SAYINGS: &[&str] = &[
    "remarks", "comments", "words", "statement", "message", "speech", "address", "letter",
    "response", "reply", "post", "tweet", "note", "announcement", "declaration", "testimony",
    "interview", "report", "communique", "communiqué", "readout", "transcript",
];

/// Function words that may follow a quotation that does not modify a noun.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "but", "to", "in", "on", "at", "for", "with", "as", "that", "which", "who", "of",
    "by", "from", "than", "if", "when", "while", "because", "after", "before", "is", "was", "are",
    "were", "has", "had", "have", "will", "would", "can", "could", "he", "she", "they", "it", "we",
    "i", "the", "a", "an", "said", "says", "told", "added", "according", "about", "over", "against",
    "into", "since", "during", "amid", "so", "then", "not",
];

/// Small words a title may have in lower case (`Gone with the Wind`).
#[rustfmt::skip]
const TITLE_SMALL: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "a", "an", "to", "at", "with", "by", "or", "from", "&",
    "-", "--", ":",
];

/// Words left out at the start of a speaker (`and the minister`).
#[rustfmt::skip]
const LEADING_JUNK: &[&str] = &[
    "and", "but", "so", "then", "also", "while", "as", "however", "meanwhile",
];

/// Words that open an introductory phrase ending in a comma (`However, …`).
#[rustfmt::skip]
const INTRO_WORDS: &[&str] = &[
    "however", "meanwhile", "separately", "earlier", "later", "also", "but", "and", "when", "while",
    "after", "before", "as", "if",
];

/// Words that end a noun phrase read forwards (`said Xi in a statement`).
#[rustfmt::skip]
const NP_AFTER_STOPS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "while", "when", "to", "that", "who", "which",
    "as", "and", "but", "because", "than", "for", "via", "told", "said", "following", "with",
];

fn is_quote_tok(t: &Token) -> bool {
    glyph_of(t).is_some()
}

fn is_punct(w: &str) -> bool {
    !w.is_empty() && !w.chars().any(char::is_alphanumeric)
}

// ---------------------------------------------------------------------------
// Attribution.

/// The document under study.
struct Doc<'a> {
    text: &'a str,
    sents: &'a [Sentence],
    marks: &'a [Mark],
}

/// A speaker found for an utterance, and where its attribution ends when
/// it follows the quotation (for merging a quotation split by it).
#[derive(Debug, Clone)]
struct Found {
    speaker: Speaker,
    /// Sentence index and token index of the end of the attribution (one
    /// past the verb), when it follows the quotation.
    after: Option<(usize, usize)>,
}

fn tok_form(toks: &[Token], i: usize) -> &str {
    toks.get(i).map_or("", Token::form)
}

/// A speaker from the tokens `a..b` of sentence `s`.
fn speaker_from(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize) -> Option<Speaker> {
    let toks = &s.tokens;
    let (a, b) = clean_np(toks, a, b)?;
    let start = toks.get(a)?.start;
    let end = toks.get(b.checked_sub(1)?)?.end;
    let text = doc.text.get(start..end)?;
    let pronoun = b == a + 1 && is(tok_form(toks, a), PRONOUNS);
    Some(Speaker {
        text: text.to_string(),
        mention: None,
        start,
        end,
        pronoun,
        code: None,
        codes: Vec::new(),
    })
}

/// Trims a candidate noun phrase `a..b`: leading conjunctions, an
/// introductory prepositional phrase, trailing auxiliaries and adverbs,
/// trailing punctuation, and a relative clause. `None` when nothing
/// noun-like is left.
fn clean_np(toks: &[Token], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    b = b.min(toks.len());
    // A relative clause: keep the head (`Smith, who …` → `Smith`).
    if let Some(r) = (a..b)
        .find(|&i| i > a && starts_lower(tok_form(toks, i)) && is(tok_form(toks, i), RELATIVES))
    {
        b = r;
    }
    // `Judge Miller's statement` → `Judge Miller`.
    if let Some(k) = (a + 1..b).rev().find(|&k| tok_form(toks, k) == "'s") {
        if (k + 1..b).any(|j| is(tok_form(toks, j), SAYINGS)) {
            b = k;
        }
    }
    loop {
        while b > a {
            let w = tok_form(toks, b - 1);
            let adverb = starts_lower(w) && w.len() > 4 && w.ends_with("ly") && !is(w, LY_NOUNS);
            // `the World Health Organization (WHO)` keeps its bracket.
            if w == ")" && (a..b).any(|i| tok_form(toks, i) == "(") {
                break;
            }
            if is_punct(w) && w != "'s"
                || (lowerish(w) && (is(w, BETWEEN) || is(w, PREPS)))
                || adverb && b > a + 1
            {
                b -= 1;
            } else {
                break;
            }
        }
        while a < b {
            let w = tok_form(toks, a);
            if is_punct(w) || is(w, LEADING_JUNK) {
                a += 1;
            } else {
                break;
            }
        }
        // An introductory phrase without a comma: `On Tuesday Xi`,
        // `In a statement the ministry`.
        if a + 1 < b && is(tok_form(toks, a), PREPS) {
            let mut k = a + 1;
            if is(tok_form(toks, k), DETERMINERS) {
                k += 1;
            }
            k += 1;
            // `with Zinichev` → `Zinichev`, `On Tuesday Xi` → `Xi`.
            a = if k < b { k } else { a + 1 };
            continue;
        }
        break;
    }
    if a >= b || b - a > 14 {
        return None;
    }
    // Something noun-like: a capitalised word, a pronoun, or a lower-case
    // word that is not a verb of saying or an auxiliary.
    let ok = (a..b).any(|i| {
        let w = tok_form(toks, i);
        starts_upper(w)
            || is(w, PRONOUNS)
            || (starts_lower(w) && !is(w, BETWEEN) && !is(w, SAY) && !is(w, DETERMINERS))
    });
    let first = tok_form(toks, a);
    if !ok
        || starts_lower(first) && is(first, SAY)
        || is(first, &["is", "was", "are", "were", "it's", "there"]) && b > a + 1
    {
        return None;
    }
    Some((a, b))
}

/// The subject of the verb at token `v`: walks back to the start of the
/// clause, keeping an appositive (`John Smith, a spokesman, said`).
fn subject_before(doc: &Doc<'_>, s: &Sentence, v: usize) -> Option<Speaker> {
    let toks = &s.tokens;
    // Step back over auxiliaries and adverbs.
    let mut b = v;
    loop {
        let w = tok_form(toks, b.wrapping_sub(1));
        if b > 0 && lowerish(w) && is(w, BETWEEN) {
            b -= 1;
        } else if b > 1
            && is(w, TIME_WORDS)
            && is(
                tok_form(toks, b - 2),
                &["on", "in", "at", "last", "this", "late", "early"],
            )
        {
            // `Smith, a spokesman, on Sunday told`.
            b -= 2;
        } else {
            break;
        }
    }
    // `… I think I've said`: a pronoun right before the verb is the subject.
    if b > 0
        && is(
            tok_form(toks, b - 1),
            &["i", "he", "she", "we", "they", "it", "you"],
        )
    {
        return speaker_from(doc, s, b - 1, b);
    }
    // `went on to add`, `wants to say`: the subject of the main verb.
    if tok_form(toks, b.wrapping_sub(1)) == "to" {
        return leading_subject(doc, s, b);
    }
    // `a statement which read`: the statement, or who made it.
    let relative = b > 0 && is(tok_form(toks, b - 1), RELATIVES);
    if relative {
        b -= 1;
    }
    let mut a = b;
    // Commas walked over, right to left: the first closes an appositive
    // right before the verb (`John Smith, a spokesman, said`).
    let mut commas: Vec<usize> = Vec::new();
    while a > 0 {
        let t = &toks[a - 1];
        let w = t.form();
        if w == ")" {
            // `The Iranian Revolutionary Guard Corps (IRGC) said`: keep the
            // parenthesis with its noun.
            let open = (a.saturating_sub(6)..a - 1)
                .rev()
                .find(|&j| tok_form(toks, j) == "(");
            let annotates = |op: usize| op > 0 && starts_upper(tok_form(toks, op - 1));
            if let Some(op) = open.filter(|&op| annotates(op)) {
                a = op;
                continue;
            }
            break;
        }
        if is_quote_tok(t) || matches!(w, ":" | ";" | "(" | "--" | "[" | "]") {
            break;
        }
        if w == "," {
            if (a == b || !commas.is_empty()) && commas.len() < 4 {
                commas.push(a - 1);
                a -= 1;
                continue;
            }
            break;
        }
        if starts_lower(w) && is(w, CLAUSE_STARTS) {
            break;
        }
        if starts_lower(w) && (is(w, SAY) || is(w, SAY_BROAD)) {
            // `Znak.com reported its source said`: its source; but in
            // `officials who spoke on condition of anonymity said` the verb
            // is inside the subject.
            let before = a.checked_sub(2).map_or("", |i| tok_form(toks, i));
            if !(starts_lower(before) && is(before, RELATIVES)) {
                break;
            }
        }
        if relative
            && starts_lower(w)
            && (is(w, PAST_IRREGULAR) || w.len() > 4 && w.ends_with("ed"))
        {
            break;
        }
        if starts_lower(w) && is(w, RELATIVES) {
            // `to which Trump claimed`: the relative opens the clause whose
            // subject follows it; in `officials who spoke … said` a verb
            // follows it and the relative clause is part of the subject.
            let next = tok_form(toks, a);
            if !(starts_lower(next) && !is(next, DETERMINERS) && !is(next, PRONOUNS)) {
                break;
            }
        }
        if is(w, &["and", "or", "&"]) {
            // `Xi and Putin said`, but `… released a report and said`.
            let before = a.checked_sub(2).map_or("", |i| tok_form(toks, i));
            let after = tok_form(toks, a);
            if !(starts_upper(before) && starts_upper(after) || is(after, PRONOUNS) && a < b) {
                break;
            }
        }
        a -= 1;
        let cap = if commas.is_empty() { 16 } else { 32 };
        if b - a > cap {
            return None;
        }
    }
    if !commas.is_empty() {
        // One comma before the verb closed an introductory phrase or a
        // list, not an appositive.
        if commas.len() == 1 {
            return None;
        }
        (a, b) = appositive(toks, a, &commas)?;
    }
    let sp = speaker_from(doc, s, a, b);
    if relative && b > 0 && is(tok_form(toks, b - 1), SAYINGS) {
        // `Facebook released a statement which read`: Facebook.
        if let Some(owner) = leading_subject(doc, s, a) {
            return Some(owner);
        }
    }
    if sp.is_some() {
        return sp;
    }
    // `… and said`, or a clause with no subject before the verb: the
    // subject of the sentence.
    leading_subject(doc, s, v)
}

/// The subject from comma-separated segments before a verb: the first one
/// that is not an introductory phrase (`In Beijing,`), with the appositive
/// right after it when that is a description (`John Smith, a spokesman`)
/// rather than an aside (`Cruz, in remarks to ABC,`). `commas` are the
/// commas' token indices, right to left; the last segment is empty.
fn appositive(toks: &[Token], a: usize, commas: &[usize]) -> Option<(usize, usize)> {
    let mut segs: Vec<(usize, usize)> = Vec::with_capacity(commas.len());
    let mut start = a;
    for &c in commas.iter().rev() {
        segs.push((start, c));
        start = c + 1;
    }
    let aside = |seg: (usize, usize)| {
        let w = tok_form(toks, seg.0);
        seg.0 >= seg.1
            || is(w, PREPS)
            || is(w, INTRO_WORDS)
            || is(w, RELATIVES)
            || w.eq_ignore_ascii_case("according")
            || lowerish(w) && (is(w, BETWEEN) || is(w, PAST_IRREGULAR))
            || w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")) && starts_lower(w)
    };
    let h = segs.iter().position(|&seg| !aside(seg))?;
    let head = segs.get(h)?;
    let mut end = head.1;
    if let Some(&app) = segs.get(h + 1) {
        if !aside(app) && app.1 - head.0 <= 14 {
            end = app.1;
        }
    }
    Some((head.0, end))
}

/// The subject at the start of the clause that ends at token `limit`
/// (after a `;` and after an introductory phrase ending in a comma), for
/// verbs whose own subject is elided (`He left, saying …`, `… and added`).
fn leading_subject(doc: &Doc<'_>, s: &Sentence, limit: usize) -> Option<Speaker> {
    let toks = &s.tokens;
    let limit = limit.min(toks.len());
    let start = (0..limit)
        .rev()
        .find(|&i| matches!(tok_form(toks, i), ";" | ":"))
        .map_or(0, |i| i + 1);
    let w0 = tok_form(toks, start);
    let participle = starts_upper(w0) && w0.len() > 5 && w0.ends_with("ing");
    if is(w0, PREPS) || is(w0, INTRO_WORDS) || participle {
        // After the introductory phrase (`Having won …, Derakhshani`), or,
        // when nothing follows its comma, from the start (`Boeing …`).
        let after = (start..limit)
            .find(|&i| tok_form(toks, i) == ",")
            .map(|c| c + 1);
        if let Some(sp) = after.and_then(|a| np_from(doc, s, a, limit)) {
            return Some(sp);
        }
    }
    np_from(doc, s, start, limit)
}

/// The noun phrase from token `a` up to the first verb-like word (before
/// `limit`).
fn np_from(doc: &Doc<'_>, s: &Sentence, a: usize, limit: usize) -> Option<Speaker> {
    let toks = &s.tokens;
    let mut b = a;
    while b < limit {
        let w = tok_form(toks, b);
        let stop = verbish(w) || starts_lower(w) && (is(w, CLAUSE_STARTS) || is(w, RELATIVES));
        if stop || is_punct(w) && w != "'s" || is_quote_tok(&toks[b]) || b - a >= 12 {
            break;
        }
        b += 1;
    }
    if b == a {
        return None;
    }
    speaker_from(doc, s, a, b)
}

/// The noun phrase after token `i` (`according to X`, `said X`), up to a
/// preposition, a clause or the end of the sentence; with `appositive`,
/// through one comma (`said Delfin Lorenzana, the Defence Secretary`).
fn np_after(doc: &Doc<'_>, s: &Sentence, i: usize, appositive: bool) -> Option<Speaker> {
    let toks = &s.tokens;
    let mut a = i;
    let mut b = a;
    let mut commas = 0;
    while b < toks.len() && b - a < 16 {
        let t = &toks[b];
        let w = t.form();
        if w == ","
            && appositive
            && commas == 0
            && b > a
            && np_start_ok(tok_form(toks, b + 1))
            && !is(tok_form(toks, b + 1), PREPS)
        {
            commas += 1;
            b += 1;
            continue;
        }
        if is_quote_tok(t) || (is_punct(w) && w != "'s") {
            break;
        }
        let name_goes_on = is(w, &["for", "of"]) && starts_upper(tok_form(toks, b + 1));
        if b > a && starts_lower(w) && is(w, NP_AFTER_STOPS) && !name_goes_on {
            break;
        }
        // `a statement from the ministry`, `a tweet on Monday by X`: X.
        if b > a && is(w, &["from", "by", "of"]) && (a..b).any(|k| is(tok_form(toks, k), SAYINGS)) {
            a = b + 1;
        }
        b += 1;
    }
    if !np_start_ok(tok_form(toks, a)) {
        return None;
    }
    speaker_from(doc, s, a, b)
}

/// `X's remarks|words|statement` in tokens `..limit` of the sentence: X.
fn possessor_of_remarks(doc: &Doc<'_>, s: &Sentence, limit: usize) -> Option<Speaker> {
    let toks = &s.tokens;
    let limit = limit.min(toks.len());
    for k in 1..limit {
        if !matches!(tok_form(toks, k), "'s" | "'") {
            continue;
        }
        // `Xi's remarks`, `Xi's latest remarks`.
        if !(k + 1..(k + 4).min(limit)).any(|j| is(tok_form(toks, j), SAYINGS)) {
            continue;
        }
        // The possessor: capitalised words, with `of` inside a name
        // (`Ministry of Foreign Affairs`).
        let mut a = k;
        while a > 0 && k - a < 8 {
            let w = tok_form(toks, a - 1);
            let inner_of =
                a < k && a >= 2 && is(w, &["of", "for"]) && starts_upper(tok_form(toks, a - 2));
            if starts_upper(w) || inner_of {
                a -= 1;
            } else {
                break;
            }
        }
        if a < k && a > 0 && tok_form(toks, a - 1).eq_ignore_ascii_case("the") {
            a -= 1;
        }
        if a == k {
            // A lower-case possessor (`the ministry's statement`): back to
            // its determiner.
            let mut j = k;
            while j > 0 && k - j < 5 {
                j -= 1;
                let w = tok_form(toks, j);
                if is(w, DETERMINERS) {
                    a = j;
                    break;
                }
                if !starts_lower(w) {
                    break;
                }
            }
        }
        // Only as the subject or an opening phrase (`Xi's remarks were
        // reported`, `In Xi's words`), not as an object (`X opposed
        // Macron's statement:`).
        let opening =
            (0..a).all(|j| is(tok_form(toks, j), PREPS) || is(tok_form(toks, j), DETERMINERS));
        if !opening {
            continue;
        }
        if let Some(sp) = speaker_from(doc, s, a, k) {
            return Some(sp);
        }
    }
    None
}

/// Whether a word can open the speaker's noun phrase.
fn np_start_ok(w: &str) -> bool {
    starts_upper(w)
        || w.starts_with(|c: char| c.is_ascii_digit())
        || is(w, DETERMINERS)
        || is(w, PRONOUNS)
        || (starts_lower(w) && !is(w, FUNCTION_WORDS) && !is(w, BETWEEN) && !is(w, PREPS))
}

/// Attribution right after the closing mark at token `c` of sentence `si`.
fn after_quote(doc: &Doc<'_>, si: usize, c: usize) -> Option<Found> {
    let s = doc.sents.get(si)?;
    let toks = &s.tokens;
    let mut j = c + 1;
    if matches!(tok_form(toks, j), "," | "--") {
        j += 1;
    }
    let w = tok_form(toks, j);
    if !w.starts_with(char::is_alphanumeric) {
        return None;
    }
    let np_ok = np_start_ok(w);
    // `according to X`.
    if w.eq_ignore_ascii_case("according") && tok_form(toks, j + 1).eq_ignore_ascii_case("to") {
        let sp = np_after(doc, s, j + 2, false)?;
        return Some(Found {
            speaker: sp,
            after: Some((si, j + 2)),
        });
    }
    // `said Xi`, `said the minister`.
    if starts_lower(w) && is(w, SAY_INVERTED) {
        let sp = np_after(doc, s, j + 1, true)?;
        return Some(Found {
            speaker: sp,
            after: Some((si, j + 1)),
        });
    }
    // `Xi said`, `the ministry said in a statement`, `he was quoted as
    // saying`, `the agency quoted him as saying`.
    let limit = (j + 16).min(toks.len());
    for v in j..limit {
        let t = &toks[v];
        let vw = t.form();
        if is_quote_tok(t) || matches!(vw, "." | ";" | ":" | "!" | "?") {
            return None;
        }
        if !starts_lower(vw) {
            continue;
        }
        if vw == "quoted" {
            // `the agency quoted him as saying`: him.
            if let Some(asx) = (v + 1..(v + 8).min(toks.len())).find(|&k| tok_form(toks, k) == "as")
            {
                if asx > v + 1 && tok_form(toks, asx + 1) == "saying" {
                    let sp = speaker_from(doc, s, v + 1, asx)?;
                    return Some(Found {
                        speaker: sp,
                        after: Some((si, asx + 2)),
                    });
                }
            }
            // `he was quoted as saying`: he.
            if !np_ok {
                return None;
            }
            let sp = speaker_from(doc, s, j, v)?;
            return Some(Found {
                speaker: sp,
                after: Some((si, v + 1)),
            });
        }
        if is(vw, SAY) && !is(vw, &["reported"]) {
            if v == j || !np_ok {
                return None;
            }
            let sp = speaker_from(doc, s, j, v)?;
            return Some(Found {
                speaker: sp,
                after: Some((si, v + 1)),
            });
        }
        if is(vw, CLAUSE_STARTS) || is(vw, RELATIVES) && v > j && tok_form(toks, v - 1) != "," {
            return None;
        }
    }
    None
}

/// Attribution before the opening mark at token `o` of sentence `si`, in the
/// same sentence.
fn before_quote(doc: &Doc<'_>, si: usize, o: usize) -> Option<Speaker> {
    let s = doc.sents.get(si)?;
    let toks = &s.tokens;
    if o == 0 {
        return None;
    }
    // `Remarked Tierra Curry, a scientist, “…”`.
    if starts_upper(tok_form(toks, 0))
        && is(tok_form(toks, 0), SAY_INVERTED)
        && tok_form(toks, o - 1) == ","
    {
        if let Some(sp) = np_after(doc, s, 1, true) {
            return Some(sp);
        }
    }
    // The nearest verb of saying before the mark, not across another quote.
    let lo = o.saturating_sub(45);
    let mut k = o;
    while k > lo {
        k -= 1;
        let t = &toks[k];
        let w = t.form();
        if is_quote_tok(t) || matches!(w, ";") {
            break;
        }
        if !starts_lower(w) && !w.eq_ignore_ascii_case("according") {
            continue;
        }
        if w.eq_ignore_ascii_case("according") && tok_form(toks, k + 1).eq_ignore_ascii_case("to") {
            if let Some(sp) = np_after(doc, s, k + 2, false) {
                return Some(sp);
            }
            continue;
        }
        // `reported` attributes only right before the quote (`Raisi
        // reported, “…”`), never as a passive (`were reported by state media`).
        let passive = k > 0
            && is(
                tok_form(toks, k - 1),
                &["was", "were", "been", "being", "is", "are", "be"],
            );
        if w == "quoted" || w == "reported" && (k + 3 < o || passive) {
            continue;
        }
        // `they were like, “…”`.
        if w == "like"
            && k > 0
            && is(
                tok_form(toks, k - 1),
                &["was", "were", "is", "are", "'m", "'re", "'s"],
            )
            && k + 2 >= o
        {
            return subject_before(doc, s, k - 1);
        }
        let say = is(w, SAY) || is(w, SAY_BROAD);
        if !say {
            continue;
        }
        // The agent of a passive (`was told by X`, `a pattern described by X
        // as`).
        if let Some(by) = (k + 1..(k + 3).min(o))
            .take_while(|&j| tok_form(toks, j) != ",")
            .find(|&j| tok_form(toks, j) == "by")
        {
            if let Some(sp) = np_after(doc, s, by + 1, false) {
                return Some(sp);
            }
        }
        if k > 0
            && is(
                tok_form(toks, k - 1),
                &["was", "were", "been", "being", "is", "are", "be"],
            )
        {
            // A passive without its agent (`was described as`).
            return None;
        }
        if is(w, SAY_ING) {
            // `He left, saying “…”`: the subject of the sentence; `with
            // Smith saying “…”`: Smith.
            if let Some(with) = (k.saturating_sub(5)..k)
                .rev()
                .find(|&j| tok_form(toks, j) == "with")
            {
                if let Some(sp) = speaker_from(doc, s, with + 1, k) {
                    return Some(sp);
                }
            }
            return leading_subject(doc, s, k).or_else(|| subject_before(doc, s, k));
        }
        return subject_before(doc, s, k);
    }
    // `In Xi's words, “…”`, `the following statement from the king: “…”`.
    if let Some(sp) = possessor_of_remarks(doc, s, o) {
        return Some(sp);
    }
    for j in 1..o {
        if is(tok_form(toks, j), &["from", "by"]) && is(tok_form(toks, j - 1), SAYINGS) {
            if let Some(sp) = np_after(doc, s, j + 1, false) {
                return Some(sp);
            }
        }
    }
    // `Jo Anne Van Tilburg disagreed: “…”`: the subject of the sentence.
    if tok_form(toks, o - 1) == ":" {
        return leading_subject(doc, s, o - 1);
    }
    None
}

/// Attribution in a sentence that introduces the quotation with a colon
/// (`Xi said:`, `President Xi's remarks were reported by state media:`).
fn colon_intro(doc: &Doc<'_>, si: usize) -> Option<Speaker> {
    let s = doc.sents.get(si)?;
    let toks = &s.tokens;
    if toks.last().map(Token::form) != Some(":") {
        return None;
    }
    let end = toks.len() - 1;
    // The remarks' owner first: the verb here is often a passive `reported`.
    if let Some(sp) = possessor_of_remarks(doc, s, end) {
        return Some(sp);
    }
    let mut k = end;
    while k > 0 {
        k -= 1;
        let w = tok_form(toks, k);
        if w.eq_ignore_ascii_case("according") && tok_form(toks, k + 1).eq_ignore_ascii_case("to") {
            return np_after(doc, s, k + 2, false);
        }
        if starts_lower(w) && (is(w, SAY) || is(w, SAY_BROAD)) && w != "reported" {
            if k > 0 && is(tok_form(toks, k - 1), &["was", "were", "been", "is", "are"]) {
                // `… was read out by the spokesman:`.
                let by = (k + 1..end).find(|&j| tok_form(toks, j) == "by")?;
                return np_after(doc, s, by + 1, false);
            }
            if is(w, SAY_ING) {
                return leading_subject(doc, s, k);
            }
            return subject_before(doc, s, k);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Speech or term.

/// Whether the one-part utterance `p` is a term rather than speech.
fn is_term(doc: &Doc<'_>, p: &Part, found_after: bool) -> bool {
    let Some(open) = doc.marks.get(p.open) else {
        return false;
    };
    let Some(s) = doc.sents.get(open.si) else {
        return false;
    };
    let toks = &s.tokens;
    let inner = doc.text.get(p.start..p.end).unwrap_or("");
    let words = inner.split_whitespace().count();
    let ends_punct = inner.ends_with(['.', ',', '!', '?', '…', ';']);
    let sentence_initial = open.ti == 0 || (open.ti == 1 && is_punct(tok_form(toks, 0)));
    let before = open.ti.checked_sub(1).map_or("", |i| tok_form(toks, i));
    if p.close.is_none() {
        return false;
    }
    // A name or title: every word capitalised.
    if words <= 8 && !ends_punct && !sentence_initial && before != ":" {
        let title = inner.split_whitespace().all(|w| {
            starts_upper(w) || w.starts_with(|c: char| c.is_ascii_digit()) || is(w, TITLE_SMALL)
        });
        if title {
            return true;
        }
    }
    if words > 4 {
        return false;
    }
    if before == ":" || before == "," && inner.ends_with(['.', '!', '?', '…']) {
        // `He said: “Never.”`, `According to Xi, “We will win.”`
        return false;
    }
    if sentence_initial {
        return !(ends_punct || found_after);
    }
    // Modifying a noun: `a “no-limits” partnership`.
    let close_ti = p
        .close
        .and_then(|c| doc.marks.get(c))
        .filter(|c| c.si == open.si)
        .map(|c| c.ti);
    if let Some(c) = close_ti {
        let next = tok_form(toks, c + 1);
        if !ends_punct && !next.is_empty() && !is_punct(next) && !is(next, FUNCTION_WORDS) {
            return true;
        }
    }
    if found_after {
        return false;
    }
    // Introduced by a verb of saying in the same clause.
    let lo = open.ti.saturating_sub(12);
    for k in (lo..open.ti).rev() {
        let t = &toks[k];
        let w = t.form();
        if is_quote_tok(t) || matches!(w, ";" | "--" | "(" | ")") {
            break;
        }
        if starts_lower(w) && (is(w, SAY) || is(w, SAY_ING)) {
            return false;
        }
        // `they're like, “Yeah, but…”`.
        if w == "like"
            && k > 0
            && is(
                tok_form(toks, k - 1),
                &["was", "were", "is", "are", "'m", "'re", "'s"],
            )
            && k + 3 >= open.ti
        {
            return false;
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Putting it together.

fn build(doc: &Doc<'_>, paras: &Paragraphs, utts: Vec<Utt>) -> Vec<Quote> {
    struct Done {
        speaker: Option<Speaker>,
        kind: QuoteKind,
        utterance: usize,
        after: Option<(usize, usize)>,
    }
    let mut done: Vec<Done> = Vec::with_capacity(utts.len());
    for (n, u) in utts.iter().enumerate() {
        // 1. After a closing mark, for a quotation that stands as a clause:
        // one that opens its sentence, follows a colon or comma, or ends in
        // punctuation (`“…,” he said`), not a name inside a noun phrase
        // (`Franowska of “Have no fear”, a charity, told`).
        let mut found: Option<Found> = u.parts.iter().find_map(|p| {
            let c = doc.marks.get(p.close?)?;
            let o = doc.marks.get(p.open)?;
            let toks = doc.sents.get(o.si).map_or(&[][..], |s| &s.tokens[..]);
            let before = o.ti.checked_sub(1).map_or("", |i| tok_form(toks, i));
            let inner = doc.text.get(p.start..p.end).unwrap_or("");
            let clause = o.ti == 0
                || matches!(before, ":" | "," | "--")
                || inner.ends_with(['.', ',', '!', '?', '…']);
            if !clause {
                return None;
            }
            after_quote(doc, c.si, c.ti)
        });
        let found_after = found.is_some();
        let kind = match u.parts.as_slice() {
            [p] if is_term(doc, p, found_after) => QuoteKind::Term,
            _ => QuoteKind::Quote,
        };
        if kind == QuoteKind::Term {
            done.push(Done {
                speaker: None,
                kind,
                utterance: n,
                after: None,
            });
            continue;
        }
        // 2. Before the opening mark, in its sentence; 3. a colon introduction.
        if found.is_none() {
            found = u.parts.iter().find_map(|p| {
                let o = doc.marks.get(p.open)?;
                let sp = before_quote(doc, o.si, o.ti).or_else(|| {
                    let intro = o.si.checked_sub(1)?;
                    (o.ti == 0).then(|| colon_intro(doc, intro)).flatten()
                })?;
                Some(Found {
                    speaker: sp,
                    after: None,
                })
            });
        }
        let mut utterance = n;
        let mut speaker = found.as_ref().map(|f| f.speaker.clone());
        let first = u.parts.first().and_then(|p| doc.marks.get(p.open));
        // A quotation right after an attribution that followed the previous
        // one (`“…,” Xi said, “…”`) is the same utterance.
        if let (Some(prev), Some(o)) = (done.last(), first) {
            if let Some((psi, pend)) = prev.after {
                let toks = doc.sents.get(o.si).map_or(&[][..], |s| &s.tokens[..]);
                let between_ok = psi == o.si
                    && o.ti >= pend
                    && o.ti - pend <= 6
                    && matches!(
                        o.ti.checked_sub(1).map(|i| tok_form(toks, i)),
                        Some("," | ":")
                    )
                    && (pend..o.ti).all(|i| !matches!(tok_form(toks, i), "." | ";" | "\""));
                if between_ok && prev.kind == QuoteKind::Quote {
                    utterance = prev.utterance;
                    if speaker.is_none() || prev.speaker.is_some() {
                        speaker = prev.speaker.clone();
                    }
                }
            }
        }
        // 4. An earlier quotation: same paragraph, or the paragraph before
        // when this one opens a paragraph with no attribution.
        if speaker.is_none() {
            if let (Some(o), Some(prev_u)) = (first, n.checked_sub(1).and_then(|i| utts.get(i))) {
                let prev_done = done.last();
                let prev_last_si = prev_u.parts.last().map_or(0, |p| p.last_si);
                let here = paras.of(o.si);
                let there = paras.of(prev_last_si);
                let opens_para = o.ti == 0 && o.si == paras.first(here);
                // The same sentence (`described him as “…” and “…”`), or
                // a quotation that opens its sentence.
                let near = here == there || (o.ti == 0 && opens_para && here == there + 1);
                if let Some(pd) = prev_done.filter(|d| near && d.kind == QuoteKind::Quote) {
                    speaker = pd.speaker.clone();
                }
            }
        }
        done.push(Done {
            speaker,
            kind,
            utterance,
            after: found.and_then(|f| f.after),
        });
    }

    let mut out = Vec::new();
    for (u, d) in utts.iter().zip(done) {
        for p in &u.parts {
            let Some(text) = doc.text.get(p.start..p.end) else {
                continue;
            };
            let first_si = doc.marks.get(p.open).map_or(p.last_si, |m| m.si);
            let sentence_ids = (first_si..=p.last_si.max(first_si))
                .filter_map(|i| doc.sents.get(i).map(|s| s.id))
                .collect();
            out.push(Quote {
                id: 0,
                text: text.to_string(),
                start: p.start,
                end: p.end,
                sentence_ids,
                speaker: d.speaker.clone(),
                kind: d.kind,
                utterance: d.utterance,
                unclosed: p.unclosed,
            });
        }
    }
    // Renumber utterances densely, in order.
    let mut next = 0;
    let mut last: Option<usize> = None;
    for q in &mut out {
        if last != Some(q.utterance) {
            last = Some(q.utterance);
            q.utterance = next;
            next += 1;
        } else {
            q.utterance = next - 1;
        }
    }
    out
}
