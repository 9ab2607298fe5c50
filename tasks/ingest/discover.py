"""Discovery: find a landing folder's files, fingerprint them, and read the manifest.

Discovery only hashes (streaming), so the orchestrator can split files into batches and spot
exact duplicates before any worker reads a whole file. A WARC archive is listed as its HTML
pages (`expand_archives`), each a ref a worker reads by seeking to it; an HTML page, from a
file or an archive, is loaded as the article it holds (tasks.ingest.html). The size limit
(`max_bytes`) is a file's, or an archive page's: an archive may be any size (tasks.ingest.warc). A
file is read only as discovery saw it (tasks.ingest.landed), else it is a `changed` reject.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from fsspec import AbstractFileSystem

from tasks.ingest.landed import Changed, Seen, kind_of, open_seen
from tasks.ingest.manifest import MANIFEST_NAMES, read_manifest
from tasks.ingest.outlets import DEFAULT_KEY
from tasks.ingest.refs import DEFAULT_MAX_BYTES, FileRef
from tasks.ingest.rejects import Reject
from tasks.ingest.warc import Problem, is_archive, scan
from tasks.lake.storage import Location, is_local, resolve

PER_PAGE_FIELDS = ("url", "title")  # a manifest row naming an archive gives its pages the rest


def sha256_file(url: str, seen: Seen | None = None, chunk: int = 1 << 20) -> str:
    """sha256 of a file's bytes, streamed; opened as tasks.ingest.landed opens files (Changed if it
    is not a regular file, or not as `seen`)."""
    digest = hashlib.sha256()
    handle, _ = open_seen(url, seen)
    with handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def discover(
    folder: Location, max_bytes: int = DEFAULT_MAX_BYTES, publisher: str | None = None
) -> tuple[list[FileRef], list[Reject]]:
    """Every file in `folder` (manifests excluded), sorted; exact duplicates rejected.

    Every name in the folder ends as a ref or a reject with its reason, so nothing that lands
    is silently ignored: hidden files, subfolders, links leaving the folder, FIFOs and devices
    are rejected without being read, and files over `max_bytes` (archives aside: their pages
    are limited) without being hashed. So is a manifest row naming a file outside the folder
    or one that is not there. `folder` may be local or in object storage (an fsspec URL).
    Names of any bytes are shown printably. `publisher` is the folder's outlet for files that
    name none (tasks.ingest.outlets).
    """
    fs, root = resolve(folder)
    fs.invalidate_cache(root)
    checked = read_manifest(folder)
    manifest = checked.rows
    names = sorted(_names(fs, root))
    refs: list[FileRef] = []
    rejects = checked.rejects + _check_manifest(fs, root, set(names), manifest)
    first_by_hash: dict[str, str] = {}
    default = {DEFAULT_KEY: publisher} if publisher else {}
    for name in names:
        if name in MANIFEST_NAMES:
            continue
        shown = printable(name)
        found = _inspect(fs, root, name, shown, max_bytes)
        if isinstance(found, Reject):
            rejects.append(found)
            continue
        path, seen = found
        url = fs.unstrip_protocol(path)
        try:
            digest = sha256_file(url, seen)
        except OSError as exc:
            message = f"{type(exc).__name__}: {exc}"
            rejects.append(Reject(shown, None, "ingest", "unreadable", message))
            continue
        except Changed as exc:
            message = f"changed as it was read: {exc}"
            rejects.append(Reject(shown, None, "ingest", "changed", message))
            continue
        if digest in first_by_hash:
            message = f"same bytes as {first_by_hash[digest]}"
            rejects.append(Reject(shown, digest, "ingest", "duplicate", message))
            continue
        first_by_hash[digest] = shown
        meta = default | manifest.get(name, {})
        refs.append(FileRef(url, shown, seen.size, digest, meta, seen=seen))
    return refs, rejects


def printable(name: str) -> str:
    """A file name as text that can be stored and shown: undecodable bytes as escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _names(fs: AbstractFileSystem, root: str) -> list[str]:
    if is_local(fs):
        return os.listdir(root)  # undecodable bytes arrive as surrogates, never an error
    return [entry.rstrip("/").rsplit("/", 1)[-1] for entry in fs.ls(root, detail=False)]


_FOLDER = "a folder: only the files directly in the date's folder are read"


def _inspect(
    fs: AbstractFileSystem, root: str, name: str, shown: str, max_bytes: int
) -> tuple[str, Seen] | Reject:
    """(path to read, what it is) of a regular file inside the folder, else why not; nothing
    is opened. A link is followed only to a regular file inside the folder, and read there."""

    def reject(reason: str, message: str) -> Reject:
        return Reject(shown, None, "ingest", reason, message)

    path = f"{root}/{name}"
    if name.startswith("."):
        return reject("hidden", "a hidden file: not read (remove the leading dot to process it)")
    if is_local(fs):
        try:
            info = os.lstat(path)
            target = os.path.realpath(path) if stat.S_ISLNK(info.st_mode) else path
            if target != path:
                info = os.stat(target)  # what the link points to: never opened here
        except OSError as exc:
            return reject("unreadable", f"{type(exc).__name__}: {exc}")
        if stat.S_ISDIR(info.st_mode):
            return reject("folder", _FOLDER)
        if not stat.S_ISREG(info.st_mode):
            message = f"a {kind_of(info.st_mode)}, not a regular file: not opened"
            return reject("not_a_file", message)
        inside = Path(os.path.realpath(root))  # the folder itself may be reached by a link
        if target != path and not Path(target).is_relative_to(inside):
            return reject("outside_folder", f"a link to {printable(target)}, outside the folder")
        path, seen = target, Seen.of(info)
    else:
        entry = fs.info(path)
        if entry["type"] == "directory":
            return reject("folder", _FOLDER)
        seen = Seen(int(entry["size"]))
    if seen.size > max_bytes and not is_archive(name):
        return reject("too_large", f"{seen.size} bytes is over the limit of {max_bytes}")
    return path, seen


def _check_manifest(
    fs: AbstractFileSystem, root: str, names: set[str], manifest: dict[str, dict[str, str]]
) -> list[Reject]:
    """One reject per manifest row that names a path outside the folder or a missing file."""
    rejects = []
    for name in manifest:
        inside = posixpath.normpath(name)
        if inside.startswith(("/", "../")) or inside == ".." or _leaves_folder(fs, root, name):
            message = f"manifest row points outside the input folder: {name}"
            rejects.append(Reject(name, None, "ingest", "manifest_outside", message))
        elif name not in names and not fs.exists(f"{root}/{inside}"):
            message = f"manifest row names a file that is not in the folder: {name}"
            rejects.append(Reject(name, None, "ingest", "manifest_missing", message))
    return rejects


def _leaves_folder(fs: AbstractFileSystem, root: str, name: str) -> bool:
    """A local symlink named by the manifest that points out of the folder."""
    if not is_local(fs):
        return False
    folder = Path(root).resolve()
    return not (folder / name).resolve().is_relative_to(folder)


@dataclass
class Expanded:
    """Refs with every archive replaced by its pages; what the archives held besides pages."""

    refs: list[FileRef]
    rejects: list[Reject]
    skipped: Counter[str]  # records that are not HTML pages, by kind (request, redirect, ...)


def expand_archives(refs: list[FileRef], max_bytes: int = DEFAULT_MAX_BYTES) -> Expanded:
    """Replace each WARC archive among `refs` by one ref per HTML page it holds, in order.

    A page with the same bytes as an earlier file or page is a `duplicate`. An archive may be
    any size; a page over `max_bytes` is `too_large`, and the scan goes on. A record over a
    header or inflation limit, or a truncated or corrupt archive, gives the pages before it
    and one reject, naming the record where it has one. An archive without a page is an
    `empty_archive`, saying what it held; one not as discovery saw it is `changed`.
    """
    expanded = Expanded([], [], Counter())
    first_by_hash: dict[str, str] = {}

    def add(ref: FileRef) -> None:
        if ref.sha256 in first_by_hash:
            message = f"same bytes as {first_by_hash[ref.sha256]}"
            expanded.rejects.append(
                Reject(ref.source_path, ref.sha256, "ingest", "duplicate", message)
            )
        else:
            first_by_hash[ref.sha256] = ref.source_path
            expanded.refs.append(ref)

    for ref in refs:
        if not is_archive(ref.source_path):
            add(ref)
            continue
        try:
            found = scan(ref.path, max_bytes, ref.seen)
        except Changed as exc:
            message = f"changed since discovery: {exc}"
            changed = Reject(ref.source_path, ref.sha256, "ingest", "changed", message)
            expanded.rejects.append(changed)
            continue
        meta = {k: v for k, v in ref.meta.items() if k not in PER_PAGE_FIELDS}
        for page in found.pages:
            source = f"{ref.source_path}#{page.record.record_id}"
            add(FileRef(ref.path, source, page.size, page.sha256, meta, page.record, ref.seen))
        expanded.skipped.update(found.skipped)
        problems = [*found.refused, *([found.fault] if found.fault else [])]
        for problem in problems:
            expanded.rejects.append(_record_reject(ref, problem, len(found.pages)))
        if not found.pages and not problems:
            expanded.rejects.append(_empty_archive(ref, found.skipped))
    return expanded


def _record_reject(archive: FileRef, problem: Problem, pages: int) -> Reject:
    """The reject of a record refused, or of the fault that ended the archive's scan."""
    if problem.where is None:  # the archive as a whole
        message = f"{problem.message} (after {pages} pages, which are kept)"
        return Reject(archive.source_path, archive.sha256, "ingest", problem.reason, message)
    source = f"{archive.source_path}#{problem.where}"
    message = problem.message
    if problem.reason != "too_large":  # the scan ended there
        message += f": the archive is read no further (after {pages} pages, which are kept)"
    return Reject(source, None, "ingest", problem.reason, message)


def _empty_archive(archive: FileRef, skipped: Counter[str]) -> Reject:
    """The trace an archive without a page leaves: what it held instead."""
    held = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
    message = f"no HTML page among its records: {held}" if held else "no records at all"
    return Reject(archive.source_path, archive.sha256, "ingest", "empty_archive", message)
