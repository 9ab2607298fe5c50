"""Which dates a command means: a nightly's 'yesterday', a backfill's range."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def yesterday(timezone: str, moment: dt.datetime | None = None) -> dt.date:
    """The day before `moment` (default: now) in `timezone`: the date a nightly run processes."""
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.astimezone(ZoneInfo(timezone)).date() - dt.timedelta(days=1)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date from `start` to `end`, both included."""
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
