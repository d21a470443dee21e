#!/usr/bin/env python3
"""Checks that two preprocessing outputs (CSV) keep exactly the same rows and columns, value for value.

Usage: compare_clean.py RDW.csv PANDAS.csv [--skip COLUMN ...]

--skip leaves a column out of the value comparison (ML prep: rdw leaves identifier columns unscaled, pandas does
not). Numbers are equal when they agree to 1e-8 (relative, or absolute below 1): z-scores over millions of rows
differ in the tenth digit between engines, since each sums in its own order (pandas pairwise, DuckDB in parallel
chunks); an integer column is compared exactly.

Values are compared by meaning, not by spelling: pandas writes an integer column with gaps as 120.0 and booleans
as True, rdw keeps 120 and writes true; timestamps may be spelled 2025-03-01T00:00:00Z or 2025-03-01 00:00:00+00.
Also reports which columns rdw kept as integers. Exit 0 when equal, 1 otherwise (also when one file has rows the
other lacks, or the header differs), 2 on a usage error.
"""
import csv
import datetime
import itertools
import json
import re
import sys

INT = re.compile(r"^[+-]?\d+$")


def norm(v):
    if v == "":
        return None
    low = v.lower()
    if low in ("true", "false"):
        return low == "true"
    if INT.match(v):
        return int(v)
    try:
        f = float(v)
        # pandas writes an integer column with gaps as 120.0: compare it as the integer it holds
        return int(f) if v.endswith(".0") and abs(f) < 2**53 else f
    except ValueError:
        pass
    try:
        iso = v[:-1] + "+00:00" if v.endswith("Z") else v + ":00" if re.search(r"[+-]\d\d$", v) else v
        t = datetime.datetime.fromisoformat(iso)
        if t.tzinfo is not None:
            t = t.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return t
    except ValueError:
        return v


def equal(a, b):
    # floats written by two engines may differ in the last digit of the shortest round-trip form
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-8 * max(1.0, abs(a), abs(b))
    return a == b


def main():
    if len(sys.argv) < 3 or (len(sys.argv) > 3 and sys.argv[3] != "--skip"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    skip = set(sys.argv[4:])
    csv.field_size_limit(1 << 30)
    with open(sys.argv[1], newline="", encoding="utf-8") as a, open(sys.argv[2], newline="", encoding="utf-8") as b:
        ra, rb = csv.reader(a), csv.reader(b)
        ha, hb = next(ra), next(rb)
        report = {"columns_equal": ha == hb, "rdw_columns": ha, "pandas_columns": hb}
        rows = diffs = 0
        integer_cols = set(range(len(ha)))
        compared = [i for i, h in enumerate(ha) if h not in skip]
        first_diff = None
        extra_a = extra_b = 0
        # zip() would silently drop the first row past the end of the shorter file: pair them up to the longer one
        for x, y in itertools.zip_longest(ra, rb):
            if y is None:
                extra_a += 1
                continue
            if x is None:
                extra_b += 1
                continue
            rows += 1
            for i, v in enumerate(x):
                if v != "" and not INT.match(v):
                    integer_cols.discard(i)
            nx = [norm(v) for v in x]
            ny = [norm(v) for v in y]
            if len(nx) != len(ny) or not all(equal(nx[i], ny[i]) for i in compared):
                diffs += 1
                if first_diff is None:
                    first_diff = {"row": rows, "rdw": x, "pandas": y}
        report.update({"rows_compared": rows, "rows_only_in_rdw": extra_a, "rows_only_in_pandas": extra_b,
                       "rows_different": diffs, "first_difference": first_diff, "skipped_columns": sorted(skip),
                       "rdw_integer_columns": [ha[i] for i in sorted(integer_cols)]})
        print(json.dumps(report, indent=1))
        identical = report["columns_equal"] and diffs == 0 and extra_a == 0 and extra_b == 0
        print("SAME ROWS AND COLUMNS" if identical else "DIFFERENT", file=sys.stderr)
        sys.exit(0 if identical else 1)


if __name__ == "__main__":
    main()
