//! The SQLite backend: one file, WAL journal, one connection.
//!
//! Why WAL with `synchronous=NORMAL`: readers (queries, a dashboard) are
//! not blocked by an ingestion in progress, and a transaction that
//! committed survives the process being killed (it is in the WAL, which
//! SQLite replays on the next open); only a power cut can lose the last
//! commits, never half of one. A transaction that did not commit is simply
//! not there after a crash.

use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::db::{Db, Dialect, Fault, Value};
use crate::error::{Result, StoreError};

pub(crate) struct SqliteDb {
    conn: Connection,
    path: String,
    busy: Duration,
    pub(crate) fault: Fault,
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use rusqlite::types::Value as V;
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(V::Null),
            Value::Int(i) => ToSqlOutput::Owned(V::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Owned(V::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn owned(v: ValueRef<'_>) -> Value<'static> {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Value::owned(String::from_utf8_lossy(t).into_owned())
        }
    }
}

/// Turns a driver error into one that says what is wrong with the file.
pub(crate) fn classify(path: &str, busy: Duration, e: rusqlite::Error) -> StoreError {
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_string(),
            waited_ms: busy.as_millis() as u64,
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path: path.to_string(),
        },
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_string(),
            detail: e.to_string(),
        },
        Some(ErrorCode::CannotOpen) => StoreError::Open {
            path: path.to_string(),
            source: Box::new(e),
        },
        _ => StoreError::Database {
            target: path.to_string(),
            source: Box::new(e),
        },
    }
}

impl SqliteDb {
    pub(crate) fn open(path: &str, busy: Duration, read_only: bool) -> Result<SqliteDb> {
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, busy, e))?;
        let err = |e| classify(path, busy, e);
        conn.busy_timeout(busy).map_err(err)?;
        // SQLite silently opens a write-protected file read-only; say so now
        // rather than at the first write.
        if !read_only && conn.is_readonly(rusqlite::MAIN_DB).map_err(err)? {
            return Err(StoreError::ReadOnly {
                path: path.to_string(),
            });
        }
        // The first statement that reads the file: a file that is not a
        // database fails here.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .map_err(err)?;
        if !read_only {
            conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
                .map_err(err)?;
            conn.execute_batch("PRAGMA synchronous=NORMAL")
                .map_err(err)?;
        }
        conn.set_prepared_statement_cache_capacity(256);
        Ok(SqliteDb {
            conn,
            path: path.to_string(),
            busy,
            fault: Fault::default(),
        })
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, self.busy, e)
    }

    fn check_fault(&mut self) -> Result<()> {
        if self.fault.fire() {
            return Err(StoreError::Injected {
                target: self.path.clone(),
            });
        }
        Ok(())
    }
}

impl Db for SqliteDb {
    fn target(&self) -> &str {
        &self.path
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        self.check_fault()?;
        let (path, busy) = (&self.path, self.busy);
        let mut stmt = self
            .conn
            .prepare_cached(sql)
            .map_err(|e| classify(path, busy, e))?;
        let n = stmt
            .execute(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| classify(path, busy, e))?;
        Ok(n as u64)
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        f: &mut dyn FnMut(&[Value<'static>]) -> Result<()>,
    ) -> Result<()> {
        self.check_fault()?;
        let (path, busy) = (&self.path, self.busy);
        let err = |e| classify(path, busy, e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        let ncols = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(err)?;
        let mut buf = Vec::with_capacity(ncols);
        while let Some(row) = rows.next().map_err(err)? {
            buf.clear();
            for i in 0..ncols {
                buf.push(owned(row.get_ref(i).map_err(err)?));
            }
            f(&buf)?;
        }
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(|e| self.err(e))
    }

    fn begin(&mut self) -> Result<()> {
        self.fault.reset();
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.err(e))
    }

    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))
    }

    fn rollback(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.conn.execute_batch("ROLLBACK").map_err(|e| self.err(e))
    }
}
