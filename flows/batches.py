"""A date's files as batch tasks: at least one batch per worker, only a few in flight at once
(each holds its documents in memory), documents reported as they finish."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from prefect.futures import PrefectFuture, as_completed

from flows import progress
from flows.execution import Execution
from flows.steps import process_batch
from tasks.run.batch import Batch, BatchResult
from tasks.run.incremental import DatePlan

POOL_MIN_DOCUMENTS = 20  # fewer files: the pool's start (a model load per worker) is not worth it
T = TypeVar("T")


def process_batches(
    plan: DatePlan, *, stage: str, run_id: str, max_bytes: int, execution: Execution
) -> list[BatchResult]:
    """Run the date's files in batches and return their results."""
    local = execution.runner == "local"
    pooled = execution.workers if local and len(plan.refs) >= POOL_MIN_DOCUMENTS else 1
    size = max(min(execution.batch_size, -(-len(plan.refs) // pooled)), 1)
    chunks = [plan.refs[start : start + size] for start in range(0, len(plan.refs), size)]

    def submitter(n: int) -> Callable[[], PrefectFuture[BatchResult]]:
        batch = Batch(
            refs=chunks[n],
            date=plan.date,
            run_id=run_id,
            stage=stage,
            part=f"{n:05d}",
            max_bytes=max_bytes,
        )
        return lambda: process_batch.submit(batch, pooled=pooled, timeout=execution.batch_timeout)

    date_progress = progress.DateProgress(plan.date, len(plan.refs))
    results = []
    width = pooled + 1 if local else len(chunks)  # locally: every worker busy, few in memory
    for n, result in in_window([submitter(n) for n in range(len(chunks))], width):
        results.append(result)
        if not local:  # a Dask worker cannot report documents as it goes
            progress.advance(len(chunks[n]))
        date_progress.batch_done(len(chunks[n]))
    return results


def in_window(
    submits: Sequence[Callable[[], PrefectFuture[T]]], width: int
) -> Iterator[tuple[int, T]]:
    """Submit at most `width` at a time, the next as soon as one ends; yield (index, result)."""
    waiting, running = deque(enumerate(submits)), dict[PrefectFuture[T], int]()
    while waiting or running:
        while waiting and len(running) < width:
            index, submit = waiting.popleft()
            running[submit()] = index
        finished = next(as_completed(list(running)))
        yield running.pop(finished), finished.result()
