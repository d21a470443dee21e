#!/usr/bin/env bash
# Runs `rdw clean` and the pandas peer (anchor_pandas.py clean) on the same generated file, one after the other on
# this machine, and prints wall time, peak RSS and rows out side by side, then checks that both kept the same rows
# and columns.
#
# Usage: bench/clean-vs-pandas.sh [ROWS] [BENCH_DIR]
#   ROWS       rows to generate (default 1000000)
#   BENCH_DIR  folder with gen_dataset.py and anchor_pandas.py (default ../shared/bench beside this repository)
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
rm -f "$out/rdw.csv" "$out/pandas.csv"
measure rdw "$here/rdw" clean "$input" --output "$out/rdw.csv"
measure pandas /usr/bin/python3 "$bench/anchor_pandas.py" clean "$input" "$out/pandas.csv"

rdw_rows=$(grep -o '[0-9]* out' "$out/rdw.log" | grep -o '[0-9]*')
pandas_rows=$(grep -o '"rows_out": [0-9]*' "$out/pandas.log" | grep -o '[0-9]*$')
echo "file: $input ($(du -m "$input" | cut -f1) MB, $rows rows); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
printf '%-8s %10s %14s %10s\n' tool "wall (s)" "peak RSS (MB)" "rows out"
read -r t m < "$out/rdw.time";    printf '%-8s %10s %14s %10s\n' rdw "$t" "$((m / 1024))" "$rdw_rows"
read -r t m < "$out/pandas.time"; printf '%-8s %10s %14s %10s\n' pandas "$t" "$((m / 1024))" "$pandas_rows"
python3 "$here/bench/compare_clean.py" "$out/rdw.csv" "$out/pandas.csv" > "$out/compare.json"
grep -A5 '"rdw_integer_columns"' "$out/compare.json" | tr -d '\n ' ; echo
