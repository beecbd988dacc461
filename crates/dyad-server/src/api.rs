//! The routes and their handlers, and the middleware every request goes
//! through (size limits, security headers). Each handler checks its
//! parameters, then runs its store query on the pool (see the crate docs).

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dyad_store::EventRow;
use serde::Serialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::pages::{self, Cursor};
use crate::params::{self, Params};
use crate::{AppState, MAX_BODY, MAX_QUERY};

/// Default rows of `/api/actors` and `/api/dyads`.
const DEFAULT_RANKING: usize = 20;
/// Default events per page.
const DEFAULT_PAGE: usize = 50;
/// Bodies up to this size are read and dropped before a 413, so that the
/// client sees the answer rather than a reset connection.
const DRAIN_LIMIT: usize = 1024 * 1024;

/// The API's routes over `state`, with the error fallbacks and the
/// middleware (body and query-string limits, security headers). Serve it
/// with `axum::serve`, or use [`crate::Server`].
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/stats", get(stats))
        .route("/api/events", get(events))
        .route("/api/events/{event_key}/mentions", get(mentions))
        .route("/api/timeline", get(timeline))
        .route("/api/actors", get(actors))
        .route("/api/dyads", get(dyads))
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/places", get(places))
        .route("/api/documents", post(crate::ingest::post_documents))
        .route("/api/documents/{doc_id}", get(document))
        .route("/api/catalog/actors", get(catalog_actors))
        .route("/api/catalog/cameo", get(catalog_cameo))
        .route("/", get(crate::assets::index))
        .route("/assets/{name}", get(crate::assets::asset))
        // Browsers ask for an icon by themselves; the page has none.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

type ApiResult = Result<Response, ApiError>;

fn json_ok(v: impl Serialize) -> ApiResult {
    Ok(Json(v).into_response())
}

/// Limits before routing, headers after.
async fn guard(req: Request, next: Next) -> Response {
    // The write endpoint reads (and limits) its own body, after checking
    // the token.
    let writes = req.method() == Method::POST && req.uri().path() == "/api/documents";
    let checked = if writes {
        check_query(req)
    } else {
        check_request(req).await
    };
    let mut response = match checked {
        Ok(req) => next.run(req).await,
        Err(e) => {
            let mut r = e.into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            r
        }
    };
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 414 for long query strings.
fn check_query(req: Request) -> Result<Request, ApiError> {
    if req.uri().query().is_some_and(|q| q.len() > MAX_QUERY) {
        return Err(ApiError::status(
            StatusCode::URI_TOO_LONG,
            format!("the query string is longer than {MAX_QUERY} bytes"),
        ));
    }
    Ok(req)
}

/// 414 for long query strings, 413 for bodies over [`MAX_BODY`]; a small
/// body is read and ignored.
async fn check_request(req: Request) -> Result<Request, ApiError> {
    let req = check_query(req)?;
    let too_large = || {
        ApiError::status(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request bodies are limited to {MAX_BODY} bytes (this API only reads)"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(0) => return Ok(req),
        Some(n) if n > DRAIN_LIMIT as u64 => return Err(too_large()),
        _ => {}
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, DRAIN_LIMIT)
        .await
        .map_err(|_| too_large())?;
    if bytes.len() > MAX_BODY {
        return Err(too_large());
    }
    Ok(Request::from_parts(parts, Body::empty()))
}

async fn not_found(uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(100).collect();
    ApiError::status(
        StatusCode::NOT_FOUND,
        format!("no such endpoint: {path} (see /api/openapi.json)"),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let allow = if uri.path() == "/api/documents" {
        "POST"
    } else {
        "GET, HEAD"
    };
    let mut r = ApiError::status(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method {method} is not allowed here (allowed: {allow})"),
    )
    .into_response();
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    r
}

async fn health(State(state): State<AppState>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let version = state
        .pool
        .run(|store| store.schema_version().map_err(ApiError::store))
        .await?;
    json_ok(json!({"status": "ok", "schema_version": version}))
}

async fn stats(State(state): State<AppState>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let (counts, (first, last)) = state
        .pool
        .run(|store| {
            let counts = store.counts().map_err(ApiError::store)?;
            let range = pages::date_range(store)?;
            Ok((counts, range))
        })
        .await?;
    json_ok(json!({"counts": counts, "first_event_date": first, "last_event_date": last}))
}

/// An event as the API gives it: the store's row plus its key as a string,
/// for clients whose numbers are doubles (JavaScript: keys are 64-bit).
#[derive(Serialize)]
struct ApiEvent {
    #[serde(flatten)]
    row: EventRow,
    event_key_str: String,
}

async fn events(State(state): State<AppState>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &params::event_params())?;
    let filter = params::event_filter(&p)?;
    let limit = p.limit(DEFAULT_PAGE, state.max_page)?;
    let cursor = match p.get("cursor") {
        Some(c) => Some(Cursor::decode(&c, pages::filter_hash(&filter))?),
        None => None,
    };
    let (rows, next) = state
        .pool
        .run(move |store| pages::page(store, &filter, limit, cursor))
        .await?;
    let events: Vec<ApiEvent> = rows
        .into_iter()
        .map(|row| ApiEvent {
            event_key_str: row.event_key.to_string(),
            row,
        })
        .collect();
    json_ok(json!({"events": events, "next_cursor": next.map(|c| c.encode())}))
}

async fn mentions(State(state): State<AppState>, Path(key): Path<String>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let event_key: i64 = key.trim().parse().map_err(|_| {
        let shown: String = key.chars().take(40).collect();
        ApiError::bad(
            "event_key",
            format!("event key {shown:?} is not an integer"),
        )
    })?;
    let rows = state
        .pool
        .run(move |store| store.mentions_of(event_key).map_err(ApiError::store))
        .await?;
    if rows.is_empty() {
        return Err(ApiError::status(
            StatusCode::NOT_FOUND,
            format!("no event with key {event_key}"),
        ));
    }
    json_ok(json!({"event_key": event_key, "mentions": rows}))
}

async fn timeline(State(state): State<AppState>, uri: Uri) -> ApiResult {
    let p = Params::parse(
        uri.query(),
        &["source", "target", "by", "one_way", "from", "to"],
    )?;
    let source = p.get("source").map(|s| s.trim().to_string());
    let target = p.get("target").map(|s| s.trim().to_string());
    let by = p.bucket()?;
    let both = !p.flag("one_way", false)?;
    let period = p.period()?;
    let (s, t) = (source.clone(), target.clone());
    let rows = state
        .pool
        .run(move |store| {
            store
                .timeline(
                    s.as_deref().unwrap_or(""),
                    t.as_deref().unwrap_or(""),
                    by,
                    both,
                    &period,
                )
                .map_err(ApiError::store)
        })
        .await?;
    json_ok(json!({
        "source": source,
        "target": target,
        "by": by,
        "both_directions": both,
        "rows": rows,
    }))
}

async fn actors(State(state): State<AppState>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &["from", "to", "limit"])?;
    let period = p.period()?;
    let limit = p.limit(DEFAULT_RANKING, state.max_page)?;
    let rows = state
        .pool
        .run(move |store| store.actors(&period, limit).map_err(ApiError::store))
        .await?;
    json_ok(json!({ "actors": rows }))
}

async fn dyads(State(state): State<AppState>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &["from", "to", "limit"])?;
    let period = p.period()?;
    let limit = p.limit(DEFAULT_RANKING, state.max_page)?;
    let rows = state
        .pool
        .run(move |store| store.dyads(&period, limit).map_err(ApiError::store))
        .await?;
    json_ok(json!({ "dyads": rows }))
}

/// Most rows of `/api/places`.
const MAX_PLACES: usize = 2000;
/// Default rows of `/api/places`.
const DEFAULT_PLACES: usize = 500;

async fn places(State(state): State<AppState>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &params::place_params())?;
    let filter = params::event_filter(&p)?;
    let limit = p.limit(DEFAULT_PLACES, MAX_PLACES)?;
    let rows = state
        .pool
        .run(move |store| store.places(&filter, limit).map_err(ApiError::store))
        .await?;
    json_ok(json!({ "places": rows }))
}

async fn document(
    State(state): State<AppState>,
    Path(doc_id): Path<String>,
    uri: Uri,
) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let id = doc_id.clone();
    let view = state
        .pool
        .run(move |store| store.document(&id).map_err(ApiError::store))
        .await?;
    let Some(view) = view else {
        let shown: String = doc_id.chars().take(100).collect();
        return Err(ApiError::status(
            StatusCode::NOT_FOUND,
            format!("no document with id {shown:?}"),
        ));
    };
    let mut v = serde_json::to_value(&view).map_err(|e| {
        eprintln!("dyad-server: serialising a document: {e}");
        ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    })?;
    if let Some(events) = v["events"].as_array_mut() {
        for (e, stored) in events.iter_mut().zip(&view.events) {
            e["event_key_str"] = json!(stored.event_key.to_string());
            e["code_name"] = json!(state.catalog.code_name(&stored.code));
        }
    }
    json_ok(v)
}

async fn catalog_actors(State(state): State<AppState>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &["q", "limit"])?;
    let limit = p.limit(10, 50)?;
    let q = p.get("q").unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(ApiError::bad("q", "at most 100 characters"));
    }
    json_ok(json!({ "actors": state.catalog.search(&q, limit) }))
}

async fn catalog_cameo(State(state): State<AppState>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    json_ok(json!({ "codes": state.catalog.cameo() }))
}

async fn openapi_json(uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let doc: &'static Value = crate::openapi::document();
    json_ok(doc)
}
