"""Two lakes compared table by table, row for row: what a change of code did to the output.

    python benchmarks/compare_lakes.py BEFORE_LAKE AFTER_LAKE

Every table both lakes hold is read whole and sorted on all its columns; the columns that
record a run rather than its output (run ids, times, versions) are left out. Prints one line
per table (equal, or the row counts and the first differing columns) and exits 1 if any
differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

RUN_COLUMNS = {"run_id", "processed_at", "pipeline_version", "started_at", "finished_at"}


def _read(lake: Path, table: str) -> pl.DataFrame:
    files = sorted((lake / table).rglob("*.parquet"))
    frame = pl.concat([pl.read_parquet(f, hive_partitioning=False) for f in files], how="diagonal")
    kept = [c for c in frame.columns if c not in RUN_COLUMNS]
    frame = frame.select(kept)
    plain = [c for c in kept if not isinstance(frame.schema[c], pl.List | pl.Struct)]
    return frame.sort(plain, nulls_last=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    tables = sorted(
        p.name
        for p in args.before.iterdir()
        if p.is_dir() and not p.name.startswith("_") and p.name != "runs"
    )
    differ = 0
    for table in tables:
        before, after = _read(args.before, table), _read(args.after, table)
        if before.columns != after.columns:
            print(f"{table}: columns differ: {set(before.columns) ^ set(after.columns)}")
            differ += 1
        elif before.equals(after):
            print(f"{table}: equal ({before.height} rows)")
        else:
            changed = [c for c in before.columns if not before[c].equals(after[c])]
            print(f"{table}: {before.height} vs {after.height} rows; differ in {changed[:5]}")
            differ += 1
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
