#!/usr/bin/env bash
# Kafka, rdw's way against the FastAPI stack's, on one in-JVM KRaft broker (Kafka 4.3.1, one node) with one rdw worker:
#  events: EVENTS warehouse events through rdw's KafkaEventSink (one idempotent producer, acks=all, the outbox's
#          batches of 500; an event's latency is its batch's wait for the acknowledgement) against a new KafkaProducer
#          for each event, as the FastAPI endpoint did (latency: send to acknowledgement; the rate counts the rest);
#  jobs:   ROUNDTRIPS request/reply round trips through one Jobs client (correlated, reply reader assigned once) against
#          a new producer and a new consumer for each request (subscribed to the reply topic, polling until the reply
#          with its id arrives; made correct by waiting for its assignment before sending), the same worker answering.
# Runs are interleaved (rdw, stack, rdw, stack, ...; RDW_BENCH_ROUNDS, default 3), each in a JVM of its own; the table
# shows medians. Every run checks its result (the count of events on its topic, each reply's payload) and any failed
# run fails the benchmark.
#
# Usage: bench/stream-kafka.sh [EVENTS [ROUNDTRIPS]]   (defaults 100000 and 1000)    Needs: Java 17, python3.
# The stack's runs are smaller, since they make a client per event: RDW_BENCH_STACK_EVENTS (default min(EVENTS, 2000))
# and RDW_BENCH_STACK_ROUNDTRIPS (default min(ROUNDTRIPS, 200)); rates and percentiles are per event either way.
# On 2 cores a full run takes about a quarter of an hour; output goes to bench-out/stream-kafka.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${1:-100000}"
roundtrips="${2:-1000}"
stack_events="${RDW_BENCH_STACK_EVENTS:-$(( events < 2000 ? events : 2000 ))}"
stack_roundtrips="${RDW_BENCH_STACK_ROUNDTRIPS:-$(( roundtrips < 200 ? roundtrips : 200 ))}"
rounds="${RDW_BENCH_ROUNDS:-3}"
out="${RDW_BENCH_OUT:-$here/bench-out}/stream-kafka"
rm -rf "$out" && mkdir -p "$out"
mvn=("$here/mvnw"); [ -x "${mvn[0]}" ] || mvn=(mvn)

(cd "$here" && "${mvn[@]}" -q -B -DskipTests -pl rdw-stream -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt")
# a copy of the classes, so that a build during the runs does not change what they run
for d in rdw-stream/target/test-classes rdw-stream/target/classes rdw-core/target/classes; do
  mkdir -p "$out/classes/$d" && cp -r "$here/$d/." "$out/classes/$d/"
done
cp="$out/classes/rdw-stream/target/test-classes:$out/classes/rdw-stream/target/classes:$out/classes/rdw-core/target/classes"
cp="$cp:$(cat "$out/classpath.txt")"
main=io.redback.rdw.stream.kafka.StreamBenchmark
quiet=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

java -Xmx1g "${quiet[@]}" -cp "$cp" $main server "$out/servers" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1200); do [ -s "$out/servers" ] && break; kill -0 $server 2>/dev/null || break; sleep 0.1; done
[ -s "$out/servers" ] || { echo "the broker did not start:" >&2; tail -50 "$out/server.log" >&2; exit 1; }

run() { # mode n
  java -Xmx1g "${quiet[@]}" -cp "$cp" $main "$1" "$out/servers" "$2" 2>"$out/$1.err" \
    || { echo "the $1 run failed:" >&2; tail -30 "$out/$1.err" >&2; exit 1; }
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | sed -n 1p); broker: in-JVM KRaft, 1 node"
echo "events: rdw $events, stack $stack_events; round trips: rdw $roundtrips, stack $stack_roundtrips; $rounds rounds"
: > "$out/results.jsonl"
for _ in $(seq "$rounds"); do
  run rdw-events "$events" | tee -a "$out/results.jsonl"
  run stack-events "$stack_events" | tee -a "$out/results.jsonl"
  run rdw-jobs "$roundtrips" | tee -a "$out/results.jsonl"
  run stack-jobs "$stack_roundtrips" | tee -a "$out/results.jsonl"
done
python3 - "$out/results.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
def med(mode, field):
    return statistics.median(r[field] for r in runs if r["mode"] == mode)
print()
print(f"{'median of ' + str(sum(r['mode'] == 'rdw-events' for r in runs)) + ' runs':28s} {'n':>8s} {'per s':>10s} {'p50 ms':>9s} {'p99 ms':>9s} {'total s':>9s}")
for mode, label in (("rdw-events", "events: rdw KafkaEventSink"), ("stack-events", "events: producer per event"),
                    ("rdw-jobs", "jobs: rdw Jobs.request"), ("stack-jobs", "jobs: new producer+consumer")):
    print(f"{label:28s} {int(med(mode, 'n')):>8d} {med(mode, 'per_s'):>10,.1f} {med(mode, 'p50_ms'):>9.2f} "
          f"{med(mode, 'p99_ms'):>9.2f} {med(mode, 'seconds'):>9.2f}")
print(f"events: rdw {med('rdw-events', 'per_s') / med('stack-events', 'per_s'):,.0f} times the events per second; "
      f"jobs: rdw {med('rdw-jobs', 'per_s') / med('stack-jobs', 'per_s'):,.1f} times the round trips per second")
PY
