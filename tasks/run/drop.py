"""A date taken out of a lake as if it had never been processed: its partition of every table,
its state file (so the next run of the date processes it again), its usage in the entity
registry and its quotes in the quote clusters.

Crash-safe as a publish is. A marker `LAKE/_journal/DATE.drop` (naming the date and the run,
no path) is published first; then the state file goes, the partitions go through a journaled
publish of no rows (tasks.lake.publish.commit with nothing staged: a crash there is finished
as any publish is), the registry forgets the date, the clusters are updated, and the marker
goes last. Every step may be done twice, so the next command that heals the date
(tasks.run.upkeep.heal_date) finishes an interrupted drop.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks.lake.locks import date_lock
from tasks.lake.publish import REFUSED_SUFFIX, commit, is_run_id, recover
from tasks.lake.schema import ALL_TABLES
from tasks.lake.storage import Location, join, publish_bytes, published_file, resolve
from tasks.lake.tables import JOURNALS, partition_paths, staging_root, state_file
from tasks.link import clusters

if TYPE_CHECKING:  # the registry imports spaCy: loaded only when a date is dropped
    from tasks.link.forget import Forgotten

DROP_SUFFIX = ".drop"  # LAKE/_journal/DATE.drop: a drop under way


@dataclass(frozen=True)
class Dropped:
    """What dropping a date removed."""

    date: dt.date
    rows: dict[str, int]  # rows per table whose partition was removed
    forgotten: Forgotten
    clusters: tuple[int, int]  # quote clusters before and after


def _marker(lake: Location, date: dt.date) -> tuple[AbstractFileSystem, str]:
    return resolve(join(lake, JOURNALS, f"{date.isoformat()}{DROP_SUFFIX}"))


def holdings(lake: Location, date: dt.date) -> dict[str, int]:
    """Rows per table that has a partition of `date` (from the footers; 0 for a file that
    cannot be read)."""
    fs, _ = resolve(lake)
    held: dict[str, int] = {}
    for table in ALL_TABLES:
        folder, target = partition_paths(lake, table, date)
        if fs.isdir(folder):
            try:
                held[table] = pq.read_metadata(target, filesystem=fs).num_rows
            except (OSError, pa.ArrowInvalid):
                held[table] = 0
    return held


def in_lake(lake: Location, date: dt.date) -> bool:
    """Whether the lake holds anything of `date`: a partition, a state file, a drop under way."""
    fs, _ = resolve(lake)
    marked = fs.isfile(_marker(lake, date)[1])
    return (
        bool(holdings(lake, date)) or published_file(state_file(lake, date)) is not None or marked
    )


def drop_date(lake: Location, date: dt.date, run_id: str) -> Dropped:
    """Take `date` out of the lake under its lock (DateLocked while a run writes it)."""
    with date_lock(lake, date, run_id):
        recover(lake, date)  # an interrupted publish of the date first: then its tables go
        rows = holdings(lake, date)
        fs, marker = _marker(lake, date)
        body = {"run_id": run_id, "date": date.isoformat()}
        publish_bytes(fs, marker, json.dumps(body).encode())
        forgotten, counts = _finish(lake, date, run_id)
    return Dropped(date, rows, forgotten, counts)


def finish_drop(lake: Location, date: dt.date) -> str | None:
    """Finish the date's interrupted drop, the caller holding the date's lock; what was done,
    or None. A marker newslake did not write (another date or run id) is set aside unused."""
    fs, marker = _marker(lake, date)
    if not fs.isfile(marker):
        return None
    try:
        body = json.loads(fs.cat_file(marker))
        run_id = body["run_id"] if body.get("date") == date.isoformat() else None
    except (ValueError, TypeError, KeyError, AttributeError):
        run_id = None
    if not is_run_id(run_id):
        fs.mv(marker, marker + REFUSED_SUFFIX)
        name = f"{date.isoformat()}{DROP_SUFFIX}"
        return f"{date}: {JOURNALS}/{name} was not written by newslake: set aside, date kept"
    _finish(lake, date, str(run_id))
    return f"{date}: finished the interrupted drop of run {run_id}"


def _clusters(lake: Location) -> int:
    found = published_file(clusters.clusters_path(lake))
    if found is None:
        return 0
    try:
        return pq.read_metadata(found[1], filesystem=found[0]).num_rows
    except (OSError, pa.ArrowInvalid):
        return 0


def _finish(lake: Location, date: dt.date, run_id: str) -> tuple[Forgotten, tuple[int, int]]:
    """The drop's steps after its marker, each one safe to do again, then the marker goes."""
    from tasks.link.forget import forget_date

    fs, state = resolve(state_file(lake, date))
    if fs.isfile(state):
        fs.rm(state)  # from here on the date counts as never processed
    commit(lake, staging_root(lake, date, run_id), date, ALL_TABLES, run_id)  # nothing staged
    forgotten = forget_date(lake, date, run_id)
    before = _clusters(lake)
    held = published_file(clusters.clusters_path(lake)) is not None
    after = clusters.update(lake, run_id=run_id) if held or clusters.lake_dates(lake) else 0
    marker_fs, marker = _marker(lake, date)
    marker_fs.rm(marker)
    return forgotten, (before, after)
