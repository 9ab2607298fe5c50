"""The lake: hive-partitioned Parquet tables, written aside and swapped in per date.

Writers stage files under `LAKE/_staging/RUN_ID/`, outside every table folder (Polars and
DuckDB globs would read stray files inside one). Commit moves the old partition aside, the
staged one in, then deletes the old: readers see the old partition or the new, never half.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.schema import TABLES

ROW_GROUP_SIZE = 256_000


def scan(
    table: str,
    lake: str | Path = "data/lake",
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    storage_options: dict[str, Any] | None = None,
) -> pl.LazyFrame:
    """One table of the lake as a Polars LazyFrame, optionally for dates start..end (inclusive).

    The date filter prunes hive partitions, so only the dates asked for are read. `lake` may be
    a local folder or an object-storage URL (s3://bucket/prefix, with `storage_options`).
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    frame = pl.scan_parquet(
        f"{str(lake).rstrip('/')}/{table}/**/*.parquet",
        hive_partitioning=True,
        hive_schema={"date": pl.Date},
        storage_options=storage_options,
    )
    if start is not None:
        frame = frame.filter(pl.col("date") >= dt.date.fromisoformat(str(start)))
    if end is not None:
        frame = frame.filter(pl.col("date") <= dt.date.fromisoformat(str(end)))
    return frame


def partition_dir(root: Path, table: str, date: dt.date) -> Path:
    return root / table / f"date={date.isoformat()}"


def staging_root(lake: Path, run_id: str) -> Path:
    return lake / "_staging" / run_id


def write_part(
    rows: Sequence[dict[str, Any]],
    table: str,
    stage: Path,
    date: dt.date,
    part: str,
    keep_empty: bool = False,
) -> Path | None:
    """Write rows as one Parquet file of `table` under the staging root.

    No rows, no file, unless `keep_empty`: one empty file per table and date lets readers
    find every table (and its schema) even on a day without, say, rejects.
    """
    if not rows and not keep_empty:
        return None
    data = pa.Table.from_pylist(list(rows), schema=TABLES[table])
    folder = partition_dir(stage, table, date)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{part}.parquet"
    pq.write_table(data, path, compression="zstd", row_group_size=ROW_GROUP_SIZE)
    return path


def commit(lake: Path, stage: Path, date: dt.date, tables: Sequence[str]) -> None:
    """Replace each table's partition for `date` by the staged one, then drop the staging.

    A table with nothing staged loses its old partition: the date now has no such rows.
    """
    trash = lake / "_trash" / stage.name
    for table in tables:
        staged = partition_dir(stage, table, date)
        target = partition_dir(lake, table, date)
        if target.exists():
            old = partition_dir(trash, table, date)
            old.parent.mkdir(parents=True, exist_ok=True)
            target.rename(old)
        if staged.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.rename(target)
    for leftover in (trash, stage):
        shutil.rmtree(leftover, ignore_errors=True)
        with contextlib.suppress(OSError):  # still used by a concurrent run: keep it
            leftover.parent.rmdir()
