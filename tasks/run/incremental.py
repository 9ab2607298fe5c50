"""Incremental reruns: what a date's output depends on, and whether it changed since the
date's last successful run.

What it depends on comes in two parts: what the NLP pass depends on (the input, the code
of every stage but the daily tables, the model, the packages, the settings) and what only the
daily tables depend on (the alias table and their own code, `AGGREGATION_PARTS`). When only
the latter changed, the date's daily tables are rebuilt and its NLP output kept: the alias
table reaches the NLP pass too (it finds names the model missed and names entities), but an
edit reaches those rows only by `--force`, as the docs say, so that an alias edit costs
seconds per date, not the NLP of every date.

The check needs no Prefect and no model, so the CLI makes it before Prefect starts: an
unchanged nightly or backfill costs the hashing of its files, not a server start. The flow
checks again under the date's lock, since files may land in between.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from fsspec import AbstractFileSystem

from tasks.ingest.discover import discover
from tasks.ingest.refs import FileRef
from tasks.ingest.rejects import Reject
from tasks.lake.paths import DEFAULT_ALIASES, TASKS_DIR
from tasks.lake.schema import MODEL_ID, PIPELINE_VERSION
from tasks.lake.storage import Location, publish_bytes, resolve
from tasks.lake.tables import partition_rows, state_file

# Packages whose version changes what a date's rows hold (the model's is in MODEL_ID).
SHAPING_PACKAGES = ("spacy", "pysbd", "ftfy", "py3langid", "charset-normalizer", "trafilatura")


DAILY_CODE = "desk"  # the package under tasks/ that builds the daily tables (and the report)
AGGREGATION_PARTS = frozenset({"alias table", "daily-table code"})  # the daily tables' alone


@functools.cache
def code_digest(folder: Path, leave_out: str | None = None) -> str:
    """sha256 over the sources under `folder` (every rule, word list and schema) but its
    subfolder `leave_out`, read once per process: the code this process runs."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(folder)
        if leave_out is None or relative.parts[0] != leave_out:
            digest.update(f"{relative}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def output_parts(max_bytes: int, publisher: str | None = None) -> dict[str, str]:
    """Everything besides the input that changes a date's output, by name (`publisher`: the
    folder's outlet for files that name none); the names in AGGREGATION_PARTS shape only
    the daily tables."""
    packages = ", ".join(f"{name} {version(name)}" for name in SHAPING_PACKAGES)
    return {
        "code": code_digest(TASKS_DIR, leave_out=DAILY_CODE),
        "daily-table code": code_digest(TASKS_DIR / DAILY_CODE),
        "alias table": hashlib.sha256(DEFAULT_ALIASES.read_bytes()).hexdigest(),
        "model": MODEL_ID,
        "packages": packages,
        "newslake": PIPELINE_VERSION,
        "size limit": f"{max_bytes} bytes",
        "default outlet": publisher or "none",
    }


def input_parts(refs: list[FileRef], rejects: list[Reject]) -> dict[str, str]:
    """The input of a date, by name: its files (by the sha256 of their bytes), what discovery
    refused, and the manifest (the checked values it gave each file: what a manifest cannot
    give, being refused, is among the refusals)."""
    files, refused, manifest = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    for ref in sorted(refs, key=lambda r: r.source_path):
        files.update(f"{ref.source_path}\0{ref.sha256}\n".encode())
        manifest.update(f"{ref.source_path}\0{json.dumps(ref.meta, sort_keys=True)}\n".encode())
    for reject in sorted(rejects, key=lambda r: r.source_path):
        refused.update(f"{reject.source_path}\0{reject.sha256}\0{reject.reason}\n".encode())
    return {
        "files": f"{len(refs)} files, {files.hexdigest()}",
        "refused files": f"{len(rejects)} files, {refused.hexdigest()}",
        "manifest": manifest.hexdigest(),
    }


def fingerprint(parts: dict[str, str]) -> str:
    """One sha256 over everything a date's output depends on."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _state_path(lake: Location, date: dt.date) -> tuple[AbstractFileSystem, str]:
    return resolve(state_file(lake, date))


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


def remember(
    lake: Location,
    date: dt.date,
    parts: dict[str, str],
    run_id: str,
    rows: dict[str, int],
    *,
    kept: bool = False,
) -> None:
    """Record a successful run of `date`: what its output depended on and the rows it
    published per table (published whole: never half a file). `kept`: the run published
    some tables only (the daily ones), the others' rows are the last run's."""
    fs, path = _state_path(lake, date)
    at = dt.datetime.now(dt.UTC).isoformat()
    state = {"fingerprint": fingerprint(parts), "parts": parts, "run_id": run_id, "at": at}
    previous = last_success(lake, date)[0] if kept else None
    state["rows"] = (previous or {}).get("rows", {}) | rows
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
    parts: dict[str, str]  # what the output depends on, by name (see `explain`)
    previous: dict[str, Any] | None  # the state of the date's last successful run
    reason: str  # why the date runs, or why not
    notice: str | None = None  # a damaged state or published file that makes the date run
    unchanged: bool = False
    aggregate_only: bool = False  # only AGGREGATION_PARTS changed: daily tables rebuilt

    @property
    def files(self) -> int:
        return len(self.refs) + len(self.rejects)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.parts)

    @property
    def previous_run(self) -> str | None:
        return self.previous["run_id"] if self.previous else None


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
    parts = input_parts(refs, rejects) | output_parts(max_bytes, publisher)
    state, notice = last_success(lake, date)
    changed = _changed(parts, state)
    unchanged, daily, reason = False, False, "first run of this date"
    if force:
        reason = "--force"
    elif notice is not None:
        reason = "its state file is damaged"
    elif state is not None and not set(changed) <= AGGREGATION_PARTS:
        reason = f"its {' and '.join(changed)} changed"
    elif state is not None:
        problem = data_problem(lake, date, state)
        unchanged, daily = problem is None and not changed, problem is None and bool(changed)
        if problem is not None:
            reason, notice = problem, f"{date}: {problem}: processing it again"
        elif changed:
            reason = f"its {' and '.join(changed)} changed"
        else:
            reason = f"unchanged since run {state['run_id']}"
    return DatePlan(
        date=date,
        folder=str(folder),
        refs=refs,
        rejects=rejects,
        parts=parts,
        previous=state,
        reason=reason,
        notice=notice,
        unchanged=unchanged,
        aggregate_only=daily,
    )


def verdict(plan: DatePlan) -> str:
    """What a command does with the date and why, in one line."""
    if plan.notice:
        return plan.notice
    if plan.unchanged:
        return f"{plan.date}: input unchanged since run {plan.previous_run}: skipped"
    if plan.aggregate_only:
        return (
            f"{plan.date}: {plan.reason}: daily tables rebuilt, NLP kept (--force runs the "
            "NLP again)"
        )
    if plan.previous is None and plan.reason != "--force":
        return f"{plan.date}: not processed before: processing it"
    return f"{plan.date}: {plan.reason}: processing it again"


def _changed(parts: dict[str, str], state: dict[str, Any] | None) -> list[str]:
    """The names of the parts that differ from the last run's (all, for a state written
    before the parts were recorded)."""
    if state is None:
        return []
    before = state.get("parts")
    if before is None:
        return [] if state.get("fingerprint") == fingerprint(parts) else ["pipeline"]
    return [name for name in parts if before.get(name) != parts[name]]


def explain(plan: DatePlan) -> list[str]:
    """What the skip check compared, one line per part: its value now, and whether the date's
    last successful run saw the same."""
    before = (plan.previous or {}).get("parts", {})
    lines = [f"{plan.date}: {plan.reason}"]
    for name, value in plan.parts.items():
        if plan.previous is None:
            verdict = "no earlier run"
        else:
            verdict = "same" if before.get(name) == value else f"was {before.get(name, '?')}"
        lines.append(f"  {name}: {value} ({verdict})")
    return lines
