"""HTML pages in several layouts give the same article as the text file, with its metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from pathlib import Path

import pytest
from webpages import (
    FRENCH,
    LAYOUTS,
    NOT_FOUND,
    SEEDS,
    Article,
    numbered,
    section_front,
    seed_articles,
    semantic_layout,
    tag_soup,
    weighty,
)

from tasks.extract.analyse import extract
from tasks.ingest.load import load
from tasks.ingest.manifest import published_at
from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject
from tasks.text.clean import clean
from tasks.text.nlp import make_doc
from tasks.text.parts import CleanDoc
from tasks.text.segment import segment

ARTICLES = {article.slug: article for article in seed_articles()}
SEED_FILES = {path.stem.split("_", 1)[1].replace("_", "-"): path for path in SEEDS.glob("*.txt")}


def _file(folder: Path, name: str, data: bytes, meta: dict[str, str] | None = None) -> FileRef:
    path = folder / name
    path.write_bytes(data)
    return FileRef(str(path), name, len(data), hashlib.sha256(data).hexdigest(), meta or {})


def _clean_text(path: Path) -> str:
    ref = FileRef(str(path), path.name, 0, "")
    cleaned = clean(RawDoc(ref, path.read_text(encoding="utf-8"), "utf-8"))
    assert isinstance(cleaned, CleanDoc)
    return cleaned.text


@pytest.mark.parametrize("heavy", [False, True], ids=["light", "heavy"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_every_layout_gives_the_text_file_s_article(
    tmp_path: Path, slug: str, layout: str, heavy: bool
):
    article = ARTICLES[slug]
    page = LAYOUTS[layout](article)
    page = (weighty(page) if heavy else page).encode()  # heavy: mega menu, trending, state
    loaded = load(_file(tmp_path, f"{slug}.html", page))
    assert isinstance(loaded, RawDoc), loaded
    assert loaded.content_type == "html"
    cleaned = clean(loaded)
    assert isinstance(cleaned, CleanDoc), cleaned
    # Navigation, cookie banner, byline, share links, related stories, comments, footer: gone.
    assert cleaned.text == _clean_text(SEED_FILES[slug])
    assert cleaned.title == article.title
    assert cleaned.standfirst == article.standfirst
    meta = loaded.ref.meta
    assert (meta["publisher"], meta["author"]) == (article.publisher, article.author)
    assert published_at(meta["published_at"]) == dt.datetime.fromisoformat(article.published_at)
    expected_url = None if layout == "main" else article.url  # that layout has no canonical link
    assert meta.get("url") == expected_url


def test_quotes_keep_their_speaker_from_the_html_version(tmp_path: Path, nlp):
    article = ARTICLES["f2e76c1b7090efcc"]
    loaded = load(_file(tmp_path, "zelensky.htm", LAYOUTS["div_soup"](article).encode()))
    cleaned = clean(loaded)
    sentences = segment(cleaned)
    analysis = extract(cleaned, sentences, nlp(make_doc(nlp, cleaned.text, sentences)))
    quote = next(
        q for q in analysis.quotes if q.text.startswith("We know that at the intelligence")
    )
    assert (quote.speaker_name, quote.cue, quote.kind) == ("Vladimir Zelensky", "told", "direct")
    assert cleaned.text[quote.start : quote.end] == quote.text
    assert cleaned.text[quote.speaker_start : quote.speaker_end] == quote.speaker


def test_manifest_values_win_over_the_page_s(tmp_path: Path):
    article = ARTICLES["tennis-final"]
    manifest = {"publisher": "Wire Copy", "title": "Novak triumphs", "url": "https://wire.example"}
    loaded = load(_file(tmp_path, "final.html", semantic_layout(article).encode(), manifest))
    assert isinstance(loaded, RawDoc)
    assert loaded.ref.meta == {
        "publisher": "Wire Copy",
        "title": "Novak triumphs",
        "url": "https://wire.example",
        "author": article.author,  # what the manifest does not say comes from the page
        "published_at": "2026-11-27T21:45:00+0000",
    }
    assert clean(loaded).title == "Novak triumphs"


def test_a_txt_file_holding_html_is_extracted(tmp_path: Path):
    article = ARTICLES["harbour-bridge-vote"]
    loaded = load(_file(tmp_path, "saved_page.txt", LAYOUTS["amp"](article).encode()))
    assert isinstance(loaded, RawDoc) and loaded.content_type == "html"
    assert clean(loaded).text == _clean_text(SEED_FILES["harbour-bridge-vote"])


def test_plain_text_stays_text(tmp_path: Path):
    loaded = load(_file(tmp_path, "a.txt", SEED_FILES["tennis-final"].read_bytes()))
    assert isinstance(loaded, RawDoc) and loaded.content_type == "text"


def _undated(article: Article) -> str:
    """The semantic layout with no date in its markup or byline (the footer's © year stays)."""
    page = semantic_layout(article)
    tag = f'<meta property="article:published_time" content="{article.published_at}">'
    start, end = page.index("<time"), page.index("</time>") + len("</time>")
    return page[:start].replace(tag, "") + page[end:]


PAGES_WITHOUT_ARTICLE = {
    "front.html": section_front("Newslake Wire"),
    "404.html": NOT_FOUND,
    "empty_body.html": "<html><head><title>A headline</title></head><body></body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES_WITHOUT_ARTICLE))
def test_a_page_without_an_article_is_rejected(tmp_path: Path, name: str):
    loaded = load(_file(tmp_path, name, PAGES_WITHOUT_ARTICLE[name].encode()))
    assert isinstance(loaded, Reject)
    assert (loaded.stage, loaded.reason) == ("ingest", "no_article")


def test_no_date_is_guessed_from_the_text(tmp_path: Path):
    article = numbered(ARTICLES["city-budget-cuts"], 3)
    loaded = load(_file(tmp_path, "undated.html", _undated(article).encode()))
    assert isinstance(loaded, RawDoc)
    assert "published_at" not in loaded.ref.meta
    assert loaded.ref.meta["author"] == article.author


def test_a_page_in_another_language_is_a_document_in_that_language(tmp_path: Path):
    loaded = load(_file(tmp_path, "fr.html", semantic_layout(FRENCH).encode()))
    assert isinstance(loaded, RawDoc)
    cleaned = clean(loaded)
    assert isinstance(cleaned, CleanDoc)
    assert (cleaned.language, cleaned.title) == ("fr", FRENCH.title)


SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>A drawing</title>'
    '<rect width="10" height="10"/></svg>\n'
)
# Markup the extractor raises on (htmldate's cleaning drops an element lxml left parentless).
BROKEN_PAGES = {
    "drawing.html": SVG,
    "soup.html": '<object>news<select name="date">x</select><tr><section><td>2024</td>',
}


@pytest.mark.parametrize("name", sorted(BROKEN_PAGES))
def test_a_page_the_extractor_fails_on_is_a_reject_naming_the_file(tmp_path: Path, name: str):
    loaded = load(_file(tmp_path, name, BROKEN_PAGES[name].encode()))
    assert isinstance(loaded, Reject)
    assert (loaded.stage, loaded.reason) == ("ingest", "extract_error")
    assert name in loaded.message and "AssertionError" in loaded.message


@pytest.mark.integration  # a hundred pages through trafilatura: seconds, not milliseconds
def test_random_markup_never_raises_out_of_load(tmp_path: Path):
    """Fuzzing: 100 fragments of tag soup, each a document or a reject (never an exception)."""
    rng = random.Random(2)
    outcomes = set()
    for n in range(100):
        loaded = load(_file(tmp_path, f"{n}.html", tag_soup(rng).encode()))
        outcomes.add(loaded.reason if isinstance(loaded, Reject) else "document")
    assert "extract_error" in outcomes and "no_article" in outcomes


def _sections(sections: int, paragraphs: int) -> str:
    """A page of `sections` sections of `paragraphs` paragraphs of four inline elements."""
    body = "".join(
        "<section>"
        + "".join(
            f"<p>Report {s}.{n}: the council <b>met</b> on <i>Monday</i> and <a href='/v'>voted"
            f"</a> on <q>the plan</q> for the harbour.</p>"
            for n in range(paragraphs)
        )
        + "</section>"
        for s in range(sections)
    )
    return f"<html><head><title>Sections</title></head><body>{body}</body></html>"


def _links(n: int) -> str:
    links = " ".join(f'<a href="/story/{i}">story {i}</a>' for i in range(n))
    return f"<html><head><title>Links</title></head><body><p>{links}</p></body></html>"


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        (_sections(5, 1_000), "an HTML page of 25,009 elements"),  # with html, head, title, body
        (_links(6_000), "one element (<p>) holds 6,000 elements side by side"),
        (_sections(3, 1_000), None),  # 15,009 elements, at most 1,000 side by side: extracted
    ],
    ids=["many-elements", "wide-element", "under-the-limits"],
)
def test_a_page_too_complex_to_extract_in_seconds_is_rejected_at_once(
    tmp_path: Path, page: str, problem: str | None
):
    started = time.process_time()
    loaded = load(_file(tmp_path, "page.html", page.encode()))
    if problem is None:
        assert isinstance(loaded, RawDoc), loaded
        return
    assert isinstance(loaded, Reject) and loaded.reason == "too_complex", loaded
    assert problem in loaded.message
    assert time.process_time() - started < 2  # counted before extraction: a fraction of 1 s
