#!/usr/bin/env bash
# Fetches 1,000,000 rows x 10 columns three ways and prints rows per second, bytes on the wire and peak memory:
# rdw over Arrow Flight SQL (rows, and Arrow batches for power users), rdw over Dremio's REST v3 paging (500 rows a page), and the existing query proxy's
# behaviour (one page). The servers (an Arrow Flight SQL server and a Dremio REST emulator, both over the same
# Parquet file through the embedded engine) run in one process; each client runs in its own JVM.
#
# Usage: bench/query-transports.sh            Needs: Java 17, Maven, /usr/bin/time (apt-get install -y time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${RDW_BENCH_OUT:-$here/bench-out}/query"
rounds="${RDW_BENCH_ROUNDS:-3}"
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }

(cd "$here" && mvn -q -B -DskipTests -pl rdw-query -am install)
(cd "$here" && mvn -q -B -Dstyle.color=never -pl rdw-query dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/classpath.txt")
cp="$here/rdw-query/target/test-classes:$here/rdw-query/target/classes:$(cat "$out/classpath.txt")"
opens="--add-opens=java.base/java.nio=ALL-UNNAMED"
main=io.redback.rdw.query.dremio.QueryTransportBenchmark

rm -f "$out/ports"
java $opens -Xmx4g -cp "$cp" $main server "$out/warehouse" "$out/ports" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 600); do [ -s "$out/ports" ] && break; sleep 0.1; done
[ -s "$out/ports" ] || { cat "$out/server.log" >&2; exit 1; }

run() { # mode [jvm options]
  local mode="$1"; shift
  local line
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java $opens "$@" -cp "$cp" $main client "$mode" "$out/client" "$out/ports" \
      2>"$out/$mode.err") || { cat "$out/$mode.err" >&2; exit 1; }
  echo "${line%\}},\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1); $rounds rounds"
: > "$out/results.jsonl"
for r in $(seq "$rounds"); do
  for mode in flight flight-arrow rest proxy; do run "$mode" | tee -a "$out/results.jsonl"; done
done
echo "memory bounded while streaming: Flight with -Xmx64m"
run flight -Xmx64m | tee -a "$out/results.jsonl"

python3 - "$out/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])][:-1]
print("\nmedian:")
print(f"{'mode':12} {'rows':>9} {'rows/s':>10} {'MiB on wire':>12} {'peak heap MiB':>14} {'peak RSS MiB':>13}")
for m in ("flight", "flight-arrow", "rest", "proxy"):
    rs = [r for r in rows if r["mode"] == m]
    med = lambda k: statistics.median(r[k] for r in rs)
    print(f"{m:12} {med('rows'):9.0f} {med('rows_per_s'):10.0f} {med('mib_on_wire'):12.1f} {med('peak_heap_mib'):14.0f} {med('peak_rss_mib'):13.0f}")
PY
