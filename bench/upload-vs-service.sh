#!/usr/bin/env bash
# Uploads and downloads a generated file against the in-JVM S3 server (S3Proxy, in its own process), three ways,
# each in its own JVM so its memory is its own: rdw (Bucket.put / Bucket.download), the running upload service's
# approach (whole file in a byte array, one putObject), and the MinIO SDK's uploadObject with default settings.
# Then uploads a file larger than the heap (-Xmx256m) with rdw and with the service's approach.
#
# Usage: bench/upload-vs-service.sh [SIZE_MIB] [BIG_MIB]     (defaults: 1024 and 2048)
# Needs: Java 17, Maven, /usr/bin/time (apt-get install -y time), free disk of about 4 x (SIZE + BIG).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1024}"
big="${2:-2048}"
out="${RDW_BENCH_OUT:-$here/bench-out}/s3"
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }

(cd "$here" && mvn -q -B -DskipTests -pl rdw-storage -am install)
(cd "$here" && mvn -q -B -Dstyle.color=never -pl rdw-storage dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/classpath.txt")
cp="$here/rdw-storage/target/test-classes:$here/rdw-storage/target/classes:$(cat "$out/classpath.txt")"

file="$out/random_${size}MiB.bin"
[ -f "$file" ] || head -c $((size << 20)) /dev/urandom > "$file"
rm -rf "$out/server" "$out/port" "$out/work"; mkdir -p "$out/work"
java -Xmx2g -cp "$cp" io.redback.rdw.storage.bench.S3ServerMain "$out/server" "$out/port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$out/server"' EXIT
for _ in $(seq 100); do [ -s "$out/port" ] && break; sleep 0.1; done
endpoint="http://127.0.0.1:$(cat "$out/port")"

run() { # approach op file key [jvm options...]
  local a="$1" op="$2" f="$3" key="$4"; shift 4
  local line
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java "$@" -cp "$cp" io.redback.rdw.storage.bench.UploadBenchmark \
      "$a" "$op" "$f" "$endpoint" "$key" "$out/work" 2>"$out/$a-$op.err") || true
  [ -n "$line" ] || line="{\"approach\":\"$a\",\"op\":\"$op\",\"error\":\"$(tail -1 "$out/$a-$op.err")\"}"
  echo "${line%\}},\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}"
}

rounds="${RDW_BENCH_ROUNDS:-3}"
echo "file: $size MiB of random bytes; server: S3Proxy (filesystem) in its own JVM at $endpoint; $rounds rounds"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
: > "$out/results.jsonl"
for r in $(seq "$rounds"); do # interleaved, so a noisy moment on a shared machine hits every approach
  for a in rdw service sdk; do run "$a" upload "$file" "bench/$a-$size-$r.bin" | tee -a "$out/results.jsonl"; done
  for a in rdw service sdk; do run "$a" download "$file" "bench/$a-$size-$r.bin" | tee -a "$out/results.jsonl"; done
done

bigfile="$out/random_${big}MiB.bin"
[ -f "$bigfile" ] || head -c $((big << 20)) /dev/urandom > "$bigfile"
echo "file larger than the heap: $big MiB with -Xmx256m"
for a in rdw service; do run "$a" upload "$bigfile" "bench/$a-$big.bin" -Xmx256m | tee -a "$out/results.jsonl"; done
run rdw download "$bigfile" "bench/rdw-$big.bin" -Xmx256m | tee -a "$out/results.jsonl"

python3 - "$out/results.jsonl" "$size" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
size = int(sys.argv[2]) << 20
print(f"\nmedian of the {size >> 20} MiB runs:")
print(f"{'approach':9} {'op':9} {'MiB/s':>7} {'peak heap MiB':>14} {'peak RSS MiB':>13}")
for op in ("upload", "download"):
    for a in ("rdw", "service", "sdk"):
        rs = [r for r in rows if r["approach"] == a and r["op"] == op and r.get("bytes") == size]
        if rs:
            med = lambda k: statistics.median(r[k] for r in rs)
            print(f"{a:9} {op:9} {med('mib_per_s'):7.1f} {med('peak_heap_mib'):14.0f} {med('peak_rss_mib'):13.0f}")
PY
