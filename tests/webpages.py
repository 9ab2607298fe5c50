"""Web material made on the spot: the seed articles as HTML pages in several layouts, and WARC
archives of such pages written with warcio's writer (as a crawler would).

Used by the tests and by `benchmarks/warc.py`; nothing here is corpus text (the seeds are
the project's own sample articles).
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.text.clean import STANDFIRST_MAX_CHARS, repair, split_blocks

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Outlet, author and date for the seeds the manifest leaves without them.
_EXTRA_META = {
    "000_f2e76c1b7090efcc.txt": ("Eastern Desk", "Maria Volkova", "2025-01-22T14:10:00+00:00"),
    "003_tennis_final.txt": ("Courtside Daily", "Leo Martins", "2026-11-27T21:45:00+00:00"),
    "004_chipmaker_profit.txt": ("", "Dana Whitfield", ""),
}


@dataclass(frozen=True)
class Article:
    """One article with what a news page shows around it."""

    slug: str
    title: str
    standfirst: str | None
    paragraphs: tuple[str, ...]
    publisher: str
    author: str
    published_at: str  # ISO 8601 with offset
    url: str

    @property
    def host(self) -> str:
        return self.url.split("/")[2]


def seed_articles() -> list[Article]:
    """The seeds, split into title, standfirst and paragraphs as the clean stage splits them."""
    with (SEEDS / "manifest.csv").open(newline="") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle)}
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        blocks = split_blocks(repair(path.read_text(encoding="utf-8")))
        row = manifest.get(path.name, {})
        publisher, author, published = _EXTRA_META.get(path.name, ("", "", ""))
        has_standfirst = len(blocks[1]) <= STANDFIRST_MAX_CHARS and blocks[1][-1] not in ".!?”'\""
        slug = path.stem.split("_", 1)[1].replace("_", "-")
        articles.append(
            Article(
                slug=slug,
                title=row.get("title") or blocks[0],
                standfirst=blocks[1] if has_standfirst else None,
                paragraphs=tuple(blocks[2:] if has_standfirst else blocks[1:]),
                publisher=row.get("publisher") or publisher,
                author=row.get("author") or author,
                published_at=_iso(row.get("published_at")) or published,
                url=row.get("url") or f"https://news.example.com/world/{slug}",
            )
        )
    return articles


def _iso(value: str | None) -> str:
    if not value:
        return ""
    if len(value) == 10:
        return f"{value}T00:00:00+00:00"
    return value.replace("Z", "+00:00")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_NAV = "".join(
    f'<li><a href="/{part.lower()}">{part}</a></li>'
    for part in ("World", "Politics", "Business", "Sport", "Culture", "Opinion", "Video")
)
_COOKIES = (
    '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your '
    "experience, to analyse traffic and to show you personalised advertising. By clicking "
    "Accept you agree to our use of cookies.</p><button>Accept all</button>"
    "<button>Manage preferences</button></div>"
)
_SCRIPTS = (
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-XXXX');</script>"
    '<script src="/static/app.js" defer></script>'
    "<style>body{font-family:Georgia,serif}.nav li{display:inline}.ad{min-height:250px}</style>"
)


def _related(article: Article) -> str:
    items = "".join(
        f'<li><a href="https://{article.host}/story/{n}">Further coverage of the story, part {n}'
        "</a></li>"
        for n in range(1, 6)
    )
    return f'<aside class="related"><h2>Related stories</h2><ul>{items}</ul></aside>'


def _comments() -> str:
    comments = "".join(
        f'<div class="comment"><span class="user">reader{n}</span><p>Comment number {n}: '
        "I completely disagree with this article and the way it was reported.</p></div>"
        for n in range(1, 4)
    )
    return f'<section id="comments" class="comments"><h2>3 comments</h2>{comments}</section>'


def _footer(article: Article) -> str:
    links = "".join(
        f'<a href="/{x.lower().replace(" ", "-")}">{x}</a> '
        for x in ("About us", "Contact", "Privacy policy", "Terms of use", "Careers")
    )
    rights = f"© 2026 {_e(article.publisher)}. All rights reserved."
    return f"<footer><p>{links}</p><p>{rights}</p></footer>"


def _body_paragraphs(article: Article) -> str:
    first = f'<p class="standfirst">{_e(article.standfirst)}</p>' if article.standfirst else ""
    return first + "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)


def _human_date(article: Article) -> str:
    import datetime as dt

    stamp = dt.datetime.fromisoformat(article.published_at)
    return f"{stamp.day} {stamp:%B %Y}, {stamp:%H:%M}"


def _json_ld(article: Article) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_at,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": article.publisher},
        "mainEntityOfPage": article.url,
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def semantic_layout(article: Article) -> str:
    """HTML5 with <article>, Open Graph and article meta tags, a <time> element."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{_e(article.title)} | {_e(article.publisher)}</title>
<link rel="canonical" href="{article.url}">
<meta property="og:site_name" content="{_e(article.publisher)}">
<meta property="og:title" content="{_e(article.title)}">
<meta property="og:type" content="article">
<meta name="author" content="{_e(article.author)}">
<meta property="article:published_time" content="{article.published_at}">
{_SCRIPTS}</head>
<body>{_COOKIES}
<header><a class="logo" href="/">{_e(article.publisher)}</a><nav><ul class="nav">{_NAV}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<div class="ad">Advertisement</div>
<article><h1>{_e(article.title)}</h1>
<p class="byline">By <a rel="author" href="/authors/x">{_e(article.author)}</a>,
<time datetime="{article.published_at}">{_human_date(article)}</time></p>
{_body_paragraphs(article)}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
{_related(article)}{_comments()}{_footer(article)}
</body></html>"""


def main_layout(article: Article) -> str:
    """A <main> element, no meta tags: date, author and outlet only in inline JSON-LD."""
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{_e(article.title)}</title>
{_json_ld(article)}{_SCRIPTS}</head>
<body><div class="topbar"><ul>{_NAV}</ul></div>{_COOKIES}
<main id="content"><h1 class="headline">{_e(article.title)}</h1>
<div class="article-body">{_body_paragraphs(article)}</div></main>
<div class="newsletter"><h3>Sign up to our newsletter</h3><p>The best stories in your inbox
every morning.</p><input type="email"><button>Subscribe</button></div>
{_related(article)}{_footer(article)}</body></html>"""


def div_soup_layout(article: Article) -> str:
    """Old-CMS markup: nested divs and tables, classic meta tags, no semantic elements."""
    paragraphs = "".join(
        f'<div class="para">{_e(p)}</div>' for p in (article.standfirst, *article.paragraphs) if p
    )
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{_e(article.title)} - {_e(article.publisher)}</title>
<meta name="author" content="{_e(article.author)}">
<meta name="date" content="{article.published_at}">
<meta name="application-name" content="{_e(article.publisher)}">
<meta property="og:site_name" content="{_e(article.publisher)}">
<link rel="canonical" href="{article.url}">
</head><body><div id="wrapper"><div id="hdr"><table><tr><td>{_NAV}</td></tr></table></div>
<div id="cols"><div class="col-left"><div class="menu-box">{_NAV}</div></div>
<div class="col-main"><div class="story"><div class="story-title"><h2>{_e(article.title)}</h2>
</div><div class="story-meta">By {_e(article.author)} | {_human_date(article)}</div>
<div class="story-text">{paragraphs}</div></div>
<div class="box-related"><b>Read also</b>{_related(article)}</div></div></div>
<div id="ftr">{_footer(article)}</div></div></body></html>"""


def amp_layout(article: Article) -> str:
    """An AMP page: AMP runtime and boilerplate, amp-img, JSON-LD, canonical to the full page."""
    return f"""<!doctype html>
<html ⚡ lang="en"><head><meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{_e(article.title)}</title>
<link rel="canonical" href="{article.url}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta property="og:site_name" content="{_e(article.publisher)}">
{_json_ld(article)}
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}}
</style><noscript><style amp-boilerplate>body{{-webkit-animation:none}}</style></noscript>
</head><body><amp-analytics type="gtag"><script type="application/json">{{"vars":{{}}}}
</script></amp-analytics><header class="amp-header"><a href="/">{_e(article.publisher)}</a>
</header><article class="amp-article"><h1>{_e(article.title)}</h1>
<div class="amp-byline">{_e(article.author)}</div>
<amp-img src="/photo.jpg" width="600" height="400" layout="responsive" alt="Photo"></amp-img>
{_body_paragraphs(article)}</article>
<amp-ad width="300" height="250" type="doubleclick"></amp-ad>{_footer(article)}</body></html>"""


LAYOUTS: dict[str, Callable[[Article], str]] = {
    "semantic": semantic_layout,
    "main": main_layout,
    "div_soup": div_soup_layout,
    "amp": amp_layout,
}

FRENCH = Article(
    slug="budget-vote",
    title="Le conseil municipal adopte le budget après un long débat",
    standfirst=None,
    paragraphs=(
        "Le maire a déclaré lundi que le nouveau budget de la ville était le plus ambitieux "
        "jamais présenté aux habitants, malgré les critiques de l'opposition.",
        "« Nous avons fait des choix difficiles mais nécessaires », a-t-il affirmé devant la "
        "presse, en promettant que les impôts locaux ne seraient pas augmentés cette année.",
        "L'opposition a dénoncé un budget irréaliste et a annoncé un recours devant le tribunal "
        "administratif de la région.",
    ),
    publisher="Le Journal Local",
    author="Claire Dubois",
    published_at="2026-11-28T08:00:00+01:00",
    url="https://journal.example.fr/politique/budget",
)


def section_front(publisher: str) -> str:
    """A section front: headlines and links, no article."""
    teasers = "".join(
        f'<li><a href="/story/{n}">Headline of story number {n}</a></li>' for n in range(1, 25)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><title>World news | {_e(publisher)}</title>
</head><body><nav><ul>{_NAV}</ul></nav><h1>World</h1><ul class="teasers">{teasers}</ul>
</body></html>"""


NOT_FOUND = (
    "<!DOCTYPE html><html><head><title>Page not found</title></head><body>"
    "<h1>404</h1><p>Sorry, the page you are looking for does not exist.</p></body></html>"
)
# URLs whose host urllib cannot read: an unclosed IPv6 bracket (urlsplit raises), a space in
# the host and a port out of range (raises only when the port is asked for), a bracket alone.
MALFORMED_URLS = (
    "http://[::1",
    "http://exa mple.com:99999/",
    "https://example.com:99999/a",
    "http://a]/",
)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
ROBOTS = b"User-agent: *\nDisallow: /search\nSitemap: https://news.example.com/sitemap.xml\n"


@dataclass(frozen=True)
class Fetch:
    """One HTTP exchange as a crawler stores it."""

    url: str
    status: str  # e.g. "200 OK"
    content_type: str
    body: bytes
    location: str | None = None


def html_fetch(url: str, page: str) -> Fetch:
    return Fetch(url, "200 OK", "text/html; charset=utf-8", page.encode("utf-8"))


def crawl(articles: Iterable[Article]) -> list[Fetch]:
    """What a news crawl of the seed articles holds: every article in one layout each (cycled),
    the AMP copy of the first (a second fetch of the same story), a non-English article, a
    section front, a 404, a PDF, a redirect and robots.txt."""
    articles = list(articles)
    names = list(LAYOUTS)
    fetches = [html_fetch(a.url, LAYOUTS[names[n % len(names)]](a)) for n, a in enumerate(articles)]
    first = articles[0]
    return [
        Fetch(f"https://{first.host}/robots.txt", "200 OK", "text/plain", ROBOTS),
        *fetches,
        html_fetch(f"{first.url}/amp", amp_layout(first)),
        html_fetch(FRENCH.url, semantic_layout(FRENCH)),
        html_fetch(f"https://{first.host}/world", section_front(first.publisher)),
        Fetch(f"https://{first.host}/old-story", "404 Not Found", "text/html", NOT_FOUND.encode()),
        Fetch(f"https://{first.host}/report.pdf", "200 OK", "application/pdf", PDF),
        Fetch(
            f"http://{first.host}/world",
            "301 Moved Permanently",
            "text/html",
            b"",
            location=f"https://{first.host}/world",
        ),
    ]


def write_warc(path: Path, fetches: Iterable[Fetch], gzip: bool = True) -> None:
    """A WARC as crawlers write it: warcinfo, then a request and a response per fetch."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        info = {"software": "newslake-tests", "format": "WARC File Format 1.1"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for fetch in fetches:
            request = f"GET /{fetch.url.split('/', 3)[-1]} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            writer.write_record(
                writer.create_warc_record(fetch.url, "request", payload=io.BytesIO(request))
            )
            headers = [("Content-Type", fetch.content_type)]
            headers += [("Content-Length", str(len(fetch.body)))]
            if fetch.location:
                headers.append(("Location", fetch.location))
            http = StatusAndHeaders(fetch.status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                fetch.url, "response", payload=io.BytesIO(fetch.body), http_headers=http
            )
            writer.write_record(record)


def weighty(page: str) -> str:
    """`page` as heavy as a real news page (about 80 KB): a mega menu, a trending box and a
    large inline state script, the bulk of a news site's markup around its article."""
    sections = ("News", "World", "Business", "Sport", "Culture", "Science", "Travel", "Opinion")
    menu = "".join(
        f'<li class="menu-item"><a href="/{s.lower()}/{n}">{s} topic {n}</a></li>'
        for s in sections
        for n in range(20)
    )
    trending = "".join(
        f'<li><a href="/trending/{n}"><img src="/t/{n}.jpg" alt=""><span>Trending story '
        f"number {n} that everyone is reading today</span></a></li>"
        for n in range(20)
    )
    state = json.dumps({"items": [{"id": n, "teaser": "x" * 200} for n in range(200)]})
    body = page.index(">", page.index("<body")) + 1
    end = page.rindex("</body>")
    return (
        f'{page[:body]}<nav class="mega-menu"><ul>{menu}</ul></nav>{page[body:end]}'
        f'<aside class="trending"><h3>Trending</h3><ol>{trending}</ol></aside>'
        f'<script id="__STATE__" type="application/json">{state}</script>{page[end:]}'
    )


def numbered(article: Article, n: int) -> Article:
    """A distinct story built from `article` (benchmarks need thousands of different pages)."""
    return replace(
        article,
        title=f"{article.title} ({n})",
        paragraphs=(*article.paragraphs, f"This is report number {n} in the series."),
        url=f"{article.url}-{n}",
    )


# Pieces of hostile markup: tags of HTML, SVG and MathML, attributes that dates, URLs and
# metadata are read from, and text with entities and brackets.
_SOUP_TAGS = (
    "p div span a svg g path math mi table tr td ul li html head body title meta time article "
    "main section script style template iframe noscript br img h1 b i blockquote q pre form "
    "select option frameset object embed foreignObject desc"
).split()
_SOUP_ATTRIBUTES = (
    'class="article"',
    'href="http://[::1"',
    'datetime="2026-13-45"',
    'content="2020-02-30"',
    'property="article:published_time"',
    'name="date"',
    'itemprop="datePublished"',
    'rel="canonical"',
    'xmlns="http://www.w3.org/2000/svg"',
    'type="application/ld+json"',
)
_SOUP_WORDS = "the mayor said budget 2024 © January 32 &amp; &#0; ] ]]> < > \" ' {".split()


def tag_soup(rng: random.Random, depth: int = 0) -> str:
    """A random fragment of hostile markup (for fuzzing the HTML path): nested tags, some left
    open, stray end tags, and text between them."""
    out = []
    for _ in range(rng.randint(1, 8)):
        draw = rng.random()
        if draw < 0.35 or depth > 6:
            out.append(" ".join(rng.choice(_SOUP_WORDS) for _ in range(rng.randint(0, 12))))
        elif draw < 0.45:
            out.append(f"</{rng.choice(_SOUP_TAGS)}>")
        else:
            tag = rng.choice(_SOUP_TAGS)
            attributes = " ".join(rng.sample(_SOUP_ATTRIBUTES, rng.randint(0, 3)))
            closed = f"</{tag}>" if rng.random() < 0.8 else ""
            out.append(f"<{tag} {attributes}>{tag_soup(rng, depth + 1)}{closed}")
    return "".join(out)
