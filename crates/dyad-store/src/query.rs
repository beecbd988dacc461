//! Reading the store: event filters, timelines, the most active actors and
//! dyads, documents. Every function returns typed rows (`Serialize`); the
//! CLI formats them.
//!
//! Actor codes are matched by prefix (`USA` matches `USAGOV` and `USAMIL`),
//! written as a range on the code (`>= 'USA' AND < 'USB'`) so that both
//! databases answer from the index. Dates in filters may be a day, a month
//! or a year (`2025-11-04`, `2025-11`, `2025`); `from` is the first day of
//! its period and `to` the last, both inclusive. Events whose date is known
//! to the month or year only sit on the first day of their period.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::dates;
use crate::db::{query_opt, query_rows, Db, Value};
use crate::error::{Result, StoreError};
use crate::model::DocRecord;

/// Which events to return, export or count. Every field left empty matches
/// everything; the fields that are set must all match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// First date, inclusive (`2025-11-04`, `2025-11` or `2025`).
    pub from: Option<String>,
    /// Last date, inclusive (a month or year means its last day).
    pub to: Option<String>,
    /// Source actor code prefix (`USA`, `USAGOV`).
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// Events either way: source to target or target to source (with only
    /// one of them set, that actor on either side).
    pub both_directions: bool,
    /// Actor code prefix on either side.
    pub actor: Option<String>,
    /// Source actor's country (`RUS`).
    pub source_country: Option<String>,
    /// Target actor's country.
    pub target_country: Option<String>,
    /// CAMEO code prefix: `04` is root 04, `042` is 042 and its sub-codes.
    pub code: Option<String>,
    /// CAMEO root, exactly (`04`).
    pub root: Option<String>,
    /// QuadClasses to keep (1 to 4); empty keeps all.
    pub quad_class: Vec<u8>,
    /// PLOVER event type, exactly (`CONSULT`).
    pub plover_type: Option<String>,
    /// Place name, case-insensitive for ASCII letters, exactly.
    pub place: Option<String>,
    /// Place country (ISO-3).
    pub place_country: Option<String>,
    /// Text that one of the event's reporting sentences contains
    /// (case-insensitive for ASCII letters; a scan, not an index lookup).
    pub text: Option<String>,
    /// Only events reported by this document.
    pub doc_id: Option<String>,
    /// Only events with at least this many reports.
    pub min_mentions: Option<u32>,
    /// At most this many events (ordered by date, then key).
    pub limit: Option<u64>,
}

/// A date range for the summaries; both ends optional and inclusive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// First date (`2025-11-04`, `2025-11` or `2025`).
    pub from: Option<String>,
    /// Last date.
    pub to: Option<String>,
}

impl Period {
    /// The whole store.
    pub fn all() -> Period {
        Period::default()
    }
}

/// The width of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// Calendar days.
    Day,
    /// ISO weeks, Monday to Sunday, labelled `2025-W45`.
    Week,
    /// Calendar months, labelled `2025-11`.
    Month,
}

impl FromStr for Bucket {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Bucket> {
        match s {
            "day" => Ok(Bucket::Day),
            "week" => Ok(Bucket::Week),
            "month" => Ok(Bucket::Month),
            _ => Err(StoreError::InvalidInput(format!(
                "unknown period {s:?} (day, week or month)"
            ))),
        }
    }
}

/// One merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    /// The global event key (GDELT's GLOBALEVENTID): a hash of the merge key.
    pub event_key: i64,
    /// The event date as known (`2025-11-04`, `2025-11`, `2025`).
    pub date: Option<String>,
    /// `day`, `month` or `year`.
    pub date_precision: Option<String>,
    /// Source actor code.
    pub source_code: String,
    /// Source actor as named in the representative report.
    pub source_name: Option<String>,
    /// Source actor's country.
    pub source_country: Option<String>,
    /// Source actor's sector.
    pub source_sector: Option<String>,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Target actor as named.
    pub target_name: Option<String>,
    /// Target actor's country.
    pub target_country: Option<String>,
    /// Target actor's sector.
    pub target_sector: Option<String>,
    /// CAMEO code.
    pub code: String,
    /// CAMEO base code (first three digits).
    pub base_code: String,
    /// CAMEO root.
    pub root: String,
    /// QuadClass, 1 to 4.
    pub quad_class: Option<u8>,
    /// Goldstein value.
    pub goldstein: Option<f64>,
    /// PLOVER event type.
    pub plover_type: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Place name.
    pub place_name: Option<String>,
    /// Place kind (`country`, `admin1`, `city`, `landmark`).
    pub place_kind: Option<String>,
    /// Place country (ISO-3).
    pub place_country: Option<String>,
    /// Place's first-level division.
    pub place_adm1: Option<String>,
    /// Latitude.
    pub place_lat: Option<f64>,
    /// Longitude.
    pub place_lon: Option<f64>,
    /// GeoNames id.
    pub place_geonames_id: Option<u32>,
    /// Reports of this event.
    pub num_mentions: u64,
    /// Distinct publishers among them.
    pub num_sources: u64,
    /// Distinct documents among them.
    pub num_articles: u64,
    /// Mean tone of the reporting documents.
    pub avg_tone: Option<f64>,
    /// The representative document (smallest id among the reporting ones).
    pub doc_id: Option<String>,
    /// The sentence of the representative report.
    pub sentence_id: Option<u32>,
    /// The representative document's URL.
    pub doc_url: Option<String>,
    /// Its title.
    pub doc_title: Option<String>,
    /// Its publisher.
    pub doc_source: Option<String>,
    /// When the event row was created (RFC 3339, UTC).
    pub added_at: String,
}

pub(crate) const EVENT_SELECT: &str = "e.event_key, e.date, e.date_precision, e.source_code, e.source_name, \
    e.source_country, e.source_sector, e.target_code, e.target_name, e.target_country, e.target_sector, \
    e.code, e.base_code, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.place_name, \
    e.place_kind, e.place_country, e.place_adm1, e.place_lat, e.place_lon, e.place_geonames_id, \
    e.num_mentions, e.num_sources, e.num_articles, e.avg_tone, e.rep_doc_id, e.rep_sentence_id, \
    d.url, d.title, d.source, e.added_at";

pub(crate) fn s(v: &Value<'_>) -> Option<String> {
    v.to_opt_string()
}

fn u(v: &Value<'_>) -> u64 {
    v.as_i64().unwrap_or(0).max(0) as u64
}

pub(crate) fn event_row(r: &[Value<'_>]) -> EventRow {
    EventRow {
        event_key: r[0].as_i64().unwrap_or(0),
        date: s(&r[1]),
        date_precision: s(&r[2]),
        source_code: r[3].to_string_or_empty(),
        source_name: s(&r[4]),
        source_country: s(&r[5]),
        source_sector: s(&r[6]),
        target_code: s(&r[7]),
        target_name: s(&r[8]),
        target_country: s(&r[9]),
        target_sector: s(&r[10]),
        code: r[11].to_string_or_empty(),
        base_code: r[12].to_string_or_empty(),
        root: r[13].to_string_or_empty(),
        quad_class: r[14].as_i64().and_then(|q| u8::try_from(q).ok()),
        goldstein: r[15].as_f64(),
        plover_type: s(&r[16]),
        plover_mode: s(&r[17]),
        place_name: s(&r[18]),
        place_kind: s(&r[19]),
        place_country: s(&r[20]),
        place_adm1: s(&r[21]),
        place_lat: r[22].as_f64(),
        place_lon: r[23].as_f64(),
        place_geonames_id: r[24].as_u32(),
        num_mentions: u(&r[25]),
        num_sources: u(&r[26]),
        num_articles: u(&r[27]),
        avg_tone: r[28].as_f64(),
        doc_id: s(&r[29]),
        sentence_id: r[30].as_u32(),
        doc_url: s(&r[31]),
        doc_title: s(&r[32]),
        doc_source: s(&r[33]),
        added_at: r[34].to_string_or_empty(),
    }
}

/// A WHERE clause under construction.
#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    pub(crate) params: Vec<Value<'static>>,
}

impl Where {
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn push(&mut self, clause: String, params: Vec<Value<'static>>) {
        self.clauses.push(clause);
        self.params.extend(params);
    }

    fn eq(&mut self, column: &str, value: &Option<String>) {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            self.push(format!("{column} = ?"), vec![Value::owned(v.to_string())]);
        }
    }

    fn prefix(&mut self, column: &str, value: &Option<String>) {
        if let Some((c, p)) = prefix_clause(column, value.as_deref().unwrap_or("")) {
            self.push(c, p);
        }
    }

    /// `from`/`to` on the `day` column.
    pub(crate) fn period(
        &mut self,
        column: &str,
        from: &Option<String>,
        to: &Option<String>,
    ) -> Result<()> {
        if let Some(f) = from.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            let key = dates::day_key(f).ok_or_else(|| bad_date("from", f))?;
            self.push(format!("{column} >= ?"), vec![Value::Int(key)]);
        }
        if let Some(t) = to.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            let key = dates::last_day_key(t).ok_or_else(|| bad_date("to", t))?;
            self.push(format!("{column} <= ?"), vec![Value::Int(key)]);
        }
        Ok(())
    }
}

fn bad_date(which: &str, value: &str) -> StoreError {
    StoreError::InvalidInput(format!(
        "{which} date {value:?} is not YYYY-MM-DD, YYYY-MM or YYYY"
    ))
}

/// `column` starts with `prefix`, as an index-friendly range when the
/// prefix is ASCII (codes always are).
fn prefix_clause(column: &str, prefix: &str) -> Option<(String, Vec<Value<'static>>)> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return None;
    }
    let bytes = prefix.as_bytes();
    let last = *bytes.last()?;
    if prefix.is_ascii() && last < 0x7f {
        let mut upper = bytes.to_vec();
        *upper.last_mut()? = last + 1;
        let upper = String::from_utf8(upper).ok()?;
        Some((
            format!("({column} >= ? AND {column} < ?)"),
            vec![Value::owned(prefix.to_string()), Value::owned(upper)],
        ))
    } else {
        Some((
            format!("substr({column}, 1, {}) = ?", prefix.chars().count()),
            vec![Value::owned(prefix.to_string())],
        ))
    }
}

/// `%`, `_` and `\` taken literally in a LIKE pattern (with `ESCAPE '\'`).
fn like_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Most source codes a prefix is expanded into (see [`source_codes`]).
const MAX_EXPANDED: usize = 64;

/// The distinct source codes of stored events that start with `prefix`,
/// found by seeking the `events_dyad` index from one code to the next (as
/// many lookups as codes, whatever the number of events); `None` for an
/// empty or non-ASCII prefix, or past [`MAX_EXPANDED`] codes.
///
/// Why: with a range on the source code (`>= 'USA' AND < 'USB'`), the
/// index cannot seek on the target code too, so a dyad query reads every
/// event of the source country; with the source codes listed (`IN
/// ('USA', 'USAGOV', …)`), it seeks once per code to the target's range.
fn source_codes(db: &mut dyn Db, prefix: &str) -> Result<Option<Vec<String>>> {
    let Some((_, bounds)) = prefix_clause("source_code", prefix) else {
        return Ok(None);
    };
    let [lo, hi] = bounds.as_slice() else {
        return Ok(None);
    };
    let mut codes: Vec<String> = Vec::new();
    loop {
        let row = match codes.last() {
            None => query_opt(
                db,
                "SELECT MIN(source_code) FROM events WHERE source_code >= ? AND source_code < ?",
                &[lo.clone(), hi.clone()],
            )?,
            Some(last) => query_opt(
                db,
                "SELECT MIN(source_code) FROM events WHERE source_code > ? AND source_code < ?",
                &[Value::owned(last.clone()), hi.clone()],
            )?,
        };
        match row.and_then(|r| r[0].to_opt_string()) {
            Some(code) if codes.len() < MAX_EXPANDED => codes.push(code),
            Some(_) => return Ok(None),
            None => return Ok(Some(codes)),
        }
    }
}

/// Events from `source` to `target` (code prefixes, either may be empty),
/// and with `both` from `target` to `source` too (with one of them only:
/// that actor on either side), as one clause on `events e`; `None` when
/// neither actor is given.
pub(crate) fn dyad_clause(
    db: &mut dyn Db,
    source: &str,
    target: &str,
    both: bool,
) -> Result<Option<(String, Vec<Value<'static>>)>> {
    let (source, target) = (source.trim(), target.trim());
    let mut one_way = |src: &str, tgt: &str| -> Result<Option<(String, Vec<Value<'static>>)>> {
        let listed = if !src.is_empty() && !tgt.is_empty() {
            source_codes(db, src)?
        } else {
            None
        };
        let mut parts: Vec<(String, Vec<Value<'static>>)> = Vec::new();
        match listed {
            Some(codes) if codes.is_empty() => return Ok(Some(("1 = 0".into(), Vec::new()))),
            Some(codes) => parts.push((
                format!(
                    "e.source_code IN ({})",
                    crate::db::placeholders(codes.len())
                ),
                codes.into_iter().map(Value::owned).collect(),
            )),
            None => parts.extend(prefix_clause("e.source_code", src)),
        }
        parts.extend(prefix_clause("e.target_code", tgt));
        if parts.is_empty() {
            return Ok(None);
        }
        let sql = parts
            .iter()
            .map(|p| p.0.as_str())
            .collect::<Vec<_>>()
            .join(" AND ");
        Ok(Some((
            format!("({sql})"),
            parts.into_iter().flat_map(|p| p.1).collect(),
        )))
    };
    let forward = one_way(source, target)?;
    // Both directions with one actor: that actor on either side.
    if !both || source == target {
        return Ok(forward);
    }
    let (Some((a, mut pa)), Some((b, pb))) = (forward, one_way(target, source)?) else {
        return Ok(None);
    };
    pa.extend(pb);
    Ok(Some((format!("({a} OR {b})"), pa)))
}

/// The WHERE clause of an event filter, on `events e`.
pub(crate) fn event_where(db: &mut dyn Db, f: &EventFilter) -> Result<Where> {
    let mut w = Where::default();
    w.period("e.day", &f.from, &f.to)?;
    let (source, target) = (
        f.source.as_deref().unwrap_or(""),
        f.target.as_deref().unwrap_or(""),
    );
    if let Some((clause, params)) = dyad_clause(db, source, target, f.both_directions)? {
        w.push(clause, params);
    }
    if let (Some((a, mut pa)), Some((b, pb))) = (
        prefix_clause("e.source_code", f.actor.as_deref().unwrap_or("")),
        prefix_clause("e.target_code", f.actor.as_deref().unwrap_or("")),
    ) {
        pa.extend(pb);
        w.push(format!("({a} OR {b})"), pa);
    }
    w.eq("e.source_country", &f.source_country);
    w.eq("e.target_country", &f.target_country);
    w.prefix("e.code", &f.code);
    w.eq("e.root", &f.root);
    if !f.quad_class.is_empty() {
        let list = crate::db::placeholders(f.quad_class.len());
        w.push(
            format!("e.quad_class IN ({list})"),
            f.quad_class
                .iter()
                .map(|q| Value::Int((*q).into()))
                .collect(),
        );
    }
    w.eq("e.plover_type", &f.plover_type);
    if let Some(p) = f.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        w.push(
            "lower(e.place_name) = ?".into(),
            vec![Value::owned(p.to_ascii_lowercase())],
        );
    }
    w.eq("e.place_country", &f.place_country);
    if let Some(t) = f.text.as_deref().filter(|t| !t.is_empty()) {
        w.push(
            "EXISTS (SELECT 1 FROM mentions m JOIN sentences s ON s.doc_id = m.doc_id AND \
             s.sentence_id = m.sentence_id WHERE m.event_key = e.event_key AND lower(s.text) LIKE ? ESCAPE '\\')"
                .into(),
            vec![Value::owned(format!("%{}%", like_literal(&t.to_ascii_lowercase())))],
        );
    }
    if let Some(id) = f.doc_id.as_deref().filter(|d| !d.is_empty()) {
        w.push(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.event_key = e.event_key AND m.doc_id = ?)"
                .into(),
            vec![Value::owned(id.to_string())],
        );
    }
    if let Some(n) = f.min_mentions {
        w.push("e.num_mentions >= ?".into(), vec![Value::Int(n.into())]);
    }
    Ok(w)
}

/// Streams the events matching `f` to `each`, ordered by date then key.
pub(crate) fn for_each_event(
    db: &mut dyn Db,
    f: &EventFilter,
    each: &mut dyn FnMut(EventRow) -> Result<()>,
) -> Result<u64> {
    let w = event_where(db, f)?;
    // Order and limit the events alone, then join their documents: joining
    // every match before the LIMIT made a 50-row page over 100,000 matches
    // cost 300 ms instead of 20.
    let mut inner = format!(
        "SELECT e.* FROM events e{} ORDER BY e.day, e.event_key",
        w.sql()
    );
    let mut params = w.params;
    if let Some(limit) = f.limit {
        inner.push_str(" LIMIT ?");
        params.push(Value::Int(limit.min(i64::MAX as u64) as i64));
    }
    let sql = format!(
        "SELECT {EVENT_SELECT} FROM ({inner}) e LEFT JOIN documents d ON d.doc_id = e.rep_doc_id \
         ORDER BY e.day, e.event_key"
    );
    let mut n = 0;
    db.query_each(&sql, &params, &mut |r| {
        n += 1;
        each(event_row(r))
    })?;
    Ok(n)
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineRow {
    /// The period's label: `2025-11-04`, `2025-W45` or `2025-11`.
    pub period: String,
    /// Its first day.
    pub start: String,
    /// Event rows in the period (merged events, each counted once however
    /// many reports it has).
    pub events: u64,
    /// Reports of those events (the sum of their `num_mentions`).
    pub mentions: u64,
    /// Mean Goldstein value of the events (unweighted by reports); none for
    /// an empty period.
    pub goldstein_mean: Option<f64>,
    /// Events of QuadClass 1, verbal cooperation.
    pub verbal_cooperation: u64,
    /// QuadClass 2, material cooperation.
    pub material_cooperation: u64,
    /// QuadClass 3, verbal conflict.
    pub verbal_conflict: u64,
    /// QuadClass 4, material conflict.
    pub material_conflict: u64,
}

#[derive(Default)]
struct Acc {
    events: u64,
    mentions: u64,
    goldstein_sum: f64,
    goldstein_n: u64,
    quads: [u64; 4],
}

/// The bucket (its first day number, and label) of a day number.
fn bucket_of(days: i64, by: Bucket) -> (i64, String) {
    match by {
        Bucket::Day => (days, dates::format_day(days)),
        Bucket::Week => {
            let (y, w, monday) = dates::iso_week(days);
            (monday, format!("{y:04}-W{w:02}"))
        }
        Bucket::Month => {
            let (y, m, _) = dates::civil_from_days(days);
            (dates::days_from_civil(y, m, 1), format!("{y:04}-{m:02}"))
        }
    }
}

/// The first day of the bucket after the one starting at `start`.
fn next_bucket(start: i64, by: Bucket) -> i64 {
    match by {
        Bucket::Day => start + 1,
        Bucket::Week => start + 7,
        Bucket::Month => {
            let (y, m, _) = dates::civil_from_days(start);
            if m == 12 {
                dates::days_from_civil(y + 1, 1, 1)
            } else {
                dates::days_from_civil(y, m + 1, 1)
            }
        }
    }
}

/// The timeline of events from `source` to `target` (code prefixes; empty
/// means any actor, including none for the target), and back when
/// `both_directions`.
pub(crate) fn timeline(
    db: &mut dyn Db,
    source: &str,
    target: &str,
    by: Bucket,
    both_directions: bool,
    period: &Period,
) -> Result<Vec<TimelineRow>> {
    let mut w = Where::default();
    w.period("e.day", &period.from, &period.to)?;
    w.clauses.push("e.day IS NOT NULL".into());
    if let Some((clause, params)) = dyad_clause(db, source, target, both_directions)? {
        w.push(clause, params);
    }
    let sql = format!(
        "SELECT e.day, e.quad_class, COUNT(*), CAST(SUM(e.num_mentions) AS BIGINT), SUM(e.goldstein), COUNT(e.goldstein) \
         FROM events e{} GROUP BY e.day, e.quad_class",
        w.sql()
    );
    let mut buckets: BTreeMap<i64, (String, Acc)> = BTreeMap::new();
    db.query_each(&sql, &w.params, &mut |r| {
        let Some(key) = r[0].as_i64() else {
            return Ok(());
        };
        let (y, m, d) = dates::split_key(key);
        let days = dates::days_from_civil(y, m, d);
        let (start, label) = bucket_of(days, by);
        let acc = &mut buckets
            .entry(start)
            .or_insert_with(|| (label, Acc::default()))
            .1;
        let n = u(&r[2]);
        acc.events += n;
        acc.mentions += u(&r[3]);
        acc.goldstein_sum += r[4].as_f64().unwrap_or(0.0);
        acc.goldstein_n += u(&r[5]);
        if let Some(q) = r[1].as_i64().filter(|q| (1..=4).contains(q)) {
            acc.quads[(q - 1) as usize] += n;
        }
        Ok(())
    })?;
    // Empty periods between the first and the last are part of a timeline.
    let mut rows = Vec::new();
    let (Some(&first), Some(&last)) = (buckets.keys().next(), buckets.keys().next_back()) else {
        return Ok(rows);
    };
    let mut start = first;
    while start <= last {
        let (label, acc) = buckets
            .remove(&start)
            .unwrap_or_else(|| (bucket_of(start, by).1, Acc::default()));
        rows.push(TimelineRow {
            period: label,
            start: dates::format_day(start),
            events: acc.events,
            mentions: acc.mentions,
            goldstein_mean: (acc.goldstein_n > 0)
                .then(|| acc.goldstein_sum / acc.goldstein_n as f64),
            verbal_cooperation: acc.quads[0],
            material_cooperation: acc.quads[1],
            verbal_conflict: acc.quads[2],
            material_conflict: acc.quads[3],
        });
        start = next_bucket(start, by);
    }
    Ok(rows)
}

/// An actor and how active it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRow {
    /// The actor code.
    pub code: String,
    /// Events it took part in (as source plus as target).
    pub events: u64,
    /// Events with it as source.
    pub as_source: u64,
    /// Events with it as target.
    pub as_target: u64,
    /// Mean Goldstein value of those events.
    pub goldstein_mean: Option<f64>,
}

/// The `limit` actors with the most events in `period`.
pub(crate) fn actors(db: &mut dyn Db, period: &Period, limit: usize) -> Result<Vec<ActorRow>> {
    let mut acc: HashMap<String, (u64, u64, f64, u64)> = HashMap::new();
    for (column, as_source) in [("e.source_code", true), ("e.target_code", false)] {
        let mut w = Where::default();
        w.period("e.day", &period.from, &period.to)?;
        w.clauses.push(format!("{column} IS NOT NULL"));
        let sql = format!(
            "SELECT {column}, COUNT(*), SUM(e.goldstein), COUNT(e.goldstein) FROM events e{} GROUP BY {column}",
            w.sql()
        );
        for r in query_rows(db, &sql, &w.params)? {
            let a = acc.entry(r[0].to_string_or_empty()).or_default();
            if as_source {
                a.0 += u(&r[1]);
            } else {
                a.1 += u(&r[1]);
            }
            a.2 += r[2].as_f64().unwrap_or(0.0);
            a.3 += u(&r[3]);
        }
    }
    let mut rows: Vec<ActorRow> = acc
        .into_iter()
        .map(|(code, (s, t, g, n))| ActorRow {
            code,
            events: s + t,
            as_source: s,
            as_target: t,
            goldstein_mean: (n > 0).then(|| g / n as f64),
        })
        .collect();
    rows.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
    rows.truncate(limit);
    Ok(rows)
}

/// A source–target pair and its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DyadRow {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Events from source to target.
    pub events: u64,
    /// Reports of those events.
    pub mentions: u64,
    /// Their mean Goldstein value.
    pub goldstein_mean: Option<f64>,
}

/// The `limit` directed pairs with the most events in `period`.
pub(crate) fn dyads(db: &mut dyn Db, period: &Period, limit: usize) -> Result<Vec<DyadRow>> {
    let mut w = Where::default();
    w.period("e.day", &period.from, &period.to)?;
    w.clauses.push("e.target_code IS NOT NULL".into());
    let sql = format!(
        "SELECT e.source_code, e.target_code, COUNT(*), CAST(SUM(e.num_mentions) AS BIGINT), AVG(e.goldstein) \
         FROM events e{} GROUP BY e.source_code, e.target_code ORDER BY 3 DESC, 1, 2 LIMIT ?",
        w.sql()
    );
    let mut params = w.params;
    params.push(Value::Int(limit.min(i64::MAX as usize) as i64));
    Ok(query_rows(db, &sql, &params)?
        .into_iter()
        .map(|r| DyadRow {
            source: r[0].to_string_or_empty(),
            target: r[1].to_string_or_empty(),
            events: u(&r[2]),
            mentions: u(&r[3]),
            goldstein_mean: r[4].as_f64(),
        })
        .collect())
}

/// One report of an event, with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    /// The reporting document.
    pub doc_id: String,
    /// Its URL.
    pub url: Option<String>,
    /// The sentence number.
    pub sentence_id: u32,
    /// The sentence text.
    pub sentence: Option<String>,
    /// The coder's id of this report.
    pub coder_event_id: String,
    /// The source actor's text and byte span.
    pub source_text: Option<String>,
    /// Byte offset of the source text.
    pub source_start: Option<u32>,
    /// The target actor's text.
    pub target_text: Option<String>,
    /// Byte offset of the target text.
    pub target_start: Option<u32>,
    /// Byte span of the verb phrase.
    pub verb_start: Option<u32>,
    /// End of the verb phrase.
    pub verb_end: Option<u32>,
    /// The pattern that fired.
    pub pattern: Option<String>,
    /// The coder's confidence.
    pub confidence: Option<f64>,
}

/// The reports of one event.
pub(crate) fn mentions_of(db: &mut dyn Db, event_key: i64) -> Result<Vec<MentionRow>> {
    let rows = query_rows(
        db,
        "SELECT m.doc_id, d.url, m.sentence_id, s.text, m.coder_event_id, m.source_text, m.source_start, \
         m.target_text, m.target_start, m.verb_start, m.verb_end, m.pattern, m.confidence \
         FROM mentions m LEFT JOIN documents d ON d.doc_id = m.doc_id \
         LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.sentence_id = m.sentence_id \
         WHERE m.event_key = ? ORDER BY m.doc_id, m.seq",
        &[Value::Int(event_key)],
    )?;
    let n = |v: &Value<'_>| v.as_u32();
    Ok(rows
        .into_iter()
        .map(|r| MentionRow {
            doc_id: r[0].to_string_or_empty(),
            url: s(&r[1]),
            sentence_id: n(&r[2]).unwrap_or(0),
            sentence: s(&r[3]),
            coder_event_id: r[4].to_string_or_empty(),
            source_text: s(&r[5]),
            source_start: n(&r[6]),
            target_text: s(&r[7]),
            target_start: n(&r[8]),
            verb_start: n(&r[9]),
            verb_end: n(&r[10]),
            pattern: s(&r[11]),
            confidence: r[12].as_f64(),
        })
        .collect())
}

/// A page of documents in id order, after `after`.
pub(crate) fn documents_page(
    db: &mut dyn Db,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<DocRecord>> {
    let cols = "doc_id, url, source, title, published, text, hash";
    let limit = Value::Int(limit.clamp(1, 100_000) as i64);
    let rows = match after {
        Some(a) => query_rows(
            db,
            &format!("SELECT {cols} FROM documents WHERE doc_id > ? ORDER BY doc_id LIMIT ?"),
            &[Value::text(a), limit],
        )?,
        None => query_rows(
            db,
            &format!("SELECT {cols} FROM documents ORDER BY doc_id LIMIT ?"),
            &[limit],
        )?,
    };
    Ok(rows
        .into_iter()
        .map(|r| DocRecord {
            id: r[0].to_string_or_empty(),
            url: s(&r[1]),
            source: s(&r[2]),
            title: s(&r[3]),
            published: s(&r[4]),
            text: r[5].to_string_or_empty(),
            hash: r[6].to_string_or_empty(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_become_ranges() {
        let (sql, p) = prefix_clause("c", "USA").unwrap();
        assert_eq!(sql, "(c >= ? AND c < ?)");
        assert_eq!(
            p,
            vec![Value::owned("USA".into()), Value::owned("USB".into())]
        );
        assert!(prefix_clause("c", "  ").is_none());
        assert!(prefix_clause("c", "Ü").unwrap().0.starts_with("substr"));
    }

    #[test]
    fn like_patterns_are_literal() {
        assert_eq!(like_literal("50%_a\\"), "50\\%\\_a\\\\");
    }

    #[test]
    fn buckets() {
        let d = dates::days_from_civil(2025, 11, 4);
        assert_eq!(bucket_of(d, Bucket::Week).1, "2025-W45");
        assert_eq!(bucket_of(d, Bucket::Month).1, "2025-11");
        assert_eq!(
            dates::format_day(next_bucket(bucket_of(d, Bucket::Month).0, Bucket::Month)),
            "2025-12-01"
        );
    }
}
