"""The real flow, through the CLI, over a landing folder of crawls: WARC archives (gzipped,
plain, cut short) and HTML files, made here from the seed articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from conftest import SEED_DATE
from typer.testing import CliRunner
from webpages import (
    FRENCH,
    LAYOUTS,
    crawl,
    html_fetch,
    numbered,
    seed_articles,
    write_warc,
)

from flows.cli import app
from tasks.ingest.refs import DEFAULT_MAX_BYTES as MAX_BYTES
from tasks.ingest.warc import scan

ARTICLES = seed_articles()
NLP_TABLES = ("sentences", "quotes", "entities")
# Two stories fetched from malformed URLs (a host urllib cannot read): their pages have no
# canonical link, so their documents have no URL.
MALFORMED = {
    "http://[::1": numbered(ARTICLES[1], 7),
    "http://exa mple.com:99999/": numbered(ARTICLES[2], 7),
}


def _landing(folder: Path) -> None:
    """a_crawl: articles 0-2, the AMP copy of 0, a French article, a section front, a 404, a
    PDF, a redirect, robots.txt. b_crawl (plain): articles 3-4, article 1 fetched again in
    another layout, an updated article 3, two stories fetched from malformed URLs. c_cut: two
    new stories, cut inside the second. d_story.txt: a saved page. e_again.html: article 4
    again, other markup (no URL, same text)."""
    folder.mkdir()
    write_warc(folder / "a_crawl.warc.gz", crawl(ARTICLES[:3]))
    again = html_fetch(ARTICLES[1].url, LAYOUTS["semantic"](ARTICLES[1]))
    later = [
        html_fetch(a.url, LAYOUTS[name](a))
        for a, name in zip(ARTICLES[3:], ["amp", "div_soup"], strict=True)
    ]
    update = numbered(ARTICLES[3], 2)  # a near-duplicate of article 3, later in the archive
    update_fetch = html_fetch(update.url, LAYOUTS["semantic"](update))
    malformed = [html_fetch(url, LAYOUTS["main"](story)) for url, story in MALFORMED.items()]
    write_warc(folder / "b_crawl.warc", [*later, again, update_fetch, *malformed], gzip=False)
    whole = folder.parent / "whole.warc.gz"
    stories = [numbered(ARTICLES[0], 5), numbered(ARTICLES[2], 5)]
    write_warc(whole, [html_fetch(s.url, LAYOUTS["main"](s)) for s in stories])
    second = scan(str(whole), MAX_BYTES).pages[1].record.offset
    (folder / "c_cut.warc.gz").write_bytes(whole.read_bytes()[: second + 900])
    (folder / "d_story.txt").write_text(LAYOUTS["amp"](numbered(ARTICLES[3], 9)))
    (folder / "e_again.html").write_text(LAYOUTS["main"](ARTICLES[4]))


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)


@pytest.fixture(scope="module")
def web_run(prefect_server, tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("web")
    _landing(root / "landing")
    lake = root / "lake"
    command = ["run", "--input", str(root / "landing"), "--date", SEED_DATE, "--lake", str(lake)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    return lake, result.output


def test_every_article_page_is_a_document_with_its_metadata(web_run):
    lake, _ = web_run
    documents = _table(lake, "documents")
    by_title = {row["title"]: row for row in documents.iter_rows(named=True)}
    for n, article in enumerate(ARTICLES):
        row = by_title[article.title]
        assert row["source_path"].startswith("a_crawl.warc.gz#urn:uuid:" if n < 3 else "b_crawl")
        assert row["content_type"] == "warc"
        assert (row["publisher"], row["author"]) == (article.publisher, article.author)
        assert row["published_at"] == dt.datetime.fromisoformat(article.published_at)
        assert row["url"] == article.url
    story, cut = numbered(ARTICLES[3], 9), numbered(ARTICLES[0], 5)
    assert by_title[story.title]["content_type"] == "html"
    assert by_title[story.title]["source_path"] == "d_story.txt"
    assert by_title[cut.title]["source_path"].startswith("c_cut.warc.gz#")
    assert documents.height == len(ARTICLES) + 4 + len(MALFORMED)  # + the French article
    french = by_title[FRENCH.title]
    assert (french["language"], french["n_sentences"], french["model"]) == ("fr", 0, None)
    assert french["extraction"] == "precise" and french["publisher"] == FRENCH.publisher
    nlp_rows = [_table(lake, t).filter(pl.col("doc_id") == french["doc_id"]) for t in NLP_TABLES]
    assert [rows.height for rows in nlp_rows] == [0, 0, 0]
    daily = _table(lake, "outlet_daily").filter(pl.col("publisher") == FRENCH.publisher)
    assert daily["languages"].to_list() == [[{"language": "fr", "n_documents": 1}]]
    assert daily["n_quotes"].to_list() == [0]
    # Near-duplicates point to the first copy in landing order, within an archive too.
    update = by_title[numbered(ARTICLES[3], 2).title]
    assert update["duplicate_of"] == by_title[ARTICLES[3].title]["doc_id"]
    assert by_title[cut.title]["duplicate_of"] == by_title[ARTICLES[0].title]["doc_id"]


def test_every_other_page_is_rejected_with_its_reason(web_run):
    lake, _ = web_run
    rejects = _table(lake, "rejects")
    reasons = sorted(
        (row["source_path"].split("#")[0], row["stage"], row["reason"])
        for row in rejects.iter_rows(named=True)
    )
    assert reasons == [
        ("a_crawl.warc.gz", "dedupe", "duplicate"),  # the AMP copy: the same canonical URL
        ("a_crawl.warc.gz", "ingest", "no_article"),  # the section front
        ("b_crawl.warc", "dedupe", "duplicate"),  # article 1 fetched again
        ("c_cut.warc.gz", "ingest", "corrupt_warc"),
        ("e_again.html", "dedupe", "duplicate"),  # the same text as article 4
    ]
    messages = rejects["message"].to_list()
    assert any(m.startswith("same URL as a_crawl.warc.gz#") for m in messages)
    assert any(m.startswith("same text as b_crawl.warc#") for m in messages)


def test_a_page_fetched_from_a_malformed_url_is_a_document_without_one(web_run):
    lake, _ = web_run
    documents = _table(lake, "documents")
    for story in MALFORMED.values():
        row = documents.filter(pl.col("title") == story.title).row(0, named=True)
        assert (row["url"], row["publisher"]) == (None, story.publisher)


def test_other_records_are_counted(web_run):
    _, output = web_run
    for kind, count in [("warcinfo", 3), ("request", 18), ("not_html", 2)]:
        assert f"WARC records skipped ({kind}): {count}" in output
    assert "WARC records skipped (http_error): 1" in output
    assert "WARC records skipped (redirect): 1" in output
    assert "rejected (duplicate): 3" in output


def test_the_quote_is_found_from_the_html_version(web_run):
    lake, _ = web_run
    documents = _table(lake, "documents")
    seed = documents.filter(pl.col("title") == ARTICLES[0].title).row(0, named=True)
    quotes = _table(lake, "quotes").filter(pl.col("doc_id") == seed["doc_id"])
    row = quotes.filter(pl.col("text").str.starts_with("We know that at the intelligence")).row(
        0, named=True
    )
    assert (row["speaker_name"], row["cue"], row["kind"]) == ("Vladimir Zelensky", "told", "direct")
    texts = dict(documents.select("doc_id", "text").iter_rows())
    for table in ("sentences", "quotes", "entities"):
        for found in _table(lake, table).iter_rows(named=True):
            assert texts[found["doc_id"]][found["start"] : found["end"]] == found["text"], table


def test_a_rerun_of_the_same_crawl_is_skipped_and_a_changed_archive_is_not(
    prefect_server, tmp_path: Path
):
    folder, lake = tmp_path / "landing", tmp_path / "lake"
    folder.mkdir()
    pages = [html_fetch(a.url, LAYOUTS["main"](a)) for a in ARTICLES[2:4]]
    write_warc(folder / "crawl.warc.gz", pages)
    command = ["run", "--input", str(folder), "--date", SEED_DATE, "--lake", str(lake)]
    outputs = [CliRunner().invoke(app, command).output for _ in range(2)]
    write_warc(folder / "crawl.warc.gz", pages[:1])  # the archive changes: one page now
    outputs.append(CliRunner().invoke(app, command).output)
    skipped = ["input unchanged since" in output for output in outputs]
    assert skipped == [False, True, False]
    assert _table(lake, "documents")["title"].to_list() == [ARTICLES[2].title]
