//! End-to-end tests of the `dyad` binary: real files, real processes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn dyad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.env_remove("DYAD_SHARED");
    c
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> (i32, Vec<Value>, String) {
    let out: Output = cmd.output().expect("dyad runs");
    let docs = String::from_utf8(out.stdout)
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect();
    (
        out.status.code().expect("exit code"),
        docs,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every span any document reports slices its `text` to exactly the span's text.
fn assert_offsets(doc: &Value) {
    let text = doc["text"].as_str().unwrap();
    let check = |v: &Value| {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], v["text"].as_str().unwrap(), "span {s}..{e}");
    };
    for s in doc["sentences"].as_array().unwrap() {
        check(s);
        for t in s["tokens"].as_array().unwrap() {
            check(t);
        }
    }
    for key in ["removed", "headings"] {
        doc[key].as_array().unwrap().iter().for_each(check);
    }
    if !doc["dateline"].is_null() {
        check(&doc["dateline"]);
    }
    // The enrichment's spans index the same text.
    for key in ["places", "dates", "quotes"] {
        if let Some(list) = doc[key].as_array() {
            list.iter().for_each(check);
        }
    }
    if let Some(themes) = doc["themes"].as_array() {
        for t in themes {
            t["hits"].as_array().unwrap().iter().for_each(check);
        }
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn analyze_bundled_examples() {
    let (code, docs, stderr) = run(dyad().arg("analyze").arg(workspace().join("examples")));
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "wire-2025-05-08-kremlin",
            "wire-2025-08-04-joint-sea",
            "wire-2025-09-02-beijing",
            "diplomacy-turkey-greece",
            "wire-2025-08-12-shoal",
            "wire-2025-08-13-defence",
            "protest-nairobi",
            "sanctions-eu-iran",
            "wire-2025-06-02-sudan",
            "wire-2025-09-15-ceasefire",
            "wire-2025-11-20-venezuela",
        ]
    );
    for d in &docs {
        assert_offsets(d);
        assert!(
            !d["sentences"].as_array().unwrap().is_empty(),
            "{}",
            d["id"]
        );
    }
    // The text files have no date of their own: one warning each.
    assert_eq!(stderr.matches("no publication date").count(), 2, "{stderr}");

    let by_id = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap();
    let turkey = by_id("diplomacy-turkey-greece");
    assert_eq!(turkey["dateline"]["place"], "ANKARA");
    assert_eq!(turkey["dateline"]["agency"], "Dyad Wire");
    let removed: Vec<&str> = turkey["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(
        removed.iter().any(|r| r.starts_with("ALSO READ")),
        "{removed:?}"
    );
    assert!(removed.contains(&"Advertisement"), "{removed:?}");
    assert_eq!(
        turkey["headings"][0]["text"],
        "Energy and Trade on the Table"
    );

    let html = by_id("sanctions-eu-iran");
    assert_eq!(html["published"], "2025-10-20T16:45:00+02:00");
    assert_eq!(
        html["title"],
        "EU adopts new sanctions on Iran over drone transfers"
    );
    assert_eq!(
        html["url"],
        "https://news.example.org/world/eu-iran-sanctions"
    );
    let text = html["text"].as_str().unwrap();
    assert!(text.contains("imposed sanctions on eight Iranian officials"));
    for junk in [
        "cookies",
        "Share on Facebook",
        "Oil prices rise",
        "Sign up for",
        "All rights reserved",
    ] {
        assert!(!text.contains(junk), "{junk:?} left in: {text}");
    }
    let items = html["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "item")
        .count();
    assert_eq!(items, 2);

    let feed = by_id("wire-2025-08-12-shoal");
    assert_eq!(feed["published"], "2025-08-12T06:30:00+08:00");
    assert_eq!(feed["source"], "Dyad Wire: Asia");
    assert_eq!(
        by_id("wire-2025-11-20-venezuela")["published"],
        "2025-11-20T14:00:00-05:00"
    );
}

#[test]
fn reference_article_is_cleaned_and_split() {
    let Some(shared) = dyad_testkit::shared_dir("reference_article_is_cleaned_and_split") else {
        return;
    };
    let file = shared.join("examples/china-russia-2025-11-04.txt");
    let (code, docs, stderr) = run(dyad()
        .args(["analyze", "--published", "2025-11-04"])
        .arg(&file));
    assert_eq!(code, 0, "{stderr}");
    let doc = &docs[0];
    assert_eq!(doc["id"], "china-russia-2025-11-04");
    assert_eq!(doc["published"], "2025-11-04");
    assert_offsets(doc);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("examples/china-russia-2025-11-04.expected.json"))
            .unwrap(),
    )
    .unwrap();
    let removed: Vec<&Value> = doc["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["text"])
        .collect();
    assert_eq!(
        removed,
        expected["boilerplate"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
    );
    let headings: Vec<&Value> = doc["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["text"])
        .collect();
    assert_eq!(
        headings,
        expected["headings"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
    );
    for s in doc["sentences"].as_array().unwrap() {
        for bad in expected["forbidden_sentences"].as_array().unwrap() {
            assert!(!s["text"].as_str().unwrap().contains(bad.as_str().unwrap()));
        }
    }
}

#[test]
fn malformed_jsonl_line_fails_alone() {
    let dir = temp();
    let f = write(
        dir.path(),
        "batch.jsonl",
        b"{\"id\":\"a\",\"text\":\"Police arrested ten people.\",\"published\":\"2025-01-02\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"Talks resumed.\",\"published\":\"tomorrow\"}\n{\"id\":\"d\",\"text\":\"The army withdrew.\",\"published\":\"2025-01-03\"}\n",
    );
    let (code, docs, stderr) = run(dyad().arg("analyze").arg(&f));
    assert_eq!(code, 2, "{stderr}");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "d"]);
    assert!(stderr.contains("batch.jsonl:2: invalid JSON"), "{stderr}");
    assert!(
        stderr.contains("batch.jsonl:3: field `published`"),
        "{stderr}"
    );
    assert!(stderr.contains("2 inputs failed"), "{stderr}");
}

#[test]
fn stdin_gzip_json_and_txt_inputs() {
    let dir = temp();
    let line =
        "{\"id\":\"s1\",\"text\":\"Rebels attacked a convoy.\",\"published\":\"2025-02-03\"}\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(line.as_bytes()).unwrap();
    let gz_file = write(dir.path(), "news.jsonl.gz", &gz.finish().unwrap());
    let json_file = write(
        dir.path(),
        "docs.json",
        br#"[{"id":"j1","text":"Ministers met."},{"text":"No id here."}]"#,
    );
    let txt = write(dir.path(), "note.txt", b"Troops crossed the border.\n");

    let mut child = dyad()
        .args(["analyze", "--published", "2025-03-01", "-"])
        .arg(&gz_file)
        .arg(&json_file)
        .arg(&txt)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(line.replace("s1", "stdin-1").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids[..4], ["stdin-1", "s1", "j1", ids[3]]);
    assert!(ids[3].starts_with("sha-fnv1a-"));
    assert_eq!(ids[4], "note");
    assert_eq!(docs[4]["published"], "2025-03-01");
    assert_eq!(docs[1]["published"], "2025-02-03");
    assert_eq!(docs[3]["file"], json_file.display().to_string());
    assert_eq!(docs[3]["line"], 2);
}

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let dir = temp();
    let bin = write(
        dir.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    let unknown = write(dir.path(), "report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    let empty = write(dir.path(), "empty.txt", b"");
    let latin = write(
        dir.path(),
        "latin.txt",
        b"Caf\xe9 owners protested in S\xe3o Paulo.\n",
    );
    let good = write(dir.path(), "good.txt", b"The envoy met the president.\n");
    let missing = dir.path().join("missing.txt");
    let (code, docs, stderr) = run(dyad()
        .args(["analyze", "--published", "2025-01-01"])
        .args([&bin, &unknown, &empty, &latin, &missing, &good]));
    assert_eq!(code, 2, "{stderr}");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["empty", "latin", "good"]);
    assert!(
        stderr.contains("image.txt: skipped: binary file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("report.pdf: unknown file type .pdf"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.txt: empty document"), "{stderr}");
    assert!(
        stderr.contains("latin.txt: invalid UTF-8: 2 byte sequences replaced"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt: cannot read"), "{stderr}");
    assert!(stderr.contains("3 inputs failed"), "{stderr}");
    assert!(docs[0]["sentences"].as_array().unwrap().is_empty());
    assert_offsets(&docs[1]);
}

#[test]
fn directories_are_read_recursively_in_order() {
    let dir = temp();
    std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
    write(dir.path(), "b/c/z.txt", b"Last one.");
    write(dir.path(), "b/a.txt", b"Second one.");
    write(dir.path(), "a.txt", b"First one.");
    write(dir.path(), ".hidden.txt", b"Never read.");
    write(dir.path(), "notes.csv", b"x,y\n");
    let (code, docs, stderr) = run(dyad()
        .args(["analyze", "--published", "2025-01-01"])
        .arg(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b/a", "b/c/z"]);
    assert!(
        stderr.contains("notes.csv: skipped: unknown file type"),
        "{stderr}"
    );
}

#[test]
fn a_large_document_is_processed() {
    let dir = temp();
    let sentence =
        "The defence ministry said troops repelled an attack near the border on Tuesday. ";
    let mut body = String::with_capacity(51 << 20);
    let mut para = 0;
    while body.len() < 50 << 20 {
        body.push_str(sentence);
        para += 1;
        if para % 8 == 0 {
            body.push_str("\n\n");
        }
    }
    let f = write(dir.path(), "big.txt", body.as_bytes());
    let out = dyad()
        .args(["analyze", "--published", "2025-01-01"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = doc["sentences"].as_array().unwrap().len();
    assert_eq!(n, body.matches(sentence).count());
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let (code, _, stderr) = run(dyad().args(["analyze", "--published", "someday", "x.txt"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("--published"), "{stderr}");
    let (code, _, _) = run(dyad().args(["analyze", "--no-such-flag"]));
    assert_eq!(code, 1);
    let (code, _, _) = run(dyad().args(["analyze", "--id", "x", "a.txt", "b.txt"]));
    assert_eq!(code, 1);
    let out = dyad().args(["analyze", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
}

#[test]
fn id_and_published_options_apply_to_a_text_file() {
    let dir = temp();
    let f = write(
        dir.path(),
        "x.txt",
        b"MOSCOW, Nov 4 (AP) \xe2\x80\x94 The Kremlin said talks would go on.\n",
    );
    let (code, docs, stderr) = run(dyad()
        .args([
            "analyze",
            "--id",
            "kremlin-1",
            "--published",
            "2025-11-04T10:00:00+03:00",
        ])
        .arg(&f));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(docs[0]["id"], "kremlin-1");
    assert_eq!(docs[0]["published"], "2025-11-04T10:00:00+03:00");
    assert_eq!(docs[0]["dateline"]["agency"], "AP");
    assert_eq!(docs[0]["dateline"]["date"], "Nov 4");
    assert_eq!(
        docs[0]["sentences"][0]["text"],
        "The Kremlin said talks would go on."
    );
}

#[test]
fn code_prints_events_with_the_contract_fields() {
    let (code, events, stderr) = run(dyad()
        .args(["code", "--published", "2025-03-11"])
        .arg(workspace().join("examples")));
    assert_eq!(code, 0, "{stderr}");
    assert!(events.len() >= 5, "{} events", events.len());
    for e in &events {
        for key in [
            "doc_id",
            "event_id",
            "sentence_id",
            "sentence_text",
            "source",
            "target",
            "code",
            "root",
            "quad_class",
            "goldstein",
            "plover",
            "date",
            "evidence",
            "reporter",
        ] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
        let sentence = e["sentence_text"].as_str().unwrap();
        assert!(
            sentence.contains(e["source"]["text"].as_str().unwrap()),
            "{e}"
        );
        assert_eq!(
            e["root"].as_str().unwrap(),
            &e["code"].as_str().unwrap()[..2]
        );
        assert!(e["evidence"]["pattern"].as_str().unwrap().contains(".txt:"));
    }
    // The Turkey–Greece meeting is there, with dated persons.
    assert!(
        events.iter().any(|e| e["root"] == "04"
            && e["source"]["code"] == "TURGOV"
            && e["target"]["code"] == "GRCGOV"),
        "{events:#?}"
    );
}

#[test]
fn code_output_does_not_depend_on_threads_and_tsv_matches() {
    let dir = workspace().join("examples");
    let one = dyad()
        .args(["code", "--threads", "1"])
        .arg(&dir)
        .output()
        .unwrap();
    let two = dyad()
        .args(["code", "--threads", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(one.stdout, two.stdout);
    let tsv = dyad()
        .args(["code", "--format", "tsv", "--threads", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    let tsv = String::from_utf8(tsv.stdout).unwrap();
    let mut lines = tsv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("doc_id\tevent_id\tsentence_id\tdate\tdate_precision\tcode"));
    let jsonl_count = String::from_utf8(one.stdout).unwrap().lines().count();
    assert_eq!(
        lines.filter(|l| l.split('\t').count() == 33).count(),
        jsonl_count
    );
}

#[test]
fn user_dictionaries_load_and_bad_ones_stop_before_coding() {
    let dir = temp();
    let article = write(
        dir.path(),
        "a.txt",
        b"The Freedonian army shelled Sylvania on Monday.\n",
    );
    let actors = write(
        dir.path(),
        "countries.txt",
        b"FRD | Freedonia | Freedonian |\nSYL | Sylvania | Sylvanian |\n",
    );
    let (code, events, stderr) = run(dyad()
        .args(["code", "--published", "2025-01-01", "--actors"])
        .arg(&actors)
        .arg(&article));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        events
            .iter()
            .any(|e| e["source"]["code"] == "FRDMIL" && e["target"]["code"] == "SYL"),
        "{events:?}"
    );

    let petrarch = write(
        dir.path(),
        "phoenix.txt",
        b"FREEDONIA_ [FRD]\n+FREEDONIAN_\nSYLVANIA_ [SYL]\n",
    );
    let (code, events, _) = run(dyad()
        .args(["code", "--actors"])
        .arg(&petrarch)
        .arg(&article));
    assert_eq!(code, 0);
    assert!(
        events.iter().any(|e| e["target"]["code"] == "SYL"),
        "{events:?}"
    );

    let bad = write(dir.path(), "countries.txt", b"FRD | Freedonia\nfrd | x\n");
    let (code, events, stderr) = run(dyad().args(["code", "--actors"]).arg(&bad).arg(&article));
    assert_ne!(code, 0);
    assert!(events.is_empty());
    assert!(stderr.contains("countries.txt:2:"), "{stderr}");
    let verbs = write(
        dir.path(),
        "verbs.txt",
        b"040 meet with:TARGET\n999 shell obj:TARGET\n",
    );
    let (code, _, stderr) = run(dyad().args(["code", "--verbs"]).arg(&verbs).arg(&article));
    assert_ne!(code, 0);
    assert!(
        stderr.contains("verbs.txt:2: \"999\" is not a CAMEO event code"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------
// Enrichment options and the event database (ingest, recode, query, export).

#[test]
fn enrichment_fields_and_options() {
    let dir = temp();
    let article = write(
        dir.path(),
        "a.txt",
        "Chinese President Xi Jinping met Russian Prime Minister Mikhail Mishustin in Beijing on Tuesday. \
\u{201c}Relations are strong,\u{201d} Xi said.\n"
            .as_bytes(),
    );
    let (code, events, stderr) = run(dyad()
        .args(["code", "--published", "2025-11-05"])
        .arg(&article));
    assert_eq!(code, 0, "{stderr}");
    let e = &events[0];
    assert_eq!(e["date"], "2025-11-04", "{e}");
    assert_eq!(e["date_precision"], "day");
    assert_eq!(e["place"]["name"], "Beijing");
    assert_eq!(e["place"]["country"], "CHN");
    assert_eq!(e["place"]["basis"], "clause");
    let (_, docs, _) = run(dyad()
        .args(["analyze", "--published", "2025-11-05"])
        .arg(&article));
    let quote = &docs[0]["quotes"][0];
    assert_eq!(quote["speaker"]["code"], "CHNGOV", "{quote}");
    assert!(docs[0]["tone"]["tone"].is_number());
    assert_offsets(&docs[0]);
    // Without enrichment: the publication date and no place.
    let (_, events, _) = run(dyad()
        .args(["code", "--no-enrich", "--published", "2025-11-05"])
        .arg(&article));
    assert_eq!(events[0]["date"], "2025-11-05");
    assert!(events[0]["place"].is_null());
    // A user gazetteer adds places; a malformed line names file and line.
    let gaz = write(
        dir.path(),
        "places.txt",
        b"9999001\tFreedonia City\tFreedonia City\t\t10.5\t20.5\tP\tPPLC\tFR\t\t00\t\t\t\t500000\t\t\tEurope/Paris\t2024-01-01\nnot a geonames line\n",
    );
    let (code, _, stderr) = run(dyad().args(["code", "--gazetteer"]).arg(&gaz).arg(&article));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("places.txt:2"), "{stderr}");
}

/// Runs `dyad` and returns its exit code, stdout and stderr.
fn sh(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("dyad runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every stored event with its counts (num_mentions, num_articles…) as
/// CSV lines, without `added_at`, the time of ingestion (the last column).
fn export(db: &Path) -> Vec<String> {
    sh(dyad().args(["export", "--format", "csv", "--db"]).arg(db))
        .1
        .lines()
        .map(|l| l.rsplit_once(',').map_or(l, |x| x.0).to_string())
        .collect()
}

/// Small synthetic news documents, one per JSON line, plus one bad line.
fn news_jsonl(n: usize, bad: bool) -> String {
    let mut s = String::new();
    for i in 0..n {
        let (a, b) = [
            ("Chinese", "Russian"),
            ("Turkish", "Greek"),
            ("Indian", "Pakistani"),
        ][i % 3];
        s.push_str(&format!(
            "{{\"id\":\"n{i}\",\"published\":\"2025-11-{:02}\",\"text\":\"{a} officials met {b} officials in Geneva on Monday. The {a} army shelled villages near the border. Item {i}.\"}}\n",
            1 + i % 28
        ));
        if bad && i == 2 {
            s.push_str("{\"id\": \"broken\", \"text\": \n");
        }
    }
    s
}

#[test]
fn ingest_is_idempotent_records_errors_and_serves_queries_and_exports() {
    let dir = temp();
    let input = write(dir.path(), "news.jsonl", news_jsonl(30, true).as_bytes());
    let db = dir.path().join("events.db");
    let db = db.to_str().unwrap();
    let (code, _, stderr) = sh(dyad().args(["ingest", "--quiet", "--db", db]).arg(&input));
    assert_eq!(code, 2, "a bad line fails the run: {stderr}");
    assert!(stderr.contains("news.jsonl:4"), "{stderr}");
    let (_, first, _) = sh(dyad().args(["export", "--db", db, "--format", "csv"]));
    assert!(first.lines().count() > 10, "{first}");
    // Again: nothing is stored twice.
    let (code, _, _) = sh(dyad().args(["ingest", "--quiet", "--db", db]).arg(&input));
    assert_eq!(code, 2);
    let (_, second, _) = sh(dyad().args(["export", "--db", db, "--format", "csv"]));
    assert_eq!(first, second);
    // Queries.
    let (code, timeline, stderr) = sh(dyad().args([
        "query", "timeline", "--db", db, "--source", "CHN", "--target", "RUS", "--by", "month",
        "--format", "csv",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(timeline.starts_with("period,"), "{timeline}");
    assert!(timeline.contains("2025-11,"), "{timeline}");
    let (_, events, _) = sh(dyad().args([
        "query", "events", "--db", db, "--source", "TUR", "--format", "json",
    ]));
    assert!(events.lines().count() >= 1);
    for line in events.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["source_code"].as_str().unwrap().starts_with("TUR"));
    }
    // Either way between two actors: the union of the two directions.
    let count = |args: &[&str]| {
        let mut cmd = dyad();
        cmd.args(["query", "events", "--db", db, "--format", "json"])
            .args(args);
        sh(&mut cmd).1.lines().count()
    };
    let forward = count(&["--source", "CHN", "--target", "RUS"]);
    let back = count(&["--source", "RUS", "--target", "CHN"]);
    assert!(forward + back > 0);
    assert_eq!(
        count(&["--source", "CHN", "--target", "RUS", "--both-directions"]),
        forward + back
    );
    let (_, dyads, _) = sh(dyad().args(["query", "dyads", "--db", db, "--format", "csv"]));
    assert!(dyads.starts_with("source,target,events"), "{dyads}");
    let (_, actors, _) = sh(dyad().args(["query", "actors", "--db", db, "--format", "table"]));
    assert!(actors.starts_with("code"), "{actors}");
    // Exports: GDELT events have 61 columns, mentions 16.
    let (_, gdelt, _) = sh(dyad().args(["export", "--db", db, "--format", "gdelt"]));
    assert!(
        gdelt.lines().all(|l| l.split('\t').count() == 61),
        "{gdelt}"
    );
    let (_, mentions, _) = sh(dyad().args(["export", "--db", db, "--format", "mentions"]));
    assert!(mentions.lines().all(|l| l.split('\t').count() == 16));
    let (_, plover, _) = sh(dyad().args(["export", "--db", db, "--format", "plover"]));
    for line in plover.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    // Recoding with the same dictionaries changes nothing.
    let (code, recode, stderr) = sh(dyad().args(["recode", "--db", db]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        recode.contains("30 documents recoded, 0 changed"),
        "{recode}"
    );
    // A bad format or filter is a usage error.
    let (code, _, _) = sh(dyad().args(["export", "--db", db, "--format", "xml"]));
    assert_eq!(code, 1);
    let (code, _, stderr) = sh(dyad().args(["query", "events", "--db", db, "--from", "soon"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("from date"), "{stderr}");
}

#[test]
fn a_killed_ingest_completes_on_rerun_with_nothing_lost_or_doubled() {
    let dir = temp();
    let input = write(dir.path(), "news.jsonl", news_jsonl(6000, false).as_bytes());
    let clean = dir.path().join("clean.db");
    let crashed = dir.path().join("crashed.db");
    let (code, _, stderr) = sh(dyad()
        .args([
            "ingest",
            "--quiet",
            "--threads",
            "2",
            "--batch",
            "50",
            "--db",
        ])
        .arg(&clean)
        .arg(&input));
    assert_eq!(code, 0, "{stderr}");
    let mut child = dyad()
        .args([
            "ingest",
            "--quiet",
            "--threads",
            "1",
            "--batch",
            "50",
            "--db",
        ])
        .arg(&crashed)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once some batches are committed.
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let (_, n, _) = sh(dyad()
            .args(["query", "actors", "--format", "csv", "--db"])
            .arg(&crashed));
        if n.lines().count() > 1 || start.elapsed().as_secs() > 60 {
            break;
        }
    }
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().unwrap();
    child.wait().unwrap();
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&crashed)
        .arg(&input));
    assert_eq!(code, 0, "{stderr}");
    let (a, b) = (export(&clean), export(&crashed));
    assert!(
        !finished_early,
        "the ingest finished before it could be killed"
    );
    assert!(a.len() > 50, "{}", a.len());
    assert_eq!(a, b);
}

#[test]
fn ingest_into_postgresql() {
    let Ok(url) = std::env::var("DYAD_PG_URL") else {
        eprintln!("skipped: DYAD_PG_URL is not set (.ci/postgres.sh starts a server)");
        return;
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    let db = format!("{url}{sep}schema=cli_{}", std::process::id());
    let dir = temp();
    let input = write(dir.path(), "news.jsonl", news_jsonl(20, false).as_bytes());
    for _ in 0..2 {
        let (code, _, stderr) = sh(dyad().args(["ingest", "--quiet", "--db", &db]).arg(&input));
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, csv, stderr) = sh(dyad().args(["export", "--db", &db, "--format", "csv"]));
    assert_eq!(code, 0, "{stderr}");
    let sqlite = dir.path().join("same.db");
    sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&sqlite)
        .arg(&input));
    let (_, csv_sqlite, _) = sh(dyad()
        .args(["export", "--format", "csv", "--db"])
        .arg(&sqlite));
    let strip = |s: &str| -> Vec<String> {
        // `added_at` differs between runs; compare everything else.
        s.lines()
            .map(|l| l.rsplit_once(',').map_or(l, |x| x.0).to_string())
            .collect()
    };
    assert_eq!(strip(&csv).len(), strip(&csv_sqlite).len());
}

#[test]
fn a_full_disk_is_a_clear_error_and_a_rerun_completes() {
    // A small tmpfs stands for a full disk; mounting one needs root.
    let dir = temp();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let umount = || {
        let _ = Command::new("umount").arg(&mnt).status();
    };
    let input = write(dir.path(), "news.jsonl", news_jsonl(6000, false).as_bytes());
    let db = mnt.join("events.db");
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input));
    let full = code == 2 && stderr.contains("full");
    // Make room, then run again: it completes with nothing lost or doubled.
    let grown = Command::new("mount")
        .args(["-o", "remount,size=64m"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    let (code2, _, stderr2) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input));
    let clean = dir.path().join("clean.db");
    sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&clean)
        .arg(&input));
    let (a, b) = (export(&db), export(&clean));
    umount();
    assert!(full, "exit {code}: {stderr}");
    assert!(grown);
    assert_eq!(code2, 0, "{stderr2}");
    assert_eq!(a, b);
}

#[test]
fn ctrl_c_commits_what_is_done_and_a_rerun_completes() {
    let dir = temp();
    let input = write(dir.path(), "news.jsonl", news_jsonl(6000, false).as_bytes());
    let db = dir.path().join("events.db");
    let child = dyad()
        .args([
            "ingest",
            "--quiet",
            "--threads",
            "1",
            "--batch",
            "50",
            "--db",
        ])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(interrupted);
    // It stopped cleanly (exit 130, telling the user), or had already finished.
    assert!(
        out.status.code() == Some(130) && stderr.contains("interrupted")
            || out.status.code() == Some(0),
        "{:?} {stderr}",
        out.status
    );
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input));
    assert_eq!(code, 0, "{stderr}");
    let clean = dir.path().join("clean.db");
    sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&clean)
        .arg(&input));
    assert_eq!(export(&db), export(&clean));
}

/// A running `dyad serve` on a free loopback port; killed on drop.
struct Served {
    child: std::process::Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `dyad serve --addr 127.0.0.1:0 --db DB ARGS…` and reads the
/// address it bound from its stderr.
fn serve(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
    use std::io::BufRead;
    let mut cmd = dyad();
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(args)
        .env_remove("DYAD_INGEST_TOKEN")
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.split("serving http://").nth(1) {
                let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("dyad serve printed its address");
    Served { child, addr }
}

/// One HTTP/1.1 request; returns the status and the body.
fn http(addr: &str, method: &str, path: &str, headers: &[&str], body: &[u8]) -> (u16, String) {
    let r = dyad_testkit::http::request(addr, method, path, headers, body);
    (r.status, r.text())
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[test]
fn serve_answers_the_api_over_the_stored_events() {
    let dir = temp();
    let input = write(dir.path(), "news.jsonl", news_jsonl(30, false).as_bytes());
    let db = dir.path().join("events.db");
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input));
    assert_eq!(code, 0, "{stderr}");
    let server = serve(&db, &[], &[]);
    let addr = server.addr.as_str();
    let (status, health) = http(addr, "GET", "/api/health", &[], b"");
    assert_eq!(status, 200);
    assert!(health.contains("\"ok\""), "{health}");
    let (status, timeline) = http(
        addr,
        "GET",
        "/api/timeline?source=CHN&target=RUS&by=month",
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert!(
        timeline.contains("\"rows\"") && timeline.contains("2025-11"),
        "{timeline}"
    );
    assert_eq!(http(addr, "GET", "/api/events?limit=0", &[], b"").0, 400);
    // The dashboard and the names behind the codes.
    let (status, page) = http(addr, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(page.contains("/assets/app.js"), "{page}");
    let (status, names) = http(addr, "GET", "/api/catalog/actors?q=russia", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(json_of(&names)["actors"][0]["code"], "RUS", "{names}");
    // A read-only server refuses writes.
    let (status, body) = http(addr, "POST", "/api/documents", &[], b"{\"text\": \"x\"}");
    assert_eq!(status, 403, "{body}");
}

#[test]
fn serve_with_a_token_codes_and_stores_posted_documents() {
    let dir = temp();
    let db = dir.path().join("events.db");
    let token = "t0ken-for-the-test";
    let server = serve(
        &db,
        &["--ingest-rate", "7", "--max-body-mib", "1"],
        &[("DYAD_INGEST_TOKEN", token)],
    );
    let addr = server.addr.as_str();
    let auth = format!("Authorization: Bearer {token}");
    let doc = br#"{"id": "posted-1", "published": "2025-11-04", "title": "Talks in Beijing", "text": "Chinese President Xi Jinping met Russian Prime Minister Mikhail Mishustin on Tuesday in Beijing. \"We are partners,\" Xi said."}"#;
    // 1-2: no token, a wrong one.
    let (status, body) = http(addr, "POST", "/api/documents", &[], doc);
    assert_eq!(status, 401, "{body}");
    let (status, _) = http(
        addr,
        "POST",
        "/api/documents",
        &["Authorization: Bearer t0ken-for-the-tesT"],
        doc,
    );
    assert_eq!(status, 401);
    // 3: coded, stored, events out.
    let (status, body) = http(addr, "POST", "/api/documents", &[&auth], doc);
    assert_eq!(status, 200, "{body}");
    let v = json_of(&body);
    let d = &v["documents"][0];
    assert_eq!(d["doc_id"], "posted-1");
    assert_eq!(d["stored"], true);
    let e = &d["events"][0];
    assert_eq!(
        (e["source"]["code"].as_str(), e["target"]["code"].as_str()),
        (Some("CHNGOV"), Some("RUSGOV")),
        "{e}"
    );
    assert_eq!(e["date"], "2025-11-04");
    assert_eq!(e["place"]["name"], "Beijing");
    // 4: the same document again is not stored twice.
    let (status, body) = http(addr, "POST", "/api/documents", &[&auth], doc);
    assert_eq!(status, 200);
    assert_eq!(json_of(&body)["documents"][0]["stored"], false);
    // 5-6: invalid JSON, a document without text: 400 naming what is wrong.
    let (status, body) = http(addr, "POST", "/api/documents", &[&auth], b"{\"id\": ");
    assert_eq!(status, 400, "{body}");
    assert_eq!(json_of(&body)["field"], "body");
    let (status, body) = http(
        addr,
        "POST",
        "/api/documents",
        &[&auth],
        b"[{\"id\": \"x\"}]",
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("text"), "{body}");
    // 7: a body over the limit (1 MiB here; the test sends 100 MiB) is
    // refused from its declared length.
    let huge = vec![b' '; 100 * 1024 * 1024];
    let (status, _) = http(addr, "POST", "/api/documents", &[&auth], &huge);
    assert_eq!(status, 413);
    // The stored document is served with its spans.
    let (status, body) = http(addr, "GET", "/api/documents/posted-1", &[], b"");
    assert_eq!(status, 200, "{body}");
    let v = json_of(&body);
    let text = v["document"]["text"].as_str().unwrap();
    let slice = |s: &Value| {
        &text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
    };
    let ev = &v["events"][0];
    assert_eq!(slice(&ev["verb"]), "met");
    assert_eq!(slice(&ev["date_span"]), "Tuesday");
    assert_eq!(slice(&ev["place"]), "Beijing");
    assert_eq!(ev["code_name"], "Consult, not specified below");
    assert_eq!(slice(&v["quotes"][0]), "We are partners,");
    assert_eq!(slice(&v["times"][0]), "Tuesday");
    // 8: past the rate limit (7 per minute from all clients, in a burst of
    // 7), even with the token.
    let (status, body) = http(addr, "POST", "/api/documents", &[&auth], doc);
    assert_eq!(status, 429, "{body}");
    // Reads are not limited, and the server is still up.
    assert_eq!(http(addr, "GET", "/api/health", &[], b"").0, 200);
}

/// Why the browser test cannot run here, if it cannot.
fn browser_missing(e2e: &Path, chromium: &str) -> Option<String> {
    if !e2e.join("node_modules/playwright-core").is_dir() {
        return Some("e2e/node_modules/playwright-core is missing (npm ci --prefix e2e)".into());
    }
    if !Path::new(chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    None
}

/// The dashboard in headless Chromium (Playwright, `e2e/dashboard.test.mjs`)
/// over `dyad serve` with the bundled examples ingested. What the pages
/// must show is computed here from the store. Skips with a reason when
/// Node.js, Playwright or Chromium is missing, unless
/// `DYAD_BROWSER_REQUIRED=1` (as in CI). Screenshots go to
/// `target/e2e-screenshots/`.
#[test]
fn dashboard_in_a_real_browser() {
    use dyad_store::{EventFilter, Store};
    let root = workspace();
    let e2e = root.join("e2e");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if let Some(why) = browser_missing(&e2e, &chromium) {
        if std::env::var("DYAD_BROWSER_REQUIRED").is_ok_and(|v| v == "1") {
            panic!("DYAD_BROWSER_REQUIRED=1 but {why}");
        }
        println!("skipped: {why}");
        return;
    }
    let dir = temp();
    let db = dir.path().join("dashboard.db");
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(root.join("examples")));
    assert_eq!(code, 0, "{stderr}");

    let mut store = Store::open(db.to_str().unwrap()).unwrap();
    let relation = store
        .events(&EventFilter {
            source: Some("CHN".into()),
            target: Some("RUS".into()),
            both_directions: true,
            ..EventFilter::default()
        })
        .unwrap()
        .len();
    assert!(
        relation >= 3,
        "the examples hold {relation} China–Russia events"
    );
    let total = store.events(&EventFilter::default()).unwrap().len();
    let consult = store
        .events(&EventFilter {
            root: Some("04".into()),
            ..EventFilter::default()
        })
        .unwrap()
        .len();
    assert!(consult > 0 && consult < total);
    // The Kremlin article: its evidence, kind by kind, as the coder found it.
    let id = "wire-2025-05-08-kremlin";
    let view = store
        .document(id)
        .unwrap()
        .expect("the Kremlin article is stored");
    let text = view.document.text.as_str();
    let at = |start: u32, end: u32| text[start as usize..end as usize].to_string();
    let talks = &view.events[0];
    let verb = talks.verb.expect("the event's verb span");
    let spans = serde_json::json!([
        {"kind": "actor", "text": "Xi Jinping"},
        {"kind": "actor", "text": "Vladimir Putin"},
        {"kind": "verb", "text": at(verb.start, verb.end)},
        {"kind": "place", "text": "Kremlin"},
        {"kind": "date", "text": "Thursday"},
        {"kind": "quote", "text": "Relations between our countries have reached the highest level in their history,"},
    ]);
    for s in spans.as_array().unwrap() {
        let want = s["text"].as_str().unwrap();
        let found = match s["kind"].as_str().unwrap() {
            "actor" => view.actors.iter().any(|a| a.text.contains(want)),
            "verb" => true,
            "place" => view.places.iter().any(|p| {
                p.place
                    .start
                    .zip(p.place.end)
                    .is_some_and(|(a, b)| at(a, b) == want)
            }),
            "date" => view.times.iter().any(|t| t.text == want),
            _ => view.quotes.iter().any(|q| at(q.start, q.end) == want),
        };
        assert!(found, "the store lacks the expected span {s}");
    }
    drop(store);

    let server = serve(&db, &[], &[]);
    let shots = root.join("target/e2e-screenshots");
    let expect = serde_json::json!({
        "relation": {"a": "CHN", "b": "RUS", "events": relation},
        "document": {"id": id, "spans": spans},
        "filter": {"root": "04", "events": consult},
        "total_events": total,
    });
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg(e2e.join("dashboard.test.mjs"))
        .current_dir(&e2e)
        .env("DYAD_URL", format!("http://{}", server.addr))
        .env("DYAD_SHOTS", &shots)
        .env("DYAD_E2E_EXPECT", expect.to_string())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the dashboard test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("screenshots in {}", shots.display());
}

/// Why the Spark test cannot run here, if it cannot.
fn spark_missing() -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import pyspark, pyarrow"])
        .output();
    match probe {
        Err(e) => Some(format!("python3 does not run: {e}")),
        Ok(o) if !o.status.success() => Some(format!(
            "PySpark or PyArrow is not installed (pip install pyspark pyarrow): {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Ok(_) => None,
    }
}

/// The Spark job of integrations/spark in real Spark, local[2], over the
/// shared corpus (Wikinews and 300 Reuters articles) and two planted bad
/// documents: `integrations/spark/test_dyad_spark.py` checks that the
/// events equal `dyad code`'s row for row, that the bad inputs land in
/// errors/, that an incremental rerun adds nothing, the GDELT columns, and
/// that a wrong or missing binary stops the job. Here: `dyad ingest` of the
/// job's output gives the database a single-machine ingest of the same news
/// gives. Skips with a reason without PySpark or the shared data, unless
/// `DYAD_SPARK_REQUIRED=1` (as in CI).
#[test]
fn spark_job_in_local_mode() {
    use dyad_store::Store;
    let required = std::env::var("DYAD_SPARK_REQUIRED").is_ok_and(|v| v == "1");
    let Some(shared) = dyad_testkit::shared_dir("spark_job_in_local_mode") else {
        assert!(
            !required,
            "DYAD_SPARK_REQUIRED=1 but the shared data is missing"
        );
        return;
    };
    if let Some(why) = spark_missing() {
        assert!(!required, "DYAD_SPARK_REQUIRED=1 but {why}");
        println!("skipped: {why}");
        return;
    }
    let dir = temp();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    let mut corpus =
        std::io::BufWriter::new(std::fs::File::create(news.join("corpus.jsonl")).unwrap());
    let (n, from_reuters) =
        dyad_testkit::corpus::write_jsonl(&shared, usize::MAX, 300, &mut corpus).unwrap();
    drop(corpus);
    assert!(n > 500 && from_reuters == 300, "{n} documents");
    std::fs::write(
        news.join("planted.jsonl"),
        "{\"id\":\"planted-no-text\",\"title\":\"a document without text\"}\n{\"id\": \"planted-broken\", \"text\": \"unterminated\n",
    )
    .unwrap();
    let expected = dir.path().join("expected.jsonl");
    let out = dyad()
        .args(["code", "--threads", "2"])
        .arg(&news)
        .stdout(std::fs::File::create(&expected).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the planted documents fail");
    // A small input for the GDELT columns, and its rows from one machine.
    let gdelt_news = dir.path().join("gdelt-news.jsonl");
    let first: Vec<String> = std::fs::read_to_string(news.join("corpus.jsonl"))
        .unwrap()
        .lines()
        .take(120)
        .map(str::to_string)
        .collect();
    std::fs::write(&gdelt_news, first.join("\n") + "\n").unwrap();
    let expected_gdelt = dir.path().join("expected.gdelt.tsv");
    let out = dyad()
        .args(["code", "--format", "gdelt"])
        .arg(&gdelt_news)
        .stdout(std::fs::File::create(&expected_gdelt).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success());

    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let root = workspace();
    let status = Command::new("python3")
        .arg(root.join("integrations/spark/test_dyad_spark.py"))
        .arg("--dyad")
        .arg(env!("CARGO_BIN_EXE_dyad"))
        .arg("--news")
        .arg(&news)
        .arg("--expected")
        .arg(&expected)
        .arg("--gdelt-news")
        .arg(&gdelt_news)
        .arg("--expected-gdelt")
        .arg(&expected_gdelt)
        .arg("--work")
        .arg(&work)
        .status()
        .unwrap();
    assert!(status.success(), "the Spark checks failed (see above)");

    // The cluster's output into the store equals a single-machine ingest.
    let single = dir.path().join("single.db");
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--threads", "2", "--db"])
        .arg(&single)
        .arg(&news));
    assert_eq!(code, 2, "{stderr}");
    // A run that died before its commit: its files are left out.
    let documents = work.join("out/documents");
    let committed = std::fs::read_dir(&documents)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("_SUCCESS").exists())
        .expect("a committed run");
    let died = documents.join("run=died");
    std::fs::create_dir(&died).unwrap();
    for f in std::fs::read_dir(&committed).unwrap().flatten() {
        std::fs::copy(f.path(), died.join(f.file_name())).unwrap();
    }
    let cluster = dir.path().join("cluster.db");
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--db"])
        .arg(&cluster)
        .arg(work.join("out")));
    assert!(
        stderr.contains("run=died: skipped, the Spark run died did not finish"),
        "{stderr}"
    );
    assert_eq!(
        code, 2,
        "the planted inputs failed on the cluster: {stderr}"
    );
    assert!(
        stderr.contains("2 inputs had failed in the Spark run"),
        "{stderr}"
    );
    let mut a = Store::open(single.to_str().unwrap()).unwrap();
    let mut b = Store::open(cluster.to_str().unwrap()).unwrap();
    let (ca, cb) = (a.counts().unwrap(), b.counts().unwrap());
    assert_eq!(ca, cb, "table sizes");
    assert!(ca.events > 100 && ca.errors == 2, "{ca:?}");
    assert_eq!(
        a.data_fingerprint().unwrap(),
        b.data_fingerprint().unwrap(),
        "the same documents, events, mentions, actors, places and quotes"
    );
    // Loading again adds nothing.
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(&cluster)
        .arg(work.join("out")));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(b.counts().unwrap(), cb);
}

/// `dyad code --format spark`: one line per input, in order, documents and
/// failures alike; the job's version constant is this binary's version.
#[test]
fn spark_format_has_one_line_per_input() {
    let dir = temp();
    let news = dir.path().join("news.jsonl");
    std::fs::write(
        &news,
        "{\"id\":\"a\",\"published\":\"2025-11-06\",\"text\":\"Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on Tuesday.\"}\n\
         not json\n{\"id\":\"c\",\"text\":\"Nothing happened.\"}\n",
    )
    .unwrap();
    let out = dyad()
        .args(["code", "--format", "spark"])
        .arg(&news)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0].len(), 7);
    assert_eq!(&lines[0][..4], ["doc", "a", lines[0][2], "2025-11-06"]);
    let event: Value = serde_json::from_str(lines[0][4].split('\u{1e}').next().unwrap()).unwrap();
    assert_eq!(event["source"]["code"], "CHNGOV");
    assert_eq!(lines[0][5].split('\u{1f}').count(), 61);
    let bundle: dyad_store::DocumentBundle = serde_json::from_str(lines[0][6]).unwrap();
    assert_eq!(bundle.doc.id, "a");
    assert!(
        !bundle.sentences.is_empty() && bundle.sentences.iter().all(|s| s.text.is_empty()),
        "sentence texts are left out (dyad ingest slices them from the text)"
    );
    assert_eq!(lines[1][0], "error");
    let error: Value = serde_json::from_str(lines[1][1]).unwrap();
    assert_eq!(error["line"], 2);
    assert_eq!(lines[2][..2], ["doc", "c"]);
    assert_eq!(lines[2][4], "", "no events");

    let job =
        std::fs::read_to_string(workspace().join("integrations/spark/dyad_spark.py")).unwrap();
    assert!(
        job.contains(&format!("DYAD_VERSION = \"{}\"", env!("CARGO_PKG_VERSION"))),
        "integrations/spark/dyad_spark.py drives another dyad version"
    );
}

/// `dyad ingest` of a Parquet file that is not the Spark job's names the
/// file and what it lacks.
#[test]
fn ingest_rejects_foreign_parquet() {
    let dir = temp();
    let bogus = dir.path().join("bogus.parquet");
    std::fs::write(&bogus, b"PAR1 not really").unwrap();
    let (code, _, stderr) = sh(dyad()
        .args(["ingest", "--quiet", "--db"])
        .arg(dir.path().join("x.db"))
        .arg(&bogus));
    assert_ne!(code, 0);
    assert!(
        stderr.contains("bogus.parquet") && stderr.contains("Parquet"),
        "{stderr}"
    );
}
