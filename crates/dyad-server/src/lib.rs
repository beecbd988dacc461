//! # dyad-server: the HTTP JSON API and the dashboard over the event store
//!
//! dyad keeps its events in a [`dyad_store::Store`]; this crate answers
//! questions about them over HTTP, as JSON, for the dashboard it serves at
//! `/` (see the `assets` module) and for scripts that should not link Rust
//! or open the database themselves. Queries only read: SQLite databases are
//! opened read-only. The one write, `POST /api/documents`, exists only when
//! the server is given an [`IngestConfig`]: a token, limits, and an
//! [`Ingest`] that codes and stores documents. This crate knows HTTP, not
//! the coder; `dyad serve` plugs the coder in, and hands over a [`Catalog`]
//! of the names behind actor and CAMEO codes.
//!
//! The endpoints, their parameters and the fields of every response are a
//! contract, written down twice: in `README.md` for people and in the
//! OpenAPI 3.0 document served at `/api/openapi.json` (see [`openapi`]) for
//! programs. The integration tests validate every real response against
//! that document, so the two cannot drift apart.
//!
//! ## Why axum
//!
//! axum is a thin layer over hyper and tokio: routing, extractors and
//! middleware as plain async functions, with no macros and no runtime of
//! its own. We use a small subset (routes, a fallback, two middlewares) and
//! build with only its `http1`, `tokio` and `json` features, so the
//! dependency stays light.
//!
//! ## Why `spawn_blocking` and a pool of stores
//!
//! The store's API is synchronous (rusqlite and the blocking `postgres`
//! client): a query holds its thread until the database answers. Run on an
//! async worker, a 70 ms full-scan timeline would stall every other request
//! that worker serves. So every query runs in [`tokio::task::spawn_blocking`],
//! on a connection taken from a small pool (by default one per CPU, each a
//! `Mutex<Store>`): a [`Store`] is one connection and is not shared between
//! threads, and SQLite and PostgreSQL both answer concurrent readers in
//! parallel, so a few connections let a few queries run at once. A
//! semaphore with one permit per connection makes further requests wait
//! asynchronously (costing no thread) until a connection is free.
//!
//! ## Limits and errors
//!
//! Every error is JSON, `{"error": message, "field": name-or-null}`, with
//! its status: 400 for a bad parameter (naming it), 401 for a write
//! without the right token, 403 for a write to a read-only server, 404 for
//! unknown routes, events and documents, 405 for other methods than GET
//! (and HEAD; POST on `/api/documents`), 413 for request bodies over 64 KB
//! (writes: over [`IngestConfig::max_body`]), 414 for query strings over
//! 4 KB, 429 past [`IngestConfig::per_minute`] writes, 500 when the
//! database fails (details go to stderr, not to the client), 503 when it is
//! locked or unreachable. Pages of events are bounded by
//! [`ServerConfig::max_page`]; see the `pages` module for how cursors keep
//! memory bounded. Every response carries `X-Content-Type-Options: nosniff`,
//! `Referrer-Policy: no-referrer` and a `Content-Security-Policy` with
//! `default-src 'self'`.
#![deny(missing_docs)]

mod api;
mod assets;
mod catalog;
mod dates;
mod error;
mod ingest;
mod openapi;
mod pages;
mod params;
mod pool;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use dyad_store::{OpenOptions, Store};

pub use api::router;
pub use assets::page_weight;
pub use catalog::{CameoEntry, Catalog, CatalogActor};
pub use error::ServerError;
pub use ingest::{Ingest, IngestConfig, IngestError};
pub use openapi::openapi;

/// Largest request body accepted (reads take none): larger is 413.
pub const MAX_BODY: usize = 64 * 1024;

/// Longest query string accepted: longer is 414.
pub const MAX_QUERY: usize = 4 * 1024;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The store: an SQLite file path or a `postgres://` URL. Opened
    /// read-only; its schema must be current.
    pub db: String,
    /// Where to listen. Default `127.0.0.1:8080`; port 0 picks a free port
    /// (see [`Server::local_addr`]).
    pub addr: SocketAddr,
    /// Most events in one page, and most rows of `/api/actors` and
    /// `/api/dyads`: a larger `limit` is a 400. Default 500.
    pub max_page: usize,
    /// Store connections (and so queries running at once). Default: the
    /// number of CPUs, at least 2.
    pub connections: usize,
    /// Actor and CAMEO code names for the dashboard (search boxes, labels).
    /// Default: empty.
    pub catalog: Arc<Catalog>,
    /// Enables `POST /api/documents`; `None` (the default) keeps the server
    /// read-only.
    pub ingest: Option<IngestConfig>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            db: "dyad.db".into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_page: 500,
            connections: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .max(2),
            catalog: Arc::new(Catalog::default()),
            ingest: None,
        }
    }
}

/// What the handlers share: the pool of store connections and the limits.
/// Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) pool: Arc<pool::Pool>,
    pub(crate) max_page: usize,
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) writer: Option<Arc<ingest::Writer>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("connections", &self.pool.len())
            .field("max_page", &self.max_page)
            .field("writable", &self.writer.is_some())
            .finish()
    }
}

impl AppState {
    /// Opens `config.connections` read-only connections to `config.db`.
    /// Blocking (it connects): call it before starting a runtime, or from
    /// `spawn_blocking`.
    pub fn open(config: &ServerConfig) -> Result<AppState, ServerError> {
        if config.max_page == 0 {
            return Err(ServerError::Config("max_page must be at least 1".into()));
        }
        let options = OpenOptions {
            read_only: true,
            ..OpenOptions::default()
        };
        let n = config.connections.max(1);
        let mut stores = Vec::with_capacity(n);
        for _ in 0..n {
            stores.push(Store::open_with(&config.db, &options).map_err(ServerError::Store)?);
        }
        if let Some(i) = &config.ingest {
            if i.token.trim().len() < 8 {
                return Err(ServerError::Config(
                    "the ingest token must have at least 8 characters".into(),
                ));
            }
        }
        Ok(AppState {
            pool: Arc::new(pool::Pool::new(stores)),
            max_page: config.max_page,
            catalog: config.catalog.clone(),
            writer: config
                .ingest
                .clone()
                .map(|i| Arc::new(ingest::Writer::new(i))),
        })
    }
}

/// A server bound to its address, not yet serving: lets a caller (a test)
/// learn the port before requests are made.
#[derive(Debug)]
pub struct Server {
    listener: tokio::net::TcpListener,
    state: AppState,
}

impl Server {
    /// Opens the store (see [`AppState::open`]) and binds `config.addr`.
    /// Must be called inside a tokio runtime.
    pub async fn bind(config: ServerConfig) -> Result<Server, ServerError> {
        let open_config = config.clone();
        let state = tokio::task::spawn_blocking(move || AppState::open(&open_config))
            .await
            .map_err(|e| ServerError::Config(format!("opening the store failed: {e}")))??;
        Server::bind_with(state, config.addr).await
    }

    /// Binds `addr` to serve an already opened [`AppState`].
    pub async fn bind_with(state: AppState, addr: SocketAddr) -> Result<Server, ServerError> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        Ok(Server { listener, state })
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> Result<SocketAddr, ServerError> {
        self.listener.local_addr().map_err(ServerError::Io)
    }

    /// Serves until `shutdown` completes, then stops accepting and lets
    /// requests under way finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        axum::serve(self.listener, router(self.state))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(ServerError::Io)
    }
}

/// Runs the server until Ctrl-C (or SIGTERM on Unix): opens the store,
/// binds, serves, then shuts down cleanly. Blocking; builds its own
/// multi-threaded tokio runtime. Prints the address it listens on to stderr.
pub fn serve(config: ServerConfig) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Io)?;
    runtime.block_on(async move {
        let server = Server::bind(config).await?;
        eprintln!(
            "dyad: serving http://{}/ (dashboard; JSON API under /api/)",
            server.local_addr()?
        );
        server.run(shutdown_signal()).await
    })
}

/// Completes on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
