"""What a run leaves besides tables: its summary and one `runs` row.

The summaries and the `runs` row are plain values built by pure functions, so the CLI records
a run that Prefect never saw (an unchanged date skipped before Prefect starts) exactly as the
flows do.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from tasks.lake.rows import to_table
from tasks.lake.schema import MODEL_ID, PIPELINE_VERSION
from tasks.lake.storage import Location, files_under, join, publish, resolve

if TYPE_CHECKING:  # for annotations only: the CLI imports this module before spaCy
    from tasks.ingest.rejects import Reject
    from tasks.run.batches import BatchResult
    from tasks.run.incremental import DatePlan


@dataclass(frozen=True)
class RunSummary:
    """What processing one date did, for the terminal, the logs and the `runs` table."""

    date: dt.date
    lake: str
    files: int
    documents: int = 0
    near_duplicates: int = 0
    rejects: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    entities: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    skipped: bool = False
    rebuilt: bool = False  # only the daily tables were rebuilt: the NLP output was kept
    parts: dict[str, str] = field(default_factory=dict)  # what the output depended on
    peak_rss_mib: float = 0.0
    complete: bool = True  # False: a file could not be read this time; it is tried next run
    records_skipped: dict[str, int] = field(default_factory=dict)  # WARC records, not pages
    # Documents per language (documents.language); quotes and entities come from en and und.
    languages: dict[str, int] = field(default_factory=dict)


def processed_summary(
    plan: DatePlan,
    *,
    lake: Location,
    results: list[BatchResult],
    repeats: list[Reject],
    near_duplicates: int,
    seconds: float,
    languages: dict[str, int] | None = None,
) -> RunSummary:
    """What processing a date did, from its discovery, its batches' results and the
    languages of the documents it staged."""
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
        near_duplicates=near_duplicates,
        rejects=dict(sorted(reasons.items())),
        quotes=sum(r.quotes for r in results),
        entities=sum(r.entities for r in results),
        seconds=round(seconds, 2),
        stage_seconds={stage: round(value, 2) for stage, value in stage_seconds.items()},
        parts=plan.parts,
        peak_rss_mib=max((r.peak_rss_mib for r in results), default=0.0),
        languages=dict(sorted((languages or {}).items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def staged_languages(stage: Location, date: dt.date) -> dict[str, int]:
    """Documents per language among the date's staged documents (repeats already dropped)."""
    from tasks.lake.tables import partition_dir  # Polars beneath: not on the CLI's start path

    fs, folder = resolve(partition_dir(stage, "documents", date))
    counts: Counter[str] = Counter()
    for path in files_under(fs, folder):
        table = pq.read_table(path, columns=["language"], filesystem=fs)
        counts.update(table["language"].to_pylist())
    return dict(counts)


def skipped_summary(date: dt.date, lake: Location, files: int) -> RunSummary:
    """A date whose input is unchanged since its last successful run."""
    return RunSummary(date=date, lake=str(lake), files=files, skipped=True)


def rebuilt_summary(plan: DatePlan, lake: Location) -> RunSummary:
    """A date whose daily tables are rebuilt, its NLP output kept (only the alias table or
    the daily tables' code changed)."""
    return RunSummary(
        date=plan.date, lake=str(lake), files=plan.files, rebuilt=True, parts=plan.parts
    )


@dataclass(frozen=True)
class BackfillSummary:
    """Per-date outcomes of a run over one or more dates."""

    processed: list[RunSummary] = field(default_factory=list)
    missing: list[dt.date] = field(default_factory=list)
    failed: dict[dt.date, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """success | skipped (every date unchanged) | partial (a date failed) | failed."""
        if self.failed:
            return "partial" if self.processed else "failed"
        skipped = all(s.skipped for s in self.processed)
        return "skipped" if self.processed and skipped else "success"


def run_record(
    run_id: str,
    *,
    flow_name: str,
    dates: list[dt.date],
    outcome: BackfillSummary,
    started_at: dt.datetime,
    finished_at: dt.datetime,
    parameters: dict[str, Any],
) -> dict[str, Any]:
    """The run's row of the `runs` table."""
    processed = outcome.processed
    reasons: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for s in processed:
        reasons.update(s.rejects)
        languages.update(s.languages)
    return {
        "run_id": run_id,
        "flow": flow_name,
        "date": started_at.date(),
        "dates": dates,
        "status": outcome.status,
        "started_at": started_at,
        "finished_at": finished_at,
        "seconds": round((finished_at - started_at).total_seconds(), 3),
        "files": sum(s.files for s in processed),
        "documents": sum(s.documents for s in processed),
        "documents_by_language": json.dumps(dict(sorted(languages.items()))),
        "rejects": sum(reasons.values()),
        "rejects_by_reason": json.dumps(dict(sorted(reasons.items()))),
        "quotes": sum(s.quotes for s in processed),
        "entities": sum(s.entities for s in processed),
        "skipped_dates": [s.date for s in processed if s.skipped],
        "missing_dates": outcome.missing,
        "failed_dates": list(outcome.failed),
        "peak_rss_mib": max((s.peak_rss_mib for s in processed), default=None),
        "pipeline_version": PIPELINE_VERSION,
        "model": MODEL_ID,
        "parameters": json.dumps(parameters, default=str, sort_keys=True),
    }


def summary_rows(outcome: BackfillSummary) -> list[tuple[str, ...]]:
    """One row per date, in date order: date, status (processed | rebuilt | skipped | missing
    | failed), files, documents, rejects, quotes, entities, seconds (a rebuilt date: its
    daily tables only, no documents counted)."""
    rows: list[tuple[dt.date, tuple[str, ...]]] = []
    for s in outcome.processed:
        counts = (s.files, s.documents, sum(s.rejects.values()), s.quotes, s.entities, s.seconds)
        values = tuple(map(str, counts))
        status = "skipped" if s.skipped else "rebuilt" if s.rebuilt else "processed"
        if s.rebuilt:
            values = (values[0], "", "", "", "", values[-1])
        rows.append((s.date, (str(s.date), status, *values)))
    for first, last in consecutive(outcome.missing):  # a century of them: one row
        shown = str(first) if first == last else f"{first} to {last}"
        rows.append((first, (shown, "missing", *[""] * 6)))
    rows += [(day, (str(day), "failed", *[""] * 6)) for day in outcome.failed]
    return [row for _, row in sorted(rows)]


def consecutive(dates: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """The dates as runs of consecutive days: (first, last) of each, in order."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(dates):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


LISTED_RANGES = 3  # more runs of dates than this are told as a span and its exceptions


def describe_dates(dates: list[dt.date]) -> str:
    """Dates in a few words for one line: "2026-01-01 to 2026-01-05, 2026-01-08", or, for
    many runs of them, "1950-01-01 to 2049-12-31 but 3 of those days"."""
    runs = consecutive(dates)
    if len(runs) <= LISTED_RANGES:
        return ", ".join(str(a) if a == b else f"{a} to {b}" for a, b in runs)
    first, last = runs[0][0], runs[-1][1]
    others = (last - first).days + 1 - len(set(dates))
    return f"{first} to {last} but {others:,} of those days"


SUMMARY_COLUMNS = (
    *("date", "status", "files", "documents"),
    *("rejects", "quotes", "entities", "seconds"),
)


def summary_markdown(flow_name: str, dates: list[dt.date], outcome: BackfillSummary) -> str:
    """The run summary as a Markdown table (the Prefect artifact; the terminal draws a table)."""
    title = f"# newslake {flow_name}" + (f": {dates[0]} to {dates[-1]}" if dates else "")
    lines = [title, "", "| " + " | ".join(SUMMARY_COLUMNS) + " |"]
    lines.append("| " + " | ".join("---" for _ in SUMMARY_COLUMNS) + " |")
    lines += ["| " + " | ".join(row) + " |" for row in summary_rows(outcome)]
    lines += ["", "skipped: input unchanged since the date's last successful run"]
    lines += ["rebuilt: only the alias table or the daily tables' code changed: NLP kept"]
    lines += [f"- {day}: {line}" for day, line in language_lines(outcome)]
    lines += [f"- {day} failed: {error}" for day, error in outcome.failed.items()]
    return "\n".join(lines) + "\n"


def describe_languages(languages: dict[str, int]) -> str:
    """Documents per language in a few words, with what the quote and entity counts cover:
    "documents by language: en 12, fr 2 (quotes and entities: en only)"."""
    shown = ", ".join(f"{language} {count:,}" for language, count in languages.items())
    return f"documents by language: {shown} (quotes and entities: English only)"


def language_lines(outcome: BackfillSummary) -> list[tuple[dt.date, str]]:
    """A line per processed date with a document in a language other than English."""
    return [
        (s.date, describe_languages(s.languages))
        for s in outcome.processed
        if set(s.languages) - {"en", "und"}
    ]


def append_run(lake: Location, record: dict[str, Any]) -> str:
    """Append one row to the `runs` table: a file of its own, published whole."""
    started: dt.datetime = record["started_at"]
    fs, folder = resolve(join(lake, "runs", f"date={started.date().isoformat()}"))
    table = to_table([record], "runs")
    path = f"{folder}/run-{record['run_id']}.parquet"
    publish(fs, path, lambda sink: pq.write_table(table, sink, compression="zstd"))
    return path
