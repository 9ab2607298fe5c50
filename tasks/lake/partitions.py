"""Which dates a lake table holds, read from its folder names alone (`TABLE/date=YYYY-MM-DD`):
no Parquet library, so the command line can ask before Prefect or Polars is imported."""

from __future__ import annotations

import datetime as dt
import re

from tasks.lake.storage import Location, join, resolve

PARTITION_PREFIX = "date="


def date_named(name: str) -> dt.date | None:
    """The date a lake folder or journal is named for (YYYY-MM-DD); None for any other name,
    which no command acts upon (a stray `notes.json` is not a date's journal)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", name):
        return None
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def partition_dates(lake: Location, table: str) -> list[dt.date]:
    """The dates `table` has a partition of, in order, from one listing of its folder."""
    fs, root = resolve(join(lake, table))
    fs.invalidate_cache(root)
    if not fs.isdir(root):
        return []
    names = [path.rstrip("/").rsplit("/", 1)[-1] for path in fs.ls(root, detail=False)]
    return sorted(
        day
        for name in names
        if name.startswith(PARTITION_PREFIX)
        and (day := date_named(name.removeprefix(PARTITION_PREFIX)))
    )
