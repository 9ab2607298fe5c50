"""`newslake`: the command line over the flows (Prefect's temporary server: nothing to set up).

Every command checks its arguments before it imports Prefect, spaCy or Polars, so help and
mistakes are answered at once, a mistake in one line. The options are declared once
(flows/options.py); each date is discovered once per command: the plan made here to skip an
unchanged date before Prefect starts is the one the flow runs (flows/planned.py).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from flows import checks, launch, one_date, planned
from flows.checks import CommandError
from flows.execution import DEFAULT_CONCURRENCY, DEFAULT_LAKE, DEFAULT_LANDING
from flows.one_line import OneLineErrors
from flows.options import (
    AliasesOpt,
    EndOpt,
    InputOpt,
    LakeOpt,
    LandingOpt,
    Processing,
    StartOpt,
    TimezoneOpt,
    date_option,
    processing_options,
)

app = typer.Typer(
    cls=OneLineErrors,
    help="Turn raw news text into Parquet tables of who said what, about whom.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of failures.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Show Prefect's log lines of every task.")
    ] = False,
) -> None:
    """Turn raw news text into Parquet tables of who said what, about whom."""
    launch.set_flags(debug=debug, verbose=verbose)


@app.command()
@processing_options
def run(
    input_dir: InputOpt,
    date: Annotated[
        dt.datetime | None, date_option("Date the rows belong to [default: today].")
    ] = None,
    *,
    processing: Processing,
) -> None:
    """Process a folder of articles as one date, then build that date's daily tables."""
    checks.input_folder(input_dir)
    checks.lake_to_write(processing.lake)
    day = date.date() if date else dt.date.today()
    job = one_date.DateJob(
        flow="run", folder=input_dir, day=day, processing=processing, where={"input": input_dir}
    )
    one_date.process_one(job)


@app.command()
@processing_options
def nightly(
    date: Annotated[
        dt.datetime | None, date_option("Date to process [default: yesterday].")
    ] = None,
    landing: LandingOpt = DEFAULT_LANDING,
    timezone: TimezoneOpt = "UTC",
    *,
    processing: Processing,
) -> None:
    """Process LANDING/DATE (default: yesterday in --timezone), as the scheduled job does."""
    from flows.dates import yesterday
    from tasks.lake.storage import join

    checks.timezone(timezone)
    checks.landing_root(landing)
    checks.lake_to_write(processing.lake)
    day = date.date() if date else yesterday(timezone)
    folder = join(landing, day.isoformat())
    if not checks.folder_exists(folder):
        raise CommandError(
            f"no landing folder for {day}: {folder} does not exist (nothing landed that day? "
            "--date picks the day)",
            exit_code=1,
        )
    where = {"landing": landing, "timezone": timezone}
    job = one_date.DateJob(
        flow="nightly", folder=folder, day=day, processing=processing, where=where
    )
    one_date.process_one(job)


@app.command()
@processing_options
def backfill(
    start: StartOpt,
    end: EndOpt,
    landing: LandingOpt = DEFAULT_LANDING,
    concurrency: Annotated[int, typer.Option(help="Dates processed at once.")] = (
        DEFAULT_CONCURRENCY
    ),
    *,
    processing: Processing,
) -> None:
    """Process every landing folder from START to END; exit code 1 if any date failed."""
    from flows import terminal
    from flows.dates import days
    from tasks.lake.storage import join
    from tasks.run.incremental import DatePlan, explain, plan_date, verdict

    first, last = start.date(), end.date()
    checks.date_range(first, last)
    checks.positive(concurrency, "--concurrency", "a number of dates")
    checks.landing_root(landing)
    settings = processing
    checks.lake_to_write(settings.lake)
    launch.heal(settings.lake)
    dates = days(first, last)
    plans: list[DatePlan] = []
    todo = 0
    with planned.one_command():
        for day in dates:
            folder = join(landing, day.isoformat())
            if not checks.folder_exists(folder):
                continue
            try:
                plan = plan_date(
                    folder,
                    day,
                    settings.lake,
                    settings.max_bytes,
                    force=settings.force,
                    publisher=settings.publisher,
                )
            except Exception:  # the flow reports this date's failure with the others
                todo += 1
                continue
            plans.append(plan)
            planned.hand_on(one_date.asked(folder, day, settings), plan)
            if settings.explain_skip:
                terminal.out.print("\n".join(explain(plan)), soft_wrap=True)
            todo += not plan.unchanged
            terminal.err.print(verdict(plan), soft_wrap=True)
        title = f"newslake backfill {first} to {last} into {settings.lake}"
        if not todo:
            parameters = {"landing": landing, "concurrency": concurrency}
            parameters |= {"force": settings.force, "max_bytes": settings.max_bytes}
            outcome = launch.record_unchanged(
                flow="backfill",
                lake=settings.lake,
                dates=dates,
                plans=plans,
                parameters=parameters | {"publisher": settings.publisher},
                execution=settings.execution,
            )
            terminal.print_dates(title, outcome)
            return
        counts = [len(p.refs) for p in plans if not (p.unchanged or p.aggregate_only)]
        workers = settings.execution.pool_size(max(counts, default=0))
        outcome = launch.with_prefect(
            sum(counts),
            lambda p: p.backfill(
                first,
                last,
                landing=landing,
                lake=settings.lake,
                concurrency=concurrency,
                force=settings.force,
                max_bytes=settings.max_bytes,
                execution=settings.execution,
                publisher=settings.publisher,
            ),
            workers=workers,
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

    from flows import clock, pipeline

    clock.clear()  # each served flow run measures from its own start
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
    launch.heal(lake)
    fs, documents = resolve(partition_dir(lake, "documents", day))
    if not files_under(fs, documents):
        raise CommandError(
            f"no documents for {day} in {lake}: process that date first "
            f"(newslake run --date {day} --input FOLDER --lake {lake})"
        )
    counts = launch.with_prefect(None, lambda _: launch.rebuild_flows().aggregate(day, lake, table))
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
    launch.heal(lake)
    if not checks.processed_dates(lake, first, last):
        raise CommandError(
            f"no processed dates from {first} to {last} in {lake}: nothing to rebuild (see "
            f"which dates the lake holds with: ls {lake}/documents)"
        )
    rebuilt = launch.with_prefect(
        None, lambda _: launch.rebuild_flows().rebuild_aggregates(first, last, lake, table)
    )
    for day, counts in rebuilt.items():
        terminal.out.print(f"{day}: " + ", ".join(f"{t} {n} rows" for t, n in counts.items()))
    terminal.out.print(f"rebuilt {len(rebuilt)} date(s)")


def _day(help_text: str) -> Any:
    return typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=help_text)


@app.command()
def drop(
    date: Annotated[dt.datetime | None, date_option("Date to remove.")] = None,
    start: Annotated[dt.datetime | None, _day("First date of a range to remove.")] = None,
    end: Annotated[dt.datetime | None, _day("Last date of the range (included).")] = None,
    lake: LakeOpt = DEFAULT_LAKE,
) -> None:
    """Remove dates from the lake as if never processed: every table's partition, the state,
    their usage in the entity registry, their quotes in the quote clusters."""
    from flows.drop import chosen_dates, drop_dates

    dates = chosen_dates(*(d.date() if d else None for d in (date, start, end)))
    checks.lake_with_documents(lake)
    drop_dates(lake, dates)


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
    launch.heal(lake)
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
