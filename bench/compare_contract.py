#!/usr/bin/env python3
"""Compares one round of bench/contract-vs-pandas.sh: rdw's contract report (ContractReport.toJson()) against the
pandas peer's output (bench/contract_pandas.py check), check by check: the same check ids, the same value (numbers
compared exactly, as decimals), the same result (passed, warning, failed) and, for a check that did not pass, the same
number of sample rows read (at most 5; the rows themselves may differ, since neither side orders them the same way).

Usage: compare_contract.py RDW_REPORT.json PANDAS.json [--table]
Prints one JSON line, {"checks", "data_checks", "failing", "rdw_passes", "pandas_passes", "pandas_sample_reads"}
(with --table, a table of every check first); exits 1, naming every difference, when they differ.
"""
import json
import sys
from decimal import Decimal


def dec(v):
    return None if v is None else Decimal(str(v))


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    rdw = json.load(open(sys.argv[1]))
    pandas = json.load(open(sys.argv[2]))
    checks = rdw["checks"]
    diffs = []
    mine = [c["id"] for c in checks]
    if len(set(mine)) != len(mine):
        diffs.append(f"rdw's report names a check twice: {sorted(i for i in set(mine) if mine.count(i) > 1)}")
    for i in sorted(set(mine) - set(pandas["values"])):
        diffs.append(f"{i}: checked by rdw only")
    for i in sorted(set(pandas["values"]) - set(mine)):
        diffs.append(f"{i}: checked by pandas only")
    rows = []
    for c in checks:
        i = c["id"]
        if i not in pandas["values"]:
            continue
        rv, pv = dec(c["value"]), dec(pandas["values"][i])
        rr, pr = c["result"], pandas["results"].get(i)
        rs, ps = len(c.get("failedSamples") or []), pandas["samples"].get(i, 0)
        if rv != pv:
            diffs.append(f"{i}: value {c['value']} (rdw) vs {pandas['values'][i]} (pandas)")
        if rr != pr:
            diffs.append(f"{i}: {rr} (rdw) vs {pr} (pandas)")
        if rr == "error":
            diffs.append(f"{i}: rdw could not run it: {c.get('message')}")
        if rs != ps:
            diffs.append(f"{i}: {rs} sample rows (rdw) vs {ps} (pandas)")
        rows.append((i, c["metric"], c["threshold"], c["value"], pandas["values"][i], rr, rs))
    if len(sys.argv) == 4 and sys.argv[3] == "--table":
        print(f"{'check':40} {'metric':15} {'rdw':>9} {'pandas':>9}  {'result':8} samples  must be")
        for i, m, t, rv, pv, r, s in rows:
            if m != "schema":
                print(f"{i:40} {m:15} {str(rv):>9} {str(pv):>9}  {r:8} {s:<7}  {t}")
        print(f"(and {sum(1 for r in rows if r[1] == 'schema')} columns present, both sides)")
    if pandas.get("rows") is not None and any(c["metric"] == "rowCount" and c["value"] != pandas["rows"] for c in checks):
        diffs.append(f"rows: pandas read {pandas['rows']}, rdw's row count differs")
    if diffs:
        print("\n".join(diffs), file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"checks": len(checks), "data_checks": sum(1 for c in checks if c["metric"] != "schema"),
                      "failing": sum(1 for c in checks if c["result"] != "passed"), "rdw_passes": rdw["passes"],
                      "pandas_passes": pandas["passes"], "pandas_sample_reads": pandas["sample_reads"]}))


if __name__ == "__main__":
    main()
