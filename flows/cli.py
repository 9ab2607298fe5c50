"""`newslake`: the command line over the flows (Prefect's ephemeral mode: no server needed)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from flows import pipeline
from flows.pipeline import (
    DEFAULT_CONCURRENCY,
    DEFAULT_LAKE,
    DEFAULT_LANDING,
    DEFAULT_WORKERS,
    BackfillSummary,
    RunSummary,
    summary_markdown,
)
from tasks.ingest import DEFAULT_MAX_BYTES
from tasks.report import write_report
from tasks.runlog import DateLocked
from tasks.storage import is_local, resolve

app = typer.Typer(
    help="Turn raw news text into Parquet tables of who said what, about whom.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

InputOpt = Annotated[
    str, typer.Option("--input", help="Folder of raw article files (a path or s3://bucket/prefix).")
]
DateOpt = Annotated[
    dt.datetime | None,
    typer.Option("--date", formats=["%Y-%m-%d"], help="Date the rows belong to (default: today)."),
]
DayOpt = Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"])]
LakeOpt = Annotated[
    str, typer.Option("--lake", help="Root of the Parquet tables (a path or s3://bucket/prefix).")
]
LandingOpt = Annotated[str, typer.Option(help="Landing root: one folder per date (path or URL).")]
MaxMbOpt = Annotated[
    float, typer.Option("--max-mb", help="Files larger than this are rejected (too_large).")
]
RunnerOpt = Annotated[
    str,
    typer.Option(
        "--runner", help="local: worker processes here; dask: a Dask cluster (prefect-dask)."
    ),
]
WorkersOpt = Annotated[int, typer.Option("--workers", help="Worker processes for the NLP.")]
DaskOpt = Annotated[
    str | None,
    typer.Option("--dask-address", help="tcp://host:port of an existing Dask scheduler."),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Reprocess even if the input is unchanged.")
]


def _day(value: dt.datetime | None, default: dt.date) -> dt.date:
    return value.date() if value else default


@contextlib.contextmanager
def _progress_bar() -> Iterator[None]:
    """Documents done / total, rate and ETA in the terminal while a flow runs."""
    columns = (
        TextColumn("[bold]documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task_id = bar.add_task("documents", total=None, rate="")
        started = dt.datetime.now()

        def update(done: int, total: int) -> None:
            seconds = max((dt.datetime.now() - started).total_seconds(), 1e-9)
            bar.update(task_id, completed=done, total=total, rate=f"{done / seconds:.1f}/s")

        pipeline.show_progress(update)
        try:
            yield
        finally:
            pipeline.show_progress(None)


def _print_summary(summary: RunSummary) -> None:
    if summary.skipped:
        console.print(
            f"{summary.date}: input unchanged since its last run: skipped (--force reprocesses)"
        )
        return
    table = Table(title=f"newslake run for {summary.date} into {summary.lake}")
    columns = ("files", "documents", "rejects", "quotes", "entities", "seconds")
    for column in columns:
        table.add_column(column, justify="right")
    values = summary.files, summary.documents, sum(summary.rejects.values()), summary.quotes
    table.add_row(*map(str, (*values, summary.entities, summary.seconds)))
    console.print(table)
    if summary.near_duplicates:
        console.print(f"  near-duplicates (syndicated copies): {summary.near_duplicates}")
    for reason, count in summary.rejects.items():
        console.print(f"  rejected ({reason}): {count}")
    busy = sum(summary.stage_seconds.values()) or 1.0
    shares = ", ".join(
        f"{stage} {seconds:.1f}s ({seconds / busy:.0%})"
        for stage, seconds in summary.stage_seconds.items()
    )
    console.print(f"  time per stage: {shares}")


def _absolute(location: str) -> str:
    """A local path made absolute (a served flow runs elsewhere); a URL as it is."""
    return str(Path(location).resolve()) if is_local(resolve(location)[0]) else location


def _locked(error: DateLocked) -> typer.Exit:
    console.print(f"[red]{error}[/red]")
    return typer.Exit(code=2)


@app.command()
def run(
    input_dir: InputOpt = "seeds",
    date: DateOpt = None,
    lake: LakeOpt = DEFAULT_LAKE,
    max_mb: MaxMbOpt = DEFAULT_MAX_BYTES / 2**20,
    force: ForceOpt = False,
    runner: RunnerOpt = "local",
    workers: WorkersOpt = DEFAULT_WORKERS,
    dask_address: DaskOpt = None,
) -> None:
    """Process a folder of articles as one date, then build that date's daily tables."""
    day = _day(date, dt.date.today())
    fs, folder = resolve(input_dir)
    if not fs.isdir(folder):
        raise typer.BadParameter(f"{input_dir} is not a folder", param_hint="--input")
    try:
        with _progress_bar():
            summary = pipeline.run(
                input_dir, day, lake, int(max_mb * 2**20), force,
                runner=runner, workers=workers, dask_address=dask_address,
            )  # fmt: skip
    except DateLocked as error:
        raise _locked(error) from None
    _print_summary(summary)


@app.command()
def nightly(
    date: DateOpt = None,
    landing: LandingOpt = DEFAULT_LANDING,
    lake: LakeOpt = DEFAULT_LAKE,
    timezone: Annotated[str, typer.Option(help="Time zone that decides 'yesterday'.")] = "UTC",
) -> None:
    """Process LANDING/DATE (default: yesterday), as the scheduled job does; for OS cron."""
    try:
        with _progress_bar():
            summary = pipeline.nightly(date.date() if date else None, landing, lake, timezone)
    except DateLocked as error:
        raise _locked(error) from None
    _print_summary(summary)


@app.command()
def backfill(
    start: DayOpt,
    end: DayOpt,
    landing: LandingOpt = DEFAULT_LANDING,
    lake: LakeOpt = DEFAULT_LAKE,
    concurrency: Annotated[int, typer.Option(help="Dates processed at once.")] = (
        DEFAULT_CONCURRENCY
    ),
    force: ForceOpt = False,
    runner: RunnerOpt = "local",
    workers: WorkersOpt = DEFAULT_WORKERS,
    dask_address: DaskOpt = None,
) -> None:
    """Process every landing folder from START to END; exit code 1 if any date failed."""
    if end < start:
        raise typer.BadParameter("END is before START", param_hint="--end")
    execution = {"runner": runner, "workers": workers, "dask_address": dask_address}
    with _progress_bar():
        outcome = pipeline.backfill(
            start.date(), end.date(), landing, lake, concurrency, force, **execution
        )
    _print_backfill(start.date(), end.date(), outcome)
    if outcome.failed:
        raise typer.Exit(code=1)


def _print_backfill(start: dt.date, end: dt.date, outcome: BackfillSummary) -> None:
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    console.print(summary_markdown("backfill", days, outcome), soft_wrap=True)
    processed = [s for s in outcome.processed if not s.skipped]
    console.print(
        f"processed {len(processed)} date(s), skipped {len(outcome.processed) - len(processed)} "
        f"unchanged, missing {len(outcome.missing)}"
        + (f" ({', '.join(map(str, outcome.missing))})" if outcome.missing else "")
        + f", failed {len(outcome.failed)}"
        + (f" ({', '.join(map(str, outcome.failed))})" if outcome.failed else ""),
        soft_wrap=True,
    )


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="When the nightly run starts.")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="Time zone of the cron schedule.")] = "UTC",
    landing: LandingOpt = DEFAULT_LANDING,
    lake: LakeOpt = DEFAULT_LAKE,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "newslake-nightly",
) -> None:
    """Serve the nightly deployment on its schedule (needs a Prefect server: PREFECT_API_URL)."""
    from prefect.schedules import Cron

    parameters = {"landing": _absolute(landing), "lake": _absolute(lake)}
    pipeline.nightly.serve(
        name=name,
        schedules=[Cron(cron, timezone=timezone, parameters={"timezone": timezone})],
        parameters=parameters,
    )


AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases", exists=True, dir_okay=False, help="Alias table (default: data/aliases.csv)."
    ),
]


@app.command()
def aggregate(
    date: DateOpt = None, lake: LakeOpt = DEFAULT_LAKE, aliases: AliasesOpt = None
) -> None:
    """Rebuild the daily tables (speaker_daily, entity_daily, ...) of one date."""
    table = str(aliases) if aliases else None
    counts = pipeline.aggregate(_day(date, dt.date.today()), lake, table)
    for table_name, rows in counts.items():
        console.print(f"{table_name}: {rows} rows")


@app.command("rebuild-aggregates")
def rebuild_aggregates(
    start: DayOpt, end: DayOpt, lake: LakeOpt = DEFAULT_LAKE, aliases: AliasesOpt = None
) -> None:
    """Rebuild the daily tables of every processed date from START to END, applying the
    alias table and the entity registry anew (no NLP pass)."""
    if end < start:
        raise typer.BadParameter("END is before START", param_hint="--end")
    table = str(aliases) if aliases else None
    rebuilt = pipeline.rebuild_aggregates(start.date(), end.date(), lake, table)
    for day, counts in rebuilt.items():
        console.print(f"{day}: " + ", ".join(f"{t} {n} rows" for t, n in counts.items()))
    console.print(f"rebuilt {len(rebuilt)} date(s)")


@app.command()
def report(
    start: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="First date.")],
    end: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="Last date.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    lake: LakeOpt = DEFAULT_LAKE,
) -> None:
    """Write a self-contained HTML report (charts included) for the dates start..end."""
    written = write_report(lake, start.date(), end.date(), out)
    console.print(f"report written to {written} ({written.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    app()
