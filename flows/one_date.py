"""`run` and `nightly` of one date, once their options are checked: the date planned (and
skipped when unchanged) before Prefect starts, then its flow run under one progress bar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from flows import launch, planned
from flows.options import Processing


@dataclass(frozen=True)
class DateJob:
    """What `run` or `nightly` was asked to do for one date."""

    flow: Literal["run", "nightly"]
    folder: str
    day: dt.date
    processing: Processing
    where: dict[str, str]  # the input folder, or the landing root and time zone: for `runs`

    def parameters(self) -> dict[str, Any]:
        """The run's parameters as its `runs` row records them."""
        settings = self.processing
        return self.where | {
            "max_bytes": settings.max_bytes,
            "force": settings.force,
            "publisher": settings.publisher,
        }


def process_one(job: DateJob) -> None:
    """`run` or `nightly` of one date: skipped before Prefect starts when unchanged."""
    from flows import server

    server.start_server_early()  # the longest to start: it comes up while the date is planned
    from flows import terminal
    from tasks.run.incremental import explain, plan_date, verdict

    settings = job.processing
    launch.heal(settings.lake)
    plan = plan_date(
        job.folder,
        job.day,
        settings.lake,
        settings.max_bytes,
        force=settings.force,
        publisher=settings.publisher,
    )
    if settings.explain_skip:
        terminal.out.print("\n".join(explain(plan)), soft_wrap=True)
    if not plan.unchanged:  # the summary says so for an unchanged date
        terminal.err.print(verdict(plan), soft_wrap=True)
    if plan.unchanged:
        server.stop_early()  # no flow to run
        outcome = launch.record_unchanged(
            flow=job.flow,
            lake=settings.lake,
            dates=[job.day],
            plans=[plan],
            parameters=job.parameters(),
            execution=settings.execution,
        )
        terminal.print_date(outcome.processed[0], job.flow, plan.previous_run)
        return
    with planned.one_command():
        planned.hand_on(asked(job.folder, job.day, settings), plan)
        documents = 0 if plan.aggregate_only else len(plan.refs)
        workers = settings.execution.pool_size(documents)
        summary = launch.with_prefect(documents, lambda p: _flow_of(job, p), workers=workers)
    terminal.print_date(summary, job.flow)


def _flow_of(job: DateJob, pipeline: Any) -> Any:
    """Run the job's flow (`pipeline`: flows.pipeline, imported once Prefect starts)."""
    settings = job.processing
    common = {
        "lake": settings.lake,
        "force": settings.force,
        "max_bytes": settings.max_bytes,
        "execution": settings.execution,
        "publisher": settings.publisher,
    }
    if job.flow == "run":
        return pipeline.run(job.folder, job.day, record=True, **common)
    return pipeline.nightly(
        job.day, landing=job.where["landing"], timezone=job.where["timezone"], **common
    )


def asked(folder: str, day: dt.date, settings: Processing) -> planned.Asked:
    return planned.Asked(
        folder=folder,
        date=day,
        lake=settings.lake,
        max_bytes=settings.max_bytes,
        force=settings.force,
        publisher=settings.publisher,
    )
