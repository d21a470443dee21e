#!/usr/bin/env bash
# Uploads and downloads a generated file against the in-JVM S3 server (S3Proxy, in its own process), three ways,
# each in its own JVM so its memory is its own: rdw (Bucket.put / Bucket.download), the running upload service's
# approach (whole file in a byte array, one putObject), and the MinIO SDK's uploadObject with default settings,
# interleaved for RDW_BENCH_ROUNDS rounds (at least 3). Then, as many rounds again, uploads a file larger than the heap
# (-Xmx256m) with rdw and with the service's approach, and downloads it with rdw. Prints the median of each figure with
# every run's value.
# Every download is compared byte for byte with the file uploaded. A run that fails, a download that differs, or the
# service's approach NOT running out of memory on the file larger than its heap stops it with a message and exit 1.
#
# Usage: bench/upload-vs-service.sh [SIZE_MIB] [BIG_MIB]     (defaults: 1024 and 2048; BIG must exceed 256)
# Needs: Java 17, Maven, /usr/bin/time (apt-get install -y time), free disk of about (3 x ROUNDS + 1) x SIZE +
# (ROUNDS + 1) x BIG.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1024}"
big="${2:-2048}"
out="${RDW_BENCH_OUT:-$here/bench-out}/s3"
rounds="${RDW_BENCH_ROUNDS:-3}"

fail() { echo "upload-vs-service: $*" >&2; exit 1; }
usage() { echo "upload-vs-service: $*" >&2; exit 2; }
[[ "$size" =~ ^[0-9]+$ ]] && [ "$size" -ge 1 ] || usage "SIZE_MIB must be a positive number"
[[ "$big" =~ ^[0-9]+$ ]] && [ "$big" -gt 256 ] || usage "BIG_MIB must be larger than the 256 MiB heap it is uploaded with"
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || usage "RDW_BENCH_ROUNDS must be at least 3 (each figure is a median of interleaved runs)"
[ -x /usr/bin/time ] || usage "/usr/bin/time is missing: apt-get install -y time"
mkdir -p "$out"

# compiled in the reactor, nothing installed into ~/.m2: the class path points at the modules' target folders
(cd "$here" && mvn -q -B -DskipTests -Dstyle.color=never -pl rdw-storage -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt) || fail "the build failed"
cp="$here/rdw-storage/target/test-classes:$here/rdw-storage/target/classes:$(cat "$here/rdw-storage/target/bench-classpath.txt")"

file="$out/random_${size}MiB.bin"
[ -s "$file" ] || { head -c $((size << 20)) /dev/urandom > "$file.part" && mv "$file.part" "$file"; }
rm -rf "$out/server" "$out/port" "$out/work"; mkdir -p "$out/work"
java -Xmx2g -cp "$cp" io.redback.rdw.storage.bench.S3ServerMain "$out/server" "$out/port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$out/server"' EXIT
for _ in $(seq 1200); do
  [ -s "$out/port" ] && break
  kill -0 $server 2>/dev/null || { cat "$out/server.log" >&2; fail "the S3 server stopped before it was ready"; }
  sleep 0.1
done
[ -s "$out/port" ] || { cat "$out/server.log" >&2; fail "the S3 server was not ready within 2 minutes"; }
endpoint="http://127.0.0.1:$(cat "$out/port")"

# where each approach's download lands (UploadBenchmark): compared with the file uploaded
downloaded() { # approach file
  case "$1" in
    rdw) echo "$out/work/rdw-download.bin" ;;
    *) echo "$(dirname "$2")/$1-download.bin" ;;
  esac
}

run() { # approach op file key [jvm options...]: one measured transfer; a failure stops the benchmark
  local a="$1" op="$2" f="$3" key="$4"; shift 4
  local line rc=0 err="$out/$a-$op-$(basename "$f" .bin)-$round.err"
  rm -f "$(downloaded "$a" "$f")"
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java "$@" -cp "$cp" io.redback.rdw.storage.bench.UploadBenchmark \
      "$a" "$op" "$f" "$endpoint" "$key" "$out/work" 2>"$err") || rc=$?
  if [ "$rc" -ne 0 ] || [[ "$line" != "{"*"}" ]]; then
    echo "$line" >&2; tail -30 "$err" >&2
    fail "$a $op of $(basename "$f") (round $round) failed (exit $rc; log: $err)"
  fi
  if [ "$op" = download ]; then
    cmp -s "$f" "$(downloaded "$a" "$f")" || fail "$a download of $key (round $round) differs from the file uploaded"
    rm -f "$(downloaded "$a" "$f")"
  fi
  kill -0 $server 2>/dev/null || { tail -30 "$out/server.log" >&2; fail "the S3 server died during $a $op (round $round)"; }
  echo "${line%\}},\"round\":$round,\"file_mib\":$(( $(stat -c %s "$f") >> 20 )),\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}" \
      | tee -a "$out/results.jsonl"
}

expect_oom() { # approach file key: the service's approach must run out of memory on a file larger than its heap
  local a="$1" f="$2" key="$3"
  local line rc=0 err="$out/$a-upload-$(basename "$f" .bin)-$round.err"
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java -Xmx256m -cp "$cp" io.redback.rdw.storage.bench.UploadBenchmark \
      "$a" upload "$f" "$endpoint" "$key" "$out/work" 2>"$err") || rc=$?
  [ "$rc" -eq 3 ] && [[ "$line" == *OutOfMemoryError* ]] || { echo "$line" >&2; tail -30 "$err" >&2;
    fail "$a upload of $(basename "$f") with -Xmx256m (round $round) was expected to run out of memory, but exited $rc"; }
  echo "${line%\}},\"round\":$round,\"file_mib\":$(( $(stat -c %s "$f") >> 20 )),\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}" \
      | tee -a "$out/results.jsonl"
}

echo "file: $size MiB of random bytes; server: S3Proxy (filesystem) in its own JVM at $endpoint; $rounds interleaved rounds"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
: > "$out/results.jsonl"
for round in $(seq "$rounds"); do # interleaved, so a noisy moment on a shared machine hits every approach
  for a in rdw service sdk; do run "$a" upload "$file" "bench/$a-$size-$round.bin"; done
  for a in rdw service sdk; do run "$a" download "$file" "bench/$a-$size-$round.bin"; done
done

bigfile="$out/random_${big}MiB.bin"
[ -s "$bigfile" ] || { head -c $((big << 20)) /dev/urandom > "$bigfile.part" && mv "$bigfile.part" "$bigfile"; }
echo "file larger than the heap: $big MiB with -Xmx256m"
for round in $(seq "$rounds"); do
  run rdw upload "$bigfile" "bench/rdw-$big-$round.bin" -Xmx256m
  expect_oom service "$bigfile" "bench/service-$big-$round.bin"
  run rdw download "$bigfile" "bench/rdw-$big-$round.bin" -Xmx256m
done

python3 - "$out/results.jsonl" "$size" "$big" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
size, big = int(sys.argv[2]), int(sys.argv[3])
print(f"\nmedian of the interleaved runs (per run in brackets); every download matched the file uploaded")
print(f"{'file':>9} {'heap':>6} {'approach':9} {'op':9} {'MiB/s':>7} {'peak heap MiB':>14} {'peak RSS MiB':>13}   MiB/s per run")
for mib, heap, sets in ((size, "", [(a, op) for op in ("upload", "download") for a in ("rdw", "service", "sdk")]),
                        (big, "256m", [("rdw", "upload"), ("service", "upload"), ("rdw", "download")])):
    for a, op in sets:
        rs = [r for r in rows if r["approach"] == a and r["op"] == op and r["file_mib"] == mib]
        if any("error" in r for r in rs):
            print(f"{mib:>5} MiB {heap:>6} {a:9} {op:9} {'-':>7} {'-':>14} {statistics.median(r['peak_rss_mib'] for r in rs):13.0f}"
                  f"   out of memory in every run ({rs[0]['error'][:60]})")
            continue
        med = lambda k: statistics.median(r[k] for r in rs)
        print(f"{mib:>5} MiB {heap:>6} {a:9} {op:9} {med('mib_per_s'):7.1f} {med('peak_heap_mib'):14.0f} {med('peak_rss_mib'):13.0f}"
              f"   [{', '.join(str(r['mib_per_s']) for r in rs)}]")
PY
