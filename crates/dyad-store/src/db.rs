//! The little that the two backends must share so that every query and
//! every write is written once: a value type, a connection trait that runs
//! SQL with `?` placeholders, and chunked multi-row inserts.
//!
//! Why not an ORM or a query builder: the SQL here is small, and being able
//! to read it as SQL is what makes it checkable against both databases. The
//! dialect differences that remain (integer and float type names, text
//! collation, placeholders) are handled in `schema.rs` and by rewriting `?`
//! into `$n` for PostgreSQL.

use std::borrow::Cow;

use crate::error::Result;

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A value bound to or read from SQL. Integers are 64-bit and floats are
/// doubles in both backends (the schema declares them so), which keeps the
/// PostgreSQL binding strictness happy.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

impl<'a> Value<'a> {
    pub(crate) fn int(v: impl Into<i64>) -> Self {
        Value::Int(v.into())
    }
    /// Non-finite floats become NULL: SQLite cannot store NaN and the two
    /// backends must hold the same data.
    pub(crate) fn real(v: f64) -> Self {
        if v.is_finite() {
            Value::Real(v)
        } else {
            Value::Null
        }
    }
    /// Text to store. PostgreSQL cannot store NUL characters, so both
    /// backends store them as spaces: the same byte length, so every offset
    /// into the text stays right.
    pub(crate) fn text(s: &'a str) -> Self {
        if s.contains('\0') {
            Value::Text(Cow::Owned(s.replace('\0', " ")))
        } else {
            Value::Text(Cow::Borrowed(s))
        }
    }
    pub(crate) fn owned(s: String) -> Value<'static> {
        if s.contains('\0') {
            Value::Text(Cow::Owned(s.replace('\0', " ")))
        } else {
            Value::Text(Cow::Owned(s))
        }
    }
    pub(crate) fn opt_text(s: Option<&'a str>) -> Self {
        s.map(Value::text).unwrap_or(Value::Null)
    }
    pub(crate) fn opt_int(v: Option<i64>) -> Self {
        v.map(Value::Int).unwrap_or(Value::Null)
    }
    pub(crate) fn opt_real(v: Option<f64>) -> Self {
        v.map(Value::real).unwrap_or(Value::Null)
    }
    pub(crate) fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(f) => Some(*f as i64),
            _ => None,
        }
    }
    pub(crate) fn as_u32(&self) -> Option<u32> {
        self.as_i64().and_then(|x| u32::try_from(x).ok())
    }
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Real(f) => Some(*f),
            _ => None,
        }
    }
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub(crate) fn to_opt_string(&self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Real(f) => Some(f.to_string()),
            Value::Null => None,
        }
    }
    pub(crate) fn to_string_or_empty(&self) -> String {
        self.to_opt_string().unwrap_or_default()
    }
}

/// A result row: owned values in select order.
pub(crate) type Row = Vec<Value<'static>>;

/// A connection that runs SQL written with `?` placeholders.
pub(crate) trait Db {
    /// The database, for error messages (path, or URL without password).
    fn target(&self) -> &str;
    fn dialect(&self) -> Dialect;
    /// Runs one statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64>;
    /// Runs a query and hands each row to `f` as it arrives (memory stays
    /// flat however many rows there are).
    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        f: &mut dyn FnMut(&[Value<'static>]) -> Result<()>,
    ) -> Result<()>;
    /// Runs statements without parameters (DDL).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Starts a transaction that takes the write lock at once (so that a
    /// locked SQLite file fails here, not halfway through a batch).
    fn begin(&mut self) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    /// Rolls back; errors are the caller's to ignore (the connection may be
    /// gone, which rolls back just as well).
    fn rollback(&mut self) -> Result<()>;
}

/// A test hook: make the `at`-th statement of the next `times` transactions
/// fail (SQLite: with an error; PostgreSQL: by killing the connection's
/// server process, a real dropped connection).
#[derive(Debug, Default, Clone)]
pub(crate) struct Fault {
    pub(crate) at: u64,
    pub(crate) times: u32,
    pub(crate) count: u64,
    /// A pause before every statement, to make transactions slow enough
    /// for a test to kill the process in the middle of one.
    pub(crate) delay: std::time::Duration,
}

impl Fault {
    /// Called at the start of every transaction.
    pub(crate) fn reset(&mut self) {
        self.count = 0;
    }
    /// Called before every statement: whether this one must fail.
    pub(crate) fn fire(&mut self) -> bool {
        if !self.delay.is_zero() {
            std::thread::sleep(self.delay);
        }
        if self.times == 0 {
            return false;
        }
        self.count += 1;
        if self.count == self.at {
            self.times -= 1;
            true
        } else {
            false
        }
    }
}

/// All rows of a query.
pub(crate) fn query_rows(db: &mut dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    db.query_each(sql, params, &mut |r| {
        rows.push(r.to_vec());
        Ok(())
    })?;
    Ok(rows)
}

/// The first row of a query, if any.
pub(crate) fn query_opt(db: &mut dyn Db, sql: &str, params: &[Value<'_>]) -> Result<Option<Row>> {
    let mut first = None;
    db.query_each(sql, params, &mut |r| {
        if first.is_none() {
            first = Some(r.to_vec());
        }
        Ok(())
    })?;
    Ok(first)
}

/// At most this many parameters in one statement: below SQLite's default
/// limit (32766) and PostgreSQL's (65535).
const MAX_PARAMS: usize = 30_000;
/// At most this many rows in one multi-row INSERT: beyond it, statements
/// get long for little gain.
const MAX_ROWS: usize = 500;

/// Inserts `rows` (each `columns.len()` values) with multi-row INSERTs of up
/// to a few hundred rows: one round trip per chunk on PostgreSQL, one
/// cached prepared statement per chunk size on SQLite. `suffix` is appended
/// to each statement (`ON CONFLICT DO NOTHING`).
pub(crate) fn insert_rows(
    db: &mut dyn Db,
    table: &str,
    columns: &[&str],
    suffix: &str,
    rows: &[Vec<Value<'_>>],
) -> Result<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    let per_chunk = (MAX_PARAMS / columns.len()).clamp(1, MAX_ROWS);
    let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    let mut changed = 0;
    let mut params: Vec<Value<'_>> = Vec::with_capacity(per_chunk * columns.len());
    for chunk in rows.chunks(per_chunk) {
        let mut sql =
            String::with_capacity(head.len() + chunk.len() * (one.len() + 2) + suffix.len() + 1);
        sql.push_str(&head);
        params.clear();
        for (i, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), columns.len());
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&one);
            params.extend(row.iter().cloned());
        }
        if !suffix.is_empty() {
            sql.push(' ');
            sql.push_str(suffix);
        }
        changed += db.execute(&sql, &params)?;
    }
    Ok(changed)
}

/// How many keys to look up per `IN (…)` list. PostgreSQL's planner
/// weighs a long list of keys against a sequential scan and, on a table
/// not yet analysed after a bulk load, picks the scan: short lists keep it
/// on the primary key index. SQLite always uses the index.
pub(crate) fn in_list_len(db: &dyn Db) -> usize {
    match db.dialect() {
        Dialect::Sqlite => 500,
        Dialect::Postgres => 64,
    }
}

/// `?, ?, ?` for an IN list of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Rewrites `?` placeholders into PostgreSQL's `$1, $2, …`, leaving
/// question marks inside single-quoted literals alone.
pub(crate) fn to_dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut in_literal = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                in_literal = !in_literal;
                out.push(c);
            }
            '?' if !in_literal => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_literals() {
        assert_eq!(
            to_dollar_placeholders("SELECT a FROM t WHERE b = ? AND c LIKE '?%' AND d IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c LIKE '?%' AND d IN ($2, $3)"
        );
    }

    #[test]
    fn nul_characters_become_spaces() {
        assert_eq!(Value::text("a\0b"), Value::text("a b"));
        assert_eq!(Value::owned("\0".into()), Value::text(" "));
    }

    #[test]
    fn non_finite_floats_are_null() {
        assert_eq!(Value::real(f64::NAN), Value::Null);
        assert_eq!(Value::real(f64::INFINITY), Value::Null);
        assert_eq!(Value::real(1.5), Value::Real(1.5));
    }
}
