#!/usr/bin/env bash
# Runs `rdw clean` and `rdw prep` against the pandas peer (anchor_pandas.py clean|mlprep) on the same generated file,
# interleaved (rdw, pandas, rdw, pandas, ...; RDW_BENCH_ROUNDS rounds, at least 3), and prints for each the median
# wall time and peak RSS with every run's values, and the rows out. Every run must succeed and every run's output must
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

echo "file: $input ($(du -m "$input" | cut -f1) MB, $(($(wc -l < "$input") - 1)) lines); $rounds interleaved rounds"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); pandas $("$py" -c 'import pandas; print(pandas.__version__)')"
: > "$out/results.tsv"
for op in clean prep; do
  peer=$([ "$op" = prep ] && echo mlprep || echo clean)
  skip=(); [ "$op" = prep ] && skip=(--skip "Record ID")
  declare -A compared=()
  for r in $(seq "$rounds"); do
    rm -f "$out/rdw-$op.csv" "$out/pandas-$op.csv"
    measure "rdw-$op-$r" "$here/rdw" "$op" "$input" --output "$out/rdw-$op.csv"
    measure "pandas-$op-$r" "$py" "$bench/anchor_pandas.py" "$peer" "$input" "$out/pandas-$op.csv"
    [ -s "$out/rdw-$op.csv" ] || fail "rdw $op (round $r) wrote no output"
    [ -s "$out/pandas-$op.csv" ] || fail "pandas $op (round $r) wrote no output"
    rdw_rows=$(grep -o '[0-9][0-9]* out' "$out/rdw-$op-$r.log" | head -1 | grep -o '[0-9]*' || true)
    pandas_rows=$(grep -o '"rows_out": [0-9]*' "$out/pandas-$op-$r.log" | grep -o '[0-9]*$' || true)
    [ -n "$rdw_rows" ] || fail "rdw $op (round $r) did not say how many rows it wrote (log: $out/rdw-$op-$r.log)"
    [ -n "$pandas_rows" ] || fail "pandas $op (round $r) did not say how many rows it wrote (log: $out/pandas-$op-$r.log)"
    # the same pair of outputs is compared once; any other pair is compared too
    pair="$(sha256sum "$out/rdw-$op.csv" | cut -c1-64) $(sha256sum "$out/pandas-$op.csv" | cut -c1-64)"
    if [ -z "${compared[$pair]:-}" ]; then
      if ! python3 "$here/bench/compare_clean.py" "$out/rdw-$op.csv" "$out/pandas-$op.csv" "${skip[@]}" \
          > "$out/compare-$op-$r.json" 2> "$out/compare-$op-$r.err"; then
        python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({k: r[k] for k in ('columns_equal', 'rows_compared', 'rows_different', 'rows_only_in_rdw', 'rows_only_in_pandas', 'first_difference')})[:2000])" \
            "$out/compare-$op-$r.json" >&2 || cat "$out/compare-$op-$r.err" >&2
        fail "$op round $r: rdw's output differs from pandas' (report: $out/compare-$op-$r.json)"
      fi
      compared[$pair]=1
    fi
    read -r t m < "$out/rdw-$op-$r.time"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" rdw "$r" "$t" "$((m / 1024))" "$rdw_rows" >> "$out/results.tsv"
    read -r t m < "$out/pandas-$op-$r.time"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" pandas "$r" "$t" "$((m / 1024))" "$pandas_rows" >> "$out/results.tsv"
  done
  int_cols=$(python3 -c "import json,sys; print(', '.join(json.load(open(sys.argv[1]))['rdw_integer_columns']))" "$out/compare-$op-1.json")
  echo "$op: every round's rdw output has the same rows and columns as pandas'${skip:+ (Record ID aside)}; rdw integer columns: $int_cols"
  unset compared
  rm -f "$out/rdw-$op.csv" "$out/pandas-$op.csv"
done

python3 - "$out/results.tsv" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print(f"\n{'op':6} {'tool':7} {'median wall (s)':>16} {'median peak RSS (MB)':>21} {'rows out':>9}   wall per run (s) / RSS per run (MB)")
for op in ("clean", "prep"):
    for tool in ("rdw", "pandas"):
        rs = [r for r in rows if r[0] == op and r[1] == tool]
        walls = [float(r[3]) for r in rs]
        rss = [int(r[4]) for r in rs]
        outs = sorted({r[5] for r in rs})
        print(f"{op:6} {tool:7} {statistics.median(walls):16.2f} {statistics.median(rss):21.0f} {'/'.join(outs):>9}   "
              f"{', '.join(f'{w:.2f}' for w in walls)} / {', '.join(map(str, rss))}")
PY
