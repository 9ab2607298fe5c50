"""Dates this command has already discovered, handed on so that no date is listed and hashed
twice: the CLI plans each date before Prefect starts (to skip an unchanged date and size the
progress bar), a backfill flow plans the dates it was given, and the date's run takes that
plan instead of discovering its folder again.

A plan is taken once; whatever a command leaves (a date that failed before its run) is
dropped when the command ends, so a later command in the same process discovers afresh.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasks.run.incremental import DatePlan


@dataclass(frozen=True)
class Asked:
    """What a plan answers: a folder discovered as a date, for a lake, under these settings."""

    folder: str
    date: dt.date
    lake: str
    max_bytes: int
    force: bool
    publisher: str | None


_plans: dict[Asked, DatePlan] = {}
_lock = threading.Lock()


def hand_on(asked: Asked, plan: DatePlan) -> None:
    """Keep `plan` for the next step that asks the same."""
    with _lock:
        _plans[asked] = plan


def take(asked: Asked) -> DatePlan | None:
    """The plan made for `asked` earlier in this command, once; None if there is none."""
    with _lock:
        return _plans.pop(asked, None)


@contextmanager
def one_command() -> Iterator[None]:
    """Drop what a command planned but did not use, when it ends."""
    try:
        yield
    finally:
        with _lock:
            _plans.clear()
