//! The OpenAPI 3.0 document of the API, written by hand (with `json!`):
//! every path, parameter and response schema. The integration tests
//! validate every real response against it (types, required fields, no
//! undocumented fields), so it cannot drift from the handlers.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

fn t(ty: &str) -> Value {
    json!({ "type": ty })
}

fn null(ty: &str) -> Value {
    json!({ "type": ty, "nullable": true })
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An object schema whose fields are all required and the only ones.
fn object(fields: &[(&str, Value)]) -> Value {
    let mut props = Map::new();
    for (name, schema) in fields {
        props.insert((*name).to_string(), schema.clone());
    }
    json!({
        "type": "object",
        "properties": props,
        "required": fields.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "additionalProperties": false,
    })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn date_param(name: &str, description: &str) -> Value {
    query(
        name,
        description,
        json!({ "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" }),
    )
}

fn limit_param(default: u32, what: &str) -> Value {
    query(
        "limit",
        &format!(
            "{what}: 1 to the server's max_page (500 by default); more is a 400 naming `limit`."
        ),
        json!({ "type": "integer", "minimum": 1, "default": default }),
    )
}

fn response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

/// The responses of an operation: its 200 and the errors.
fn responses(ok: Value, extra: &[(&str, &str)]) -> Value {
    let mut m = Map::new();
    m.insert("200".into(), response("Success", ok));
    for (status, description) in extra {
        m.insert((*status).into(), response(description, r("Error")));
    }
    m.insert(
        "503".into(),
        response("The database is locked or unreachable", r("Error")),
    );
    m.insert("500".into(), response("The database failed", r("Error")));
    m.insert(
        "default".into(),
        response(
            "Any other error (404 unknown route, 405 method, 413 body, 414 query string)",
            r("Error"),
        ),
    );
    Value::Object(m)
}

fn get(summary: &str, params: Vec<Value>, ok: Value, extra: &[(&str, &str)]) -> Value {
    json!({ "get": { "summary": summary, "parameters": params, "responses": responses(ok, extra) } })
}

const BAD: (&str, &str) = ("400", "A bad or unknown parameter, named in `field`");

fn schemas() -> Value {
    let s = || t("string");
    let i = || t("integer");
    let sn = || null("string");
    let inn = || null("integer");
    let nn = || null("number");
    json!({
        "Error": object(&[
            ("error", s()),
            ("field", json!({ "type": "string", "nullable": true,
                "description": "The parameter at fault (`query` for the query string as a whole), or null" })),
        ]),
        "Health": object(&[
            ("status", json!({ "type": "string", "enum": ["ok"] })),
            ("schema_version", i()),
        ]),
        "Counts": object(&[
            ("documents", i()), ("sentences", i()), ("events", i()), ("mentions", i()),
            ("actors", i()), ("quotes", i()), ("places", i()), ("themes", i()), ("errors", i()), ("times", i()),
        ]),
        "Stats": object(&[
            ("counts", r("Counts")),
            ("first_event_date", sn()),
            ("last_event_date", sn()),
        ]),
        "Event": object(&[
            ("event_key", i()),
            ("event_key_str", json!({ "type": "string",
                "description": "event_key as a decimal string, for clients whose numbers are doubles" })),
            ("date", sn()), ("date_precision", sn()),
            ("source_code", s()), ("source_name", sn()), ("source_country", sn()), ("source_sector", sn()),
            ("target_code", sn()), ("target_name", sn()), ("target_country", sn()), ("target_sector", sn()),
            ("code", s()), ("base_code", s()), ("root", s()),
            ("quad_class", json!({ "type": "integer", "nullable": true, "enum": [1, 2, 3, 4, null] })),
            ("goldstein", nn()), ("plover_type", sn()), ("plover_mode", sn()),
            ("place_name", sn()), ("place_kind", sn()), ("place_country", sn()), ("place_adm1", sn()),
            ("place_lat", nn()), ("place_lon", nn()), ("place_geonames_id", inn()),
            ("num_mentions", i()), ("num_sources", i()), ("num_articles", i()),
            ("avg_tone", nn()), ("doc_id", sn()), ("sentence_id", inn()),
            ("doc_url", sn()), ("doc_title", sn()), ("doc_source", sn()),
            ("added_at", s()),
        ]),
        "EventPage": object(&[
            ("events", json!({ "type": "array", "items": r("Event") })),
            ("next_cursor", json!({ "type": "string", "nullable": true,
                "description": "Pass as `cursor` (with the same filters) for the next page; null on the last page" })),
        ]),
        "TimelineRow": object(&[
            ("period", s()), ("start", s()), ("events", i()), ("mentions", i()),
            ("goldstein_mean", nn()),
            ("verbal_cooperation", i()), ("material_cooperation", i()),
            ("verbal_conflict", i()), ("material_conflict", i()),
        ]),
        "Timeline": object(&[
            ("source", sn()), ("target", sn()),
            ("by", json!({ "type": "string", "enum": ["day", "week", "month"] })),
            ("both_directions", t("boolean")),
            ("rows", json!({ "type": "array", "items": r("TimelineRow") })),
        ]),
        "ActorRow": object(&[
            ("code", s()), ("events", i()), ("as_source", i()), ("as_target", i()),
            ("goldstein_mean", nn()),
        ]),
        "Actors": object(&[("actors", json!({ "type": "array", "items": r("ActorRow") }))]),
        "DyadRow": object(&[
            ("source", s()), ("target", s()), ("events", i()), ("mentions", i()),
            ("goldstein_mean", nn()),
        ]),
        "Dyads": object(&[("dyads", json!({ "type": "array", "items": r("DyadRow") }))]),
        "MentionRow": object(&[
            ("doc_id", s()), ("url", sn()), ("sentence_id", i()), ("sentence", sn()),
            ("coder_event_id", s()), ("source_text", sn()), ("source_start", inn()),
            ("target_text", sn()), ("target_start", inn()), ("verb_start", inn()),
            ("verb_end", inn()), ("pattern", sn()), ("confidence", nn()),
        ]),
        "Mentions": object(&[
            ("event_key", i()),
            ("mentions", json!({ "type": "array", "items": r("MentionRow") })),
        ]),
        "OpenApi": { "type": "object" },
        "PlaceRow": object(&[
            ("name", s()), ("kind", sn()), ("country", sn()), ("lat", t("number")), ("lon", t("number")),
            ("events", i()), ("mentions", i()),
        ]),
        "Places": object(&[("places", json!({ "type": "array", "items": r("PlaceRow") }))]),
        "Span": object(&[("start", i()), ("end", i())]),
        "Place": object(&[
            ("name", s()), ("kind", s()), ("country", sn()), ("adm1", sn()),
            ("lat", t("number")), ("lon", t("number")), ("geonames_id", inn()),
            ("start", inn()), ("end", inn()),
        ]),
        "DocumentPlace": object(&[
            ("name", s()), ("kind", s()), ("country", sn()), ("adm1", sn()),
            ("lat", t("number")), ("lon", t("number")), ("geonames_id", inn()),
            ("start", inn()), ("end", inn()), ("sentence_id", inn()),
        ]),
        "EventActorSpan": object(&[("code", s()), ("text", sn()), ("start", inn()), ("end", inn())]),
        "DocumentEvent": object(&[
            ("coder_event_id", s()), ("event_key", i()), ("event_key_str", s()),
            ("sentence_id", i()), ("code", s()),
            ("code_name", json!({ "type": "string", "nullable": true,
                "description": "The CAMEO name of `code`" })),
            ("root", s()),
            ("quad_class", json!({ "type": "integer", "nullable": true, "enum": [1, 2, 3, 4, null] })),
            ("goldstein", nn()), ("plover_type", sn()), ("plover_mode", sn()),
            ("source", r("EventActorSpan")),
            ("target", json!({ "allOf": [r("EventActorSpan")], "nullable": true })),
            ("verb", json!({ "allOf": [r("Span")], "nullable": true })),
            ("pattern", json!({ "type": "string", "nullable": true,
                "description": "The verb-dictionary pattern that fired (`file:line`)" })),
            ("date", sn()), ("date_precision", sn()),
            ("date_span", json!({ "allOf": [r("Span")], "nullable": true,
                "description": "The time expression the date came from; null: the publication date" })),
            ("place", json!({ "allOf": [r("Place")], "nullable": true })),
            ("quote_ids", json!({ "type": "array", "items": t("integer") })),
            ("confidence", nn()), ("reporter_code", sn()), ("reporter_text", sn()),
        ]),
        "Document": object(&[
            ("document", object(&[
                ("doc_id", s()), ("url", sn()), ("source", sn()), ("title", sn()),
                ("published", sn()), ("text", s()), ("tone", nn()), ("ingested_at", s()),
            ])),
            ("sentences", json!({ "type": "array", "items": object(&[
                ("sentence_id", i()), ("start", i()), ("end", i())]) })),
            ("actors", json!({ "type": "array", "items": object(&[
                ("sentence_id", i()), ("code", s()), ("text", s()), ("start", i()), ("end", i()),
                ("kind", s())]) })),
            ("events", json!({ "type": "array", "items": r("DocumentEvent") })),
            ("quotes", json!({ "type": "array", "items": object(&[
                ("quote_id", i()), ("text", s()), ("start", i()), ("end", i()),
                ("speaker_text", sn()), ("speaker_code", sn()),
                ("kind", json!({ "type": "string", "enum": ["quote", "term"] }))]) })),
            ("places", json!({ "type": "array", "items": r("DocumentPlace") })),
            ("times", json!({ "type": "array", "items": object(&[
                ("sentence_id", inn()), ("text", s()), ("start", i()), ("end", i()),
                ("value", sn()), ("precision", sn())]) })),
            ("themes", json!({ "type": "array", "items": object(&[("theme", s()), ("count", i())]) })),
        ]),
        "CatalogActors": object(&[("actors", json!({ "type": "array", "items": object(&[
            ("code", s()), ("name", s()),
            ("kind", json!({ "type": "string", "enum": ["country", "organisation", "person"] }))]) }))]),
        "Cameo": object(&[("codes", json!({ "type": "array", "items": object(&[
            ("code", s()), ("name", s()), ("root", s()),
            ("quad_class", json!({ "type": "integer", "enum": [1, 2, 3, 4] })),
            ("goldstein", t("number")), ("plover_type", sn())]) }))]),
        "IngestInput": {
            "description": "One document, an array of documents, or JSON Lines (one document per line)",
            "oneOf": [r("InputDocument"), { "type": "array", "items": r("InputDocument") }],
        },
        "InputDocument": {
            "type": "object",
            "required": ["text"],
            "properties": {
                "id": { "type": "string", "description": "Document id; default: a hash of the text" },
                "text": s(), "title": s(), "url": s(), "source": s(),
                "published": { "type": "string", "description": "Publication date (RFC 3339 or YYYY-MM-DD)" },
            },
        },
        "Ingested": object(&[
            ("documents", json!({ "type": "array", "items": object(&[
                ("doc_id", s()),
                ("stored", json!({ "type": "boolean",
                    "description": "false: a document with this id was stored before and was left as it was" })),
                ("events", json!({ "type": "array", "items": { "type": "object",
                    "description": "An event as `dyad code` prints it" } })),
            ]) })),
            ("errors", json!({ "type": "array", "items": object(&[
                ("line", inn()), ("message", s())]) })),
        ]),
    })
}

fn paths() -> Value {
    let period = || {
        vec![
            date_param("from", "First date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY"),
            date_param(
                "to",
                "Last date, inclusive (a month or year means its last day)",
            ),
        ]
    };
    let prefix = "actor code prefix (`USA` matches `USAGOV`)";
    let mut event_params = period();
    event_params.extend([
        query("source", &format!("Source {prefix}"), t("string")),
        query("target", &format!("Target {prefix}"), t("string")),
        query("actor", &format!("Either side's {prefix}"), t("string")),
        query(
            "source_country",
            "Source actor's country, exactly (`RUS`)",
            t("string"),
        ),
        query(
            "target_country",
            "Target actor's country, exactly",
            t("string"),
        ),
        query("code", "CAMEO code prefix (`04`, `042`)", t("string")),
        query("root", "CAMEO root, exactly (`04`)", t("string")),
        json!({ "name": "quad_class", "in": "query", "required": false,
            "description": "QuadClasses to keep, 1 to 4: repeat the parameter or give a comma list",
            "style": "form", "explode": true,
            "schema": { "type": "array", "items": { "type": "integer", "enum": [1, 2, 3, 4] } } }),
        query(
            "plover",
            "PLOVER event type, exactly (`CONSULT`)",
            t("string"),
        ),
        query(
            "place",
            "Place name, exactly, ASCII case-insensitive",
            t("string"),
        ),
        query("place_country", "Place country (ISO-3)", t("string")),
        query(
            "text",
            "Text a reporting sentence contains (ASCII case-insensitive; a scan)",
            t("string"),
        ),
        query(
            "both_directions",
            "Events either way: source to target or target to source (with only one of them, that actor on either side)",
            json!({ "type": "boolean", "default": false }),
        ),
    ]);
    let mut place_params = event_params.clone();
    place_params.push(json!({ "name": "limit", "in": "query", "required": false,
        "description": "Places: 1 to 2000; more is a 400 naming `limit`.",
        "schema": { "type": "integer", "minimum": 1, "maximum": 2000, "default": 500 } }));
    event_params.extend([
        limit_param(50, "Events per page"),
        query(
            "cursor",
            "The `next_cursor` of the previous page (opaque)",
            t("string"),
        ),
    ]);
    let mut timeline_params = vec![
        query(
            "source",
            &format!("Source {prefix}; absent matches any actor"),
            t("string"),
        ),
        query(
            "target",
            &format!("Target {prefix}; absent matches any actor"),
            t("string"),
        ),
        query(
            "by",
            "Period width",
            json!({ "type": "string", "enum": ["day", "week", "month"], "default": "month" }),
        ),
        query(
            "one_way",
            "Count only source→target (default: both directions)",
            json!({ "type": "boolean", "default": false }),
        ),
    ];
    timeline_params.extend(period());
    let mut ranking = period();
    ranking.push(limit_param(20, "Rows"));
    json!({
        "/api/health": get("Liveness and the store's schema version", vec![], r("Health"), &[BAD]),
        "/api/stats": get("Row counts and the first and last event dates", vec![], r("Stats"), &[BAD]),
        "/api/events": get(
            "Merged events matching the filters, by date then key, a page at a time",
            event_params, r("EventPage"), &[BAD]),
        "/api/events/{event_key}/mentions": {
            "get": {
                "summary": "Every report of one event, with its sentence",
                "parameters": [{ "name": "event_key", "in": "path", "required": true,
                    "description": "The event's `event_key` (or `event_key_str`)",
                    "schema": { "type": "integer", "format": "int64" } }],
                "responses": responses(r("Mentions"), &[BAD, ("404", "No event with this key")]),
            }
        },
        "/api/timeline": get(
            "Events per day, ISO week or month between two actors: counts per QuadClass, reports, mean Goldstein",
            timeline_params, r("Timeline"), &[BAD]),
        "/api/actors": get("The actors with the most events", ranking.clone(), r("Actors"), &[BAD]),
        "/api/dyads": get("The source–target pairs with the most events", ranking, r("Dyads"), &[BAD]),
        "/api/openapi.json": get("This document", vec![], r("OpenApi"), &[BAD]),
        "/api/places": get(
            "Where the events matching the filters happened: places with coordinates, most events first",
            place_params, r("Places"), &[BAD]),
        "/api/documents/{doc_id}": {
            "get": {
                "summary": "A stored document with the byte spans of its sentences, actors, event reports (actors, verb, date, place, pattern), quotes, places and time expressions",
                "parameters": [{ "name": "doc_id", "in": "path", "required": true,
                    "description": "The document id (percent-encoded)", "schema": t("string") }],
                "responses": responses(r("Document"), &[BAD, ("404", "No document with this id")]),
            }
        },
        "/api/documents": {
            "post": {
                "summary": "Code and store documents; returns their events. Only when the server was started with an ingest token",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": {
                    "application/json": { "schema": r("IngestInput") },
                    "application/x-ndjson": { "schema": r("IngestInput") } } },
                "responses": responses(r("Ingested"), &[
                    ("400", "Not JSON, or no document could be read (the message names the line and field)"),
                    ("401", "No token, or a wrong one"),
                    ("403", "The server is read-only (no ingest token)"),
                    ("413", "The body is larger than the server's limit"),
                    ("429", "Too many write requests; see Retry-After"),
                ]),
            }
        },
        "/api/catalog/actors": get(
            "Actor names and codes from the coder's dictionaries matching `q` (code prefix or name), for search boxes",
            vec![
                query("q", "Code prefix or part of a name, case-insensitive (at most 100 characters)", t("string")),
                json!({ "name": "limit", "in": "query", "required": false,
                    "description": "Rows: 1 to 50; more is a 400 naming `limit`.",
                    "schema": { "type": "integer", "minimum": 1, "maximum": 50, "default": 10 } }),
            ],
            r("CatalogActors"), &[BAD]),
        "/api/catalog/cameo": get(
            "Every CAMEO event code with its name, root, QuadClass, Goldstein value and PLOVER type",
            vec![], r("Cameo"), &[BAD]),
    })
}

pub(crate) fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        json!({
            "openapi": "3.0.3",
            "info": {
                "title": "dyad event API",
                "version": env!("CARGO_PKG_VERSION"),
                "description": "JSON API over a dyad event store: reads, and (with an ingest \
                    token) POST /api/documents. Every error is \
                    {\"error\": message, \"field\": parameter-or-null}. Unknown query parameters \
                    are a 400; query strings over 4 KB a 414; request bodies over 64 KB a 413 \
                    (POST /api/documents: over the server's limit, 16 MiB by default).",
                "license": { "name": "MIT OR Apache-2.0" },
            },
            "paths": paths(),
            "components": {
                "schemas": schemas(),
                "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            },
        })
    })
}

/// The OpenAPI 3.0 document served at `/api/openapi.json`.
pub fn openapi() -> Value {
    document().clone()
}
