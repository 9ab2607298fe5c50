"""The local worker pool: spawned processes that load the model once and serve every batch of
every date of a run, reporting each finished document back through a queue.

A batch submitted here has a time limit; a batch running in the calling process (a date of a
handful of files) has none, since nothing could interrupt it.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.queues import SimpleQueue

from flows import progress
from tasks.batch import BatchResult, process_files
from tasks.nlp import load_model

_queue: SimpleQueue[int] | None = None  # in a worker: where finished documents are reported


class BatchTimedOut(RuntimeError):
    """A batch ran past its time limit (not retried: it would again)."""


def _start_worker(queue: SimpleQueue[int]) -> None:
    global _queue
    _queue = queue
    load_model()


def _report(documents: int) -> None:
    assert _queue is not None, "only called in a pool worker"
    _queue.put(documents)


def _process_in_worker(*args: object) -> BatchResult:
    return process_files(*args, progress=_report)  # type: ignore[arg-type]


def _forward(queue: SimpleQueue[int]) -> None:
    """In the orchestrating process: pass the workers' reports on to the progress sinks."""
    while True:
        progress.advance(queue.get())


@functools.cache
def pool(workers: int) -> ProcessPoolExecutor:
    """The run's worker processes (created on first use, kept for the process's life)."""
    spawn = multiprocessing.get_context("spawn")
    queue: SimpleQueue[int] = spawn.SimpleQueue()
    threading.Thread(target=_forward, args=(queue,), name="worker-progress", daemon=True).start()
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=spawn, initializer=_start_worker, initargs=(queue,)
    )


def run_in_pool(
    workers: int,
    timeout: float,
    refs: list,
    date: dt.date,
    run_id: str,
    stage: str,
    part: str,
    max_bytes: int,
) -> BatchResult:
    """One batch in a worker of the pool, within `timeout` seconds."""
    job = pool(workers).submit(_process_in_worker, refs, date, run_id, stage, part, max_bytes)
    try:
        return job.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise BatchTimedOut(f"batch {part} of {date} ran over {timeout:.0f} s") from None
