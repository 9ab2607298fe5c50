"""The analyst's report: one self-contained HTML page to explore a date range of the lake.

The page holds the quotes of the range (with the sentence around each, its speaker, outlet
and article) as compact JSON, and a small script of its own draws everything from them in
the browser: search, filters, the speaker panel, the most repeated quotes, outlets compared,
run health and a CSV download of what the filters keep. No network, no library to fetch.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tasks.desk.report.page import render
from tasks.desk.report.payload import gather
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.storage import Location

__all__ = ["gather", "render", "write_report"]


def write_report(
    lake: Location, start: dt.date, end: dt.date, out: Path, aliases: Path = DEFAULT_ALIASES
) -> Path:
    """Gather, render and write the report; returns the file written."""
    out.write_text(render(gather(lake, start, end, aliases)), encoding="utf-8")
    return out
