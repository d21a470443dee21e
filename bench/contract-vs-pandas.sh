#!/usr/bin/env bash
# Checks a data contract (bench/contract-rides.yaml: 12 stated checks, 15 that read the data with the 3 type checks
# its ranges imply, and each column's presence) on the cleaned rides dataset with rdw's library
# (Contracts.on(dw).check: every count in one aggregate query, a query per composite key, per SQL check and per
# failing check's sample rows) against the pandas peer (bench/contract_pandas.py: one pandas expression, so one pass,
# per check), side by side. The generated CSV is cleaned once with rdw's clean pipeline into Parquet, outside the
# measurement (ContractBenchmark prepare); pandas, which has no Parquet engine here, gets the same rows through a CSV
# that rdw writes and that it turns into a pickle once, also outside the measurement (see contract_pandas.py).
# Interleaved (rdw, pandas, rdw, ...; RDW_BENCH_ROUNDS rounds, at least 3), it prints for each the median wall time
# and peak RSS with every run's values: rdw's check as the library call times it in a JVM that has checked a
# 10,000-row warm-up file first, and the whole process; pandas' read of its data plus the checks, the checks alone,
# and the whole process. It prints the checks with both sides' values, rdw's passes over the data and pandas'.
# Every run must succeed and every round's values must agree with pandas', check by check (bench/compare_contract.py:
# value, result and the number of sample rows); a failed run or a difference stops the benchmark with a message and a
# non-zero exit.
#
# Usage: bench/contract-vs-pandas.sh [ROWS] [BENCH_DIR]
#   ROWS       rows to generate (default 1000000; 8500000 is about 1 GB)
#   BENCH_DIR  folder with gen_dataset.py (default ../shared/bench beside this repository)
#   RDW_BENCH_INPUT   an existing CSV to use instead of generating one (e.g. /work/bench-data/rides_1m.csv)
#   RDW_BENCH_ROUNDS  interleaved rounds (default 3); RDW_BENCH_PYTHON the peer's Python (default /usr/bin/python3)
#   RDW_BENCH_CONTRACT the contract (default bench/contract-rides.yaml; contract_pandas.py computes its checks only)
#   RDW_JAVA_OPTS, RDW_MEMORY_LIMIT are passed on to rdw (e.g. RDW_MEMORY_LIMIT=256MB)
# Needs: Java 17, Maven, /usr/bin/time, and Debian's python3-pandas (apt-get install -y python3-pandas time).
# Exit: 0 when every run succeeded and the values agree; 1 when a run failed or the values differ; 2 when something
# it needs is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
bench="${2:-$here/../shared/bench}"
out="${RDW_BENCH_OUT:-$here/bench-out}/contract"
rounds="${RDW_BENCH_ROUNDS:-3}"
py="${RDW_BENCH_PYTHON:-/usr/bin/python3}"
contract="${RDW_BENCH_CONTRACT:-$here/bench/contract-rides.yaml}"

fail() { echo "contract-vs-pandas: $*" >&2; exit 1; }
missing() { echo "contract-vs-pandas: $*" >&2; exit 2; }

[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || missing "RDW_BENCH_ROUNDS must be a number, at least 3 (each figure is a median of interleaved runs), not '$rounds'"
[[ "$rows" =~ ^[0-9]+$ ]] || missing "ROWS must be a number, not '$rows'"
[ -f "$bench/gen_dataset.py" ] || missing "no gen_dataset.py in $bench; pass BENCH_DIR"
[ -s "$contract" ] || missing "no contract at $contract"
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

measure() { # name, command...: runs it under /usr/bin/time; a failure stops the benchmark with the run's log
  local name="$1"; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.log" 2> "$out/$name.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -30 "$out/$name.log" "$out/$name.err" >&2
    fail "run $name failed (exit $rc): $* (log: $out/$name.log, $out/$name.err)"
  fi
}

echo "file: $input ($(du -mL "$input" | cut -f1) MB, $(($(wc -l < "$input") - 1)) lines); contract: $contract; $rounds interleaved rounds"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); pandas $("$py" -c 'import pandas; print(pandas.__version__)')"

# rdw-etl's test classes and their class path, and a generated 10,000-row warm-up file (bench/clean-library.sh)
source "$here/bench/clean-library.sh"
cat > "$out/contract" <<LIB
#!/usr/bin/env bash
# prepare INPUT.csv OUT.parquet OUT.csv | check DATA.parquet CONTRACT REPORT.json [--warmup WARMUP.parquet]:
# the contract benchmark's rdw side (written by bench/contract-vs-pandas.sh)
exec java ${RDW_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \\
  -cp "$here/rdw-etl/target/test-classes:$here/rdw-etl/target/classes:$(cat "$out/classpath.txt")" \\
  io.redback.rdw.etl.bench.ContractBenchmark "\$@"
LIB
chmod +x "$out/contract"

# outside the measurement: the cleaned dataset as Parquet (rdw) and as a pickle (pandas), and the warm-up Parquet
rm -f "$out/rides.parquet" "$out/rides.csv" "$out/rides.pkl" "$out/warmup.parquet"
"$out/contract" prepare "$out/warmup.csv" "$out/warmup.parquet" "$out/warmup-clean.csv" > "$out/prepare-warmup.log" 2>&1 \
  || { tail -30 "$out/prepare-warmup.log" >&2; fail "cleaning the warm-up file failed (log: $out/prepare-warmup.log)"; }
"$out/contract" prepare "$input" "$out/rides.parquet" "$out/rides.csv" > "$out/prepare.log" 2>&1 \
  || { tail -30 "$out/prepare.log" >&2; fail "cleaning $input failed (log: $out/prepare.log)"; }
"$py" "$here/bench/contract_pandas.py" prepare "$out/rides.csv" "$out/rides.pkl" > "$out/prepare-pandas.log" 2>&1 \
  || { tail -30 "$out/prepare-pandas.log" >&2; fail "pandas could not read the cleaned CSV (log: $out/prepare-pandas.log)"; }
rm -f "$out/rides.csv" "$out/warmup-clean.csv"
grep '^clean:' "$out/prepare.log" || fail "the clean step did not say what it wrote (log: $out/prepare.log)"
echo "pandas reads $(grep -o '"rows": [0-9]*' "$out/prepare-pandas.log" | grep -o '[0-9]*$') rows ($(du -m "$out/rides.pkl" | cut -f1) MB pickled); rdw reads $(du -m "$out/rides.parquet" | cut -f1) MB of Parquet"

field() { # file key: the number after key= (rdw) or "key": (pandas)
  grep -o "\"\\?$2\"\\?[=:] \\?[0-9.]*" "$1" | head -1 | grep -o '[0-9.]*$' || true
}

: > "$out/results.tsv"
for r in $(seq "$rounds"); do
  rm -f "$out/rdw-$r.json" "$out/pandas-$r.json"
  measure "rdw-$r" "$out/contract" check "$out/rides.parquet" "$contract" "$out/rdw-$r.json" --warmup "$out/warmup.parquet"
  measure "pandas-$r" "$py" "$here/bench/contract_pandas.py" check "$out/rides.pkl" "$out/pandas-$r.json"
  [ -s "$out/rdw-$r.json" ] || fail "rdw (round $r) wrote no report"
  [ -s "$out/pandas-$r.json" ] || fail "pandas (round $r) wrote no values"
  table=(); [ "$r" = 1 ] && table=(--table)
  if ! python3 "$here/bench/compare_contract.py" "$out/rdw-$r.json" "$out/pandas-$r.json" "${table[@]}" \
      > "$out/compare-$r.log" 2> "$out/compare-$r.err"; then
    cat "$out/compare-$r.err" >&2
    fail "round $r: rdw's values differ from pandas' (rdw: $out/rdw-$r.json, pandas: $out/pandas-$r.json)"
  fi
  [ "$r" = 1 ] && head -n -1 "$out/compare-1.log"
  ms=$(field "$out/rdw-$r.log" ms); passes=$(field "$out/rdw-$r.log" passes)
  [ -n "$ms" ] && [ -n "$passes" ] || fail "rdw (round $r) did not print its time and passes (log: $out/rdw-$r.log)"
  [ "$passes" = "$(field "$out/compare-$r.log" rdw_passes)" ] || fail "rdw (round $r) printed $passes passes, its report says otherwise"
  read_s=$(field "$out/pandas-$r.log" read_seconds); check_s=$(field "$out/pandas-$r.log" check_seconds)
  [ -n "$read_s" ] && [ -n "$check_s" ] || fail "pandas (round $r) did not print its times (log: $out/pandas-$r.log)"
  read -r t m < "$out/rdw-$r.time"
  printf '%s\t%s\t%s\t%s\n' rdw-check "$r" "$(python3 -c "print($ms / 1000)")" "$((m / 1024))" >> "$out/results.tsv"
  printf '%s\t%s\t%s\t%s\n' rdw-process "$r" "$t" "$((m / 1024))" >> "$out/results.tsv"
  read -r t m < "$out/pandas-$r.time"
  printf '%s\t%s\t%s\t%s\n' pandas-work "$r" "$(python3 -c "print($read_s + $check_s)")" "$((m / 1024))" >> "$out/results.tsv"
  printf '%s\t%s\t%s\t%s\n' pandas-checks "$r" "$check_s" "$((m / 1024))" >> "$out/results.tsv"
  printf '%s\t%s\t%s\t%s\n' pandas-process "$r" "$t" "$((m / 1024))" >> "$out/results.tsv"
done

python3 - "$out/results.tsv" "$out/compare-1.log" "$rounds" <<'PY'
import json, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
counts = json.loads(open(sys.argv[2]).read().splitlines()[-1])
names = {"rdw-check": "rdw check (warm JVM)", "rdw-process": "rdw (process)",
         "pandas-work": "pandas read + checks", "pandas-checks": "pandas checks alone", "pandas-process": "pandas (process)"}
print(f"\nevery round's values agree with pandas', check by check ({sys.argv[3]} rounds)")
print(f"checks that read the data: {counts['data_checks']} ({counts['checks'] - counts['data_checks']} more: columns present), "
      f"{counts['failing']} not passing; passes over the data: rdw {counts['rdw_passes']} (one aggregate for every count, "
      f"a query per composite key, SQL check and failing check's samples), pandas {counts['pandas_passes']} (one per check) "
      f"+ {counts['pandas_sample_reads']} sample reads")
print(f"\n{'':24} {'median wall (s)':>16} {'median peak RSS (MB)':>21}   wall per run (s) / RSS per run (MB)")
med = {}
for tool in names:
    rs = [r for r in rows if r[0] == tool]
    walls = [float(r[2]) for r in rs]
    rss = [int(r[3]) for r in rs]
    med[tool] = (statistics.median(walls), statistics.median(rss))
    process = tool.endswith("process")
    print(f"{names[tool]:24} {statistics.median(walls):16.3f} {statistics.median(rss) if process else '':>21}   "
          f"{', '.join(f'{w:.3f}' for w in walls)}" + (f" / {', '.join(map(str, rss))}" if process else ""))
c, _ = med["rdw-check"]
w, _ = med["pandas-work"]
a, _ = med["pandas-checks"]
p, prss = med["pandas-process"]
rp, rrss = med["rdw-process"]
print(f"\npandas' read + checks take {w / c:.2f}x rdw's check time (its checks alone {a / c:.2f}x); "
      f"processes: rdw {rp:.1f} s vs pandas {p:.1f} s; rdw's peak RSS {rrss / prss:.2f}x pandas'")
PY
