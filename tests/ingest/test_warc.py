"""WARC archives written here with warcio's writer, gzipped and plain, whole, cut and damaged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from webpages import (
    FRENCH,
    LAYOUTS,
    MALFORMED_URLS,
    Fetch,
    crawl,
    html_fetch,
    numbered,
    seed_articles,
    write_warc,
)

from tasks.ingest.discover import discover, expand_archives
from tasks.ingest.load import load
from tasks.ingest.refs import DEFAULT_MAX_BYTES as MAX_BYTES
from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject
from tasks.ingest.warc import CorruptArchive, read_page, scan
from tasks.text.clean import clean
from tasks.text.parts import CleanDoc

ARTICLES = seed_articles()
FETCHES = crawl(ARTICLES)
HTML_PAGES = [f for f in FETCHES if f.status == "200 OK" and f.content_type.startswith("text/html")]
# Besides the pages: one warcinfo, a request per fetch, and the robots.txt, PDF, 404, redirect.
SKIPPED = {"warcinfo": 1, "request": len(FETCHES), "not_html": 2, "http_error": 1, "redirect": 1}
NAMES = {True: "crawl.warc.gz", False: "crawl.warc"}


@pytest.fixture(params=[True, False], ids=["gzip", "plain"])
def archive(request, tmp_path: Path) -> Path:
    path = tmp_path / NAMES[request.param]
    write_warc(path, FETCHES, gzip=request.param)
    return path


def test_scan_finds_every_html_response_and_counts_the_rest(archive: Path):
    found = scan(str(archive), MAX_BYTES)
    assert found.fault is None
    assert [page.record.url for page in found.pages] == [f.url for f in HTML_PAGES]
    assert dict(found.skipped) == SKIPPED
    for page, fetch in zip(found.pages, HTML_PAGES, strict=True):
        assert page.sha256 == hashlib.sha256(fetch.body).hexdigest()
        assert page.size == len(fetch.body)
        assert page.record.record_id.startswith("urn:uuid:")
        assert (
            read_page(str(archive), page.record, MAX_BYTES) == fetch.body
        )  # read by seeking to it


def test_reading_a_record_that_is_not_there_is_refused(archive: Path):
    page = scan(str(archive), MAX_BYTES).pages[1]
    moved = type(page.record)(page.record.offset + 1, page.record.record_id, page.record.url)
    with pytest.raises(CorruptArchive):
        read_page(str(archive), moved, MAX_BYTES)


@pytest.mark.integration  # reads the archive cut at every seventh byte boundary
@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_a_cut_archive_keeps_the_pages_before_the_cut_and_reports_it(tmp_path: Path, gzip: bool):
    whole = tmp_path / NAMES[gzip]
    write_warc(whole, FETCHES, gzip=gzip)
    pages = scan(str(whole), MAX_BYTES).pages
    data = whole.read_bytes()
    cut = tmp_path / f"cut-{whole.name}"
    separator = 0 if gzip else 4  # two CRLFs follow each record of a plain archive
    record_ends = _record_ends(whole)
    next_starts = {end + separator for end in record_ends}
    # Every 7th cut point of the last third, and each record's start there: a page cut short
    # is never a page, and the cut is reported unless it falls between two records (a
    # shorter archive, whole as it is).
    last_third = range(len(data) * 2 // 3, len(data))
    for size in sorted({*last_third[::7], *next_starts.intersection(last_third)}):
        cut.write_bytes(data[:size])
        found = scan(str(cut), MAX_BYTES)
        assert [p.sha256 for p in found.pages] == [p.sha256 for p in pages[: len(found.pages)]]
        if size in next_starts:
            assert found.fault is None, size
        elif found.fault is None:  # only a cut in the separator may pass unreported
            assert any(end <= size <= end + separator for end in record_ends), size
        for page in found.pages:
            assert read_page(str(cut), page.record, MAX_BYTES)


def _record_ends(path: Path) -> list[int]:
    """Offsets where each record's block ends (in a plain archive, two CRLFs follow)."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        return [records.get_record_offset() + records.get_record_length() for _ in records]


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_damaged_bytes_end_the_scan_with_a_fault_not_an_error(tmp_path: Path, gzip: bool):
    path = tmp_path / NAMES[gzip]
    write_warc(path, FETCHES, gzip=gzip)
    pages = scan(str(path), MAX_BYTES).pages
    third = pages[3].record.offset
    data = bytearray(path.read_bytes())
    data[third : third + 12] = b"\x00garbage\xff\xfe\x00!!"
    path.write_bytes(bytes(data))
    found = scan(str(path), MAX_BYTES)
    assert found.fault is not None
    assert [p.sha256 for p in found.pages] == [p.sha256 for p in pages[:3]]


def _landing(tmp_path: Path) -> Path:
    """A landing folder: an archive, an HTML file holding the same page as one of its records,
    a text file, and a manifest row naming the archive."""
    folder = tmp_path / "landing"
    folder.mkdir()
    write_warc(folder / "b_crawl.warc.gz", FETCHES)
    (folder / "a_story.html").write_bytes(HTML_PAGES[2].body)
    (folder / "c_note.txt").write_text("A headline\nA body paragraph of plain text.\n")
    (folder / "manifest.csv").write_text(
        "file,publisher,url\nb_crawl.warc.gz,Crawl Desk,https://one-url-for-all.example\n"
    )
    return folder


def test_archives_expand_to_one_ref_per_page_in_landing_order(tmp_path: Path):
    refs, rejects = discover(_landing(tmp_path))
    assert [r.source_path for r in refs] == ["a_story.html", "b_crawl.warc.gz", "c_note.txt"]
    expanded = expand_archives(refs)
    sources = [r.source_path for r in expanded.refs]
    assert sources[0] == "a_story.html" and sources[-1] == "c_note.txt"
    pages = expanded.refs[1:-1]
    assert len(pages) == len(HTML_PAGES) - 1  # one is the same page as a_story.html
    assert all(r.source_path.startswith("b_crawl.warc.gz#urn:uuid:") for r in pages)
    assert [(r.reason, r.message) for r in expanded.rejects] == [
        ("duplicate", "same bytes as a_story.html")
    ]
    assert dict(expanded.skipped) == SKIPPED
    # The archive's manifest row gives its pages a publisher, but not one URL for all of them.
    assert all(r.meta == {"publisher": "Crawl Desk"} for r in pages)
    assert [r.record.url for r in pages] == [f.url for f in HTML_PAGES if f is not HTML_PAGES[2]]


def test_a_page_from_an_archive_loads_as_its_article(tmp_path: Path):
    refs, _ = discover(_landing(tmp_path))
    page = expand_archives(refs).refs[1]
    loaded = load(page)
    assert isinstance(loaded, RawDoc) and loaded.content_type == "warc"
    cleaned = clean(loaded)
    assert isinstance(cleaned, CleanDoc) and cleaned.title == ARTICLES[0].title
    assert loaded.ref.meta["publisher"] == "Crawl Desk"  # the manifest's, over the page's
    assert loaded.ref.meta["author"] == ARTICLES[0].author
    assert loaded.ref.meta["url"] == ARTICLES[0].url


def test_a_page_over_the_size_limit_is_rejected_before_it_is_read(tmp_path: Path):
    path = tmp_path / "big.warc.gz"
    write_warc(path, [html_fetch(ARTICLES[0].url, LAYOUTS["semantic"](ARTICLES[0]))])
    ref = FileRef(str(path), path.name, path.stat().st_size, "x")
    page = expand_archives([ref]).refs[0]
    loaded = load(page, max_bytes=1000)
    assert isinstance(loaded, Reject) and loaded.reason == "too_large"


def test_a_cut_archive_gives_its_pages_before_the_cut_and_one_reject(tmp_path: Path):
    fetches = [html_fetch(a.url, LAYOUTS["main"](numbered(a, 1))) for a in ARTICLES[:3]]
    fetches.append(html_fetch(FRENCH.url, LAYOUTS["semantic"](FRENCH)))
    whole = tmp_path / "whole.warc"
    write_warc(whole, fetches, gzip=False)
    data = whole.read_bytes()
    last = scan(str(whole), MAX_BYTES).pages[-1].record.offset
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: last + 600])
    ref = FileRef(str(cut), cut.name, len(data), "sha-of-cut")
    expanded = expand_archives([ref])
    assert len(expanded.refs) == 3
    [reject] = expanded.rejects
    assert (reject.source_path, reject.sha256, reject.reason) == (
        cut.name,
        "sha-of-cut",
        "corrupt_warc",
    )
    assert "after 3 pages, which are kept" in reject.message
    assert all(isinstance(load(r), RawDoc) for r in expanded.refs)


def test_a_page_fetched_with_a_charset_other_than_utf8(tmp_path: Path):
    article = ARTICLES[2]
    body = LAYOUTS["semantic"](article).replace('charset="utf-8"', 'charset="windows-1252"')
    fetch = Fetch(article.url, "200 OK", "text/html; charset=windows-1252", body.encode("cp1252"))
    path = tmp_path / "cp1252.warc.gz"
    write_warc(path, [fetch])
    ref = FileRef(str(path), path.name, path.stat().st_size, "x")
    loaded = load(expand_archives([ref]).refs[0])
    assert isinstance(loaded, RawDoc) and loaded.encoding == "cp1252"
    assert "“Nobody ran for office to close libraries,” Ortega told" in loaded.text


def _page_from(folder: Path, where: str, url: str) -> RawDoc:
    """An article whose URL is `url`, given by the manifest, by the WARC record it was fetched
    in, or by its canonical link, loaded as discovery and a worker load it."""
    folder.mkdir()
    article = ARTICLES[1]
    if where == "manifest":  # the "main" layout has no canonical link
        (folder / "story.html").write_text(LAYOUTS["main"](article))
        (folder / "manifest.csv").write_text(f"file,url\nstory.html,{url}\n")
    elif where == "record":
        write_warc(folder / "crawl.warc.gz", [html_fetch(url, LAYOUTS["main"](article))])
    else:
        (folder / "story.html").write_text(LAYOUTS["semantic"](article).replace(article.url, url))
    refs, rejects = discover(folder)
    refused = [(r.reason, r.source_path) for r in rejects]
    dropped = where == "manifest" and url != "https://example.org/story"
    assert refused == ([("manifest_value", "manifest.csv#line=2")] if dropped else [])
    [ref] = expand_archives(refs).refs
    loaded = load(ref)
    assert isinstance(loaded, RawDoc), loaded
    return loaded


@pytest.mark.parametrize("url", MALFORMED_URLS)
@pytest.mark.parametrize("where", ["manifest", "record", "canonical"])
def test_a_malformed_url_is_dropped_where_it_enters(tmp_path: Path, where: str, url: str):
    loaded = _page_from(tmp_path / "landing", where, url)
    assert "url" not in loaded.ref.meta
    assert loaded.ref.meta["publisher"] == ARTICLES[1].publisher  # the page's, not a host
    well_formed = _page_from(tmp_path / "again", where, "https://example.org/story")
    assert well_formed.ref.meta["url"] == "https://example.org/story"
