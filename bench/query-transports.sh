#!/usr/bin/env bash
# Fetches ROWS rows x 10 columns (default 1,000,000) through rdw's Dremio client over Arrow Flight SQL and over Dremio's
# REST v3 API, doing the same client work on both: every row as a Java object (flight, rest), and every value from
# Arrow batches (flight-arrow, rest-arrow); plus the existing query proxy's behaviour (proxy: the first page only).
# The servers (an Arrow Flight SQL server, and a Dremio REST emulator that runs the job on its own, stores its results
# and serves them 500 rows a page, as Dremio does; both over the same Parquet file through the embedded engine) run in
# one process; each client runs in its own JVM. The modes run interleaved for RDW_BENCH_ROUNDS rounds (at least 3),
# then flight and rest again with -Xmx64m. Prints the median of each figure with every run's value.
# A run that fails, a row count that is not ROWS (the proxy: not its one page of 100), or data that differs between
# Flight and REST (a checksum of every value) stops it with a message and exit 1.
#
# Usage: bench/query-transports.sh [ROWS]      Needs: Java 17, Maven, /usr/bin/time (apt-get install -y time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
out="${RDW_BENCH_OUT:-$here/bench-out}/query"
rounds="${RDW_BENCH_ROUNDS:-3}"

fail() { echo "query-transports: $*" >&2; exit 1; }
[[ "$rows" =~ ^[0-9]+$ ]] && [ "$rows" -ge 1 ] || { echo "query-transports: ROWS must be a positive number" >&2; exit 2; }
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || { echo "query-transports: RDW_BENCH_ROUNDS must be at least 3 (each figure is a median of interleaved runs)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "query-transports: /usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }
mkdir -p "$out"

# compiled in the reactor, nothing installed into ~/.m2: the class path points at the modules' target folders
(cd "$here" && mvn -q -B -DskipTests -Dstyle.color=never -pl rdw-query -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt) || fail "the build failed"
cp="$here/rdw-query/target/test-classes:$here/rdw-query/target/classes:$(cat "$here/rdw-query/target/bench-classpath.txt")"
opens="--add-opens=java.base/java.nio=ALL-UNNAMED"
main=io.redback.rdw.query.dremio.QueryTransportBenchmark

rm -f "$out/ports"
java $opens -Xmx4g -cp "$cp" $main server "$out/warehouse" "$out/ports" "$rows" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1200); do
  [ -s "$out/ports" ] && break
  kill -0 $server 2>/dev/null || { cat "$out/server.log" >&2; fail "the server stopped before it was ready"; }
  sleep 0.1
done
[ -s "$out/ports" ] || { cat "$out/server.log" >&2; fail "the server was not ready within 2 minutes"; }

run() { # label mode [jvm options]: one measured client; a failure stops the benchmark with the client's output
  local label="$1" mode="$2"; shift 2
  local line rc=0
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java $opens "$@" -cp "$cp" $main client "$mode" "$out/client" "$out/ports" \
      "$rows" 2>"$out/$label-$round.err") || rc=$?
  if [ "$rc" -ne 0 ] || [[ "$line" != "{"*"}" ]]; then
    echo "$line" >&2; tail -30 "$out/$label-$round.err" >&2
    fail "$label (round $round) failed (exit $rc; log: $out/$label-$round.err)"
  fi
  kill -0 $server 2>/dev/null || { tail -30 "$out/server.log" >&2; fail "the server died during $label (round $round)"; }
  echo "${line%\}},\"label\":\"$label\",\"round\":$round,\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}" \
      | tee -a "$out/results.jsonl"
}

echo "rows: $rows x 10 columns; $rounds interleaved rounds"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
: > "$out/results.jsonl"
for round in $(seq "$rounds"); do
  for mode in flight rest flight-arrow rest-arrow proxy; do run "$mode" "$mode"; done
done
echo "memory bounded while streaming: flight and rest with -Xmx64m"
for round in $(seq "$rounds"); do
  run flight-64m flight -Xmx64m
  run rest-64m rest -Xmx64m
done

python3 - "$out/results.jsonl" "$rows" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
expected = int(sys.argv[2])
labels = ["flight", "rest", "flight-arrow", "rest-arrow", "proxy", "flight-64m", "rest-64m"]
problems = []
for r in runs:
    want = min(100, expected) if r["label"] == "proxy" else expected
    if r["rows"] != want:
        problems.append(f"{r['label']} round {r['round']} read {r['rows']} rows, not {want}")
checksums = {}
for l in labels:
    sums = {r["checksum"] for r in runs if r["label"] == l}
    if len(sums) != 1:
        problems.append(f"{l}: the rounds read different data (checksums {sorted(sums)})")
    checksums[l] = sums.pop() if sums else None
for same in (["flight", "rest", "flight-64m", "rest-64m"], ["flight-arrow", "rest-arrow"]):
    if len({checksums[l] for l in same}) != 1:
        problems.append("Flight and REST returned different data: " + ", ".join(f"{l} {checksums[l]}" for l in same))
print(f"\nmedian of {len(runs) // len(labels)} interleaved runs (per run in brackets):")
print(f"{'mode':12} {'rows':>9} {'rows/s':>10} {'MiB on wire':>12} {'peak heap MiB':>14} {'peak RSS MiB':>13}   seconds per run")
for l in labels:
    rs = [r for r in runs if r["label"] == l]
    med = lambda k: statistics.median(r[k] for r in rs)
    print(f"{l:12} {med('rows'):9.0f} {med('rows_per_s'):10.0f} {med('mib_on_wire'):12.1f} {med('peak_heap_mib'):14.0f} "
          f"{med('peak_rss_mib'):13.0f}   [{', '.join(str(r['seconds']) for r in rs)}]")
if problems:
    print("\nquery-transports: FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print("\nevery run read every row; Flight and REST returned the same values (rows and Arrow checksums agree)")
PY
