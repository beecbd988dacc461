#!/usr/bin/env bash
# Ingest benchmark: `dyad ingest` against `dyad code` on the same fixed
# corpus (the shared Wikinews + Reuters-21578 articles as JSON Lines,
# repeated N times with distinct ids), at 1 and 2 threads, printing wall
# time, throughput and peak memory of each run.
#
#   scripts/bench-ingest.sh [REPEAT]     # REPEAT=1; into a temporary SQLite file
#   scripts/bench-ingest.sh 10           # the memory target: the corpus 10 times
#
# Needs python3, GNU time (/usr/bin/time) and ../shared (or $DYAD_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-1}"
shared="${DYAD_SHARED:-../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/bench.db"
cargo build --release -q -p dyad-cli
dyad=target/release/dyad
python3 - "$shared" "$repeat" "$work/corpus.jsonl" <<'PY'
import csv, glob, html, json, re, sys
shared, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
csv.field_size_limit(10**9)
docs = []
for f in sorted(glob.glob(f"{shared}/corpus/wikinews-2019-2021/*.csv")):
    for i, row in enumerate(csv.DictReader(open(f, encoding="utf-8"))):
        docs.append({"id": f"wn-{f.rsplit('/', 1)[-1]}-{i}", "published": row["date"][:10], "text": row["text"]})
for f in sorted(glob.glob(f"{shared}/corpus/reuters21578/*.sgm")):
    raw = open(f, encoding="latin-1").read()
    for j, m in enumerate(re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S)):
        docs.append({"id": f"rt-{f.rsplit('/', 1)[-1]}-{j}", "published": "1987-03-01", "text": html.unescape(m.group(1))})
with open(out, "w") as o:
    for k in range(repeat):
        for d in docs:
            o.write(json.dumps(dict(d, id=f"{d['id']}-r{k}")) + "\n")
print(f"corpus: {len(docs) * repeat} documents", file=sys.stderr)
PY
words=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1])))" "$work/corpus.jsonl")
run() {
    local name="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err" || { cat "$work/err"; exit 1; }
    read -r secs kb < "$work/time"
    printf '%-28s %8.1f s  %9.0f words/s  peak %6.0f MB\n' "$name" "$secs" "$(echo "$words / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}
echo "whitespace-separated words: $words"
run "code, 1 thread" "$dyad" code --threads 1 "$work/corpus.jsonl"
run "code, 2 threads" "$dyad" code --threads 2 "$work/corpus.jsonl"
run "ingest, 1 thread" "$dyad" ingest --quiet --threads 1 --db "$db" "$work/corpus.jsonl"
rm -f "$work"/bench.db*
run "ingest, 2 threads" "$dyad" ingest --quiet --threads 2 --db "$db" "$work/corpus.jsonl"
