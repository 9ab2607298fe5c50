"""trafilatura's passes over a page, and the choice between them: a page's article is never
lost to the extractor's own settings.

The first pass favours precision: it leaves out the most boilerplate, but on some layouts it
leaves out the article too (a page of divs where it keeps only a reprint notice, a lead
outside the body's container). So when it gives less than an article (MIN_ARTICLE_WORDS) or
much less than the page's main text (under MAIN_TEXT_SHARE of trafilatura's baseline: the
text of the page's `<article>`, else of its paragraphs), trafilatura's defaults are tried,
then its recall-favouring mode. A later pass replaces the text only when it adds at least
MIN_GAIN to it, and it ends the search as soon as the text is no longer short. Which pass
gave the text is recorded (`documents.extraction`).

Every pass keeps tables (a box score belongs to its match report; a layout table has been
unwrapped before, tasks.ingest.layout_tables) and runs trafilatura's own comparison with
readability and jusText (`fast=False`): `fast` and `favor_precision` together drop a lead
paragraph that either alone keeps.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from typing import Any, Literal

import trafilatura
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document

from tasks.text.script import word_count

Pass = Literal["precise", "default", "recall"]

MIN_ARTICLE_WORDS = 25  # fewer words under the headline: an error page or a teaser, no article
MAIN_TEXT_SHARE = 1 / 2  # a pass keeping less of the page's main text missed part of it
MIN_GAIN = 0.1  # a later pass must add this share of text to replace an earlier one
# The markup by which a page calls itself an article (Open Graph, schema.org as JSON-LD or
# microdata, the article's publication time). A page whose precise pass finds no article is
# searched further only when it says so: a section front or an error page gives the looser
# passes a few lines of teasers or apologies.
_ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*)?"\w*(?:Article|BlogPosting)"')
_ARTICLE_MARKUP = (
    "//meta[translate(@property, 'OGTYPE', 'ogtype')='og:type']"
    "[starts-with(translate(@content, 'ARTICLE', 'article'), 'article')]"
    " | //meta[@property='article:published_time']"
    " | //*[contains(@itemtype, 'schema.org/') and "
    "(contains(@itemtype, 'Article') or contains(@itemtype, 'BlogPosting'))]"
)

# Markup dates only (meta tags, JSON-LD, <time>, the URL): a date guessed from the page's
# text ("© 2026") is worse than none. The publication date, not the last update.
_DATES = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_COMMON: dict[str, Any] = {
    "fast": False,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
}
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
PASSES: tuple[tuple[Pass, dict[str, Any]], ...] = (
    ("precise", {"favor_precision": True}),
    ("default", {}),
    ("recall", {"favor_recall": True}),
)


@dataclass(frozen=True)
class Extracted:
    """One pass's result: its text as one-line paragraphs, and how many words they hold."""

    name: Pass
    paragraphs: tuple[str, ...]
    words: int


@dataclass(frozen=True)
class Article:
    """The chosen pass, and the page's metadata (read once, before the passes)."""

    chosen: Extracted
    metadata: Document


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _run(tree: HtmlElement, name: Pass, options: dict[str, Any], title: str) -> Extracted:
    """One pass over the page (trafilatura copies the tree: passes never see each other's
    cleaning)."""
    found = trafilatura.bare_extraction(tree, with_metadata=False, **_COMMON, **options)
    text = found.text if isinstance(found, Document) else ""
    lines = (_table_row(one_line(line)) for line in (text or "").split("\n"))
    paragraphs = [line for line in lines if line]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline, as some layouts repeat it in the body
    return Extracted(name, tuple(paragraphs), word_count(" ".join(paragraphs)))


def _table_row(line: str) -> str:
    """A table row as trafilatura writes it ("| a | b |") as "a | b"; its rule under the
    header row ("|---|---|") as nothing."""
    if _TABLE_RULE.match(line):
        return ""
    if line.startswith("| ") and line.endswith(" |"):
        return line[2:-2].strip()
    return line


def main_text_words(tree: HtmlElement) -> int:
    """Words of the page's main text: trafilatura's baseline (its `<article>`, else its
    paragraphs, else its whole body; read from a copy of the tree), or the element holding
    the most text of its own, if more (a body of text runs between `<br>`s or empty `<p>`s,
    which the baseline, reading paragraphs, misses)."""
    _, text, _ = trafilatura.baseline(tree)
    return max(word_count(text), _densest_words(tree))


def _densest_words(tree: HtmlElement) -> int:
    """Words of the element with the most text of its own (its text and its children's tails)."""
    most = 0
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT:
            continue
        own = [element.text or "", *(child.tail or "" for child in element)]
        most = max(most, word_count(" ".join(own)))
    return most


def declares_article(tree: HtmlElement) -> bool:
    """True when the page's markup calls it an article (Open Graph type, schema.org type in
    JSON-LD or microdata, an article publication time)."""
    if tree.xpath(_ARTICLE_MARKUP):
        return True
    scripts = tree.xpath("//script[contains(@type, 'ld+json')]/text()")
    return any(_ARTICLE_TYPE.search(script) for script in scripts)


def _short(extracted: Extracted, main_words: int) -> bool:
    return extracted.words < max(MIN_ARTICLE_WORDS, MAIN_TEXT_SHARE * main_words)


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, outlet, author, date and canonical URL from the page's markup (its meta tags,
    JSON-LD, headings), read from a copy of the tree."""
    return extract_metadata(copy(tree), url, _DATES, extensive=True)


def extract_article(tree: HtmlElement, url: str | None) -> Article:
    """The page's metadata, and its article text by the first pass that is not short (else
    the pass that added most): a page without an article gives a short text, never None."""
    metadata = page_metadata(tree, url)
    title = one_line(metadata.title)
    (first, options), *later = PASSES
    chosen = _run(tree, first, options, title)
    if not _short(chosen, main := main_text_words(tree)):
        return Article(chosen, metadata)
    if chosen.words < MIN_ARTICLE_WORDS and not declares_article(tree):
        return Article(chosen, metadata)
    for name, options in later:
        candidate = _run(tree, name, options, title)
        if candidate.words >= (1 + MIN_GAIN) * chosen.words:
            chosen = candidate
            if not _short(chosen, main):
                break
    return Article(chosen, metadata)
