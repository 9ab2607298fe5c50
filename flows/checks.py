"""Checks of a command's arguments, made before Prefect starts: each mistake becomes one line
naming the problem and the fix.

Imports stay light (fsspec, no Prefect, spaCy or Polars), so a mistake is answered at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class CommandError(Exception):
    """A mistake or a refusal the user can fix: one line on stderr, then `exit_code`."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def folder_exists(location: str) -> bool:
    from tasks.lake.storage import resolve

    fs, path = resolve(location)
    return bool(fs.isdir(path))


def input_folder(location: str, option: str = "--input") -> None:
    if not folder_exists(location):
        raise CommandError(f"{option} {location}: no such folder (give a folder of article files)")


def landing_root(location: str) -> None:
    if not folder_exists(location):
        raise CommandError(
            f"--landing {location}: no such folder (the landing root holds one folder per date, "
            "LANDING/YYYY-MM-DD)"
        )


def lake_to_write(location: str) -> None:
    """A lake that a run may create or extend: not an existing file."""
    from tasks.lake.storage import is_local, resolve

    fs, path = resolve(location)
    if is_local(fs) and Path(path).exists() and not Path(path).is_dir():
        raise CommandError(f"--lake {location}: is a file, not a folder (give the lake's folder)")


def lake_with_documents(location: str) -> None:
    """A lake that a reader command needs: one that some run has written."""
    from tasks.lake.storage import resolve

    fs, path = resolve(location)
    if not fs.isdir(path):
        raise CommandError(
            f"--lake {location}: no lake there (run `newslake run` or `newslake backfill` first, "
            "or give --lake)"
        )
    if not fs.isdir(f"{path}/documents"):
        raise CommandError(f"--lake {location}: holds no documents table (is it a newslake lake?)")


def processed_dates(location: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """Dates from `start` to `end` with a documents partition in the lake, from one listing
    of the documents folder (a century's range costs no more than a day's)."""
    from tasks.lake.partitions import partition_dates

    return [day for day in partition_dates(location, "documents") if start <= day <= end]


def date_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise CommandError(f"--end {end} is before --start {start} (give an end on or after it)")


def positive(value: float, option: str, what: str) -> None:
    if value <= 0:
        raise CommandError(f"{option} {value:g}: give {what} greater than 0")


def timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(
            f"--timezone {name}: unknown time zone (give an IANA name such as UTC or Europe/Berlin)"
        ) from None


def out_file(path: Path) -> None:
    """A file the command may write: its folder exists and it is not a folder itself."""
    if path.is_dir():
        raise CommandError(f"--out {path}: is a folder (give a file name, e.g. report.html)")
    if not path.parent.is_dir():
        raise CommandError(f"--out {path}: folder {path.parent} does not exist (create it first)")


def alias_table(path: Path | None) -> str | None:
    """An alias table the user named (None: the project's own)."""
    if path is None:
        return None
    if not path.is_file():
        raise CommandError(f"--aliases {path}: no such file (give a CSV of alias,name,label)")
    return str(path)


def publisher(name: str | None) -> str | None:
    """The folder's default outlet (--publisher), stripped; None when not given."""
    if name is None:
        return None
    from tasks.ingest.outlets import name_problem

    problem = name_problem(name)
    if problem:
        raise CommandError(
            f"--publisher {name!r} {problem} (give the outlet's name, e.g. 'Newslake Wire')"
        )
    return name.strip()
