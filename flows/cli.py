"""`newslake`: the command line over the flows (Prefect's ephemeral mode: no server needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows import pipeline
from flows.pipeline import DEFAULT_LAKE, DEFAULT_LANDING, RunSummary
from tasks.ingest import DEFAULT_MAX_BYTES
from tasks.report import write_report

app = typer.Typer(
    help="Turn raw news text into Parquet tables of who said what, about whom.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

InputOpt = Annotated[
    Path, typer.Option("--input", help="Folder of raw article files.", file_okay=False)
]
DateOpt = Annotated[
    dt.datetime | None,
    typer.Option("--date", formats=["%Y-%m-%d"], help="Date the rows belong to (default: today)."),
]
LakeOpt = Annotated[Path, typer.Option("--lake", help="Root folder of the Parquet tables.")]
MaxMbOpt = Annotated[
    float, typer.Option("--max-mb", help="Files larger than this are rejected (too_large).")
]


def _day(value: dt.datetime | None, default: dt.date) -> dt.date:
    return value.date() if value else default


def _print_summary(summary: RunSummary) -> None:
    table = Table(title=f"newslake run for {summary.date} into {summary.lake}")
    for column in ("files", "documents", "rejects", "quotes", "entities", "seconds"):
        table.add_column(column, justify="right")
    rejects = sum(summary.rejects.values())
    table.add_row(
        *map(
            str,
            (
                summary.files,
                summary.documents,
                rejects,
                summary.quotes,
                summary.entities,
                summary.seconds,
            ),
        )
    )
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


@app.command()
def run(
    input_dir: InputOpt = Path("seeds"),
    date: DateOpt = None,
    lake: LakeOpt = DEFAULT_LAKE,
    max_mb: MaxMbOpt = DEFAULT_MAX_BYTES / 2**20,
) -> None:
    """Process a folder of articles as one date, then build that date's daily tables."""
    day = _day(date, dt.date.today())
    if not input_dir.is_dir():
        raise typer.BadParameter(f"{input_dir} is not a folder", param_hint="--input")
    _print_summary(pipeline.run(input_dir, day, lake, int(max_mb * 2**20)))


@app.command()
def nightly(
    date: DateOpt = None,
    landing: Annotated[Path, typer.Option(help="Landing root: one folder per date.")] = (
        DEFAULT_LANDING
    ),
    lake: LakeOpt = DEFAULT_LAKE,
) -> None:
    """Process LANDING/DATE (default: yesterday, UTC), as the scheduled job does."""
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    _print_summary(pipeline.nightly(_day(date, yesterday), landing, lake))


@app.command()
def aggregate(date: DateOpt = None, lake: LakeOpt = DEFAULT_LAKE) -> None:
    """Rebuild the daily tables (speaker_daily, entity_daily) of one date."""
    counts = pipeline.aggregate(_day(date, dt.date.today()), lake)
    for table, rows in counts.items():
        console.print(f"{table}: {rows} rows")


@app.command()
def report(
    start: Annotated[
        dt.datetime, typer.Option("--start", formats=["%Y-%m-%d"], help="First date.")
    ],
    end: Annotated[dt.datetime, typer.Option("--end", formats=["%Y-%m-%d"], help="Last date.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    lake: LakeOpt = DEFAULT_LAKE,
) -> None:
    """Write a self-contained HTML report (charts included) for the dates start..end."""
    written = write_report(lake, start.date(), end.date(), out)
    console.print(f"report written to {written} ({written.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    app()
