//! `POST /api/documents`: documents in, coded and stored, events out.
//!
//! The server knows HTTP, not the coder: whoever starts it (`dyad serve
//! --ingest-token`) plugs in an [`Ingest`] that reads the body, codes the
//! documents and writes them to a store of its own. This module does what
//! is HTTP's: the token (compared in constant time), a rate limit (a token
//! bucket shared by every client: 429 with `Retry-After` past it, counted
//! before the token is checked so that guessing is limited too), and the
//! body limit (413 from the declared length, before reading a byte).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::ApiError;
use crate::AppState;

/// Why an ingestion failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The body is not what the endpoint takes (the message names the
    /// line and field): a 400.
    #[error("{0}")]
    BadInput(String),
    /// Coding or storing failed: a 500 (503 when `unavailable`).
    #[error("{message}")]
    Failed {
        /// What went wrong (goes to the server's log, not the client).
        message: String,
        /// The database is locked or unreachable: try again later.
        unavailable: bool,
    },
}

/// Codes and stores the documents of a request body.
pub trait Ingest: Send + Sync + 'static {
    /// Reads `body` (one JSON document, an array of them, or JSON Lines,
    /// with the fields of `dyad code`'s JSONL input), codes and stores the
    /// documents, and returns the response: the documents with their
    /// events. Blocking; the server calls it on a blocking thread.
    fn ingest(&self, body: &[u8]) -> Result<serde_json::Value, IngestError>;
}

/// Settings of the write endpoint.
#[derive(Clone)]
pub struct IngestConfig {
    /// The bearer token clients must send (`Authorization: Bearer …`).
    pub token: String,
    /// What ingests.
    pub ingester: Arc<dyn Ingest>,
    /// Largest body accepted, in bytes: larger is a 413. Default 16 MiB.
    pub max_body: usize,
    /// Requests per minute across all clients (bursts of up to a tenth of
    /// it, at least 1, at least 10 when the rate allows); further requests
    /// are a 429.
    pub per_minute: u32,
}

impl std::fmt::Debug for IngestConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestConfig")
            .field("token", &"<hidden>")
            .field("max_body", &self.max_body)
            .field("per_minute", &self.per_minute)
            .finish()
    }
}

impl IngestConfig {
    /// A configuration with the default limits (16 MiB, 60 requests per
    /// minute).
    pub fn new(token: impl Into<String>, ingester: Arc<dyn Ingest>) -> IngestConfig {
        IngestConfig {
            token: token.into(),
            ingester,
            max_body: 16 * 1024 * 1024,
            per_minute: 60,
        }
    }
}

/// Whether `given` equals `expected`, in a time that depends only on the
/// length of `expected`.
pub(crate) fn same_token(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, e) in expected.iter().enumerate() {
        let g = given.get(i).copied().unwrap_or(0);
        diff |= usize::from(g ^ e);
    }
    std::hint::black_box(diff) == 0
}

/// A token bucket: `capacity` requests at once, refilled at `per_sec`.
pub(crate) struct RateLimit {
    capacity: f64,
    per_sec: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimit {
    pub(crate) fn per_minute(n: u32) -> RateLimit {
        let n = f64::from(n.max(1));
        let capacity = (n / 10.0).max(10.0_f64.min(n)).max(1.0).floor();
        RateLimit {
            capacity,
            per_sec: n / 60.0,
            state: Mutex::new((capacity, Instant::now())),
        }
    }

    /// Takes one request; `Err(wait)` when none is left.
    pub(crate) fn take(&self) -> Result<(), Duration> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let refill = now.duration_since(s.1).as_secs_f64() * self.per_sec;
        s.0 = (s.0 + refill).min(self.capacity);
        s.1 = now;
        if s.0 >= 1.0 {
            s.0 -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - s.0) / self.per_sec))
        }
    }
}

/// The writer's state: the configuration and its bucket.
pub(crate) struct Writer {
    pub(crate) config: IngestConfig,
    pub(crate) limit: RateLimit,
}

impl Drop for Writer {
    /// The ingester may own a blocking PostgreSQL client, which must not be
    /// closed on a thread of the server's runtime (see `Pool`'s `Drop`).
    fn drop(&mut self) {
        let placeholder: Arc<dyn Ingest> = Arc::new(Closed);
        let ingester = std::mem::replace(&mut self.config.ingester, placeholder);
        if tokio::runtime::Handle::try_current().is_err() {
            drop(ingester);
            return;
        }
        let _ = std::thread::spawn(move || drop(ingester)).join();
    }
}

/// What a dropped writer holds instead of its ingester.
struct Closed;

impl Ingest for Closed {
    fn ingest(&self, _: &[u8]) -> Result<serde_json::Value, IngestError> {
        Err(IngestError::Failed {
            message: "the server is shutting down".into(),
            unavailable: true,
        })
    }
}

impl Writer {
    pub(crate) fn new(config: IngestConfig) -> Writer {
        Writer {
            limit: RateLimit::per_minute(config.per_minute),
            config,
        }
    }
}

fn unauthorized(message: &str) -> Response {
    let mut r = ApiError::status(StatusCode::UNAUTHORIZED, message).into_response();
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"dyad\""),
    );
    r
}

/// Reads the body, or a 413 once it passes `max` bytes. The connection is
/// closed after a 413 (the rest of the body is not read).
async fn read_body(body: Body, max: usize) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, max).await.map_err(|_| {
        ApiError::status(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request bodies are limited to {max} bytes"),
        )
    })
}

/// The handler of `POST /api/documents`.
pub(crate) async fn post_documents(State(state): State<AppState>, req: Request) -> Response {
    let Some(writer) = state.writer.clone() else {
        return close(
            ApiError::status(
                StatusCode::FORBIDDEN,
                "this server is read-only: start it with --ingest-token (or DYAD_INGEST_TOKEN) to accept documents",
            )
            .into_response(),
        );
    };
    if let Err(wait) = writer.limit.take() {
        let secs = wait.as_secs().max(1);
        let mut r = ApiError::status(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "too many write requests (at most {} per minute); retry in {secs} s",
                writer.config.per_minute
            ),
        )
        .into_response();
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return close(r);
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => {
            return close(unauthorized(
                "a token is required: send `Authorization: Bearer <token>`",
            ))
        }
        Some(t) if !same_token(t.as_bytes(), writer.config.token.as_bytes()) => {
            return close(unauthorized("wrong token"))
        }
        Some(_) => {}
    }
    let max = writer.config.max_body;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return close(
            ApiError::status(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request bodies are limited to {max} bytes"),
            )
            .into_response(),
        );
    }
    let body = match read_body(req.into_body(), max).await {
        Ok(b) => b,
        Err(e) => return close(e.into_response()),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return ApiError::bad(
            "body",
            "the body is empty: send a JSON document or an array of them",
        )
        .into_response();
    }
    let ingester = writer.config.ingester.clone();
    let result = tokio::task::spawn_blocking(move || ingester.ingest(&body)).await;
    match result {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(IngestError::BadInput(m))) => ApiError::bad("body", m).into_response(),
        Ok(Err(IngestError::Failed {
            message,
            unavailable,
        })) => {
            eprintln!("dyad-server: ingestion failed: {message}");
            let (status, text) = if unavailable {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database is unavailable; try again later",
                )
            } else {
                (StatusCode::INTERNAL_SERVER_ERROR, "ingestion failed")
            };
            ApiError::status(status, text).into_response()
        }
        Err(e) => {
            eprintln!("dyad-server: an ingestion task failed: {e}");
            ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

fn close(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(b"s3cret", b"s3cret"));
        assert!(!same_token(b"s3cre", b"s3cret"));
        assert!(!same_token(b"s3crett", b"s3cret"));
        assert!(!same_token(b"S3cret", b"s3cret"));
        assert!(!same_token(b"", b"s3cret"));
    }

    #[test]
    fn the_bucket_allows_a_burst_then_refuses() {
        let r = RateLimit::per_minute(3);
        assert_eq!(r.capacity, 3.0);
        assert!(r.take().is_ok() && r.take().is_ok() && r.take().is_ok());
        let wait = r.take().unwrap_err();
        assert!(wait > Duration::from_secs(10) && wait <= Duration::from_secs(20));
        assert_eq!(RateLimit::per_minute(60).capacity, 10.0);
        assert_eq!(RateLimit::per_minute(600).capacity, 60.0);
        assert_eq!(RateLimit::per_minute(0).capacity, 1.0);
    }
}
