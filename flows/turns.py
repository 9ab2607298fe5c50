"""A backfill's dates take their turn at the lake-wide steps in date order.

Dates are processed concurrently, but linking identities, the daily tables, the publish and
the quote clusters read and extend lake-wide state (the registry above all): done in the
order the dates happen to finish, the same input would get other entity ids from one
backfill to the next. So each date waits until every earlier date of its backfill has
passed these steps (or failed), whatever `--concurrency` or `--workers`.

The order travels as a context variable, which Prefect copies into every task it submits.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class DateOrder:
    """The dates still to pass, earliest first."""

    def __init__(self, dates: Iterable[dt.date]) -> None:
        self._waiting = sorted(set(dates))
        self._changed = threading.Condition()

    def wait(self, date: dt.date) -> None:
        """Block until `date` is the earliest date still to pass (or not one of them)."""
        with self._changed:
            self._changed.wait_for(lambda: date not in self._waiting or self._waiting[0] == date)

    def passed(self, date: dt.date) -> None:
        """`date` is done with the lake-wide steps (or will never reach them)."""
        with self._changed:
            if date in self._waiting:
                self._waiting.remove(date)
            self._changed.notify_all()


_order: ContextVar[DateOrder | None] = ContextVar("newslake_date_order", default=None)


@contextmanager
def in_date_order(dates: Iterable[dt.date]) -> Iterator[None]:
    """Within this block, dates among `dates` take their lake-wide turns in date order."""
    token = _order.set(DateOrder(dates))
    try:
        yield
    finally:
        _order.reset(token)


@contextmanager
def lake_wide_turn(date: dt.date) -> Iterator[None]:
    """The date's turn at the lake-wide steps: at once outside a backfill."""
    order = _order.get()
    if order is None:
        yield
        return
    order.wait(date)
    try:
        yield
    finally:
        order.passed(date)


def give_up_turn(date: dt.date) -> None:
    """A date that failed before its turn lets the later dates go on."""
    order = _order.get()
    if order is not None:
        order.passed(date)
