"""The newslake flows. Each reads like the data flow: discover, process batches, commit, aggregate.

Batches of up to 100 files are Prefect tasks (never one task per document); a batch stages
its rows as Parquet and returns only counts and rejects. `run` is one flow run per date: it
holds the date's lock, skips a date whose input is unchanged since its last success, and
records itself in `runs`.

No `from __future__ import annotations` here: Prefect validates flow parameters from the real
annotations, also when a served deployment loads this file by path.
"""

import concurrent.futures
import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from tasks.aggregate import build_daily
from tasks.batch import BatchResult, process_files, reject_rows
from tasks.duplicates import mark_duplicates
from tasks.entities import DEFAULT_ALIASES
from tasks.identity import link_staged
from tasks.ingest import DEFAULT_MAX_BYTES, FileRef, discover
from tasks.lake import commit, partition_dir, staging_root, write_part
from tasks.nlp import load_model
from tasks.runlog import append_run, date_lock, fingerprint, remember, unchanged_since
from tasks.schema import BASE_TABLES, MODEL_ID, PIPELINE_VERSION
from tasks.storage import Location, join, resolve

DEFAULT_BATCH_SIZE = 100
POOL_MIN_DOCUMENTS = 20  # fewer files: the pool's start (a model load per worker) is not worth it
DEFAULT_BATCH_TIMEOUT = 3600.0
DEFAULT_CONCURRENCY = 2
DEFAULT_WORKERS = os.cpu_count() or 1
DEFAULT_LANDING = "data/landing"
DEFAULT_LAKE = "data/lake"
T = TypeVar("T")


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only what may pass by itself: I/O errors (a busy disk, a network share)."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:  # a bug or bad data: retrying gives the same answer
        return False
    return False


_RETRIES = {"retries": 2, "retry_condition_fn": _transient, "cache_policy": NO_CACHE}
discover_files = task(
    discover, name="discover", retry_delay_seconds=exponential_backoff(2), **_RETRIES
)


@functools.cache
def _worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that load the model once and live for the whole run (all dates)."""
    spawn = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=load_model)


class BatchTimedOut(RuntimeError):
    """A batch ran past its time limit (not retried: it would again)."""


def _run_batch(
    refs: list[FileRef],
    date: dt.date,
    run_id: str,
    stage: str,
    part: str,
    max_bytes: int,
    workers: int,
    progress: Callable[[int], None] | None = None,
    timeout: float = DEFAULT_BATCH_TIMEOUT,
) -> BatchResult:
    """One batch: in a worker process of the pool when `workers` > 1, else right here.

    The time limit applies to pooled batches, whose task waits on the worker; a batch running
    in the calling process (a handful of files) cannot be interrupted.
    """
    if workers > 1:
        job = _worker_pool(workers).submit(
            process_files, refs, date, run_id, stage, part, max_bytes
        )
        try:
            return job.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            raise BatchTimedOut(f"batch {part} of {date} ran over {timeout:.0f} s") from None
    return process_files(refs, date, run_id, stage, part, max_bytes, progress)


process_batch = task(
    _run_batch,
    name="process-batch",
    task_run_name="batch-{part}",
    retry_delay_seconds=exponential_backoff(5),
    **_RETRIES,
)
commit_partitions = task(commit, name="commit", **_RETRIES)
mark_near_duplicates = task(mark_duplicates, name="mark-near-duplicates", cache_policy=NO_CACHE)
link_identities = task(link_staged, name="link-identities", **_RETRIES)
build_daily_tables = task(build_daily, name="build-daily", cache_policy=NO_CACHE)


@dataclass(frozen=True)
class RunSummary:
    """What processing one date did, for the terminal, the logs and the `runs` table."""

    date: dt.date
    lake: str
    files: int
    documents: int
    near_duplicates: int
    rejects: dict[str, int]
    quotes: int
    entities: int
    seconds: float
    stage_seconds: dict[str, float]
    skipped: bool = False
    fingerprint: str = ""
    peak_rss_mib: float = 0.0


@dataclass(frozen=True)
class BackfillSummary:
    """Per-date outcomes of a backfill."""

    processed: list[RunSummary] = field(default_factory=list)
    missing: list[dt.date] = field(default_factory=list)
    failed: dict[dt.date, str] = field(default_factory=dict)


# The terminal's progress bar, when a CLI command shows one: called with (done, total).
ProgressSink = Callable[[int, int], None]
_progress_sinks: list[ProgressSink] = []


def show_progress(sink: ProgressSink | None) -> None:
    """Let the CLI follow document progress (None stops it)."""
    _progress_sinks.clear()
    if sink is not None:
        _progress_sinks.append(sink)


class _Progress:
    """Documents done / total, to the terminal per document and to Prefect per batch."""

    def __init__(self, date: dt.date, total: int) -> None:
        self.date, self.total, self.done, self.started = date, total, 0, time.perf_counter()
        self.artifact = create_progress_artifact(0.0, description=self._describe())

    def _describe(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else float("nan")
        return f"{self.date}: {self.done}/{self.total} documents, {rate:.1f}/s, ETA {eta:.0f}s"

    def advance(self, count: int) -> None:
        self.done += count
        for sink in _progress_sinks:
            sink(self.done, self.total)

    def publish(self) -> None:
        share = 100.0 * self.done / self.total if self.total else 100.0
        update_progress_artifact(self.artifact, share, description=self._describe())


def _run_id() -> str:
    return str(flow_run.id or uuid.uuid4())


def _settings(max_bytes: int) -> dict[str, Any]:
    """Everything besides the input that changes a date's output."""
    aliases = hashlib.sha256(DEFAULT_ALIASES.read_bytes()).hexdigest()
    return {"pipeline": PIPELINE_VERSION, "model": MODEL_ID, "aliases": aliases, "max": max_bytes}


def process(
    input_dir: Location,
    date: dt.date,
    lake: Location,
    run_id: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    batch_timeout: float = DEFAULT_BATCH_TIMEOUT,
) -> RunSummary:
    """Turn every file of `input_dir` into rows of the base tables for `date`, unless the
    input is unchanged since the date's last successful run (`force` reprocesses).

    Called inside a flow: batches are tasks on that flow's task runner. With `workers` > 1
    each hands its documents to a pool of worker processes (the spaCy pass is CPU-bound); on
    a Dask runner the tasks run on the cluster.
    """
    fs, folder = resolve(input_dir)
    if not fs.isdir(folder):
        raise FileNotFoundError(f"input folder {input_dir} does not exist")
    started = time.perf_counter()
    stage = staging_root(lake, run_id)
    refs, rejects = discover_files(input_dir)
    print_ = fingerprint(input_dir, refs, rejects, _settings(max_bytes))
    previous = None if force else unchanged_since(lake, date, print_)
    if previous is not None:
        get_run_logger().info(
            f"{date}: input unchanged since run {previous['run_id']}: skipped (--force reprocesses)"
        )
        return RunSummary(
            date, str(lake), len(refs) + len(rejects), 0, 0, {}, 0, 0,
            round(time.perf_counter() - started, 2), {}, skipped=True, fingerprint=print_,
        )  # fmt: skip
    for table in BASE_TABLES:
        rows = reject_rows(rejects, date, run_id) if table == "rejects" else []
        write_part(rows, table, stage, date, "discover", keep_empty=True)
    progress = _Progress(date, len(refs))
    pooled = workers if len(refs) >= POOL_MIN_DOCUMENTS else 1
    size = max(min(batch_size, -(-len(refs) // pooled)), 1)  # at least a batch per worker
    chunks = [refs[start : start + size] for start in range(0, len(refs), size)]
    local = isinstance(get_run_context().task_runner, ThreadPoolTaskRunner)
    per_document = pooled == 1 and local
    callback = progress.advance if per_document else None  # a callback cannot cross processes
    submits = [
        functools.partial(
            process_batch.submit,
            *(chunk, date, run_id, stage, f"{n:05d}", max_bytes, pooled, callback, batch_timeout),
        )
        for n, chunk in enumerate(chunks)
    ]
    results = []
    width = pooled + 1 if local else len(chunks)  # locally: every worker busy, few in memory
    for n, result in _in_window(submits, width):
        results.append(result)
        if not per_document:
            progress.advance(len(chunks[n]))
        progress.publish()
    near_duplicates = mark_near_duplicates(stage, date)
    link_identities(lake, stage, date, run_id)
    commit_partitions(lake, stage, date, BASE_TABLES)
    reasons = Counter(reject.reason for reject in rejects)
    stage_seconds: Counter[str] = Counter()
    for result in results:
        reasons.update(result.rejects_by_reason())
        stage_seconds.update(result.stage_seconds)
    return RunSummary(
        date=date,
        lake=str(lake),
        files=len(refs) + len(rejects),
        documents=sum(r.documents for r in results),
        near_duplicates=near_duplicates,
        rejects=dict(sorted(reasons.items())),
        quotes=sum(r.quotes for r in results),
        entities=sum(r.entities for r in results),
        seconds=round(time.perf_counter() - started, 2),
        stage_seconds={stage: round(seconds, 2) for stage, seconds in stage_seconds.items()},
        fingerprint=print_,
        peak_rss_mib=max((r.peak_rss_mib for r in results), default=0.0),
    )


# On Dask the batches need a flow whose task runner is the cluster: `process` as a subflow.
process_on_cluster = flow(process, name="process")


def _in_window(
    submits: list[Callable[[], PrefectFuture[T]]], width: int
) -> Iterator[tuple[int, T]]:
    """Submit at most `width` at a time, the next as soon as one ends; yield (index, result)."""
    waiting, running = deque(enumerate(submits)), dict[PrefectFuture[T], int]()
    while waiting or running:
        while waiting and len(running) < width:
            index, submit = waiting.popleft()
            running[submit()] = index
        finished = next(as_completed(list(running)))
        yield running.pop(finished), finished.result()


@flow(name="aggregate")
def aggregate(
    date: dt.date, lake: Location = DEFAULT_LAKE, aliases: str | None = None
) -> dict[str, int]:
    """Rebuild the daily tables of `date` from the base tables, the entity registry and the
    alias table (`aliases`, default data/aliases.csv): no NLP pass."""
    return build_daily_tables(lake, date, _run_id(), Path(aliases or DEFAULT_ALIASES))


@flow(name="rebuild-aggregates")
def rebuild_aggregates(
    start: dt.date, end: dt.date, lake: Location = DEFAULT_LAKE, aliases: str | None = None
) -> dict[dt.date, dict[str, int]]:
    """Rebuild the daily tables of every processed date from `start` to `end` (dates without
    documents are passed over): an alias-table edit reaches past dates with no NLP pass."""
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    fs, _ = resolve(lake)
    processed = [day for day in days if fs.isdir(resolve(partition_dir(lake, "documents", day))[1])]
    table = Path(aliases or DEFAULT_ALIASES)
    return {day: build_daily_tables(lake, day, _run_id(), table) for day in processed}


def dask_runner(workers: int, dask_address: str | None = None) -> TaskRunner:
    """A Dask cluster for the batches: the one at `dask_address`, else a local one."""
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True}
    return DaskTaskRunner(cluster_kwargs=cluster)


@flow(name="run")
def run(
    input_dir: Location,
    date: dt.date,
    lake: Location = DEFAULT_LAKE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    record: bool = True,
    runner: str = "local",
    workers: int = DEFAULT_WORKERS,
    dask_address: str | None = None,
) -> RunSummary:
    """Process a folder as `date`, then aggregate that date, holding the date's lock.

    `runner` 'local' runs the batches' NLP in a pool of `workers` processes here; 'dask' on a
    Dask cluster (a local one of `workers` processes, or the one at `dask_address`). A second
    run of the same date meanwhile fails at once with a clear message.
    """
    if runner not in ("local", "dask"):
        raise ValueError(f"unknown runner {runner!r}: local or dask")
    started_at, started = dt.datetime.now(dt.UTC), time.perf_counter()
    run_id = _run_id()
    with date_lock(lake, date, run_id):
        if runner == "local":  # no subflow: a flow run costs about a second of Prefect's time
            summary = process(input_dir, date, lake, run_id, max_bytes, force, workers)
        else:
            on_dask = process_on_cluster.with_options(
                task_runner=dask_runner(workers, dask_address)
            )
            summary = on_dask(input_dir, date, lake, run_id, max_bytes, force)
        if not summary.skipped:
            build_daily_tables(lake, date, run_id)
            remember(lake, date, summary.fingerprint, run_id)
    summary = replace(summary, seconds=round(time.perf_counter() - started, 2))
    if record:
        parameters = {"input": str(input_dir), "max_bytes": max_bytes, "force": force}
        parameters |= {"runner": runner, "workers": workers, "dask_address": dask_address}
        _record("run", lake, [date], BackfillSummary([summary]), started_at, parameters)
    return summary


@flow(name="nightly")
def nightly(
    date: dt.date | None = None,
    landing: Location = DEFAULT_LANDING,
    lake: Location = DEFAULT_LAKE,
    timezone: str = "UTC",
) -> RunSummary:
    """Process LANDING/DATE and aggregate it; DATE defaults to the day before the run was
    scheduled (or started), in `timezone`."""
    started_at = dt.datetime.now(dt.UTC)
    moment = flow_run.scheduled_start_time or started_at
    day = date or moment.astimezone(ZoneInfo(timezone)).date() - dt.timedelta(days=1)
    summary = run(join(landing, day.isoformat()), day, lake, record=False)
    parameters = {"landing": str(landing), "timezone": timezone}
    _record("nightly", lake, [day], BackfillSummary([summary]), started_at, parameters)
    return summary


def _run_date(
    folder: str, date: dt.date, lake: Location, force: bool, execution: dict[str, Any]
) -> RunSummary | str:
    """One date of a backfill: its summary, or the error that stopped it."""
    try:
        return run(folder, date, lake, force=force, record=False, **execution)
    except Exception as exc:  # one failing date must not stop the others
        return f"{type(exc).__name__}: {exc}"


run_date = task(_run_date, name="run-date", task_run_name="date-{date}", cache_policy=NO_CACHE)


@flow(name="backfill")
def backfill(
    start: dt.date,
    end: dt.date,
    landing: Location = DEFAULT_LANDING,
    lake: Location = DEFAULT_LAKE,
    concurrency: int = DEFAULT_CONCURRENCY,
    force: bool = False,
    runner: str = "local",
    workers: int = DEFAULT_WORKERS,
    dask_address: str | None = None,
) -> BackfillSummary:
    """Process every landing folder from `start` to `end`, `concurrency` dates at a time.

    Missing folders are reported, not fatal; a failing date does not stop the others.
    """
    started_at = dt.datetime.now(dt.UTC)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    execution = {"runner": runner, "workers": workers, "dask_address": dask_address}
    fs, root = resolve(landing)
    missing = [day for day in days if not fs.isdir(f"{root}/{day.isoformat()}")]
    present = [day for day in days if day not in missing]
    submits = [
        functools.partial(
            run_date.submit, join(landing, day.isoformat()), day, lake, force, execution
        )
        for day in present
    ]
    finished = dict(_in_window(submits, concurrency))
    outcomes = {day: finished[n] for n, day in enumerate(present)}
    summary = BackfillSummary(
        processed=[o for o in outcomes.values() if isinstance(o, RunSummary)],
        missing=missing,
        failed={day: o for day, o in outcomes.items() if isinstance(o, str)},
    )
    parameters = {"landing": str(landing), "concurrency": concurrency, "force": force, **execution}
    _record("backfill", lake, days, summary, started_at, parameters)
    return summary


def summary_markdown(flow_name: str, dates: list[dt.date], outcome: BackfillSummary) -> str:
    """The run summary as a Markdown table (a Prefect artifact and the `runs` row's twin)."""
    lines = [
        f"# newslake {flow_name}: {dates[0]} to {dates[-1]}"
        if dates
        else f"# newslake {flow_name}",
        "",
        "| date | status | files | documents | rejects | quotes | entities | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in outcome.processed:
        status = "skipped (unchanged)" if s.skipped else "processed"
        rejects = sum(s.rejects.values())
        lines.append(
            f"| {s.date} | {status} | {s.files} | {s.documents} | {rejects} | {s.quotes} "
            f"| {s.entities} | {s.seconds} |"
        )
    lines += [f"| {day} | missing folder | | | | | | |" for day in outcome.missing]
    lines += [f"| {day} | FAILED: {error} | | | | | | |" for day, error in outcome.failed.items()]
    return "\n".join(lines) + "\n"


def _record(
    flow_name: str,
    lake: Location,
    dates: list[dt.date],
    outcome: BackfillSummary,
    started_at: dt.datetime,
    parameters: dict[str, Any],
) -> None:
    """Append the run to the `runs` table and publish its summary as a Prefect artifact."""
    processed = outcome.processed
    skipped = [s.date for s in processed if s.skipped]
    reasons: Counter[str] = Counter()
    for s in processed:
        reasons.update(s.rejects)
    if outcome.failed:
        status = "partial" if processed else "failed"
    else:
        status = "skipped" if processed and len(skipped) == len(processed) else "success"
    finished_at = dt.datetime.now(dt.UTC)
    append_run(
        lake,
        {
            "run_id": _run_id(),
            "flow": flow_name,
            "date": started_at.date(),
            "dates": dates,
            "status": status,
            "started_at": started_at,
            "finished_at": finished_at,
            "seconds": round((finished_at - started_at).total_seconds(), 3),
            "files": sum(s.files for s in processed),
            "documents": sum(s.documents for s in processed),
            "rejects": sum(reasons.values()),
            "rejects_by_reason": json.dumps(dict(sorted(reasons.items()))),
            "quotes": sum(s.quotes for s in processed),
            "entities": sum(s.entities for s in processed),
            "skipped_dates": skipped,
            "missing_dates": outcome.missing,
            "failed_dates": list(outcome.failed),
            "peak_rss_mib": max((s.peak_rss_mib for s in processed), default=None),
            "pipeline_version": PIPELINE_VERSION,
            "model": MODEL_ID,
            "parameters": json.dumps(parameters, default=str, sort_keys=True),
        },
    )
    create_markdown_artifact(
        summary_markdown(flow_name, dates, outcome),
        key=f"newslake-{flow_name}",
        description=f"newslake {flow_name} summary",
    )
