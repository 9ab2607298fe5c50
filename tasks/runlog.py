"""What a run leaves behind besides tables: a lock per date while it writes, its summary, and
one `runs` row.

Locks live under `LAKE/_locks`, outside every table folder. On a local disk the lock is an OS
file lock; in object storage it is a lease object created only if absent and renewed while the
run lives, so a crashed run's lease expires by itself. The summaries and the `runs` row are
plain values built by pure functions, so the CLI records a run that Prefect never saw (an
unchanged date skipped before Prefect starts) exactly as the flows do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks.schema import MODEL_ID, PIPELINE_VERSION, to_table
from tasks.storage import Location, is_local, join, publish, publish_bytes, resolve

if TYPE_CHECKING:  # for annotations only: the CLI imports this module before spaCy
    from tasks.batch import BatchResult
    from tasks.incremental import DatePlan
    from tasks.ingest import Reject

LEASE_SECONDS = 120.0  # an object-storage lock not renewed for this long is abandoned


class DateLocked(RuntimeError):
    """Another run is writing the same date."""


class DateLock:
    """A held date lock. `verify` right before publishing: it raises DateLocked if the lock
    was lost meanwhile (its file deleted and the date taken by another run, or an
    object-storage lease taken over)."""

    def verify(self) -> None:
        raise NotImplementedError


@contextlib.contextmanager
def date_lock(lake: Location, date: dt.date, run_id: str) -> Iterator[DateLock]:
    """Hold the write lock of `date` for the block, or raise DateLocked at once."""
    fs, path = resolve(join(lake, "_locks", f"{date.isoformat()}.lock"))
    holder = f"run {run_id} (pid {os.getpid()} on {socket.gethostname()})"
    lock = _file_lock if is_local(fs) else _lease
    with lock(fs, path, date, holder) as held:
        yield held


class _FileLock(DateLock):
    """An OS file lock: it dies with its process, so a crashed run never leaves a stale lock.

    Deleting the lock file would let a second run lock a new file of the same name, so a
    watcher re-creates and re-locks a deleted file within seconds, and `verify` does so once
    more before publishing (failing if another run got there first).
    """

    WATCH_SECONDS = 2.0

    def __init__(self, path: str, date: dt.date | str, holder: str) -> None:
        self.path, self.date, self.holder = path, date, holder
        self.handles: list[Any] = []
        self.lost: str | None = None
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def take(self) -> str | None:
        """Lock the file now at `path`; None on success, else the holder that has it."""
        handle = open(self.path, "a+")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another run"
            handle.close()
            return holder
        handle.truncate(0)
        handle.write(self.holder)
        handle.flush()
        self.handles.append(handle)
        return None

    def _still_ours(self) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(self.handles[-1].fileno()).st_ino
        except FileNotFoundError:
            return False

    def _watch(self) -> None:
        while not self.stop.wait(self.WATCH_SECONDS):
            self._retake()

    def _retake(self) -> None:
        with self.lock:
            if self.lost is None and not self._still_ours():
                holder = self.take()
                if holder is not None:
                    self.lost = holder

    def verify(self) -> None:
        self._retake()
        if self.lost is not None:
            raise DateLocked(
                f"{self.date}: the lock file was deleted during this run and {self.lost} took "
                "the date; this run stopped before publishing"
            )

    def release(self) -> None:
        self.stop.set()
        for handle in self.handles:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


@contextlib.contextmanager
def _file_lock(
    fs: AbstractFileSystem, path: str, date: dt.date | str, holder: str
) -> Iterator[DateLock]:
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    lock = _FileLock(path, date, holder)
    holding = lock.take()
    if holding is not None:
        raise DateLocked(_locked_message(date, holding))
    watcher = threading.Thread(target=lock._watch, name=f"lock-{date}", daemon=True)
    watcher.start()
    try:
        yield lock
    finally:
        lock.release()
        watcher.join()


class _Lease(DateLock):
    def __init__(self, fs: AbstractFileSystem, path: str, date: dt.date | str, holder: str) -> None:
        self.fs, self.path, self.date, self.holder = fs, path, date, holder

    def verify(self) -> None:
        current = _lease_of(self.fs, self.path)
        if current is None or current["holder"] != self.holder:
            other = current["holder"] if current else "nobody"
            raise DateLocked(
                f"{self.date}: this run's lease was lost (now held by {other}); "
                "it stopped before publishing"
            )


@contextlib.contextmanager
def _lease(
    fs: AbstractFileSystem, path: str, date: dt.date | str, holder: str
) -> Iterator[DateLock]:
    """A lock object created only if absent (a conditional PUT), renewed by a thread."""

    def lease() -> bytes:
        until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=LEASE_SECONDS)
        return json.dumps({"holder": holder, "until": until.isoformat()}).encode()

    try:
        _create(fs, path, lease())
    except FileExistsError:
        current = _lease_of(fs, path)
        if current is not None:
            if dt.datetime.fromisoformat(current["until"]) > dt.datetime.now(dt.UTC):
                raise DateLocked(_locked_message(date, current["holder"])) from None
            fs.rm(path)  # abandoned by a run that died: take it over
        try:
            _create(fs, path, lease())
        except FileExistsError:
            raise DateLocked(_locked_message(date, "another run")) from None
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(LEASE_SECONDS / 4):
            publish_bytes(fs, path, lease())

    renewer = threading.Thread(target=renew, name=f"lease-{date}", daemon=True)
    renewer.start()
    try:
        yield _Lease(fs, path, date, holder)
    finally:
        stop.set()
        renewer.join()
        current = _lease_of(fs, path)
        if current is not None and current["holder"] == holder:  # not if taken over meanwhile
            fs.rm(path)


def _lease_of(fs: AbstractFileSystem, path: str) -> dict[str, str] | None:
    """The lease object's content, or None if it is gone (released by another run)."""
    try:
        return json.loads(fs.cat_file(path))
    except FileNotFoundError:
        return None


def _create(fs: AbstractFileSystem, path: str, data: bytes) -> None:
    """Write `path` only if no such object exists (FileExistsError otherwise)."""
    with fs.open(path, "xb") as handle:
        handle.write(data)


def _locked_message(date: dt.date | str, holder: str) -> str:
    return f"{date} is being written by {holder or 'another run'}; try again later"


REGISTRY_WAIT = 600.0  # seconds a run waits for another to finish updating the registry


@contextlib.contextmanager
def lake_lock(
    lake: Location, name: str, what: str, run_id: str, wait: float = REGISTRY_WAIT
) -> Iterator[None]:
    """Hold the lake-wide lock `name` (of a table that spans dates, `what` it guards) for the
    block, waiting up to `wait` seconds for it (DateLocked after that)."""
    fs, path = resolve(join(lake, "_locks", f"{name}.lock"))
    holder = f"run {run_id} (pid {os.getpid()} on {socket.gethostname()})"
    lock = _file_lock if is_local(fs) else _lease
    deadline = time.monotonic() + wait
    with contextlib.ExitStack() as held:
        while True:
            try:
                held.enter_context(lock(fs, path, what, holder))
                break
            except DateLocked:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield


@contextlib.contextmanager
def registry_lock(lake: Location, run_id: str, wait: float = REGISTRY_WAIT) -> Iterator[None]:
    """Hold the lake-wide lock of the entity registry for the block, waiting for it.

    Dates processed at once (threads of a backfill, or separate processes) take turns to
    read, extend and publish the registry, so none loses another's identities.
    """
    with lake_lock(lake, "entities_registry", "the entity registry", run_id, wait):
        yield


@dataclass(frozen=True)
class RunSummary:
    """What processing one date did, for the terminal, the logs and the `runs` table."""

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
    skipped: bool = False
    parts: dict[str, str] = field(default_factory=dict)  # what the output depended on
    peak_rss_mib: float = 0.0
    complete: bool = True  # False: a file could not be read this time; it is tried next run
    records_skipped: dict[str, int] = field(default_factory=dict)  # WARC records, not pages


def processed_summary(
    plan: DatePlan,
    lake: Location,
    results: list[BatchResult],
    repeats: list[Reject],
    near_duplicates: int,
    seconds: float,
) -> RunSummary:
    """What processing a date did, from its discovery and its batches' results."""
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
    )


def skipped_summary(date: dt.date, lake: Location, files: int) -> RunSummary:
    """A date whose input is unchanged since its last successful run."""
    return RunSummary(date, str(lake), files, 0, 0, {}, 0, 0, 0.0, {}, skipped=True)


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
    for s in processed:
        reasons.update(s.rejects)
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
    """One row per date, in date order: date, status (processed | skipped | missing | failed),
    files, documents, rejects, quotes, entities, seconds."""
    rows: list[tuple[dt.date, tuple[str, ...]]] = []
    for s in outcome.processed:
        counts = (s.files, s.documents, sum(s.rejects.values()), s.quotes, s.entities, s.seconds)
        status = "skipped" if s.skipped else "processed"
        rows.append((s.date, (str(s.date), status, *map(str, counts))))
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
    lines += [f"- {day} failed: {error}" for day, error in outcome.failed.items()]
    return "\n".join(lines) + "\n"


def append_run(lake: Location, record: dict[str, Any]) -> str:
    """Append one row to the `runs` table: a file of its own, published whole."""
    started: dt.datetime = record["started_at"]
    fs, folder = resolve(join(lake, "runs", f"date={started.date().isoformat()}"))
    table = to_table([record], "runs")
    path = f"{folder}/run-{record['run_id']}.parquet"
    publish(fs, path, lambda sink: pq.write_table(table, sink, compression="zstd"))
    return path
