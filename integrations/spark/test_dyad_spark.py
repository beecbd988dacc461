#!/usr/bin/env python3
"""The Spark job's test, in real Spark (local mode): run by `cargo test`
(crates/dyad-cli/tests/cli.rs, `spark_job_in_local_mode`), or by hand:

  python3 integrations/spark/test_dyad_spark.py --dyad target/release/dyad \
      --news DIR --expected EVENTS.jsonl --gdelt-news FILE --expected-gdelt FILE --work DIR

DIR holds the news (the corpus and a planted bad document), EVENTS.jsonl
is `dyad code DIR` on one machine. Checks, each with spark-submit
--master local[2]:
  1. the events equal, row for row, those of dyad code; the bad inputs are
     in errors/ with their reason and their input; the exit code is 2;
  2. a second --incremental run over the same news adds nothing (and
     removes the folder of a run that did not commit); one with other
     --columns is refused;
  3. --columns gdelt over the same news as a Parquet table (--format
     parquet) gives the rows of `dyad code --format gdelt`;
  4. a binary of the wrong version stops the job before any coding;
  5. a document on which dyad dies (a wrapper that kills itself when it
     sees it) becomes an error row, and every other document is coded;
  6. --format text (a document per file) gives dyad code's events on the
     same files.
Exits non-zero with the first difference. Leaves OUTPUT in WORK/out for
the Rust test, which loads it with `dyad ingest`.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import time

import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
JOB = os.path.join(HERE, "dyad_spark.py")


def spark_submit():
    import pyspark
    return os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")


def submit(*job_args, expect):
    cmd = [spark_submit(), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
           "--conf", "spark.ui.showConsoleProgress=false", JOB, *job_args]
    started = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True)
    took = time.monotonic() - started
    # spark-submit passes the Python driver's stderr on to its stdout.
    printed = out.stdout + out.stderr
    said = [line for line in printed.replace("\r", "\n").splitlines()
            if line.startswith("dyad_spark")]
    print(f"spark-submit {' '.join(job_args)}: exit {out.returncode} in {took:.1f} s")
    for line in said:
        print("  " + line)
    if out.returncode != expect or not said:
        sys.exit(f"FAIL: expected exit {expect}, got {out.returncode}\n{printed[-4000:]}")
    return said


def table(path):
    """Rows of a Parquet folder (hive partitions read as columns)."""
    files = sorted(glob.glob(os.path.join(path, "**", "*.parquet"), recursive=True))
    rows = []
    for f in files:
        part = {}
        for piece in os.path.relpath(f, path).split(os.sep)[:-1]:
            if "=" in piece:
                k, v = piece.split("=", 1)
                part[k] = None if v == "__HIVE_DEFAULT_PARTITION__" else v
        for r in pq.read_table(f).to_pylist():
            r.update(part)
            rows.append(r)
    return rows


def summary(said):
    for line in said:
        if line.startswith("dyad_spark: {"):
            return json.loads(line[len("dyad_spark: "):])
    sys.exit("FAIL: the job printed no summary")


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
    print("ok: " + what)


def main():
    p = argparse.ArgumentParser()
    for a in ["--dyad", "--news", "--expected", "--gdelt-news", "--expected-gdelt", "--work"]:
        p.add_argument(a, required=True)
    a = p.parse_args()
    out = os.path.join(a.work, "out")

    # 1. One run over the corpus and the planted bad documents.
    said = submit("--dyad", a.dyad, "--input", a.news, "--output", out, expect=2)
    first = summary(said)
    expected = [json.loads(line) for line in open(a.expected, encoding="utf-8")]
    events = table(os.path.join(out, "events"))
    for e in events:
        day = e.pop("event_date")
        e.pop("run")
        d = e["date"]
        check_day = d + "-01" if len(d) == 7 else d + "-01-01" if len(d) == 4 else d
        if day != check_day:
            sys.exit(f"FAIL: event {e['event_id']} of {d} filed under event_date={day}")
    key = lambda e: (e["doc_id"], e["sentence_id"], e["event_id"])  # noqa: E731
    events.sort(key=key)
    expected.sort(key=key)
    check(len(events) == len(expected) > 100,
          f"Spark wrote {len(events)} events, dyad code {len(expected)}")
    for got, want in zip(events, expected):
        if got != want:
            diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want)
                    if got.get(k) != want.get(k)}
            sys.exit(f"FAIL: event {want['event_id']} of {want['doc_id']} differs: {diff}")
    print("ok: every event equals dyad code's, field for field")
    errors = table(os.path.join(out, "errors"))
    planted = [line.strip() for line in open(os.path.join(a.news, "planted.jsonl"),
                                             encoding="utf-8") if line.strip()]
    check(len(errors) == len(planted) == first["errors"],
          f"errors/ holds the {len(planted)} planted bad inputs ({len(errors)} rows)")
    for err in errors:
        check(err["input"].strip() in planted
              and err["reason"] and err["file"].endswith("planted.jsonl"),
              f"error row for {err['doc_id']}: {err['reason']}")
    documents = table(os.path.join(out, "documents"))
    check(len(documents) == first["documents"] and all(d["bundle"] for d in documents),
          f"documents/ holds the {first['documents']} coded documents with their bundles")
    check(os.path.isfile(os.path.join(out, "runs", first["run"] + ".json")),
          "the run is committed by runs/RUN.json")

    # 2. Incremental: nothing new. A run that died before its commit (a
    # copy of events/ without runs/dead.json) is removed first.
    import shutil
    shutil.copytree(os.path.join(out, "events", "run=" + first["run"]),
                    os.path.join(out, "events", "run=dead"))
    said = submit("--dyad", a.dyad, "--input", a.news, "--output", out, "--incremental",
                  "--run-id", "again", expect=0)
    second = summary(said)
    check(not os.path.exists(os.path.join(out, "events", "run=dead"))
          and any("removing events/run=dead" in line for line in said),
          "the incremental run removed the folder of a run that had not committed")
    check(second["documents"] == 0 and second["errors"] == 0 and second["events"] == 0
          and second["skipped"] == first["documents"] + first["errors"],
          f"the incremental rerun coded nothing and skipped {second['skipped']} inputs")
    check(len(table(os.path.join(out, "events"))) == len(expected)
          and len(table(os.path.join(out, "documents"))) == first["documents"],
          "the incremental rerun added no event and no document")

    mixed = subprocess.run([spark_submit(), "--master", "local[2]", JOB, "--dyad", a.dyad,
                            "--input", a.news, "--output", out, "--incremental",
                            "--columns", "gdelt"], capture_output=True, text=True)
    check(mixed.returncode != 0
          and "holds events with --columns dyad" in mixed.stdout + mixed.stderr,
          "an incremental run with other --columns is refused")

    # 3. GDELT columns, from the same news as a Parquet table.
    import pyarrow as pa
    docs = [json.loads(line) for line in open(a.gdelt_news, encoding="utf-8") if line.strip()]
    pin = os.path.join(a.work, "gdelt-news-parquet")
    os.makedirs(pin)
    pq.write_table(pa.Table.from_pylist(docs), os.path.join(pin, "news.parquet"))
    gout = os.path.join(a.work, "gdelt")
    submit("--dyad", a.dyad, "--input", pin, "--format", "parquet", "--output", gout,
           "--columns", "gdelt", "--threads-per-task", "2", expect=0)
    rows = table(os.path.join(gout, "events"))
    want = [line.rstrip("\n").split("\t") for line in open(a.expected_gdelt, encoding="utf-8")]
    names = [c for c in pq.read_schema(glob.glob(os.path.join(gout, "events", "**", "*.parquet"),
                                                 recursive=True)[0]).names]
    check(len(names) == 61, f"GDELT events have 61 columns (+ partitions): {len(names)}")

    def text(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return repr(v)
        return str(v)

    def norm(fields):
        return tuple(repr(float(f)) if f and i in FLOATS else f for i, f in enumerate(fields))

    FLOATS = {i for i, n in enumerate(names) if n in ("FractionDate", "GoldsteinScale", "AvgTone")
              or n.endswith("_Lat") or n.endswith("_Long")}
    got = sorted(norm([text(r[n]) for n in names]) for r in rows)
    check(got == sorted(norm(w) for w in want) and len(got) > 10,
          f"the {len(got)} GDELT rows from Parquet input equal dyad code --format gdelt's")

    # 4. A binary of the wrong version.
    fake = os.path.join(a.work, "dyad")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\necho 'dyad 0.0.1'\n")
    os.chmod(fake, 0o755)
    started = time.monotonic()
    out2 = subprocess.run([spark_submit(), "--master", "local[2]", JOB, "--dyad", fake,
                           "--input", a.news, "--output", os.path.join(a.work, "never")],
                          capture_output=True, text=True)
    check(out2.returncode != 0 and "is version 0.0.1" in out2.stdout + out2.stderr
          and not os.path.exists(os.path.join(a.work, "never", "documents")),
          f"a dyad of the wrong version stops the job at once "
          f"({time.monotonic() - started:.1f} s, nothing written)")
    missing = subprocess.run([spark_submit(), "--master", "local[2]", JOB, "--dyad",
                              os.path.join(a.work, "no-such-dyad"), "--input", a.news,
                              "--output", os.path.join(a.work, "never")],
                             capture_output=True, text=True)
    check(missing.returncode != 0 and "is missing" in missing.stdout + missing.stderr,
          "a missing dyad binary stops the job with a clear message")
    # 5. dyad dies on one document.
    crash_news = os.path.join(a.work, "crash-news")
    os.makedirs(crash_news)
    with open(a.gdelt_news, encoding="utf-8") as f:
        some = [line for line in f.read().splitlines() if line.strip()][:40]
    some.insert(17, json.dumps({"id": "planted-crash", "text": "KILL-DYAD-HERE. The end."}))
    with open(os.path.join(crash_news, "news.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(some) + "\n")
    wrapper = os.path.join(a.work, "dyad-that-dies")
    with open(wrapper, "w") as f:
        f.write(f"""#!{sys.executable}
# dyad, but it is killed (SIGKILL) when a document says KILL-DYAD-HERE.
import os, signal, subprocess, sys
real = {os.path.abspath(a.dyad)!r}
if sys.argv[1:2] != ["code"]:
    os.execv(real, [real] + sys.argv[1:])
child = subprocess.Popen([real] + sys.argv[1:], stdin=subprocess.PIPE)
for line in sys.stdin.buffer:
    if b"KILL-DYAD-HERE" in line:
        child.stdin.close()
        child.wait()
        os.kill(os.getpid(), signal.SIGKILL)
    child.stdin.write(line)
    child.stdin.flush()
child.stdin.close()
sys.exit(child.wait())
""")
    os.chmod(wrapper, 0o755)
    cout = os.path.join(a.work, "crash-out")
    said = submit("--dyad", wrapper, "--input", crash_news, "--output", cout, expect=2)
    crashed = summary(said)
    errors = table(os.path.join(cout, "errors"))
    check(crashed["documents"] == 40 and len(errors) == 1
          and errors[0]["doc_id"] == "planted-crash"
          and "killed by signal 9" in errors[0]["reason"],
          f"dyad dying on one document: it is the one error ({errors[0]['reason'] if errors else '-'}), "
          f"the other {crashed['documents']} documents are coded")

    # 6. Text files, one document each.
    txt = os.path.join(a.work, "text-news")
    os.makedirs(txt)
    for d in docs[:12]:
        name = d["id"].replace(":", "-").replace("/", "-") + ".txt"
        with open(os.path.join(txt, name), "w", encoding="utf-8") as f:
            f.write(d["text"])
    local = subprocess.run([a.dyad, "code", txt], capture_output=True, text=True, check=True)
    want = sorted(json.dumps(json.loads(line), sort_keys=True) for line in local.stdout.splitlines())
    tout = os.path.join(a.work, "text-out")
    submit("--dyad", a.dyad, "--input", txt, "--format", "text", "--output", tout, expect=0)
    got = []
    for e in table(os.path.join(tout, "events")):
        e.pop("event_date")
        e.pop("run")
        got.append(json.dumps(e, sort_keys=True))
    check(sorted(got) == want and len(want) > 3,
          f"--format text: the {len(got)} events of {len(docs[:12])} text files equal dyad code's")

    print("all Spark checks passed")


if __name__ == "__main__":
    main()
