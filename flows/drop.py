"""`newslake drop`: dates taken out of a lake as if they had never been processed, each in one
line saying what went. No Prefect: the work is bookkeeping on the lake's files, done under the
date's lock (tasks/run/drop.py), and answered in seconds."""

from __future__ import annotations

import datetime as dt
import uuid

from flows import launch
from flows.checks import CommandError


def chosen_dates(date: dt.date | None, start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    """The dates `--date`, or `--start` and `--end`, name."""
    from flows.checks import date_range
    from flows.dates import days

    if date is not None and start is None and end is None:
        return [date]
    if date is None and start is not None and end is not None:
        date_range(start, end)
        return days(start, end)
    raise CommandError("give --date YYYY-MM-DD, or --start and --end for a range (not both)")


def drop_dates(lake: str, dates: list[dt.date]) -> None:
    """Drop every date of `dates` the lake holds; one line on stdout per date dropped."""
    from flows import terminal
    from tasks.lake.locks import DateLocked
    from tasks.run.drop import drop_date, in_lake

    launch.heal(lake)
    held = [day for day in dates if in_lake(lake, day)]
    if not held:
        asked = str(dates[0]) if len(dates) == 1 else f"from {dates[0]} to {dates[-1]}"
        raise CommandError(
            f"nothing {'of' if len(dates) == 1 else 'dated'} {asked} in {lake}: nothing to drop "
            f"(see which dates the lake holds with: ls {lake}/documents)"
        )
    for day in held:
        try:
            dropped = drop_date(lake, day, f"drop-{uuid.uuid4()}")
        except DateLocked as error:
            raise CommandError(str(error)) from None
        rows = ", ".join(f"{table} {n:,}" for table, n in dropped.rows.items()) or "no rows"
        forgotten, (before, after) = dropped.forgotten, dropped.clusters
        terminal.out.print(
            f"dropped {day} from {lake}: {rows}; entity registry: {forgotten.removed:,} "
            f"identities removed, {forgotten.updated:,} updated; quote clusters: {before:,} "
            f"-> {after:,}; the next run of {day} processes it again",
            soft_wrap=True,
        )
