#!/usr/bin/env bash
# Runs `rdw clean` and `rdw prep` against the pandas peer (anchor_pandas.py clean|mlprep) on the same generated file,
# two ways: the command line (a process per run, as a user types it) and the library path (a JVM that has cleaned a
# 10,000-row warm-up file first, as a JShell session, a notebook or an application does; the measured run's own wall
# time, and the whole JVM's peak RSS). Interleaved (rdw, library, pandas, rdw, ...; RDW_BENCH_ROUNDS rounds, at
# least 3), it prints for each the median wall time and peak RSS with every run's values, the rows out, and the
# ratios; pandas' time both as a process and as it reports it (read to write, without starting Python and importing
# pandas). Every run must succeed and every run's output must
# keep the same rows and columns, value for value, as the peer's output of the same round (bench/compare_clean.py;
# ML prep: "Record ID" left out of the comparison, since rdw does not scale identifiers and pandas does). A failed run
# or a difference stops the benchmark with a message and a non-zero exit.
#
# Usage: bench/clean-vs-pandas.sh [ROWS] [BENCH_DIR]
#   ROWS       rows to generate (default 1000000; 8500000 is about 1 GB)
#   BENCH_DIR  folder with gen_dataset.py and anchor_pandas.py (default ../shared/bench beside this repository)
#   RDW_BENCH_INPUT   an existing CSV to use instead of generating one (e.g. /work/bench-data/rides_1m.csv)
#   RDW_BENCH_ROUNDS  interleaved rounds (default 3); RDW_BENCH_PYTHON the peer's Python (default /usr/bin/python3)
#   RDW_JAVA_OPTS, RDW_MEMORY_LIMIT are passed on to rdw (e.g. RDW_MEMORY_LIMIT=256MB)
#   RDW_BENCH_OPS     which to run (default "clean prep")
#   RDW_BENCH_COMPARE all (default): every round's outputs are compared with pandas' before the next run; first: round
#                     1's are compared after the last round, rdw's and the library's at once, and the other rounds'
#                     by their row counts (for 1 GB inputs, where one comparison takes about ten minutes)
# Needs: Java 17, Maven, /usr/bin/time, and Debian's python3-pandas (apt-get install -y python3-pandas time).
# Exit: 0 when every run succeeded and the outputs agree; 1 when a run failed or the outputs differ; 2 when something
# it needs is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
bench="${2:-$here/../shared/bench}"
out="${RDW_BENCH_OUT:-$here/bench-out}/clean"
rounds="${RDW_BENCH_ROUNDS:-3}"
py="${RDW_BENCH_PYTHON:-/usr/bin/python3}"

fail() { echo "clean-vs-pandas: $*" >&2; exit 1; }
missing() { echo "clean-vs-pandas: $*" >&2; exit 2; }

[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || missing "RDW_BENCH_ROUNDS must be a number, at least 3 (each figure is a median of interleaved runs), not '$rounds'"
[ -f "$bench/gen_dataset.py" ] && [ -f "$bench/anchor_pandas.py" ] || missing "no gen_dataset.py and anchor_pandas.py in $bench; pass BENCH_DIR"
[ -x /usr/bin/time ] || missing "/usr/bin/time is missing: apt-get install -y time"
"$py" -c 'import pandas' 2>/dev/null || missing "pandas cannot be imported by $py (the peer needs it): apt-get install -y python3-pandas, or set RDW_BENCH_PYTHON"
mkdir -p "$out"

if [ -n "${RDW_BENCH_INPUT:-}" ]; then
  input="$RDW_BENCH_INPUT"
  [ -s "$input" ] || missing "RDW_BENCH_INPUT names $input, which is missing or empty"
else
  input="$out/rides_${rows}.csv"
  if [ ! -s "$input" ]; then
    python3 "$bench/gen_dataset.py" "$rows" "$input.part" || fail "gen_dataset.py failed"
    mv "$input.part" "$input"
  fi
fi
"$here/rdw" --version >/dev/null || fail "rdw does not build or run (see above)"   # builds rdw outside the measurement

measure() { # name, command...: runs it under /usr/bin/time; a failure stops the benchmark with the run's log
  local name="$1"; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -30 "$out/$name.log" >&2
    fail "run $name failed (exit $rc): $* (log: $out/$name.log)"
  fi
}

echo "file: $input ($(du -mL "$input" | cut -f1) MB, $(($(wc -l < "$input") - 1)) lines); $rounds interleaved rounds"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); pandas $("$py" -c 'import pandas; print(pandas.__version__)')"
: > "$out/results.tsv"
# the library path: a JVM that cleans a generated 10,000-row warm-up file, then the measured one
source "$here/bench/clean-library.sh"

rows_of() { # log: the rows an rdw run says it wrote
  grep -o '[0-9][0-9]* out' "$1" | tail -1 | grep -o '[0-9]*' || true
}

compare_mode="${RDW_BENCH_COMPARE:-all}"
[ "$compare_mode" = all ] || [ "$compare_mode" = first ] || missing "RDW_BENCH_COMPARE is all or first, not '$compare_mode'"
compare() { # op round tool rdw.csv pandas.csv skip...: fails the benchmark when the outputs differ
  local op="$1" r="$2" tool="$3" mine="$4" theirs="$5"
  shift 5
  if ! python3 "$here/bench/compare_clean.py" "$mine" "$theirs" "$@" > "$out/compare-$op-$r-$tool.json" 2> "$out/compare-$op-$r-$tool.err"; then
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({k: r[k] for k in ('columns_equal', 'rows_compared', 'rows_different', 'rows_only_in_rdw', 'rows_only_in_pandas', 'first_difference')})[:2000])" \
        "$out/compare-$op-$r-$tool.json" >&2 || cat "$out/compare-$op-$r-$tool.err" >&2
    fail "$op round $r: $tool's output differs from pandas' (report: $out/compare-$op-$r-$tool.json)"
  fi
}

for op in ${RDW_BENCH_OPS:-clean prep}; do
  peer=$([ "$op" = prep ] && echo mlprep || echo clean)
  skip=(); [ "$op" = prep ] && skip=(--skip "Record ID")
  declare -A compared=()
  for r in $(seq "$rounds"); do
    rm -f "$out/rdw-$op.csv" "$out/lib-$op.csv" "$out/pandas-$op.csv"
    measure "rdw-$op-$r" "$here/rdw" "$op" "$input" --output "$out/rdw-$op.csv"
    measure "lib-$op-$r" "$out/lib" "$op" "$input" "$out/lib-$op.csv"
    measure "pandas-$op-$r" "$py" "$bench/anchor_pandas.py" "$peer" "$input" "$out/pandas-$op.csv"
    [ -s "$out/pandas-$op.csv" ] || fail "pandas $op (round $r) wrote no output"
    pandas_rows=$(grep -o '"rows_out": [0-9]*' "$out/pandas-$op-$r.log" | grep -o '[0-9]*$' || true)
    pandas_seconds=$(grep -o '"seconds": [0-9.]*' "$out/pandas-$op-$r.log" | grep -o '[0-9.]*$' || true)
    [ -n "$pandas_rows" ] && [ -n "$pandas_seconds" ] \
      || fail "pandas $op (round $r) did not say how many rows it wrote and in how long (log: $out/pandas-$op-$r.log)"
    for tool in rdw lib; do
      [ -s "$out/$tool-$op.csv" ] || fail "$tool $op (round $r) wrote no output"
      rows=$(rows_of "$out/$tool-$op-$r.log")
      [ -n "$rows" ] || fail "$tool $op (round $r) did not say how many rows it wrote (log: $out/$tool-$op-$r.log)"
      [ "$rows" = "$pandas_rows" ] || fail "$op round $r: $tool wrote $rows rows, pandas $pandas_rows"
      if [ "$compare_mode" = first ]; then
        [ "$r" != 1 ] || mv "$out/$tool-$op.csv" "$out/$tool-$op.first.csv"
        continue
      fi
      # the same pair of outputs is compared once; any other pair is compared too
      pair="$(sha256sum "$out/$tool-$op.csv" | cut -c1-64) $(sha256sum "$out/pandas-$op.csv" | cut -c1-64)"
      if [ -z "${compared[$pair]:-}" ]; then
        compare "$op" "$r" "$tool" "$out/$tool-$op.csv" "$out/pandas-$op.csv" "${skip[@]}"
        compared[$pair]=1
      fi
    done
    if [ "$compare_mode" = first ] && [ "$r" = 1 ]; then
      mv "$out/pandas-$op.csv" "$out/pandas-$op.first.csv"
    fi
    read -r t m < "$out/rdw-$op-$r.time"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" rdw "$r" "$t" "$((m / 1024))" "$pandas_rows" >> "$out/results.tsv"
    read -r t m < "$out/lib-$op-$r.time"
    warm=$(grep -o '^seconds: [0-9.]*' "$out/lib-$op-$r.log" | grep -o '[0-9.]*$' || true)
    [ -n "$warm" ] || fail "the library run ($op, round $r) did not print its time (log: $out/lib-$op-$r.log)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" lib "$r" "$warm" "$((m / 1024))" "$pandas_rows" >> "$out/results.tsv"
    read -r t m < "$out/pandas-$op-$r.time"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" pandas "$r" "$t" "$((m / 1024))" "$pandas_rows" >> "$out/results.tsv"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" pandas-work "$r" "$pandas_seconds" "$((m / 1024))" "$pandas_rows" >> "$out/results.tsv"
  done
  if [ "$compare_mode" = first ]; then
    compare "$op" 1 rdw "$out/rdw-$op.first.csv" "$out/pandas-$op.first.csv" "${skip[@]}" &
    first_rdw=$!
    compare "$op" 1 lib "$out/lib-$op.first.csv" "$out/pandas-$op.first.csv" "${skip[@]}" &
    first_lib=$!
    wait "$first_rdw" || exit 1
    wait "$first_lib" || exit 1
    rm -f "$out/rdw-$op.first.csv" "$out/lib-$op.first.csv" "$out/pandas-$op.first.csv"
    checked="round 1's rdw and library output has the same rows and columns as pandas', every round the same row count"
  else
    checked="every round's rdw and library output has the same rows and columns as pandas'"
  fi
  int_cols=$(python3 -c "import json,sys; print(', '.join(json.load(open(sys.argv[1]))['rdw_integer_columns']))" "$out/compare-$op-1-rdw.json")
  echo "$op: $checked${skip:+ (Record ID aside)}; rdw integer columns: $int_cols"
  unset compared
  rm -f "$out/rdw-$op.csv" "$out/lib-$op.csv" "$out/pandas-$op.csv"
done

python3 - "$out/results.tsv" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
names = {"rdw": "rdw (CLI, process)", "lib": "library (warm JVM)", "pandas": "pandas (process)",
         "pandas-work": "pandas (read to write)"}
print(f"\n{'op':6} {'tool':24} {'median wall (s)':>16} {'median peak RSS (MB)':>21} {'rows out':>9}   wall per run (s) / RSS per run (MB)")
med = {}
ops = [o for o in ("clean", "prep") if any(r[0] == o for r in rows)]
for op in ops:
    for tool in ("rdw", "lib", "pandas", "pandas-work"):
        rs = [r for r in rows if r[0] == op and r[1] == tool]
        walls = [float(r[3]) for r in rs]
        rss = [int(r[4]) for r in rs]
        med[op, tool] = (statistics.median(walls), statistics.median(rss))
        outs = sorted({r[5] for r in rs})
        print(f"{op:6} {names[tool]:24} {statistics.median(walls):16.2f} {statistics.median(rss) if tool != 'pandas-work' else '':>21} {'/'.join(outs):>9}   "
              f"{', '.join(f'{w:.2f}' for w in walls)}" + (f" / {', '.join(map(str, rss))}" if tool != 'pandas-work' else ""))
print()
for op in ops:
    p, prss = med[op, "pandas"]
    pw, _ = med[op, "pandas-work"]
    c, crss = med[op, "rdw"]
    l, lrss = med[op, "lib"]
    print(f"{op}: CLI {p / c:.1f}x faster than pandas' process, at {crss / prss:.0%} of its peak RSS; "
          f"library (warm) {p / l:.1f}x faster than pandas' process ({pw / l:.1f}x its read-to-write time), "
          f"at {lrss / prss:.0%} of its peak RSS")
PY
