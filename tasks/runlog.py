"""What a run leaves behind besides tables: per-date state for incremental reruns, a lock per
date, and one `runs` row per run.

The state and locks live under `LAKE/_state` and `LAKE/_locks`, outside every table folder.
On a local disk the lock is an OS file lock; in object storage it is a lease object created
only if absent and renewed while the run lives, so a crashed run's lease expires by itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks.ingest import MANIFEST_NAMES, FileRef, Reject
from tasks.schema import TABLES
from tasks.storage import Location, is_local, join, publish, publish_bytes, resolve

LEASE_SECONDS = 120.0  # an object-storage lock not renewed for this long is abandoned


class DateLocked(RuntimeError):
    """Another run is writing the same date."""


def fingerprint(
    folder: Location, refs: list[FileRef], rejects: list[Reject], settings: dict[str, Any]
) -> str:
    """sha256 over everything a date's output depends on: the files' bytes (by their sha256),
    the manifest, and the settings (pipeline version, model, alias table, limits)."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    for ref in sorted(refs, key=lambda r: r.source_path):
        digest.update(f"{ref.source_path}\0{ref.sha256}\n".encode())
    for reject in sorted(rejects, key=lambda r: r.source_path):
        digest.update(f"{reject.source_path}\0{reject.sha256}\0{reject.reason}\n".encode())
    fs, root = resolve(folder)
    for name in MANIFEST_NAMES:
        if fs.isfile(f"{root}/{name}"):
            digest.update(fs.cat_file(f"{root}/{name}"))
    return digest.hexdigest()


def _state_path(lake: Location, date: dt.date) -> tuple[AbstractFileSystem, str]:
    return resolve(join(lake, "_state", f"{date.isoformat()}.json"))


def unchanged_since(lake: Location, date: dt.date, print_: str) -> dict[str, Any] | None:
    """The state of the last successful run of `date` if its fingerprint is `print_`."""
    fs, path = _state_path(lake, date)
    if not fs.isfile(path):
        return None
    state = json.loads(fs.cat_file(path))
    return state if state.get("fingerprint") == print_ else None


def remember(lake: Location, date: dt.date, print_: str, run_id: str) -> None:
    """Record a successful run of `date` (published whole: never half a file)."""
    fs, path = _state_path(lake, date)
    state = {"fingerprint": print_, "run_id": run_id, "at": dt.datetime.now(dt.UTC).isoformat()}
    publish_bytes(fs, path, json.dumps(state).encode())


@contextlib.contextmanager
def date_lock(lake: Location, date: dt.date, run_id: str) -> Iterator[None]:
    """Hold the write lock of `date` for the block, or raise DateLocked at once."""
    fs, path = resolve(join(lake, "_locks", f"{date.isoformat()}.lock"))
    holder = f"run {run_id} (pid {os.getpid()} on {socket.gethostname()})"
    lock = _file_lock if is_local(fs) else _lease
    with lock(fs, path, date, holder):
        yield


@contextlib.contextmanager
def _file_lock(
    fs: AbstractFileSystem, path: str, date: dt.date | str, holder: str
) -> Iterator[None]:
    """An OS file lock: it dies with its process, so a crashed run never leaves a stale lock."""
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise DateLocked(_locked_message(date, handle.read().strip())) from None
        handle.truncate(0)
        handle.write(holder)
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _lease(fs: AbstractFileSystem, path: str, date: dt.date | str, holder: str) -> Iterator[None]:
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
        yield
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
def registry_lock(lake: Location, run_id: str, wait: float = REGISTRY_WAIT) -> Iterator[None]:
    """Hold the lake-wide lock of the entity registry for the block, waiting for it.

    Dates processed at once (threads of a backfill, or separate processes) take turns to
    read, extend and publish the registry, so none loses another's identities.
    """
    fs, path = resolve(join(lake, "_locks", "entities_registry.lock"))
    holder = f"run {run_id} (pid {os.getpid()} on {socket.gethostname()})"
    lock = _file_lock if is_local(fs) else _lease
    deadline = time.monotonic() + wait
    with contextlib.ExitStack() as held:
        while True:
            try:
                held.enter_context(lock(fs, path, "the entity registry", holder))
                break
            except DateLocked:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield


def append_run(lake: Location, record: dict[str, Any]) -> str:
    """Append one row to the `runs` table: a file of its own, published whole."""
    started: dt.datetime = record["started_at"]
    fs, folder = resolve(join(lake, "runs", f"date={started.date().isoformat()}"))
    table = pa.Table.from_pylist([record], schema=TABLES["runs"])
    path = f"{folder}/run-{record['run_id']}.parquet"
    publish(fs, path, lambda sink: pq.write_table(table, sink, compression="zstd"))
    return path
