"""The page set of benchmarks/pages: every page holding an article gives a document whose body
is the expected one, whatever its layout, language or script; pages without one are rejected."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from tasks.ingest.html import Page, extract_page
from tasks.ingest.load import load
from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject
from tasks.text.clean import clean
from tasks.text.parts import CleanDoc

PAGES = Path(__file__).resolve().parents[2] / "benchmarks" / "pages"
EXPECTED = {path.stem: path.read_text(encoding="utf-8") for path in PAGES.glob("*.txt")}
ARTICLE_PAGES = sorted(name for name, body in EXPECTED.items() if body.strip())
EMPTY_PAGES = sorted(name for name, body in EXPECTED.items() if not body.strip())
MIN_BODY_F1 = 0.95
# Pages trafilatura reads only in part (a lead outside the body's container, the text run
# before the first spacer paragraph), with newslake as with trafilatura alone.
PARTLY_READ = {"lead_paragraph": 0.8, "spacer_body": 0.85}
# Pages in a language other than English, and the language each is judged to be in.
LANGUAGES = {
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "russian": "ru",
    "japanese": "ja",
    "chinese": "zh",
}
# A token: one character of a script written without spaces, else a run of word characters.
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|\w+")


def _load(name: str) -> RawDoc | Reject:
    path = PAGES / f"{name}.html"
    data = path.read_bytes()
    return load(FileRef(str(path), path.name, len(data), hashlib.sha256(data).hexdigest(), {}))


def _f1(found: str, expected: str) -> float:
    """Bag-of-tokens F1 of a body against the expected one (as benchmarks/pages.py scores)."""
    got, want = Counter(TOKEN.findall(found.lower())), Counter(TOKEN.findall(expected.lower()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _body(cleaned: CleanDoc) -> str:
    body = [b for b in cleaned.blocks if b.part != "title"]
    return "\n\n".join(cleaned.text[b.start : b.end] for b in body)


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_every_article_page_gives_its_article(name: str):
    loaded = _load(name)
    assert isinstance(loaded, RawDoc), loaded
    cleaned = clean(loaded)
    assert isinstance(cleaned, CleanDoc), cleaned
    assert _f1(_body(cleaned), EXPECTED[name]) >= PARTLY_READ.get(name, MIN_BODY_F1)
    assert cleaned.language == LANGUAGES.get(name, "en")
    assert loaded.extraction == "precise"
    for block in cleaned.blocks:  # offsets index the text exactly
        assert cleaned.text[block.start : block.end].strip()


@pytest.mark.parametrize("name", EMPTY_PAGES)
def test_a_page_without_an_article_is_no_article(name: str):
    rejected = _load(name)
    assert isinstance(rejected, Reject)
    assert (rejected.stage, rejected.reason) == ("ingest", "no_article")


def test_a_page_without_a_headline_keeps_its_first_paragraph():
    cleaned = clean(_load("no_title"))  # an <article> of 8 paragraphs, no <title>, no heading
    assert isinstance(cleaned, CleanDoc)
    assert (cleaned.title, cleaned.n_paragraphs) == ("", 8)
    assert cleaned.text.startswith("Workers at the canal museum")


def test_a_table_inside_the_article_is_kept_and_a_layout_table_is_not_read_as_one():
    stats = clean(_load("sports_stats"))
    assert isinstance(stats, CleanDoc)
    assert "\n\nEli Baptiste | 41 | 31 | 5 | 8\n\n" in stats.text  # one paragraph per row
    assert "---" not in stats.text
    layout = clean(_load("table_layout"))
    assert isinstance(layout, CleanDoc)
    assert "| Home |" not in layout.text and "Archive 2016" not in layout.text


@pytest.mark.parametrize(
    ("paragraphs", "declared", "outcome"),
    [
        (["One reprint notice of a few words."], True, "no_article"),
        (["One reprint notice of a few words."], False, "no_article"),
        (["Apology for a missing page, go back home."] * 2, False, "no_article"),
    ],
    ids=["article-markup", "no-markup", "error-page"],
)
def test_a_short_page_stays_no_article_whatever_its_markup(
    paragraphs: list[str], declared: bool, outcome: str
):
    meta = '<meta property="og:type" content="article">' if declared else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><head><title>T</title>{meta}</head><body><main>{body}</main></body></html>"
    found = extract_page(page)
    assert not isinstance(found, Page) and found.reason == outcome


SPACED_RUNS = [  # text runs between empty spacer paragraphs: the precise pass keeps one
    "Crews finished resurfacing the harbour road on Friday, two weeks ahead of plan.",
    "The council said the new surface should last twenty years and cut road noise by half.",
    "Buses return to their usual route on Monday, and the temporary stops will be removed.",
    "Residents were thanked for their patience during the eight weeks of night work.",
    "The next stretch, from the ferry terminal to the station, is due to start in spring.",
    "Cyclists will get a separate lane on that stretch once the work is finished there.",
]


def _spacer_page(markup: str) -> str:
    runs = "<p></p>".join(SPACED_RUNS)
    return (
        f"<html><head><title>Harbour road reopens</title>{markup}</head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Harbour road reopens</h1>'
        f'<div id="txt"><font size="3">{runs}</font></div>'
        "<p>You may share this page with friends.</p><footer>About us</footer></body></html>"
    )


def test_a_precise_pass_that_finds_no_article_falls_back_on_an_article_page():
    page = extract_page(_spacer_page('<meta property="og:type" content="article">'))
    assert isinstance(page, Page) and page.extraction == "default"
    assert all(run in page.text() for run in SPACED_RUNS[1:])


def test_a_page_that_does_not_call_itself_an_article_is_not_searched_further():
    page = extract_page(_spacer_page(""))  # as a section front: no article markup
    assert not isinstance(page, Page) and page.reason == "no_article"
