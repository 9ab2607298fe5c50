"""Article bodies from web pages of many shapes: newslake against trafilatura alone.

    python benchmarks/pages.py [--pages benchmarks/pages] [--each]

Each `NAME.html` under `--pages` comes with `NAME.txt`, the article body a reader sees
(headline left out; empty for a page that holds no article: a section front, an error page).
newslake reads a page as `run` does (`load`, then `clean`) and its body is the document's text
after the title; a page it rejects gives no body. trafilatura alone is `trafilatura.extract`
with its default settings.

Scored as article-extraction benchmarks score: the body and the expected body as bags of
tokens (a word, or one character of a script written without spaces: Chinese, Japanese),
precision and recall per page, averaged over the article pages (precision over the pages that
gave a body), and F1 of those averages. `lost` is the share of article pages that gave no
body; `false articles`, the pages without an article that gave one. `--each` prints every page.
The same command measures any commit (run it with PYTHONPATH pointing at an export of the
older code to compare).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.ingest.load import load
from tasks.ingest.refs import FileRef  # noqa: E402
from tasks.ingest.rejects import Reject
from tasks.text.clean import clean

PAGES = Path(__file__).resolve().parent / "pages"
# One token per character of the scripts written without spaces, else a run of word characters.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+")


@dataclass(frozen=True)
class Score:
    precision: float | None  # None: no body, nothing to be precise about
    recall: float


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


def score(found: str, expected: str) -> Score:
    """Bag-of-tokens precision and recall of `found` against `expected`."""
    got, want = tokens(found), tokens(expected)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else None
    return Score(precision, common / sum(want.values()) if want else 0.0)


def newslake_body(path: Path) -> str:
    """The body of the document newslake makes of the page ("" if it rejects the page)."""
    data = path.read_bytes()
    ref = FileRef(str(path), path.name, len(data), hashlib.sha256(data).hexdigest(), {})
    loaded = load(ref)
    cleaned = loaded if isinstance(loaded, Reject) else clean(loaded)
    if isinstance(cleaned, Reject):
        return ""
    body = [b for b in cleaned.blocks if b.part != "title"]
    return "\n\n".join(cleaned.text[b.start : b.end] for b in body)


def trafilatura_body(path: Path) -> str:
    return trafilatura.extract(path.read_text(encoding="utf-8")) or ""


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "newslake": newslake_body,
    "trafilatura": trafilatura_body,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--each", action="store_true", help="print every page's scores")
    options = parser.parse_args()
    pages = sorted(options.pages.glob("*.html"))
    expected = {p: p.with_suffix(".txt").read_text(encoding="utf-8") for p in pages}
    articles = [p for p in pages if expected[p].strip()]
    print(f"{len(pages)} pages, {len(articles)} with an article")
    for name, extract in EXTRACTORS.items():
        bodies = {p: extract(p) for p in pages}
        scores = {p: score(bodies[p], expected[p]) for p in articles}
        given = [s.precision for s in scores.values() if s.precision is not None]
        precision = sum(given) / len(given) if given else 0.0
        recall = sum(s.recall for s in scores.values()) / len(scores)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        lost = [p.stem for p in articles if not bodies[p].strip()]
        false = [p.stem for p in pages if p not in scores and bodies[p].strip()]
        print(
            f"{name:12} precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
            f"lost {len(lost)}/{len(articles)} ({len(lost) / len(articles):.0%})"
            f"{': ' + ', '.join(lost) if lost else ''}  false articles {len(false)}"
            f"{': ' + ', '.join(false) if false else ''}"
        )
        if options.each:
            for page, s in scores.items():
                shown = "-" if s.precision is None else f"{s.precision:.3f}"
                print(f"    {page.stem:20} precision {shown:5}  recall {s.recall:.3f}")


if __name__ == "__main__":
    main()
