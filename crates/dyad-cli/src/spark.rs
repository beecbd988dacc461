//! What the Spark job (`integrations/spark/dyad_spark.py`) writes, read
//! back for `dyad ingest`: its `documents` table (Parquet, one coded
//! document per row, with everything the store keeps of it as JSON in the
//! `bundle` column) and its `errors` table (one failed input per row).
//!
//! Loading these needs no coding: the cluster did that. Because the store
//! merges reports into events the same way whatever order documents come
//! in, loading a Spark run's documents gives the database a single-machine
//! `dyad ingest` of the same corpus gives.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;
use dyad_store::{DocumentBundle, ErrorRecord};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::Type;

use crate::inputs::UsageError;

/// The Parquet files of one or more Spark runs.
#[derive(Debug, Default)]
pub struct Tables {
    /// Files of coded documents (a `bundle` column).
    pub documents: Vec<PathBuf>,
    /// Files of failed inputs (a `reason` column).
    pub errors: Vec<PathBuf>,
}

/// One row of a documents table.
pub enum Row {
    /// A coded document.
    Document(Box<DocumentBundle>),
    /// A row that is not one: its place and why.
    Bad(ErrorRecord),
}

fn is_parquet(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "parquet")
}

/// Whether `input` is a Spark job's output folder (it has a `documents`
/// folder) or a Parquet file.
pub fn is_spark_input(input: &str) -> bool {
    let p = Path::new(input);
    (p.is_dir() && p.join("documents").is_dir()) || (p.is_file() && is_parquet(p))
}

/// The entries of `dir`, sorted, leaving out Spark's bookkeeping
/// (`_SUCCESS`, `_temporary`, `.crc` files).
fn listing(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    entries.sort();
    entries.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !name.starts_with('_') && !name.starts_with('.')
    });
    Ok(entries)
}

/// `path` if it is a `.parquet` file, else the `.parquet` files under it,
/// recursively, in sorted order.
fn parquet_files(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !path.is_dir() {
        if is_parquet(path) {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    for p in listing(path)? {
        parquet_files(&p, out)?;
    }
    Ok(())
}

/// The runs of a Spark output folder that finished: `runs/ID.json` is
/// written last.
fn committed_runs(dir: &Path) -> std::collections::HashSet<String> {
    std::fs::read_dir(dir.join("runs"))
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_string();
                    name.strip_suffix(".json").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The column names of a Parquet file.
fn columns(path: &Path) -> anyhow::Result<Vec<String>> {
    let reader = open(path)?;
    Ok(reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect())
}

fn open(path: &Path) -> anyhow::Result<SerializedFileReader<File>> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    SerializedFileReader::new(file)
        .with_context(|| format!("{}: not a readable Parquet file", path.display()))
}

/// The tables behind `inputs`, which must all be Spark output folders or
/// Parquet files.
pub fn tables(inputs: &[String]) -> anyhow::Result<Tables> {
    let mut t = Tables::default();
    for input in inputs {
        if !is_spark_input(input) {
            return Err(UsageError(format!(
                "{input}: neither a Spark job's output folder (with a documents/ folder) nor a \
                 .parquet file; give the Spark output and the news in separate runs"
            ))
            .into());
        }
        let p = Path::new(input);
        if p.is_dir() {
            let committed = committed_runs(p);
            for (table, files) in [("documents", &mut t.documents), ("errors", &mut t.errors)] {
                let dir = p.join(table);
                if !dir.is_dir() {
                    continue;
                }
                for run in listing(&dir)? {
                    let id = run
                        .file_name()
                        .and_then(|n| n.to_str())
                        .and_then(|n| n.strip_prefix("run="))
                        .unwrap_or("");
                    if id.is_empty() || committed.contains(id) {
                        parquet_files(&run, files)?;
                    } else {
                        eprintln!(
                            "dyad: warning: {}: skipped, the Spark run {id} did not finish \
                             (no runs/{id}.json)",
                            run.display()
                        );
                    }
                }
            }
            continue;
        }
        let cols = columns(p)?;
        if cols.iter().any(|c| c == "bundle") {
            t.documents.push(p.to_path_buf());
        } else if cols.iter().any(|c| c == "reason") {
            t.errors.push(p.to_path_buf());
        } else {
            return Err(UsageError(format!(
                "{input}: has neither a `bundle` column (the Spark job's documents table) nor a \
                 `reason` column (its errors table); columns: {}",
                cols.join(", ")
            ))
            .into());
        }
    }
    Ok(t)
}

/// Calls `f` with every row of `path`, reading only the named columns
/// (those it has); `f` gets the row number (from 1) and the string value
/// of each wanted column, `None` when null or missing.
fn for_each_row(
    path: &Path,
    wanted: &[&str],
    mut f: impl FnMut(u64, Vec<Option<String>>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let reader = open(path)?;
    let schema = reader.metadata().file_metadata().schema();
    let fields: Vec<_> = schema
        .get_fields()
        .iter()
        .filter(|c| wanted.contains(&c.name()))
        .cloned()
        .collect();
    let projection = Type::group_type_builder(schema.name())
        .with_fields(fields)
        .build()
        .with_context(|| format!("{}: cannot select columns", path.display()))?;
    let rows = reader
        .get_row_iter(Some(projection))
        .with_context(|| format!("{}: cannot read rows", path.display()))?;
    for (i, row) in rows.enumerate() {
        let line = i as u64 + 1;
        let row = row.with_context(|| format!("{}: row {line}: unreadable", path.display()))?;
        let mut values = vec![None; wanted.len()];
        for (name, field) in row.get_column_iter() {
            if let Some(k) = wanted.iter().position(|w| w == name) {
                values[k] = match field {
                    Field::Null => None,
                    Field::Str(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                };
            }
        }
        f(line, values)?;
    }
    Ok(())
}

/// Calls `f` with every document of a documents table, in file order. A
/// row whose bundle is missing or is not valid JSON is handed over as
/// [`Row::Bad`], naming the file, the row and the field.
pub fn for_each_document(
    path: &Path,
    mut f: impl FnMut(Row) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = path.display().to_string();
    for_each_row(path, &["doc_id", "bundle"], |line, mut v| {
        let doc_id = v[0].take();
        let bad = |reason: String| {
            Row::Bad(ErrorRecord {
                file: file.clone(),
                line: Some(line),
                doc_id: doc_id.clone(),
                reason: format!("{file}: row {line}: field `bundle`: {reason}"),
            })
        };
        let row = match v[1].take() {
            None => bad("missing".into()),
            Some(json) => match serde_json::from_str::<DocumentBundle>(&json) {
                Ok(b) if b.doc.id.trim().is_empty() => bad("the document has an empty id".into()),
                Ok(b) => match with_sentence_texts(b) {
                    Ok(b) => Row::Document(Box::new(b)),
                    Err(reason) => bad(reason),
                },
                Err(e) => bad(format!("not a dyad document bundle: {e}")),
            },
        };
        f(row)
    })
}

/// Puts back the sentence texts the Spark format leaves out: each is its
/// span of the document's text. A span that does not fit the text is an
/// error, not a panic.
fn with_sentence_texts(mut b: DocumentBundle) -> Result<DocumentBundle, String> {
    for s in &mut b.sentences {
        if !s.text.is_empty() {
            continue;
        }
        let (start, end) = (s.start as usize, s.end as usize);
        s.text = b
            .doc
            .text
            .get(start..end)
            .ok_or_else(|| {
                format!(
                    "sentence {} spans bytes {start}..{end}, outside the text or not on character boundaries",
                    s.sentence_id
                )
            })?
            .to_string();
    }
    Ok(b)
}

/// Calls `f` with every failed input of an errors table.
pub fn for_each_error(
    path: &Path,
    mut f: impl FnMut(ErrorRecord) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for_each_row(path, &["file", "line", "doc_id", "reason"], |_, mut v| {
        f(ErrorRecord {
            file: v[0].take().unwrap_or_else(|| "-".into()),
            line: v[1].take().and_then(|l| l.parse().ok()),
            doc_id: v[2].take(),
            reason: v[3].take().unwrap_or_default(),
        })
    })
}
