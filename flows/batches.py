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
from tasks.run.batches import Batch, BatchResult
from tasks.run.incremental import DatePlan

T = TypeVar("T")


def process_batches(
    plan: DatePlan, *, stage: str, run_id: str, max_bytes: int, execution: Execution
) -> list[BatchResult]:
    """Run the date's files in batches and return their results."""
    local = execution.runner == "local"
    pooled = execution.pool_size(len(plan.refs)) or 1
    chunks, start = [], 0
    for size in batch_sizes(len(plan.refs), largest=execution.batch_size, workers=pooled):
        chunks.append(plan.refs[start : start + size])
        start += size

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


SMALLEST_BATCH = 8  # a batch costs a task run and a file per table: not fewer documents


def batch_sizes(total: int, *, largest: int, workers: int) -> list[int]:
    """Sizes of a date's batches, largest first: each takes a share of what is left, so the
    last batches are small and the workers finish together (equal batches of 100 left one
    worker idle for up to a batch's time at the end of every date). None over `largest`;
    none under SMALLEST_BATCH but the last, unless `largest` is smaller."""
    sizes: list[int] = []
    left = total
    while left > 0:
        share = -(-left // (2 * workers)) if workers > 1 else left
        sizes.append(max(min(largest, max(share, SMALLEST_BATCH), left), 1))
        left -= sizes[-1]
    return sizes


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
