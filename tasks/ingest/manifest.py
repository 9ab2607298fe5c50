"""The landing folder's manifest (`manifest.csv` or `manifest.jsonl`): per file, its url,
outlet, author, publication time and title.

A manifest obeys the rules an article file does: read only if it is a regular file inside the
folder (never through a link out, never a FIFO), within a size limit, decoded as articles are
(a spreadsheet's cp1252, UTF-16 with its BOM). Each row is checked on its own: a row that
cannot be read, or a value out of bounds, becomes one `rejects` row naming the manifest and
its row, and the rest of the manifest still applies. Nothing in a manifest fails a date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fsspec import AbstractFileSystem

from tasks.ingest.decoding import decode
from tasks.ingest.landed import Changed, open_seen
from tasks.ingest.rejects import Reject
from tasks.ingest.urls import WEB_SCHEMES, split
from tasks.lake.storage import Location, is_local, resolve

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
MANIFEST_FIELDS = ("url", "publisher", "author", "published_at", "title")
MAX_MANIFEST_BYTES = 64 * 2**20  # about 200,000 rows: far more files than a date's folder holds
# Longest accepted value per field, in characters: a longer one is no such value (a title of
# megabytes is a pasted article, and would be carried into every report).
MAX_CHARS = {"url": 2_048, "publisher": 200, "author": 500, "published_at": 64, "title": 1_000}
# Publication times outside these years are typing or export errors (year 1, year 9999).
EARLIEST_YEAR = 1800
LATEST_AHEAD = dt.timedelta(days=366)  # an embargoed story may be dated ahead, not by years


@dataclass
class Manifest:
    """Per file name, its checked values; what was refused, one reject per manifest or row."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    path: str | None = None  # the manifest file read, if any


def read_manifest(folder: Location) -> Manifest:
    """The folder's manifest, checked (absent: an empty one)."""
    fs, root = resolve(folder)
    manifest = Manifest()
    for name in MANIFEST_NAMES:
        found = _regular_file(fs, root, name)
        if found is None:
            continue
        if isinstance(found, Reject):
            manifest.rejects.append(found)
            return manifest
        manifest.path = found
        try:
            handle, _ = open_seen(fs.unstrip_protocol(found), None)  # never waits on a FIFO
            with handle:
                raw = handle.read(MAX_MANIFEST_BYTES + 1)
            text, _ = decode(raw)
        except (OSError, UnicodeDecodeError, Changed) as exc:
            manifest.rejects.append(_refused(name, "unreadable", f"{type(exc).__name__}: {exc}"))
            return manifest
        if len(raw) > MAX_MANIFEST_BYTES:
            message = f"over the manifest limit of {MAX_MANIFEST_BYTES} bytes: not read"
            manifest.rejects.append(_refused(name, "too_large", message))
            return manifest
        rows = _csv_rows(text) if name.endswith(".csv") else _jsonl_rows(text)
        for number, row in rows:
            _add(manifest, name, number, row)
        return manifest
    return manifest


def _refused(name: str, reason: str, message: str) -> Reject:
    return Reject(name, None, "ingest", reason, message)


def _regular_file(fs: AbstractFileSystem, root: str, name: str) -> str | Reject | None:
    """The manifest's path if it is a regular file inside the folder; a reject if it is
    there but is not; None if there is none."""
    path = f"{root}/{name}"
    if not is_local(fs):
        return path if fs.isfile(path) else None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _refused(name, "unreadable", f"{type(exc).__name__}: {exc}")
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        if not Path(target).is_relative_to(os.path.realpath(root)):
            return _refused(name, "outside_folder", f"a link to {target}, outside the folder")
        try:
            info, path = os.stat(target), target
        except OSError as exc:
            return _refused(name, "unreadable", f"{type(exc).__name__}: {exc}")
    if not stat.S_ISREG(info.st_mode):
        return _refused(name, "not_a_file", "not a regular file: not opened")
    return path


def _csv_rows(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    """(line, row or why it cannot be read) per data row of a CSV manifest."""
    csv.field_size_limit(MAX_MANIFEST_BYTES)  # fields are bounded by the file's limit
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, Any] | str]] = []
    try:
        for row in reader:
            line = reader.line_num
            spans = any("\n" in v or "\r" in v for v in row.values() if isinstance(v, str))
            if spans:  # an unbalanced quote swallowed the rows that follow into one value
                rows.append((line, "a value runs over several lines (an unbalanced quote?)"))
            elif None in row:
                rows.append((line, "more values than the header has columns"))
            else:
                rows.append((line, row))
    except csv.Error as exc:
        rows.append((reader.line_num, f"not CSV from here on: {exc}"))
    return rows


def _jsonl_rows(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    """(line, row or why it cannot be read) per non-empty line of a JSONL manifest."""
    rows: list[tuple[int, dict[str, Any] | str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            rows.append((number, f"not a JSON object: {type(exc).__name__}"))
            continue
        rows.append((number, value if isinstance(value, dict) else "not a JSON object"))
    return rows


def _add(manifest: Manifest, name: str, line: int, row: dict[str, Any] | str) -> None:
    """Keep a row's valid values; a reject per row that cannot be read or value refused."""
    where = f"{name}#line={line}"
    if isinstance(row, str):
        manifest.rejects.append(_refused(where, "manifest_row", row))
        return
    key = row.get("file") or row.get("filename")
    if not isinstance(key, str | int) or not str(key).strip():
        manifest.rejects.append(_refused(where, "manifest_row", "no file name in the row"))
        return
    values: dict[str, str] = {}
    for column in MANIFEST_FIELDS:
        value = row.get(column)
        if value is None or value == "":
            continue
        problem = value_problem(column, value)
        if problem:
            message = f"{column} of {str(key).strip()!r} {problem}: that value is left out"
            manifest.rejects.append(_refused(where, "manifest_value", message))
        else:
            values[column] = str(value).strip()
    manifest.rows[str(key).strip()] = values


def value_problem(column: str, value: object) -> str | None:
    """Why a manifest value cannot be used, or None."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return "is not a text value"
    text = str(value).strip()
    if len(text) > MAX_CHARS[column]:
        return f"is {len(text):,} characters long (the limit is {MAX_CHARS[column]:,})"
    if column == "url" and not _web_address(text):
        return "is not a web address (http or https, with a host)"
    if column == "published_at" and published_at(text) is None:
        return f"is not an ISO 8601 time between the year {EARLIEST_YEAR} and a year from now"
    return None


def _web_address(text: str) -> bool:
    """An http(s) address with a host that urllib splits (tasks.ingest.urls)."""
    parts = split(text)
    return parts is not None and parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def published_at(value: str | None) -> dt.datetime | None:
    """An ISO 8601 time as UTC (a time without offset is taken as UTC), or None where it is
    none or out of the plausible range: from a manifest or a page's own markup alike."""
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        stamp = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        return None
    latest = dt.datetime.now(dt.UTC) + LATEST_AHEAD
    return stamp if stamp.year >= EARLIEST_YEAR and stamp <= latest else None
