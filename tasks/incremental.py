"""Incremental reruns: what a date's output depends on, and whether it changed since the
date's last successful run.

The check needs no Prefect and no model, so the CLI makes it before Prefect starts: an
unchanged nightly or backfill costs the hashing of its files, not a server start. The flow
checks again under the date's lock, since files may land in between.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from fsspec import AbstractFileSystem

from tasks.ingest import MANIFEST_NAMES, FileRef, Reject, discover
from tasks.paths import DEFAULT_ALIASES
from tasks.schema import MODEL_ID, PIPELINE_VERSION
from tasks.storage import Location, join, publish_bytes, resolve


def output_settings(max_bytes: int) -> dict[str, Any]:
    """Everything besides the input that changes a date's output."""
    aliases = hashlib.sha256(DEFAULT_ALIASES.read_bytes()).hexdigest()
    return {"pipeline": PIPELINE_VERSION, "model": MODEL_ID, "aliases": aliases, "max": max_bytes}


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


@dataclass(frozen=True)
class DatePlan:
    """A date's input as discovery found it, and whether it must run."""

    date: dt.date
    folder: str
    refs: list[FileRef]
    rejects: list[Reject]
    fingerprint: str
    previous_run: str | None  # run_id of the last success when the input is unchanged

    @property
    def files(self) -> int:
        return len(self.refs) + len(self.rejects)

    @property
    def unchanged(self) -> bool:
        return self.previous_run is not None


def plan_date(
    folder: Location, date: dt.date, lake: Location, max_bytes: int, force: bool = False
) -> DatePlan:
    """Discover `folder` and compare it with the date's last successful run (`force`: never
    unchanged)."""
    refs, rejects = discover(folder)
    print_ = fingerprint(folder, refs, rejects, output_settings(max_bytes))
    previous = None if force else unchanged_since(lake, date, print_)
    run_id = previous["run_id"] if previous else None
    return DatePlan(date, str(folder), refs, rejects, print_, run_id)
