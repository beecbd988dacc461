//! The store's errors: each names the database (a path, or a URL with its
//! password hidden) so that a message on its own says what failed where.

/// The underlying driver's error, boxed so that the public API does not
/// expose the drivers' types.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The SQLite file could not be opened or created (missing directory,
    /// a directory in its place, no permission).
    #[error("{path}: cannot open the database: {source}")]
    Open {
        /// The database path.
        path: String,
        /// The driver's error.
        #[source]
        source: Cause,
    },
    /// Another process holds the SQLite database locked and did not let go
    /// within the busy timeout.
    #[error("{path}: the database is locked by another process (gave up after {waited_ms} ms)")]
    Locked {
        /// The database path.
        path: String,
        /// How long dyad waited for the lock.
        waited_ms: u64,
    },
    /// The SQLite file (or its directory) is not writable.
    #[error(
        "{path}: the database is read-only (check the file's and its directory's permissions)"
    )]
    ReadOnly {
        /// The database path.
        path: String,
    },
    /// The file is not an SQLite database, or is damaged.
    #[error("{path}: not a database or corrupt: {detail}")]
    Corrupt {
        /// The database path.
        path: String,
        /// The driver's words.
        detail: String,
    },
    /// The database was written by a newer dyad: this one does not know its
    /// schema and will not touch it.
    #[error("{target}: database schema version {found} is newer than this dyad supports ({supported}); use a newer dyad")]
    SchemaTooNew {
        /// The database.
        target: String,
        /// The version found in `schema_version`.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A read-only store found an older schema that it may not migrate.
    #[error("{target}: database schema version {found} is older than {supported}; open it writable once to migrate it")]
    SchemaTooOld {
        /// The database.
        target: String,
        /// The version found.
        found: i64,
        /// The version this build needs.
        supported: i64,
    },
    /// The database URL could not be understood.
    #[error("{target}: invalid database URL: {detail}")]
    InvalidUrl {
        /// The URL, password hidden.
        target: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The PostgreSQL server could not be reached, even after retrying.
    #[error("{target}: cannot connect to PostgreSQL (tried {attempts} times): {source}")]
    Connect {
        /// The URL, password hidden.
        target: String,
        /// How many connection attempts were made.
        attempts: u32,
        /// The last attempt's error.
        #[source]
        source: Cause,
    },
    /// The connection to PostgreSQL broke during a transaction, every time
    /// it was retried. Each attempt was rolled back: nothing of it is
    /// stored.
    #[error("{target}: the connection to PostgreSQL was lost during a transaction; rolled back, tried {attempts} times, nothing was written: {source}")]
    ConnectionLost {
        /// The URL, password hidden.
        target: String,
        /// How many times the transaction was attempted.
        attempts: u32,
        /// The last attempt's error.
        #[source]
        source: Cause,
    },
    /// Any other error of the database; the transaction it happened in was
    /// rolled back.
    #[error("{target}: database error: {source}")]
    Database {
        /// The database.
        target: String,
        /// The driver's error.
        #[source]
        source: Cause,
    },
    /// `replace_events` was asked for a document the store does not have.
    #[error("document {0:?} is not in the store")]
    UnknownDocument(String),
    /// The caller passed something the store cannot take (an empty document
    /// id, a malformed date in a filter).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Writing an export failed.
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    /// A fault injected by a test (see `Store::inject_fault`).
    #[error("{target}: injected fault")]
    Injected {
        /// The database.
        target: String,
    },
}

impl StoreError {
    /// Whether the database is unavailable (locked, unreachable, the
    /// connection lost) rather than failing: worth trying again later.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Locked { .. }
                | StoreError::Connect { .. }
                | StoreError::ConnectionLost { .. }
        )
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
