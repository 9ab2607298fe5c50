"""What a run leaves behind besides tables: per-date state for incremental reruns, a lock per
date, and one `runs` row per run.

The state and locks live under `LAKE/_state` and `LAKE/_locks`, outside every table folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.ingest import MANIFEST_NAMES, FileRef, Reject
from tasks.schema import TABLES


class DateLocked(RuntimeError):
    """Another run is writing the same date."""


def fingerprint(
    folder: Path, refs: list[FileRef], rejects: list[Reject], settings: dict[str, Any]
) -> str:
    """sha256 over everything a date's output depends on: the files' bytes (by their sha256),
    the manifest, and the settings (pipeline version, model, alias table, limits)."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    for ref in sorted(refs, key=lambda r: r.source_path):
        digest.update(f"{ref.source_path}\0{ref.sha256}\n".encode())
    for reject in sorted(rejects, key=lambda r: r.source_path):
        digest.update(f"{reject.source_path}\0{reject.sha256}\0{reject.reason}\n".encode())
    for name in MANIFEST_NAMES:
        if (folder / name).exists():
            digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def _state_path(lake: Path, date: dt.date) -> Path:
    return lake / "_state" / f"{date.isoformat()}.json"


def unchanged_since(lake: Path, date: dt.date, print_: str) -> dict[str, Any] | None:
    """The state of the last successful run of `date` if its fingerprint is `print_`."""
    path = _state_path(lake, date)
    if not path.exists():
        return None
    state = json.loads(path.read_text())
    return state if state.get("fingerprint") == print_ else None


def remember(lake: Path, date: dt.date, print_: str, run_id: str) -> None:
    """Record a successful run of `date` (written aside, then renamed: never half a file)."""
    path = _state_path(lake, date)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"fingerprint": print_, "run_id": run_id, "at": dt.datetime.now(dt.UTC).isoformat()}
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(state))
    partial.replace(path)


@contextlib.contextmanager
def date_lock(lake: Path, date: dt.date, run_id: str) -> Iterator[None]:
    """Hold the write lock of `date` for the block, or raise DateLocked at once.

    An OS file lock: it dies with its process, so a crashed run never leaves a stale lock.
    """
    path = lake / "_locks" / f"{date.isoformat()}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another run"
            raise DateLocked(f"{date} is being written by {holder}; try again later") from None
        handle.truncate(0)
        handle.write(f"run {run_id} (pid {os.getpid()})")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def append_run(lake: Path, record: dict[str, Any]) -> Path:
    """Append one row to the `runs` table: a file of its own, written aside then renamed."""
    started: dt.datetime = record["started_at"]
    folder = lake / "runs" / f"date={started.date().isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([record], schema=TABLES["runs"])
    partial = folder / f".run-{record['run_id']}.tmp"  # no reader's glob matches it
    pq.write_table(table, partial, compression="zstd")
    return partial.replace(folder / f"run-{record['run_id']}.parquet")
