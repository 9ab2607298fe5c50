"""Locks: one writer per date, and one per lake-wide file (the registry, the quote clusters).

Locks live under `LAKE/_locks`, outside every table folder. On a local disk the lock is an OS
file lock, which dies with its process; in object storage it is a lease object created only if
absent and renewed while the run lives, so a crashed run's lease expires by itself.
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
from collections.abc import Iterator
from typing import Any

from fsspec import AbstractFileSystem

from tasks.lake.storage import Location, is_local, join, publish_bytes, resolve

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
            if self.stop.is_set():  # released: its handles are closed
                return
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
        with self.lock:  # a watcher's check under way ends before the handles close
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
