"""The lake's tables: hive-partitioned Parquet, one folder per table and `date=YYYY-MM-DD`.

Where each table's partition of a date lives, where runs stage their parts (`LAKE/_staging`,
outside every table folder: Polars and DuckDB globs would read stray files inside one), how
parts are written (validated against the schema), and `scan`, the readers' one entry point.
Publishing a date whole is tasks.lake.publish.publish's job.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks.lake.partitions import date_named
from tasks.lake.rows import to_table
from tasks.lake.schema import TABLES
from tasks.lake.storage import Location, join, makedirs, resolve

ROW_GROUP_SIZE = 256_000  # rows; a row group is also cut at ROW_GROUP_BYTES


ROW_GROUP_BYTES = 64 * 2**20  # bounds commit's memory: it holds one row group at a time


PARTITION_FILE = "part-0.parquet"  # one file per table and date: replaced in one step


STAGING = "_staging"


JOURNALS = "_journal"


RUN_ID_KEY = b"newslake.run_id"  # footer metadata of a partition file: the run that wrote it


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
    Dates written before a column was added read it as null.
    Warns about a date whose publish is unfinished (its tables may mix two runs until the
    next newslake command on the lake completes it).
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    first = dt.date.fromisoformat(str(start)) if start is not None else None
    last = dt.date.fromisoformat(str(end)) if end is not None else None
    unfinished = [
        day
        for day in _open_journals_if_visible(lake)
        if (first is None or day >= first) and (last is None or day <= last)
    ]
    if unfinished:
        dates = ", ".join(map(str, unfinished))
        warnings.warn(
            f"unfinished publish of {dates} in {lake}: tables of that date may mix two runs "
            "until the next newslake command on this lake completes it",
            stacklevel=2,
        )
    frame = pl.scan_parquet(
        f"{str(lake).rstrip('/')}/{table}/**/*.parquet",
        hive_partitioning=True,
        hive_schema={"date": pl.Date},
        # The table's schema as of this code: a column added since older dates were written
        # reads as null there (until they are reprocessed), never as a failed scan.
        schema=pl.DataFrame(TABLES[table].empty_table()).schema,
        missing_columns="insert",
        storage_options=storage_options,
    )
    if first is not None:
        frame = frame.filter(pl.col("date") >= first)
    if last is not None:
        frame = frame.filter(pl.col("date") <= last)
    return frame


def _open_journals_if_visible(lake: Location) -> list[dt.date]:
    """Open journals, where this process can list the lake (object storage may need
    credentials that only `storage_options` gives Polars)."""
    try:
        return open_journals(lake)
    except OSError:
        return []


STATE = "_state"  # a date's last successful run: what its output depended on, rows per table


def state_file(lake: Location, date: dt.date) -> str:
    return join(lake, STATE, f"{date.isoformat()}.json")


def partition_dir(root: Location, table: str, date: dt.date) -> str:
    return join(root, table, f"date={date.isoformat()}")


def staging_root(lake: Location, date: dt.date, run_id: str) -> str:
    return join(lake, STAGING, date.isoformat(), run_id)


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
    data = to_table(rows, table)
    fs, folder = resolve(partition_dir(stage, table, date))
    makedirs(fs, folder)
    path = f"{folder}/part-{part}.parquet"
    pq.write_table(data, path, filesystem=fs, compression="zstd")
    return path


def written_by(fs: AbstractFileSystem, path: str) -> str | None:
    """The run that wrote a partition file (from its footer), or None."""
    try:
        metadata = pq.read_metadata(path, filesystem=fs).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    value = metadata.get(RUN_ID_KEY)
    return value.decode() if value else None


def open_journals(lake: Location) -> list[dt.date]:
    """Dates whose publish is unfinished (a live run's, or a crashed one's)."""
    fs, root = resolve(join(lake, JOURNALS))
    fs.invalidate_cache(root)
    if not fs.isdir(root):
        return []
    names = [path.rsplit("/", 1)[-1] for path in fs.ls(root, detail=False)]
    return sorted(
        day for name in names if name.endswith(".json") and (day := date_named(name[:-5]))
    )


def partition_paths(lake: Location, table: str, date: dt.date) -> tuple[str, str]:
    """(partition folder, partition file) of a table and date, as filesystem paths."""
    _, folder = resolve(partition_dir(lake, table, date))
    return folder, f"{folder}/{PARTITION_FILE}"


def partition_rows(lake: Location, table: str, date: dt.date) -> int | None:
    """Rows in a table's partition of `date`, from its Parquet footer (no data read); None if
    the file is missing or unreadable."""
    fs, _ = resolve(lake)
    _, target = partition_paths(lake, table, date)
    try:
        return pq.read_metadata(target, filesystem=fs).num_rows
    except (OSError, pa.ArrowInvalid):
        return None
