//! Exports: GDELT 2.0 Events and Mentions (tab-separated, GDELT's column
//! order, no header, as GDELT publishes them), PLOVER JSON Lines, and a
//! flat CSV with a header. Every writer streams: one row is read, written
//! and forgotten at a time.
//!
//! ## Where dyad's GDELT files differ from GDELT's own
//!
//! - Country codes (`Actor1CountryCode`, `*Geo_CountryCode`) are ISO
//!   3166-1 alpha-3 / CAMEO codes (`UKR`), not GDELT's FIPS 10-4 codes in
//!   the geo fields (`UP`). `*Geo_ADM1Code` is the gazetteer's first-level
//!   code as stored; `*Geo_ADM2Code` is empty.
//! - `*Geo_FeatureID` is the GeoNames id (GDELT uses the GNS/GNIS id), or
//!   the country code for a country without one.
//! - `ActionGeo_Type`: 1 country; 2 / 5 first-level division in / outside
//!   the USA; 3 / 4 city or landmark in / outside the USA; 0 no place.
//!   `Actor1Geo_*` and `Actor2Geo_*` are empty (type 0): dyad places the
//!   action, not each actor.
//! - `Actor1Name` is the text naming the actor in the representative
//!   report, not an upper-cased dictionary name. `Actor1Type1Code` is the
//!   actor's sector; known group, ethnic and religion codes are empty.
//! - `IsRootEvent` is 1 when the representative report is in the
//!   document's first sentence. `FractionDate` is year + day-of-year /
//!   days-in-year. An event dated to a month or year only has the first day
//!   of that period as `SQLDATE`.
//! - Mentions: `MentionType` is 1 (web), `MentionIdentifier` the URL or,
//!   without one, the document id; char offsets are **byte** offsets into
//!   the document text (equal for ASCII text); `MentionTimeDate` is when
//!   dyad ingested the document; `Confidence` is the coder's confidence in
//!   percent; `MentionDocLen` the text's length in characters.

use std::io::Write;
use std::str::FromStr;

use serde::Serialize;
use serde_json::{json, Map, Value as Json};

use crate::dates;
use crate::db::{Db, Value};
use crate::error::{Result, StoreError};
use crate::query::{event_where, for_each_event, EventFilter, EventRow};

/// GDELT 2.0 Events: the 61 columns, in order.
pub const GDELT_EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// GDELT 2.0 Mentions: the 16 columns, in order.
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// The flat CSV's columns: the fields of [`EventRow`], in order.
pub const CSV_COLUMNS: [&str; 35] = [
    "event_key",
    "date",
    "date_precision",
    "source_code",
    "source_name",
    "source_country",
    "source_sector",
    "target_code",
    "target_name",
    "target_country",
    "target_sector",
    "code",
    "base_code",
    "root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "place_name",
    "place_kind",
    "place_country",
    "place_adm1",
    "place_lat",
    "place_lon",
    "place_geonames_id",
    "num_mentions",
    "num_sources",
    "num_articles",
    "avg_tone",
    "doc_id",
    "sentence_id",
    "doc_url",
    "doc_title",
    "doc_source",
    "added_at",
];

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// GDELT 2.0 Events, 61 tab-separated columns, no header.
    GdeltEvents,
    /// GDELT 2.0 Mentions, 16 tab-separated columns, no header: one line
    /// per report of the exported events.
    GdeltMentions,
    /// PLOVER JSON Lines: one object per event that has a PLOVER type
    /// (CAMEO statements, 01x, have none and are skipped).
    Plover,
    /// One row per event with a header, the columns of [`CSV_COLUMNS`].
    Csv,
}

impl FromStr for ExportFormat {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<ExportFormat> {
        match s {
            "gdelt" | "gdelt-events" => Ok(ExportFormat::GdeltEvents),
            "gdelt-mentions" => Ok(ExportFormat::GdeltMentions),
            "plover" | "plover-jsonl" => Ok(ExportFormat::Plover),
            "csv" => Ok(ExportFormat::Csv),
            _ => Err(StoreError::InvalidInput(format!(
                "unknown export format {s:?} (gdelt-events, gdelt-mentions, plover, csv)"
            ))),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    /// Lines or records written (not counting a header).
    pub rows: u64,
    /// Events matched but not written (PLOVER: events without a PLOVER type).
    pub skipped: u64,
}

/// A TSV field: tabs and line breaks would break the row, so they become
/// spaces.
fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(tsv).unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(|f| f.to_string()).unwrap_or_default()
}

/// Goldstein values are single precision: printed as such (`2.8`, not
/// `2.799999952316284`).
fn goldstein(v: Option<f64>) -> String {
    v.map(|f| (f as f32).to_string()).unwrap_or_default()
}

fn geo_type(kind: Option<&str>, country: Option<&str>) -> u8 {
    let us = country == Some("USA");
    match kind {
        Some("country") => 1,
        Some("admin1") => {
            if us {
                2
            } else {
                5
            }
        }
        Some(_) => {
            if us {
                3
            } else {
                4
            }
        }
        None => 0,
    }
}

fn gdelt_event_line(e: &EventRow) -> String {
    gdelt_event_fields(e).join("\t")
}

/// An event's 61 GDELT 2.0 Events fields ([`GDELT_EVENT_COLUMNS`]), as the
/// `gdelt-events` export writes them (tabs and line breaks in text fields
/// already turned into spaces; empty for unknown).
pub fn gdelt_event_fields(e: &EventRow) -> Vec<String> {
    let mut f: Vec<String> = Vec::with_capacity(61);
    let day = e.date.as_deref().and_then(dates::day_key);
    match day {
        Some(k) => {
            let (y, m, d) = dates::split_key(k);
            let doy = dates::days_from_civil(y, m, d) - dates::days_from_civil(y, 1, 1) + 1;
            let len = dates::days_from_civil(y + 1, 1, 1) - dates::days_from_civil(y, 1, 1);
            f.push(e.event_key.to_string());
            f.push(k.to_string());
            f.push(format!("{y:04}{m:02}"));
            f.push(format!("{y:04}"));
            f.push(format!("{:.4}", y as f64 + doy as f64 / len as f64));
        }
        None => {
            f.push(e.event_key.to_string());
            f.extend(std::iter::repeat_n(String::new(), 4));
        }
    }
    let actor = |f: &mut Vec<String>,
                 code: Option<&str>,
                 name: &Option<String>,
                 country: &Option<String>,
                 sector: &Option<String>| {
        f.push(code.map(tsv).unwrap_or_default());
        f.push(if code.is_some() {
            opt(name)
        } else {
            String::new()
        });
        f.push(opt(country));
        f.extend(std::iter::repeat_n(String::new(), 4));
        f.push(opt(sector));
        f.extend(std::iter::repeat_n(String::new(), 2));
    };
    actor(
        &mut f,
        Some(&e.source_code),
        &e.source_name,
        &e.source_country,
        &e.source_sector,
    );
    actor(
        &mut f,
        e.target_code.as_deref(),
        &e.target_name,
        &e.target_country,
        &e.target_sector,
    );
    f.push(if e.sentence_id == Some(1) { "1" } else { "0" }.into());
    f.push(tsv(&e.code));
    f.push(tsv(&e.base_code));
    f.push(tsv(&e.root));
    f.push(e.quad_class.map(|q| q.to_string()).unwrap_or_default());
    f.push(goldstein(e.goldstein));
    f.push(e.num_mentions.to_string());
    f.push(e.num_sources.to_string());
    f.push(e.num_articles.to_string());
    f.push(num(e.avg_tone));
    // Actor1Geo and Actor2Geo: not located.
    for _ in 0..2 {
        f.push("0".into());
        f.extend(std::iter::repeat_n(String::new(), 7));
    }
    match &e.place_name {
        Some(name) => {
            let kind = e.place_kind.as_deref();
            let mut full = tsv(name);
            if kind != Some("country") {
                for part in [&e.place_adm1, &e.place_country].into_iter().flatten() {
                    full.push_str(", ");
                    full.push_str(&tsv(part));
                }
            }
            f.push(geo_type(kind, e.place_country.as_deref()).to_string());
            f.push(full);
            f.push(opt(&e.place_country));
            f.push(opt(&e.place_adm1));
            f.push(String::new());
            f.push(num(e.place_lat));
            f.push(num(e.place_lon));
            f.push(match e.place_geonames_id {
                Some(id) => id.to_string(),
                None if kind == Some("country") => opt(&e.place_country),
                None => String::new(),
            });
        }
        None => {
            f.push("0".into());
            f.extend(std::iter::repeat_n(String::new(), 7));
        }
    }
    f.push(dates::gdelt_timestamp(&e.added_at));
    f.push(
        e.doc_url
            .as_deref()
            .or(e.doc_id.as_deref())
            .map(tsv)
            .unwrap_or_default(),
    );
    debug_assert_eq!(f.len(), 61);
    f
}

fn plover_entity(
    code: &str,
    name: &Option<String>,
    country: &Option<String>,
    sector: &Option<String>,
) -> Json {
    let mut o = Map::new();
    let top = country
        .clone()
        .unwrap_or_else(|| code.get(..3).unwrap_or(code).to_string());
    o.insert("code".into(), json!(top));
    let sector = sector
        .clone()
        .or_else(|| code.get(3..6).filter(|s| !s.is_empty()).map(str::to_string));
    if let Some(s) = sector {
        o.insert("sector".into(), json!(s));
    }
    if let Some(n) = name {
        o.insert("entity_text".into(), json!(n));
    }
    o.insert("cameo_code".into(), json!(code));
    Json::Object(o)
}

fn plover_record(e: &EventRow) -> Option<Json> {
    let event_type = e.plover_type.as_ref()?;
    let date = e.date.as_deref().and_then(dates::day_key).map(|k| {
        let (y, m, d) = dates::split_key(k);
        format!("{y:04}-{m:02}-{d:02}")
    });
    let mut o = Map::new();
    o.insert("id".into(), json!(format!("dyad-{}", e.event_key)));
    o.insert("date".into(), json!(date));
    if let Some(p) = &e.date_precision {
        o.insert("date_precision".into(), json!(p));
    }
    o.insert(
        "actor".into(),
        json!([plover_entity(
            &e.source_code,
            &e.source_name,
            &e.source_country,
            &e.source_sector
        )]),
    );
    let recipient: Vec<Json> = e
        .target_code
        .as_deref()
        .map(|c| plover_entity(c, &e.target_name, &e.target_country, &e.target_sector))
        .into_iter()
        .collect();
    o.insert("recipient".into(), Json::Array(recipient));
    o.insert("event".into(), json!([event_type]));
    o.insert(
        "mode".into(),
        json!(e.plover_mode.iter().collect::<Vec<_>>()),
    );
    o.insert("context".into(), json!([]));
    if let Some(q) = e.quad_class {
        o.insert("quad_code".into(), json!(q));
    }
    if let Some(g) = e.goldstein {
        o.insert(
            "goldstein".into(),
            json!((g as f32).to_string().parse::<f64>().unwrap_or(g)),
        );
    }
    o.insert("cameo_code".into(), json!(e.code));
    if let Some(name) = &e.place_name {
        let resolution = match e.place_kind.as_deref() {
            Some("country") => 1,
            Some("admin1") => 2,
            Some("city") => 4,
            _ => 5,
        };
        o.insert(
            "event_loc".into(),
            json!({
                "extracted_place": name,
                "resolved_place": name,
                "geonameid": e.place_geonames_id,
                "lat": e.place_lat,
                "lon": e.place_lon,
                "province": e.place_adm1,
                "country_code": e.place_country,
                "resolution": resolution,
            }),
        );
    }
    o.insert("num_mentions".into(), json!(e.num_mentions));
    o.insert("num_sources".into(), json!(e.num_sources));
    o.insert("num_articles".into(), json!(e.num_articles));
    o.insert("text_info".into(), json!({ "sequence": e.sentence_id }));
    o.insert(
        "cite_info".into(),
        json!({
            "citation": e.doc_id,
            "url": e.doc_url,
            "title": e.doc_title,
            "publication": e.doc_source,
            "coder": "dyad",
        }),
    );
    o.insert("coder".into(), json!("dyad"));
    Some(Json::Object(o))
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(e: &EventRow) -> String {
    let o = |s: &Option<String>| s.as_deref().map(csv_field).unwrap_or_default();
    let n = |v: Option<f64>| v.map(|f| f.to_string()).unwrap_or_default();
    let fields = [
        e.event_key.to_string(),
        o(&e.date),
        o(&e.date_precision),
        csv_field(&e.source_code),
        o(&e.source_name),
        o(&e.source_country),
        o(&e.source_sector),
        o(&e.target_code),
        o(&e.target_name),
        o(&e.target_country),
        o(&e.target_sector),
        csv_field(&e.code),
        csv_field(&e.base_code),
        csv_field(&e.root),
        e.quad_class.map(|q| q.to_string()).unwrap_or_default(),
        goldstein(e.goldstein),
        o(&e.plover_type),
        o(&e.plover_mode),
        o(&e.place_name),
        o(&e.place_kind),
        o(&e.place_country),
        o(&e.place_adm1),
        n(e.place_lat),
        n(e.place_lon),
        e.place_geonames_id
            .map(|g| g.to_string())
            .unwrap_or_default(),
        e.num_mentions.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        n(e.avg_tone),
        o(&e.doc_id),
        e.sentence_id.map(|s| s.to_string()).unwrap_or_default(),
        o(&e.doc_url),
        o(&e.doc_title),
        o(&e.doc_source),
        csv_field(&e.added_at),
    ];
    debug_assert_eq!(fields.len(), CSV_COLUMNS.len());
    fields.join(",")
}

fn gdelt_mentions(
    db: &mut dyn Db,
    filter: &EventFilter,
    out: &mut dyn Write,
) -> Result<ExportReport> {
    let w = event_where(db, filter)?;
    let sql = format!(
        "SELECT m.event_key, e.added_at, d.ingested_at, m.publisher, d.url, m.doc_id, m.sentence_id, \
         m.source_start, m.target_start, m.verb_start, m.confidence, LENGTH(d.text), d.tone \
         FROM events e JOIN mentions m ON m.event_key = e.event_key \
         LEFT JOIN documents d ON d.doc_id = m.doc_id{} ORDER BY e.day, e.event_key, m.doc_id, m.seq",
        w.sql()
    );
    let params = w.params;
    let mut report = ExportReport::default();
    let mut limit_events = filter.limit;
    let mut last_event = None;
    let mut io_error = None;
    db.query_each(&sql, &params, &mut |r| {
        let key = r[0].as_i64().unwrap_or(0);
        if last_event != Some(key) {
            if let Some(n) = limit_events.as_mut() {
                if *n == 0 {
                    return Ok(());
                }
                *n -= 1;
            }
            last_event = Some(key);
        }
        let ident = r[4]
            .to_opt_string()
            .or_else(|| r[5].to_opt_string())
            .unwrap_or_default();
        let offset = |v: &Value<'_>| {
            v.as_i64()
                .map(|x| x.to_string())
                .unwrap_or_else(|| "-1".into())
        };
        let confidence = r[10]
            .as_f64()
            .map(|c| ((c * 100.0).round().clamp(0.0, 100.0) as i64).to_string())
            .unwrap_or_default();
        let fields = [
            key.to_string(),
            dates::gdelt_timestamp(&r[1].to_string_or_empty()),
            dates::gdelt_timestamp(&r[2].to_string_or_empty()),
            "1".to_string(),
            tsv(&r[3].to_string_or_empty()),
            tsv(&ident),
            r[6].as_i64().map(|s| s.to_string()).unwrap_or_default(),
            offset(&r[7]),
            offset(&r[8]),
            offset(&r[9]),
            "1".to_string(),
            confidence,
            r[11].as_i64().map(|s| s.to_string()).unwrap_or_default(),
            num(r[12].as_f64()),
            String::new(),
            String::new(),
        ];
        if let Err(e) = writeln!(out, "{}", fields.join("\t")) {
            io_error = Some(e);
            return Err(StoreError::InvalidInput("export aborted".into()));
        }
        report.rows += 1;
        Ok(())
    })
    .map_err(|e| match io_error.take() {
        Some(io) => StoreError::Io(io),
        None => e,
    })?;
    Ok(report)
}

/// Writes the events matching `filter` in `format` to `out`.
pub(crate) fn export(
    db: &mut dyn Db,
    format: ExportFormat,
    filter: &EventFilter,
    out: &mut dyn Write,
) -> Result<ExportReport> {
    if format == ExportFormat::GdeltMentions {
        let r = gdelt_mentions(db, filter, out)?;
        out.flush()?;
        return Ok(r);
    }
    let mut report = ExportReport::default();
    if format == ExportFormat::Csv {
        writeln!(out, "{}", CSV_COLUMNS.join(","))?;
    }
    let mut io_error = None;
    let result = for_each_event(db, filter, &mut |e| {
        let line = match format {
            ExportFormat::GdeltEvents => Some(gdelt_event_line(&e)),
            ExportFormat::Csv => Some(csv_line(&e)),
            ExportFormat::Plover => plover_record(&e).map(|j| j.to_string()),
            ExportFormat::GdeltMentions => None,
        };
        match line {
            Some(line) => {
                if let Err(err) = writeln!(out, "{line}") {
                    io_error = Some(err);
                    return Err(StoreError::InvalidInput("export aborted".into()));
                }
                report.rows += 1;
            }
            None => report.skipped += 1,
        }
        Ok(())
    });
    if let Some(e) = io_error {
        return Err(StoreError::Io(e));
    }
    result?;
    out.flush()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn geo_types() {
        assert_eq!(geo_type(Some("country"), Some("UKR")), 1);
        assert_eq!(geo_type(Some("admin1"), Some("USA")), 2);
        assert_eq!(geo_type(Some("city"), Some("USA")), 3);
        assert_eq!(geo_type(Some("city"), Some("UKR")), 4);
        assert_eq!(geo_type(Some("admin1"), Some("UKR")), 5);
        assert_eq!(geo_type(None, None), 0);
    }
}
