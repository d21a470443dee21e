#!/usr/bin/env python3
"""The pandas peer of the contract benchmark (bench/contract-vs-pandas.sh): the checks of bench/contract-rides.yaml,
written by hand as a pandas user writes them, in the style of ../shared/bench/anchor_pandas.py: one pandas expression
per check, so one pass over the column(s) per check, and up to 5 sample rows of each failing check (as rdw reads).

  prepare CLEAN.csv DATA.pkl   reads the cleaned rows once and keeps them as a pickle (outside the measurement)
  check DATA.pkl OUT.json      reads the pickle and runs the checks; writes OUT.json and prints a summary line

Why a pickle and not the Parquet rdw reads: Debian's pandas (python3-pandas, 1.5 on bookworm) comes without a Parquet
engine (no pyarrow, no fastparquet, and neither is packaged). So ContractBenchmark `prepare` writes the same cleaned
rows as CSV too, and `prepare` here turns that CSV into pandas' own binary format once; the measured run reads binary
data, as rdw's does, instead of parsing text. The CSV is read with empty fields as the only nulls (rdw's clean has
already turned N/A, NULL and the like into nulls, and a text such as 'NA' must stay text) and with round-trip float
parsing, so every number is the double rdw wrote.

Definitions, aligned with rdw's (ContractChecker, CheckSql): nulls never count as invalid; duplicateValues counts the
non-null rows beyond the first of each value (rows - distinct values), and for a composite key the rows with no null
key part; percent = 100 x count / all rows, rounded half up to 4 places; ranges (logicalTypeOptions minimum/maximum)
are inclusive at both ends; a pattern is searched anywhere in the text unless anchored (re.search); the sql check's
NULLs compare false. A type check (logicalType) counts the non-null values that are not of the type.

OUT.json: {"rows", "read_seconds", "check_seconds", "passes" (one per check), "sample_reads", "values": {check id: value}, "results": {check id:
passed|warning|failed}, "samples": {check id: sample rows read}}; check ids as rdw's report names them.
Needs Debian's python3-pandas; run it with /usr/bin/python3.
"""
import decimal
import json
import sys
import time

import pandas as pd

SAMPLES = 5
SHOWN = ["record_id", "user_name", "device_type"]  # the contract's first three columns, as rdw shows them


def prepare(src, dst):
    t0 = time.perf_counter()
    df = pd.read_csv(src, keep_default_na=False, na_values=[""], float_precision="round_trip")
    df.to_pickle(dst)
    print(json.dumps({"rows": len(df), "columns": {c: str(t) for c, t in df.dtypes.items()},
                      "seconds": round(time.perf_counter() - t0, 3)}))


def percent(count, rows):
    """100 x count / rows as rdw has it: 16 significant digits, then 4 places, half up."""
    if rows == 0:
        return decimal.Decimal(0)
    ctx = decimal.Context(prec=16, rounding=decimal.ROUND_HALF_EVEN)
    v = ctx.divide(decimal.Decimal(count) * 100, decimal.Decimal(rows))
    return v.quantize(decimal.Decimal("0.0001"), rounding=decimal.ROUND_HALF_UP).normalize()


def number(v):
    return float(v) if isinstance(v, decimal.Decimal) else int(v)


def check(src, dst):
    t0 = time.perf_counter()
    df = pd.read_pickle(src)
    t1 = time.perf_counter()
    rows = len(df)
    values, results, samples = {}, {}, {}

    def report(cid, value, ok, severity="error", mask=None, dup_keys=None, column=None):
        values[cid] = None if value is None else number(value)
        results[cid] = "passed" if ok else ("warning" if severity == "warning" else "failed")
        if ok:
            return
        shown = SHOWN + [c for c in ([column] if column else dup_keys or []) if c not in SHOWN]
        if mask is not None:  # the failing rows, as rdw's sample query reads them
            samples[cid] = len(df.loc[mask, shown].head(SAMPLES).to_dict("records"))
        elif dup_keys is not None:
            dup = df[dup_keys].notna().all(axis=1) & df.duplicated(dup_keys, keep=False)
            samples[cid] = len(df.loc[dup, shown].sort_values(dup_keys).head(SAMPLES).to_dict("records"))

    # every property is present (the schema; no pass over the rows)
    for c in ["record_id", "user_name", "device_type", "timestamp", "heart_rate_bpm", "speed_km_h", "latitude",
              "longitude", "power_w", "session_notes"]:
        results[f"rides.{c}.present"] = "passed" if c in df.columns else "failed"
        values[f"rides.{c}.present"] = None

    # record_id: required, unique
    n = int(df["record_id"].isna().sum())
    report("rides.record_id.required", n, n == 0, mask=df["record_id"].isna(), column="record_id")
    s = df["record_id"]
    n = int(s.count() - s.nunique())
    report("rides.record_id.unique", n, n == 0, dup_keys=["record_id"])

    # user_name: a pattern
    s = df["user_name"]
    bad = s.notna() & ~s.astype(str).str.contains(r"^user[0-4][0-9]{2}$", regex=True)
    n = int(bad.sum())
    report("user_name_pattern", n, n == 0, mask=bad, column="user_name")

    # device_type: valid values (a warning)
    s = df["device_type"]
    bad = s.notna() & ~s.isin(["garmin-fenix", "wahoo-kickr", "apple-watch", "polar-h10"])
    n = int(bad.sum())
    report("device_type_valid", n, n == 0, "warning", mask=bad, column="device_type")

    # heart_rate_bpm: integer, 60..190, under 5 % nulls
    s = df["heart_rate_bpm"]
    bad = (s.notna() & (s % 1 != 0)) if not pd.api.types.is_integer_dtype(s) else pd.Series(False, index=s.index)
    n = int(bad.sum())
    report("rides.heart_rate_bpm.logicalType", n, n == 0, mask=bad, column="heart_rate_bpm")
    bad = s.notna() & ((s < 60) | (s > 190))
    n = int(bad.sum())
    report("rides.heart_rate_bpm.logicalTypeOptions", n, n == 0, mask=bad, column="heart_rate_bpm")
    bad = s.isna()
    p = percent(int(bad.sum()), rows)
    report("heart_rate_null_percent", p, p < 5, mask=bad, column="heart_rate_bpm")

    # speed_km_h, latitude: numbers within their ranges
    for c, lo, hi in [("speed_km_h", 0, 50), ("latitude", -38.05, -37.65)]:
        s = df[c]
        bad = (pd.to_numeric(s, errors="coerce").isna() & s.notna()) if not pd.api.types.is_numeric_dtype(s) \
            else pd.Series(False, index=s.index)
        n = int(bad.sum())
        report(f"rides.{c}.logicalType", n, n == 0, mask=bad, column=c)
        bad = s.notna() & ((s < lo) | (s > hi))
        n = int(bad.sum())
        report(f"rides.{c}.logicalTypeOptions", n, n == 0, mask=bad, column=c)

    # power_w: the sql check (a warning; like rdw, no sample rows for a query's number)
    n = int(((df["power_w"] > 850) & (df["speed_km_h"] < 5)).sum())
    report("power_without_speed", n, n == 0, "warning")

    # session_notes: missing (null, '' or 'N/A') at most 5 %
    s = df["session_notes"]
    bad = s.isna() | s.isin(["", "N/A"])
    p = percent(int(bad.sum()), rows)
    report("session_notes_missing", p, p <= 5, mask=bad, column="session_notes")

    # the object: row count, (user_name, timestamp) unique
    report("row_count", rows, rows > 1000)
    keys = ["user_name", "timestamp"]
    k = df[keys].dropna()
    n = int(k.duplicated().sum())
    report("user_timestamp_unique", n, n == 0, dup_keys=keys)

    t2 = time.perf_counter()
    data_checks = sum(1 for c in values if not c.endswith(".present"))
    out = {"rows": rows, "read_seconds": round(t1 - t0, 3), "check_seconds": round(t2 - t1, 3),
           "passes": data_checks, "sample_reads": len(samples), "checks": data_checks,
           "values": values, "results": results, "samples": samples}
    with open(dst, "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps({k: out[k] for k in ("rows", "read_seconds", "check_seconds", "passes", "sample_reads", "checks")}))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("prepare", "check"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    (prepare if sys.argv[1] == "prepare" else check)(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
