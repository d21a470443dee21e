#!/usr/bin/env bash
# The rdw Jupyter kernel (issue 14), driven by Jupyter's own client: start to the first displayed result (goal: at
# most 3 s), the time to display the first rows of a 1,000,000-row result, and the kernel's peak memory. Beside it,
# Debian's Python kernel (ipykernel) doing the same with pandas: start to `1 + 1`, and displaying a 1,000,000-row
# DataFrame. Each run starts a fresh kernel; RDW_BENCH_ROUNDS interleaved rounds (at least 3; default 3); medians.
# A cell that fails, or a display that does not say it shows only the first rows, fails the benchmark (exit 1).
#
# Usage: bench/jupyter-kernel.sh
# Needs: Java 17, apt-get install -y python3-jupyter-client python3-ipykernel python3-pandas
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${RDW_BENCH_ROUNDS:-3}"
out="${RDW_BENCH_OUT:-$here/bench-out}/jupyter"
py=/usr/bin/python3

fail() { echo "jupyter-kernel: $*" >&2; exit 1; }
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 3 ] || { echo "RDW_BENCH_ROUNDS must be at least 3" >&2; exit 2; }
"$py" -c 'import jupyter_client, ipykernel, pandas' 2>/dev/null \
  || fail "Jupyter's client, ipykernel or pandas is missing: apt-get install -y python3-jupyter-client python3-ipykernel python3-pandas"
rm -rf "$out"; mkdir -p "$out/dw"

# the kernelspec `rdw kernel install` writes, under a private prefix; the warehouse is a fresh embedded one
"$here/rdw" kernel install --prefix "$out/prefix" > "$out/install.log" 2>&1 || { cat "$out/install.log" >&2; fail "rdw kernel install failed"; }
export JUPYTER_PATH="$out/prefix/share/jupyter" RDW_WAREHOUSE="$out/dw"
"$here/rdw" init > /dev/null

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); $("$py" -c 'import jupyter_client; print("jupyter_client", jupyter_client.__version__)')"
: > "$out/results.jsonl"
for round in $(seq "$rounds"); do
  line=$("$py" "$here/bench/jupyter/kernel_bench.py" rdw '1 + 1' \
      'Warehouse.query("SELECT range AS n, range % 7 AS weekday FROM range(1000000)")' 'first 50 rows') \
    || fail "the rdw kernel run (round $round) failed"
  echo "$line" | tee -a "$out/results.jsonl"
  line=$("$py" "$here/bench/jupyter/kernel_bench.py" python3 '1 + 1' \
      'import pandas as pd; df = pd.DataFrame({"n": range(1000000)}); df["weekday"] = df["n"] % 7; df' 'rows') \
    || fail "the ipykernel run (round $round) failed"
  echo "$line" | tee -a "$out/results.jsonl"
done

"$py" - "$out/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"\nmedian of the interleaved runs (per run in brackets)")
print(f"{'kernel':10} {'start to first result s':>24} {'first rows of 1M s':>19} {'peak RSS MiB':>13}")
for k in ("rdw", "python3"):
    rs = [r for r in rows if r["kernel"] == k]
    m = lambda f: statistics.median(r[f] for r in rs)
    print(f"{k:10} {m('start_to_first_result_s'):24.2f} {m('first_rows_s'):19.3f} {m('peak_rss_mib'):13.0f}"
          f"   [{', '.join(str(r['start_to_first_result_s']) for r in rs)}] [{', '.join(str(r['first_rows_s']) for r in rs)}]")
PY
