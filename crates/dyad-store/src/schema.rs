//! The schema and its versioned migrations, run when a store is opened.
//!
//! Each migration is written once for both databases with three type
//! tokens: `{INT}` (64-bit integer: SQLite `INTEGER`, which makes an
//! `{INT} PRIMARY KEY` the fast rowid; PostgreSQL `BIGINT`), `{REAL}`
//! (doubles) and `{TEXT}` (PostgreSQL text compares bytewise, `COLLATE
//! "C"`, as SQLite's does: ordering, prefix ranges and "first document" are
//! then the same in both). A database records the version it is at in
//! `schema_version`; opening applies the missing migrations in one
//! transaction, and refuses a database from a newer dyad.
//!
//! Never edit a released migration: add the next one.

use crate::db::{query_opt, Db, Dialect, Value};
use crate::error::{Result, StoreError};

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = 2;

const V1: &str = r#"
CREATE TABLE documents (
    doc_id {TEXT} PRIMARY KEY,
    url {TEXT},
    source {TEXT},
    title {TEXT},
    published {TEXT},
    text {TEXT} NOT NULL,
    hash {TEXT} NOT NULL,
    tone {REAL},
    ingested_at {TEXT} NOT NULL
);
CREATE INDEX documents_hash ON documents (hash);

CREATE TABLE sentences (
    doc_id {TEXT} NOT NULL,
    sentence_id {INT} NOT NULL,
    start_byte {INT} NOT NULL,
    end_byte {INT} NOT NULL,
    text {TEXT} NOT NULL,
    PRIMARY KEY (doc_id, sentence_id)
);

CREATE TABLE events (
    event_key {INT} PRIMARY KEY,
    date {TEXT},
    date_precision {TEXT},
    day {INT},
    source_code {TEXT} NOT NULL,
    source_name {TEXT},
    source_country {TEXT},
    source_sector {TEXT},
    target_code {TEXT},
    target_name {TEXT},
    target_country {TEXT},
    target_sector {TEXT},
    code {TEXT} NOT NULL,
    base_code {TEXT} NOT NULL,
    root {TEXT} NOT NULL,
    quad_class {INT},
    goldstein {REAL},
    plover_type {TEXT},
    plover_mode {TEXT},
    place_key {TEXT},
    place_name {TEXT},
    place_kind {TEXT},
    place_country {TEXT},
    place_adm1 {TEXT},
    place_lat {REAL},
    place_lon {REAL},
    place_geonames_id {INT},
    num_mentions {INT} NOT NULL,
    num_sources {INT} NOT NULL,
    num_articles {INT} NOT NULL,
    avg_tone {REAL},
    rep_doc_id {TEXT},
    rep_sentence_id {INT},
    added_at {TEXT} NOT NULL
);
CREATE INDEX events_dyad ON events (source_code, target_code, day, quad_class, goldstein, num_mentions);
CREATE INDEX events_target ON events (target_code, source_code, day, quad_class, goldstein, num_mentions);
CREATE INDEX events_day ON events (day, quad_class, goldstein, num_mentions);
CREATE INDEX events_root ON events (root, day);
CREATE INDEX events_code ON events (code);
CREATE INDEX events_place_country ON events (place_country);

CREATE TABLE mentions (
    doc_id {TEXT} NOT NULL,
    seq {INT} NOT NULL,
    event_key {INT} NOT NULL,
    coder_event_id {TEXT} NOT NULL,
    sentence_id {INT} NOT NULL,
    date {TEXT},
    date_precision {TEXT},
    source_code {TEXT} NOT NULL,
    source_text {TEXT},
    source_country {TEXT},
    source_sector {TEXT},
    source_start {INT},
    source_end {INT},
    target_code {TEXT},
    target_text {TEXT},
    target_country {TEXT},
    target_sector {TEXT},
    target_start {INT},
    target_end {INT},
    code {TEXT} NOT NULL,
    root {TEXT} NOT NULL,
    quad_class {INT},
    goldstein {REAL},
    plover_type {TEXT},
    plover_mode {TEXT},
    place_name {TEXT},
    place_kind {TEXT},
    place_country {TEXT},
    place_adm1 {TEXT},
    place_lat {REAL},
    place_lon {REAL},
    place_geonames_id {INT},
    place_start {INT},
    place_end {INT},
    verb_start {INT},
    verb_end {INT},
    pattern {TEXT},
    confidence {REAL},
    publisher {TEXT},
    reporter_code {TEXT},
    reporter_text {TEXT},
    quote_ids {TEXT},
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX mentions_event ON mentions (event_key);

CREATE TABLE actors (
    doc_id {TEXT} NOT NULL,
    seq {INT} NOT NULL,
    sentence_id {INT} NOT NULL,
    code {TEXT} NOT NULL,
    text {TEXT} NOT NULL,
    start_byte {INT} NOT NULL,
    end_byte {INT} NOT NULL,
    kind {TEXT} NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX actors_code ON actors (code);

CREATE TABLE quotes (
    doc_id {TEXT} NOT NULL,
    quote_id {INT} NOT NULL,
    text {TEXT} NOT NULL,
    start_byte {INT} NOT NULL,
    end_byte {INT} NOT NULL,
    speaker_text {TEXT},
    speaker_code {TEXT},
    kind {TEXT} NOT NULL,
    PRIMARY KEY (doc_id, quote_id)
);

CREATE TABLE places (
    doc_id {TEXT} NOT NULL,
    seq {INT} NOT NULL,
    sentence_id {INT},
    name {TEXT} NOT NULL,
    kind {TEXT} NOT NULL,
    country {TEXT},
    adm1 {TEXT},
    lat {REAL},
    lon {REAL},
    geonames_id {INT},
    start_byte {INT},
    end_byte {INT},
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX places_country ON places (country);

CREATE TABLE themes (
    doc_id {TEXT} NOT NULL,
    theme {TEXT} NOT NULL,
    count {INT} NOT NULL,
    PRIMARY KEY (doc_id, theme)
);
CREATE INDEX themes_theme ON themes (theme);

CREATE TABLE errors (
    error_key {TEXT} PRIMARY KEY,
    file {TEXT} NOT NULL,
    line {INT},
    doc_id {TEXT},
    reason {TEXT} NOT NULL,
    recorded_at {TEXT} NOT NULL
);
"#;

/// Migration `i` brings a database from version `i` to `i + 1`.
/// Version 2: the time expressions of each document, and the span of the
/// expression each report's date came from, for the dashboard's document
/// view.
const V2: &str = r#"
ALTER TABLE mentions ADD COLUMN date_start {INT};
ALTER TABLE mentions ADD COLUMN date_end {INT};

CREATE TABLE times (
    doc_id {TEXT} NOT NULL,
    seq {INT} NOT NULL,
    sentence_id {INT},
    text {TEXT} NOT NULL,
    start_byte {INT} NOT NULL,
    end_byte {INT} NOT NULL,
    date_value {TEXT},
    date_precision {TEXT},
    PRIMARY KEY (doc_id, seq)
);
"#;

const MIGRATIONS: &[&str] = &[V1, V2];

/// The columns of a table as the migrations create it, in order (read off
/// the DDL, so that fingerprints and counts cannot drift from it).
pub(crate) fn table_columns(table: &str) -> Vec<&'static str> {
    let mut columns = Vec::new();
    let mut inside = false;
    for sql in MIGRATIONS {
        for line in sql.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                inside = rest.split_whitespace().next() == Some(table);
                continue;
            }
            if let Some(rest) = line.strip_prefix("ALTER TABLE ") {
                let mut words = rest.split_whitespace();
                if words.next() == Some(table) && words.next() == Some("ADD") {
                    let column = words.find(|w| *w != "COLUMN").unwrap_or("");
                    columns.push(column);
                }
                continue;
            }
            if !inside {
                continue;
            }
            if line.starts_with(')') {
                inside = false;
                continue;
            }
            let first = line.split_whitespace().next().unwrap_or("");
            if !first.is_empty() && first != "PRIMARY" && line.contains('{') {
                columns.push(first);
            }
        }
    }
    columns
}

/// The primary key columns of a table, for a stable order.
pub(crate) fn table_key(table: &str) -> Vec<&'static str> {
    let mut inside = false;
    for sql in MIGRATIONS {
        for line in sql.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                inside = rest.split_whitespace().next() == Some(table);
                continue;
            }
            if !inside {
                continue;
            }
            if let Some(list) = line.strip_prefix("PRIMARY KEY (") {
                return list.trim_end_matches([')', ',']).split(", ").collect();
            }
            if line.contains("PRIMARY KEY") {
                return vec![line.split_whitespace().next().unwrap_or("")];
            }
        }
    }
    Vec::new()
}

/// The tables of the schema, in a fixed order (counts, fingerprints).
pub(crate) const TABLES: &[&str] = &[
    "documents",
    "sentences",
    "events",
    "mentions",
    "actors",
    "quotes",
    "places",
    "themes",
    "errors",
    "times",
];

pub(crate) fn ddl(sql: &str, dialect: Dialect) -> String {
    let (int, real, text) = match dialect {
        Dialect::Sqlite => ("INTEGER", "REAL", "TEXT"),
        Dialect::Postgres => ("BIGINT", "DOUBLE PRECISION", "TEXT COLLATE \"C\""),
    };
    sql.replace("{INT}", int)
        .replace("{REAL}", real)
        .replace("{TEXT}", text)
}

/// The version a database is at (0 for an empty one). Must run inside a
/// transaction when followed by [`migrate`].
pub(crate) fn current_version(db: &mut dyn Db) -> Result<i64> {
    let exists = match db.dialect() {
        Dialect::Sqlite => query_opt(
            db,
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            &[],
        )?,
        Dialect::Postgres => query_opt(
            db,
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'",
            &[],
        )?,
    }
    .is_some();
    if !exists {
        return Ok(0);
    }
    let row = query_opt(db, "SELECT MAX(version) FROM schema_version", &[])?;
    Ok(row.and_then(|r| r[0].as_i64()).unwrap_or(0))
}

/// Brings the database to [`SCHEMA_VERSION`]; called inside a transaction.
pub(crate) fn migrate(db: &mut dyn Db) -> Result<i64> {
    if db.dialect() == Dialect::Postgres {
        // Two processes opening a new database at once: one migrates, the
        // other waits and then finds it done.
        db.batch("SELECT pg_advisory_xact_lock(7236410)")?;
    }
    let found = current_version(db)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            target: db.target().to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(found);
    }
    if found == 0 {
        db.batch(&ddl(
            "CREATE TABLE schema_version (version {INT} NOT NULL)",
            db.dialect(),
        ))?;
    }
    for sql in &MIGRATIONS[found as usize..] {
        db.batch(&ddl(sql, db.dialect()))?;
    }
    db.execute("DELETE FROM schema_version", &[])?;
    db.execute(
        "INSERT INTO schema_version (version) VALUES (?)",
        &[Value::Int(SCHEMA_VERSION)],
    )?;
    Ok(SCHEMA_VERSION)
}

/// The schema must already be current (a read; takes no write lock).
pub(crate) fn check(db: &mut dyn Db) -> Result<i64> {
    let found = current_version(db)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            target: db.target().to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < SCHEMA_VERSION {
        return Err(StoreError::SchemaTooOld {
            target: db.target().to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_keys_are_read_off_the_ddl() {
        for t in TABLES {
            assert!(!table_columns(t).is_empty(), "{t}");
            assert!(!table_key(t).is_empty(), "{t}");
        }
        assert_eq!(table_key("mentions"), ["doc_id", "seq"]);
        assert_eq!(table_key("events"), ["event_key"]);
        assert_eq!(table_columns("themes"), ["doc_id", "theme", "count"]);
        let mentions = table_columns("mentions");
        assert_eq!(mentions[mentions.len() - 2..], ["date_start", "date_end"]);
    }
}

#[cfg(test)]
mod migration_tests {
    use super::*;
    use crate::db::query_rows;

    #[test]
    fn a_version_1_database_migrates_to_version_2_keeping_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        let path = path.to_str().unwrap();
        let busy = std::time::Duration::from_millis(200);
        let mut db = crate::sqlite::SqliteDb::open(path, busy, false).unwrap();
        let db: &mut dyn Db = &mut db;
        // A database as dyad 0.1 (schema 1) left it, with one document.
        db.batch(&ddl(
            "CREATE TABLE schema_version (version {INT} NOT NULL)",
            Dialect::Sqlite,
        ))
        .unwrap();
        db.batch(&ddl(V1, Dialect::Sqlite)).unwrap();
        db.execute("INSERT INTO schema_version (version) VALUES (1)", &[])
            .unwrap();
        db.execute(
            "INSERT INTO documents (doc_id, text, hash, ingested_at) VALUES ('d1', 'Text.', 'h', 'now')",
            &[],
        )
        .unwrap();
        assert_eq!(current_version(db).unwrap(), 1);

        assert_eq!(migrate(db).unwrap(), SCHEMA_VERSION);
        assert_eq!(current_version(db).unwrap(), 2);
        let docs = query_rows(db, "SELECT doc_id FROM documents", &[]).unwrap();
        assert_eq!(docs.len(), 1);
        // The new columns and table are there, empty.
        let cols = query_rows(db, "SELECT date_start, date_end FROM mentions", &[]).unwrap();
        assert!(cols.is_empty());
        let times = query_rows(db, "SELECT COUNT(*) FROM times", &[]).unwrap();
        assert_eq!(times[0][0].as_i64(), Some(0));
        // Migrating again is a no-op.
        assert_eq!(migrate(db).unwrap(), SCHEMA_VERSION);
    }
}
