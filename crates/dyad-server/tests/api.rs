//! The API end to end: a store filled with realistic documents, the server
//! on an ephemeral port, real HTTP requests from a small client on
//! `TcpStream`, and every response checked against the store's own answers
//! and validated against the served OpenAPI document. Runs on SQLite, and
//! on PostgreSQL when `DYAD_PG_URL` is set (skipped with a reason otherwise).

use std::collections::{BTreeSet, HashSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use dyad_server::{
    CameoEntry, Catalog, CatalogActor, Ingest, IngestConfig, IngestError, Server, ServerConfig,
};
use dyad_store::{
    ActorRecord, Bucket, DocRecord, DocumentBundle, EventFilter, EventRecord, Period, PlaceRecord,
    SentenceRecord, Store,
};
use serde_json::{json, Value};

// ---------------------------------------------------------------- client

use dyad_testkit::http::Response as Resp;

fn json_of(r: &Resp) -> Value {
    serde_json::from_slice(&r.body)
        .unwrap_or_else(|e| panic!("status {}: body is not JSON ({e}): {}", r.status, r.text()))
}

/// One HTTP/1.1 request with `Connection: close`; reads to the end.
fn request(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> Resp {
    request_with(addr, method, target, &[], body)
}

fn request_with(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[&str],
    body: &[u8],
) -> Resp {
    dyad_testkit::http::request(&addr.to_string(), method, target, headers, body)
}

// ---------------------------------------------------------------- server

struct TestServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The HTTP side of `POST /api/documents` over a real store: each body
/// line `id|source|target|code` becomes a stored document with one event.
/// (The coder behind `dyad serve` is tested end to end in dyad-cli.)
struct LineIngest {
    store: std::sync::Mutex<Store>,
}

impl Ingest for LineIngest {
    fn ingest(&self, body: &[u8]) -> Result<Value, IngestError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| IngestError::BadInput("line 1: not UTF-8".into()))?;
        let mut bundles = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let f: Vec<&str> = line.split('|').collect();
            let [id, s, t, code] = f.as_slice() else {
                return Err(IngestError::BadInput(format!(
                    "line {}: expected id|source|target|code",
                    n + 1
                )));
            };
            let text = format!("{s} met {t}.");
            bundles.push(DocumentBundle {
                doc: DocRecord {
                    id: id.to_string(),
                    published: Some("2025-07-01".into()),
                    hash: format!("h-{id}"),
                    text: text.clone(),
                    ..Default::default()
                },
                events: vec![EventRecord {
                    event_id: format!("{id}-0"),
                    sentence_id: 1,
                    source: actor(s, s, 0),
                    target: Some(actor(t, t, (s.len() + 5) as u32)),
                    code: code.to_string(),
                    root: code[..2].to_string(),
                    quad_class: 1,
                    goldstein: 1.0,
                    verb_start: s.len() as u32 + 1,
                    verb_end: s.len() as u32 + 4,
                    pattern: "test".into(),
                    ..Default::default()
                }],
                ..Default::default()
            });
        }
        let report = self
            .store
            .lock()
            .unwrap()
            .write_batch(&bundles)
            .map_err(|e| IngestError::Failed {
                message: e.to_string(),
                unavailable: false,
            })?;
        let docs: Vec<Value> = bundles
            .iter()
            .map(|b| {
                json!({"doc_id": b.doc.id, "stored": !report.skipped.contains(&b.doc.id),
                    "events": [{"code": b.events[0].code}]})
            })
            .collect();
        Ok(json!({"documents": docs, "errors": []}))
    }
}

const TOKEN: &str = "a-test-token-0123";

fn catalog() -> Catalog {
    let actor = |code: &str, name: &str, kind: &str| CatalogActor {
        code: code.into(),
        name: name.into(),
        kind: kind.into(),
    };
    let code = |code: &str, name: &str, quad: u8, g: f32, plover: Option<&str>| CameoEntry {
        code: code.into(),
        name: name.into(),
        root: code[..2].into(),
        quad_class: quad,
        goldstein: g,
        plover_type: plover.map(str::to_string),
    };
    Catalog::new(
        vec![
            actor("CHN", "China", "country"),
            actor("RUS", "Russia", "country"),
            actor("RUSGOV", "Vladimir Putin", "person"),
            actor("IGOUNO", "United Nations", "organisation"),
        ],
        vec![
            code("04", "Consult", 1, 1.0, Some("CONSULT")),
            code(
                "040",
                "Consult, not specified below",
                1,
                1.0,
                Some("CONSULT"),
            ),
            code("01", "Make public statement", 1, 0.0, None),
        ],
    )
}

fn start(db: &str, max_page: usize) -> TestServer {
    let ingester = LineIngest {
        store: std::sync::Mutex::new(Store::open(db).unwrap()),
    };
    let mut ingest = IngestConfig::new(TOKEN, std::sync::Arc::new(ingester));
    ingest.per_minute = 10;
    ingest.max_body = 256 * 1024;
    let config = ServerConfig {
        db: db.to_string(),
        addr: "127.0.0.1:0".parse().unwrap(),
        max_page,
        connections: 2,
        catalog: std::sync::Arc::new(catalog()),
        ingest: Some(ingest),
    };
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let server = Server::bind(config).await.unwrap();
            addr_tx.send(server.local_addr().unwrap()).unwrap();
            server
                .run(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
    });
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("server started");
    TestServer {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---------------------------------------------------------------- data

fn actor(code: &str, text: &str, start: u32) -> ActorRecord {
    ActorRecord {
        code: code.into(),
        text: text.into(),
        country: code.get(..3).map(str::to_string),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(str::to_string),
        start,
        end: start + text.len() as u32,
    }
}

fn place(name: &str, country: &str, lat: f64, lon: f64, id: u32) -> PlaceRecord {
    PlaceRecord {
        name: name.into(),
        kind: "city".into(),
        country: Some(country.into()),
        adm1: None,
        lat,
        lon,
        geonames_id: Some(id),
        start: None,
        end: None,
    }
}

const CODES: [(&str, u8, f32, &str); 8] = [
    ("040", 1, 1.0, "CONSULT"),
    ("042", 1, 1.9, "CONSULT"),
    ("036", 1, 4.0, "CONSULT"),
    ("057", 1, 8.0, "AGREE"),
    ("070", 2, 7.0, "AID"),
    ("112", 3, -2.0, "ACCUSE"),
    ("163", 4, -8.0, "SANCTION"),
    ("190", 4, -10.0, "ASSAULT"),
];

const PAIRS: [(&str, Option<&str>); 7] = [
    ("USAGOV", Some("CHNGOV")),
    ("CHNGOV", Some("USAGOV")),
    ("RUSGOV", Some("UKRGOV")),
    ("RUSMIL", Some("UKR")),
    ("CHN", Some("RUSGOV")),
    ("USA", Some("RUS")),
    ("UKROPP", None),
];

/// 40 documents from four outlets over 2024–2025; many events per day, some
/// reported by several documents (merged), some dated by month only, and
/// two documents without a publication date (undated events, which the
/// databases order differently).
fn bundles() -> Vec<DocumentBundle> {
    let mut out = Vec::new();
    for i in 0..40u32 {
        let id = format!("doc-{i:03}");
        let published = match i {
            38 | 39 => None,
            _ => Some(format!("2025-{:02}-{:02}", 1 + i % 6, 1 + (i * 7) % 27)),
        };
        let sentences: Vec<String> = (0..4)
            .map(|k| {
                let (s, t) = PAIRS[((i + k) % 7) as usize];
                format!(
                    "Officials of {s} met counterparts of {} in talks on Tuesday, report {i}.{k}.",
                    t.unwrap_or("nobody")
                )
            })
            .collect();
        let text = sentences.join(" ");
        let mut offset = 0u32;
        let sentence_records: Vec<SentenceRecord> = sentences
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let r = SentenceRecord {
                    sentence_id: k as u32 + 1,
                    start: offset,
                    end: offset + s.len() as u32,
                    text: s.clone(),
                };
                offset += s.len() as u32 + 1;
                r
            })
            .collect();
        let events = (0..4u32)
            .map(|k| {
                // Documents 0–9 repeat the same event (merged by date,
                // actors, code and place) in their first sentence.
                let (s, t) = if k == 0 && i < 10 {
                    PAIRS[0]
                } else {
                    PAIRS[((i + k) % 7) as usize]
                };
                let (code, quad, goldstein, plover) = if k == 0 && i < 10 {
                    CODES[0]
                } else {
                    CODES[((i * 3 + k) % 8) as usize]
                };
                let date = match (i, k) {
                    (_, 0) if i < 10 => Some("2025-03-04".to_string()),
                    (_, 3) if i % 5 == 0 => Some("2024-11".to_string()),
                    (_, 2) => Some(format!("2024-{:02}-{:02}", 1 + k + i % 9, 1 + i % 27)),
                    _ => None,
                };
                let place = match (i + k) % 3 {
                    _ if k == 0 && i < 10 => Some(place("Kyiv", "UKR", 50.45, 30.52, 703448)),
                    0 => Some(place("Kyiv", "UKR", 50.45, 30.52, 703448)),
                    1 => Some(place("Beijing", "CHN", 39.9, 116.4, 1816670)),
                    _ => None,
                };
                let sentence = &sentence_records[k as usize];
                EventRecord {
                    event_id: format!("{id}-e{k}"),
                    sentence_id: k + 1,
                    source: actor(s, &s[..3], sentence.start + 13),
                    target: t.map(|t| actor(t, &t[..3], sentence.start + 40)),
                    code: code.into(),
                    root: code[..2].into(),
                    quad_class: quad,
                    goldstein,
                    plover_type: Some(plover.into()),
                    plover_mode: None,
                    date,
                    date_precision: None,
                    date_span: None,
                    place,
                    verb_start: sentence.start + 20,
                    verb_end: sentence.start + 23,
                    pattern: "04-consult.txt:13".into(),
                    reporter: None,
                    quote_ids: Vec::new(),
                    confidence: 0.8,
                }
            })
            .collect();
        out.push(DocumentBundle {
            doc: DocRecord {
                id: id.clone(),
                url: Some(format!("https://news.example/{id}")),
                source: Some(["Reuters", "AP", "AFP", "Xinhua"][(i % 4) as usize].into()),
                title: Some(format!("Talks, report {i}")),
                published,
                text,
                hash: format!("hash-{id}"),
            },
            sentences: sentence_records,
            events,
            tone: Some(-1.5 + f64::from(i % 5)),
            ..DocumentBundle::default()
        });
    }
    out
}

// ---------------------------------------------------------------- OpenAPI validation

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/components/schemas/").expect("local $ref");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Validates `v` against `schema` (type, nullable, enum, properties,
/// required, additionalProperties: false, items, allOf, $ref).
fn validate(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if v.is_null() {
        return if schema["nullable"] == json!(true) {
            Ok(())
        } else {
            Err(format!("{at}: null where the schema does not allow it"))
        };
    }
    for sub in schema["allOf"].as_array().into_iter().flatten() {
        validate(doc, sub, v, at)?;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(v) {
            return Err(format!("{at}: {v} is not one of {allowed:?}"));
        }
    }
    let ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some("array") => v.is_array(),
        Some("object") => v.is_object(),
        Some(other) => return Err(format!("{at}: the validator does not know type {other}")),
    };
    if !ok {
        return Err(format!("{at}: {v} is not of type {}", schema["type"]));
    }
    if let (Some(obj), Some(props)) = (v.as_object(), schema.get("properties")) {
        let props = props.as_object().unwrap();
        for r in schema["required"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                return Err(format!("{at}: required field {r} missing"));
            }
        }
        for (k, val) in obj {
            match props.get(k) {
                Some(s) => validate(doc, s, val, &format!("{at}.{k}"))?,
                None if schema["additionalProperties"] == json!(false) => {
                    return Err(format!("{at}: field {k} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(schema)) = (v.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(doc, schema, item, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// The documented path template of a request target.
fn template(target: &str) -> String {
    let path = target.split('?').next().unwrap();
    let parts: Vec<&str> = path.split('/').collect();
    if parts.len() == 5 && parts[1] == "api" && parts[2] == "events" && parts[4] == "mentions" {
        return "/api/events/{event_key}/mentions".into();
    }
    if parts.len() == 4 && parts[1] == "api" && parts[2] == "documents" {
        return "/api/documents/{doc_id}".into();
    }
    path.to_string()
}

struct Api<'a> {
    addr: SocketAddr,
    doc: &'a Value,
    /// Paths answered with 200, to check that every one was exercised.
    seen: std::cell::RefCell<BTreeSet<String>>,
}

impl Api<'_> {
    /// GET `target`, expect `status`, check the security headers and the
    /// body against the OpenAPI document; returns the body.
    fn get(&self, target: &str, status: u16) -> Value {
        self.call("GET", target, &[], status)
    }

    fn call(&self, method: &str, target: &str, body: &[u8], status: u16) -> Value {
        self.call_with(method, target, &[], body, status)
    }

    /// POST `body` to the write endpoint with `token` (none: no header).
    fn post(&self, token: Option<&str>, body: &[u8], status: u16) -> Value {
        let auth = token.map(|t| format!("Authorization: Bearer {t}"));
        let headers: Vec<&str> = auth.iter().map(String::as_str).collect();
        self.call_with("POST", "/api/documents", &headers, body, status)
    }

    fn call_with(
        &self,
        method: &str,
        target: &str,
        headers: &[&str],
        body: &[u8],
        status: u16,
    ) -> Value {
        let r = request_with(self.addr, method, target, headers, body);
        let v = json_of(&r);
        assert_eq!(r.status, status, "{method} {target}: {v}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{target}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{target}");
        assert!(
            r.header("content-security-policy")
                .is_some_and(|c| c.contains("default-src 'self'")),
            "{target}"
        );
        assert!(r
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json")));
        let path = template(target);
        let op = if method == "POST" { "post" } else { "get" };
        let responses = &self.doc["paths"][&path][op]["responses"];
        let schema = if responses.is_object() {
            let s = &responses[status.to_string()];
            let s = if s.is_object() {
                s
            } else {
                &responses["default"]
            };
            &s["content"]["application/json"]["schema"]
        } else {
            assert!(
                status >= 400,
                "{target} answered {status} but is not documented"
            );
            &json!({"$ref": "#/components/schemas/Error"})
        };
        let schema = schema.clone();
        validate(self.doc, &schema, &v, &format!("{method} {target}"))
            .unwrap_or_else(|e| panic!("response does not match the OpenAPI document: {e}"));
        if status == 200 {
            self.seen.borrow_mut().insert(path);
        }
        v
    }

    fn error(&self, target: &str, status: u16, field: Option<&str>) {
        let v = self.get(target, status);
        assert_eq!(v["field"].as_str(), field, "{target}: {v}");
        assert!(!v["error"].as_str().unwrap().is_empty());
    }
}

/// JSON equality, floats to 12 significant digits (serde_json's default
/// float parsing is not exact in the last bit).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn assert_same(got: &Value, want: impl serde::Serialize) {
    let want = serde_json::to_value(want).unwrap();
    assert!(same(got, &want), "got {got}\nwant {want}");
}

// ---------------------------------------------------------------- the suite

fn keys(v: &Value) -> Vec<i64> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_key"].as_i64().unwrap())
        .collect()
}

/// Every page of `query` with `limit`; the keys in order.
fn all_pages(api: &Api<'_>, query: &str, limit: usize) -> Vec<i64> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let sep = if query.is_empty() { "" } else { "&" };
        let target = match &cursor {
            Some(c) => format!("/api/events?{query}{sep}limit={limit}&cursor={c}"),
            None => format!("/api/events?{query}{sep}limit={limit}"),
        };
        let page = api.get(&target, 200);
        let k = keys(&page);
        assert!(k.len() <= limit);
        out.extend(k);
        match page["next_cursor"].as_str() {
            Some(c) => {
                assert!(page["events"].as_array().unwrap().len() == limit);
                cursor = Some(c.to_string());
            }
            None => return out,
        }
    }
    panic!("pagination did not end");
}

fn store_keys(store: &mut Store, f: &EventFilter) -> Vec<i64> {
    store
        .events(f)
        .unwrap()
        .iter()
        .map(|e| e.event_key)
        .collect()
}

fn suite(db: &str) {
    {
        let mut store = Store::open(db).unwrap();
        let all = bundles();
        store.write_batch(&all[..20]).unwrap();
        store.write_batch(&all[20..]).unwrap();
    }
    let server = start(db, 100);
    let addr = server.addr;
    let doc: Value = json_of(&request(addr, "GET", "/api/openapi.json", b""));
    assert_eq!(doc["openapi"], "3.0.3");
    let api = Api {
        addr,
        doc: &doc,
        seen: Default::default(),
    };
    let mut store = Store::open(db).unwrap();

    // health and stats
    let h = api.get("/api/health", 200);
    assert_eq!(h["status"], "ok");
    assert_eq!(h["schema_version"], store.schema_version().unwrap());
    let s = api.get("/api/stats", 200);
    assert_same(&s["counts"], store.counts().unwrap());
    assert_eq!(s["counts"]["documents"], 40);
    let mut dated: Vec<(String, String)> = store
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .filter_map(|e| e.date)
        .map(|d| (format!("{d}-01-01")[..10].to_string(), d))
        .collect();
    dated.sort();
    assert_eq!(s["first_event_date"].as_str(), Some(dated[0].1.as_str()));
    assert_eq!(
        s["last_event_date"].as_str(),
        Some(dated[dated.len() - 1].1.as_str())
    );
    api.get("/api/openapi.json", 200);

    // events: the first page equals the store's answer
    let everything = store_keys(&mut store, &EventFilter::default());
    assert!(everything.len() > 100, "{}", everything.len());
    let first = api.get("/api/events", 200);
    assert_eq!(keys(&first), everything[..50]);
    let e0 = &first["events"][0];
    assert_eq!(
        e0["event_key_str"],
        e0["event_key"].as_i64().unwrap().to_string()
    );
    // every event exactly once, in the store's order, whatever the page size
    for limit in [1, 7, 50, 100] {
        let got = all_pages(&api, "", limit);
        assert_eq!(got, everything, "limit {limit}");
    }
    let mut seen = HashSet::new();
    assert!(everything.iter().all(|k| seen.insert(*k)));

    // filters, each against the store's own answer, paged
    let cases: Vec<(&str, EventFilter)> = vec![
        (
            "source=USA",
            EventFilter {
                source: Some("USA".into()),
                ..Default::default()
            },
        ),
        (
            "actor=RUS&from=2025-01&to=2025-03-31",
            EventFilter {
                actor: Some("RUS".into()),
                from: Some("2025-01".into()),
                to: Some("2025-03-31".into()),
                ..Default::default()
            },
        ),
        (
            "quad_class=4&quad_class=1",
            EventFilter {
                quad_class: vec![1, 4],
                ..Default::default()
            },
        ),
        (
            "quad_class=2,3",
            EventFilter {
                quad_class: vec![2, 3],
                ..Default::default()
            },
        ),
        (
            "code=04&target_country=USA",
            EventFilter {
                code: Some("04".into()),
                target_country: Some("USA".into()),
                ..Default::default()
            },
        ),
        (
            "root=19&source_country=RUS",
            EventFilter {
                root: Some("19".into()),
                source_country: Some("RUS".into()),
                ..Default::default()
            },
        ),
        (
            "plover=SANCTION&target=UKR",
            EventFilter {
                plover_type: Some("SANCTION".into()),
                target: Some("UKR".into()),
                ..Default::default()
            },
        ),
        (
            "place=kyiv&place_country=UKR",
            EventFilter {
                place: Some("kyiv".into()),
                place_country: Some("UKR".into()),
                ..Default::default()
            },
        ),
        (
            "source=CHN&target=USA&both_directions=true",
            EventFilter {
                source: Some("CHN".into()),
                target: Some("USA".into()),
                both_directions: true,
                ..Default::default()
            },
        ),
        (
            "text=report+1",
            EventFilter {
                text: Some("report 1".into()),
                ..Default::default()
            },
        ),
        (
            "from=2024&to=2024",
            EventFilter {
                from: Some("2024".into()),
                to: Some("2024".into()),
                ..Default::default()
            },
        ),
    ];
    for (query, filter) in &cases {
        let want = store_keys(&mut store, filter);
        assert!(!want.is_empty(), "{query} selects nothing");
        assert_eq!(all_pages(&api, query, 3), want, "{query}");
    }
    // a month-dated event is on the first day of its month
    let nov = api.get("/api/events?from=2024-11-01&to=2024-11-01&limit=100", 200);
    assert!(nov["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["date"] == "2024-11"));

    // SQL-looking strings are values, not SQL
    for q in [
        "source=%27%20OR%201%3D1%20--",
        "text=%27%3B%20DROP%20TABLE%20events%3B%20--",
        "place=x%27%20OR%20%27a%27%3D%27a",
        "code=%25",
        "root=04%27--",
        "plover=%22%29%20OR%20TRUE",
    ] {
        let v = api.get(&format!("/api/events?{q}"), 200);
        assert_eq!(v["events"], json!([]), "{q}");
        assert_eq!(v["next_cursor"], Value::Null);
    }
    api.get("/api/timeline?source=%27%20OR%201%3D1%20--", 200);
    assert_eq!(store.counts().unwrap().events as usize, everything.len());

    // mentions
    let merged = api.get(
        "/api/events?source=USAGOV&target=CHNGOV&from=2025-03-04&to=2025-03-04",
        200,
    );
    let ev = merged["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["num_mentions"].as_u64().unwrap() >= 10)
        .expect("the merged event")
        .clone();
    let key = ev["event_key"].as_i64().unwrap();
    let m = api.get(&format!("/api/events/{key}/mentions"), 200);
    assert_eq!(m["event_key"], key);
    assert_same(&m["mentions"], store.mentions_of(key).unwrap());
    assert_eq!(m["mentions"].as_array().unwrap().len(), 10);
    api.error(
        &format!("/api/events/{}/mentions", key.wrapping_add(1)),
        404,
        None,
    );
    api.error("/api/events/abc/mentions", 400, Some("event_key"));
    api.error(
        "/api/events/1%27%20OR%201=1/mentions",
        400,
        Some("event_key"),
    );

    // timeline, actors, dyads: the store's rows
    let t = api.get("/api/timeline?source=CHN&target=RUS&by=month", 200);
    assert_eq!(t["both_directions"], true);
    assert_eq!(t["by"], "month");
    assert_eq!(t["source"], "CHN");
    let want = store
        .timeline("CHN", "RUS", Bucket::Month, true, &Period::all())
        .unwrap();
    assert!(!want.is_empty());
    assert_same(&t["rows"], &want);
    let t = api.get(
        "/api/timeline?source=USA&target=CHN&by=week&one_way=true&from=2025-01&to=2025-06",
        200,
    );
    let period = Period {
        from: Some("2025-01".into()),
        to: Some("2025-06".into()),
    };
    let want = store
        .timeline("USA", "CHN", Bucket::Week, false, &period)
        .unwrap();
    assert_same(&t["rows"], &want);
    assert_eq!(t["both_directions"], false);
    let t = api.get("/api/timeline?by=day", 200);
    assert_eq!(t["source"], Value::Null);
    assert!(!t["rows"].as_array().unwrap().is_empty());
    let a = api.get("/api/actors?limit=5", 200);
    assert_same(&a["actors"], store.actors(&Period::all(), 5).unwrap());
    let a = api.get("/api/actors?from=2025", 200);
    let period = Period {
        from: Some("2025".into()),
        to: None,
    };
    assert_same(&a["actors"], store.actors(&period, 20).unwrap());
    let d = api.get("/api/dyads?from=2024-01-01&to=2025-12-31&limit=3", 200);
    let period = Period {
        from: Some("2024-01-01".into()),
        to: Some("2025-12-31".into()),
    };
    assert_same(&d["dyads"], store.dyads(&period, 3).unwrap());
    assert_eq!(d["dyads"].as_array().unwrap().len(), 3);

    // places: the store's answer, with the event filters
    for (query, filter, limit) in [
        ("", EventFilter::default(), 500),
        (
            "source=RUS&limit=2",
            EventFilter {
                source: Some("RUS".into()),
                ..Default::default()
            },
            2,
        ),
        (
            "source=USA&target=CHN&both_directions=1&quad_class=1",
            EventFilter {
                source: Some("USA".into()),
                target: Some("CHN".into()),
                both_directions: true,
                quad_class: vec![1],
                ..Default::default()
            },
            500,
        ),
    ] {
        let got = api.get(&format!("/api/places?{query}"), 200);
        let want = store.places(&filter, limit).unwrap();
        assert!(!want.is_empty(), "{query}");
        assert_same(&got["places"], want);
    }
    api.error("/api/places?limit=2001", 400, Some("limit"));
    api.error("/api/places?cursor=x", 400, Some("query"));

    // a document with the spans of its evidence
    let d = api.get("/api/documents/doc-003", 200);
    let want = store.document("doc-003").unwrap().unwrap();
    assert_eq!(d["document"]["text"], want.document.text);
    assert_eq!(d["events"].as_array().unwrap().len(), want.events.len());
    for (got, want) in d["events"].as_array().unwrap().iter().zip(&want.events) {
        assert_eq!(got["event_key_str"], want.event_key.to_string());
        let name = if want.code == "040" {
            json!("Consult, not specified below")
        } else {
            Value::Null
        };
        assert_eq!(got["code_name"], name, "{}", want.code);
        assert_same(&got["source"], &want.source);
        assert_same(&got["verb"], want.verb);
        assert_same(&got["place"], &want.place);
    }
    api.error("/api/documents/no-such-document", 404, None);
    api.error("/api/documents/doc-003?x=1", 400, Some("query"));

    // the names behind the codes
    let a = api.get("/api/catalog/actors?q=rus", 200);
    let codes: Vec<&str> = a["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["RUS", "RUSGOV"]);
    assert_eq!(
        api.get("/api/catalog/actors?q=putin", 200)["actors"][0]["code"],
        "RUSGOV"
    );
    assert_eq!(
        api.get("/api/catalog/actors?q=zzz", 200)["actors"],
        json!([])
    );
    api.error("/api/catalog/actors?limit=51", 400, Some("limit"));
    api.error(
        &format!("/api/catalog/actors?q={}", "a".repeat(101)),
        400,
        Some("q"),
    );
    let c = api.get("/api/catalog/cameo", 200);
    assert_eq!(c["codes"][0]["code"], "01");
    assert_eq!(c["codes"].as_array().unwrap().len(), 3);

    // writes: the token first, then the body; events out, stored once
    let counts = store.counts().unwrap();
    api.post(None, b"new-1|CHNGOV|RUSGOV|040", 401);
    api.post(Some("a-test-token-012"), b"new-1|CHNGOV|RUSGOV|040", 401);
    api.post(Some("a-test-token-01234"), b"new-1|CHNGOV|RUSGOV|040", 401);
    let v = api.post(
        Some(TOKEN),
        b"new-1|CHNGOV|RUSGOV|040\nnew-2|RUS|CHN|042",
        200,
    );
    assert_eq!(v["documents"][0]["stored"], true);
    assert_eq!(v["documents"][1]["events"][0]["code"], "042");
    let v = api.post(Some(TOKEN), b"new-1|CHNGOV|RUSGOV|040", 200);
    assert_eq!(v["documents"][0]["stored"], false);
    assert_eq!(store.counts().unwrap().documents, counts.documents + 2);
    assert_eq!(
        api.get("/api/documents/new-2", 200)["events"][0]["code"],
        "042"
    );
    let v = api.post(Some(TOKEN), b"only|three|fields", 400);
    assert_eq!(v["field"], "body");
    api.post(Some(TOKEN), b"   ", 400);
    api.post(Some(TOKEN), &vec![b'x'; 300 * 1024], 413);
    // 8 requests so far; the bucket holds 10
    api.post(Some(TOKEN), b"new-3|USA|CHN|040", 200);
    api.post(Some(TOKEN), b"new-3|USA|CHN|040", 200);
    let r = request_with(
        addr,
        "POST",
        "/api/documents",
        &[&format!("Authorization: Bearer {TOKEN}")],
        b"new-4|USA|CHN|040",
    );
    assert_eq!(r.status, 429, "{}", String::from_utf8_lossy(&r.body));
    assert!(r
        .header("retry-after")
        .is_some_and(|s| s.parse::<u64>().unwrap() >= 1));
    api.post(None, b"x", 429);
    assert_eq!(store.counts().unwrap().documents, counts.documents + 3);
    for method in ["GET", "PUT", "DELETE"] {
        let r = request(addr, method, "/api/documents", b"");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("POST"));
    }

    // the dashboard: the page and its assets, nothing else
    let page = request(addr, "GET", "/", b"");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    let mut weight = page.body.len();
    for (asset, ty) in [
        ("app.js", "text/javascript"),
        ("app.css", "text/css"),
        ("world.json", "application/json"),
    ] {
        let r = request(addr, "GET", &format!("/assets/{asset}"), b"");
        assert_eq!(r.status, 200, "{asset}");
        assert!(r.header("content-type").unwrap().starts_with(ty), "{asset}");
        weight += r.body.len();
    }
    assert_eq!(weight, dyad_server::page_weight());
    let icon = request(addr, "GET", "/favicon.ico", b"");
    assert_eq!((icon.status, icon.body.len()), (204, 0));
    assert!(weight < 500 * 1024, "the dashboard weighs {weight} bytes");
    for path in [
        "/assets/",
        "/assets/nope.js",
        "/assets/..%2fCargo.toml",
        "/assets/../src/lib.rs",
        "/index.html",
    ] {
        api.error(path, 404, None);
    }

    // every documented path was answered, and every documented query
    // parameter is accepted (an empty value means "not given")
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(*api.seen.borrow(), documented);
    for (path, item) in doc["paths"].as_object().unwrap() {
        if path.contains('{') || item.get("get").is_none() {
            continue;
        }
        for p in item["get"]["parameters"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap();
            api.get(&format!("{path}?{name}="), 200);
        }
        api.error(&format!("{path}?undocumented=1"), 400, Some("query"));
    }

    // 400s name their parameter
    api.error("/api/events?from=2025-13", 400, Some("from"));
    api.error("/api/events?to=yesterday", 400, Some("to"));
    api.error("/api/events?quad_class=5", 400, Some("quad_class"));
    api.error("/api/events?quad_class=1,x", 400, Some("quad_class"));
    api.error("/api/events?limit=0", 400, Some("limit"));
    api.error("/api/events?limit=101", 400, Some("limit"));
    api.error("/api/events?limit=-3", 400, Some("limit"));
    api.error("/api/events?cursor=zz", 400, Some("cursor"));
    api.error("/api/events?cursor=6331", 400, Some("cursor"));
    api.error("/api/events?source=%ff", 400, Some("source"));
    let c = first["next_cursor"].as_str().unwrap();
    api.get(&format!("/api/events?cursor={c}&limit=5"), 200);
    api.error(
        &format!("/api/events?source=USA&cursor={c}"),
        400,
        Some("cursor"),
    );
    api.error("/api/timeline?source=CHN&by=year", 400, Some("by"));
    api.error("/api/timeline?one_way=maybe", 400, Some("one_way"));
    api.error("/api/timeline?from=2025-02-30", 400, Some("from"));
    api.error("/api/actors?limit=1000", 400, Some("limit"));
    api.error("/api/dyads?to=2025-1", 400, Some("to"));
    api.error("/api/health?x=1", 400, Some("query"));

    // 404, 405, 413, 414; no directory listing
    for path in [
        "/api",
        "/api/",
        "/api/nope",
        "/api/events/",
        "/api/health/",
        "/../etc/passwd",
        "/api/events/1/mentions/x",
    ] {
        api.error(path, 404, None);
    }
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = request(addr, method, "/api/events", b"");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
        validate(
            &doc,
            &json!({"$ref": "#/components/schemas/Error"}),
            &json_of(&r),
            method,
        )
        .unwrap();
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    let head = request(addr, "HEAD", "/api/health", b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    api.call("GET", "/api/health", &[b'x'; 1000], 200);
    api.call("POST", "/api/events", &vec![b'x'; 100 * 1024], 413);
    api.call("GET", "/api/events", &vec![b'{'; 65 * 1024], 413);
    api.error(&format!("/api/events?text={}", "a".repeat(5000)), 414, None);

    // a burst of bad requests does not hurt
    for i in 0..200 {
        let target = match i % 5 {
            0 => "/api/events?quad_class=9".to_string(),
            1 => format!("/api/nothing/{i}"),
            2 => "/api/events?cursor=%%%".to_string(),
            3 => format!("/api/events?from={i}"),
            _ => "/api/timeline?by=century".to_string(),
        };
        let r = request(addr, "GET", &target, b"");
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
    }
    // a raw garbage request line too
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"\x00\x01garbage\r\n\r\n").unwrap();
    let mut sink = Vec::new();
    let _ = s.read_to_end(&mut sink);
    assert_eq!(api.get("/api/health", 200)["status"], "ok");

    drop(server);
}

#[test]
fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dyad.db");
    suite(db.to_str().unwrap());
}

#[test]
fn postgres() {
    let Some(base) = std::env::var("DYAD_PG_URL").ok().filter(|u| !u.is_empty()) else {
        println!("skipping the PostgreSQL suite: DYAD_PG_URL is not set (source .ci/postgres.sh to start one)");
        return;
    };
    let schema = format!("server_test_{}", std::process::id());
    let drop_schema = || {
        if let Ok(mut c) = postgres::Client::connect(&base, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "SET client_min_messages TO warning; DROP SCHEMA IF EXISTS {schema} CASCADE"
            ));
        }
    };
    drop_schema();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}schema={schema}");
    let result = std::panic::catch_unwind(|| suite(&url));
    drop_schema();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn openapi_is_self_consistent() {
    let doc = dyad_server::openapi();
    // every $ref resolves
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "{r}");
    }
    // every operation documents its 200 and its errors
    for (path, item) in doc["paths"].as_object().unwrap() {
        let op = if item.get("get").is_some() {
            "get"
        } else {
            "post"
        };
        let responses = &item[op]["responses"];
        for status in ["200", "400", "default"] {
            assert!(responses[status].is_object(), "{path} {status}");
        }
    }
    // the validator rejects what it should
    let schema = json!({"$ref": "#/components/schemas/Health"});
    assert!(validate(
        &doc,
        &schema,
        &json!({"status": "ok", "schema_version": 1}),
        "h"
    )
    .is_ok());
    assert!(validate(&doc, &schema, &json!({"status": "ok"}), "h").is_err());
    assert!(validate(
        &doc,
        &schema,
        &json!({"status": "bad", "schema_version": 1}),
        "h"
    )
    .is_err());
    assert!(validate(
        &doc,
        &schema,
        &json!({"status": "ok", "schema_version": 1, "x": 1}),
        "h"
    )
    .is_err());
    assert!(validate(
        &doc,
        &schema,
        &json!({"status": "ok", "schema_version": null}),
        "h"
    )
    .is_err());
}
