"""A batch as the orchestrator sees it: what it asks a worker (`Batch`), what comes back
(`BatchResult`), and the date-level steps around batches (discovery's staging, input that
vanished, a batch lost to a crash). Kept apart from `tasks.run.batch`, which runs a batch,
so the orchestrating process never imports the NLP it does not run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from tasks.ingest.refs import DEFAULT_MAX_BYTES, FileRef
from tasks.ingest.rejects import Reject, reject_rows
from tasks.lake.schema import BASE_TABLES
from tasks.lake.storage import join, resolve
from tasks.lake.tables import partition_dir, write_part
from tasks.link.near_duplicates import SIGNATURES


@dataclass
class BatchResult:
    """What a batch reports back: counts and rejects, never the rows themselves."""

    documents: int = 0
    quotes: int = 0
    entities: int = 0
    rejects: list[Reject] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mib: float = 0.0  # of the process that ran the batch: flat memory is a target

    def rejects_by_reason(self) -> Counter[str]:
        return Counter(reject.reason for reject in self.rejects)


@dataclass(frozen=True)
class Batch:
    """Some of a date's files, and where their rows go: part `part` of the run's staging."""

    refs: list[FileRef]
    date: dt.date
    run_id: str
    stage: str
    part: str
    max_bytes: int = DEFAULT_MAX_BYTES


def stage_discovery(rejects: list[Reject], stage: str, date: dt.date, run_id: str) -> None:
    """Stage what discovery refused, and an empty part of every base table, so that every
    table of the date exists (with its schema) even on a day without, say, quotes."""
    for table in BASE_TABLES:
        rows = reject_rows(rejects, date, run_id) if table == "rejects" else []
        write_part(rows, table, stage, date, "discover", keep_empty=True)


class InputVanished(RuntimeError):
    """Every file discovery found could not be read when its batch came to it."""


def unreadable_after_discovery(
    refs: list[FileRef], results: list[BatchResult], date: dt.date
) -> int:
    """Files that could be listed and hashed, but not read when their batch came to them;
    InputVanished if that is every file (a share unmounted mid-run): nothing to publish."""
    vanished = sum(reject.reason == "unreadable" for r in results for reject in r.rejects)
    if refs and vanished == len(refs):
        raise InputVanished(
            f"every file of {date} became unreadable after discovery (was the input folder "
            "moved or unmounted?): nothing was published"
        )
    return vanished


def lost_batch(batch: Batch, *, reason: str, message: str) -> BatchResult:
    """A batch that could not be run: whatever it staged is removed, and each of its files
    becomes a reject with `reason`."""
    fs, _ = resolve(batch.stage)
    folders = [partition_dir(batch.stage, table, batch.date) for table in BASE_TABLES]
    for folder in [*folders, join(batch.stage, SIGNATURES)]:
        path = resolve(f"{folder}/part-{batch.part}.parquet")[1]
        if fs.exists(path):
            fs.rm(path)
    result = BatchResult()
    result.rejects = [
        Reject(r.source_path, r.sha256, "worker", reason, message) for r in batch.refs
    ]
    write_part(
        reject_rows(result.rejects, batch.date, batch.run_id),
        "rejects",
        batch.stage,
        batch.date,
        batch.part,
    )
    return result
