"""The lake: hive-partitioned Parquet tables, in which a date is published whole or not at all.

Writers stage part files under `LAKE/_staging/DATE/RUN_ID/`, outside every table folder
(Polars and DuckDB globs would read stray files inside one). `commit` publishes a date's
tables as one unit:

1. prepare: each table's staged parts are merged into one file (large row groups), still in
   staging; the file's footer names the run that wrote it;
2. journal: the date's current partition files are kept aside under `LAKE/_journal/DATE/`
   (hard links on a local disk, copies in object storage), then the journal
   `LAKE/_journal/DATE.json` is published: the run, and each table's new file;
3. publish: each new file replaces its table's partition file in one step (a rename on a
   local disk; in object storage an object appears whole when written); then the journal,
   the kept files and the staging are removed, in that order.

A crash between 2 and the journal's removal leaves the journal: `recover` (which every
newslake command runs on the dates it touches, see tasks/run/upkeep.py) finishes the publish, or,
where the staged files are gone, puts the kept partitions back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks.lake import faults
from tasks.lake.schema import TABLES
from tasks.lake.storage import Location, files_under, inside, is_local, join, publish_bytes, resolve
from tasks.lake.tables import (
    JOURNALS,
    ROW_GROUP_BYTES,
    ROW_GROUP_SIZE,
    RUN_ID_KEY,
    partition_dir,
    partition_paths,
    staging_root,
    written_by,
)


@dataclass(frozen=True)
class Journal:
    """An unfinished publish of one date: the run, each table's new file (None: the table has
    no partition that date) and the kept copy of each partition it replaces."""

    run_id: str
    date: str
    stage: str
    files: dict[str, str | None]
    kept: dict[str, str]


class StagingLost(RuntimeError):
    """A journal names a staged file that is gone: the publish cannot be finished."""


def _journal_path(lake: Location, date: dt.date) -> tuple[AbstractFileSystem, str]:
    return resolve(join(lake, JOURNALS, f"{date.isoformat()}.json"))


def commit(
    lake: Location, stage: Location, date: dt.date, tables: Sequence[str], run_id: str
) -> dict[str, int]:
    """Publish each table's staged parts for `date` as its partition, all tables as one unit;
    returns the rows published per table.

    A table with nothing staged loses its old partition: the date now has no such rows.
    """
    fs, _ = resolve(lake)
    _, stage_path = resolve(stage)
    files: dict[str, str | None] = {}
    rows: dict[str, int] = {}
    for table in tables:
        _, staged_dir = resolve(partition_dir(stage, table, date))
        staged = files_under(fs, staged_dir)
        files[table] = f"{stage_path}/_ready/{table}.parquet" if staged else None
        rows[table] = _merge(fs, staged, table, files[table], run_id) if staged else 0
    journal = _open_journal(fs, lake, date, run_id, stage_path, files)
    faults.reached("commit.journaled")
    _publish(fs, lake, journal)
    _close(fs, lake, journal)
    return rows


def _merge(fs: AbstractFileSystem, parts: list[str], table: str, path: Any, run_id: str) -> int:
    """Stream staged parts into one Parquet file, cutting row groups by rows and bytes."""
    schema = TABLES[table]
    pending: list[pa.Table] = []
    rows = size = total = 0
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with (
        fs.open(path, "wb") as sink,
        pq.ParquetWriter(
            sink, schema.with_metadata({RUN_ID_KEY: run_id.encode()}), compression="zstd"
        ) as writer,
    ):
        for part in parts:
            piece = pq.read_table(part, filesystem=fs, schema=schema)
            pending.append(piece)
            rows, size, total = rows + piece.num_rows, size + piece.nbytes, total + piece.num_rows
            if rows >= ROW_GROUP_SIZE or size >= ROW_GROUP_BYTES:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_SIZE)
                pending, rows, size = [], 0, 0
        if pending:
            writer.write_table(pa.concat_tables(pending))
    return total


def _open_journal(
    fs: AbstractFileSystem,
    lake: Location,
    date: dt.date,
    run_id: str,
    stage: str,
    files: dict[str, str | None],
) -> Journal:
    """Keep the partitions about to be replaced, then publish the journal."""
    _, kept_dir = resolve(join(lake, JOURNALS, date.isoformat()))
    kept: dict[str, str] = {}
    for table in files:
        _, target = partition_paths(lake, table, date)
        if fs.isfile(target):
            kept[table] = f"{kept_dir}/{table}.parquet"
            _keep(fs, target, kept[table])
    journal = Journal(run_id, date.isoformat(), stage, files, kept)
    jfs, path = _journal_path(lake, date)
    publish_bytes(jfs, path, json.dumps(asdict(journal)).encode())
    return journal


def _keep(fs: AbstractFileSystem, source: str, kept: str) -> None:
    """A copy of `source` at `kept` that survives `source` being replaced."""
    if fs.exists(kept):
        fs.rm(kept)
    if is_local(fs):
        fs.makedirs(kept.rsplit("/", 1)[0], exist_ok=True)
        os.link(source, kept)  # a second name for the same bytes: no copy
    else:
        fs.copy(source, kept)


def _publish(fs: AbstractFileSystem, lake: Location, journal: Journal) -> None:
    """Move each new file over its partition; a file already moved is left alone."""
    date = dt.date.fromisoformat(journal.date)
    for n, (table, ready) in enumerate(journal.files.items()):
        folder, target = partition_paths(lake, table, date)
        if ready is None:
            if fs.exists(folder) and inside(fs, resolve(lake)[1], folder):
                fs.rm(folder, recursive=True)
        elif fs.exists(ready):
            fs.makedirs(folder, exist_ok=True)
            fs.mv(ready, target)
            stale = [path for path in files_under(fs, folder) if path != target]
            if stale:  # parts of an older layout
                fs.rm(stale)
        elif written_by(fs, target) != journal.run_id:
            raise StagingLost(f"{table} of {journal.date}: {ready} is gone")
        if n < len(journal.files) - 1:
            faults.reached("commit.between-tables")
    faults.reached("commit.published")


def _roll_back(fs: AbstractFileSystem, lake: Location, journal: Journal) -> None:
    """Put back every partition the journal's run replaced (its kept copy, or none)."""
    date = dt.date.fromisoformat(journal.date)
    for table in journal.files:
        folder, target = partition_paths(lake, table, date)
        kept = journal.kept.get(table)
        if kept is not None and fs.exists(kept):
            fs.mv(kept, target)
        elif kept is None and fs.exists(folder) and inside(fs, resolve(lake)[1], folder):
            fs.rm(folder, recursive=True)  # the table had no partition before this run


def _close(fs: AbstractFileSystem, lake: Location, journal: Journal) -> None:
    """Remove the journal first (the publish is complete), then what it kept and staged."""
    date = dt.date.fromisoformat(journal.date)
    jfs, path = _journal_path(lake, date)
    jfs.rm(path)
    _, kept_dir = resolve(join(lake, JOURNALS, journal.date))
    _, root = resolve(lake)
    for leftover in (kept_dir, journal.stage):
        if fs.exists(leftover) and inside(fs, root, leftover):
            fs.rm(leftover, recursive=True)
    if is_local(fs):  # object storage has no folders to tidy
        with contextlib.suppress(OSError):  # another run of the date stages there: keep it
            fs.rmdir(journal.stage.rsplit("/", 1)[0])


class UntrustedJournal(ValueError):
    """A journal that newslake did not write: it names paths of its own choosing."""


REFUSED_SUFFIX = ".refused"  # a journal set aside, never acted upon
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")  # a flow run id, a uuid, a test's name


def is_run_id(value: object) -> bool:
    """Whether `value` is a run id as newslake writes one (nothing a path could hide in)."""
    return isinstance(value, str) and _RUN_ID.fullmatch(value) is not None


def read_journal(lake: Location, date: dt.date) -> Journal | None:
    """The date's open journal, or None (also for one that cannot be read: it is removed, and
    the data check of the next run decides whether the date must be processed again).
    UntrustedJournal for one whose paths are not the ones newslake derives (see `_trusted`)."""
    fs, path = _journal_path(lake, date)
    if not fs.isfile(path):
        return None
    try:
        found = json.loads(fs.cat_file(path))
        journal = Journal(**found) if isinstance(found, dict) else None
    except (ValueError, TypeError):
        journal = None
    if journal is None:
        fs.rm(path)
        return None
    return _trusted(lake, date, journal)


def _trusted(lake: Location, date: dt.date, journal: Journal) -> Journal:
    """`journal` if every path in it is the one newslake itself derives from the lake, the
    date, the run and the table: new files under `_staging/DATE/RUN/_ready/`, kept copies
    under `_journal/DATE/`. A publish moves and deletes what its journal names, so a journal
    is never trusted to name a path: a crafted one would make any command touch files
    outside the lake."""
    run_id = journal.run_id if isinstance(journal.run_id, str) else ""
    if not is_run_id(run_id) or journal.date != date.isoformat():
        raise UntrustedJournal(f"its run id or date is not one newslake writes: {run_id!r}")
    _, stage = resolve(staging_root(lake, date, run_id))
    _, kept_dir = resolve(join(lake, JOURNALS, date.isoformat()))
    files, kept = journal.files, journal.kept
    if journal.stage != stage or not isinstance(files, dict) or not isinstance(kept, dict):
        raise UntrustedJournal(f"its staging folder is not {stage}")
    for table, ready in files.items():
        if table not in TABLES or ready not in (None, f"{stage}/_ready/{table}.parquet"):
            raise UntrustedJournal(f"it names {ready!r} for table {table!r}")
    for table, copy in kept.items():
        if table not in files or copy != f"{kept_dir}/{table}.parquet":
            raise UntrustedJournal(f"it names {copy!r} as the kept copy of {table!r}")
    return journal


def set_aside(lake: Location, date: dt.date, why: UntrustedJournal) -> str:
    """Rename an untrusted journal so that no command acts on it or counts it as open; the
    note to show. Only the journal's own name in the lake's journal folder is touched."""
    fs, path = _journal_path(lake, date)
    fs.mv(path, path + REFUSED_SUFFIX)
    return (
        f"{date}: {join(lake, JOURNALS, date.isoformat())}.json was not written by newslake "
        f"({why}); nothing it names was touched; it is set aside as "
        f"{date.isoformat()}.json{REFUSED_SUFFIX}: look at it, then remove it"
    )


def recover(lake: Location, date: dt.date) -> str | None:
    """Finish (or, where its staged files are gone, undo) the date's interrupted publish;
    what was done, or None if there was nothing to do. The caller holds the date's lock."""
    try:
        journal = read_journal(lake, date)
    except UntrustedJournal as why:
        return set_aside(lake, date, why)
    if journal is None:
        return None
    fs, _ = resolve(lake)
    try:
        _publish(fs, lake, journal)
        done = f"{date}: finished the interrupted publish of run {journal.run_id}"
    except StagingLost:
        _roll_back(fs, lake, journal)
        done = f"{date}: undid the interrupted publish of run {journal.run_id} (staging lost)"
    _close(fs, lake, journal)
    return done
