"""An archive may be any size; each of its records is limited (header lines, the page's size
as declared and as decoded, the inflation of its gzip member), and one over a limit is a
reject naming the archive and the record. Archives written with warcio, bombs by hand."""

from __future__ import annotations

import gzip
import hashlib
import random
from pathlib import Path

import pytest
from webpages import LAYOUTS, ROBOTS, Fetch, html_fetch, numbered, seed_articles, write_warc

from tasks.ingest.discover import discover, expand_archives
from tasks.ingest.load import load
from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject

ARTICLES = seed_articles()
MAX_BYTES = 100_000  # the page limit in these tests (each page is about 4 KB)


def _pages(first: int) -> list[Fetch]:
    return [
        html_fetch(a.url, LAYOUTS["main"](numbered(a, first + n)))
        for n, a in enumerate(ARTICLES[:2])
    ]


def _record(http: bytes, warc_headers: tuple[str, ...] = (), kind: str = "response") -> bytes:
    """One WARC record of `http` (an HTTP response), with extra WARC header lines."""
    head = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000b0b0>",
        "WARC-Target-URI: https://example.org/middle",
        "Content-Type: application/http; msgtype=response",
        *warc_headers,
        f"Content-Length: {len(http)}",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + http


def _http(body: bytes, *headers: str, content_type: str = "text/html; charset=utf-8") -> bytes:
    lines = ["HTTP/1.1 200 OK", f"Content-Type: {content_type}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _archive(folder: Path, gzipped: bool, middle: bytes) -> tuple[Path, int]:
    """Two pages, the record `middle`, two more pages: as one .warc.gz (a gzip member per
    record) or one plain .warc (two CRLFs after each record); and the offset of `middle`."""
    name = "crawl.warc.gz" if gzipped else "crawl.warc"
    parts = []
    for n, fetches in enumerate([_pages(1), _pages(3)]):
        written = folder / f"part{n}-{name}"
        write_warc(written, fetches, gzip=gzipped)
        parts.append(written.read_bytes())
        written.unlink()
    middle = gzip.compress(middle) if gzipped else middle + b"\r\n\r\n"
    path = folder / name
    path.write_bytes(parts[0] + middle + parts[1])
    return path, len(parts[0])


def _expand(path: Path, max_bytes: int = MAX_BYTES) -> tuple[list[FileRef], list[Reject]]:
    ref = FileRef(str(path), path.name, path.stat().st_size, "sha-of-archive")
    expanded = expand_archives([ref], max_bytes)
    return expanded.refs, expanded.rejects


PAGE = LAYOUTS["semantic"](ARTICLES[2]).encode()
# 1 MiB of hex digits: a line that compresses only twice (a line of one letter is a gzip bomb).
LONG_LINE = "X-Long: " + random.Random(0).randbytes(2**19).hex()
MANY_LINES = tuple(f"X-Line-{n}: {'b' * 90}" for n in range(5_000))  # 500 KB of header lines
SPACES = gzip.compress(b"<html><body>" + b" " * 4 * 2**20 + b"</body></html>")  # 4 KB: 4 MiB
ZEROS = b"\x00" * 8 * 2**20  # a member of 8 KB inflating to 8 MiB

# (the middle record, the reject's reason, what its message says, whether the scan goes on)
CASES = {
    "long-warc-header-line": (
        _record(_http(PAGE), (LONG_LINE,)),
        "header_too_long",
        "a header line over 65,536 bytes",
        False,
    ),
    "many-warc-header-lines": (
        _record(_http(PAGE), MANY_LINES),
        "header_too_long",
        "header lines over 262,144 bytes in all",
        False,
    ),
    "long-http-header-line": (
        _record(_http(PAGE, "Set-" + LONG_LINE)),
        "header_too_long",
        "line",
        False,
    ),
    "page-over-the-limit": (
        _record(_http(PAGE * 30)),
        "too_large",
        "of 120,450 bytes as declared, over the limit of 100,000",
        True,
    ),
    "page-decoding-over-it": (
        _record(_http(SPACES, "Content-Encoding: gzip")),
        "too_large",
        "decoded (gzip) to over the limit of 100,000 bytes",
        True,
    ),
}


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_record_over_a_limit_is_a_reject_naming_the_archive_and_record(
    tmp_path: Path, case: str, gzipped: bool
):
    middle, reason, says, goes_on = CASES[case]
    path, _ = _archive(tmp_path, gzipped, middle)
    refs, rejects = _expand(path)
    assert [(r.reason, r.sha256) for r in rejects] == [(reason, None)]
    [reject] = rejects
    assert reject.source_path.startswith(f"{path.name}#")
    assert says in reject.message
    assert len(refs) == (4 if goes_on else 2)  # the pages before it are kept, and after it
    assert all(isinstance(load(ref, MAX_BYTES), RawDoc) for ref in refs)


def test_a_gzip_bomb_in_one_member_ends_the_scan_with_the_pages_before_it(tmp_path: Path):
    http = _http(ZEROS, content_type="application/octet-stream")  # not even a page
    path, offset = _archive(tmp_path, True, _record(http))
    refs, rejects = _expand(path)
    # Found as its header is read (its first block inflates 1,000 times): named by its offset.
    assert [(r.reason, r.source_path) for r in rejects] == [("gzip_bomb", f"{path.name}#@{offset}")]
    assert "inflates" in rejects[0].message
    assert len(refs) == 2


def test_an_archive_of_any_size_is_read_page_by_page(tmp_path: Path):
    fetches = [html_fetch(a.url, LAYOUTS["semantic"](a)) for a in ARTICLES]
    write_warc(tmp_path / "crawl.warc.gz", fetches)
    archive_size = (tmp_path / "crawl.warc.gz").stat().st_size
    largest = max(len(f.body) for f in fetches)
    assert largest < archive_size  # the archive is over the limit, each page under it
    refs, rejects = discover(tmp_path, max_bytes=largest)
    assert rejects == [] and [r.source_path for r in refs] == ["crawl.warc.gz"]
    expanded = expand_archives(refs, largest)
    assert expanded.rejects == [] and len(expanded.refs) == len(ARTICLES)


@pytest.mark.parametrize(
    ("fetches", "held"),
    [
        ([], "no HTML page among its records: 1 warcinfo"),
        (
            [Fetch("https://example.org/robots.txt", "200 OK", "text/plain", ROBOTS)],
            "no HTML page among its records: 1 not_html, 1 request, 1 warcinfo",
        ),
    ],
    ids=["nothing", "no-page"],
)
def test_an_archive_without_pages_leaves_a_reject_saying_what_it_held(
    tmp_path: Path, fetches: list[Fetch], held: str
):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, fetches)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    refs, rejects = discover(tmp_path)
    expanded = expand_archives(refs)
    assert expanded.refs == []
    assert [(r.source_path, r.sha256, r.reason, r.message) for r in expanded.rejects] == [
        ("crawl.warc.gz", digest, "empty_archive", held)
    ]


def test_an_empty_file_named_as_an_archive_is_an_empty_archive(tmp_path: Path):
    (tmp_path / "crawl.warc").write_bytes(b"")
    refs, _ = discover(tmp_path)
    [reject] = expand_archives(refs).rejects
    assert (reject.reason, reject.message) == ("empty_archive", "no records at all")
