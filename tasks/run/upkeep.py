"""Upkeep of a lake before a command works on it: interrupted publishes finished (or undone)
and crash debris removed, so a crash heals on the next start, not on the next rerun.

Only dates whose lock is free are touched: a live run's staging and journal are never
disturbed.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

from fsspec import AbstractFileSystem

from tasks.lake.locks import DateLocked, date_lock
from tasks.lake.partitions import date_named
from tasks.lake.publish import REFUSED_SUFFIX, recover
from tasks.lake.schema import LAKE_TABLES, TABLES
from tasks.lake.storage import Location, inside, is_local, join, resolve
from tasks.lake.tables import JOURNALS, STAGING, open_journals, partition_dir
from tasks.link import clusters
from tasks.run.drop import DROP_SUFFIX, finish_drop

STALE_SECONDS = 600  # a hidden .partial file older than this belongs to a dead writer


def _names(fs: AbstractFileSystem, folder: str) -> list[str]:
    fs.invalidate_cache(folder)
    if not fs.isdir(folder):
        return []
    return sorted(path.rstrip("/").rsplit("/", 1)[-1] for path in fs.ls(folder, detail=False))


def heal_date(lake: Location, date: dt.date, own_run: str | None = None) -> list[str]:
    """Finish the date's interrupted publish and remove its debris: staging of other runs,
    files a closed journal kept, hidden partial files in its partitions. The caller holds the
    date's lock. Returns one line per thing done."""
    notes = [done] if (done := recover(lake, date)) else []
    notes += [dropped] if (dropped := finish_drop(lake, date)) else []
    fs, root = resolve(lake)
    _, staging = resolve(join(lake, STAGING, date.isoformat()))
    if not inside(fs, root, staging):
        return [*notes, f"{date}: {staging} leads outside the lake (a link): left alone"]
    for run in _names(fs, staging):
        if run != own_run:
            fs.rm(f"{staging}/{run}", recursive=True)
            notes.append(f"{date}: removed the staging left by run {run}")
    if own_run is None and fs.isdir(staging) and not _names(fs, staging):
        fs.rmdir(staging)
    _, kept = resolve(join(lake, JOURNALS, date.isoformat()))
    if fs.isdir(kept) and inside(fs, root, kept) and not fs.isfile(f"{kept}.json"):
        fs.rm(kept, recursive=True)
        notes.append(f"{date}: removed the copies kept by a finished publish")
    for table in TABLES:
        _, folder = resolve(partition_dir(lake, table, date))
        for name in _names(fs, folder):
            if name.startswith(".") and name.endswith(".partial"):
                fs.rm(f"{folder}/{name}")
                notes.append(f"{date}: removed a half-written file of {table}")
    return notes


def _dates_needing_care(lake: Location) -> tuple[set[dt.date], list[str]]:
    """Dates with staging or a journal; and one note per name in those folders that newslake
    never writes (ignored: a stray file there is not the lake's own)."""
    fs, root = resolve(lake)
    dates, strays = set(open_journals(lake)), []
    for folder in (STAGING, JOURNALS):
        for name in _names(fs, f"{root}/{folder}"):
            day = date_named(name.removesuffix(".json").removesuffix(DROP_SUFFIX))
            if day is not None:
                dates.add(day)
            elif not name.endswith((".partial", REFUSED_SUFFIX)):
                strays.append(f"ignored {folder}/{name}: not a file newslake writes")
    return dates, strays


def heal(lake: Location) -> list[str]:
    """Heal every date of the lake that needs it and whose lock is free; bring the quote
    clusters up to date with the published quotes; remove stale partial files of the state,
    journal, registry, clusters and runs folders. Returns one line per thing done."""
    dates, notes = _dates_needing_care(lake)
    holder = f"upkeep-{uuid.uuid4()}"
    for date in sorted(dates):
        try:
            with date_lock(lake, date, holder):
                notes += heal_date(lake, date)
        except DateLocked:
            continue  # a live run is writing it
    fs, root = resolve(lake)
    if is_local(fs):  # only a local disk publishes through hidden partial files
        folders = ["_state", JOURNALS, *LAKE_TABLES]
        folders += [f"runs/{name}" for name in _names(fs, f"{root}/runs")]
        for folder in folders:
            for name in _names(fs, f"{root}/{folder}"):
                path = f"{root}/{folder}/{name}"
                if name.endswith(".partial") and _age(fs, path) > STALE_SECONDS:
                    fs.rm(path)
                    notes.append(f"removed a half-written file {folder}/{name}")
    caught_up = clusters.refresh(lake, holder)
    return notes + ([caught_up] if caught_up else [])


def _age(fs: AbstractFileSystem, path: str) -> float:
    return time.time() - float(fs.info(path).get("mtime", time.time()))
