"""What the CLI shows: one progress bar for a whole command, Prefect's log lines printed above
it (never glued to it), and the closing summary as a table.

The bar and the log lines go to stderr, the summary to stdout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
)
from rich.table import Table
from rich.text import Text

from flows import clock, progress
from tasks.run.summaries import (
    SUMMARY_COLUMNS,
    BackfillSummary,
    RunSummary,
    describe_dates,
    describe_languages,
    summary_rows,
)

out = Console()
err = Console(stderr=True)


class _Rate(ProgressColumn):
    """Documents per second over the last half minute (blank until there is one); once all
    are done, over the whole command, so a short run does not end on its burst's rate."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        took = _took(task)
        if task.finished and took:
            speed = task.completed / took
        return Text(f"{speed:.1f}/s" if speed else "", style="progress.data.speed")


class _Left(ProgressColumn):
    """Time left while documents come in, time taken once all are done."""

    def render(self, task: Task) -> Text:
        if task.finished:
            return Text(f"done in {_clock(_took(task))}", style="progress.elapsed")
        if task.time_remaining is None:
            return Text("")
        return Text(f"{_clock(task.time_remaining)} left", style="progress.remaining")


def _took(task: Task) -> float:
    """The command's time so far (frozen once its run is recorded: the figure its summary
    and `runs` row give), else the bar's own."""
    elapsed = clock.elapsed()
    return elapsed if elapsed is not None else task.finished_time or 0.0


def _clock(seconds: float) -> str:
    return str(dt.timedelta(seconds=round(seconds)))


@contextlib.contextmanager
def document_bar(total: int | None) -> Iterator[Progress]:
    """A bar over `total` documents, advanced by every `flows.progress.advance` meanwhile
    (with no total, a pulsing bar that says the command is at work).

    Its description says what is happening before the first document is done (Prefect's
    server and the model take a few seconds to start).
    """
    columns: tuple[ProgressColumn, ...] = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        _Left(),
    )
    if total is None:  # nothing to count: say what is happening, no empty bar
        columns = (SpinnerColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=err, transient=total is None) as bar:
        task = bar.add_task("starting" if total is not None else "working", total=total)

        def advance(documents: int, more: int = 0) -> None:
            if more:  # an archive turned out to hold several pages
                bar.update(task, total=(bar.tasks[0].total or 0) + more)
            if documents:
                bar.update(task, advance=documents, description="documents")

        progress.follow(advance)
        try:
            yield bar
        finally:
            progress.follow(None)


def _without_tracebacks(record: logging.LogRecord) -> bool:
    """Leave out a log line carrying a traceback: the CLI reports the failure in one line
    (`--debug` shows the traceback)."""
    return record.exc_info is None


def route_prefect_logs(verbose: bool, debug: bool) -> None:
    """Print Prefect's console log lines through our console (so they appear above the bar),
    warnings and errors only unless `verbose`, tracebacks only with `debug`."""
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, PrefectConsoleHandler):
                handler.console = err
                handler.setLevel(logging.INFO if verbose else logging.WARNING)
                if not debug:
                    handler.addFilter(_without_tracebacks)


def _table(title: str) -> Table:
    """A compact table: a summary row of every column fits 80 characters."""
    return Table(
        title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True
    )


def print_date(summary: RunSummary, command: str, previous_run: str | None = None) -> None:
    """The summary of one processed (or skipped) date, titled with the command."""
    if summary.skipped:
        since = f" since run {previous_run}" if previous_run else " since its last run"
        message = f"{summary.date}: input unchanged{since}: skipped (--force reprocesses)"
        out.print(message, soft_wrap=True)
        return
    title = f"newslake {command} for {summary.date} into {summary.lake}"
    if summary.rebuilt:
        out.print(f"{title}: daily tables rebuilt, NLP kept; {summary.seconds} seconds")
        return
    table = _table(title)
    for column in ("files", "documents", "rejects", "quotes", "entities", "seconds"):
        table.add_column(column, justify="right")
    values = summary.files, summary.documents, sum(summary.rejects.values()), summary.quotes
    table.add_row(*map(str, (*values, summary.entities, summary.seconds)))
    out.print(table)
    if summary.near_duplicates:
        out.print(f"  near-duplicates (syndicated copies): {summary.near_duplicates}")
    if set(summary.languages) - {"en", "und"}:
        out.print(f"  {describe_languages(summary.languages)}")
    for reason, count in summary.rejects.items():
        out.print(f"  rejected ({reason}): {count}")
    for kind, count in summary.records_skipped.items():
        out.print(f"  WARC records skipped ({kind}): {count}")
    busy = sum(summary.stage_seconds.values()) or 1.0
    shares = ", ".join(
        f"{stage} {seconds:.1f}s ({seconds / busy:.0%})"
        for stage, seconds in summary.stage_seconds.items()
    )
    if shares:
        out.print(f"  time per stage: {shares}")


def print_dates(title: str, outcome: BackfillSummary) -> None:
    """The summary of a run over several dates: a row per date, then one line of totals."""
    table = _table(title)
    for column in SUMMARY_COLUMNS:
        table.add_column(column, justify="left" if column in ("date", "status") else "right")
    for row in summary_rows(outcome):
        table.add_row(*row)
    out.print(table)
    for day, error in outcome.failed.items():
        out.print(f"{day} failed: {error}", soft_wrap=True)
    processed = [s for s in outcome.processed if not s.skipped and not s.rebuilt]
    rebuilt = [s for s in outcome.processed if s.rebuilt]
    skipped = len(outcome.processed) - len(processed) - len(rebuilt)
    line = f"processed {len(processed):,} date(s), "
    if rebuilt:
        line += f"daily tables rebuilt {len(rebuilt):,} (NLP kept), "
    line += f"skipped {skipped:,} unchanged, missing {len(outcome.missing):,}"
    if outcome.missing:
        line += f" ({describe_dates(outcome.missing)})"
    line += f", failed {len(outcome.failed):,}"
    if outcome.failed:
        line += f" ({describe_dates(list(outcome.failed))})"
    elapsed = clock.elapsed()
    if elapsed is not None:
        line += f"; {elapsed:.2f} seconds"
    out.print(line, soft_wrap=True)
