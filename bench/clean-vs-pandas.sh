#!/usr/bin/env bash
# Runs `rdw clean` and `rdw prep` against the pandas peer (anchor_pandas.py clean|mlprep) on the same generated file,
# one after the other on this machine, prints wall time, peak RSS and rows out side by side, then checks that both
# kept the same rows and columns (ML prep: record_id left out of the comparison, since rdw does not scale
# identifiers and pandas does).
#
# Usage: bench/clean-vs-pandas.sh [ROWS] [BENCH_DIR]
#   ROWS       rows to generate (default 1000000; 8500000 is about 1 GB)
#   BENCH_DIR  folder with gen_dataset.py and anchor_pandas.py (default ../shared/bench beside this repository)
#   RDW_JAVA_OPTS, RDW_MEMORY_LIMIT are passed on to rdw (e.g. RDW_MEMORY_LIMIT=256MB)
# Needs: Java 17, Maven, /usr/bin/time, and Debian's python3-pandas (apt-get install -y python3-pandas time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
bench="${2:-$here/../shared/bench}"
out="${RDW_BENCH_OUT:-$here/bench-out}"
mkdir -p "$out"
input="$out/rides_${rows}.csv"

[ -f "$bench/gen_dataset.py" ] || { echo "no gen_dataset.py in $bench; pass BENCH_DIR" >&2; exit 2; }
/usr/bin/python3 -c 'import pandas' 2>/dev/null || { echo "pandas is missing: apt-get install -y python3-pandas" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }
[ -f "$input" ] || python3 "$bench/gen_dataset.py" "$rows" "$input"
"$here/rdw" --version >/dev/null   # builds rdw on first use, outside the measurement

measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1 || { cat "$out/$name.log" >&2; exit 1; }
}
echo "file: $input ($(du -m "$input" | cut -f1) MB, $rows rows); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
printf '%-7s %-8s %10s %14s %10s\n' op tool "wall (s)" "peak RSS (MB)" "rows out"
for op in clean prep; do
  peer=$([ "$op" = prep ] && echo mlprep || echo clean)
  rm -f "$out/rdw-$op.csv" "$out/pandas-$op.csv"
  measure "rdw-$op" "$here/rdw" "$op" "$input" --output "$out/rdw-$op.csv"
  measure "pandas-$op" /usr/bin/python3 "$bench/anchor_pandas.py" "$peer" "$input" "$out/pandas-$op.csv"
  rdw_rows=$(grep -o '[0-9]* out' "$out/rdw-$op.log" | grep -o '[0-9]*')
  pandas_rows=$(grep -o '"rows_out": [0-9]*' "$out/pandas-$op.log" | grep -o '[0-9]*$')
  read -r t m < "$out/rdw-$op.time";    printf '%-7s %-8s %10s %14s %10s\n' "$op" rdw "$t" "$((m / 1024))" "$rdw_rows"
  read -r t m < "$out/pandas-$op.time"; printf '%-7s %-8s %10s %14s %10s\n' "$op" pandas "$t" "$((m / 1024))" "$pandas_rows"
  if [ "$op" = prep ]; then
    python3 "$here/bench/compare_clean.py" "$out/rdw-$op.csv" "$out/pandas-$op.csv" --skip "Record ID" > "$out/compare-$op.json" || true
  else
    python3 "$here/bench/compare_clean.py" "$out/rdw-$op.csv" "$out/pandas-$op.csv" > "$out/compare-$op.json" || true
  fi
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('   ', sys.argv[2], 'same rows and columns' if r['columns_equal'] and r['rows_different']==0 and r['rows_only_in_rdw']==0 and r['rows_only_in_pandas']==0 else 'DIFFERENT: ' + json.dumps(r['first_difference'])[:300], '; rdw integer columns:', r['rdw_integer_columns'])" "$out/compare-$op.json" "$op"
  rm -f "$out/rdw-$op.csv" "$out/pandas-$op.csv"
done
