"""WARC archives (`.warc`, `.warc.gz`, as crawlers and Common Crawl's CC-NEWS write them),
read record by record with warcio's streaming reader: never a whole archive in memory.

Discovery scans each archive once (`scan`): every HTTP response holding an HTML page becomes a
`Record` (its offset, id and URL) with the sha256 and size of its payload; every other record
is skipped and counted by kind. A worker later reads just its pages (`read_page`) by seeking to
their offsets: a `.warc.gz` is one gzip member per record, so both layouts can be entered at
a record's start. warcio (rather than fastwarc, about 2.5 times faster at reading) is used
because scanning is well under a millisecond per page, and the same library writes the
archives in the tests.

An archive may be any size; its records are limited one by one. An HTML page over the page
limit (`max_bytes`: by the length its record declares, or by its payload as decoded, which
a `Content-Encoding: gzip` may inflate) is refused (`Scan.refused`) and the scan goes on past
it; a header line or block over its limit, or a gzip member inflating like a bomb, ends the
scan (tasks.ingest.warc_limits). So does a truncated or corrupt archive: the pages before the fault
are kept and the fault is reported (`Scan.fault`). warcio stops quietly at a truncated end,
so a scan also checks that every record was read whole, that the reader stopped at the end of
the file, and that the last record ends as a record should. An archive is opened as
discovery saw it (tasks.ingest.landed), or not at all.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from warcio.recordloader import ArcWarcRecord

from tasks.ingest.landed import Seen, open_seen
from tasks.ingest.urls import well_formed
from tasks.ingest.warc_limits import OverLimit, guarded_records

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


@dataclass(frozen=True)
class Problem:
    """A record refused, or the fault that ended a scan: its reject's reason and message."""

    where: str | None  # the record's id (@offset if it has none); None: the archive
    reason: str  # too_large | header_too_long | gzip_bomb | corrupt_warc
    message: str


@dataclass
class Scan:
    """What one archive holds: its pages in order, the other records counted, the pages
    refused, and the fault that ended the scan early, if any."""

    pages: list[ArchivedPage] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    refused: list[Problem] = field(default_factory=list)
    fault: Problem | None = None


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


def scan(path: str, max_bytes: int, seen: Seen | None = None) -> Scan:
    """Every record of the archive at `path` (a local path or an fsspec URL), streamed;
    `max_bytes` is the page limit, `seen` what discovery saw of the file (tasks.ingest.landed).

    OSError (the file cannot be read) propagates, so the caller may retry, and so does
    Changed; anything the reader cannot parse is a fault, reported with the pages before it.
    """
    result = Scan()
    handle, size = open_seen(path, seen)
    with handle:
        records = guarded_records(handle)
        current: str | None = None  # the record being read, once its header is
        try:
            last = None
            for record in records:
                records.reader.new_record()
                offset = last = records.offset
                current = _record_id(record, offset)
                taken = _take(record, offset, current, max_bytes)
                _check_whole(record, offset)  # a page cut short is no page
                if isinstance(taken, ArchivedPage):
                    result.pages.append(taken)
                elif isinstance(taken, Problem):
                    result.refused.append(taken)
                else:
                    result.skipped[taken] += 1
                current = None
            end = records.offset  # where the reader stopped: the end of the file, if whole
            if end != size:
                raise CorruptArchive(f"unreadable bytes from offset {end} to the end ({size})")
            if last is not None and not _ends_whole(handle, last, size):
                raise CorruptArchive(f"the record at offset {last} is cut short")
        except OSError:
            raise
        except OverLimit as exc:  # the record's end cannot be found without reading it all
            where = current or f"@{records.offset}"
            result.fault = Problem(
                where, exc.reason, f"the record at offset {records.offset}: {exc}"
            )
        except Exception as exc:  # any parse failure: the archive is corrupt from here
            result.fault = Problem(None, "corrupt_warc", f"{type(exc).__name__}: {exc}")
    return result


def _take(
    record: ArcWarcRecord, offset: int, record_id: str, max_bytes: int
) -> ArchivedPage | Problem | str:
    """A record as a page, as a page refused (over the page limit), or as the kind of record
    it is when it is no page (skipped)."""
    reason = skip_reason(record)
    if reason is not None:
        return reason
    declared = record.payload_length if record.payload_length >= 0 else record.length
    if declared is not None and declared > max_bytes:
        message = f"an HTML page of {declared:,} bytes as declared, over the limit of {max_bytes:,}"
        return Problem(record_id, "too_large", message)
    digest, length = _hash_payload(record, max_bytes)
    if length > max_bytes:
        encoding = record.http_headers.get_header("Content-Encoding") or "its transfer coding"
        message = f"an HTML page decoded ({encoding}) to over the limit of {max_bytes:,} bytes"
        return Problem(record_id, "too_large", message)
    url = well_formed(record.rec_headers.get_header("WARC-Target-URI"))
    return ArchivedPage(Record(offset, record_id, url), digest, length)


def _hash_payload(record: ArcWarcRecord, max_bytes: int) -> tuple[str, int]:
    """sha256 and length of the page's payload, as decoded; reading stops past `max_bytes`."""
    digest, length = hashlib.sha256(), 0
    stream = record.content_stream()
    while length <= max_bytes and (block := stream.read(_CHUNK)):
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
    while not member.eof and (block := member.unconsumed_tail or handle.read(_CHUNK)):
        member.decompress(block, _CHUNK)  # at most a block inflated at a time
    return member.eof


def read_page(path: str, record: Record, max_bytes: int, seen: Seen | None = None) -> bytes:
    """The HTML payload of `record`, as decoded, read by seeking to it: at most `max_bytes`
    + 1 bytes. Raises CorruptArchive if the archive no longer holds that record whole there,
    Changed if it is not the file discovery saw (`seen`)."""
    # Object storage reads ahead by the block size (tens of MB by default): one page needs less.
    handle, _ = open_seen(path, seen, PAGE_READ_BLOCK)
    with handle:
        handle.seek(record.offset)
        try:
            found = next(iter(guarded_records(handle)), None)
            if found is None or _record_id(found, record.offset) != record.record_id:
                raise CorruptArchive(f"no record {record.record_id} at offset {record.offset}")
            payload: bytes = found.content_stream().read(max_bytes + 1)
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
