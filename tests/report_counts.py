"""Quotes per person as the report counts them, read from the report's own page data, for
the tests that check every reading example against the report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from seed_desk import DATES

from tasks.desk.report.payload import gather


def report_counts(lake: Path) -> dict[str, int]:
    """Speaker name -> quotes over the three dates of the desk lake, from the page's data."""
    data = gather(lake, dt.date.fromisoformat(DATES[0]), dt.date.fromisoformat(DATES[-1]))
    names = data["speakers"]["name"]
    assert len(set(names)) == len(names), "two people share a name: count by id instead"
    return dict(Counter(names[at] for at in data["quotes"]["speaker"] if at >= 0))
