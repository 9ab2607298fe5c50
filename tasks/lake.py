"""The lake: hive-partitioned Parquet tables, written aside and published per date.

Writers stage part files under `LAKE/_staging/RUN_ID/`, outside every table folder (Polars
and DuckDB globs would read stray files inside one). Commit merges a table's staged parts into
one file per date, in large row groups, and publishes it over the old one: readers see the old
partition or the new, never half, on a local disk and in object storage alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from typing import Any, BinaryIO

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.schema import TABLES
from tasks.storage import Location, files_under, is_local, join, makedirs, publish, resolve

ROW_GROUP_SIZE = 256_000  # rows; a row group is also cut at ROW_GROUP_BYTES
ROW_GROUP_BYTES = 64 * 2**20  # bounds commit's memory: it holds one row group at a time
PARTITION_FILE = "part-0.parquet"  # one file per table and date: replaced in one step


def scan(
    table: str,
    lake: Location = "data/lake",
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


def partition_dir(root: Location, table: str, date: dt.date) -> str:
    return join(root, table, f"date={date.isoformat()}")


def staging_root(lake: Location, run_id: str) -> str:
    return join(lake, "_staging", run_id)


def write_part(
    rows: Sequence[dict[str, Any]],
    table: str,
    stage: Location,
    date: dt.date,
    part: str,
    keep_empty: bool = False,
) -> str | None:
    """Write rows as one Parquet file of `table` under the staging root.

    No rows, no file, unless `keep_empty`: one empty file per table and date lets readers
    find every table (and its schema) even on a day without, say, rejects.
    """
    if not rows and not keep_empty:
        return None
    data = pa.Table.from_pylist(list(rows), schema=TABLES[table])
    fs, folder = resolve(partition_dir(stage, table, date))
    makedirs(fs, folder)
    path = f"{folder}/part-{part}.parquet"
    pq.write_table(data, path, filesystem=fs, compression="zstd")
    return path


def commit(lake: Location, stage: Location, date: dt.date, tables: Sequence[str]) -> None:
    """Publish each table's staged parts for `date` as its partition, then drop the staging.

    A table with nothing staged loses its old partition: the date now has no such rows.
    """
    fs, _ = resolve(lake)
    for table in tables:
        _, staged_dir = resolve(partition_dir(stage, table, date))
        _, target_dir = resolve(partition_dir(lake, table, date))
        staged = files_under(fs, staged_dir)
        if not staged:
            if fs.exists(target_dir):
                fs.rm(target_dir, recursive=True)
            continue
        target = f"{target_dir}/{PARTITION_FILE}"
        publish(fs, target, lambda sink, parts=staged, t=table: _merge(fs, parts, t, sink))
        stale = [path for path in files_under(fs, target_dir) if path != target]
        if stale:  # parts of an older layout
            fs.rm(stale)
    _, staging = resolve(stage)
    if fs.exists(staging):
        fs.rm(staging, recursive=True)
    if is_local(fs):  # object storage has no folders to tidy
        with contextlib.suppress(OSError):  # still used by a concurrent run: keep it
            fs.rmdir(staging.rsplit("/", 1)[0])


def _merge(fs: Any, parts: list[str], table: str, sink: BinaryIO) -> None:
    """Stream staged parts into one Parquet file, cutting row groups by rows and bytes."""
    schema = TABLES[table]
    pending: list[pa.Table] = []
    rows = size = 0
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for path in parts:
            piece = pq.read_table(path, filesystem=fs, schema=schema)
            pending.append(piece)
            rows, size = rows + piece.num_rows, size + piece.nbytes
            if rows >= ROW_GROUP_SIZE or size >= ROW_GROUP_BYTES:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_SIZE)
                pending, rows, size = [], 0, 0
        if pending:
            writer.write_table(pa.concat_tables(pending))
