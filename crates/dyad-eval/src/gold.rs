//! Scoring one document's events against an expected-events file (the
//! schema of `shared/examples/*.expected.json`; its `how_to_score` says how).
//!
//! An output event matches a gold event when its sentence contains the gold
//! `sentence_contains`, its root is among the gold `root`s, and its source
//! and target codes start with one of the gold `source` and `target` codes
//! (either way round where `symmetric`; a null among the targets accepts any
//! target). Recall counts the required gold events matched; precision the
//! output events that match any gold event. Sentences listed as
//! `forbidden_sentences` must yield no event at all.
//!
//! The enrichment is scored too, where the file gives it: a gold event's
//! `date` and `place` against those of the output events that match it,
//! the `places` list (name and country, coordinates within 0.1°; entries
//! marked `optional` need not be found), and the `quotes` list (a quote
//! containing `text_contains` whose speaker's text or code contains
//! `speaker`, or one of `speaker_any`).

use std::fmt;
use std::path::{Path, PathBuf};

use dyad_code::{Coder, Enrichment, Event};
use dyad_text::Document;
use serde::Deserialize;

use crate::EvalError;

#[derive(Debug, Deserialize)]
struct GoldFile {
    document: GoldDoc,
    events: Vec<GoldEvent>,
    #[serde(default)]
    forbidden_sentences: Vec<String>,
    #[serde(default)]
    places: Vec<GoldPlace>,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
}

/// One expected place.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPlace {
    /// The place's name.
    pub name: String,
    /// Its ISO-3 country code.
    pub country: Option<String>,
    /// Latitude, if the file gives it.
    pub lat: Option<f64>,
    /// Longitude, if the file gives it.
    pub lon: Option<f64>,
    /// Whether finding it is optional.
    #[serde(default)]
    pub optional: bool,
}

/// One expected quotation.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    /// Text the quotation contains.
    pub text_contains: String,
    /// The speaker.
    pub speaker: Option<String>,
    /// Any of these speakers.
    #[serde(default)]
    pub speaker_any: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    id: String,
    file: String,
    published: Option<String>,
}

/// One expected event.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    /// Whether recall counts it.
    #[serde(default)]
    pub required: bool,
    /// Text the event's sentence contains.
    pub sentence_contains: String,
    /// Acceptable source code prefixes.
    pub source: Vec<Option<String>>,
    /// Acceptable target code prefixes; null accepts any.
    pub target: Vec<Option<String>>,
    /// Acceptable CAMEO roots.
    pub root: Vec<String>,
    /// Whether source and target may be swapped.
    #[serde(default)]
    pub symmetric: bool,
    /// The event's date (`2025-11-04`, `2022-02`), if the file gives it.
    pub date: Option<String>,
    /// The event's place name, if the file gives it.
    pub place: Option<String>,
}

fn prefix_ok(code: Option<&str>, allowed: &[Option<String>]) -> bool {
    allowed.iter().any(|a| match (a, code) {
        (None, _) => true,
        (Some(p), Some(c)) => c.starts_with(p.as_str()),
        (Some(_), None) => false,
    })
}

impl GoldEvent {
    /// Whether an output event is this gold event.
    pub fn matches(&self, e: &Event) -> bool {
        if !e.sentence_text.contains(&self.sentence_contains) || !self.root.contains(&e.root) {
            return false;
        }
        let (s, t) = (
            Some(e.source.code.as_str()),
            e.target.as_ref().map(|t| t.code.as_str()),
        );
        (prefix_ok(s, &self.source) && prefix_ok(t, &self.target))
            || (self.symmetric && prefix_ok(t, &self.source) && prefix_ok(s, &self.target))
    }

    fn describe(&self) -> String {
        let codes = |v: &[Option<String>]| {
            v.iter()
                .map(|c| c.as_deref().unwrap_or("any"))
                .collect::<Vec<_>>()
                .join("|")
        };
        format!(
            "{} -> {} [{}] in \"{}\"",
            codes(&self.source),
            codes(&self.target),
            self.root.join("|"),
            self.sentence_contains
        )
    }
}

/// The result of scoring one document.
#[derive(Debug, Clone)]
pub struct GoldReport {
    /// The document's id.
    pub doc_id: String,
    /// Required gold events found / required gold events.
    pub recall: f64,
    /// Output events matching some gold event / output events.
    pub precision: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Required events not found, described.
    pub misses: Vec<String>,
    /// Output events matching no gold event (or in a forbidden sentence), described.
    pub false_events: Vec<String>,
    /// Number of output events.
    pub events: usize,
    /// Required events found.
    pub found: usize,
    /// Required events.
    pub required: usize,
    /// Enrichment checks that failed, described.
    pub enrichment_misses: Vec<String>,
    /// Enrichment checks made.
    pub enrichment_checks: usize,
}

fn describe(e: &Event) -> String {
    format!(
        "{} {} -> {} ({}) in \"{}\"",
        e.code,
        e.source.code,
        e.target.as_ref().map(|t| t.code.as_str()).unwrap_or("-"),
        e.evidence.pattern,
        e.sentence_text
    )
}

/// Codes the document an expected-events file names (found beside it) and
/// scores the events.
pub fn evaluate(coder: &Coder, expected: &Path) -> Result<GoldReport, EvalError> {
    let gold_text = std::fs::read_to_string(expected).map_err(|source| EvalError::Io {
        path: expected.to_path_buf(),
        source,
    })?;
    let gold: GoldFile = serde_json::from_str(&gold_text).map_err(|e| EvalError::Format {
        path: expected.to_path_buf(),
        message: e.to_string(),
    })?;
    let doc_path: PathBuf = expected
        .parent()
        .unwrap_or(Path::new("."))
        .join(&gold.document.file);
    let text = std::fs::read_to_string(&doc_path).map_err(|source| EvalError::Io {
        path: doc_path.clone(),
        source,
    })?;
    let doc = Document {
        id: gold.document.id.clone(),
        published: gold.document.published.clone(),
        text,
        ..Document::default()
    };
    let analysis = dyad_text::analyze(&doc.text);
    let coded = coder.code(&doc, &analysis);
    let mut report = score(
        &doc.id,
        &gold.events,
        &gold.forbidden_sentences,
        &coded.events,
    );
    let (checks, misses) = score_enrichment(&gold, &coded.events, coded.enrichment.as_ref());
    report.enrichment_checks = checks;
    report.enrichment_misses = misses;
    Ok(report)
}

/// Checks event dates and places, the places list and the quotations;
/// returns the number of checks and the failures.
fn score_enrichment(
    gold: &GoldFile,
    events: &[Event],
    enr: Option<&Enrichment>,
) -> (usize, Vec<String>) {
    let mut checks = 0;
    let mut misses = Vec::new();
    for g in &gold.events {
        let matched: Vec<&Event> = events.iter().filter(|e| g.matches(e)).collect();
        if matched.is_empty() && !g.required {
            // An optional event the coder does not report has no date to check.
            continue;
        }
        if let Some(date) = &g.date {
            checks += 1;
            if !matched
                .iter()
                .any(|e| e.date.as_deref() == Some(date.as_str()))
            {
                let got: Vec<&str> = matched.iter().filter_map(|e| e.date.as_deref()).collect();
                misses.push(format!(
                    "date {date} of {} (got {})",
                    g.describe(),
                    if got.is_empty() {
                        "no event".to_string()
                    } else {
                        got.join(", ")
                    }
                ));
            }
        }
        if let Some(place) = &g.place {
            checks += 1;
            if !matched
                .iter()
                .any(|e| e.place.as_ref().is_some_and(|p| &p.place.name == place))
            {
                misses.push(format!("place {place} of {}", g.describe()));
            }
        }
    }
    let none = Enrichment::default();
    let enr = enr.unwrap_or(&none);
    for g in gold.places.iter().filter(|p| !p.optional) {
        checks += 1;
        let found = enr.places.iter().any(|p| {
            p.place.name == g.name
                && (g.country.is_none() || p.place.country == g.country)
                && g.lat.is_none_or(|lat| (p.place.lat - lat).abs() <= 0.1)
                && g.lon.is_none_or(|lon| (p.place.lon - lon).abs() <= 0.1)
        });
        if !found {
            misses.push(format!("place {} ({:?})", g.name, g.country));
        }
    }
    for g in &gold.quotes {
        checks += 1;
        let wanted: Vec<&str> = g
            .speaker
            .iter()
            .map(String::as_str)
            .chain(g.speaker_any.iter().map(String::as_str))
            .collect();
        let ok = enr.quotes.iter().any(|q| {
            q.text.contains(&g.text_contains)
                && q.speaker.as_ref().is_some_and(|s| {
                    wanted
                        .iter()
                        .any(|w| s.text.contains(w) || s.codes.iter().any(|c| c.starts_with(w)))
                })
        });
        if !ok {
            misses.push(format!(
                "quote \"{}\" by {}",
                g.text_contains,
                wanted.join("|")
            ));
        }
    }
    (checks, misses)
}

/// Scores events against gold events.
pub fn score(
    doc_id: &str,
    gold: &[GoldEvent],
    forbidden: &[String],
    events: &[Event],
) -> GoldReport {
    let required: Vec<&GoldEvent> = gold.iter().filter(|g| g.required).collect();
    let misses: Vec<String> = required
        .iter()
        .filter(|g| !events.iter().any(|e| g.matches(e)))
        .map(|g| g.describe())
        .collect();
    let false_events: Vec<String> = events
        .iter()
        .filter(|e| {
            forbidden
                .iter()
                .any(|f| e.sentence_text.contains(f.as_str()))
                || !gold.iter().any(|g| g.matches(e))
        })
        .map(describe)
        .collect();
    let found = required.len() - misses.len();
    let recall = if required.is_empty() {
        1.0
    } else {
        found as f64 / required.len() as f64
    };
    let precision = if events.is_empty() {
        0.0
    } else {
        (events.len() - false_events.len()) as f64 / events.len() as f64
    };
    let f1 = if recall + precision > 0.0 {
        2.0 * recall * precision / (recall + precision)
    } else {
        0.0
    };
    GoldReport {
        doc_id: doc_id.to_string(),
        recall,
        precision,
        f1,
        misses,
        false_events,
        events: events.len(),
        found,
        required: required.len(),
        enrichment_misses: Vec::new(),
        enrichment_checks: 0,
    }
}

impl fmt::Display for GoldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "document {}: {} events", self.doc_id, self.events)?;
        for m in &self.misses {
            writeln!(f, "  MISS   {m}")?;
        }
        for e in &self.false_events {
            writeln!(f, "  FALSE  {e}")?;
        }
        for m in &self.enrichment_misses {
            writeln!(f, "  WRONG  {m}")?;
        }
        writeln!(
            f,
            "required found {}/{}  precision {:.3}  recall {:.3}  F1 {:.3}",
            self.found, self.required, self.precision, self.recall, self.f1
        )?;
        if self.enrichment_checks > 0 {
            writeln!(
                f,
                "dates, places and quotes: {}/{} right",
                self.enrichment_checks - self.enrichment_misses.len(),
                self.enrichment_checks
            )?;
        }
        Ok(())
    }
}
