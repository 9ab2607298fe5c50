"""What the commands share once their options are checked: healing the lake, recording a run
whose every date was unchanged without starting Prefect, and starting Prefect under one
progress bar. Prefect, Polars and the NLP are imported only inside these functions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypeVar

from flows.checks import CommandError
from flows.execution import Execution

if TYPE_CHECKING:
    from tasks.run.incremental import DatePlan
    from tasks.run.summaries import BackfillSummary

T = TypeVar("T")
_flags = {"debug": False, "verbose": False}


def set_flags(*, debug: bool, verbose: bool) -> None:
    """Remember --debug and --verbose for the Prefect log routing of this command."""
    _flags.update(debug=debug, verbose=verbose)


def with_prefect(total: int | None, call: Callable[[Any], T], *, workers: int = 0) -> T:
    """Start Prefect (its database prepared once), then `call(flows.pipeline)` under one
    progress bar over `total` documents (None: no documents to count). `workers`: the local
    pool's workers to start, so that they load the model while Prefect's server starts."""
    from flows import heap

    with heap.lasting():  # modules, Prefect's settings: kept to the command's end
        from flows import server, terminal
        from tasks.lake.locks import DateLocked

        server.start_server_early()  # the longest to start: it comes up during the imports
        if workers:  # before Prefect's import (1-2 s), so the models load meanwhile
            from flows.workers import pool

            pool(workers).start_all()
        server.check_database()
    with terminal.document_bar(total) as bar:
        if server.prepare_database():
            terminal.err.print("prepared Prefect's database (once per PREFECT_HOME)")
        with heap.lasting():
            server.start_server()  # adopts the early one, or starts one now
            from flows import pipeline

            terminal.route_prefect_logs(_flags["verbose"], _flags["debug"])
        server.wait_for_server()
        try:
            with server.without_heartbeats():
                return call(pipeline)
        except DateLocked as error:
            bar.stop()
            raise CommandError(str(error)) from None


def heal(lake: str) -> None:
    """Finish interrupted publishes and remove crash debris before working on the lake."""
    from flows import terminal
    from tasks.lake.storage import resolve
    from tasks.run.upkeep import heal as heal_lake

    fs, root = resolve(lake)
    if fs.isdir(root):
        for note in heal_lake(lake):
            terminal.err.print(f"healed: {note}", soft_wrap=True)


def record_unchanged(
    *,
    flow: str,
    lake: str,
    dates: list[dt.date],
    plans: list[DatePlan],
    parameters: dict[str, Any],
    execution: Execution,
) -> BackfillSummary:
    """Record a run whose every date was unchanged (or missing), without Prefect, with the
    parameters a flow run records (`flows.records.record_run`)."""
    from flows import clock
    from tasks.run.summaries import BackfillSummary, append_run, run_record, skipped_summary

    parameters = parameters | asdict(execution)
    started_at, finished_at, _ = clock.span(dt.datetime.now(dt.UTC))
    skipped = [skipped_summary(p.date, lake, p.files) for p in plans]
    missing = sorted(set(dates) - {p.date for p in plans})
    outcome = BackfillSummary(skipped, missing)
    row = run_record(
        str(uuid.uuid4()),
        flow_name=flow,
        dates=dates,
        outcome=outcome,
        started_at=started_at,
        finished_at=finished_at,
        parameters=parameters,
    )
    append_run(lake, row)
    return outcome


def rebuild_flows() -> Any:
    """flows.rebuild, imported once Prefect is about to start."""
    from flows import rebuild

    return rebuild
