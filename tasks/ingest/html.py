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

trafilatura's time grows faster than a page's element count, and fastest where many sit side
by side (lxml moves the text of each inline tag it strips into its parent's): 20,000 short
paragraphs cost 1.1 s of CPU, 80,000 cost 5 to 9 s; 8,000 `<span>`s in one `<p>` cost 2.6 s,
30,000 of them 35 s (`python benchmarks/hostile_pages.py`). So the page is parsed with
trafilatura's own parser and its elements counted (0.3 s for 320,000), and a page over
`MAX_ELEMENTS`, or with an element holding over `MAX_CHILDREN`, is `too_complex`; otherwise
the parsed tree is handed to trafilatura (a page is parsed once). Real news pages hold a few
thousand elements; the costliest page found under the limits (three `<p>`s of 4,990 `<span>`s)
takes 3.2 s.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

from lxml.html import HtmlElement
from trafilatura.utils import load_html

from tasks.ingest.extraction import MIN_ARTICLE_WORDS, Pass, extract_article, one_line
from tasks.ingest.layout_tables import unwrap_layout_tables
from tasks.ingest.urls import well_formed

MAX_ELEMENTS = 20_000  # elements in a page: about 1 s of trafilatura when short paragraphs
MAX_CHILDREN = 5_000  # child elements of one element: about 1.5 s when inline tags in a <p>

NO_ARTICLE = "no article in the HTML page (a section front, an error page, a list of links)"


@dataclass(frozen=True)
class Page:
    """What a page holds: its headline (None: the page names none), its article paragraphs,
    its own metadata, and which extraction pass found the article."""

    title: str | None
    paragraphs: tuple[str, ...]
    meta: dict[str, str] = field(default_factory=dict)  # url, publisher, author, published_at
    extraction: Pass = "precise"

    def text(self) -> str:
        """The article-file layout the clean stage reads: title line, then one block per
        paragraph, blocks separated by a blank line."""
        return "\n\n".join([self.title, *self.paragraphs] if self.title else self.paragraphs)


@dataclass(frozen=True)
class NoPage:
    """Why a page gives no article: the reason and message of its reject."""

    reason: str  # no_article | too_complex | extract_error
    message: str


def extract_page(html: str, url: str | None = None) -> Page | NoPage:
    """The article of an HTML page, or why there is none. `url` is where the page was
    fetched from (well-formed: tasks.ingest.urls): the fallback for the page's own (canonical) URL,
    which is dropped if malformed. The title is the page's own (its title, headline metadata
    or first heading), never a paragraph of the body."""
    try:
        tree = load_html(html)
        if tree is None:  # nothing lxml can read as a page
            return NoPage("no_article", NO_ARTICLE)
        problem = _complexity(tree)
        if problem is not None:
            return NoPage("too_complex", problem)
        unwrap_layout_tables(tree)
        article = extract_article(tree, url)
    except Exception as exc:  # the extractor's fault on this page: the page's reject only
        return NoPage("extract_error", _describe(exc))
    if article.chosen.words < MIN_ARTICLE_WORDS:
        return NoPage("no_article", NO_ARTICLE)
    found = article.metadata
    meta = {
        "url": well_formed(found.url) or url,
        "publisher": found.sitename,
        "author": found.author,
        "published_at": found.date,
    }
    title = one_line(found.title) or None
    kept = {k: v for k, v in meta.items() if v}
    return Page(title, article.chosen.paragraphs, kept, article.chosen.name)


def _complexity(tree: HtmlElement) -> str | None:
    """Why the page would take too long to extract (its element count), or None."""
    elements = widest = 0
    wide = tree
    for element in tree.iter():
        elements += 1
        if len(element) > widest:
            widest, wide = len(element), element
    if elements > MAX_ELEMENTS:
        return f"an HTML page of {elements:,} elements (at most {MAX_ELEMENTS:,} are extracted)"
    if widest > MAX_CHILDREN:
        return (
            f"one element (<{wide.tag}>) holds {widest:,} elements side by side "
            f"(at most {MAX_CHILDREN:,} are extracted)"
        )
    return None


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
