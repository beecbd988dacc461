//! Errors: [`ServerError`] for starting and running the server (the
//! library's public error), and `ApiError`, one failed request, rendered as
//! `{"error": message, "field": name-or-null}` with its status.

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dyad_store::StoreError;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The store could not be opened (missing file, unreachable server,
    /// schema too old or too new: it is opened read-only and not migrated).
    #[error("{0}")]
    Store(#[source] StoreError),
    /// The address could not be bound (in use, not permitted).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A bad setting in [`crate::ServerConfig`].
    #[error("invalid server configuration: {0}")]
    Config(String),
    /// Building the runtime or serving failed.
    #[error("server I/O error: {0}")]
    Io(#[source] std::io::Error),
}

/// One failed request.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) field: Option<&'static str>,
}

impl ApiError {
    /// 400 naming the parameter at fault.
    pub(crate) fn bad(field: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            field: Some(field),
        }
    }

    /// Any status, no field.
    pub(crate) fn status(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            field: None,
        }
    }

    /// A store failure: bad input is the client's (400), a locked or
    /// unreachable database 503, anything else 500. The details of server
    /// failures (paths, URLs, driver messages) go to stderr only.
    pub(crate) fn store(e: StoreError) -> ApiError {
        match e {
            StoreError::InvalidInput(m) => ApiError::status(StatusCode::BAD_REQUEST, m),
            e if e.is_unavailable() => {
                eprintln!("dyad-server: database unavailable: {e}");
                ApiError::status(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database is unavailable; try again later",
                )
            }
            e => {
                eprintln!("dyad-server: database error: {e}");
                ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal database error")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.message, "field": self.field});
        (self.status, axum::Json(body)).into_response()
    }
}
