#!/usr/bin/env bash
# The Spark path's overhead over plain `dyad code` on the same cores: the
# shared corpus (Wikinews 2019–2021 and all of Reuters-21578, as JSON Lines
# from `dyad-bench corpus`), coded by `dyad code --threads 2` and by the
# Spark job in local[2] mode (spark-submit, events/documents/errors
# written as Parquet), alternately, RUNS times each. Prints every run's wall
# time and peak memory (GNU time's maximum resident set of the largest
# process), the medians, the overhead, and the job's own step times (so
# the fixed costs, JVM start-up and one Parquet folder per event date,
# can be told from the coding). With REPEAT > 1 the corpus is repeated
# (new ids) to show how the fixed costs amortise.
#
#   scripts/bench-spark.sh [RUNS] [REPEAT]     # RUNS=3 REPEAT=1
#   needs: pip install pyspark==4.3.0 pyarrow==26.0.1; the shared data (DYAD_SHARED or ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
repeat="${2:-1}"
shared="${DYAD_SHARED:-../shared}"
work="${DYAD_BENCH_DIR:-/tmp/dyad-spark-bench}"
mkdir -p "$work"
cargo build --release -q -p dyad-cli -p dyad-bench
target/release/dyad-bench corpus --shared "$shared" > "$work/corpus1.jsonl"
python3 - "$work/corpus1.jsonl" "$repeat" > "$work/corpus.jsonl" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for k in range(int(sys.argv[2])):
    for line in lines:
        if k:
            d = json.loads(line)
            d["id"] = f"{d['id']}#{k}"
            line = json.dumps(d, ensure_ascii=False)
        print(line)
EOF
docs=$(wc -l < "$work/corpus.jsonl")
bytes=$(wc -c < "$work/corpus.jsonl")
submit=$(python3 -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')
echo "corpus: $docs documents, $bytes bytes (x$repeat); $(nproc) cores"

plain=()
spark=()
for i in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" target/release/dyad code --threads 2 \
        "$work/corpus.jsonl" > "$work/plain.jsonl"
    read -r s kb < "$work/time.txt"
    plain+=("$s")
    echo "run $i: dyad code --threads 2: ${s} s, peak $((kb / 1024)) MB, $(wc -l < "$work/plain.jsonl") events"
    rm -rf "$work/out"
    set +e
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$submit" --master 'local[2]' \
        --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
        integrations/spark/dyad_spark.py --dyad target/release/dyad \
        --input "$work/corpus.jsonl" --output "$work/out" > "$work/spark.log" 2>&1
    code=$?
    set -e
    if [ "$code" -ne 0 ]; then
        tail -20 "$work/spark.log"
        echo "the Spark job failed (exit $code)" >&2
        exit 1
    fi
    read -r s kb < "$work/time.txt"
    spark+=("$s")
    echo "run $i: Spark local[2]:          ${s} s, peak $((kb / 1024)) MB (largest process)"
    grep '^dyad_spark: .* in [0-9.]* s$' "$work/spark.log" | sed 's/^/         /'
done
python3 - "${plain[*]}" "${spark[*]}" "$docs" <<'EOF'
import statistics, sys
plain = [float(x) for x in sys.argv[1].split()]
spark = [float(x) for x in sys.argv[2].split()]
docs = int(sys.argv[3])
p, s = statistics.median(plain), statistics.median(spark)
print(f"median: dyad code {p:.1f} s ({docs / p:.0f} documents/s), "
      f"Spark {s:.1f} s ({docs / s:.0f} documents/s); overhead {100 * (s - p) / p:.0f}%")
EOF
