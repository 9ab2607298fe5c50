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
from tasks.lake import partition_rows
from tasks.paths import DEFAULT_ALIASES
from tasks.schema import MODEL_ID, PIPELINE_VERSION
from tasks.storage import Location, join, publish_bytes, resolve


def output_settings(max_bytes: int, publisher: str | None = None) -> dict[str, Any]:
    """Everything besides the input that changes a date's output."""
    aliases = hashlib.sha256(DEFAULT_ALIASES.read_bytes()).hexdigest()
    settings: dict[str, Any] = {"pipeline": PIPELINE_VERSION, "model": MODEL_ID}
    settings |= {"aliases": aliases, "max": max_bytes}
    return settings | ({"publisher": publisher} if publisher else {})


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


def last_success(lake: Location, date: dt.date) -> tuple[dict[str, Any] | None, str | None]:
    """The state of the date's last successful run, and a warning if its file is damaged
    (then treated as absent: the date runs again)."""
    fs, path = _state_path(lake, date)
    if not fs.isfile(path):
        return None, None
    try:
        state = json.loads(fs.cat_file(path))
        if not isinstance(state, dict) or "fingerprint" not in state:
            raise ValueError("not a newslake state")
    except ValueError as exc:
        return None, f"{date}: its state file {path} is damaged ({exc}): processing it again"
    return state, None


def data_problem(lake: Location, date: dt.date, state: dict[str, Any]) -> str | None:
    """What is wrong with the date's published tables, compared with what its last run wrote
    (row counts from the Parquet footers: no data is read); None when all are intact."""
    for table, rows in sorted(state.get("rows", {}).items()):
        found = partition_rows(lake, table, date)
        if found is None:
            return f"its {table} file is missing or unreadable"
        if found != rows:
            return f"its {table} file holds {found} rows, not the {rows} its last run wrote"
    return None


def remember(lake: Location, date: dt.date, print_: str, run_id: str, rows: dict[str, int]) -> None:
    """Record a successful run of `date` and the rows it published per table (published
    whole: never half a file)."""
    fs, path = _state_path(lake, date)
    at = dt.datetime.now(dt.UTC).isoformat()
    state = {"fingerprint": print_, "run_id": run_id, "at": at, "rows": rows}
    publish_bytes(fs, path, json.dumps(state).encode())


def update_rows(lake: Location, date: dt.date, rows: dict[str, int]) -> None:
    """Record new row counts of some tables (the daily tables, rebuilt by `aggregate`)."""
    state, _ = last_success(lake, date)
    if state is not None:
        fs, path = _state_path(lake, date)
        state["rows"] = state.get("rows", {}) | rows
        publish_bytes(fs, path, json.dumps(state).encode())


@dataclass(frozen=True)
class DatePlan:
    """A date's input as discovery found it, and whether (and why) it must run."""

    date: dt.date
    folder: str
    refs: list[FileRef]
    rejects: list[Reject]
    fingerprint: str
    previous_run: str | None  # run_id of the last success when nothing changed since
    reason: str  # why the date runs, or why not
    notice: str | None = None  # a damaged state or published file that makes the date run

    @property
    def files(self) -> int:
        return len(self.refs) + len(self.rejects)

    @property
    def unchanged(self) -> bool:
        return self.previous_run is not None


def plan_date(
    folder: Location,
    date: dt.date,
    lake: Location,
    max_bytes: int,
    force: bool = False,
    publisher: str | None = None,
) -> DatePlan:
    """Discover `folder` and compare it, and the date's published tables, with the date's
    last successful run (`force`: run whatever they say). `publisher`: the folder's outlet
    for files that name none."""
    refs, rejects = discover(folder, max_bytes, publisher)
    print_ = fingerprint(folder, refs, rejects, output_settings(max_bytes, publisher))
    state, notice = last_success(lake, date)
    previous, reason = None, "first run of this date"
    if force:
        reason = "--force"
    elif notice is not None:
        reason = "its state file is damaged"
    elif state is not None and state["fingerprint"] != print_:
        reason = "its input or settings changed"
    elif state is not None:
        problem = data_problem(lake, date, state)
        if problem is None:
            previous, reason = state["run_id"], f"unchanged since run {state['run_id']}"
        else:
            reason, notice = problem, f"{date}: {problem}: processing it again"
    return DatePlan(date, str(folder), refs, rejects, print_, previous, reason, notice)
