"""`newslake`: the command line over the flows (Prefect's temporary server: nothing to set up).

Every command checks its arguments before it imports Prefect, spaCy or Polars, so help and
mistakes are answered at once, a mistake in one line. A date whose input is unchanged since
its last successful run is skipped (and recorded) before Prefect starts.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer
from typer.core import TyperGroup

from flows import checks
from flows.checks import CommandError
from flows.execution import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BATCH_TIMEOUT,
    DEFAULT_CONCURRENCY,
    DEFAULT_LAKE,
    DEFAULT_LANDING,
    DEFAULT_WORKERS,
    Execution,
    Runner,
)

T = TypeVar("T")
DEFAULT_MAX_MB = 5.0  # tasks.ingest.refs.DEFAULT_MAX_BYTES, without importing it for --help
GLOBAL_FLAGS = ("--debug", "--verbose")


class _OneLineErrors(TyperGroup):
    """Answers every mistake with one line on stderr and a non-zero exit code; a traceback
    only with --debug. `--debug` and `--verbose` are accepted anywhere on the line."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        import typer._click as click

        given = list(sys.argv[1:] if args is None else args)
        flags = [arg for arg in given if arg in GLOBAL_FLAGS]
        given = flags + [arg for arg in given if arg not in GLOBAL_FLAGS]
        extra["standalone_mode"] = False
        try:
            code = super().main(given, *rest, **extra)
        except click.exceptions.NoArgsIsHelpError as help_:
            print(help_.ctx.get_help() if help_.ctx else "", file=sys.stderr)
            code = 2
        except click.exceptions.ClickException as error:
            context = getattr(error, "ctx", None)
            command = context.command_path if context else "newslake"
            message = error.format_message().replace("Value error, ", "")
            code = _fail(f"{command}: {message} (see {command} --help)", error.exit_code)
        except CommandError as error:
            code = _fail(f"newslake: {error}", error.exit_code)
        except (KeyboardInterrupt, typer.Abort):
            code = _fail("newslake: interrupted", 130)
        except Exception as error:
            if "--debug" in flags:
                traceback.print_exc()
            hint = "" if "--debug" in flags else " (--debug shows the traceback)"
            code = _fail(f"newslake: failed: {type(error).__name__}: {error}{hint}", 1)
        sys.exit(code or 0)


def _fail(message: str, code: int) -> int:
    print(" ".join(message.split()), file=sys.stderr)
    return code


app = typer.Typer(
    cls=_OneLineErrors,
    help="Turn raw news text into Parquet tables of who said what, about whom.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
_flags = {"debug": False, "verbose": False}

InputOpt = Annotated[
    str,
    typer.Option(
        "--input",
        metavar="FOLDER",
        help="Folder of raw article files (a path or s3://bucket/prefix).",
    ),
]
DateOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--date",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Date the rows belong to [default: today].",
    ),
]
StartOpt = Annotated[
    dt.datetime, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="First date.")
]
EndOpt = Annotated[
    dt.datetime,
    typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Last date (included)."),
]
LakeOpt = Annotated[
    str,
    typer.Option(
        "--lake",
        metavar="FOLDER",
        help="Root of the Parquet tables (a path or s3://bucket/prefix).",
    ),
]
LandingOpt = Annotated[
    str, typer.Option(metavar="FOLDER", help="Landing root: one folder per date (path or URL).")
]
MaxMbOpt = Annotated[
    float,
    typer.Option(
        "--max-mb",
        help="Files, and pages in an archive, larger than this are rejected (too_large); "
        "an archive may be any size.",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Reprocess even if the input is unchanged.")
]
ExplainOpt = Annotated[
    bool,
    typer.Option(
        "--explain-skip", help="Show what the unchanged-input check compared, part by part."
    ),
]
TimezoneOpt = Annotated[str, typer.Option(help="Time zone that decides 'yesterday'.")]
RunnerOpt = Annotated[
    Runner,
    typer.Option(
        "--runner", help="local: worker processes here; dask: a Dask cluster (prefect-dask)."
    ),
]
WorkersOpt = Annotated[int, typer.Option("--workers", help="Worker processes for the NLP.")]
DaskOpt = Annotated[
    str | None,
    typer.Option("--dask-address", help="tcp://host:port of an existing Dask scheduler."),
]
BatchSizeOpt = Annotated[int, typer.Option("--batch-size", help="Files per batch task.")]
BatchTimeoutOpt = Annotated[
    float, typer.Option("--batch-timeout", help="Seconds a batch may run in a worker.")
]
PublisherOpt = Annotated[
    str | None,
    typer.Option(
        "--publisher",
        metavar="NAME",
        help="Outlet of the files that name none (no manifest publisher, page or URL).",
    ),
]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of failures.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Show Prefect's log lines of every task.")
    ] = False,
) -> None:
    """Turn raw news text into Parquet tables of who said what, about whom."""
    _flags.update(debug=debug, verbose=verbose)


def _execution(
    runner: Runner, workers: int, dask: str | None, batch_size: int, batch_timeout: float
) -> Execution:
    execution = Execution(runner, workers, dask, batch_size, batch_timeout)
    problems = execution.problems()
    if problems:
        raise CommandError(problems[0])
    return execution


def _max_bytes(max_mb: float) -> int:
    checks.positive(max_mb, "--max-mb", "a size in MB")
    return int(max_mb * 2**20)


def _with_prefect(total: int | None, call: Callable[[Any], T]) -> T:
    """Start Prefect (its database prepared once), then `call(flows.pipeline)` under one
    progress bar over `total` documents (None: no documents to count)."""
    from flows import terminal
    from flows.server import check_database, prepare_database
    from tasks.lake.locks import DateLocked

    check_database()
    with terminal.document_bar(total) as bar:
        if prepare_database():
            terminal.err.print("prepared Prefect's database (once per PREFECT_HOME)")
        from flows import pipeline
        from flows.orphans import server_dies_with_us

        server_dies_with_us()
        terminal.route_prefect_logs(_flags["verbose"], _flags["debug"])
        try:
            return call(pipeline)
        except DateLocked as error:
            bar.stop()
            raise CommandError(str(error)) from None


def _rebuild() -> Any:
    """flows.rebuild, imported once Prefect is about to start."""
    from flows import rebuild

    return rebuild


def _heal(lake: str) -> None:
    """Finish interrupted publishes and remove crash debris before working on the lake."""
    from flows import terminal
    from tasks.lake.storage import resolve
    from tasks.run.upkeep import heal

    fs, root = resolve(lake)
    if fs.isdir(root):
        for note in heal(lake):
            terminal.err.print(f"healed: {note}", soft_wrap=True)


def _record_unchanged(
    flow: str,
    lake: str,
    dates: list[dt.date],
    plans: list[Any],
    parameters: dict[str, Any],
    execution: Execution,
) -> Any:
    """Record a run whose every date was unchanged (or missing), without Prefect, with the
    parameters a flow run records (`flows.records.record_run`)."""
    from dataclasses import asdict

    from tasks.run.summaries import BackfillSummary, append_run, run_record, skipped_summary

    parameters = parameters | asdict(execution)
    started_at = dt.datetime.now(dt.UTC)
    skipped = [skipped_summary(p.date, lake, p.files) for p in plans]
    missing = sorted(set(dates) - {p.date for p in plans})
    outcome = BackfillSummary(skipped, missing)
    row = run_record(
        str(uuid.uuid4()), flow, dates, outcome, started_at, dt.datetime.now(dt.UTC), parameters
    )
    append_run(lake, row)
    return outcome


@app.command()
def run(
    input_dir: InputOpt,
    date: DateOpt = None,
    lake: LakeOpt = DEFAULT_LAKE,
    max_mb: MaxMbOpt = DEFAULT_MAX_MB,
    force: ForceOpt = False,
    explain_skip: ExplainOpt = False,
    runner: RunnerOpt = "local",
    workers: WorkersOpt = DEFAULT_WORKERS,
    dask_address: DaskOpt = None,
    batch_size: BatchSizeOpt = DEFAULT_BATCH_SIZE,
    batch_timeout: BatchTimeoutOpt = DEFAULT_BATCH_TIMEOUT,
    publisher: PublisherOpt = None,
) -> None:
    """Process a folder of articles as one date, then build that date's daily tables."""
    day = date.date() if date else dt.date.today()
    execution = _execution(runner, workers, dask_address, batch_size, batch_timeout)
    max_bytes = _max_bytes(max_mb)
    outlet = checks.publisher(publisher)
    checks.input_folder(input_dir)
    checks.lake_to_write(lake)
    where = {"input": input_dir}
    job = _DateJob(
        "run", input_dir, day, lake, max_bytes, force, execution, outlet, explain_skip, where
    )
    _process_one(job)


@dataclass(frozen=True)
class _DateJob:
    """What `run` or `nightly` was asked to do for one date."""

    flow: Literal["run", "nightly"]
    folder: str
    day: dt.date
    lake: str
    max_bytes: int
    force: bool
    execution: Execution
    publisher: str | None
    explain: bool
    where: dict[str, str]  # the input folder, or the landing root and time zone: for `runs`


def _process_one(job: _DateJob) -> None:
    """`run` or `nightly` of one date: skipped before Prefect starts when unchanged."""
    from flows import terminal
    from tasks.run.incremental import explain, plan_date

    _heal(job.lake)
    plan = plan_date(job.folder, job.day, job.lake, job.max_bytes, job.force, job.publisher)
    if job.explain:
        terminal.out.print("\n".join(explain(plan)), soft_wrap=True)
    if plan.notice:
        terminal.err.print(plan.notice, soft_wrap=True)
    elif plan.previous and not plan.unchanged:
        terminal.err.print(f"{job.day}: processing it again: {plan.reason}", soft_wrap=True)
    if plan.unchanged:
        parameters: dict[str, Any] = job.where | {"max_bytes": job.max_bytes, "force": job.force}
        parameters |= {"publisher": job.publisher}
        outcome = _record_unchanged(
            job.flow, job.lake, [job.day], [plan], parameters, job.execution
        )
        terminal.print_date(outcome.processed[0], plan.previous_run)
        return
    arguments = (job.lake, job.max_bytes, job.force)
    if job.flow == "run":
        summary = _with_prefect(
            len(plan.refs),
            lambda p: p.run(job.folder, job.day, *arguments, True, job.execution, job.publisher),
        )
    else:
        landing, timezone = job.where["landing"], job.where["timezone"]
        summary = _with_prefect(
            len(plan.refs),
            lambda p: p.nightly(
                job.day,
                landing,
                job.lake,
                timezone,
                job.force,
                job.max_bytes,
                job.execution,
                job.publisher,
            ),
        )
    terminal.print_date(summary)


@app.command()
def nightly(
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Date to process [default: yesterday].",
        ),
    ] = None,
    landing: LandingOpt = DEFAULT_LANDING,
    lake: LakeOpt = DEFAULT_LAKE,
    timezone: TimezoneOpt = "UTC",
    max_mb: MaxMbOpt = DEFAULT_MAX_MB,
    force: ForceOpt = False,
    explain_skip: ExplainOpt = False,
    runner: RunnerOpt = "local",
    workers: WorkersOpt = DEFAULT_WORKERS,
    dask_address: DaskOpt = None,
    batch_size: BatchSizeOpt = DEFAULT_BATCH_SIZE,
    batch_timeout: BatchTimeoutOpt = DEFAULT_BATCH_TIMEOUT,
    publisher: PublisherOpt = None,
) -> None:
    """Process LANDING/DATE (default: yesterday in --timezone), as the scheduled job does."""
    from flows.dates import yesterday
    from tasks.lake.storage import join

    checks.timezone(timezone)
    execution = _execution(runner, workers, dask_address, batch_size, batch_timeout)
    max_bytes = _max_bytes(max_mb)
    outlet = checks.publisher(publisher)
    checks.landing_root(landing)
    checks.lake_to_write(lake)
    day = date.date() if date else yesterday(timezone)
    folder = join(landing, day.isoformat())
    if not checks.folder_exists(folder):
        raise CommandError(
            f"no landing folder for {day}: {folder} does not exist (nothing landed that day? "
            "--date picks the day)",
            exit_code=1,
        )
    where = {"landing": landing, "timezone": timezone}
    job = _DateJob(
        "nightly", folder, day, lake, max_bytes, force, execution, outlet, explain_skip, where
    )
    _process_one(job)


@app.command()
def backfill(
    start: StartOpt,
    end: EndOpt,
    landing: LandingOpt = DEFAULT_LANDING,
    lake: LakeOpt = DEFAULT_LAKE,
    concurrency: Annotated[int, typer.Option(help="Dates processed at once.")] = (
        DEFAULT_CONCURRENCY
    ),
    max_mb: MaxMbOpt = DEFAULT_MAX_MB,
    force: ForceOpt = False,
    explain_skip: ExplainOpt = False,
    runner: RunnerOpt = "local",
    workers: WorkersOpt = DEFAULT_WORKERS,
    dask_address: DaskOpt = None,
    batch_size: BatchSizeOpt = DEFAULT_BATCH_SIZE,
    batch_timeout: BatchTimeoutOpt = DEFAULT_BATCH_TIMEOUT,
    publisher: PublisherOpt = None,
) -> None:
    """Process every landing folder from START to END; exit code 1 if any date failed."""
    from flows import terminal
    from flows.dates import days
    from tasks.lake.storage import join
    from tasks.run.incremental import explain, plan_date

    first, last = start.date(), end.date()
    checks.date_range(first, last)
    checks.positive(concurrency, "--concurrency", "a number of dates")
    execution = _execution(runner, workers, dask_address, batch_size, batch_timeout)
    max_bytes = _max_bytes(max_mb)
    outlet = checks.publisher(publisher)
    checks.landing_root(landing)
    checks.lake_to_write(lake)
    _heal(lake)
    dates = days(first, last)
    folders = {day: join(landing, day.isoformat()) for day in dates}
    plans, todo = [], 0
    for day in dates:
        if not checks.folder_exists(folders[day]):
            continue
        try:
            plan = plan_date(folders[day], day, lake, max_bytes, force, outlet)
        except Exception:  # the flow reports this date's failure with the others
            todo += 1
            continue
        plans.append(plan)
        if explain_skip:
            terminal.out.print("\n".join(explain(plan)), soft_wrap=True)
        todo += not plan.unchanged
        if plan.notice:
            terminal.err.print(plan.notice, soft_wrap=True)
    title = f"newslake backfill {first} to {last} into {lake}"
    if not todo:
        parameters = {"landing": landing, "concurrency": concurrency, "force": force}
        parameters |= {"max_bytes": max_bytes, "publisher": outlet}
        outcome = _record_unchanged("backfill", lake, dates, plans, parameters, execution)
        terminal.print_dates(title, outcome)
        return
    total = sum(len(plan.refs) for plan in plans if not plan.unchanged)
    outcome = _with_prefect(
        total,
        lambda p: p.backfill(
            first, last, landing, lake, concurrency, force, max_bytes, execution, outlet
        ),
    )
    terminal.print_dates(title, outcome)
    if outcome.failed:
        raise typer.Exit(code=1)


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="When the nightly run starts.")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="Time zone of the cron schedule.")] = "UTC",
    landing: LandingOpt = DEFAULT_LANDING,
    lake: LakeOpt = DEFAULT_LAKE,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "newslake-nightly",
) -> None:
    """Serve the nightly deployment on its schedule (needs a Prefect server: PREFECT_API_URL)."""
    checks.timezone(timezone)
    if not os.environ.get("PREFECT_API_URL"):
        raise CommandError(
            "serve needs a Prefect server: start one with `prefect server start`, then "
            "export PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    from prefect.schedules import Cron

    from flows import pipeline

    parameters = {"landing": _absolute(landing), "lake": _absolute(lake)}
    pipeline.nightly.serve(
        name=name,
        schedules=[Cron(cron, timezone=timezone, parameters={"timezone": timezone})],
        parameters=parameters,
    )


def _absolute(location: str) -> str:
    """A local path made absolute (a served flow runs elsewhere); a URL as it is."""
    from tasks.lake.storage import is_local, resolve

    return str(Path(location).resolve()) if is_local(resolve(location)[0]) else location


AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases", metavar="CSV", help="Alias table to apply [default: data/aliases.csv]."
    ),
]


@app.command()
def aggregate(
    date: Annotated[
        dt.datetime,
        typer.Option("--date", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Date to rebuild."),
    ],
    lake: LakeOpt = DEFAULT_LAKE,
    aliases: AliasesOpt = None,
) -> None:
    """Rebuild the daily tables of one date, applying the alias table and the entity
    registry anew (no NLP pass)."""
    from flows import terminal
    from tasks.lake.storage import files_under, resolve
    from tasks.lake.tables import partition_dir

    day = date.date()
    table = checks.alias_table(aliases)
    checks.lake_with_documents(lake)
    _heal(lake)
    fs, documents = resolve(partition_dir(lake, "documents", day))
    if not files_under(fs, documents):
        raise CommandError(
            f"no documents for {day} in {lake}: process that date first "
            f"(newslake run --date {day} --input FOLDER --lake {lake})"
        )
    counts = _with_prefect(None, lambda _: _rebuild().aggregate(day, lake, table))
    for name, rows in counts.items():
        terminal.out.print(f"{name}: {rows} rows")


@app.command("rebuild-aggregates")
def rebuild_aggregates(
    start: StartOpt, end: EndOpt, lake: LakeOpt = DEFAULT_LAKE, aliases: AliasesOpt = None
) -> None:
    """Rebuild the daily tables of every processed date from START to END, applying the
    alias table and the entity registry anew (no NLP pass)."""
    from flows import terminal

    first, last = start.date(), end.date()
    checks.date_range(first, last)
    table = checks.alias_table(aliases)
    checks.lake_with_documents(lake)
    _heal(lake)
    rebuilt = _with_prefect(None, lambda _: _rebuild().rebuild_aggregates(first, last, lake, table))
    for day, counts in rebuilt.items():
        terminal.out.print(f"{day}: " + ", ".join(f"{t} {n} rows" for t, n in counts.items()))
    terminal.out.print(f"rebuilt {len(rebuilt)} date(s)")


@app.command()
def report(
    start: StartOpt,
    end: EndOpt,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    lake: LakeOpt = DEFAULT_LAKE,
) -> None:
    """Write a self-contained HTML report (charts included) for the dates START..END."""
    first, last = start.date(), end.date()
    checks.date_range(first, last)
    checks.out_file(out)
    checks.lake_with_documents(lake)
    _heal(lake)
    from flows import terminal
    from tasks.lake.tables import scan

    documents = scan("documents", lake, first, last).select("doc_id").head(1).collect()
    if documents.is_empty():
        raise CommandError(
            f"no documents from {first} to {last} in {lake} (see which dates the lake holds "
            f"with: ls {lake}/documents)"
        )
    from tasks.desk.report import write_report  # the page's code (and spaCy's imports): only now

    written = write_report(lake, first, last, out)
    terminal.out.print(f"report written to {written} ({written.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    app()
