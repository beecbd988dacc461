#!/usr/bin/env python3
"""dyad on Apache Spark: code news too large for one machine.

Each Spark task streams its partition of documents, as dyad's JSON Lines
input, through one `dyad code --format spark` process and reads back one
line per document: its events, their GDELT fields and everything the store
keeps of it, or why it failed. The job writes three Parquet tables under OUTPUT, each
run in its own `run=ID` folder, committed by `OUTPUT/runs/ID.json`:

  events/run=ID/event_date=YYYY-MM-DD/   the events, with the fields of
                                         `dyad code`'s JSON Lines (or the
                                         GDELT 2.0 columns with --columns gdelt)
  documents/run=ID/                      one row per coded document: doc_id,
                                         input_key, hash, published, events,
                                         dyad_version and bundle (what
                                         `dyad ingest OUTPUT` loads)
  errors/run=ID/                         one row per input dyad could not
                                         code: file, doc_id, reason, the input

See integrations/spark/README.md and the README's "dyad on Spark" section.
"""

import argparse
import collections
import datetime
import json
import os
import stat
import subprocess
import sys
import threading

# The dyad release this job drives; a binary of another version stops the
# job before any document is read.
DYAD_VERSION = "0.1.0"

# Exit codes: 0 all coded, 2 some inputs failed (written to errors/),
# 1 the job could not run (bad options, missing or wrong binary).
EXIT_INPUTS_FAILED = 2


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="dyad_spark.py",
        description="Code news with dyad on Apache Spark; write events, documents "
        "and errors as Parquet under OUTPUT.",
        epilog="Example: spark-submit --master local[2] --files target/release/dyad "
        "integrations/spark/dyad_spark.py --dyad dyad --input news/ --output out/",
    )
    p.add_argument("--input", required=True, action="append",
                   help="files or folders to read, on any storage Spark reads "
                   "(file:, hdfs:, s3a:); repeatable")
    p.add_argument("--format", default="jsonl", choices=["jsonl", "parquet", "text", "html"],
                   help="jsonl: dyad's JSON Lines documents (id, text or html, title, url, "
                   "source, published), .gz too; parquet: rows with those columns; "
                   "text/html: one document per file, its id the file name without its "
                   "extension (default: jsonl)")
    p.add_argument("--output", required=True, help="the output folder (any Spark storage)")
    p.add_argument("--dyad", default="dyad",
                   help="the dyad binary: a path on the driver (shipped to the executors "
                   "with SparkContext.addFile), or the name of a file given to "
                   "spark-submit --files (default: dyad)")
    p.add_argument("--columns", default="dyad", choices=["dyad", "gdelt"],
                   help="event columns: dyad's JSON Lines fields (default) or the 61 "
                   "GDELT 2.0 Events columns")
    for name, what in [("actors", "actor dictionary"), ("verbs", "verb pattern file"),
                       ("gazetteer", "GeoNames file"), ("themes", "theme dictionary"),
                       ("tone", "tone lexicon")]:
        p.add_argument("--" + name, action="append", default=[], metavar="FILE",
                       help=f"extra {what}, shipped to every task (dyad code --{name}); repeatable")
    p.add_argument("--no-enrich", action="store_true",
                   help="no places, dates, quotations, themes or tone (dyad code --no-enrich)")
    p.add_argument("--threads-per-task", type=int, default=1, metavar="N",
                   help="dyad threads per task (default 1); set spark.task.cpus to the same N")
    p.add_argument("--partitions", type=int, default=0, metavar="N",
                   help="repartition the input into N partitions before coding (default: as "
                   "read, or 4 per core when the input gives fewer partitions than cores, "
                   "so that no core waits for one long partition)")
    p.add_argument("--incremental", action="store_true",
                   help="append to OUTPUT, skipping inputs already coded or already failed "
                   "there (same document id, or the same input record)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace an existing OUTPUT (without it, a non-empty OUTPUT is an "
                   "error unless --incremental)")
    p.add_argument("--run-id", default=None,
                   help="name of this run's folders (default: the UTC start time)")
    args = p.parse_args(argv)
    if args.threads_per_task < 1:
        p.error("--threads-per-task must be at least 1")
    if args.incremental and args.overwrite:
        p.error("--incremental and --overwrite exclude each other")
    return args


# ---------------------------------------------------------------- the binary

def dyad_path(name):
    """The binary on this machine: a SparkFiles copy if one was shipped,
    else the path as given. Makes it executable (shipped files may not be)."""
    path = shipped_file(name)
    if os.path.isfile(path) and not os.access(path, os.X_OK):
        try:
            os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError:
            pass
    return path


def version_problem(path):
    """None when `path --version` says DYAD_VERSION, else what is wrong."""
    try:
        out = subprocess.run([path, "--version"], capture_output=True, timeout=60)
    except FileNotFoundError:
        return f"the dyad binary {path!r} is missing"
    except PermissionError:
        return f"the dyad binary {path!r} is not executable"
    except OSError as e:
        return f"the dyad binary {path!r} cannot run: {e}"
    except subprocess.TimeoutExpired:
        return f"the dyad binary {path!r} did not answer --version within 60 s"
    said = out.stdout.decode("utf-8", "replace").strip()
    if out.returncode != 0 or not said.startswith("dyad "):
        return (f"{path!r} is not a dyad binary (--version exited {out.returncode}: "
                f"{said or out.stderr.decode('utf-8', 'replace').strip()[:200]!r})")
    version = said.split()[1]
    if version != DYAD_VERSION:
        return (f"the dyad binary {path!r} is version {version}; this job drives "
                f"{DYAD_VERSION}: ship the binary built from the same checkout")
    return None


def options_problem(cmd):
    """None when dyad starts with these options (dictionaries that load),
    else its complaint."""
    out = subprocess.run(cmd, input=b"", capture_output=True, timeout=600)
    if out.returncode != 0:
        return ("dyad does not start with these options: "
                + out.stderr.decode("utf-8", "replace").strip()[-500:])
    return None


def check_binary(sc, args):
    """Fails early, on the driver and on every executor, when the binary is
    missing or of the wrong version, or does not start with the options."""
    name = args.dyad
    if os.path.isfile(name):
        problem = version_problem(name)
        if problem:
            raise SystemExit(f"dyad_spark: {problem}")

    def probe(_):
        import socket
        problem = version_problem(dyad_path(name)) or options_problem(dyad_command(args))
        yield (socket.gethostname(), problem)

    n = max(1, sc.defaultParallelism)
    seen = sc.parallelize(range(n), n).mapPartitions(probe).collect()
    bad = sorted({f"{host}: {problem}" for host, problem in seen if problem})
    if bad:
        raise SystemExit("dyad_spark: the executors cannot run dyad:\n  " + "\n  ".join(bad))


def dyad_command(args):
    cmd = [dyad_path(args.dyad), "code", "--format", "spark",
           "--threads", str(args.threads_per_task)]
    for name in ["actors", "verbs", "gazetteer", "themes", "tone"]:
        for f in getattr(args, name):
            cmd += ["--" + name, shipped_file(f)]
    if args.no_enrich:
        cmd.append("--no-enrich")
    return cmd


def shipped_file(path):
    """The local copy of a file shipped with addFile or --files, else `path`."""
    from pyspark import SparkFiles
    try:
        local = SparkFiles.get(os.path.basename(path))
        if os.path.isfile(local):
            return local
    except Exception:
        pass
    return path


# ------------------------------------------------------------- one partition

def crash_line(returncode, stderr):
    """The `error` line for a record on which dyad itself stopped."""
    how = (f"killed by signal {-returncode}" if returncode is not None and returncode < 0
           else f"exited with status {returncode}")
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    reason = f"dyad stopped while coding this document ({how})"
    if tail:
        reason += ": " + " | ".join(tail)
    return b"error\t" + json.dumps({"file": "-", "line": None, "doc_id": None,
                                     "reason": reason}).encode("utf-8")


def stream(cmd, rows, pending, status):
    """Runs one dyad over `rows` (an iterator of (file, input_key, record)),
    yielding (row, output line) in input order. Stops early, leaving the
    unanswered rows in `pending`, when dyad dies; then `status` holds its
    exit code and what it printed on stderr."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    stderr_chunks = []
    err_reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()),
                                  daemon=True)
    err_reader.start()

    def feed():
        try:
            for row in rows:
                pending.append(row)
                proc.stdin.write(row[2].encode("utf-8") + b"\n")
            proc.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    # dyad writes exactly one line per non-blank input line, in order.
    for line in proc.stdout:
        if not pending:
            break
        yield pending.popleft(), line.rstrip(b"\n")
    writer.join()
    proc.wait()
    err_reader.join()
    status["code"] = proc.returncode
    status["stderr"] = b"".join(c for c in stderr_chunks if c)


def code_partition(args):
    """The task: (file, input_key, record) rows in; (file, input_key, the
    record when it failed, dyad's line) rows out."""
    cmd = dyad_command(args)

    def answer(row, line):
        return (row[0], row[1], None if line.startswith(b"doc\t") else row[2], line)

    def run(rows):
        rows = iter(r for r in rows if r[2] and r[2].strip())
        while True:
            pending, status = collections.deque(), {}
            for row, line in stream(cmd, rows, pending, status):
                yield answer(row, line)
            if not pending and status["code"] in (0, EXIT_INPUTS_FAILED):
                return
            # dyad died with documents under way: code each of them alone,
            # so that only the one that kills it is an error, then go on
            # with a new dyad for the rest of the partition.
            for row in list(pending):
                alone = {}
                answered = list(stream(cmd, iter([row]), collections.deque(), alone))
                if answered:
                    yield answer(row, answered[0][1])
                else:
                    yield answer(row, crash_line(alone["code"], alone["stderr"]))

    return run


def code_batches(args, batch_rows=512):
    """The same as a function over Arrow record batches (`mapInArrow`),
    which moves rows between the JVM and Python far faster than pickling."""
    run = code_partition(args)

    def over(batches):
        import pyarrow as pa

        def rows():
            for b in batches:
                cols = [b.column(n).to_pylist() for n in ("file", "input_key", "record")]
                yield from zip(*cols)

        # dyad's lines stay bytes (valid UTF-8: dyad writes nothing else);
        # the JVM reads them as strings.
        types = [pa.string(), pa.string(), pa.string(), pa.binary()]

        def batch(cols):
            return pa.RecordBatch.from_arrays([pa.array(c, t) for c, t in zip(cols, types)],
                                              names=list(CODED_COLUMNS))

        out = ([], [], [], [])
        for row in run(rows()):
            for col, v in zip(out, row):
                col.append(v)
            if len(out[0]) >= batch_rows:
                yield batch(out)
                out = ([], [], [], [])
        if out[0]:
            yield batch(out)

    return over


CODED_COLUMNS = ("file", "input_key", "record", "line")


# --------------------------------------------------------------------- input

def read_input(spark, args):
    """The input as (file, record): each record one line of dyad's JSON
    Lines input."""
    from pyspark.sql import functions as F
    if args.format == "jsonl":
        df = spark.read.text(args.input)
        return df.select(F.input_file_name().alias("file"), F.col("value").alias("record"))
    if args.format in ("text", "html"):
        df = spark.read.text(args.input, wholetext=True)
        # As dyad names a .txt or .html file: its name without the extension.
        name = F.regexp_replace(F.element_at(F.split(F.input_file_name(), "/"), -1),
                                r"\.[^.]*$", "")
        field = "text" if args.format == "text" else "html"
        return df.select(F.input_file_name().alias("file"),
                         F.to_json(F.struct(name.alias("id"), F.col("value").alias(field)))
                         .alias("record"))
    df = spark.read.parquet(*args.input)
    known = ["id", "text", "html", "title", "url", "source", "published"]
    cols = [F.col(c).cast("string").alias(c) for c in known if c in df.columns]
    if "text" not in df.columns and "html" not in df.columns:
        raise SystemExit("dyad_spark: the Parquet input has neither a `text` nor an `html` "
                         f"column (columns: {', '.join(df.columns)})")
    return df.select(F.input_file_name().alias("file"), F.to_json(F.struct(*cols)).alias("record"))


# -------------------------------------------------------------------- schema

def actor_type():
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    return StructType([StructField("code", StringType()), StructField("text", StringType()),
                       StructField("country", StringType()), StructField("sector", StringType()),
                       StructField("start", LongType()), StructField("end", LongType())])


def event_type():
    """The fields of `dyad code`'s JSON Lines events."""
    from pyspark.sql.types import (ArrayType, DoubleType, IntegerType, LongType, StringType,
                                   StructField, StructType)
    S, L, offsets = StringType(), LongType(), ArrayType(LongType())
    place = StructType([StructField("name", S), StructField("type", S),
                        StructField("country", S), StructField("adm1", S),
                        StructField("lat", DoubleType()), StructField("lon", DoubleType()),
                        StructField("geonames_id", L), StructField("span", offsets),
                        StructField("basis", S)])
    return StructType([
        StructField("doc_id", S), StructField("event_id", S),
        StructField("sentence_id", L), StructField("sentence_text", S),
        StructField("source", actor_type()), StructField("target", actor_type()),
        StructField("code", S), StructField("root", S),
        StructField("quad_class", IntegerType()), StructField("goldstein", DoubleType()),
        StructField("plover", StructType([StructField("type", S), StructField("mode", S)])),
        StructField("date", S), StructField("date_precision", S),
        StructField("date_span", offsets), StructField("place", place),
        StructField("quotes", ArrayType(L)),
        StructField("evidence", StructType([StructField("verb", offsets),
                                            StructField("pattern", S)])),
        StructField("reporter", actor_type()),
    ])


# The GDELT 2.0 Events columns (dyad export --format gdelt-events) and the
# Spark type of each; the rest are strings.
GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name "
    "Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code Actor2Code "
    "Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code IsRootEvent "
    "EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode "
    "Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code "
    "Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type "
    "ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
GDELT_TYPES = {
    "GLOBALEVENTID": "bigint", "SQLDATE": "int", "MonthYear": "int", "Year": "int",
    "FractionDate": "double", "IsRootEvent": "int", "QuadClass": "int",
    "GoldsteinScale": "double", "NumMentions": "int", "NumSources": "int",
    "NumArticles": "int", "AvgTone": "double", "Actor1Geo_Type": "int",
    "Actor1Geo_Lat": "double", "Actor1Geo_Long": "double", "Actor2Geo_Type": "int",
    "Actor2Geo_Lat": "double", "Actor2Geo_Long": "double", "ActionGeo_Type": "int",
    "ActionGeo_Lat": "double", "ActionGeo_Long": "double", "DATEADDED": "bigint",
}

ERROR_TYPE = "struct<file: string, line: bigint, doc_id: string, reason: string>"


def parse_lines(coded):
    """Splits `dyad code --format spark` lines (see its --help) into
    columns, leaving the event and bundle JSON as text."""
    from pyspark.sql import functions as F
    # F.get: NULL past the end (an error line has two fields), even in ANSI mode.
    parts = [F.get(F.split("line", "\t", 7), i) for i in range(7)]
    nonempty = lambda c: F.when(c != "", c)  # noqa: E731
    return coded.select(
        "file", "input_key", "record",
        (parts[0] == "doc").alias("ok"),
        nonempty(parts[1]).alias("doc_id"), nonempty(parts[2]).alias("hash"),
        nonempty(parts[3]).alias("published"),
        F.when(parts[4] != "", F.split(parts[4], "\x1e")).otherwise(F.array()).alias("events"),
        F.when(parts[5] != "", F.split(parts[5], "\x1e")).otherwise(F.array()).alias("gdelt"),
        parts[6].alias("bundle"),
        F.when(parts[0] == "error", F.from_json(parts[1], ERROR_TYPE))
        .alias("error"))


# ----------------------------------------------------------------- the store

def hadoop_fs(spark, path):
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), p


def children(spark, path):
    fs, p = hadoop_fs(spark, path)
    if not fs.exists(p):
        return []
    return [s.getPath().getName() for s in fs.listStatus(p)]


def committed_runs(spark, out):
    return {n[:-len(".json")] for n in children(spark, out + "/runs") if n.endswith(".json")}


def drop_uncommitted(spark, out):
    """Deletes the folders of runs that died before committing: their
    documents were never recorded, so the next run codes them again."""
    done = committed_runs(spark, out)
    for table in ["events", "documents", "errors"]:
        for name in children(spark, f"{out}/{table}"):
            if name.startswith("run=") and name[4:] not in done:
                fs, p = hadoop_fs(spark, f"{out}/{table}/{name}")
                print(f"dyad_spark: removing {table}/{name}, left by a run that did not finish",
                      file=sys.stderr)
                fs.delete(p, True)


def write_text(spark, path, text):
    fs, p = hadoop_fs(spark, path)
    stream = fs.create(p, True)
    stream.write(bytearray(text.encode("utf-8")))
    stream.close()


# ----------------------------------------------------------------------- job

class Steps:
    """Prints how long each step of the run took, on stderr."""

    def __init__(self):
        import time
        self.clock = time.monotonic
        self.last = self.clock()

    def done(self, what):
        now = self.clock()
        print(f"dyad_spark: {what} in {now - self.last:.1f} s", file=sys.stderr)
        self.last = now


def run(spark, argv):
    """Runs the job in `spark`; returns the exit code."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    args = parse_args(argv)
    steps = Steps()
    sc = spark.sparkContext
    out = args.output.rstrip("/")
    run_id = args.run_id or datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ")

    existing = children(spark, out)
    if existing and not args.incremental and not args.overwrite:
        raise SystemExit(f"dyad_spark: {out} is not empty: give --incremental to add to it "
                         "or --overwrite to replace it")
    done_runs = committed_runs(spark, out) if args.incremental else set()
    if run_id in done_runs:
        raise SystemExit(f"dyad_spark: run {run_id} is already in {out}")
    if done_runs:
        kinds = {r["columns"] for r in spark.read.json(out + "/runs", multiLine=True)
                 .select("columns").distinct().collect()}
        if kinds != {args.columns}:
            raise SystemExit(f"dyad_spark: {out} holds events with --columns "
                             f"{', '.join(sorted(kinds))}; this run would add {args.columns}")

    if __name__ != "__main__":
        # Imported (by a test or a notebook): the workers import this
        # module to unpickle the task functions.
        sc.addPyFile(os.path.abspath(__file__))
    if os.path.isfile(args.dyad):
        sc.addFile(os.path.abspath(args.dyad))
    for name in ["actors", "verbs", "gazetteer", "themes", "tone"]:
        for f in getattr(args, name):
            sc.addFile(f)
    check_binary(sc, args)
    steps.done(f"checked dyad {DYAD_VERSION} on the executors")
    # Only now, with a binary that works, is anything deleted.
    if existing and args.overwrite:
        fs, p = hadoop_fs(spark, out)
        fs.delete(p, True)
    if args.incremental:
        drop_uncommitted(spark, out)

    # Blank lines are no documents (dyad skips them too).
    docs = read_input(spark, args).where(~F.col("record").rlike(r"^\s*$"))
    docs = docs.withColumn("input_key", F.sha2(F.col("record"), 256))
    inputs = None
    if done_runs:
        ledger = spark.read.parquet(out + "/documents")
        seen = ledger.select("input_key").union(
            spark.read.parquet(out + "/errors").select("input_key"))
        ids = ledger.select(F.col("doc_id").alias("id")).distinct()
        inputs = docs.count()
        docs = (docs.join(seen.distinct(), "input_key", "left_anti")
                .withColumn("id", F.get_json_object("record", "$.id"))
                .join(ids, "id", "left_anti").drop("id"))
        steps.done(f"counted {inputs} inputs")
    if args.partitions > 0:
        docs = docs.repartition(args.partitions)
    elif docs.rdd.getNumPartitions() < 2 * sc.defaultParallelism:
        docs = docs.repartition(4 * sc.defaultParallelism)

    coded = docs.select("file", "input_key", "record").mapInArrow(
        code_batches(args), "file string, input_key string, record string, line binary")
    coded = coded.withColumn("line", F.col("line").cast("string"))
    coded = parse_lines(coded).persist(StorageLevel.MEMORY_AND_DISK)
    # The coding happens here, on every partition at once; the writes read
    # the cached result.
    counts = coded.select(
        F.count(F.when(F.col("ok"), 1)).alias("documents"),
        F.count(F.when(~F.col("ok"), 1)).alias("errors"),
        F.sum(F.when(F.col("ok"), F.size("events")).otherwise(0)).alias("events"),
    ).first()
    coded_inputs = counts["documents"] + counts["errors"]
    steps.done(f"coded {coded_inputs} inputs")
    # What was left out: inputs coded (or failed) by earlier runs.
    skipped = inputs - coded_inputs if inputs is not None else 0

    ok = coded.where("ok")
    if args.columns == "gdelt":
        g = ok.select(F.explode("gdelt").alias("g")).select(F.split("g", "\x1f").alias("g"))
        cols = [F.when(F.get("g", i) != "", F.get("g", i)).cast(GDELT_TYPES.get(c, "string"))
                .alias(c) for i, c in enumerate(GDELT_COLUMNS)]
        events = g.select(*cols).withColumn(
            "event_date", F.date_format(F.to_date(F.col("SQLDATE").cast("string"), "yyyyMMdd"),
                                        "yyyy-MM-dd"))
    else:
        e = ok.select(F.explode("events").alias("e")).select(
            F.from_json("e", event_type()).alias("e")).select("e.*")
        # The first day of the event's period: 2022-02 files under 2022-02-01.
        events = e.withColumn("event_date", F.when(F.length("date") == 10, F.col("date"))
                              .when(F.length("date") == 7, F.concat("date", F.lit("-01")))
                              .when(F.length("date") == 4, F.concat("date", F.lit("-01-01"))))
    # Events are few beside the documents: each date's events go to one
    # task, so each date folder gets one file, not one per partition.
    events.repartition(sc.defaultParallelism, "event_date").write.mode("append") \
        .partitionBy("event_date").parquet(f"{out}/events/run={run_id}")
    steps.done("wrote events/")

    errors = coded.where("not ok").select(
        "file", F.lit(None).cast("bigint").alias("line"),
        F.coalesce("error.doc_id", F.get_json_object("record", "$.id")).alias("doc_id"),
        F.regexp_replace("error.reason", r"^-:\d+: ", "").alias("reason"),
        F.col("record").alias("input"), "input_key", F.lit(DYAD_VERSION).alias("dyad_version"))
    errors.write.mode("append").parquet(f"{out}/errors/run={run_id}")
    steps.done("wrote errors/")

    documents = ok.select("doc_id", "input_key", "hash", "published",
                          F.size("events").alias("events"), "bundle",
                          F.lit(DYAD_VERSION).alias("dyad_version"))
    documents.write.mode("append").parquet(f"{out}/documents/run={run_id}")
    steps.done("wrote documents/")

    summary = {"run": run_id, "documents": counts["documents"], "errors": counts["errors"],
               "events": int(counts["events"] or 0), "skipped": skipped,
               "columns": args.columns, "dyad_version": DYAD_VERSION,
               "input": args.input, "format": args.format}
    # The commit: a run without this file is removed by the next one.
    write_text(spark, f"{out}/runs/{run_id}.json", json.dumps(summary, indent=1) + "\n")
    coded.unpersist()
    print("dyad_spark: " + json.dumps(summary), file=sys.stderr)
    if counts["errors"]:
        print(f"dyad_spark: {counts['errors']} input(s) failed; see {out}/errors/run={run_id}",
              file=sys.stderr)
        return EXIT_INPUTS_FAILED
    return 0


def main(argv=None):
    from pyspark.sql import SparkSession
    argv = sys.argv[1:] if argv is None else argv
    parse_args(argv)  # --help and option errors before Spark starts
    spark = SparkSession.builder.appName("dyad").getOrCreate()
    try:
        code = run(spark, argv)
    finally:
        spark.stop()
    sys.exit(code)


if __name__ == "__main__":
    main()
