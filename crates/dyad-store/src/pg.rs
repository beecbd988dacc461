//! The PostgreSQL backend: the synchronous `postgres` client over one
//! connection, with reconnection and retries.
//!
//! Why retries live here and not in the caller: a dropped connection is a
//! property of the backend, and the only safe retry is of a whole
//! transaction (the server rolls back whatever the dead connection had
//! begun). So statements never reconnect on their own inside a
//! transaction: they fail, the store rolls back and reruns the
//! transaction on a fresh connection (see `Store::transaction`).

use std::collections::HashMap;
use std::error::Error as StdError;
use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::private::BytesMut;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Config, NoTls, Statement};

use crate::db::{to_dollar_placeholders, Db, Dialect, Fault, Value};
use crate::error::{Result, StoreError};

pub(crate) struct PgDb {
    client: Option<Client>,
    config: Config,
    schema: Option<String>,
    target: String,
    statements: HashMap<String, Statement>,
    connect_attempts: u32,
    retry_delay: Duration,
    in_tx: bool,
    /// Set when the last error was a lost connection, a deadlock or a
    /// serialisation failure: the transaction may be retried.
    transient: bool,
    pub(crate) fault: Fault,
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_string().as_str().to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::FLOAT8 => f.to_sql(ty, out),
                _ => Err(format!("cannot bind a float to a {ty} parameter").into()),
            },
            Value::Text(s) => s.as_ref().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn column(row: &postgres::Row, i: usize) -> std::result::Result<Value<'static>, postgres::Error> {
    let ty = row.columns()[i].type_();
    Ok(match *ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)?
            .map(Value::Int)
            .unwrap_or(Value::Null),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|v| Value::Int(v.into()))
            .unwrap_or(Value::Null),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|v| Value::Int(v.into()))
            .unwrap_or(Value::Null),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)?
            .map(Value::Real)
            .unwrap_or(Value::Null),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|v| Value::Real(v.into()))
            .unwrap_or(Value::Null),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(|v| Value::Int(v.into()))
            .unwrap_or(Value::Null),
        _ => row
            .try_get::<_, Option<String>>(i)?
            .map(Value::owned)
            .unwrap_or(Value::Null),
    })
}

/// The URL with its password replaced by `***`, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match authority.rfind('@') {
        Some(at) => match authority[..at].find(':') {
            Some(colon) => format!(
                "{}{}:***{}",
                &url[..scheme_end + 3],
                &authority[..colon],
                &url[scheme_end + 3 + at..]
            ),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Takes dyad's own `schema=NAME` parameter out of the URL (the driver
/// does not know it) and returns the rest.
fn split_schema(url: &str) -> (String, Option<String>) {
    let Some(q) = url.find('?') else {
        return (url.to_string(), None);
    };
    let (base, query) = (&url[..q], &url[q + 1..]);
    let mut schema = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix("schema=") {
            Some(s) => schema = Some(s.to_string()),
            None => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, schema)
}

fn is_transient(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        return [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::CONNECTION_EXCEPTION,
            SqlState::CONNECTION_FAILURE,
            SqlState::CONNECTION_DOES_NOT_EXIST,
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
        ]
        .contains(code);
    }
    // An I/O error underneath (connection reset, broken pipe).
    let mut source = e.source();
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return true;
        }
        source = s.source();
    }
    false
}

impl PgDb {
    pub(crate) fn open(url: &str, connect_attempts: u32, retry_delay: Duration) -> Result<PgDb> {
        let target = redact(url);
        let (driver_url, schema) = split_schema(url);
        if let Some(s) = &schema {
            if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(StoreError::InvalidUrl {
                    target,
                    detail: format!("schema name {s:?} must be letters, digits and underscores"),
                });
            }
        }
        let mut config = Config::from_str(&driver_url).map_err(|e| StoreError::InvalidUrl {
            target: target.clone(),
            detail: e.to_string(),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if config.get_application_name().is_none() {
            config.application_name("dyad");
        }
        let mut db = PgDb {
            client: None,
            config,
            schema,
            target,
            statements: HashMap::new(),
            connect_attempts: connect_attempts.max(1),
            retry_delay,
            in_tx: false,
            transient: false,
            fault: Fault::default(),
        };
        db.connect()?;
        Ok(db)
    }

    /// Connects, retrying with a doubling delay while the server cannot be
    /// reached; a server that answers with an error (bad password, no such
    /// database) is not retried.
    fn connect(&mut self) -> Result<()> {
        self.client = None;
        self.statements.clear();
        let mut delay = self.retry_delay;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.config.connect(NoTls) {
                Ok(mut client) => {
                    self.setup(&mut client)?;
                    self.client = Some(client);
                    return Ok(());
                }
                Err(e) => {
                    let refused_by_server = e.as_db_error().is_some();
                    if refused_by_server || attempt >= self.connect_attempts {
                        return Err(StoreError::Connect {
                            target: self.target.clone(),
                            attempts: attempt,
                            source: Box::new(e),
                        });
                    }
                    std::thread::sleep(delay);
                    delay *= 2;
                }
            }
        }
    }

    fn setup(&self, client: &mut Client) -> Result<()> {
        let err = |e: postgres::Error| StoreError::Database {
            target: self.target.clone(),
            source: Box::new(e),
        };
        client
            .batch_execute("SET client_min_messages TO warning")
            .map_err(err)?;
        // Statements are prepared once per connection. A generic plan made
        // while a table was small (a sequential scan) would stick as it
        // grows to millions of rows: plan each execution for its values and
        // the table as it is now. (PostgreSQL 12 and later; older servers
        // keep their default.)
        let _ = client.batch_execute("SET plan_cache_mode TO force_custom_plan");
        if let Some(schema) = &self.schema {
            let exists = client
                .query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[schema])
                .map_err(err)?
                .is_some();
            if !exists {
                // Two processes may race to create it: losing is fine.
                if let Err(e) =
                    client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
                {
                    if e.code() != Some(&SqlState::UNIQUE_VIOLATION)
                        && e.code() != Some(&SqlState::DUPLICATE_SCHEMA)
                    {
                        return Err(err(e));
                    }
                }
            }
            client
                .batch_execute(&format!("SET search_path TO \"{schema}\""))
                .map_err(err)?;
        }
        Ok(())
    }

    pub(crate) fn target_string(&self) -> String {
        self.target.clone()
    }

    /// Whether the last error may go away on retry; clears the mark.
    pub(crate) fn take_transient(&mut self) -> bool {
        std::mem::take(&mut self.transient)
    }

    /// Forgets the connection (after a failure), so the next transaction
    /// starts on a fresh one.
    pub(crate) fn drop_connection(&mut self) {
        self.client = None;
        self.statements.clear();
        self.in_tx = false;
    }

    fn err(&mut self, e: postgres::Error) -> StoreError {
        if is_transient(&e) {
            self.transient = true;
        }
        StoreError::Database {
            target: self.target.clone(),
            source: Box::new(e),
        }
    }

    /// The live connection; reconnects only outside a transaction.
    fn client(&mut self) -> Result<&mut Client> {
        let alive = self.client.as_ref().is_some_and(|c| !c.is_closed());
        if !alive {
            if self.in_tx {
                self.transient = true;
                return Err(StoreError::Database {
                    target: self.target.clone(),
                    source: "the connection closed during the transaction".into(),
                });
            }
            self.connect()?;
        }
        Ok(self.client.as_mut().expect("connected above"))
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let pg_sql = to_dollar_placeholders(sql);
        let prepared = self.client()?.prepare(&pg_sql);
        let stmt = prepared.map_err(|e| self.err(e))?;
        if self.statements.len() >= 512 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    fn check_fault(&mut self) -> Result<()> {
        if self.fault.fire() {
            // A real dropped connection: the server ends this session.
            let r = self
                .client()?
                .batch_execute("SELECT pg_terminate_backend(pg_backend_pid())");
            self.transient = true;
            return Err(match r {
                Err(e) => self.err(e),
                Ok(()) => StoreError::Injected {
                    target: self.target.clone(),
                },
            });
        }
        Ok(())
    }

    /// Outside a transaction, a statement that failed because the
    /// connection had dropped (since the last one) runs once more on a new
    /// connection, unless rows were already handed out.
    fn may_retry(&mut self, delivered: bool) -> bool {
        if self.in_tx || delivered || !self.take_transient() {
            return false;
        }
        self.drop_connection();
        true
    }

    fn execute_once(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        self.check_fault()?;
        let stmt = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let r = self.client()?.execute(&stmt, &refs);
        r.map_err(|e| self.err(e))
    }

    fn query_once(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        f: &mut dyn FnMut(&[Value<'static>]) -> Result<()>,
        delivered: &mut bool,
    ) -> Result<()> {
        use postgres::fallible_iterator::FallibleIterator;
        self.check_fault()?;
        let stmt = self.statement(sql)?;
        let client = self.client()?;
        let mut failed = None;
        match client.query_raw(&stmt, params.iter()) {
            Err(e) => failed = Some(e),
            Ok(mut rows) => {
                let mut buf = Vec::new();
                loop {
                    match rows.next() {
                        Ok(Some(row)) => {
                            buf.clear();
                            for i in 0..row.len() {
                                match column(&row, i) {
                                    Ok(v) => buf.push(v),
                                    Err(e) => {
                                        failed = Some(e);
                                        break;
                                    }
                                }
                            }
                            if failed.is_some() {
                                break;
                            }
                            *delivered = true;
                            f(&buf)?;
                        }
                        Ok(None) => break,
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
            }
        }
        match failed {
            Some(e) => Err(self.err(e)),
            None => Ok(()),
        }
    }
}

impl Db for PgDb {
    fn target(&self) -> &str {
        &self.target
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        match self.execute_once(sql, params) {
            Err(_) if self.may_retry(false) => self.execute_once(sql, params),
            r => r,
        }
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        f: &mut dyn FnMut(&[Value<'static>]) -> Result<()>,
    ) -> Result<()> {
        let mut delivered = false;
        match self.query_once(sql, params, f, &mut delivered) {
            Err(_) if self.may_retry(delivered) => self.query_once(sql, params, f, &mut delivered),
            r => r,
        }
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.check_fault()?;
        let r = self.client()?.batch_execute(sql);
        r.map_err(|e| self.err(e))
    }

    fn begin(&mut self) -> Result<()> {
        self.fault.reset();
        self.transient = false;
        let r = self.client()?.batch_execute("BEGIN");
        r.map_err(|e| self.err(e))?;
        self.in_tx = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        let r = self.client()?.batch_execute("COMMIT");
        self.in_tx = false;
        r.map_err(|e| self.err(e))
    }

    fn rollback(&mut self) -> Result<()> {
        self.in_tx = false;
        let Some(client) = self.client.as_mut() else {
            return Ok(());
        };
        if client.is_closed() {
            return Ok(());
        }
        let r = client.batch_execute("ROLLBACK");
        r.map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgresql://h/db?x=1"), "postgresql://h/db?x=1");
    }

    #[test]
    fn schema_parameter_is_ours() {
        assert_eq!(
            split_schema("postgres://h/db?schema=t1&sslmode=disable"),
            (
                "postgres://h/db?sslmode=disable".to_string(),
                Some("t1".to_string())
            )
        );
        assert_eq!(
            split_schema("postgres://h/db?schema=t1"),
            ("postgres://h/db".to_string(), Some("t1".to_string()))
        );
        assert_eq!(
            split_schema("postgres://h/db"),
            ("postgres://h/db".to_string(), None)
        );
    }
}
