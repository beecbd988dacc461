//! Writing documents and their events, and how reports merge into events.
//!
//! ## The model
//!
//! A row of `mentions` is one report: one event as the coder found it in
//! one sentence of one document, with everything the coder said about it.
//! A row of `events` is what several reports have in common, GDELT-style:
//! reports with the same *merge key* — date, source actor code, target
//! actor code, CAMEO code and place (GeoNames id, else the place's name
//! and country), missing parts compared as equal to each other — are one
//! event. The event row is a function of its mentions: its counts
//! (`num_mentions` reports, `num_articles` distinct documents,
//! `num_sources` distinct publishers) and its descriptive fields (actor
//! names, place details, the representative document) are recomputed from
//! them whenever they change, the representative being the report of the
//! smallest document id. So the result does not depend on the order in
//! which documents arrive or on how they were cut into batches — which is
//! what makes a rerun after a crash end exactly like a clean run.
//!
//! The event's key (`event_key`, GDELT's GLOBALEVENTID) is a 53-bit hash of
//! the merge key (53 bits: exact in JavaScript and JSON consumers). Should
//! two merge keys ever hash alike, the later one takes the next free key;
//! the row's stored merge key is always compared, never assumed.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::dates;
use crate::db::{in_list_len, insert_rows, placeholders, query_rows, Db, Value};
use crate::error::{Result, StoreError};
use crate::model::{DocRecord, DocumentBundle, ErrorRecord, EventRecord, PlaceRecord};

/// What [`crate::Store::write_batch`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// Documents written.
    pub documents_written: usize,
    /// Ids of documents not written because the store already had them (or
    /// an earlier bundle of the same batch had the same id).
    pub skipped: Vec<String>,
    /// Reports (mention rows) written.
    pub mentions_written: usize,
    /// Event rows created.
    pub events_created: usize,
    /// Reports that joined an event row that existed already or was
    /// created earlier in the batch.
    pub events_merged: usize,
}

/// What [`crate::Store::replace_events`] changed for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecodeDiff {
    /// The document.
    pub doc_id: String,
    /// Reports in the new coding that the old one did not have (same merge
    /// key counts as the same), per CAMEO root.
    pub added: BTreeMap<String, u32>,
    /// Reports of the old coding that the new one does not have, per root.
    pub removed: BTreeMap<String, u32>,
    /// Reports found by both codings.
    pub unchanged: u32,
    /// Event rows created (no other document reported them).
    pub events_created: u32,
    /// Event rows deleted because their last report went.
    pub events_deleted: u32,
}

impl RecodeDiff {
    /// Whether the new coding found the same events as the old one.
    pub fn is_unchanged(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// 64-bit FNV-1a with a final avalanche step: fast, dependency-free, and
/// stable across platforms and releases (keys are stored).
pub(crate) struct Hasher64(u64);

impl Hasher64 {
    pub(crate) fn new() -> Self {
        Hasher64(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    /// A field, length-prefixed and tagged so that `None`, `Some("")` and
    /// neighbouring fields cannot run into each other.
    pub(crate) fn field(&mut self, s: Option<&str>) {
        match s {
            None => self.bytes(&[0]),
            Some(s) => {
                self.bytes(&[1]);
                self.bytes(&(s.len() as u64).to_le_bytes());
                self.bytes(s.as_bytes());
            }
        }
    }
    pub(crate) fn finish(&self) -> u64 {
        // splitmix64's finaliser spreads FNV's weak high bits.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

const KEY_MASK: i64 = (1 << 53) - 1;

fn next_key(k: i64) -> i64 {
    if k >= KEY_MASK {
        1
    } else {
        k + 1
    }
}

/// The identity of an event across reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MergeKey {
    pub(crate) date: Option<String>,
    pub(crate) source: String,
    pub(crate) target: Option<String>,
    pub(crate) code: String,
    pub(crate) place: Option<String>,
}

impl MergeKey {
    pub(crate) fn hash(&self) -> i64 {
        let mut h = Hasher64::new();
        h.field(Some("dyad-event-v1"));
        h.field(self.date.as_deref());
        h.field(Some(&self.source));
        h.field(self.target.as_deref());
        h.field(Some(&self.code));
        h.field(self.place.as_deref());
        let k = (h.finish() as i64) & KEY_MASK;
        if k == 0 {
            1
        } else {
            k
        }
    }

    /// The merge key of a report, and its date's precision: the event's
    /// own date, else its document's publication day.
    fn of(ev: &EventRecord, doc: &DocRecord) -> (MergeKey, Option<String>) {
        let (date, precision) = event_date(ev, doc);
        let key = MergeKey {
            date,
            source: ev.source.code.clone(),
            target: ev.target.as_ref().map(|t| t.code.clone()),
            code: ev.code.clone(),
            place: ev.place.as_ref().and_then(place_key),
        };
        (key, precision)
    }

    /// From `date, source_code, target_code, code, place_key`.
    fn from_row(row: &[Value<'_>]) -> MergeKey {
        MergeKey {
            date: row[0].to_opt_string(),
            source: row[1].to_string_or_empty(),
            target: row[2].to_opt_string(),
            code: row[3].to_string_or_empty(),
            place: row[4].to_opt_string(),
        }
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The merge identity of a place: its GeoNames id, else its name (case
/// folded) and country.
pub(crate) fn place_key(p: &PlaceRecord) -> Option<String> {
    if let Some(id) = p.geonames_id {
        return Some(format!("geonames:{id}"));
    }
    let name = p.name.trim().to_lowercase();
    if name.is_empty() {
        return None;
    }
    Some(format!(
        "name:{name}|{}",
        p.country.as_deref().unwrap_or("")
    ))
}

/// Who published a document, for counting distinct sources: its `source`,
/// else its URL's host (without `www.`), case folded.
pub(crate) fn publisher(doc: &DocRecord) -> Option<String> {
    if let Some(s) = non_empty(doc.source.as_deref()) {
        return Some(s.to_lowercase());
    }
    let url = non_empty(doc.url.as_deref())?;
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// The event's date: its own, else the date its document was published.
fn event_date(ev: &EventRecord, doc: &DocRecord) -> (Option<String>, Option<String>) {
    let own = non_empty(ev.date.as_deref()).map(str::to_string);
    let date = own.or_else(|| doc.published.as_deref().and_then(dates::published_day));
    let precision = non_empty(ev.date_precision.as_deref())
        .map(str::to_string)
        .or_else(|| {
            date.as_deref()
                .and_then(dates::parse)
                .map(|p| p.3.as_str().to_string())
        });
    (date, precision)
}

/// Every report of one document as an event row of its own, before any
/// merging: what the store would make of the document were it the only
/// one. The key is the merge key's hash (the `event_key` the store gives
/// the merged event, unless two merge keys collide), the counts are one
/// report, one article and one source, the tone is the document's, and
/// `added_at` is the publication time (so the rows do not depend on when
/// they were made). How `dyad code --format gdelt` and the Spark job write
/// GDELT columns without a database.
pub fn report_events(bundle: &DocumentBundle) -> Vec<crate::EventRow> {
    let doc = &bundle.doc;
    bundle
        .events
        .iter()
        .map(|ev| {
            let (key, date_precision) = MergeKey::of(ev, doc);
            let place = ev.place.as_ref();
            crate::EventRow {
                event_key: key.hash(),
                date: key.date,
                date_precision,
                source_code: ev.source.code.clone(),
                source_name: Some(ev.source.text.clone()),
                source_country: ev.source.country.clone(),
                source_sector: ev.source.sector.clone(),
                target_code: ev.target.as_ref().map(|t| t.code.clone()),
                target_name: ev.target.as_ref().map(|t| t.text.clone()),
                target_country: ev.target.as_ref().and_then(|t| t.country.clone()),
                target_sector: ev.target.as_ref().and_then(|t| t.sector.clone()),
                code: ev.code.clone(),
                base_code: base_code(&ev.code).to_string(),
                root: ev.root.clone(),
                quad_class: Some(ev.quad_class),
                goldstein: Some(decimal(ev.goldstein)),
                plover_type: ev.plover_type.clone(),
                plover_mode: ev.plover_mode.clone(),
                place_name: place.map(|p| p.name.clone()),
                place_kind: place.map(|p| p.kind.clone()),
                place_country: place.and_then(|p| p.country.clone()),
                place_adm1: place.and_then(|p| p.adm1.clone()),
                place_lat: place.map(|p| p.lat),
                place_lon: place.map(|p| p.lon),
                place_geonames_id: place.and_then(|p| p.geonames_id),
                num_mentions: 1,
                num_sources: 1,
                num_articles: 1,
                avg_tone: bundle.tone.filter(|t| t.is_finite()),
                doc_id: Some(doc.id.clone()),
                sentence_id: Some(ev.sentence_id),
                doc_url: doc.url.clone(),
                doc_title: doc.title.clone(),
                doc_source: doc.source.clone(),
                added_at: doc.published.clone().unwrap_or_default(),
            }
        })
        .collect()
}

/// One report on its way in.
struct Report<'a> {
    doc: &'a DocRecord,
    tone: Option<f64>,
    seq: usize,
    ev: &'a EventRecord,
    key: MergeKey,
    date_precision: Option<String>,
    publisher: Option<String>,
    event_key: i64,
}

/// What writing a set of documents' events did.
#[derive(Default)]
pub(crate) struct EventsWritten {
    pub(crate) mentions: usize,
    pub(crate) created: usize,
    pub(crate) merged: usize,
    /// Keys of rows that existed before and gained reports: to recount.
    pub(crate) touched: HashSet<i64>,
    /// Merge keys and roots of the reports written, for recode diffs.
    pub(crate) keys: Vec<(MergeKey, String)>,
}

const KEY_COLUMNS: &str = "event_key, date, source_code, target_code, code, place_key";

/// Existing rows among `keys`: key → its merge key.
fn fetch_events(db: &mut dyn Db, keys: &[i64]) -> Result<HashMap<i64, MergeKey>> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(in_list_len(db)) {
        let sql = format!(
            "SELECT {KEY_COLUMNS} FROM events WHERE event_key IN ({})",
            placeholders(chunk.len())
        );
        let params: Vec<Value<'_>> = chunk.iter().map(|k| Value::Int(*k)).collect();
        for row in query_rows(db, &sql, &params)? {
            if let Some(k) = row[0].as_i64() {
                found.insert(k, MergeKey::from_row(&row[1..]));
            }
        }
    }
    Ok(found)
}

/// An f32 score as the f64 the store keeps, rounded to 3 decimals: f32 →
/// f64 alone would store Goldstein 3.4 as 3.4000000953674316 (and print
/// it so in every export).
fn decimal(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// Inserts `rows` into `table`, each row's values in the order of the
/// table's columns in the schema (its DDL is the one list of them).
fn insert_table(
    db: &mut dyn Db,
    table: &str,
    conflict: &str,
    rows: &[Vec<Value<'_>>],
) -> Result<u64> {
    insert_rows(
        db,
        table,
        &crate::schema::table_columns(table),
        conflict,
        rows,
    )
}

/// The CAMEO base code: the first three digits.
pub(crate) fn base_code(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// Writes the events of `bundles` (mentions, and event rows for merge keys
/// not stored yet). Does not recount the rows that existed: the caller
/// does, once, with [`recount`].
pub(crate) fn write_events(
    db: &mut dyn Db,
    bundles: &[&DocumentBundle],
    now: &str,
) -> Result<EventsWritten> {
    let mut reports = Vec::new();
    for b in bundles {
        let publisher = publisher(&b.doc);
        for (seq, ev) in b.events.iter().enumerate() {
            let (key, date_precision) = MergeKey::of(ev, &b.doc);
            reports.push(Report {
                doc: &b.doc,
                tone: b.tone.filter(|t| t.is_finite()),
                seq,
                ev,
                key,
                date_precision,
                publisher: publisher.clone(),
                event_key: 0,
            });
        }
    }
    let mut out = EventsWritten::default();
    if reports.is_empty() {
        return Ok(out);
    }

    // Resolve every merge key to a row: existing, created in this batch, or
    // new. One query for the likely keys; collisions probe onwards.
    let mut wanted: Vec<i64> = reports.iter().map(|r| r.key.hash()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let existing = fetch_events(db, &wanted)?;
    let mut known: HashMap<i64, Option<MergeKey>> = wanted
        .iter()
        .map(|k| (*k, existing.get(k).cloned()))
        .collect();
    let mut created: HashMap<i64, MergeKey> = HashMap::new();
    let mut resolved: HashMap<MergeKey, i64> = HashMap::new();
    for r in &mut reports {
        if let Some(k) = resolved.get(&r.key) {
            r.event_key = *k;
            out.merged += 1;
            continue;
        }
        let mut k = r.key.hash();
        loop {
            if let Some(mk) = created.get(&k) {
                if *mk == r.key {
                    break;
                }
                k = next_key(k);
                continue;
            }
            let stored = match known.get(&k) {
                Some(s) => s.clone(),
                None => {
                    let s = fetch_events(db, &[k])?.remove(&k);
                    known.insert(k, s.clone());
                    s
                }
            };
            match stored {
                Some(mk) if mk == r.key => {
                    out.touched.insert(k);
                    out.merged += 1;
                    break;
                }
                Some(_) => k = next_key(k),
                None => {
                    created.insert(k, r.key.clone());
                    out.created += 1;
                    break;
                }
            }
        }
        resolved.insert(r.key.clone(), k);
        r.event_key = k;
    }

    // New rows, computed here from their reports exactly as `recount`
    // computes them in SQL.
    let mut by_key: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if created.contains_key(&r.event_key) {
            by_key.entry(r.event_key).or_default().push(i);
        }
    }
    let mut rows = Vec::with_capacity(by_key.len());
    for (key, idx) in &by_key {
        let rep = idx
            .iter()
            .map(|&i| &reports[i])
            .min_by(|a, b| (a.doc.id.as_str(), a.seq).cmp(&(b.doc.id.as_str(), b.seq)))
            .expect("every created key has a report");
        let mut docs = HashSet::new();
        let mut publishers = HashSet::new();
        let mut tones = Vec::new();
        for &i in idx {
            let r = &reports[i];
            if docs.insert(r.doc.id.as_str()) {
                if let Some(t) = r.tone {
                    tones.push(t);
                }
            }
            publishers.insert(r.publisher.as_deref().unwrap_or(""));
        }
        let avg_tone = (!tones.is_empty()).then(|| tones.iter().sum::<f64>() / tones.len() as f64);
        let ev = rep.ev;
        let place = ev.place.as_ref();
        let target = ev.target.as_ref();
        rows.push(vec![
            Value::Int(*key),
            Value::opt_text(rep.key.date.as_deref()),
            Value::opt_text(rep.date_precision.as_deref()),
            Value::opt_int(rep.key.date.as_deref().and_then(dates::day_key)),
            Value::text(&ev.source.code),
            Value::text(&ev.source.text),
            Value::opt_text(ev.source.country.as_deref()),
            Value::opt_text(ev.source.sector.as_deref()),
            Value::opt_text(target.map(|t| t.code.as_str())),
            Value::opt_text(target.map(|t| t.text.as_str())),
            Value::opt_text(target.and_then(|t| t.country.as_deref())),
            Value::opt_text(target.and_then(|t| t.sector.as_deref())),
            Value::text(&ev.code),
            Value::text(base_code(&ev.code)),
            Value::text(&ev.root),
            Value::int(ev.quad_class),
            Value::real(decimal(ev.goldstein)),
            Value::opt_text(ev.plover_type.as_deref()),
            Value::opt_text(ev.plover_mode.as_deref()),
            Value::opt_text(rep.key.place.as_deref()),
            Value::opt_text(place.map(|p| p.name.as_str())),
            Value::opt_text(place.map(|p| p.kind.as_str())),
            Value::opt_text(place.and_then(|p| p.country.as_deref())),
            Value::opt_text(place.and_then(|p| p.adm1.as_deref())),
            Value::opt_real(place.map(|p| p.lat)),
            Value::opt_real(place.map(|p| p.lon)),
            Value::opt_int(place.and_then(|p| p.geonames_id).map(i64::from)),
            Value::Int(idx.len() as i64),
            Value::Int(publishers.len() as i64),
            Value::Int(docs.len() as i64),
            Value::opt_real(avg_tone),
            Value::text(&rep.doc.id),
            Value::int(ev.sentence_id),
            Value::text(now),
        ]);
    }
    insert_table(db, "events", "", &rows)?;

    let mut rows = Vec::with_capacity(reports.len());
    for r in &reports {
        let ev = r.ev;
        let place = ev.place.as_ref();
        let target = ev.target.as_ref();
        let quotes = ev
            .quote_ids
            .iter()
            .map(|q| q.to_string())
            .collect::<Vec<_>>()
            .join(",");
        rows.push(vec![
            Value::text(&r.doc.id),
            Value::Int(r.seq as i64),
            Value::Int(r.event_key),
            Value::text(&ev.event_id),
            Value::int(ev.sentence_id),
            Value::opt_text(r.key.date.as_deref()),
            Value::opt_text(r.date_precision.as_deref()),
            Value::text(&ev.source.code),
            Value::text(&ev.source.text),
            Value::opt_text(ev.source.country.as_deref()),
            Value::opt_text(ev.source.sector.as_deref()),
            Value::int(ev.source.start),
            Value::int(ev.source.end),
            Value::opt_text(target.map(|t| t.code.as_str())),
            Value::opt_text(target.map(|t| t.text.as_str())),
            Value::opt_text(target.and_then(|t| t.country.as_deref())),
            Value::opt_text(target.and_then(|t| t.sector.as_deref())),
            Value::opt_int(target.map(|t| i64::from(t.start))),
            Value::opt_int(target.map(|t| i64::from(t.end))),
            Value::text(&ev.code),
            Value::text(&ev.root),
            Value::int(ev.quad_class),
            Value::real(decimal(ev.goldstein)),
            Value::opt_text(ev.plover_type.as_deref()),
            Value::opt_text(ev.plover_mode.as_deref()),
            Value::opt_text(place.map(|p| p.name.as_str())),
            Value::opt_text(place.map(|p| p.kind.as_str())),
            Value::opt_text(place.and_then(|p| p.country.as_deref())),
            Value::opt_text(place.and_then(|p| p.adm1.as_deref())),
            Value::opt_real(place.map(|p| p.lat)),
            Value::opt_real(place.map(|p| p.lon)),
            Value::opt_int(place.and_then(|p| p.geonames_id).map(i64::from)),
            Value::opt_int(place.and_then(|p| p.start).map(i64::from)),
            Value::opt_int(place.and_then(|p| p.end).map(i64::from)),
            Value::int(ev.verb_start),
            Value::int(ev.verb_end),
            Value::text(&ev.pattern),
            Value::real(decimal(ev.confidence)),
            Value::opt_text(r.publisher.as_deref()),
            Value::opt_text(ev.reporter.as_ref().map(|a| a.code.as_str())),
            Value::opt_text(ev.reporter.as_ref().map(|a| a.text.as_str())),
            Value::owned(quotes),
            Value::opt_int(ev.date_span.map(|s| i64::from(s.0))),
            Value::opt_int(ev.date_span.map(|s| i64::from(s.1))),
        ]);
    }
    out.mentions = insert_table(db, "mentions", "", &rows)? as usize;
    out.keys = reports
        .into_iter()
        .map(|r| (r.key, r.ev.root.clone()))
        .collect();
    Ok(out)
}

/// Deletes the rows among `keys` that no report refers to any more;
/// returns how many.
pub(crate) fn delete_orphans(db: &mut dyn Db, keys: &[i64]) -> Result<u64> {
    let mut deleted = 0;
    for chunk in keys.chunks(in_list_len(db)) {
        let sql = format!(
            "DELETE FROM events WHERE event_key IN ({}) AND NOT EXISTS \
             (SELECT 1 FROM mentions m WHERE m.event_key = events.event_key)",
            placeholders(chunk.len())
        );
        let params: Vec<Value<'_>> = chunk.iter().map(|k| Value::Int(*k)).collect();
        deleted += db.execute(&sql, &params)?;
    }
    Ok(deleted)
}

/// The event columns copied from the representative report, and the
/// mention columns they come from.
const REP_COLUMNS: &[(&str, &str)] = &[
    ("rep_doc_id", "doc_id"),
    ("rep_sentence_id", "sentence_id"),
    ("date_precision", "date_precision"),
    ("source_name", "source_text"),
    ("source_country", "source_country"),
    ("source_sector", "source_sector"),
    ("target_name", "target_text"),
    ("target_country", "target_country"),
    ("target_sector", "target_sector"),
    ("root", "root"),
    ("quad_class", "quad_class"),
    ("goldstein", "goldstein"),
    ("plover_type", "plover_type"),
    ("plover_mode", "plover_mode"),
    ("place_name", "place_name"),
    ("place_kind", "place_kind"),
    ("place_country", "place_country"),
    ("place_adm1", "place_adm1"),
    ("place_lat", "place_lat"),
    ("place_lon", "place_lon"),
    ("place_geonames_id", "place_geonames_id"),
];

/// Recomputes the rows `keys` from their reports: counts, tone and the
/// representative report's fields. Rows without reports must have been
/// deleted first ([`delete_orphans`]).
pub(crate) fn recount(db: &mut dyn Db, keys: &[i64]) -> Result<()> {
    let targets: Vec<&str> = REP_COLUMNS.iter().map(|c| c.0).collect();
    let sources: Vec<String> = REP_COLUMNS.iter().map(|c| format!("m.{}", c.1)).collect();
    let of_event = "FROM mentions m WHERE m.event_key = events.event_key";
    for chunk in keys.chunks(in_list_len(db)) {
        let sql = format!(
            "UPDATE events SET ({}) = (SELECT {} {of_event} ORDER BY m.doc_id, m.seq LIMIT 1), \
             (num_mentions, num_articles, num_sources) = (SELECT COUNT(*), COUNT(DISTINCT m.doc_id), \
             COUNT(DISTINCT COALESCE(m.publisher, '')) {of_event}), \
             avg_tone = (SELECT AVG(d.tone) FROM documents d WHERE d.doc_id IN (SELECT m.doc_id {of_event})) \
             WHERE event_key IN ({})",
            targets.join(", "),
            sources.join(", "),
            placeholders(chunk.len())
        );
        let params: Vec<Value<'_>> = chunk.iter().map(|k| Value::Int(*k)).collect();
        db.execute(&sql, &params)?;
    }
    Ok(())
}

/// Writes the per-document rows other than events: sentences, actor
/// mentions, quotes, places, themes. Duplicate ids in the input (two
/// sentences numbered alike) keep the first.
pub(crate) fn write_children(db: &mut dyn Db, bundles: &[&DocumentBundle]) -> Result<()> {
    let mut rows = Vec::new();
    for b in bundles {
        for s in &b.sentences {
            rows.push(vec![
                Value::text(&b.doc.id),
                Value::int(s.sentence_id),
                Value::int(s.start),
                Value::int(s.end),
                Value::text(&s.text),
            ]);
        }
    }
    insert_table(db, "sentences", "ON CONFLICT DO NOTHING", &rows)?;

    let mut rows = Vec::new();
    for b in bundles {
        for (seq, a) in b.actors.iter().enumerate() {
            rows.push(vec![
                Value::text(&b.doc.id),
                Value::Int(seq as i64),
                Value::int(a.sentence_id),
                Value::text(&a.code),
                Value::text(&a.text),
                Value::int(a.start),
                Value::int(a.end),
                Value::text(&a.kind),
            ]);
        }
    }
    insert_table(db, "actors", "", &rows)?;

    let mut rows = Vec::new();
    for b in bundles {
        for q in &b.quotes {
            rows.push(vec![
                Value::text(&b.doc.id),
                Value::int(q.quote_id),
                Value::text(&q.text),
                Value::int(q.start),
                Value::int(q.end),
                Value::opt_text(q.speaker_text.as_deref()),
                Value::opt_text(q.speaker_code.as_deref()),
                Value::text(&q.kind),
            ]);
        }
    }
    insert_table(db, "quotes", "ON CONFLICT DO NOTHING", &rows)?;

    let mut rows = Vec::new();
    for b in bundles {
        for (seq, pm) in b.places.iter().enumerate() {
            let p = &pm.place;
            rows.push(vec![
                Value::text(&b.doc.id),
                Value::Int(seq as i64),
                Value::opt_int(pm.sentence_id.map(i64::from)),
                Value::text(&p.name),
                Value::text(&p.kind),
                Value::opt_text(p.country.as_deref()),
                Value::opt_text(p.adm1.as_deref()),
                Value::real(p.lat),
                Value::real(p.lon),
                Value::opt_int(p.geonames_id.map(i64::from)),
                Value::opt_int(p.start.map(i64::from)),
                Value::opt_int(p.end.map(i64::from)),
            ]);
        }
    }
    insert_table(db, "places", "", &rows)?;

    let mut rows = Vec::new();
    for b in bundles {
        for t in &b.themes {
            rows.push(vec![
                Value::text(&b.doc.id),
                Value::text(&t.theme),
                Value::int(t.count),
            ]);
        }
    }
    insert_table(db, "themes", "ON CONFLICT DO NOTHING", &rows)?;

    let mut rows = Vec::new();
    for b in bundles {
        for (seq, t) in b.times.iter().enumerate() {
            rows.push(vec![
                Value::text(&b.doc.id),
                Value::Int(seq as i64),
                Value::opt_int(t.sentence_id.map(i64::from)),
                Value::text(&t.text),
                Value::int(t.start),
                Value::int(t.end),
                Value::opt_text(t.value.as_deref()),
                Value::opt_text(t.precision.as_deref()),
            ]);
        }
    }
    insert_table(db, "times", "", &rows)?;
    Ok(())
}

fn document_row<'a>(b: &'a DocumentBundle, now: &'a str) -> Vec<Value<'a>> {
    let d = &b.doc;
    vec![
        Value::text(&d.id),
        Value::opt_text(d.url.as_deref()),
        Value::opt_text(d.source.as_deref()),
        Value::opt_text(d.title.as_deref()),
        Value::opt_text(d.published.as_deref()),
        Value::text(&d.text),
        Value::text(&d.hash),
        Value::opt_real(b.tone),
        Value::text(now),
    ]
}

/// Which of `ids` the store has.
pub(crate) fn existing_documents(db: &mut dyn Db, ids: &[&str]) -> Result<HashSet<String>> {
    let mut found = HashSet::new();
    for chunk in ids.chunks(in_list_len(db)) {
        let sql = format!(
            "SELECT doc_id FROM documents WHERE doc_id IN ({})",
            placeholders(chunk.len())
        );
        let params: Vec<Value<'_>> = chunk.iter().map(|id| Value::text(id)).collect();
        for row in query_rows(db, &sql, &params)? {
            if let Some(id) = row[0].as_str() {
                found.insert(id.to_string());
            }
        }
    }
    Ok(found)
}

fn check_ids(bundles: &[DocumentBundle]) -> Result<()> {
    if let Some(i) = bundles.iter().position(|b| b.doc.id.trim().is_empty()) {
        return Err(StoreError::InvalidInput(format!(
            "document {} of the batch has an empty id (give it a content-hash id)",
            i + 1
        )));
    }
    Ok(())
}

/// The body of `write_batch`, run inside its transaction.
pub(crate) fn write_batch(
    db: &mut dyn Db,
    bundles: &[DocumentBundle],
    now: &str,
) -> Result<BatchReport> {
    check_ids(bundles)?;
    let ids: Vec<&str> = bundles.iter().map(|b| b.doc.id.as_str()).collect();
    let stored = existing_documents(db, &ids)?;
    let mut seen = HashSet::new();
    let mut fresh = Vec::new();
    let mut report = BatchReport::default();
    for b in bundles {
        if stored.contains(&b.doc.id) || !seen.insert(b.doc.id.as_str()) {
            report.skipped.push(b.doc.id.clone());
        } else {
            fresh.push(b);
        }
    }
    let rows: Vec<Vec<Value<'_>>> = fresh.iter().map(|b| document_row(b, now)).collect();
    insert_table(db, "documents", "", &rows)?;
    write_children(db, &fresh)?;
    let written = write_events(db, &fresh, now)?;
    let touched: Vec<i64> = sorted(&written.touched);
    recount(db, &touched)?;
    report.documents_written = fresh.len();
    report.mentions_written = written.mentions;
    report.events_created = written.created;
    report.events_merged = written.merged;
    Ok(report)
}

fn sorted(keys: &HashSet<i64>) -> Vec<i64> {
    let mut v: Vec<i64> = keys.iter().copied().collect();
    v.sort_unstable();
    v
}

/// The body of `replace_events`, run inside its transaction.
pub(crate) fn replace_events(
    db: &mut dyn Db,
    doc_id: &str,
    bundle: &DocumentBundle,
    now: &str,
) -> Result<RecodeDiff> {
    if bundle.doc.id != doc_id {
        return Err(StoreError::InvalidInput(format!(
            "replace_events({doc_id:?}) was given the bundle of document {:?}",
            bundle.doc.id
        )));
    }
    if existing_documents(db, &[doc_id])?.is_empty() {
        return Err(StoreError::UnknownDocument(doc_id.to_string()));
    }
    let old = query_rows(
        db,
        "SELECT m.event_key, e.date, e.source_code, e.target_code, e.code, e.place_key, m.root \
         FROM mentions m JOIN events e ON e.event_key = m.event_key WHERE m.doc_id = ?",
        &[Value::text(doc_id)],
    )?;
    let mut old_keys = HashSet::new();
    let mut old_counts: HashMap<(MergeKey, String), u32> = HashMap::new();
    for row in &old {
        if let Some(k) = row[0].as_i64() {
            old_keys.insert(k);
        }
        *old_counts
            .entry((MergeKey::from_row(&row[1..6]), row[6].to_string_or_empty()))
            .or_default() += 1;
    }
    for table in [
        "mentions",
        "sentences",
        "actors",
        "quotes",
        "places",
        "themes",
        "times",
    ] {
        db.execute(
            &format!("DELETE FROM {table} WHERE doc_id = ?"),
            &[Value::text(doc_id)],
        )?;
    }
    let d = &bundle.doc;
    db.execute(
        "UPDATE documents SET url = ?, source = ?, title = ?, published = ?, text = ?, hash = ?, tone = ? \
         WHERE doc_id = ?",
        &[
            Value::opt_text(d.url.as_deref()),
            Value::opt_text(d.source.as_deref()),
            Value::opt_text(d.title.as_deref()),
            Value::opt_text(d.published.as_deref()),
            Value::text(&d.text),
            Value::text(&d.hash),
            Value::opt_real(bundle.tone),
            Value::text(doc_id),
        ],
    )?;
    write_children(db, &[bundle])?;
    let written = write_events(db, &[bundle], now)?;
    let mut affected: HashSet<i64> = old_keys;
    affected.extend(written.touched.iter().copied());
    let affected = sorted(&affected);
    let deleted = delete_orphans(db, &affected)?;
    recount(db, &affected)?;

    let mut diff = RecodeDiff {
        doc_id: doc_id.to_string(),
        events_created: written.created as u32,
        events_deleted: deleted as u32,
        ..RecodeDiff::default()
    };
    let mut new_counts: HashMap<(MergeKey, String), u32> = HashMap::new();
    for k in written.keys {
        *new_counts.entry(k).or_default() += 1;
    }
    for (k, &n) in &new_counts {
        let o = old_counts.get(k).copied().unwrap_or(0);
        diff.unchanged += n.min(o);
        if n > o {
            *diff.added.entry(k.1.clone()).or_default() += n - o;
        }
    }
    for (k, &o) in &old_counts {
        let n = new_counts.get(k).copied().unwrap_or(0);
        if o > n {
            *diff.removed.entry(k.1.clone()).or_default() += o - n;
        }
    }
    Ok(diff)
}

/// The body of `record_error`: errors are keyed by their content, so
/// recording the same failure again (a rerun) keeps one row.
pub(crate) fn record_error(db: &mut dyn Db, e: &ErrorRecord, now: &str) -> Result<()> {
    let mut h = Hasher64::new();
    h.field(Some(&e.file));
    h.field(e.line.map(|l| l.to_string()).as_deref());
    h.field(e.doc_id.as_deref());
    h.field(Some(&e.reason));
    let key = format!("{:016x}", h.finish());
    db.execute(
        "INSERT INTO errors (error_key, file, line, doc_id, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT DO NOTHING",
        &[
            Value::owned(key),
            Value::text(&e.file),
            Value::opt_int(e.line.map(|l| l.min(i64::MAX as u64) as i64)),
            Value::opt_text(e.doc_id.as_deref()),
            Value::text(&e.reason),
            Value::text(now),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishers_come_from_source_or_host() {
        let mut d = DocRecord {
            url: Some("https://www.Reuters.com/world/x?y=1".into()),
            ..DocRecord::default()
        };
        assert_eq!(publisher(&d).as_deref(), Some("reuters.com"));
        d.source = Some(" AP ".into());
        assert_eq!(publisher(&d).as_deref(), Some("ap"));
        d.source = None;
        d.url = None;
        assert_eq!(publisher(&d), None);
    }

    #[test]
    fn merge_keys_are_null_safe_and_stable() {
        let k = MergeKey {
            date: Some("2025-11-04".into()),
            source: "RUS".into(),
            target: None,
            code: "040".into(),
            place: None,
        };
        let mut empty_target = k.clone();
        empty_target.target = Some(String::new());
        assert_ne!(k.hash(), empty_target.hash());
        assert_eq!(k.hash(), k.clone().hash());
        assert!(k.hash() > 0 && k.hash() <= KEY_MASK);
        assert_eq!(next_key(KEY_MASK), 1);
    }

    #[test]
    fn scores_are_stored_as_written() {
        assert_eq!(decimal(3.4), 3.4);
        assert_eq!(decimal(-9.5), -9.5);
        assert_eq!(decimal(0.6), 0.6);
    }

    #[test]
    fn base_codes() {
        assert_eq!(base_code("0431"), "043");
        assert_eq!(base_code("04"), "04");
    }
}
