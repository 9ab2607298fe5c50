"""The newslake flows. Each reads like the data flow: discover, process batches, commit, aggregate.

Batches of a few hundred files are Prefect tasks (never one task per document); a batch
stages its rows as Parquet and returns only counts and rejects.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.runtime import flow_run

from tasks.aggregate import build_daily
from tasks.batch import process_files, reject_rows
from tasks.duplicates import mark_duplicates
from tasks.ingest import DEFAULT_MAX_BYTES, discover
from tasks.lake import commit, staging_root, write_part
from tasks.schema import BASE_TABLES

DEFAULT_BATCH_SIZE = 200
DEFAULT_LANDING = Path("data/landing")
DEFAULT_LAKE = Path("data/lake")

discover_files = task(discover, name="discover")
process_batch = task(process_files, name="process-batch", task_run_name="batch-{part}")
commit_partitions = task(commit, name="commit")
mark_near_duplicates = task(mark_duplicates, name="mark-near-duplicates")
build_daily_tables = task(build_daily, name="build-daily")


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the terminal and the logs."""

    date: dt.date
    lake: str
    files: int
    documents: int
    near_duplicates: int
    rejects: dict[str, int]
    quotes: int
    entities: int
    seconds: float
    stage_seconds: dict[str, float]


def _run_id() -> str:
    return str(flow_run.id or uuid.uuid4())


@flow(name="process")
def process(
    input_dir: Path,
    date: dt.date,
    lake: Path = DEFAULT_LAKE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RunSummary:
    """Turn every file of `input_dir` into rows of the base tables for `date`."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist")
    started = time.perf_counter()
    run_id = _run_id()
    stage = staging_root(lake, run_id)
    refs, rejects = discover_files(input_dir)
    for table in BASE_TABLES:
        rows = reject_rows(rejects, date, run_id) if table == "rejects" else []
        write_part(rows, table, stage, date, "discover", keep_empty=True)
    batches = [refs[i : i + batch_size] for i in range(0, len(refs), batch_size)]
    results = [
        process_batch(batch, date, run_id, stage, f"{number:05d}", max_bytes)
        for number, batch in enumerate(batches)
    ]
    near_duplicates = mark_near_duplicates(stage, date)
    commit_partitions(lake, stage, date, BASE_TABLES)
    reasons = Counter(reject.reason for reject in rejects)
    stage_seconds: Counter[str] = Counter()
    for result in results:
        reasons.update(result.rejects_by_reason())
        stage_seconds.update(result.stage_seconds)
    return RunSummary(
        date=date,
        lake=str(lake),
        files=len(refs) + len(rejects),
        documents=sum(r.documents for r in results),
        near_duplicates=near_duplicates,
        rejects=dict(sorted(reasons.items())),
        quotes=sum(r.quotes for r in results),
        entities=sum(r.entities for r in results),
        seconds=round(time.perf_counter() - started, 2),
        stage_seconds={stage: round(seconds, 2) for stage, seconds in stage_seconds.items()},
    )


@flow(name="aggregate")
def aggregate(date: dt.date, lake: Path = DEFAULT_LAKE) -> dict[str, int]:
    """Rebuild the daily tables of `date` from the base tables."""
    return build_daily_tables(lake, date, _run_id())


@flow(name="run")
def run(
    input_dir: Path, date: dt.date, lake: Path = DEFAULT_LAKE, max_bytes: int = DEFAULT_MAX_BYTES
) -> RunSummary:
    """Process a folder as `date`, then aggregate that date."""
    started = time.perf_counter()
    summary = process(input_dir, date, lake, max_bytes=max_bytes)
    aggregate(date, lake)
    return RunSummary(**{**summary.__dict__, "seconds": round(time.perf_counter() - started, 2)})


@flow(name="nightly")
def nightly(
    date: dt.date | None = None, landing: Path = DEFAULT_LANDING, lake: Path = DEFAULT_LAKE
) -> RunSummary:
    """Process the landing folder of `date` (default: yesterday, UTC) and aggregate it."""
    day = date or dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    return run(landing / day.isoformat(), day, lake)
