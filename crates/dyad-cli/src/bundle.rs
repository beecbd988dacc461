//! From what the coder found in a document to what the store keeps: the
//! one place that knows both `dyad-code`'s output and `dyad-store`'s
//! records.

use dyad_code::{Coded, EventActor, EventPlace};
use dyad_enrich::quotes::QuoteKind;
use dyad_read::Loaded;
use dyad_store::{
    ActorRecord, DocRecord, DocumentBundle, ErrorRecord, EventRecord, MentionRecord,
    PlaceMentionRecord, PlaceRecord, QuoteRecord, SentenceRecord, ThemeRecord, TimeRecord,
};
use dyad_text::Analysis;

/// A 64-bit FNV-1a hash of a document's text, in hex: the same text has
/// the same hash on every machine and run.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// What the store keeps of an input that could not be read: its file,
/// line and the reason.
pub fn error_record(e: &dyad_read::ReadError) -> ErrorRecord {
    let origin = e.origin();
    ErrorRecord {
        file: origin.file.clone(),
        line: origin.line.map(|l| l as u64),
        doc_id: None,
        reason: e.to_string(),
    }
}

/// Every report of a document as GDELT 2.0 Events fields, one row per
/// report (`dyad code --format gdelt` and `--format spark`).
pub fn gdelt_rows(bundle: &DocumentBundle) -> Vec<Vec<String>> {
    dyad_store::report_events(bundle)
        .iter()
        .map(dyad_store::gdelt_event_fields)
        .collect()
}

/// Offsets fit in u32 in the store (documents are far below 4 GiB).
fn u(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn actor(a: &EventActor) -> ActorRecord {
    ActorRecord {
        code: a.code.clone(),
        text: a.text.clone(),
        country: a.country.clone(),
        sector: a.sector.clone(),
        start: u(a.start),
        end: u(a.end),
    }
}

fn place(p: &dyad_enrich::gazetteer::Place, span: Option<[usize; 2]>) -> PlaceRecord {
    PlaceRecord {
        name: p.name.clone(),
        kind: serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        country: p.country.clone(),
        adm1: p.adm1.clone(),
        lat: p.lat,
        lon: p.lon,
        geonames_id: p.geonames_id,
        start: span.map(|s| u(s[0])),
        end: span.map(|s| u(s[1])),
    }
}

fn event_place(p: &EventPlace) -> PlaceRecord {
    place(&p.place, p.span)
}

/// Everything the store keeps of one coded document.
///
/// An event's `confidence` says how directly the text supports it: 1.0
/// with both actors named in its sentence, 0.8 when one of them stands
/// for an actor named before (a pronoun or description: its text is not
/// a dictionary name), 0.6 without a target.
pub fn bundle(loaded: &Loaded, analysis: &Analysis, coded: &Coded) -> DocumentBundle {
    let doc = &loaded.doc;
    let named: Vec<(usize, usize)> = coded.actors.iter().map(|a| (a.start, a.end)).collect();
    let is_named = |a: &EventActor| named.iter().any(|&(s, e)| s < a.end && a.start < e);
    let enr = coded.enrichment.as_ref();
    DocumentBundle {
        doc: DocRecord {
            id: doc.id.clone(),
            url: doc.url.clone(),
            source: doc.source.clone(),
            title: doc.title.clone(),
            published: doc.published.clone(),
            text: doc.text.clone(),
            hash: content_hash(&doc.text),
        },
        sentences: analysis
            .sentences
            .iter()
            .map(|s| SentenceRecord {
                sentence_id: u(s.id),
                start: u(s.start),
                end: u(s.end),
                text: s.text.clone(),
            })
            .collect(),
        events: coded
            .events
            .iter()
            .map(|e| EventRecord {
                event_id: e.event_id.clone(),
                sentence_id: u(e.sentence_id),
                source: actor(&e.source),
                target: e.target.as_ref().map(actor),
                code: e.code.clone(),
                root: e.root.clone(),
                quad_class: e.quad_class,
                goldstein: e.goldstein,
                plover_type: e.plover.kind.clone(),
                plover_mode: e.plover.mode.clone(),
                date: e.date.clone(),
                date_precision: e.date_precision.clone(),
                date_span: e.date_span.map(|s| (u(s[0]), u(s[1]))),
                place: e.place.as_ref().map(event_place),
                verb_start: u(e.evidence.verb[0]),
                verb_end: u(e.evidence.verb[1]),
                pattern: e.evidence.pattern.clone(),
                reporter: e.reporter.as_ref().map(actor),
                quote_ids: e.quotes.iter().map(|&q| u(q)).collect(),
                confidence: match &e.target {
                    None => 0.6,
                    Some(t) if is_named(&e.source) && is_named(t) => 1.0,
                    Some(_) => 0.8,
                },
            })
            .collect(),
        actors: coded
            .actors
            .iter()
            .map(|a| MentionRecord {
                sentence_id: u(a.sentence_id),
                code: a.code.clone(),
                text: a.text.clone(),
                start: u(a.start),
                end: u(a.end),
                kind: a.kind.to_string(),
            })
            .collect(),
        quotes: enr
            .map(|e| {
                e.quotes
                    .iter()
                    .map(|q| QuoteRecord {
                        quote_id: u(q.id),
                        text: q.text.clone(),
                        start: u(q.start),
                        end: u(q.end),
                        speaker_text: q.speaker.as_ref().map(|s| s.text.clone()),
                        speaker_code: q.speaker.as_ref().and_then(|s| s.code.clone()),
                        kind: match q.kind {
                            QuoteKind::Quote => "quote",
                            QuoteKind::Term => "term",
                        }
                        .to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        places: enr
            .map(|e| {
                e.places
                    .iter()
                    .map(|p| PlaceMentionRecord {
                        place: place(&p.place, Some([p.start, p.end])),
                        sentence_id: p.sentence_id.map(u),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        themes: enr
            .map(|e| {
                e.themes
                    .iter()
                    .map(|t| ThemeRecord {
                        theme: t.theme.clone(),
                        count: u(t.count),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        times: enr
            .map(|e| {
                e.dates
                    .iter()
                    .map(|t| TimeRecord {
                        sentence_id: Some(u(t.sentence_id)),
                        text: t.text.clone(),
                        start: u(t.start),
                        end: u(t.end),
                        value: t.value.clone(),
                        precision: serde_json::to_value(t.precision)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string)),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        tone: enr.map(|e| e.tone.tone.tone),
    }
}
