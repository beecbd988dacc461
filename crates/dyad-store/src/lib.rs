//! # dyad-store: the event database
//!
//! dyad codes events from news; this crate keeps them. One [`Store`] API
//! over two databases: an SQLite file (a path: nothing to install, the
//! default) or a PostgreSQL server (a `postgres://` or `postgresql://`
//! URL: for many writers and readers), with the same schema and the same
//! results — the tests check that both give the same [`Store::fingerprint`].
//!
//! ## What is stored
//!
//! Documents with their sentences, actor mentions, quotes, places and
//! themes; every report of an event (`mentions`); and the events themselves,
//! merged GDELT-style: the same event reported by several articles (same
//! date, source, target, CAMEO code and place) is one row with
//! `num_mentions`, `num_sources` and `num_articles`. See the `write` module
//! docs and `README.md` for the schema and the merge rules.
//!
//! ## Why writes are batches
//!
//! [`Store::write_batch`] writes a batch of documents in one transaction:
//! all of it or nothing. A document whose id is already stored is skipped.
//! Together these make ingestion restartable: kill it at any point, run it
//! again over the same input, and the store ends exactly as after one clean
//! run (the merged rows are recomputed from their reports, so neither the
//! order of documents nor the batch boundaries matter).
//!
//! ## Errors
//!
//! Every failure is a typed [`StoreError`] naming the database: a locked,
//! read-only or corrupt SQLite file, a database from a newer dyad, a
//! PostgreSQL server that stays down (after a few retries), a connection
//! that keeps dropping mid-transaction (each attempt rolled back, retried,
//! then reported). Nothing here panics on bad input.
#![deny(missing_docs)]

mod dates;
mod db;
mod document;
mod error;
mod export;
mod model;
mod pg;
mod query;
mod schema;
mod sqlite;
mod write;

use std::collections::{HashSet, VecDeque};
use std::io::Write;
use std::time::Duration;

use serde::Serialize;

pub use document::{
    ActorSpan, DocumentEvent, DocumentView, EventActorSpan, PlaceRow, PlaceSpan, SentenceSpan,
    Span, StoredDocument,
};
pub use error::{Cause, Result, StoreError};
pub use export::{
    gdelt_event_fields, ExportFormat, ExportReport, CSV_COLUMNS, GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
};
pub use model::{
    ActorRecord, DocRecord, DocumentBundle, ErrorRecord, EventRecord, MentionRecord,
    PlaceMentionRecord, PlaceRecord, QuoteRecord, SentenceRecord, ThemeRecord, TimeRecord,
};
pub use query::{
    ActorRow, Bucket, DyadRow, EventFilter, EventRow, MentionRow, Period, TimelineRow,
};
pub use schema::SCHEMA_VERSION;
pub use write::{report_events, BatchReport, RecodeDiff};

use db::{query_opt, Db, Value};
use pg::PgDb;
use sqlite::SqliteDb;

/// Which database a store is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// How to open a store. `OpenOptions::default()` is what [`Store::open`]
/// uses.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// SQLite: how long to wait for another process's lock before
    /// [`StoreError::Locked`]. Default 5 s.
    pub busy_timeout: Duration,
    /// PostgreSQL: connection attempts before [`StoreError::Connect`].
    /// Default 4.
    pub connect_attempts: u32,
    /// PostgreSQL: the first delay between attempts, doubled each time.
    /// Default 250 ms.
    pub retry_delay: Duration,
    /// PostgreSQL: attempts of a transaction whose connection drops before
    /// [`StoreError::ConnectionLost`]. Default 3.
    pub transaction_attempts: u32,
    /// Open for reading only: no migration (the schema must be current),
    /// and SQLite opens the file read-only.
    pub read_only: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            connect_attempts: 4,
            retry_delay: Duration::from_millis(250),
            transaction_attempts: 3,
            read_only: false,
        }
    }
}

/// Rows per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Sentences.
    pub sentences: u64,
    /// Merged events.
    pub events: u64,
    /// Reports of events.
    pub mentions: u64,
    /// Actor mentions.
    pub actors: u64,
    /// Quotes and terms.
    pub quotes: u64,
    /// Place mentions.
    pub places: u64,
    /// Document themes.
    pub themes: u64,
    /// Recorded input errors.
    pub errors: u64,
    /// Time expressions.
    pub times: u64,
}

enum Inner {
    Sqlite(SqliteDb),
    Postgres(Box<PgDb>),
}

/// An open event database. See the crate docs.
pub struct Store {
    inner: Inner,
    options: OpenOptions,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend())
            .field("target", &self.target())
            .finish()
    }
}

fn run_once<T>(db: &mut dyn Db, f: &mut impl FnMut(&mut dyn Db) -> Result<T>) -> Result<T> {
    db.begin()?;
    match f(db) {
        Ok(v) => match db.commit() {
            Ok(()) => Ok(v),
            Err(e) => {
                let _ = db.rollback();
                Err(e)
            }
        },
        Err(e) => {
            let _ = db.rollback();
            Err(e)
        }
    }
}

impl Store {
    /// Opens (creating it if needed) the store at `target`: a PostgreSQL
    /// URL (`postgres://user:pass@host:port/db`, optionally
    /// `?schema=NAME` to keep dyad's tables in their own schema), else an
    /// SQLite file path. Runs the schema migrations.
    pub fn open(target: &str) -> Result<Store> {
        Store::open_with(target, &OpenOptions::default())
    }

    /// [`Store::open`] with options.
    pub fn open_with(target: &str, options: &OpenOptions) -> Result<Store> {
        if target.trim().is_empty() {
            return Err(StoreError::InvalidInput(
                "empty database path or URL".into(),
            ));
        }
        let inner = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            Inner::Postgres(Box::new(PgDb::open(
                target,
                options.connect_attempts,
                options.retry_delay,
            )?))
        } else {
            Inner::Sqlite(SqliteDb::open(
                target,
                options.busy_timeout,
                options.read_only,
            )?)
        };
        let mut store = Store {
            inner,
            options: options.clone(),
        };
        if options.read_only {
            schema::check(store.db())?;
        } else if schema::check(store.db()).is_err() {
            // Only a database that needs migrating takes the write lock, so
            // opening one while another process ingests into it does not
            // wait for that process's batch to commit.
            store.transaction(|db| schema::migrate(db))?;
        }
        Ok(store)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// The path or URL (password hidden) of the database.
    pub fn target(&self) -> &str {
        match &self.inner {
            Inner::Sqlite(db) => db.target(),
            Inner::Postgres(db) => db.target(),
        }
    }

    fn db(&mut self) -> &mut dyn Db {
        match &mut self.inner {
            Inner::Sqlite(db) => db,
            Inner::Postgres(db) => &mut **db,
        }
    }

    /// Runs `f` in a transaction. PostgreSQL: when the connection drops
    /// (or the server reports a deadlock), the attempt is rolled back and
    /// `f` runs again from the start on a new connection, up to
    /// `transaction_attempts` times.
    fn transaction<T>(&mut self, mut f: impl FnMut(&mut dyn Db) -> Result<T>) -> Result<T> {
        let attempts = self.options.transaction_attempts.max(1);
        let mut delay = self.options.retry_delay;
        match &mut self.inner {
            Inner::Sqlite(db) => run_once(db, &mut f),
            Inner::Postgres(db) => {
                let mut n = 0;
                loop {
                    n += 1;
                    match run_once(&mut **db, &mut f) {
                        Ok(v) => return Ok(v),
                        Err(e) => {
                            if !db.take_transient() {
                                return Err(e);
                            }
                            db.drop_connection();
                            if n >= attempts {
                                return Err(StoreError::ConnectionLost {
                                    target: db.target_string(),
                                    attempts: n,
                                    source: Box::new(e),
                                });
                            }
                            std::thread::sleep(delay);
                            delay *= 2;
                        }
                    }
                }
            }
        }
    }

    /// The schema version of the database.
    pub fn schema_version(&mut self) -> Result<i64> {
        schema::current_version(self.db())
    }

    /// Writes `bundles` in one transaction: every document not yet stored,
    /// with its sentences, mentions, events (merged into existing ones),
    /// actors, quotes, places and themes. Documents already stored (same
    /// id) are skipped and listed in the report. On any error nothing of
    /// the batch is written.
    pub fn write_batch(&mut self, bundles: &[DocumentBundle]) -> Result<BatchReport> {
        let now = dates::now_rfc3339();
        self.transaction(|db| write::write_batch(db, bundles, &now))
    }

    /// Replaces what is stored for document `doc_id` (sentences, events,
    /// mentions, actors, quotes, places, themes, metadata; not its
    /// ingestion time) by `bundle`, in one transaction, for `dyad recode`.
    /// Merged events stay right: rows the document shares with others are
    /// recounted, rows whose last report went are deleted. Returns what
    /// changed, per CAMEO root.
    pub fn replace_events(&mut self, doc_id: &str, bundle: &DocumentBundle) -> Result<RecodeDiff> {
        let now = dates::now_rfc3339();
        self.transaction(|db| write::replace_events(db, doc_id, bundle, &now))
    }

    /// Records an input that could not be processed. Recording the same
    /// error again (a rerun) keeps one row.
    pub fn record_error(&mut self, error: &ErrorRecord) -> Result<()> {
        let now = dates::now_rfc3339();
        self.transaction(|db| write::record_error(db, error, &now))
    }

    /// Which of `ids` are stored: lets a caller skip coding documents that
    /// a previous (interrupted) run already wrote.
    pub fn existing_documents(&mut self, ids: &[&str]) -> Result<HashSet<String>> {
        write::existing_documents(self.db(), ids)
    }

    /// Up to `limit` stored documents in id order, after `after` (none:
    /// from the first). The loop `dyad recode` needs: read a page, replace
    /// each document's events, read the next page after the last id.
    pub fn documents_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<DocRecord>> {
        query::documents_page(self.db(), after, limit)
    }

    /// Every stored document, in id order, read a page at a time (memory
    /// stays flat). The iterator borrows the store; to write while
    /// iterating, use [`Store::documents_page`].
    pub fn documents(&mut self) -> Documents<'_> {
        Documents {
            store: self,
            after: None,
            buffer: VecDeque::new(),
            done: false,
        }
    }

    /// The events matching `filter`, ordered by date then key. For large
    /// results use [`Store::for_each_event`], which streams.
    pub fn events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        let mut rows = Vec::new();
        query::for_each_event(self.db(), filter, &mut |r| {
            rows.push(r);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Hands each event matching `filter` to `each` as it is read; returns
    /// how many. An error from `each` stops the query and is returned.
    pub fn for_each_event(
        &mut self,
        filter: &EventFilter,
        mut each: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<u64> {
        query::for_each_event(self.db(), filter, &mut each)
    }

    /// The stored document `doc_id` with the spans of everything found in
    /// it (sentences, actors, event reports with their evidence, quotes,
    /// places, time expressions) and its themes; `None` when it is not
    /// stored.
    pub fn document(&mut self, doc_id: &str) -> Result<Option<DocumentView>> {
        document::document(self.db(), doc_id)
    }

    /// The places of the events matching `filter` (those with
    /// coordinates), with their event and report counts, most events
    /// first, at most `limit`.
    pub fn places(&mut self, filter: &EventFilter, limit: usize) -> Result<Vec<PlaceRow>> {
        document::places(self.db(), filter, limit)
    }

    /// The reports of one event, with their sentences.
    pub fn mentions_of(&mut self, event_key: i64) -> Result<Vec<MentionRow>> {
        query::mentions_of(self.db(), event_key)
    }

    /// Events from `source` to `target` (actor code prefixes; an empty one
    /// matches any actor) per day, ISO week or month within `period`: event
    /// rows per QuadClass, reports, mean Goldstein. With `both_directions`,
    /// events from `target` to `source` count too. Periods without events
    /// between the first and the last are included, empty.
    pub fn timeline(
        &mut self,
        source: &str,
        target: &str,
        by: Bucket,
        both_directions: bool,
        period: &Period,
    ) -> Result<Vec<TimelineRow>> {
        query::timeline(self.db(), source, target, by, both_directions, period)
    }

    /// The `limit` actor codes with the most events in `period`.
    pub fn actors(&mut self, period: &Period, limit: usize) -> Result<Vec<ActorRow>> {
        query::actors(self.db(), period, limit)
    }

    /// The `limit` source–target pairs with the most events in `period`,
    /// with their mean Goldstein value.
    pub fn dyads(&mut self, period: &Period, limit: usize) -> Result<Vec<DyadRow>> {
        query::dyads(self.db(), period, limit)
    }

    /// Writes the events matching `filter` to `out` in `format`, streaming.
    pub fn export<W: Write>(
        &mut self,
        format: ExportFormat,
        filter: &EventFilter,
        mut out: W,
    ) -> Result<ExportReport> {
        export::export(self.db(), format, filter, &mut out)
    }

    /// Rows per table.
    pub fn counts(&mut self) -> Result<Counts> {
        let mut n = [0u64; 10];
        for (i, table) in schema::TABLES.iter().enumerate() {
            let row = query_opt(self.db(), &format!("SELECT COUNT(*) FROM {table}"), &[])?;
            n[i] = row.and_then(|r| r[0].as_i64()).unwrap_or(0) as u64;
        }
        Ok(Counts {
            documents: n[0],
            sentences: n[1],
            events: n[2],
            mentions: n[3],
            actors: n[4],
            quotes: n[5],
            places: n[6],
            themes: n[7],
            errors: n[8],
            times: n[9],
        })
    }

    /// A hash of the content of every table, in key order, leaving out the
    /// times at which rows were written (`*_at` columns) and rounding
    /// floats to 9 significant digits. Two stores with the same fingerprint
    /// hold the same data, whichever backend they are in: how the tests
    /// check that a rerun after a crash equals a clean run.
    pub fn fingerprint(&mut self) -> Result<String> {
        self.fingerprint_of(schema::TABLES)
    }

    /// The [`Store::fingerprint`] of everything but the `errors` table:
    /// what was stored, leaving out how failed inputs were named. Two
    /// routes to one database (`dyad ingest` of the news on one machine,
    /// or of the Spark job's output) agree on it, though one names a bad
    /// input by file and line and the other by the file alone.
    pub fn data_fingerprint(&mut self) -> Result<String> {
        let tables: Vec<&str> = schema::TABLES
            .iter()
            .copied()
            .filter(|t| *t != "errors")
            .collect();
        self.fingerprint_of(&tables)
    }

    fn fingerprint_of(&mut self, tables: &[&str]) -> Result<String> {
        let mut h = write::Hasher64::new();
        for &table in tables {
            let columns: Vec<&str> = schema::table_columns(table)
                .into_iter()
                .filter(|c| !c.ends_with("_at"))
                .collect();
            let sql = format!(
                "SELECT {} FROM {table} ORDER BY {}",
                columns.join(", "),
                schema::table_key(table).join(", ")
            );
            h.field(Some(table));
            self.db().query_each(&sql, &[], &mut |r| {
                for v in r {
                    match v {
                        Value::Null => h.field(None),
                        Value::Int(i) => h.field(Some(&i.to_string())),
                        Value::Real(f) => h.field(Some(&format!("{f:.8e}"))),
                        Value::Text(s) => h.field(Some(s)),
                    }
                }
                Ok(())
            })?;
        }
        Ok(format!("{:016x}", h.finish()))
    }

    /// Test hook: the `at`-th statement of each of the next `times`
    /// transactions fails — on SQLite with [`StoreError::Injected`], on
    /// PostgreSQL by having the server end the session (a real dropped
    /// connection, which the store then retries).
    #[doc(hidden)]
    pub fn inject_fault(&mut self, at: u64, times: u32) {
        let fault = match &mut self.inner {
            Inner::Sqlite(db) => &mut db.fault,
            Inner::Postgres(db) => &mut db.fault,
        };
        *fault = db::Fault {
            at,
            times,
            count: 0,
            delay: fault.delay,
        };
    }

    /// Test hook: pause `delay` before every statement, so that a test can
    /// kill the process in the middle of a transaction.
    #[doc(hidden)]
    pub fn slow_down(&mut self, delay: Duration) {
        match &mut self.inner {
            Inner::Sqlite(db) => db.fault.delay = delay,
            Inner::Postgres(db) => db.fault.delay = delay,
        }
    }
}

/// The iterator of [`Store::documents`]: pages of 256 documents by id.
pub struct Documents<'a> {
    store: &'a mut Store,
    after: Option<String>,
    buffer: VecDeque<DocRecord>,
    done: bool,
}

const PAGE: usize = 256;

impl Iterator for Documents<'_> {
    type Item = Result<DocRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.buffer.is_empty() && !self.done {
            match self.store.documents_page(self.after.as_deref(), PAGE) {
                Ok(page) => {
                    self.done = page.len() < PAGE;
                    self.after = page.last().map(|d| d.id.clone());
                    self.buffer.extend(page);
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        self.buffer.pop_front().map(Ok)
    }
}
