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
            ("actors", i()), ("quotes", i()), ("places", i()), ("themes", i()), ("errors", i()),
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
                "description": "Read-only JSON API over a dyad event store. Every error is \
                    {\"error\": message, \"field\": parameter-or-null}. Unknown query parameters \
                    are a 400; query strings over 4 KB a 414; request bodies over 64 KB a 413.",
                "license": { "name": "MIT OR Apache-2.0" },
            },
            "paths": paths(),
            "components": { "schemas": schemas() },
        })
    })
}

/// The OpenAPI 3.0 document served at `/api/openapi.json`.
pub fn openapi() -> Value {
    document().clone()
}
