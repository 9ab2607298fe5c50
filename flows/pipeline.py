"""The newslake flows. Each reads like the data flow: discover, process batches, commit, aggregate.

Batches of up to 100 files are Prefect tasks (never one task per document); a batch stages
its rows as Parquet and returns only counts and rejects. `run` is one flow run per date: it
holds the date's lock, skips a date whose input is unchanged since its last success, and
records itself in `runs`.

No `from __future__ import annotations` here: Prefect validates flow parameters from the real
annotations, also when a served deployment loads this file by path.
"""

import datetime as dt
import functools
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner
from prefect.tasks import exponential_backoff

from flows import progress, workers
from flows.dates import days, yesterday
from flows.execution import (
    DEFAULT_CONCURRENCY,
    DEFAULT_EXECUTION,
    DEFAULT_LAKE,
    DEFAULT_LANDING,
    Execution,
)
from tasks import clusters, faults
from tasks.aggregate import stage_daily
from tasks.batch import BatchResult, process_files, reject_rows
from tasks.duplicates import mark_duplicates
from tasks.identity import link_staged
from tasks.incremental import DatePlan, plan_date, remember, update_rows
from tasks.ingest import DEFAULT_MAX_BYTES, FileRef, Reject, expand_archives
from tasks.lake import commit, partition_dir, staging_root, write_part
from tasks.paths import DEFAULT_ALIASES
from tasks.repeats import drop_repeats
from tasks.runlog import (
    BackfillSummary,
    RunSummary,
    append_run,
    date_lock,
    run_record,
    skipped_summary,
    summary_markdown,
)
from tasks.schema import ALL_TABLES, BASE_TABLES, DAILY_TABLES
from tasks.storage import Location, join, resolve
from tasks.upkeep import heal_date

POOL_MIN_DOCUMENTS = 20  # fewer files: the pool's start (a model load per worker) is not worth it
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
discover = task(plan_date, name="discover", retry_delay_seconds=exponential_backoff(2), **_RETRIES)
list_archive_pages = task(
    expand_archives,
    name="list-archive-pages",
    retry_delay_seconds=exponential_backoff(2),
    **_RETRIES,
)


def _run_batch(
    refs: list[FileRef],
    date: dt.date,
    run_id: str,
    stage: str,
    part: str,
    max_bytes: int,
    pooled: int,
    timeout: float,
) -> BatchResult:
    """One batch: in a worker of the local pool when `pooled` > 1, else right here (reporting
    each document as it finishes; on a Dask worker nobody listens)."""
    if pooled > 1:
        return workers.run_in_pool(pooled, timeout, refs, date, run_id, stage, part, max_bytes)
    return process_files(refs, date, run_id, stage, part, max_bytes, progress.advance)


process_batch = task(
    _run_batch,
    name="process-batch",
    task_run_name="batch-{part}",
    retry_delay_seconds=exponential_backoff(5),
    **_RETRIES,
)
# Not retried: a commit that failed halfway leaves its journal, which the next command heals.
commit_date = task(commit, name="commit", cache_policy=NO_CACHE)
mark_near_duplicates = task(mark_duplicates, name="mark-near-duplicates", cache_policy=NO_CACHE)
drop_repeated_pages = task(drop_repeats, name="drop-repeated-pages", cache_policy=NO_CACHE)
link_identities = task(link_staged, name="link-identities", **_RETRIES)
stage_daily_tables = task(stage_daily, name="build-daily", cache_policy=NO_CACHE)
update_quote_clusters = task(clusters.update, name="update-quote-clusters", **_RETRIES)


def _run_id() -> str:
    return str(flow_run.id or uuid.uuid4())


def process(
    input_dir: Location,
    date: dt.date,
    lake: Location,
    run_id: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    execution: Execution = DEFAULT_EXECUTION,
    publisher: str | None = None,
) -> RunSummary:
    """Stage every table of `date` from the files of `input_dir` (base tables, then the daily
    tables built from them), unless the input is unchanged since the date's last successful
    run (`force` reprocesses). Nothing is published here: `run` commits the staging.
    `publisher` is the outlet of files that name none.

    Called inside a flow: batches are tasks on that flow's task runner, each handing its
    documents to the local worker pool, or running on the Dask cluster the runner is.
    """
    fs, folder = resolve(input_dir)
    if not fs.isdir(folder):
        raise FileNotFoundError(f"input folder {input_dir} does not exist")
    started = time.perf_counter()
    plan = discover(input_dir, date, lake, max_bytes, force, publisher)
    if plan.unchanged:
        get_run_logger().info(f"{date}: input unchanged since run {plan.previous_run}: skipped")
        return skipped_summary(date, lake, plan.files, plan.fingerprint)
    if plan.notice:
        get_run_logger().warning(plan.notice)
    pages = list_archive_pages(plan.refs)  # each WARC archive becomes one ref per HTML page
    progress.grow(len(pages.refs) - len(plan.refs))
    plan = replace(plan, refs=pages.refs, rejects=plan.rejects + pages.rejects)
    stage = staging_root(lake, date, run_id)
    for table in BASE_TABLES:
        rows = reject_rows(plan.rejects, date, run_id) if table == "rejects" else []
        write_part(rows, table, stage, date, "discover", keep_empty=True)
    results = _process_batches(plan, stage, run_id, max_bytes, execution)
    vanished = sum(r.reason == "unreadable" for result in results for r in result.rejects)
    if plan.refs and vanished == len(plan.refs):
        raise InputVanished(
            f"every file of {date} became unreadable after discovery (was {input_dir} moved or "
            "unmounted?): nothing was published"
        )
    repeats = drop_repeated_pages(stage, date, run_id)
    near_duplicates = mark_near_duplicates(stage, date)
    link_identities(lake, stage, date, run_id)
    stage_daily_tables(lake, stage, stage, date, run_id)
    seconds = time.perf_counter() - started
    summary = _date_summary(plan, lake, results, repeats, near_duplicates, seconds)
    skipped = dict(sorted(pages.skipped.items()))
    return replace(summary, complete=not vanished, records_skipped=skipped)


class InputVanished(RuntimeError):
    """The files discovery found could not be read when their batch came to them."""


def _process_batches(
    plan: DatePlan, stage: str, run_id: str, max_bytes: int, execution: Execution
) -> list[BatchResult]:
    """The date's files in batches, at least one per worker, few of them in memory at once."""
    local = execution.runner == "local"
    pooled = execution.workers if local and len(plan.refs) >= POOL_MIN_DOCUMENTS else 1
    size = max(min(execution.batch_size, -(-len(plan.refs) // pooled)), 1)
    chunks = [plan.refs[start : start + size] for start in range(0, len(plan.refs), size)]
    submits = [
        functools.partial(
            process_batch.submit,
            *(chunk, plan.date, run_id, stage, f"{n:05d}", max_bytes, pooled),
            execution.batch_timeout,
        )
        for n, chunk in enumerate(chunks)
    ]
    date_progress = progress.DateProgress(plan.date, len(plan.refs))
    results = []
    width = pooled + 1 if local else len(chunks)  # locally: every worker busy, few in memory
    for n, result in _in_window(submits, width):
        results.append(result)
        if not local:  # a Dask worker cannot report documents as it goes
            progress.advance(len(chunks[n]))
        date_progress.batch_done(len(chunks[n]))
    return results


def _date_summary(
    plan: DatePlan,
    lake: Location,
    results: list[BatchResult],
    repeats: list[Reject],
    duplicates: int,
    seconds: float,
) -> RunSummary:
    reasons = Counter(reject.reason for reject in plan.rejects + repeats)
    stage_seconds: Counter[str] = Counter()
    for result in results:
        reasons.update(result.rejects_by_reason())
        stage_seconds.update(result.stage_seconds)
    return RunSummary(
        date=plan.date,
        lake=str(lake),
        files=plan.files,
        documents=sum(r.documents for r in results) - len(repeats),
        near_duplicates=duplicates,
        rejects=dict(sorted(reasons.items())),
        quotes=sum(r.quotes for r in results),
        entities=sum(r.entities for r in results),
        seconds=round(seconds, 2),
        stage_seconds={stage: round(seconds, 2) for stage, seconds in stage_seconds.items()},
        fingerprint=plan.fingerprint,
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
    """Rebuild the daily tables of `date` from its published base tables, the entity registry
    and the alias table (`aliases`, default data/aliases.csv), and pair its quotes anew in
    the quote clusters: no NLP pass."""
    table = Path(aliases or DEFAULT_ALIASES)
    rows = _aggregate_date(date, lake, table)
    update_quote_clusters(lake, [date], table, _run_id())
    return rows


@flow(name="rebuild-aggregates")
def rebuild_aggregates(
    start: dt.date, end: dt.date, lake: Location = DEFAULT_LAKE, aliases: str | None = None
) -> dict[dt.date, dict[str, int]]:
    """Rebuild the daily tables of every processed date from `start` to `end` (dates without
    documents are passed over), then pair their quotes anew in the quote clusters, in one
    update: an alias-table edit reaches past dates with no NLP pass."""
    fs, _ = resolve(lake)
    folders = {day: resolve(partition_dir(lake, "documents", day))[1] for day in days(start, end)}
    processed = [day for day, folder in folders.items() if fs.isdir(folder)]
    table = Path(aliases or DEFAULT_ALIASES)
    rebuilt = {day: _aggregate_date(day, lake, table) for day in processed}
    update_quote_clusters(lake, processed, table, _run_id())
    return rebuilt


def _aggregate_date(date: dt.date, lake: Location, aliases: Path) -> dict[str, int]:
    """One date's daily tables rebuilt and published, under the date's lock."""
    run_id = _run_id()
    with date_lock(lake, date, run_id) as lock:
        for note in heal_date(lake, date, run_id):
            get_run_logger().warning(note)
        stage = staging_root(lake, date, run_id)
        stage_daily_tables(lake, lake, stage, date, run_id, aliases)
        lock.verify()
        rows = commit_date(lake, stage, date, DAILY_TABLES, run_id)
        update_rows(lake, date, rows)
    return rows


def dask_runner(execution: Execution) -> TaskRunner:
    """A Dask cluster for the batches: the one at `dask_address`, else a local one."""
    from prefect_dask import DaskTaskRunner

    if execution.dask_address:
        return DaskTaskRunner(address=execution.dask_address)
    cluster = {"n_workers": execution.workers, "threads_per_worker": 1, "processes": True}
    return DaskTaskRunner(cluster_kwargs=cluster)


@flow(name="run")
def run(
    input_dir: Location,
    date: dt.date,
    lake: Location = DEFAULT_LAKE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    record: bool = True,
    execution: Execution = DEFAULT_EXECUTION,
    publisher: str | None = None,
) -> RunSummary:
    """Process a folder as `date` and publish all its tables as one unit, holding the date's
    lock (a second run of the same date meanwhile fails at once with a clear message), then
    pair its quotes into the lake's quote clusters. `publisher`: the outlet of files that
    name none."""
    started_at, started = dt.datetime.now(dt.UTC), time.perf_counter()
    run_id = _run_id()
    with date_lock(lake, date, run_id) as lock:
        for note in heal_date(lake, date, run_id):
            get_run_logger().warning(note)
        if execution.runner == "local":  # no subflow: a flow run costs about a second
            summary = process(input_dir, date, lake, run_id, max_bytes, force, execution, publisher)
        else:
            on_dask = process_on_cluster.with_options(task_runner=dask_runner(execution))
            summary = on_dask(input_dir, date, lake, run_id, max_bytes, force, execution, publisher)
        if not summary.skipped:
            faults.reached("run.staged")
            lock.verify()
            stage = staging_root(lake, date, run_id)
            rows = commit_date(lake, stage, date, ALL_TABLES, run_id)
            faults.reached("run.committed")
            if summary.complete:  # else a file that vanished meanwhile is tried again next run
                remember(lake, date, summary.fingerprint, run_id, rows)
            update_quote_clusters(lake, [date], run_id=run_id)
    summary = replace(summary, seconds=round(time.perf_counter() - started, 2))
    if record:
        parameters = {"input": str(input_dir), "max_bytes": max_bytes, "force": force}
        parameters |= {"publisher": publisher}
        _record("run", lake, [date], BackfillSummary([summary]), started_at, parameters, execution)
    return summary


@flow(name="nightly")
def nightly(
    date: dt.date | None = None,
    landing: Location = DEFAULT_LANDING,
    lake: Location = DEFAULT_LAKE,
    timezone: str = "UTC",
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    execution: Execution = DEFAULT_EXECUTION,
    publisher: str | None = None,
) -> RunSummary:
    """Process LANDING/DATE and aggregate it; DATE defaults to the day before the run was
    scheduled (or started), in `timezone`."""
    started_at = dt.datetime.now(dt.UTC)
    day = date or yesterday(timezone, flow_run.scheduled_start_time or started_at)
    folder = join(landing, day.isoformat())
    summary = run(
        folder, day, lake, max_bytes, force, record=False, execution=execution, publisher=publisher
    )
    parameters = {"landing": str(landing), "timezone": timezone, "max_bytes": max_bytes}
    parameters |= {"force": force, "publisher": publisher}
    _record("nightly", lake, [day], BackfillSummary([summary]), started_at, parameters, execution)
    return summary


def _run_date(
    folder: str,
    date: dt.date,
    lake: Location,
    max_bytes: int,
    force: bool,
    execution: Execution,
    publisher: str | None = None,
) -> RunSummary | str:
    """One date of a backfill: its summary, or the error that stopped it."""
    try:
        return run(
            folder, date, lake, max_bytes, force, False, execution=execution, publisher=publisher
        )
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
    max_bytes: int = DEFAULT_MAX_BYTES,
    execution: Execution = DEFAULT_EXECUTION,
    publisher: str | None = None,
) -> BackfillSummary:
    """Process every landing folder from `start` to `end`, `concurrency` dates at a time.

    Missing folders are reported, not fatal; unchanged dates are skipped without a run of
    their own; a failing date does not stop the others.
    """
    started_at = dt.datetime.now(dt.UTC)
    dates = days(start, end)
    fs, root = resolve(landing)
    missing = [day for day in dates if not fs.isdir(f"{root}/{day.isoformat()}")]
    plans, unplanned = [], {}
    for day in (day for day in dates if day not in missing):
        try:
            folder = join(landing, day.isoformat())
            plans.append(discover(folder, day, lake, max_bytes, force, publisher))
        except Exception as exc:  # a corrupt manifest, say: this date fails, not the others
            unplanned[day] = f"{type(exc).__name__}: {exc}"
    todo = [plan for plan in plans if not plan.unchanged]
    skipped = [skipped_summary(p.date, lake, p.files, p.fingerprint) for p in plans if p.unchanged]
    submits = [
        functools.partial(
            run_date.submit, plan.folder, plan.date, lake, max_bytes, force, execution, publisher
        )
        for plan in todo
    ]
    finished = dict(_in_window(submits, concurrency))
    outcomes = {plan.date: finished[n] for n, plan in enumerate(todo)}
    summary = BackfillSummary(
        processed=skipped + [o for o in outcomes.values() if isinstance(o, RunSummary)],
        missing=missing,
        failed=unplanned | {day: o for day, o in outcomes.items() if isinstance(o, str)},
    )
    parameters = {"landing": str(landing), "concurrency": concurrency, "force": force}
    parameters |= {"max_bytes": max_bytes, "publisher": publisher}
    _record("backfill", lake, dates, summary, started_at, parameters, execution)
    return summary


def _record(
    flow_name: str,
    lake: Location,
    dates: list[dt.date],
    outcome: BackfillSummary,
    started_at: dt.datetime,
    parameters: dict[str, Any],
    execution: Execution,
) -> None:
    """Append the run to the `runs` table and publish its summary as a Prefect artifact."""
    parameters = parameters | asdict(execution)
    finished_at = dt.datetime.now(dt.UTC)
    row = run_record(_run_id(), flow_name, dates, outcome, started_at, finished_at, parameters)
    append_run(lake, row)
    create_markdown_artifact(
        summary_markdown(flow_name, dates, outcome),
        key=f"newslake-{flow_name}",
        description=f"newslake {flow_name} summary",
    )
