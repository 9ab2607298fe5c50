"""HTML pages: the article's text and metadata, with navigation, banners, related links and
comments left out, laid out as an article file so the rest of the pipeline is unchanged.

trafilatura does the extraction: measured against resiliparse on the same pages
(`python benchmarks/warc.py`), it keeps the article and drops the boilerplate where
resiliparse's main-content mode keeps comments, bylines and menus, and it reads title, author,
date, outlet and canonical URL from meta tags, JSON-LD and the markup, which resiliparse
leaves to the caller. resiliparse is about seven times faster, but trafilatura's few
milliseconds per page are a small share of a document's time in the pipeline.

A page never raises: one that trafilatura (or htmldate, lxml beneath it) fails on, such as an
SVG saved as `.html`, is an `extract_error` naming the error and where it was raised, so one
page costs one reject and never its batch or its date.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

MIN_ARTICLE_WORDS = 25  # fewer words under the headline: an error page or a teaser, no article

# Markup dates only (meta tags, JSON-LD, <time>, the URL): a date guessed from the page's
# text ("© 2026") is worse than none. The publication date, not the last update.
_DATES = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
NO_ARTICLE = "no article in the HTML page (a section front, an error page, a list of links)"


@dataclass(frozen=True)
class Page:
    """What a page holds: its headline, its article paragraphs, and its own metadata."""

    title: str | None
    paragraphs: tuple[str, ...]
    meta: dict[str, str] = field(default_factory=dict)  # url, publisher, author, published_at

    def text(self) -> str:
        """The article-file layout the clean stage reads: title line, then one block per
        paragraph, blocks separated by a blank line."""
        return "\n\n".join([self.title, *self.paragraphs] if self.title else self.paragraphs)


@dataclass(frozen=True)
class NoPage:
    """Why a page gives no article: the reason and message of its reject."""

    reason: str  # no_article | extract_error
    message: str


def extract_page(html: str, url: str | None = None) -> Page | NoPage:
    """The article of an HTML page, or why there is none. `url` is where the page was
    fetched from: the fallback for the page's own (canonical) URL."""
    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            fast=True,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params=_DATES,
        )
    except Exception as exc:  # the extractor's fault on this page: the page's reject only
        return NoPage("extract_error", _describe(exc))
    if not isinstance(found, trafilatura.settings.Document):  # None: no article at all
        return NoPage("no_article", NO_ARTICLE)
    title = _one_line(found.title)
    paragraphs = [line for line in map(_one_line, (found.text or "").split("\n")) if line]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline, as some layouts repeat it in the body
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        return NoPage("no_article", NO_ARTICLE)
    meta = {
        "url": found.url or url,
        "publisher": found.sitename,
        "author": found.author,
        "published_at": found.date,
    }
    return Page(title or None, tuple(paragraphs), {k: v for k, v in meta.items() if v})


def _describe(exc: Exception) -> str:
    """The exception and where it was raised: the library's file and function (an
    AssertionError says nothing more)."""
    said = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return said
    parts = Path(frames[-1].filename).parts
    inside = parts.index("site-packages") + 1 if "site-packages" in parts else len(parts) - 2
    return f"{said} (raised in {'/'.join(parts[inside:])}, {frames[-1].name})"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
