"""The newslake flows, reading as the data flow: discover, batches, near-duplicates, identities,
daily tables, commit; `aggregate` rebuilds the daily tables alone.

`run` is one flow run per date under the date's lock: it skips a date whose input is unchanged
since its last success, links identities, publishes all the date's tables as one unit, and
records itself in `runs`; in a backfill, dates pass the lake-wide steps in date order
(flows/turns.py), so ids never depend on which date finished first. The tasks are in
flows/steps.py, batching in flows/batches.py.

No `from __future__ import annotations` here: Prefect validates flow parameters from the real
annotations, also when a served deployment loads this file by path.
"""

import datetime as dt
import threading
import time
from dataclasses import replace

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import planned, progress, terminal
from flows.batches import in_window, process_batches
from flows.dask import dask_runner
from flows.dates import days, yesterday
from flows.execution import (
    DEFAULT_CONCURRENCY,
    DEFAULT_EXECUTION,
    DEFAULT_LAKE,
    DEFAULT_LANDING,
    Execution,
)
from flows.rebuild import publish_daily, settle_genders
from flows.records import failure_recorded, new_run_id, record_run
from flows.steps import (
    commit_date,
    discover,
    drop_repeated_pages,
    link_identities,
    list_archive_pages,
    mark_near_duplicates,
    refresh_registry_genders,
    stage_daily_tables,
    update_quote_clusters,
)
from flows.turns import give_up_turn, in_date_order, lake_wide_turn
from tasks.ingest.refs import DEFAULT_MAX_BYTES
from tasks.lake import faults
from tasks.lake.locks import date_lock
from tasks.lake.schema import ALL_TABLES
from tasks.lake.storage import Location, join, resolve
from tasks.lake.tables import staging_root
from tasks.run.batches import stage_discovery, unreadable_after_discovery
from tasks.run.incremental import remember, verdict
from tasks.run.summaries import (
    BackfillSummary,
    RunSummary,
    processed_summary,
    rebuilt_summary,
    skipped_summary,
    staged_languages,
)
from tasks.run.upkeep import heal_date
from tasks.text.name_genders import load_name_list


def process(
    input_dir: Location,
    date: dt.date,
    *,
    lake: Location,
    run_id: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    execution: Execution = DEFAULT_EXECUTION,
    publisher: str | None = None,
) -> RunSummary:
    """Stage every table of `date` from the files of `input_dir`, unless the input is
    unchanged since the date's last successful run (`force` reprocesses). Nothing is
    published here: `run` commits the staging. `publisher`: the outlet of files naming none.

    Called inside a flow: batches are tasks on that flow's task runner, each handing its
    documents to the local worker pool, or running on the Dask cluster the runner is.
    """
    started = time.perf_counter()
    plan = discover(
        input_dir, date, lake=lake, max_bytes=max_bytes, force=force, publisher=publisher
    )
    if plan.unchanged:
        get_run_logger().info(f"{date}: input unchanged since run {plan.previous_run}: skipped")
        return skipped_summary(date, lake, plan.files)
    if plan.aggregate_only:
        get_run_logger().info(verdict(plan))
        return rebuilt_summary(plan, lake)
    if plan.notice:
        get_run_logger().warning(plan.notice)
    pages = list_archive_pages(plan.refs, max_bytes)  # each archive: one ref per HTML page
    progress.grow(len(pages.refs) - len(plan.refs))
    plan = replace(plan, refs=pages.refs, rejects=plan.rejects + pages.rejects)
    stage = staging_root(lake, date, run_id)
    stage_discovery(plan.rejects, stage, date, run_id)
    # The linking after the last batch needs the list; this process idles meanwhile.
    threading.Thread(target=load_name_list, name="name-list", daemon=True).start()
    results = process_batches(
        plan, stage=stage, run_id=run_id, max_bytes=max_bytes, execution=execution
    )
    vanished = unreadable_after_discovery(plan.refs, results, date)  # raises if all did
    repeats = drop_repeated_pages(stage, date, run_id)
    near_duplicates = mark_near_duplicates(stage, date)
    seconds = time.perf_counter() - started
    languages = staged_languages(stage, date)
    summary = processed_summary(
        plan,
        lake=lake,
        results=results,
        repeats=repeats,
        near_duplicates=near_duplicates,
        seconds=seconds,
        languages=languages,
    )
    return replace(
        summary, complete=not vanished, records_skipped=dict(sorted(pages.skipped.items()))
    )


# On Dask the batches need a flow whose task runner is the cluster: `process` as a subflow.
process_on_cluster = flow(name="process")(process)


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
    lock (a second run of the same date meanwhile fails at once), then pair its quotes into
    the lake's quote clusters. `publisher`: the outlet of files that name none."""
    started_at, started = dt.datetime.now(dt.UTC), time.perf_counter()
    parameters = {"input": str(input_dir), "max_bytes": max_bytes, "force": force}
    parameters |= {"publisher": publisher}
    with failure_recorded(
        "run", lake=lake, dates=[date], parameters=parameters, execution=execution, enabled=record
    ):
        summary = _run_locked(
            input_dir,
            date,
            lake=lake,
            max_bytes=max_bytes,
            force=force,
            execution=execution,
            publisher=publisher,
        )
        if record and not summary.skipped:  # a nightly's or a backfill's: after every date
            _genders_settled(lake)
    summary = replace(summary, seconds=round(time.perf_counter() - started, 2))
    if record:
        outcome = BackfillSummary([summary])
        seconds = record_run(
            "run",
            lake=lake,
            dates=[date],
            outcome=outcome,
            started_at=started_at,
            parameters=parameters,
            execution=execution,
        )
        summary = replace(summary, seconds=round(seconds, 2))
    return summary


def _run_locked(
    input_dir: Location,
    date: dt.date,
    *,
    lake: Location,
    max_bytes: int,
    force: bool,
    execution: Execution,
    publisher: str | None,
) -> RunSummary:
    """`run`'s work under the date's lock: stage, link, publish, cluster."""
    run_id = new_run_id()
    with date_lock(lake, date, run_id) as lock:
        for note in heal_date(lake, date, run_id):
            get_run_logger().warning(note)
        if execution.runner == "local":  # no subflow: a flow run costs about a second
            processing = process
        else:
            cluster = dask_runner(execution)
            processing = process_on_cluster.with_options(task_runner=cluster)  # type: ignore[arg-type]
        summary = processing(
            input_dir,
            date,
            lake=lake,
            run_id=run_id,
            max_bytes=max_bytes,
            force=force,
            execution=execution,
            publisher=publisher,
        )
        if summary.rebuilt:
            with lake_wide_turn(date):  # the registry as the dates before it left it
                refresh_registry_genders(lake, run_id)  # no linking: an override still counts
                rows = publish_daily(lake, date, run_id, lock)
                remember(lake, date, summary.parts, run_id, rows, kept=True)
                update_quote_clusters(lake, [date], run_id=run_id)
        elif not summary.skipped:
            stage = staging_root(lake, date, run_id)
            with lake_wide_turn(date):  # in a backfill, dates in date order from here
                link_identities(lake, stage, date, run_id)
                stage_daily_tables(lake, source=stage, stage=stage, date=date, run_id=run_id)
                faults.reached("run.staged")
                lock.verify()
                rows = commit_date(lake, stage, date, ALL_TABLES, run_id)
                faults.reached("run.committed")
                if summary.complete:  # else a file that vanished meanwhile is retried next run
                    remember(lake, date, summary.parts, run_id, rows)
                update_quote_clusters(lake, [date], run_id=run_id)
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
    parameters = {"landing": str(landing), "timezone": timezone, "max_bytes": max_bytes}
    parameters |= {"force": force, "publisher": publisher}
    with failure_recorded(
        "nightly", lake=lake, dates=[day], parameters=parameters, execution=execution
    ):
        summary = run(
            folder,
            day,
            lake=lake,
            max_bytes=max_bytes,
            force=force,
            record=False,
            execution=execution,
            publisher=publisher,
        )
        if not summary.skipped:
            _genders_settled(lake)
    outcome = BackfillSummary([summary])
    seconds = record_run(
        "nightly",
        lake=lake,
        dates=[day],
        outcome=outcome,
        started_at=started_at,
        parameters=parameters,
        execution=execution,
    )
    return replace(summary, seconds=round(seconds, 2))


def _genders_settled(lake: Location) -> None:
    """Earlier dates' quotes and daily tables given the genders the new evidence settles
    (flows.rebuild.settle_genders), said in one line."""
    refreshed = settle_genders(lake)
    if refreshed:
        days = ", ".join(str(day) for day in refreshed)
        terminal.err.print(
            f"{days}: a speaker's gender changed with the new evidence: their quotes and daily "
            "tables refreshed (no NLP)",
            soft_wrap=True,
        )


@task(name="run-date", task_run_name="date-{date}", cache_policy=NO_CACHE)
def run_date(
    folder: str,
    date: dt.date,
    *,
    lake: Location,
    max_bytes: int,
    force: bool,
    execution: Execution,
    publisher: str | None,
) -> RunSummary | str:
    """One date of a backfill: its summary, or the error that stopped it."""
    try:
        return run(
            folder,
            date,
            lake=lake,
            max_bytes=max_bytes,
            force=force,
            record=False,
            execution=execution,
            publisher=publisher,
        )
    except Exception as exc:  # one failing date must not stop the others
        return f"{type(exc).__name__}: {exc}"
    finally:
        give_up_turn(date)  # a date that failed before its turn must not hold up the next


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
    plans, failed, handed = [], {}, []
    for day in (day for day in dates if day not in missing):
        folder = join(landing, day.isoformat())
        try:
            plan = discover(
                folder, day, lake=lake, max_bytes=max_bytes, force=force, publisher=publisher
            )
        except Exception as exc:  # a corrupt manifest, say: this date fails, not the others
            failed[day] = f"{type(exc).__name__}: {exc}"
            continue
        plans.append(plan)
        if not plan.unchanged:  # the date's run takes this plan: no second discovery
            asked = planned.Asked(
                folder=folder,
                date=day,
                lake=str(lake),
                max_bytes=max_bytes,
                force=force,
                publisher=publisher,
            )
            planned.hand_on(asked, plan)
            handed.append(asked)
    todo = [plan for plan in plans if not plan.unchanged]
    submits = [
        lambda plan=plan: run_date.submit(
            plan.folder,
            plan.date,
            lake=lake,
            max_bytes=max_bytes,
            force=force,
            execution=execution,
            publisher=publisher,
        )
        for plan in todo
    ]
    with in_date_order(plan.date for plan in todo):
        outcomes = {todo[n].date: outcome for n, outcome in in_window(submits, concurrency)}
    for asked in handed:  # a date that failed before its run leaves its plan: drop it
        planned.take(asked)
    processed = [skipped_summary(p.date, lake, p.files) for p in plans if p.unchanged]
    processed += [o for o in outcomes.values() if isinstance(o, RunSummary)]
    failed |= {day: o for day, o in outcomes.items() if isinstance(o, str)}
    if todo:
        _genders_settled(lake)
    summary = BackfillSummary(processed, missing, failed)
    parameters = {"landing": str(landing), "concurrency": concurrency, "force": force}
    parameters |= {"max_bytes": max_bytes, "publisher": publisher}
    record_run(
        "backfill",
        lake=lake,
        dates=dates,
        outcome=summary,
        started_at=started_at,
        parameters=parameters,
        execution=execution,
    )
    return summary
