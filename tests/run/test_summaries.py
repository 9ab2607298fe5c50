"""Run summaries name ranges of dates, never thousands of them on one line or in a table."""

from __future__ import annotations

import datetime as dt

import pytest

from tasks.run.summaries import BackfillSummary, describe_dates, summary_rows


def _days(first: str, last: str) -> list[dt.date]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


CENTURY = [d for d in _days("1950-01-01", "2049-12-31") if d.isoformat() not in
           ("1990-03-04", "2001-05-06", "2026-11-28")]  # fmt: skip


@pytest.mark.parametrize(
    ("dates", "shown"),
    [
        (_days("2026-01-01", "2026-01-01"), "2026-01-01"),
        (_days("2026-01-01", "2026-01-05") + _days("2026-01-08", "2026-01-08"),
         "2026-01-01 to 2026-01-05, 2026-01-08"),
        (CENTURY, "1950-01-01 to 2049-12-31 but 3 of those days"),
        (_days("2026-01-01", "2026-01-20")[::2], "2026-01-01 to 2026-01-19 but 9 of those days"),
    ],
)  # fmt: skip
def test_dates_are_described_as_ranges(dates: list[dt.date], shown: str):
    assert describe_dates(dates) == shown


def test_missing_dates_are_one_row_per_range_in_the_summary_table():
    rows = summary_rows(BackfillSummary(missing=CENTURY))
    assert len(rows) == 4
    assert rows[0][:2] == ("1950-01-01 to 1990-03-03", "missing")
    assert rows[-1][:2] == ("2026-11-29 to 2049-12-31", "missing")
