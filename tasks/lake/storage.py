"""Where files live: a local folder or object storage, behind one fsspec interface.

`--input` and `--lake` take a local path or an fsspec URL such as `s3://bucket/prefix`.
Endpoint and credentials come from the standard AWS environment variables
(`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`), as with
any AWS tool. Every location is passed around as a string, so tasks stay picklable for
worker processes and Dask.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from uuid import uuid4

import fsspec
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem

Location = str | Path  # a local path or an fsspec URL


def resolve(location: Location) -> tuple[AbstractFileSystem, str]:
    """The filesystem of `location` and the path inside it (absolute, for a local one)."""
    fs, path = fsspec.core.url_to_fs(str(location))
    return fs, path.rstrip("/") or path


def join(location: Location, *parts: str) -> str:
    """`location/part/...` as a string, for local paths and URLs alike."""
    return "/".join([str(location).rstrip("/"), *parts])


def is_local(fs: AbstractFileSystem) -> bool:
    return isinstance(fs, LocalFileSystem)


def publish(fs: AbstractFileSystem, path: str, write: Callable[[BinaryIO], None]) -> None:
    """Write a file that readers see whole or not at all.

    On a local disk: written to a hidden sibling, then renamed over the target. In object
    storage an object appears only when its upload completes, so it is written in place.
    """
    if not is_local(fs):
        with fs.open(path, "wb") as handle:
            write(handle)
        return
    folder, name = path.rsplit("/", 1)
    fs.makedirs(folder, exist_ok=True)
    partial = f"{folder}/.{name}.{uuid4().hex}.partial"  # matched by no reader's glob
    try:
        with fs.open(partial, "wb") as handle:
            write(handle)
        fs.mv(partial, path)
    finally:
        if fs.exists(partial):
            fs.rm(partial)


def published_file(location: Location) -> tuple[AbstractFileSystem, str] | None:
    """The filesystem and path of a file other processes `publish`, looked up afresh (a
    cached listing may predate their last publish); None where there is none yet."""
    fs, path = resolve(location)
    fs.invalidate_cache(path.rsplit("/", 1)[0])
    return (fs, path) if fs.isfile(path) else None


def inside(fs: AbstractFileSystem, root: str, path: str) -> bool:
    """Whether `path` really lies under `root` on a local disk once links are followed (a
    link planted in the lake must not make a command delete or move files elsewhere).
    Object storage has no links: its paths are what they say."""
    if not is_local(fs):
        return True
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def makedirs(fs: AbstractFileSystem, folder: str, attempts: int = 5) -> None:
    """Create `folder` and its parents. A concurrent run may remove an empty parent (the
    shared `_staging` folder, tidied after each commit) between two levels: try again."""
    for attempt in range(attempts):
        try:
            fs.makedirs(folder, exist_ok=True)
            return
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise


def publish_bytes(fs: AbstractFileSystem, path: str, data: bytes) -> None:
    def write(handle: BinaryIO) -> None:
        handle.write(data)

    publish(fs, path, write)


def files_under(fs: AbstractFileSystem, folder: str, suffix: str = ".parquet") -> list[str]:
    """Visible files ending in `suffix` directly in `folder`, sorted ([] if it is absent)."""
    fs.invalidate_cache(folder)  # other processes may have written there since the last look
    if not fs.isdir(folder):
        return []
    names = fs.ls(folder, detail=False)
    return sorted(
        name
        for name in names
        if name.endswith(suffix) and not name.rsplit("/", 1)[-1].startswith(".")
    )
