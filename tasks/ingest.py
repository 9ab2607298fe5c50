"""Ingest: find a landing folder's files, fingerprint them, read the manifest, decode bytes.

Discovery only hashes (streaming), so the orchestrator can split files into batches and spot
exact duplicates before any worker reads a whole file.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import fsspec
from charset_normalizer import from_bytes
from fsspec import AbstractFileSystem

from tasks.storage import Location, is_local, resolve

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
MANIFEST_FIELDS = ("url", "publisher", "author", "published_at", "title")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Reject:
    """A file the pipeline refused, with why: becomes one `rejects` row."""

    source_path: str
    sha256: str | None
    stage: str
    reason: str
    message: str


@dataclass(frozen=True)
class FileRef:
    """A landing file found by discovery: small enough to pass between tasks."""

    path: str  # what to open: a local path or a URL
    source_path: str
    size: int
    sha256: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawDoc:
    """Decoded text of one file, keyed by the sha256 of its bytes."""

    ref: FileRef
    text: str
    encoding: str


def sha256_file(fs: AbstractFileSystem, path: str, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with fs.open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Location) -> dict[str, dict[str, str]]:
    """Per file name, the manifest's non-empty known fields (csv or jsonl; absent = empty)."""
    fs, root = resolve(folder)
    rows: list[dict[str, str]] = []
    csv_path, jsonl_path = (f"{root}/{name}" for name in MANIFEST_NAMES)
    if fs.isfile(csv_path):
        text = fs.cat_file(csv_path).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    elif fs.isfile(jsonl_path):
        lines = fs.cat_file(jsonl_path).decode("utf-8-sig").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    manifest: dict[str, dict[str, str]] = {}
    for row in rows:
        name = str(row.get("file") or row.get("filename") or "").strip()
        if name:
            manifest[name] = {k: str(row[k]).strip() for k in MANIFEST_FIELDS if row.get(k)}
    return manifest


def discover(folder: Location) -> tuple[list[FileRef], list[Reject]]:
    """Every visible file in `folder` (manifests excluded), sorted; exact duplicates rejected.

    All files are taken, not only `*.txt`, so nothing that lands is silently ignored:
    what is not article text ends up in `rejects` with its reason, and so does a manifest
    row naming a file outside the folder or one that is not there. `folder` may be local or
    in object storage (an fsspec URL).
    """
    fs, root = resolve(folder)
    fs.invalidate_cache(root)
    manifest = read_manifest(folder)
    entries = sorted(
        entry["name"].rsplit("/", 1)[-1]
        for entry in fs.ls(root, detail=True)
        if entry["type"] != "directory"  # a symlink (even a broken one) is looked at too
    )
    refs: list[FileRef] = []
    rejects = _check_manifest(fs, root, set(entries), manifest)
    first_by_hash: dict[str, str] = {}
    for name in entries:
        if name.startswith(".") or name in MANIFEST_NAMES:
            continue
        path = f"{root}/{name}"
        try:
            digest = sha256_file(fs, path)
            size = fs.size(path)
        except OSError as exc:
            rejects.append(
                Reject(name, None, "ingest", "unreadable", f"{type(exc).__name__}: {exc}")
            )
            continue
        if digest in first_by_hash:
            message = f"same bytes as {first_by_hash[digest]}"
            rejects.append(Reject(name, digest, "ingest", "duplicate", message))
            continue
        first_by_hash[digest] = name
        refs.append(FileRef(fs.unstrip_protocol(path), name, size, digest, manifest.get(name, {})))
    return refs, rejects


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


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode bytes: a BOM decides, else UTF-8, else cp1252, else detection.

    Raises UnicodeDecodeError when nothing gives a plausible text.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw).best()
    if best is None:
        raise UnicodeDecodeError("unknown", raw[:1], 0, 1, "no encoding fits these bytes")
    return str(best), best.encoding


def load(ref: FileRef, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc | Reject:
    """Read and decode one file, or say why it cannot be an article."""

    def reject(reason: str, message: str) -> Reject:
        return Reject(ref.source_path, ref.sha256, "ingest", reason, message)

    if ref.size > max_bytes:
        return reject("too_large", f"{ref.size} bytes is over the limit of {max_bytes}")
    try:
        with fsspec.open(ref.path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return reject("unreadable", str(exc))
    if not raw.strip():
        return reject("empty", "file is empty or whitespace only")
    kind = binary_kind(raw)
    if kind is not None:
        return reject("binary", f"{kind}: not a text file")
    try:
        text, encoding = decode(raw)
    except UnicodeDecodeError as exc:
        return reject("undecodable", str(exc))
    if _unprintable_share(text) > 0.02:
        return reject("undecodable", f"decoded as {encoding} but reads as garbage")
    if looks_like_html(text):
        return reject("html", "an HTML page: extract the article text before it lands")
    return RawDoc(ref, text, encoding)


_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!", "RAR archive"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "executable"),
)


def binary_kind(raw: bytes) -> str | None:
    """What a binary file is (by its magic bytes or NUL bytes), or None for text."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    has_utf16_bom = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return "NUL bytes" if b"\x00" in raw and not has_utf16_bom else None


def _unprintable_share(text: str) -> float:
    odd = sum(not (ch.isprintable() or ch.isspace()) for ch in text)
    return odd / max(len(text), 1)


_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|script|meta)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """An HTML page rather than article text: a doctype or several structural tags."""
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html")) or len(_HTML.findall(text)) >= 3
