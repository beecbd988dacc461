//! What the store is given: one [`DocumentBundle`] per coded document.
//!
//! These types are deliberately plain (strings, numbers, options) so that
//! the store does not depend on the coder's or the enricher's crates: the
//! caller converts their output into bundles. Every `start`/`end` is a byte
//! offset into the document's `text`, as everywhere in dyad.

use serde::{Deserialize, Serialize};

/// A document as read: its identity, metadata and text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocRecord {
    /// The document id (given by the input, the file name or a content
    /// hash). The store's identity for documents: a second document with
    /// the same id is skipped. Must not be empty.
    pub id: String,
    /// The canonical URL, when known.
    pub url: Option<String>,
    /// The publisher or site name ("Reuters"); used to count distinct
    /// sources of a merged event (falls back to the URL's host).
    pub source: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` or RFC 3339 with the offset it was
    /// written with. Its date part is the event date of events without one.
    pub published: Option<String>,
    /// The document text every offset points into.
    pub text: String,
    /// A content hash of the text (hex); stored so a later run can tell
    /// whether the text behind an id changed.
    pub hash: String,
}

/// A sentence of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SentenceRecord {
    /// The sentence number, from 1 (events refer to sentences by it).
    pub sentence_id: u32,
    /// Byte offset of its first byte in the document text.
    pub start: u32,
    /// Byte offset just past its last byte.
    pub end: u32,
    /// The sentence text (`text[start..end]`).
    pub text: String,
}

/// An actor as it takes part in an event (source, target or reporter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ActorRecord {
    /// The CAMEO actor code on the publication date (`CHNGOV`).
    pub code: String,
    /// The text naming the actor in the document ("Xi Jinping").
    pub text: String,
    /// The actor's country code (ISO-3/CAMEO, `CHN`), when it has one.
    pub country: Option<String>,
    /// The actor's sector or role code (`GOV`, `MIL`), when it has one.
    pub sector: Option<String>,
    /// Byte offset of the naming text.
    pub start: u32,
    /// Byte offset just past the naming text.
    pub end: u32,
}

/// A resolved place (a gazetteer entry) and, when it was found in the text,
/// where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlaceRecord {
    /// The place's name ("Kyiv").
    pub name: String,
    /// What kind of place: `country`, `admin1`, `city` or `landmark`.
    pub kind: String,
    /// ISO 3166-1 alpha-3 country code of the place.
    pub country: Option<String>,
    /// First-level administrative division code or name, when known.
    pub adm1: Option<String>,
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees.
    pub lon: f64,
    /// The GeoNames id, when the gazetteer has one; the preferred merge
    /// identity of a place.
    pub geonames_id: Option<u32>,
    /// Byte offset of the place's mention, when it is one.
    pub start: Option<u32>,
    /// Byte offset just past the mention.
    pub end: Option<u32>,
}

/// One event as the coder found it in one sentence (one report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventRecord {
    /// The coder's stable hash of this report; kept on the mention row.
    pub event_id: String,
    /// The sentence that reports it.
    pub sentence_id: u32,
    /// Who acted.
    pub source: ActorRecord,
    /// At whom, if anyone.
    pub target: Option<ActorRecord>,
    /// The CAMEO event code (`"040"`, `"0431"`), leading zeros kept.
    pub code: String,
    /// The CAMEO root (`"04"`).
    pub root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// The code's Goldstein value (-10 to 10).
    pub goldstein: f32,
    /// PLOVER event type (`CONSULT`); none for CAMEO statements (01x).
    pub plover_type: Option<String>,
    /// PLOVER mode, when the code implies one.
    pub plover_mode: Option<String>,
    /// The event date: `2025-11-04`, `2022-02` or `2022`; when absent the
    /// document's publication date is used.
    pub date: Option<String>,
    /// `day`, `month` or `year`; inferred from `date` when absent.
    pub date_precision: Option<String>,
    /// Byte span of the time expression `date` came from, if any.
    #[serde(default)]
    pub date_span: Option<(u32, u32)>,
    /// Where it happened.
    pub place: Option<PlaceRecord>,
    /// Byte offset of the verb phrase.
    pub verb_start: u32,
    /// Byte offset just past the verb phrase.
    pub verb_end: u32,
    /// The pattern that fired (`04-consult.txt:13`).
    pub pattern: String,
    /// Who reported the event ("Ukraine said Russia attacked…").
    pub reporter: Option<ActorRecord>,
    /// Ids of the quotes ([`QuoteRecord::quote_id`]) this event came from.
    pub quote_ids: Vec<u32>,
    /// The coder's confidence, 0 to 1.
    pub confidence: f32,
}

/// An actor mention: any text naming an actor, whether or not it took part
/// in a coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MentionRecord {
    /// The sentence it is in.
    pub sentence_id: u32,
    /// The actor code.
    pub code: String,
    /// The naming text.
    pub text: String,
    /// Byte offset of the text.
    pub start: u32,
    /// Byte offset just past the text.
    pub end: u32,
    /// How it was found (`name`, `pronoun`, `description`, …: the coder's word).
    pub kind: String,
}

/// A quotation or scare-quoted term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct QuoteRecord {
    /// Its number within the document (events refer to it).
    pub quote_id: u32,
    /// The quoted text.
    pub text: String,
    /// Byte offset of the quoted text.
    pub start: u32,
    /// Byte offset just past it.
    pub end: u32,
    /// The text naming the speaker, when attributed.
    pub speaker_text: Option<String>,
    /// The speaker's actor code, when known.
    pub speaker_code: Option<String>,
    /// `quote` or `term`.
    pub kind: String,
}

/// A place named in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlaceMentionRecord {
    /// The place, with its span when it was found in the text.
    pub place: PlaceRecord,
    /// The sentence it is in, when it comes from one (not from the dateline).
    pub sentence_id: Option<u32>,
}

/// A theme of a document and how often it came up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThemeRecord {
    /// The theme's name (`ARMEDCONFLICT`).
    pub theme: String,
    /// How many times it matched.
    pub count: u32,
}

/// A time expression ("on Tuesday", "in February 2022") and what it was
/// resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TimeRecord {
    /// The sentence it is in.
    pub sentence_id: Option<u32>,
    /// The expression as written.
    pub text: String,
    /// Byte offset of the expression in the document text.
    pub start: u32,
    /// Byte offset just past it.
    pub end: u32,
    /// The resolved date (`2025-11-04`, `2025-11`, `2025`), when it could be
    /// resolved.
    pub value: Option<String>,
    /// `day`, `week`, `month` or `year`.
    pub precision: Option<String>,
}

/// Everything the pipeline produced for one document: the unit the store
/// writes and replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocumentBundle {
    /// The document.
    pub doc: DocRecord,
    /// Its sentences.
    pub sentences: Vec<SentenceRecord>,
    /// Its coded events, one per report.
    pub events: Vec<EventRecord>,
    /// Its actor mentions.
    pub actors: Vec<MentionRecord>,
    /// Its quotes and terms.
    pub quotes: Vec<QuoteRecord>,
    /// Its places.
    pub places: Vec<PlaceMentionRecord>,
    /// Its themes.
    pub themes: Vec<ThemeRecord>,
    /// Its time expressions.
    #[serde(default)]
    pub times: Vec<TimeRecord>,
    /// The document's tone (GDELT-style, about -100 to 100), when computed.
    pub tone: Option<f64>,
}

/// An input that could not be processed, kept so that a run's failures can
/// be listed later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ErrorRecord {
    /// The input file (`-` for standard input).
    pub file: String,
    /// The line (JSONL) or item number, when there is one.
    pub line: Option<u64>,
    /// The document id, when it was known.
    pub doc_id: Option<String>,
    /// Why it failed.
    pub reason: String,
}
