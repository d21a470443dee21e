#!/usr/bin/env bash
# Versioned tables: commit latency (appends of 10,000 rows) on the warehouse folder and on an S3 server (S3Proxy in
# the same JVM), interleaved, and reading the first snapshot against the current one (the folder: every row, counted;
# S3: planning each version's files, since rows of S3 objects are Dremio's to read). TableBenchmark prints the median
# and every run; a wrong row or file count stops it with exit 1.
#
# Usage: bench/table-commits.sh [COMMITS]   (default 15; each figure's median is of at least 3 runs)
# Needs: Java 17 (the Maven Wrapper brings Maven).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${RDW_BENCH_OUT:-$here/bench-out}/tables"
commits="${1:-15}"
[[ "$commits" =~ ^[0-9]+$ ]] && [ "$commits" -ge 3 ] || { echo "table-commits: COMMITS must be a number, at least 3" >&2; exit 2; }
mkdir -p "$out"
(cd "$here" && "$here/mvnw" -q -B -o -DskipTests -pl rdw-tables -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1) \
  || (cd "$here" && "$here/mvnw" -q -B -DskipTests -pl rdw-tables -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1) \
  || { tail -30 "$out/build.log" >&2; echo "table-commits: the benchmark does not build (log: $out/build.log)" >&2; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
exec java ${RDW_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$here/rdw-tables/target/test-classes:$here/rdw-tables/target/classes:$(cat "$out/classpath.txt")" \
  io.redback.rdw.tables.TableBenchmark "$commits"
