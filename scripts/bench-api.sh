#!/usr/bin/env bash
# API latency under load: wrk (Debian's package) against `dyad serve` on
# loopback over a SQLite store of 1 million synthetic events (made once by
# the api_bench example, then reused), 8 s per endpoint and load: one
# connection (one user clicking), two (one per core of the 2-core
# reference machine), then four (more clients than cores: queueing). Prints requests/s and the latency percentiles wrk
# reports; the target is p99 < 50 ms for /api/timeline and the first page
# of /api/events.
#
#   scripts/bench-api.sh [EVENTS]        # EVENTS=1000000; store in /tmp/dyad-api-bench-EVENTS.db
#   DYAD_BENCH_LOADS="8" scripts/bench-api.sh   # other connection counts
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
db="${DYAD_BENCH_DB:-/tmp/dyad-api-bench-$events.db}"
port="${DYAD_BENCH_PORT:-18088}"
if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk (apt-get)" >&2
    { apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }; } >/dev/null
fi
cargo build --release -q -p dyad-cli -p dyad-server --example api_bench
target/release/examples/api_bench --fill-only --events "$events" --db "$db"
target/release/dyad serve --db "$db" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
    sleep 0.1
done
base="http://127.0.0.1:$port"
cursor=$(curl -sf "$base/api/events?source=USA" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
doc=$(curl -sf "$base/api/events?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["doc_id"])')
echo "store: $db ($events events); server: $base"
for c in ${DYAD_BENCH_LOADS:-1 2 4}; do
threads=$(( c < 2 ? c : 2 ))
echo "== wrk -t$threads -c$c -d8s --latency"
printf '%-46s %10s %9s %9s %9s %9s\n' endpoint "req/s" p50 p90 p99 max
for path in \
    "/api/timeline?source=USA&target=CHN&by=month" \
    "/api/timeline?source=ISR&by=week" \
    "/api/events" \
    "/api/events?source=USA" \
    "/api/events?source=USA&cursor=$cursor" \
    "/api/events?source=RUS&target=UKR&both_directions=true&quad_class=4" \
    "/api/places?source=RUS&limit=200" \
    "/api/places?limit=500" \
    "/api/dyads?limit=1" \
    "/api/documents/$doc" \
    "/api/catalog/actors?q=chin" \
    "/" ; do
    out=$(timeout 30 wrk -t"$threads" -c"$c" -d8s --latency "$base$path")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p90=$(awk '$1=="90%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    max=$(awk '$1=="Latency" {print $4}' <<<"$out")
    errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)
    shown="${path:0:46}"
    printf '%-46s %10s %9s %9s %9s %9s %s\n' "$shown" "$rps" "$p50" "$p90" "$p99" "$max" "$errors"
done
done
