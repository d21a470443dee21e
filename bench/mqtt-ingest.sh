#!/usr/bin/env bash
# MQTT ingestion against its floor (issue 15): MESSAGES messages of about 200 bytes (JSON readings) published with QoS 1
# to a local Mosquitto by `rdw mqtt publish --lines` (mosquitto_pub -l of Mosquitto 2.0.11 loses about two thirds of
# 100,000 lines at QoS 1: it ends before its queue is sent), the same publisher for both sides, and taken off the
# broker by
#   rdw   ./rdw mqtt ingest (QoS 1, persistent session, batches of 10,000 stored in an embedded warehouse's bronze,
#         each acknowledged after its object and provenance are stored), until every message is stored;
#   sub   mosquitto_sub -q 1 -c (QoS 1, persistent session) writing each payload to a file: no batching, no
#         provenance, nothing kept but the payloads. The floor.
# Each run starts its consumer, waits until the broker logs its subscription, then times from the first publish to the
# consumer's exit (the last object stored, or the last payload written); peak RSS is /usr/bin/time's. Runs are
# interleaved (rdw, sub, rdw, sub, ...; RDW_BENCH_ROUNDS, at least 3) and the table shows medians.
# Every run checks its output: the payloads rdw stored (parsed from its JSON Lines objects) and those mosquitto_sub
# wrote must both equal the published ones, in order; any difference or failed run fails the benchmark (exit 1).
#
# Usage: bench/mqtt-ingest.sh [MESSAGES]    (default 100000)
# Needs: Java 17, mosquitto and mosquitto-clients (apt-get install -y mosquitto mosquitto-clients), /usr/bin/time,
# python3. Output goes to bench-out/mqtt-ingest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
messages="${1:-100000}"
rounds="${RDW_BENCH_ROUNDS:-3}"
out="${RDW_BENCH_OUT:-$here/bench-out}/mqtt-ingest"
py=/usr/bin/python3; [ -x "$py" ] || py=python3

fail() { echo "mqtt-ingest: $*" >&2; exit 1; }
usage() { echo "mqtt-ingest: $*" >&2; exit 2; }
[[ "$messages" =~ ^[0-9]+$ ]] && [ "$messages" -ge 1 ] || usage "MESSAGES must be a positive number"
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || usage "RDW_BENCH_ROUNDS must be at least 3 (each figure is a median of interleaved runs)"
[ -x /usr/sbin/mosquitto ] || usage "/usr/sbin/mosquitto is missing: apt-get install -y mosquitto"
command -v mosquitto_sub >/dev/null || usage "mosquitto_sub is missing: apt-get install -y mosquitto-clients"
[ -x /usr/bin/time ] || usage "/usr/bin/time is missing: apt-get install -y time"
rm -rf "$out" && mkdir -p "$out"

"$here/rdw" --version > /dev/null || fail "./rdw does not run"

# the readings: about 200 bytes each, one per line
"$py" - "$messages" > "$out/published.txt" <<'PY'
import json, random, sys
random.seed(15)
for i in range(int(sys.argv[1])):
    print(json.dumps({"sensor": "s%03d" % (i % 250), "seq": i, "ts": 1764720000000 + i * 10,
                      "celsius": round(random.uniform(-10, 40), 2), "humidity": round(random.uniform(0, 100), 1),
                      "battery": round(random.uniform(3.0, 4.2), 3), "site": "redback-lab-%d" % (i % 7),
                      "status": random.choice(["ok", "ok", "ok", "warn"]), "firmware": "2.4.1-rc3",
                      "room": "building-%d/floor-%d/room-%03d" % (i % 9, i % 5, i % 400), "unit": "C"},
                     separators=(",", ":")))
PY
avg=$(awk '{ n += length($0) } END { printf "%d", n / NR }' "$out/published.txt")

port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$out/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
user $(id -un)
max_inflight_messages 65535
max_queued_messages 0
log_dest file $out/mosquitto.log
log_type subscribe
log_type error
log_type warning
CONF
/usr/sbin/mosquitto -c "$out/mosquitto.conf" > "$out/mosquitto.out" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null || true; wait $broker 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
kill -0 $broker 2>/dev/null || { cat "$out/mosquitto.out" >&2; fail "mosquitto did not start"; }

await_subscription() { # client id: the broker's log shows its subscription, or the consumer died
  for _ in $(seq 600); do
    grep -q "$1 1 bench/#" "$out/mosquitto.log" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

run() { # side: one measured run; prints "seconds peak_rss_kib"
  local side="$1" id="bench-$1-$round" pid start end
  case "$side" in
    rdw)
      RDW_WAREHOUSE="$out/dw-$round" MQTT_BROKER_URL="tcp://127.0.0.1:$port" /usr/bin/time -f %M -o "$out/$id.rss" \
        "$here/rdw" mqtt ingest --topic 'bench/#' --project bench --client-id "$id" --max-messages 10000 \
        --max-interval 5s --stop-after "$messages" > "$out/$id.out" 2> "$out/$id.err" &
      ;;
    sub)
      /usr/bin/time -f %M -o "$out/$id.rss" mosquitto_sub -h 127.0.0.1 -p "$port" -q 1 -c -i "$id" -t 'bench/#' \
        -C "$messages" > "$out/$id.payloads" 2> "$out/$id.err" &
      ;;
  esac
  pid=$!
  await_subscription "$id" $pid || { cat "$out/$id.err" >&2; fail "$side (round $round) did not subscribe"; }
  start=$(date +%s.%N)
  MQTT_BROKER_URL="tcp://127.0.0.1:$port" "$here/rdw" mqtt publish bench/readings --qos 1 --lines "$out/published.txt" \
    > /dev/null || fail "the publisher failed in round $round ($side)"
  wait $pid || { cat "$out/$id.err" >&2; fail "$side (round $round) failed"; }
  end=$(date +%s.%N)
  if [ "$side" = rdw ]; then
    "$py" - "$out/dw-$round" "$out/$id.payloads" <<'PY' || fail "could not read rdw's objects (round $round)"
import glob, json, sys
with open(sys.argv[2], "w") as out:
    for f in sorted(glob.glob(sys.argv[1] + "/dw-bucket-bronze/bench/*/t0_mqtt/mqtt_*.jsonl")):
        for line in open(f, encoding="utf-8"):
            r = json.loads(line)
            out.write(json.dumps(r["payload"], separators=(",", ":")) + "\n")
PY
  fi
  cmp -s "$out/published.txt" "$out/$id.payloads" \
    || fail "$side (round $round) did not keep the published messages: diff $out/published.txt $out/$id.payloads"
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $(cat "$out/$id.rss")"
  rm -rf "$out/dw-$round"
}

printf '%s messages of %s bytes on average; %s rounds\n' "$messages" "$avg" "$rounds"
printf '%-6s %-5s %10s %12s %12s\n' round side seconds msg/s rss_MiB
for round in $(seq "$rounds"); do
  for side in rdw sub; do
    read -r secs rss < <(run "$side")
    awk -v r="$round" -v s="$side" -v t="$secs" -v n="$messages" -v m="$rss" \
      'BEGIN { printf "%-6s %-5s %10.2f %12.0f %12.0f\n", r, s, t, n / t, m / 1024 }' | tee -a "$out/runs.txt"
  done
done
echo
"$py" - "$out/runs.txt" "$messages" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    _, side, secs, _, rss = line.split()
    runs.setdefault(side, []).append((float(secs), float(rss)))
n = int(sys.argv[2])
med = {s: (statistics.median(v[0] for v in r), statistics.median(v[1] for v in r)) for s, r in runs.items()}
print("median  rdw: %.2f s (%.0f msg/s, %.0f MiB)   mosquitto_sub: %.2f s (%.0f msg/s, %.0f MiB)   rdw/sub time: %.2fx"
      % (med["rdw"][0], n / med["rdw"][0], med["rdw"][1], med["sub"][0], n / med["sub"][0], med["sub"][1],
         med["rdw"][0] / med["sub"][0]))
PY
