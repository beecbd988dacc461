//! One stored document with everything found in it, for showing the
//! document with its evidence highlighted: the text, and the byte spans of
//! its sentences, actor mentions, event reports (actors, verb, date, place),
//! quotes, places and time expressions. And the places of events, counted,
//! for a map.

use serde::{Deserialize, Serialize};

use crate::db::{query_opt, query_rows, Db, Value};
use crate::error::Result;
use crate::model::{PlaceRecord, QuoteRecord, ThemeRecord, TimeRecord};
use crate::query::{event_where, s, EventFilter};

/// A document as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// Its id.
    pub doc_id: String,
    /// Where it came from.
    pub url: Option<String>,
    /// Its publisher.
    pub source: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The text every span points into.
    pub text: String,
    /// Tone (GDELT-like).
    pub tone: Option<f64>,
    /// When it was stored (RFC 3339, UTC).
    pub ingested_at: String,
}

/// A byte span of the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// A sentence's place in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceSpan {
    /// Sentence number, from 1.
    pub sentence_id: u32,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// An actor mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorSpan {
    /// The sentence.
    pub sentence_id: u32,
    /// Actor code.
    pub code: String,
    /// The text naming it.
    pub text: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// How it was found (`name`, `agent`, `pronoun`…).
    pub kind: String,
}

/// An event's actor in one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActorSpan {
    /// Actor code.
    pub code: String,
    /// The text that stands for it.
    pub text: Option<String>,
    /// First byte.
    pub start: Option<u32>,
    /// One past the last byte.
    pub end: Option<u32>,
}

/// A place mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceSpan {
    /// The place and its span.
    #[serde(flatten)]
    pub place: PlaceRecord,
    /// The sentence, when the place is named in one.
    pub sentence_id: Option<u32>,
}

/// One event report of the document, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentEvent {
    /// The coder's id of the report.
    pub coder_event_id: String,
    /// The merged event it belongs to.
    pub event_key: i64,
    /// The sentence.
    pub sentence_id: u32,
    /// CAMEO code.
    pub code: String,
    /// CAMEO root.
    pub root: String,
    /// QuadClass.
    pub quad_class: Option<u8>,
    /// Goldstein value.
    pub goldstein: Option<f64>,
    /// PLOVER type.
    pub plover_type: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Who acted.
    pub source: EventActorSpan,
    /// At whom.
    pub target: Option<EventActorSpan>,
    /// The verb phrase.
    pub verb: Option<Span>,
    /// The pattern that fired (`file:line` of the verb dictionary).
    pub pattern: Option<String>,
    /// Event date.
    pub date: Option<String>,
    /// Its precision.
    pub date_precision: Option<String>,
    /// The time expression the date came from (none: the publication date).
    pub date_span: Option<Span>,
    /// Where it happened, with the span of the place name when the place
    /// is named in the text.
    pub place: Option<PlaceRecord>,
    /// The quotes it came from.
    pub quote_ids: Vec<u32>,
    /// The coder's confidence.
    pub confidence: Option<f64>,
    /// Who reported it, when someone else than the publisher.
    pub reporter_code: Option<String>,
    /// The reporter as named.
    pub reporter_text: Option<String>,
}

/// A stored document and everything found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    /// The document.
    pub document: StoredDocument,
    /// Its sentences.
    pub sentences: Vec<SentenceSpan>,
    /// Actor mentions.
    pub actors: Vec<ActorSpan>,
    /// Event reports, in document order.
    pub events: Vec<DocumentEvent>,
    /// Quotes and terms.
    pub quotes: Vec<QuoteRecord>,
    /// Place mentions.
    pub places: Vec<PlaceSpan>,
    /// Time expressions.
    pub times: Vec<TimeRecord>,
    /// Themes.
    pub themes: Vec<ThemeRecord>,
}

fn n(v: &Value<'_>) -> Option<u32> {
    v.as_u32()
}

fn span(a: &Value<'_>, b: &Value<'_>) -> Option<Span> {
    Some(Span {
        start: n(a)?,
        end: n(b)?,
    })
}

/// The place columns `name, kind, country, adm1, lat, lon, geonames_id,
/// start, end` from `r[at..]`; `None` without a name.
fn place_at(r: &[Value<'_>], at: usize) -> Option<PlaceRecord> {
    Some(PlaceRecord {
        name: s(&r[at])?,
        kind: r[at + 1].to_string_or_empty(),
        country: s(&r[at + 2]),
        adm1: s(&r[at + 3]),
        lat: r[at + 4].as_f64().unwrap_or(0.0),
        lon: r[at + 5].as_f64().unwrap_or(0.0),
        geonames_id: n(&r[at + 6]),
        start: n(&r[at + 7]),
        end: n(&r[at + 8]),
    })
}

/// The document `doc_id` with everything found in it; `None` when it is
/// not stored.
pub(crate) fn document(db: &mut dyn Db, doc_id: &str) -> Result<Option<DocumentView>> {
    let id = [Value::text(doc_id)];
    let Some(d) = query_opt(
        db,
        "SELECT doc_id, url, source, title, published, text, tone, ingested_at \
         FROM documents WHERE doc_id = ?",
        &id,
    )?
    else {
        return Ok(None);
    };
    let document = StoredDocument {
        doc_id: d[0].to_string_or_empty(),
        url: s(&d[1]),
        source: s(&d[2]),
        title: s(&d[3]),
        published: s(&d[4]),
        text: d[5].to_string_or_empty(),
        tone: d[6].as_f64(),
        ingested_at: d[7].to_string_or_empty(),
    };
    let sentences = query_rows(
        db,
        "SELECT sentence_id, start_byte, end_byte FROM sentences WHERE doc_id = ? ORDER BY sentence_id",
        &id,
    )?
    .iter()
    .map(|r| SentenceSpan {
        sentence_id: n(&r[0]).unwrap_or(0),
        start: n(&r[1]).unwrap_or(0),
        end: n(&r[2]).unwrap_or(0),
    })
    .collect();
    let actors = query_rows(
        db,
        "SELECT sentence_id, code, text, start_byte, end_byte, kind FROM actors \
         WHERE doc_id = ? ORDER BY seq",
        &id,
    )?
    .iter()
    .map(|r| ActorSpan {
        sentence_id: n(&r[0]).unwrap_or(0),
        code: r[1].to_string_or_empty(),
        text: r[2].to_string_or_empty(),
        start: n(&r[3]).unwrap_or(0),
        end: n(&r[4]).unwrap_or(0),
        kind: r[5].to_string_or_empty(),
    })
    .collect();
    let events = query_rows(
        db,
        "SELECT coder_event_id, event_key, sentence_id, code, root, quad_class, goldstein, \
         plover_type, plover_mode, source_code, source_text, source_start, source_end, \
         target_code, target_text, target_start, target_end, verb_start, verb_end, pattern, \
         date, date_precision, date_start, date_end, \
         place_name, place_kind, place_country, place_adm1, place_lat, place_lon, \
         place_geonames_id, place_start, place_end, \
         quote_ids, confidence, reporter_code, reporter_text \
         FROM mentions WHERE doc_id = ? ORDER BY seq",
        &id,
    )?
    .iter()
    .map(|r| DocumentEvent {
        coder_event_id: r[0].to_string_or_empty(),
        event_key: r[1].as_i64().unwrap_or(0),
        sentence_id: n(&r[2]).unwrap_or(0),
        code: r[3].to_string_or_empty(),
        root: r[4].to_string_or_empty(),
        quad_class: r[5].as_i64().and_then(|q| u8::try_from(q).ok()),
        goldstein: r[6].as_f64(),
        plover_type: s(&r[7]),
        plover_mode: s(&r[8]),
        source: EventActorSpan {
            code: r[9].to_string_or_empty(),
            text: s(&r[10]),
            start: n(&r[11]),
            end: n(&r[12]),
        },
        target: s(&r[13]).map(|code| EventActorSpan {
            code,
            text: s(&r[14]),
            start: n(&r[15]),
            end: n(&r[16]),
        }),
        verb: span(&r[17], &r[18]),
        pattern: s(&r[19]),
        date: s(&r[20]),
        date_precision: s(&r[21]),
        date_span: span(&r[22], &r[23]),
        place: place_at(r, 24),
        quote_ids: r[33]
            .to_string_or_empty()
            .split(',')
            .filter_map(|q| q.trim().parse().ok())
            .collect(),
        confidence: r[34].as_f64(),
        reporter_code: s(&r[35]),
        reporter_text: s(&r[36]),
    })
    .collect();
    let quotes = query_rows(
        db,
        "SELECT quote_id, text, start_byte, end_byte, speaker_text, speaker_code, kind \
         FROM quotes WHERE doc_id = ? ORDER BY quote_id",
        &id,
    )?
    .iter()
    .map(|r| QuoteRecord {
        quote_id: n(&r[0]).unwrap_or(0),
        text: r[1].to_string_or_empty(),
        start: n(&r[2]).unwrap_or(0),
        end: n(&r[3]).unwrap_or(0),
        speaker_text: s(&r[4]),
        speaker_code: s(&r[5]),
        kind: r[6].to_string_or_empty(),
    })
    .collect();
    let places = query_rows(
        db,
        "SELECT name, kind, country, adm1, lat, lon, geonames_id, start_byte, end_byte, sentence_id \
         FROM places WHERE doc_id = ? ORDER BY seq",
        &id,
    )?
    .iter()
    .filter_map(|r| {
        Some(PlaceSpan {
            place: place_at(r, 0)?,
            sentence_id: n(&r[9]),
        })
    })
    .collect();
    let times = query_rows(
        db,
        "SELECT sentence_id, text, start_byte, end_byte, date_value, date_precision \
         FROM times WHERE doc_id = ? ORDER BY seq",
        &id,
    )?
    .iter()
    .map(|r| TimeRecord {
        sentence_id: n(&r[0]),
        text: r[1].to_string_or_empty(),
        start: n(&r[2]).unwrap_or(0),
        end: n(&r[3]).unwrap_or(0),
        value: s(&r[4]),
        precision: s(&r[5]),
    })
    .collect();
    let themes = query_rows(
        db,
        "SELECT theme, count FROM themes WHERE doc_id = ? ORDER BY count DESC, theme",
        &id,
    )?
    .iter()
    .map(|r| ThemeRecord {
        theme: r[0].to_string_or_empty(),
        count: n(&r[1]).unwrap_or(0),
    })
    .collect();
    Ok(Some(DocumentView {
        document,
        sentences,
        actors,
        events,
        quotes,
        places,
        times,
        themes,
    }))
}

/// A place where events happened, with how many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRow {
    /// Place name.
    pub name: String,
    /// `country`, `admin1`, `city` or `landmark`.
    pub kind: Option<String>,
    /// Its country (ISO-3).
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Event rows placed there.
    pub events: u64,
    /// Their reports.
    pub mentions: u64,
}

/// The places of the events matching `f` that have coordinates, most
/// events first, at most `limit`.
pub(crate) fn places(db: &mut dyn Db, f: &EventFilter, limit: usize) -> Result<Vec<PlaceRow>> {
    let w = event_where(db, f)?;
    let mut where_sql = w.sql();
    where_sql.push_str(if where_sql.is_empty() {
        " WHERE e.place_lat IS NOT NULL AND e.place_key IS NOT NULL"
    } else {
        " AND e.place_lat IS NOT NULL AND e.place_key IS NOT NULL"
    });
    let sql = format!(
        "SELECT MIN(e.place_name), MIN(e.place_kind), MIN(e.place_country), AVG(e.place_lat), \
         AVG(e.place_lon), COUNT(*), CAST(SUM(e.num_mentions) AS BIGINT) FROM events e{where_sql} \
         GROUP BY e.place_key ORDER BY COUNT(*) DESC, MIN(e.place_name) LIMIT ?"
    );
    let mut params = w.params;
    params.push(Value::Int(limit.clamp(1, 100_000) as i64));
    Ok(query_rows(db, &sql, &params)?
        .iter()
        .filter_map(|r| {
            Some(PlaceRow {
                name: s(&r[0])?,
                kind: s(&r[1]),
                country: s(&r[2]),
                lat: r[3].as_f64()?,
                lon: r[4].as_f64()?,
                events: r[5].as_i64().unwrap_or(0).max(0) as u64,
                mentions: r[6].as_i64().unwrap_or(0).max(0) as u64,
            })
        })
        .collect())
}
