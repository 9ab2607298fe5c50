"""WARC archives (`.warc`, `.warc.gz`, as crawlers and Common Crawl's CC-NEWS write them),
read record by record with warcio's streaming reader: never a whole archive in memory.

Discovery scans each archive once (`scan`): every HTTP response holding an HTML page becomes a
`Record` (its offset, id and URL) with the sha256 and size of its payload; every other record
is skipped and counted by kind. A worker later reads just its pages (`read_page`) by seeking to
their offsets: a `.warc.gz` is one gzip member per record, so both layouts can be entered at
a record's start. warcio (rather than fastwarc, about 2.5 times faster at reading) is used
because scanning is well under a millisecond per page, and the same library writes the
archives in the tests.

A truncated or corrupt archive ends the scan at the fault: the pages before it are kept and
the fault is reported (`Scan.fault`). warcio stops quietly at a truncated end, so a scan also
checks that every record was read whole, that the reader stopped at the end of the file, and
that the last record ends as a record should.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from tasks.storage import resolve
from tasks.urls import well_formed

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
PAGE_READ_BLOCK = 1 << 20  # bytes fetched at a time when a worker reads one page
GZIP_MAGIC = b"\x1f\x8b"
RECORD_END = b"\r\n\r\n"  # after every record of a plain archive


class CorruptArchive(ValueError):
    """The archive's bytes are not a whole WARC record where one should be."""


@dataclass(frozen=True)
class Record:
    """Where an HTML page is in its archive: enough for a worker to read just that page."""

    offset: int  # of the record in the archive file (of its gzip member in a .warc.gz)
    record_id: str  # WARC-Record-ID without its brackets, e.g. urn:uuid:...
    url: str | None  # WARC-Target-URI: where the page was fetched from (if well-formed)


@dataclass(frozen=True)
class ArchivedPage:
    """An HTML response found by a scan: where it is, and its payload's sha256 and size."""

    record: Record
    sha256: str
    size: int


@dataclass
class Scan:
    """What one archive holds: its pages in order, the other records counted, any fault."""

    pages: list[ArchivedPage] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    fault: str | None = None


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def skip_reason(record: ArcWarcRecord) -> str | None:
    """Why a record is no page (None for an HTML response): its WARC type for records that
    are not responses, else `redirect`, `http_error` or `not_html`."""
    if record.rec_type != "response":
        return record.rec_type or "unknown"
    if record.http_headers is None:
        return "not_http"
    status = record.http_headers.get_statuscode() or ""
    if status.startswith("3"):
        return "redirect"
    if not status.startswith("2"):
        return "http_error"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(HTML_TYPES):
        return "not_html"
    return None


def scan(path: str) -> Scan:
    """Every record of the archive at `path` (a local path or an fsspec URL), streamed.

    OSError (the file cannot be read) propagates, so the caller may retry; anything the
    reader cannot parse is a fault, reported with the pages read before it.
    """
    result = Scan()
    fs, inner = resolve(path)
    size = fs.size(inner)
    with fs.open(inner, "rb") as handle:
        records = ArchiveIterator(handle)
        try:
            last = None
            for record in records:
                offset = last = records.offset
                reason = skip_reason(record)
                digest, length = _hash_payload(record) if reason is None else ("", 0)
                _check_whole(record, offset)
                if reason is not None:
                    result.skipped[reason] += 1
                    continue
                url = well_formed(record.rec_headers.get_header("WARC-Target-URI"))
                where = Record(offset, _record_id(record, offset), url)
                result.pages.append(ArchivedPage(where, digest, length))
            end = records.offset  # where the reader stopped: the end of the file, if whole
            if end != size:
                raise CorruptArchive(f"unreadable bytes from offset {end} to the end ({size})")
            if last is not None and not _ends_whole(handle, last, size):
                raise CorruptArchive(f"the record at offset {last} is cut short")
        except OSError:
            raise
        except Exception as exc:  # any parse failure: the archive is corrupt from here
            result.fault = f"{type(exc).__name__}: {exc}"
    return result


def _hash_payload(record: ArcWarcRecord) -> tuple[str, int]:
    digest, length = hashlib.sha256(), 0
    stream = record.content_stream()
    while block := stream.read(_CHUNK):
        digest.update(block)
        length += len(block)
    return digest.hexdigest(), length


def _check_whole(record: ArcWarcRecord, offset: int) -> None:
    """Raise CorruptArchive if the record's block ended before its Content-Length."""
    while record.raw_stream.read(_CHUNK):
        pass
    missing = record.raw_stream.limit
    if missing:
        raise CorruptArchive(f"record at offset {offset} is cut short by {missing} bytes")


def _ends_whole(handle: IO[bytes], last: int, size: int) -> bool:
    """Whether the archive's last record (at offset `last`) ends as a whole record does: in a
    .warc.gz, with the end of its gzip member; in a plain archive, with the two CRLFs after
    it. warcio reads a record cut inside its header block, or its member cut after the
    content, as if it were whole."""
    handle.seek(last)
    if handle.read(2) != GZIP_MAGIC:
        handle.seek(max(size - len(RECORD_END), 0))
        return handle.read() == RECORD_END
    handle.seek(last)
    member = zlib.decompressobj(zlib.MAX_WBITS | 16)
    while not member.eof and (block := handle.read(_CHUNK)):
        member.decompress(block)
    return member.eof


def read_page(path: str, record: Record) -> bytes:
    """The HTML payload of `record`, read by seeking to it (raises CorruptArchive if the
    archive no longer holds that record whole there)."""
    fs, inner = resolve(path)
    # Object storage reads ahead by the block size (tens of MB by default): one page needs less.
    with fs.open(inner, "rb", block_size=PAGE_READ_BLOCK) as handle:
        handle.seek(record.offset)
        try:
            found = next(iter(ArchiveIterator(handle)), None)
            if found is None or _record_id(found, record.offset) != record.record_id:
                raise CorruptArchive(f"no record {record.record_id} at offset {record.offset}")
            payload = found.content_stream().read()
            _check_whole(found, record.offset)
        except (OSError, CorruptArchive):
            raise
        except Exception as exc:  # the bytes there do not parse as a record
            message = f"no record {record.record_id} at offset {record.offset}: {exc}"
            raise CorruptArchive(message) from exc
        return payload


def _record_id(record: ArcWarcRecord, offset: int) -> str:
    """The record's WARC-Record-ID without its angle brackets (urn:uuid:...), else @offset."""
    return (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or f"@{offset}"
