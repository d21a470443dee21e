#!/usr/bin/env bash
# Provenance into PostgreSQL: rdw's outbox and batched sink against the upload service's way (a new connection, one
# INSERT and one commit per event), N events each (default 100,000), on the same embedded PostgreSQL and table, in
# interleaved rounds (default 3). Prints each run (events per second, peak memory) and the medians; every run checks
# that the table holds exactly its N rows, and any failed run fails the benchmark. Then: how long an upload waits for
# its provenance (one outbox append, forced to disk) against the upload itself.
#
# Usage: bench/provenance-postgres.sh [N [SERVICE_N]]     Needs: Java 17, /usr/bin/time (apt-get install -y time).
# SERVICE_N (default N) sizes the service's runs: one connection per event runs at tens of events per second on a
# 2-core machine, so 100,000 of them take most of an hour per run; rates are per event either way.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100000}"
service_n="${2:-$n}"
rounds="${RDW_BENCH_ROUNDS:-3}"
out="${RDW_BENCH_OUT:-$here/bench-out}/provenance"
rm -rf "$out" && mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }
mvn=("$here/mvnw"); [ -x "${mvn[0]}" ] || mvn=(mvn)

(cd "$here" && "${mvn[@]}" -q -B -DskipTests -pl rdw-admin -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt")
cp="$here/rdw-admin/target/test-classes:$here/rdw-admin/target/classes:$here/rdw-core/target/classes:$(cat "$out/classpath.txt")"
main=io.redback.rdw.admin.postgres.ProvenanceBenchmark

java -cp "$cp" $main server "$out/pg" "$out/port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 600); do [ -s "$out/port" ] && break; sleep 0.1; done
[ -s "$out/port" ] || { cat "$out/server.log" >&2; exit 1; }

run() { # mode events
  local line
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java -Xmx1g -cp "$cp" $main "$1" "$out/port" "$2" "$out" 2>"$out/$1.err") \
    || { echo "the $1 run failed:" >&2; cat "$out/$1.err" >&2; exit 1; }
  echo "${line%\}},\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | sed -n 1p); rdw $n events, service $service_n events, $rounds rounds"
: > "$out/results.jsonl"
for _ in $(seq "$rounds"); do
  run rdw "$n" | tee -a "$out/results.jsonl"
  run service "$service_n" | tee -a "$out/results.jsonl"
done
python3 - "$out/results.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
med = {}
for mode in ("rdw", "service"):
    rs = [r for r in runs if r["mode"] == mode]
    med[mode] = (statistics.median(r["events_per_s"] for r in rs), statistics.median(r["peak_rss_mib"] for r in rs))
    print(f"median {mode:8s} {med[mode][0]:>10,.0f} events/s   peak RSS {med[mode][1]:.0f} MiB   ({len(rs)} runs)")
print(f"rdw / service: {med['rdw'][0] / med['service'][0]:.1f} times the events per second")
PY
java -cp "$cp" $main append "$out/port" 8 "$out" 2>"$out/append.err" || { cat "$out/append.err" >&2; exit 1; }
