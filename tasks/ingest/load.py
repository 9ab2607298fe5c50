"""Load: read one landed file (or one page of an archive) within the size limit, decode it, and
turn an HTML page into the article it holds; or say why it cannot be an article (a reject).
Workers run this; discovery (tasks.ingest.discover.discover) never reads a whole file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from tasks.ingest.decoding import decode
from tasks.ingest.html import NoPage, extract_page
from tasks.ingest.landed import Changed, Seen, open_seen
from tasks.ingest.refs import DEFAULT_MAX_BYTES, ContentType, FileRef, RawDoc
from tasks.ingest.rejects import Reject
from tasks.ingest.warc import CorruptArchive, read_page
from tasks.lake import faults

HTML_SUFFIXES = (".html", ".htm")


def load(ref: FileRef, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc | Reject:
    """Read and decode one file, or say why it cannot be an article."""

    def reject(reason: str, message: str) -> Reject:
        return Reject(ref.source_path, ref.sha256, "ingest", reason, message)

    if ref.size > max_bytes:
        return reject("too_large", f"{ref.size} bytes is over the limit of {max_bytes}")
    try:
        faults.reached("ingest.read")
        if ref.record is not None:
            raw = read_page(ref.path, ref.record, max_bytes, ref.seen)
        else:
            raw = _read(ref.path, max_bytes, ref.seen)
    except OSError as exc:
        return reject("unreadable", str(exc))
    except CorruptArchive as exc:
        return reject("corrupt_warc", str(exc))
    except Changed as exc:
        return reject("changed", f"changed since discovery: {exc}")
    if len(raw) > max_bytes:
        return reject("too_large", f"over the limit of {max_bytes} bytes")
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
    is_page = ref.record is not None or ref.source_path.lower().endswith(HTML_SUFFIXES)
    if is_page or looks_like_html(text):
        return _article(ref, text, encoding)
    return RawDoc(ref, text, encoding)


def _read(url: str, max_bytes: int, seen: Seen | None) -> bytes:
    """At most `max_bytes` + 1 bytes of a file, opened as discovery saw it (tasks.ingest.landed)."""
    handle, _ = open_seen(url, seen)
    with handle:
        data: bytes = handle.read(max_bytes + 1)
        return data


def _article(ref: FileRef, html: str, encoding: str) -> RawDoc | Reject:
    """The article of an HTML page laid out as an article file; the manifest's values win
    over the page's."""
    page = extract_page(html, ref.record.url if ref.record else None)
    if isinstance(page, NoPage):
        message = page.message
        if page.reason == "extract_error":
            message = f"the HTML extractor failed on {ref.source_path}: {message}"
        return Reject(ref.source_path, ref.sha256, "ingest", page.reason, message)
    content_type: ContentType = "warc" if ref.record is not None else "html"
    return RawDoc(
        replace(ref, meta=page.meta | ref.meta),
        page.text(),
        encoding,
        content_type,
        titled=page.title is not None,
        extraction=page.extraction,
    )


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
    if "".join(text.split()).isprintable():  # the usual case, at C speed (an HTML page is long)
        return 0.0
    odd = sum(not (ch.isprintable() or ch.isspace()) for ch in text)
    return odd / max(len(text), 1)


_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|script|meta)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """An HTML page rather than article text: a doctype or several structural tags."""
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html")) or len(_HTML.findall(text)) >= 3
