"""What a flow run leaves besides tables: its `runs` row and its summary as a Prefect artifact."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows import clock
from flows.execution import Execution
from tasks.lake.storage import Location
from tasks.run.summaries import BackfillSummary, append_run, run_record, summary_markdown


def new_run_id() -> str:
    """The flow run's id (a fresh one outside a flow run)."""
    return str(flow_run.id or uuid.uuid4())


def record_run(
    flow_name: str,
    *,
    lake: Location,
    dates: list[dt.date],
    outcome: BackfillSummary,
    started_at: dt.datetime,
    parameters: dict[str, Any],
    execution: Execution,
) -> float:
    """Append the run to the `runs` table and publish its summary as a Prefect artifact;
    the run's seconds, from the command's clock (`started_at`: the flow run's start, for a
    flow run outside a command)."""
    parameters = parameters | asdict(execution)
    started_at, finished_at, seconds = clock.span(started_at)
    row = run_record(
        new_run_id(),
        flow_name=flow_name,
        dates=dates,
        outcome=outcome,
        started_at=started_at,
        finished_at=finished_at,
        parameters=parameters,
    )
    append_run(lake, row)
    create_markdown_artifact(
        summary_markdown(flow_name, dates, outcome),
        key=f"newslake-{flow_name}",
        description=f"newslake {flow_name} summary",
    )
    return seconds


@contextmanager
def failure_recorded(
    flow_name: str,
    *,
    lake: Location,
    dates: list[dt.date],
    parameters: dict[str, Any],
    execution: Execution,
    enabled: bool = True,
) -> Iterator[None]:
    """A flow that fails still leaves its `runs` row (status failed, each date with the
    error), then fails as before. `enabled`: False where a calling flow records the run."""
    started_at = dt.datetime.now(dt.UTC)
    try:
        yield
    except Exception as exc:
        if enabled:
            error = f"{type(exc).__name__}: {exc}"
            outcome = BackfillSummary(failed={day: error for day in dates})
            record_run(
                flow_name,
                lake=lake,
                dates=dates,
                outcome=outcome,
                started_at=started_at,
                parameters=parameters,
                execution=execution,
            )
        raise
