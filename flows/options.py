"""The command line's options, declared once: each option's type and help, and the group every
processing command (`run`, `nightly`, `backfill`) shares, passed to it as one checked value.

Imports neither Prefect nor the NLP, so `--help` and a mistyped option answer at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from flows import checks
from flows.checks import CommandError
from flows.execution import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BATCH_TIMEOUT,
    DEFAULT_LAKE,
    DEFAULT_WORKERS,
    Execution,
    Runner,
)

DEFAULT_MAX_MB = 5.0  # tasks.ingest.refs.DEFAULT_MAX_BYTES, without importing it for --help

DAY_FORMATS = ["%Y-%m-%d"]

InputOpt = Annotated[
    str,
    typer.Option(
        "--input",
        metavar="FOLDER",
        help="Folder of raw article files (a path or s3://bucket/prefix).",
    ),
]
StartOpt = Annotated[
    dt.datetime, typer.Option(formats=DAY_FORMATS, metavar="YYYY-MM-DD", help="First date.")
]
EndOpt = Annotated[
    dt.datetime,
    typer.Option(formats=DAY_FORMATS, metavar="YYYY-MM-DD", help="Last date (included)."),
]
LakeOpt = Annotated[
    str,
    typer.Option(
        "--lake",
        metavar="FOLDER",
        help="Root of the Parquet tables (a path or s3://bucket/prefix).",
    ),
]
LandingOpt = Annotated[
    str, typer.Option(metavar="FOLDER", help="Landing root: one folder per date (path or URL).")
]
TimezoneOpt = Annotated[str, typer.Option(help="Time zone that decides 'yesterday'.")]
AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases", metavar="CSV", help="Alias table to apply [default: data/aliases.csv]."
    ),
]


def date_option(help_text: str) -> Any:
    """A `--date YYYY-MM-DD` option with its own help (what the date is, and its default)."""
    return typer.Option("--date", formats=DAY_FORMATS, metavar="YYYY-MM-DD", help=help_text)


@dataclass(frozen=True)
class Processing:
    """The options `run`, `nightly` and `backfill` share, checked: where the tables go, which
    files are read, whether an unchanged date runs again, and how batches execute."""

    lake: str
    max_bytes: int
    force: bool
    explain_skip: bool
    execution: Execution
    publisher: str | None  # the outlet of files that name none


@dataclass(frozen=True)
class _Shared:
    name: str
    annotation: Any
    default: Any


_PROCESSING = (
    _Shared("lake", LakeOpt, DEFAULT_LAKE),
    _Shared(
        "max_mb",
        Annotated[
            float,
            typer.Option(
                "--max-mb",
                help="Files, and pages in an archive, larger than this are rejected (too_large); "
                "an archive may be any size.",
            ),
        ],
        DEFAULT_MAX_MB,
    ),
    _Shared(
        "force",
        Annotated[bool, typer.Option("--force", help="Reprocess even if the input is unchanged.")],
        False,
    ),
    _Shared(
        "explain_skip",
        Annotated[
            bool,
            typer.Option(
                "--explain-skip", help="Show what the unchanged-input check compared, part by part."
            ),
        ],
        False,
    ),
    _Shared(
        "runner",
        Annotated[
            Runner,
            typer.Option(
                "--runner",
                help="local: worker processes here; dask: a Dask cluster (prefect-dask).",
            ),
        ],
        "local",
    ),
    _Shared(
        "workers",
        Annotated[int, typer.Option("--workers", help="Worker processes for the NLP.")],
        DEFAULT_WORKERS,
    ),
    _Shared(
        "dask_address",
        Annotated[
            str | None,
            typer.Option("--dask-address", help="tcp://host:port of an existing Dask scheduler."),
        ],
        None,
    ),
    _Shared(
        "batch_size",
        Annotated[int, typer.Option("--batch-size", help="Files per batch task.")],
        DEFAULT_BATCH_SIZE,
    ),
    _Shared(
        "batch_timeout",
        Annotated[
            float, typer.Option("--batch-timeout", help="Seconds a batch may run in a worker.")
        ],
        DEFAULT_BATCH_TIMEOUT,
    ),
    _Shared(
        "publisher",
        Annotated[
            str | None,
            typer.Option(
                "--publisher",
                metavar="NAME",
                help="Outlet of the files that name none (no manifest publisher, page or URL).",
            ),
        ],
        None,
    ),
)


def processing_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` the shared processing options, checked and passed as one
    `processing: Processing` argument (the command declares only its own options)."""
    own = [
        p
        for p in inspect.signature(command, eval_str=True).parameters.values()
        if p.name != "processing"
    ]
    shared = [
        inspect.Parameter(
            option.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=option.default,
            annotation=option.annotation,
        )
        for option in _PROCESSING
    ]

    @functools.wraps(command, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
    def with_processing(**values: Any) -> None:
        given = {option.name: values.pop(option.name) for option in _PROCESSING}
        command(**values, processing=_processing(**given))

    parameters = [*own, *shared]
    with_processing.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_processing.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_processing


def _processing(
    *,
    lake: str,
    max_mb: float,
    force: bool,
    explain_skip: bool,
    runner: Runner,
    workers: int,
    dask_address: str | None,
    batch_size: int,
    batch_timeout: float,
    publisher: str | None,
) -> Processing:
    """The shared options checked, in the order a user reads them; the first mistake is the
    one line the command answers with."""
    execution = Execution(
        runner=runner,
        workers=workers,
        dask_address=dask_address,
        batch_size=batch_size,
        batch_timeout=batch_timeout,
    )
    problems = execution.problems()
    if problems:
        raise CommandError(problems[0])
    checks.positive(max_mb, "--max-mb", "a size in MB")
    return Processing(
        lake=lake,
        max_bytes=int(max_mb * 2**20),
        force=force,
        explain_skip=explain_skip,
        execution=execution,
        publisher=checks.publisher(publisher),
    )
