"""Document progress: to whoever follows it in this process (the CLI's bar), and per date
to Prefect as a progress artifact.

Workers anywhere report documents as they finish them: in this process by a callback, from
the worker pool through a queue (flows/workers.py), from Dask per batch. Everything ends in
`advance`, so one bar can follow a whole backfill.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import cast
from uuid import UUID

Sink = Callable[[int, int], None]  # (documents just finished, documents added to the total)

_sinks: list[Sink] = []
_lock = threading.Lock()


def follow(sink: Sink | None) -> None:
    """Send every finished document to `sink` (None: to nobody)."""
    with _lock:
        _sinks.clear()
        if sink is not None:
            _sinks.append(sink)


def advance(documents: int) -> None:
    """`documents` more are done (processed or rejected)."""
    _tell(documents, 0)


def grow(documents: int) -> None:
    """`documents` more than counted at discovery are to be done (an archive's pages)."""
    if documents:
        _tell(0, documents)


def _tell(done: int, more: int) -> None:
    with _lock:
        sinks = list(_sinks)
    for sink in sinks:
        sink(done, more)


class DateProgress:
    """One date's progress as a Prefect progress artifact, updated per finished batch."""

    def __init__(self, date: dt.date, total: int) -> None:
        from prefect.artifacts import create_progress_artifact

        self.date, self.total, self.done, self.started = date, total, 0, time.perf_counter()
        artifact = create_progress_artifact(0.0, description=self._describe())
        self.artifact = cast(UUID, artifact)  # synchronous here: a flow run's thread

    def _describe(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done / elapsed
        left = f"{(self.total - self.done) / rate:.0f}s" if rate else "unknown"
        return f"{self.date}: {self.done}/{self.total} documents, {rate:.1f}/s, {left} left"

    def batch_done(self, documents: int) -> None:
        from prefect.artifacts import update_progress_artifact

        self.done += documents
        share = 100.0 * self.done / self.total if self.total else 100.0
        update_progress_artifact(self.artifact, share, description=self._describe())
