//! HTML main-text extraction scoring.
//!
//! Scores [`dyad_html::extract`] against a gold set laid out like the
//! public article-extraction benchmark: `DIR/ground-truth.json` maps a page
//! id to `{"articleBody": ..., "url": ...}` and `DIR/html/<id>.html` holds
//! the page. The metric is the one that benchmark publishes (bag-of-tokens
//! precision/recall/F1 averaged over pages), so our numbers are directly
//! comparable with the figures published for other extractors.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

/// Why an evaluation could not run. Each variant names the offending file,
/// since a benchmark directory holds hundreds of them.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `ground-truth.json` is not the expected JSON shape.
    #[error("cannot parse {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The gold file lists no pages, so a mean would be meaningless.
    #[error("{path} lists no pages")]
    Empty {
        /// The gold file.
        path: PathBuf,
    },
}

#[derive(Deserialize)]
struct Gold {
    #[serde(rename = "articleBody")]
    article_body: String,
}

/// Token-overlap scores of one extracted text against its gold text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Share of extracted tokens that are in the gold text.
    pub precision: f64,
    /// Share of gold tokens that were extracted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Lowercased runs of Unicode alphanumerics, counted: the benchmark's
/// tokenisation, which ignores punctuation and layout so that only the
/// choice of content is scored.
pub fn tokens(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for tok in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *bag.entry(tok.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Scores `extracted` against `gold` as bags of tokens (overlap = sum of
/// per-token minimum counts).
///
/// Edge cases follow the benchmark: an empty extraction of a non-empty gold
/// scores 0 everywhere; both empty is a perfect 1.
pub fn score(extracted: &str, gold: &str) -> Score {
    let (e, g) = (tokens(extracted), tokens(gold));
    let n_e: usize = e.values().sum();
    let n_g: usize = g.values().sum();
    if n_e == 0 && n_g == 0 {
        return Score {
            precision: 1.0,
            recall: 1.0,
            f1: 1.0,
        };
    }
    let overlap: usize = e
        .iter()
        .map(|(t, &c)| c.min(g.get(t).copied().unwrap_or(0)))
        .sum();
    let precision = if n_e == 0 {
        0.0
    } else {
        overlap as f64 / n_e as f64
    };
    let recall = if n_g == 0 {
        0.0
    } else {
        overlap as f64 / n_g as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
    }
}

/// One page's result.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The page id (the key in `ground-truth.json`, the HTML file's stem).
    pub id: String,
    /// Its scores.
    #[serde(flatten)]
    pub score: Score,
}

/// The outcome of [`evaluate`]: per-page rows, worst F1 first so the pages
/// worth looking at come first, and the means the target is stated in.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Per-page scores, sorted by ascending F1 (ties by id).
    pub rows: Vec<Row>,
    /// Mean precision over pages.
    pub mean_precision: f64,
    /// Mean recall over pages.
    pub mean_recall: f64,
    /// Mean F1 over pages (the headline number).
    pub mean_f1: f64,
    /// Mean extraction time per page in milliseconds (parse + extract).
    pub ms_per_page: f64,
}

impl Report {
    /// The report as JSON, for CI artifacts and comparing runs.
    pub fn to_json(&self) -> String {
        // Serialising plain numbers and strings cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn from_rows(mut rows: Vec<Row>, total_ms: f64) -> Report {
        rows.sort_by(|a, b| {
            a.score
                .f1
                .total_cmp(&b.score.f1)
                .then_with(|| a.id.cmp(&b.id))
        });
        let n = rows.len().max(1) as f64;
        let mean = |f: fn(&Score) -> f64| rows.iter().map(|r| f(&r.score)).sum::<f64>() / n;
        Report {
            mean_precision: mean(|s| s.precision),
            mean_recall: mean(|s| s.recall),
            mean_f1: mean(|s| s.f1),
            ms_per_page: total_ms / n,
            rows,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .rows
            .iter()
            .map(|r| r.id.len())
            .max()
            .unwrap_or(2)
            .max(4);
        writeln!(
            f,
            "{:<width$}  {:>9}  {:>6}  {:>6}",
            "page", "precision", "recall", "f1"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:<width$}  {:>9.3}  {:>6.3}  {:>6.3}",
                r.id, r.score.precision, r.score.recall, r.score.f1
            )?;
        }
        writeln!(
            f,
            "{:<width$}  {:>9.3}  {:>6.3}  {:>6.3}",
            format!("MEAN ({} pages)", self.rows.len()),
            self.mean_precision,
            self.mean_recall,
            self.mean_f1
        )?;
        write!(f, "{:.1} ms/page", self.ms_per_page)
    }
}

/// Extracts every page of the benchmark at `dir` and scores it.
///
/// Page bytes go through [`dyad_html::decode`] (UTF-8, or a declared
/// windows-1252/latin-1), as the crawler would hand them over.
///
/// # Errors
/// [`Error::Io`] when `ground-truth.json` or a page listed in it cannot be
/// read, [`Error::Json`] when the gold file is malformed, and
/// [`Error::Empty`] when it lists no pages.
pub fn evaluate(dir: &Path) -> Result<Report, Error> {
    let gold_path = dir.join("ground-truth.json");
    let raw = std::fs::read(&gold_path).map_err(|source| Error::Io {
        path: gold_path.clone(),
        source,
    })?;
    let gold: HashMap<String, Gold> =
        serde_json::from_slice(&raw).map_err(|source| Error::Json {
            path: gold_path.clone(),
            source,
        })?;
    if gold.is_empty() {
        return Err(Error::Empty { path: gold_path });
    }
    let mut ids: Vec<&String> = gold.keys().collect();
    ids.sort();
    let mut rows = Vec::with_capacity(ids.len());
    let mut total_ms = 0.0;
    for id in ids {
        let path = dir.join("html").join(format!("{id}.html"));
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let start = Instant::now();
        let extracted = dyad_html::extract_bytes(&bytes);
        total_ms += start.elapsed().as_secs_f64() * 1000.0;
        rows.push(Row {
            id: id.clone(),
            score: score(&extracted.text, &gold[id].article_body),
        });
    }
    Ok(Report::from_rows(rows, total_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenises_unicode_lowercase() {
        let t = tokens("Élan, élan! 2019's Straße");
        assert_eq!(t["élan"], 2);
        assert_eq!(t["2019"], 1);
        assert_eq!(t["s"], 1);
        assert_eq!(t["straße"], 1);
    }

    #[test]
    fn scores_bags() {
        let s = score("a a b c", "a b b d");
        // overlap: a=min(2,1)=1, b=min(1,2)=1 → 2
        assert!((s.precision - 0.5).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert!((s.f1 - 0.5).abs() < 1e-12);
        assert_eq!(score("", "gold text").f1, 0.0);
        assert_eq!(score("junk", "").f1, 0.0);
        assert_eq!(score("", "").f1, 1.0);
        assert_eq!(score("x y", "z").f1, 0.0);
        assert_eq!(score("The END.", "the end").f1, 1.0);
    }

    #[test]
    fn report_sorts_worst_first_and_prints_mean() {
        let row = |id: &str, f1: f64| Row {
            id: id.into(),
            score: Score {
                precision: f1,
                recall: f1,
                f1,
            },
        };
        let r = Report::from_rows(vec![row("b", 0.9), row("a", 0.5), row("c", 0.9)], 3.0);
        assert_eq!(
            r.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!((r.mean_f1 - 2.3 / 3.0).abs() < 1e-12);
        let table = r.to_string();
        assert!(table.lines().last().is_some_and(|l| l.contains("ms/page")));
        assert!(table.contains("MEAN (3 pages)"));
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid json");
        assert_eq!(json["rows"][0]["id"], "a");
        assert!(json["rows"][0]["f1"].is_number());
    }

    #[test]
    fn errors_name_the_file() {
        let dir = std::env::temp_dir().join(format!("dyad-eval-missing-{}", std::process::id()));
        let err = evaluate(&dir).expect_err("missing dir");
        assert!(err.to_string().contains("ground-truth.json"), "{err}");
    }
}
