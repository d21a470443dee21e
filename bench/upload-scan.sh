#!/usr/bin/env bash
# Uploading a file with clamd scanning against without (issue 13): a generated file of SIZE_MIB random bytes, three
# ways, each run in its own JVM with -Xmx256m (to show memory stays flat in the file's size), interleaved for
# RDW_BENCH_ROUNDS rounds (at least 3; default 3):
#   plain        rdw upload to an embedded warehouse, no scanner
#   scan         the same upload, scanned by a real clamd over TCP (CLAMD_HOST/CLAMD_PORT)
#   clamd-alone  the file streamed to clamd's zINSTREAM by a minimal client: what clamd itself needs (the floor)
# clamd runs in its own process (ScanBenchmark clamd: TestClamd's EICAR-only database; StreamMaxLength, MaxFileSize
# and MaxScanSize 2000M, as clamd scans at most 2 GB), and so scans the whole file. Prints each run and the medians:
# seconds, MiB/s, peak heap, peak RSS; then the scan's cost (scan - plain) beside clamd-alone's time.
# Every rdw run reads the stored object back and checks its SHA-256 is the file's; every clamd-alone run checks that
# clamd answered "stream: OK". A run that fails stops it with a message and exit 1.
#
# Usage: bench/upload-scan.sh [SIZE_MIB]     (default 1024; at most 2000, clamd's limit)
# Needs: Java 17, clamd (apt-get install -y clamav-daemon; /usr/sbin/clamd, not running as a service is fine),
# /usr/bin/time (apt-get install -y time), free disk of about 4 x SIZE.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1024}"
rounds="${RDW_BENCH_ROUNDS:-3}"
out="${RDW_BENCH_OUT:-$here/bench-out}/scan"

fail() { echo "upload-scan: $*" >&2; exit 1; }
usage() { echo "upload-scan: $*" >&2; exit 2; }
[[ "$size" =~ ^[0-9]+$ ]] && [ "$size" -ge 1 ] && [ "$size" -le 2000 ] \
  || usage "SIZE_MIB must be a number from 1 to 2000 (clamd scans at most 2 GB)"
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || usage "RDW_BENCH_ROUNDS must be at least 3 (each figure is a median of interleaved runs)"
[ -x /usr/bin/time ] || usage "/usr/bin/time is missing: apt-get install -y time"
[ -x /usr/sbin/clamd ] || usage "/usr/sbin/clamd is missing: apt-get install -y clamav-daemon"
mvn=("$here/mvnw"); [ -x "${mvn[0]}" ] || mvn=(mvn)
mkdir -p "$out"

# compiled in the reactor, nothing installed into ~/.m2: the class path points at the modules' target folders
(cd "$here" && "${mvn[@]}" -q -B -DskipTests -pl rdw-admin -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt") || fail "the build failed"
cp="$here/rdw-admin/target/test-classes:$here/rdw-admin/target/classes:$here/rdw-core/target/classes:$(cat "$out/classpath.txt")"
main=io.redback.rdw.admin.clamd.ScanBenchmark

file="$out/random_${size}MiB.bin"
[ -s "$file" ] || { head -c $((size << 20)) /dev/urandom > "$file.part" && mv "$file.part" "$file"; }
sha=$(sha256sum "$file" | cut -d' ' -f1)

rm -rf "$out/clamd" "$out/port" "$out/work"; mkdir -p "$out/work"
java -cp "$cp" $main clamd "$out/clamd" "$out/port" > "$out/clamd-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$out/work"' EXIT
for _ in $(seq 1200); do
  [ -s "$out/port" ] && break
  kill -0 $server 2>/dev/null || { cat "$out/clamd-server.log" >&2; fail "clamd stopped before it was ready"; }
  sleep 0.1
done
[ -s "$out/port" ] || { cat "$out/clamd-server.log" >&2; fail "clamd was not ready within 2 minutes"; }

run() { # mode: one measured run in its own JVM; a failure stops the benchmark
  local mode="$1" line rc=0 err="$out/$1-$round.err" args
  case "$mode" in
    plain) args=("$file" "$sha" "$out/work/dw-$mode-$round") ;;
    scan) args=("$file" "$sha" "$out/work/dw-$mode-$round" "$out/port") ;;
    clamd-alone) args=("$file" "$out/port") ;;
  esac
  line=$(/usr/bin/time -f "%M" -o "$out/rss" java -Xmx256m -cp "$cp" $main "$mode" "${args[@]}" 2>"$err") || rc=$?
  if [ "$rc" -ne 0 ] || [[ "$line" != "{"*"}" ]]; then
    echo "$line" >&2; tail -30 "$err" >&2
    fail "the $mode run (round $round) failed (exit $rc; log: $err)"
  fi
  rm -rf "$out/work/dw-$mode-$round"
  kill -0 $server 2>/dev/null || { tail -30 "$out/clamd/clamd.out" >&2; fail "clamd died during the $mode run (round $round)"; }
  echo "${line%\}},\"round\":$round,\"peak_rss_mib\":$(( $(tail -1 "$out/rss") / 1024 ))}" | tee -a "$out/results.jsonl"
}

echo "file: $size MiB of random bytes (sha256 $sha); clamd $(/usr/sbin/clamd --version | cut -d/ -f1) on 127.0.0.1:$(cat "$out/port"); $rounds interleaved rounds; -Xmx256m"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
: > "$out/results.jsonl"
# clamd's first scan of a large stream takes about twice as long as the later ones (measured: 28 s against 12-14 s
# for the same 1 GiB); one unmeasured stream first, so that no side's first round pays for clamd's warm-up
java -Xmx256m -cp "$cp" $main clamd-alone "$file" "$out/port" > /dev/null 2> "$out/warm-up.err" \
  || { tail -30 "$out/warm-up.err" >&2; fail "the warm-up stream to clamd failed"; }
for round in $(seq "$rounds"); do # interleaved, so a noisy moment on a shared machine hits every side
  for mode in plain scan clamd-alone; do run "$mode"; done
done

python3 - "$out/results.jsonl" "$size" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"\nmedian of the interleaved runs, {sys.argv[2]} MiB file, -Xmx256m (per run in brackets); every stored object's "
      "SHA-256 matched the file, clamd answered 'stream: OK' every time")
print(f"{'side':12} {'seconds':>8} {'MiB/s':>7} {'peak heap MiB':>14} {'peak RSS MiB':>13}   seconds per run")
med = {}
for mode in ("plain", "scan", "clamd-alone"):
    rs = [r for r in rows if r["mode"] == mode]
    m = lambda k: statistics.median(r[k] for r in rs)
    med[mode] = m("seconds")
    print(f"{mode:12} {m('seconds'):8.2f} {m('mib_per_s'):7.1f} {m('peak_heap_mib'):14.0f} {m('peak_rss_mib'):13.0f}"
          f"   [{', '.join(str(r['seconds']) for r in rs)}]")
cost = med["scan"] - med["plain"]
print(f"\nscanning's cost (median scan - median plain): {cost:.2f} s, against clamd alone: {med['clamd-alone']:.2f} s "
      f"({cost / med['clamd-alone']:.2f} times what clamd itself needs)")
PY
