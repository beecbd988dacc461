//! `dyad serve`: the HTTP API and dashboard of `dyad-server`, given what
//! only the binary has: the coder's dictionaries (for the dashboard's
//! names) and, with an ingest token, a coder and a writable store for
//! `POST /api/documents`.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use dyad_code::Coder;
use dyad_dict::ActorKind;
use dyad_read::{Item, Reader};
use dyad_server::{CameoEntry, Catalog, CatalogActor, Ingest, IngestConfig, IngestError};
use dyad_store::{Store, StoreError};
use serde_json::{json, Value};

use crate::bundle::bundle;
use crate::coding::CoderArgs;
use crate::store_cmd::DbArgs;

/// Serve the event database over HTTP on this machine: the dashboard at
/// `/` (relation timelines, event lists, documents with their evidence
/// highlighted, a map) and a JSON API described by `/api/openapi.json`
/// (`/api/events` with the filters of `dyad query events` and cursor
/// pagination, `/api/timeline`, `/api/actors`, `/api/dyads`,
/// `/api/places`, `/api/documents/{id}`, `/api/events/{key}/mentions`,
/// `/api/catalog/actors`, `/api/catalog/cameo`, `/api/stats`,
/// `/api/health`). Read-only unless an ingest token is given, which enables
/// `POST /api/documents` (JSON documents in, coded and stored, events out;
/// `Authorization: Bearer TOKEN`). Binds loopback by default; stops on
/// Ctrl-C.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  dyad serve                      # then open http://127.0.0.1:8080/\n  \
dyad serve --db postgres://dyad@localhost/news --addr 127.0.0.1:9000\n  \
curl 'http://127.0.0.1:8080/api/timeline?source=CHN&target=RUS&by=month'\n  \
DYAD_INGEST_TOKEN=$(openssl rand -hex 16) dyad serve\n  \
curl -H \"Authorization: Bearer $DYAD_INGEST_TOKEN\" -d @article.json http://127.0.0.1:8080/api/documents"
)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Largest page of events a client may ask for.
    #[arg(long, value_name = "N", default_value_t = 500)]
    max_page: usize,
    /// Accept documents at `POST /api/documents` from clients that send
    /// this token (`Authorization: Bearer TOKEN`); at least 8 characters.
    /// Prefer the environment variable: a command line is visible to other
    /// users of the machine.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "DYAD_INGEST_TOKEN",
        hide_env_values = true
    )]
    ingest_token: Option<String>,
    /// Write requests accepted per minute, from all clients together;
    /// more are answered 429 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 60)]
    ingest_rate: u32,
    /// Largest request body accepted by `POST /api/documents`, in MiB;
    /// larger is 413.
    #[arg(long, value_name = "MIB", default_value_t = 16)]
    max_body_mib: usize,
    #[command(flatten)]
    coder: CoderArgs,
}

/// `CHINA` → `China`; codebook names are upper case.
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The names the dashboard shows: every country, organisation and person
/// of the coder's dictionary (a person under their most recent code) and
/// every CAMEO code.
pub fn catalog(coder: &Coder) -> Catalog {
    let mut actors = Vec::new();
    for a in coder.actors().actors() {
        let kind = match a.kind {
            ActorKind::Country => "country",
            ActorKind::Organization => "organisation",
            ActorKind::Person => "person",
            ActorKind::Agent => continue,
        };
        if let Some(code) = a.code_on(None) {
            actors.push(CatalogActor {
                code,
                name: a.name.clone(),
                kind: kind.into(),
            });
        }
    }
    let codes = coder
        .cameo()
        .codes()
        .into_iter()
        .map(|c| CameoEntry {
            code: c.code.clone(),
            name: sentence_case(&c.name),
            root: c.root().to_string(),
            quad_class: c.quad_class,
            goldstein: c.goldstein,
            plover_type: Some(c.plover_type.clone()).filter(|p| !p.is_empty()),
        })
        .collect();
    Catalog::new(actors, codes)
}

/// `POST /api/documents` over the coder and a writable store.
struct CoderIngest {
    coder: Arc<Coder>,
    store: Mutex<Store>,
}

fn store_failure(e: StoreError) -> IngestError {
    IngestError::Failed {
        unavailable: e.is_unavailable(),
        message: e.to_string(),
    }
}

impl Ingest for CoderIngest {
    fn ingest(&self, body: &[u8]) -> Result<Value, IngestError> {
        // One JSON value (a document or an array of them) or JSON Lines.
        let name = if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
            "request body.json"
        } else {
            "request body.jsonl"
        };
        let reader = Reader::from_bytes(name, body.to_vec(), dyad_read::Options::default());
        let mut bundles = Vec::new();
        let mut events = Vec::new();
        let mut errors = Vec::new();
        for item in reader {
            match item {
                Item::Document(loaded) => {
                    let analysis = dyad_text::analyze(&loaded.doc.text);
                    let coded = self.coder.code(&loaded.doc, &analysis);
                    events.push(
                        coded
                            .events
                            .iter()
                            .filter_map(|e| serde_json::to_value(e).ok())
                            .collect::<Vec<Value>>(),
                    );
                    bundles.push(bundle(&loaded, &analysis, &coded));
                }
                Item::Warning(_) => {}
                Item::Error(e) => {
                    errors.push(json!({"line": e.origin().line, "message": e.to_string()}));
                }
            }
        }
        if bundles.is_empty() {
            let first = errors
                .first()
                .and_then(|e| e["message"].as_str().map(str::to_string))
                .unwrap_or_else(|| "no document in the body".into());
            return Err(IngestError::BadInput(if errors.len() > 1 {
                format!("{first} (and {} more errors)", errors.len() - 1)
            } else {
                first
            }));
        }
        let report = {
            let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
            store.write_batch(&bundles).map_err(store_failure)?
        };
        let documents: Vec<Value> = bundles
            .iter()
            .zip(events)
            .map(|(b, events)| {
                json!({
                    "doc_id": b.doc.id,
                    "stored": !report.skipped.contains(&b.doc.id),
                    "events": events,
                })
            })
            .collect();
        Ok(json!({"documents": documents, "errors": errors}))
    }
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let coder = Arc::new(args.coder.coder()?);
    let ingest = match args.ingest_token.as_deref().map(str::trim) {
        Some(token) if !token.is_empty() => {
            if token.len() < 8 {
                anyhow::bail!("--ingest-token must have at least 8 characters");
            }
            let store = args.db.open()?;
            let ingester = CoderIngest {
                coder: coder.clone(),
                store: Mutex::new(store),
            };
            let mut config = IngestConfig::new(token, Arc::new(ingester));
            config.per_minute = args.ingest_rate.max(1);
            config.max_body = args.max_body_mib.max(1) * 1024 * 1024;
            Some(config)
        }
        _ => None,
    };
    let writable = ingest.is_some();
    let config = dyad_server::ServerConfig {
        db: args.db.db.clone(),
        addr: args.addr,
        max_page: args.max_page,
        catalog: Arc::new(catalog(&coder)),
        ingest,
        ..dyad_server::ServerConfig::default()
    };
    eprintln!(
        "dyad serve: {} (Ctrl-C stops)",
        if writable {
            "POST /api/documents enabled"
        } else {
            "read-only"
        }
    );
    dyad_server::serve(config).with_context(|| format!("serving {}", args.db.db))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_countries_persons_and_code_names() {
        let coder = Coder::builtin_without_enricher().unwrap();
        let c = catalog(&coder);
        let first = c.search("china", 5);
        assert_eq!(
            (first[0].code.as_str(), first[0].name.as_str()),
            ("CHN", "China")
        );
        assert!(c.search("mishustin", 5).iter().any(|a| a.code == "RUSGOV"));
        assert_eq!(c.code_name("042"), Some("Make a visit"));
        assert!(c.cameo().len() > 250);
    }
}
