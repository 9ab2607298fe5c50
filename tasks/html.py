"""HTML pages: the article's text and metadata, with navigation, banners, related links and
comments left out, laid out as an article file so the rest of the pipeline is unchanged.

trafilatura does the extraction: measured against resiliparse on the same pages
(`python benchmarks/warc.py`), it keeps the article and drops the boilerplate where
resiliparse's main-content mode keeps comments, bylines and menus, and it reads title, author,
date, outlet and canonical URL from meta tags, JSON-LD and the markup, which resiliparse
leaves to the caller. resiliparse is about seven times faster, but trafilatura's few
milliseconds per page are a small share of a document's time in the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura

MIN_ARTICLE_WORDS = 25  # fewer words under the headline: an error page or a teaser, no article

# Markup dates only (meta tags, JSON-LD, <time>, the URL): a date guessed from the page's
# text ("© 2026") is worse than none. The publication date, not the last update.
_DATES = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


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


def extract_page(html: str, url: str | None = None) -> Page | None:
    """The article of an HTML page, or None when the page holds none (a section front, an
    error page, a list of links). `url` is where the page was fetched from: the fallback for
    the page's own (canonical) URL."""
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
    if not isinstance(found, trafilatura.settings.Document):  # None: no article at all
        return None
    title = _one_line(found.title)
    paragraphs = [line for line in map(_one_line, (found.text or "").split("\n")) if line]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline, as some layouts repeat it in the body
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        return None
    meta = {
        "url": found.url or url,
        "publisher": found.sitename,
        "author": found.author,
        "published_at": found.date,
    }
    return Page(title or None, tuple(paragraphs), {k: v for k, v in meta.items() if v})


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
