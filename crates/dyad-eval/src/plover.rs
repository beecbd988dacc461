//! The PLOVER gold-standard records (CAMEO manual examples with PLOVER
//! 0.5 labels): a record is a hit when dyad codes an event of the record's
//! type whose source code starts with one of the record's source codes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use dyad_code::Coder;
use dyad_text::Document;
use serde::Deserialize;

use crate::EvalError;

#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    event: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Vec<GsrActor>,
}

#[derive(Debug, Deserialize)]
struct GsrActor {
    code: Option<String>,
}

/// The PLOVER 0.5 label (as the gold-standard records use) of a CAMEO code.
pub fn plover_label(code: &str) -> Option<&'static str> {
    let root = code.get(..2)?;
    Some(match root {
        "02" | "10" => "DEMAND",
        "03" => "AGREE",
        "04" => "CONSULT",
        "05" => "SUPPORT",
        "06" => "COOPERATE",
        "07" => "AID",
        "08" if code.as_bytes().get(2).is_some_and(|&d| d >= b'4') => "RETREAT",
        "08" => "CONCEDE",
        "09" => "INVESTIGATE",
        "11" => "DISAPPROVE",
        "12" => "REJECT",
        "13" => "THREATEN",
        "14" => "PROTEST",
        "15" => "MOBILIZE",
        "16" => "SANCTION",
        "17" => "COERCE",
        "18" => "ASSAULT",
        // The gold-standard records label mass violence (ethnic cleansing) FIGHT.
        "19" | "20" => "FIGHT",
        _ => return None,
    })
}

/// Per-type results.
#[derive(Debug, Clone, Default)]
pub struct TypeRow {
    /// Records of this type.
    pub records: usize,
    /// Records hit.
    pub hits: usize,
}

/// The result over all records.
#[derive(Debug, Clone, Default)]
pub struct PloverReport {
    /// Records scored.
    pub records: usize,
    /// Records hit.
    pub hits: usize,
    /// Events coded that were not the record's hit, over all records.
    pub extra: usize,
    /// Per PLOVER type.
    pub by_type: BTreeMap<String, TypeRow>,
    /// Record ids missed, with what was coded instead.
    pub misses: Vec<String>,
}

impl PloverReport {
    /// Hits / records.
    pub fn hit_rate(&self) -> f64 {
        self.hits as f64 / self.records.max(1) as f64
    }
    /// Extra events per record.
    pub fn extra_per_record(&self) -> f64 {
        self.extra as f64 / self.records.max(1) as f64
    }
}

/// Codes every record's text and scores it.
pub fn evaluate(coder: &Coder, file: &Path) -> Result<PloverReport, EvalError> {
    let text = std::fs::read_to_string(file).map_err(|source| EvalError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let records: Vec<Record> = serde_json::from_str(&text).map_err(|e| EvalError::Format {
        path: file.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut report = PloverReport::default();
    for r in records {
        let Some(sentence) = r.text.as_deref() else {
            continue;
        };
        if r.event == "DOCUMENT" {
            continue;
        }
        let doc = Document {
            id: r.id.clone(),
            published: r.date.clone(),
            text: sentence.to_string(),
            ..Document::default()
        };
        let events = coder.code(&doc, &dyad_text::analyze(&doc.text)).events;
        let sources: Vec<&str> = r.source.iter().filter_map(|s| s.code.as_deref()).collect();
        let hit = events.iter().any(|e| {
            plover_label(&e.code) == Some(r.event.as_str())
                && (sources.is_empty() || sources.iter().any(|s| e.source.code.starts_with(s)))
        });
        report.records += 1;
        let row = report.by_type.entry(r.event.clone()).or_default();
        row.records += 1;
        if hit {
            report.hits += 1;
            row.hits += 1;
        } else {
            let got: Vec<String> = events
                .iter()
                .map(|e| {
                    format!(
                        "{} {}->{}",
                        e.code,
                        e.source.code,
                        e.target.as_ref().map(|t| t.code.as_str()).unwrap_or("-")
                    )
                })
                .collect();
            report.misses.push(format!(
                "{} {} [{}]: {}",
                r.id,
                r.event,
                got.join(", "),
                sentence
            ));
        }
        report.extra += events.len().saturating_sub(usize::from(hit));
    }
    Ok(report)
}

impl fmt::Display for PloverReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12} {:>7} {:>5} {:>8}",
            "type", "records", "hits", "hit rate"
        )?;
        for (t, row) in &self.by_type {
            writeln!(
                f,
                "{:<12} {:>7} {:>5} {:>8.3}",
                t,
                row.records,
                row.hits,
                row.hits as f64 / row.records.max(1) as f64
            )?;
        }
        writeln!(
            f,
            "{:<12} {:>7} {:>5} {:>8.3}   extra events per record {:.3}",
            "ALL",
            self.records,
            self.hits,
            self.hit_rate(),
            self.extra_per_record()
        )
    }
}
