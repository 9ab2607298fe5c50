"""One clock per command: started when the command starts, read by the progress bar, the
summary and the `runs` row, so all three report the same elapsed time.

A flow run outside a command (a served deployment's, a test's) finds no clock running and
measures from its own start.
"""

from __future__ import annotations

import datetime as dt
import time

_start: tuple[dt.datetime, float] | None = None  # wall time and monotonic time at the start
_stopped: float | None = None  # seconds, frozen when the command's run was recorded


def start() -> None:
    """The command starts now."""
    global _start, _stopped
    _start, _stopped = (dt.datetime.now(dt.UTC), time.perf_counter()), None


def clear() -> None:
    """The command is over (or hands its flows to a server): no clock runs."""
    global _start, _stopped
    _start, _stopped = None, None


def elapsed() -> float | None:
    """Seconds since the command started (frozen once its run is recorded); None with no
    command running."""
    if _start is None:
        return None
    return _stopped if _stopped is not None else time.perf_counter() - _start[1]


def span(fallback: dt.datetime) -> tuple[dt.datetime, dt.datetime, float]:
    """(started, finished, seconds) of the run being recorded now, and the clock frozen at
    that figure: the command's clock, else from `fallback` (a flow run's own start)."""
    global _stopped
    if _start is None:
        finished = dt.datetime.now(dt.UTC)
        return fallback, finished, (finished - fallback).total_seconds()
    _stopped = None
    _stopped = elapsed()
    seconds = _stopped or 0.0
    return _start[0], _start[0] + dt.timedelta(seconds=seconds), seconds
