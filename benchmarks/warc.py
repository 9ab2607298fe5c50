"""HTML extraction and WARC ingest: speed, quality and memory, each against a baseline run here.

    python benchmarks/warc.py               # everything; the pipeline at 200 and 2,000 pages
    python benchmarks/warc.py --pages 500   # the pipeline at one size only

The pages are the seed articles in the four layouts of tests/webpages.py (semantic, <main> with
JSON-LD, div soup, AMP), each numbered into a distinct story and made as heavy as a real news
page (about 60 KB: mega menu, trending box, inline state script). Printed:

1. extraction alone, one process, 2,000 pages: trafilatura (what newslake uses) against
   resiliparse's main-content mode, pages/s and their ratio, and quality on the 20 seed pages
   (words of the article found, in order, against the text-file version: precision, recall,
   F1; metadata fields right);
2. reading the archive of 2,000 pages: warcio (what newslake uses) against fastwarc
   (1 and 2 in CPU seconds, which other work on a shared machine does not inflate);
3. the whole pipeline (`run` flow, Prefect, --workers processes) on an archive of N pages,
   against the same N articles as text files in the same process: pages/s, the ratio, the share
   of the workers' time in the ingest stage (reading and extraction), and peak memory. Each N
   runs in a fresh process, so its peak memory is its own. Targets: extraction under 20% of the
   pipeline's time; peak memory within 20% from 200 to 2,000 pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the page layouts and the WARC writer of the tests

from webpages import (  # noqa: E402
    LAYOUTS,
    Article,
    Fetch,
    html_fetch,
    numbered,
    seed_articles,
    weighty,
    write_warc,
)

DAY = dt.date(2026, 11, 28)
SIZES = (200, 2000)


def _article_text(article: Article) -> str:
    """The article as a text file: title, standfirst, paragraphs."""
    lines = [article.title, article.standfirst or "", *article.paragraphs]
    return "\n".join(line for line in lines if line) + "\n"


def _stories(count: int) -> Iterator[tuple[Article, str]]:
    """`count` distinct stories and their pages, cycling through seeds and layouts (made one
    at a time: the benchmark measures memory, so it holds no pages)."""
    seeds, names = seed_articles(), sorted(LAYOUTS)
    for n in range(count):
        article = numbered(seeds[n % len(seeds)], n)
        layout = LAYOUTS[names[(n // len(seeds)) % len(names)]]
        yield article, weighty(layout(article))


def _words(text: str) -> list[str]:
    return text.split()


def _overlap(expected: str, found: str) -> tuple[float, float]:
    """Word-level precision and recall of `found` against `expected`, in reading order."""
    want, got = _words(expected), _words(found)
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / max(len(got), 1), same / max(len(want), 1)


def extraction() -> dict:
    """Speed of both extractors over 2,000 pages; quality on the 20 seed pages."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    from tasks.ingest.html import Page, extract_page

    def resiliparse(page: str) -> str:
        return extract_plain_text(HTMLTree.parse(page), main_content=True)

    def trafilatura(page: str) -> str:
        found = extract_page(page)
        return found.text() if isinstance(found, Page) else ""

    pages = [page for _, page in _stories(2000)]  # held: extraction alone is timed
    seeds = [(a, weighty(layout(a))) for a in seed_articles() for layout in LAYOUTS.values()]
    result: dict = {"pages": len(pages), "page_kb": sum(map(len, pages)) / len(pages) / 1024}
    for name, extract in (("trafilatura", trafilatura), ("resiliparse", resiliparse)):
        started = time.process_time()
        for page in pages:
            extract(page)
        seconds = time.process_time() - started
        scores = [_overlap(_article_text(a), extract(page)) for a, page in seeds]
        precision = sum(p for p, _ in scores) / len(scores)
        recall = sum(r for _, r in scores) / len(scores)
        result[name] = {
            "seconds": seconds,
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / (precision + recall),
        }
    metadata_right = 0
    for article, page in seeds:
        found = extract_page(page, article.url)
        if not isinstance(found, Page):
            continue
        published = found.meta.get("published_at")
        metadata_right += bool(
            found.title == article.title
            and found.meta.get("author") == article.author
            and found.meta.get("publisher") == article.publisher
            and found.meta.get("url") == article.url
            and published
            and dt.datetime.fromisoformat(published)
            == dt.datetime.fromisoformat(article.published_at)
        )
    result["trafilatura"]["metadata_right"] = metadata_right
    result["seed_pages"] = len(seeds)
    return result


def reading(archive: Path) -> dict:
    """warcio (tasks.ingest.warc.scan) against fastwarc doing the same: every record, HTML payloads
    hashed."""
    from fastwarc import ArchiveIterator, WarcRecordType

    from tasks.ingest.refs import DEFAULT_MAX_BYTES as MAX_BYTES
    from tasks.ingest.warc import scan

    started = time.process_time()
    pages = len(scan(str(archive), MAX_BYTES).pages)
    warcio_seconds = time.process_time() - started

    started = time.process_time()
    found = 0
    with archive.open("rb") as handle:
        for record in ArchiveIterator(handle):
            payload = record.reader.read()
            if (
                record.record_type == WarcRecordType.response
                and record.http_headers.status_code == 200
            ):
                hashlib.sha256(payload).hexdigest()
                found += 1
    fastwarc_seconds = time.process_time() - started
    assert found == pages, (found, pages)
    return {"pages": pages, "warcio": warcio_seconds, "fastwarc": fastwarc_seconds}


def _fetches_and_text_files(count: int, text: Path) -> Iterator[Fetch]:
    """The fetches of `count` stories for the archive; each story as a text file in `text`."""
    for n, (article, page) in enumerate(_stories(count)):
        (text / f"{n:05d}.txt").write_text(_article_text(article), encoding="utf-8")
        yield html_fetch(article.url, page)


def pipeline(count: int, workers: int) -> dict:
    """The `run` flow on an archive of `count` pages and on the same articles as text files."""
    from flows.execution import POOL_MIN_DOCUMENTS
    from flows.pipeline import run

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        web, text, warm = root / "web", root / "text", root / "warm"
        for folder in (web, text, warm):
            folder.mkdir()
        write_warc(web / "crawl.warc.gz", _fetches_and_text_files(count, text))
        for n in range(POOL_MIN_DOCUMENTS):  # starts Prefect's server and the worker pool
            (warm / f"{n}.txt").write_text(_article_text(numbered(seed_articles()[0], -n)))
        archive_mib = (web / "crawl.warc.gz").stat().st_size / 2**20
        run(warm, DAY, root / "warm-lake", workers=workers)

        started = time.perf_counter()
        web_run = run(web, DAY, root / "web-lake", workers=workers)
        web_seconds = time.perf_counter() - started
        peak_own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        started = time.perf_counter()
        text_run = run(text, DAY, root / "text-lake", workers=workers)
        text_seconds = time.perf_counter() - started
    return {
        "pages": count,
        "archive_mib": archive_mib,
        "documents": web_run.documents,
        "text_documents": text_run.documents,
        "rejects": web_run.rejects,
        "web_seconds": web_seconds,
        "text_seconds": text_seconds,
        "stage_seconds": web_run.stage_seconds,
        "text_stage_seconds": text_run.stage_seconds,
        "peak_rss_mib": peak_own,
        "peak_worker_rss_mib": web_run.peak_rss_mib,
    }


def report_extraction(result: dict) -> None:
    print(f"1. extraction alone, {result['pages']} pages of {result['page_kb']:.0f} KB, 1 process")
    traf, resi = result["trafilatura"], result["resiliparse"]
    for name, figures in (("trafilatura", traf), ("resiliparse", resi)):
        rate = result["pages"] / figures["seconds"]
        print(
            f"   {name:<12} {rate:7.0f} pages/s  ({1000 / rate:.1f} ms/page)  quality on "
            f"{result['seed_pages']} seed pages: precision {figures['precision']:.3f} "
            f"recall {figures['recall']:.3f} F1 {figures['f1']:.3f}"
        )
    print(f"   speed ratio resiliparse / trafilatura: {traf['seconds'] / resi['seconds']:.1f}x")
    print(
        f"   trafilatura metadata (title, author, outlet, URL, date all right): "
        f"{traf['metadata_right']}/{result['seed_pages']} pages; resiliparse extracts none"
    )


def report_reading(result: dict) -> None:
    print(f"2. reading a WARC of {result['pages']} pages (every record, HTML payloads hashed)")
    for name in ("warcio", "fastwarc"):
        rate = result["pages"] / result[name]
        print(f"   {name:<12} {result[name]:6.2f} s  {rate:8.0f} pages/s")
    print(f"   speed ratio fastwarc / warcio: {result['warcio'] / result['fastwarc']:.1f}x")


def report_pipeline(result: dict, extraction_ms: float | None) -> None:
    n, web, text = result["pages"], result["web_seconds"], result["text_seconds"]
    print(
        f"3. pipeline, {n} pages ({result['archive_mib']:.1f} MiB archive): "
        f"{result['documents']} documents ({result['text_documents']} from the text files)"
    )
    print(f"   archive        {web:7.1f} s  {n / web:6.1f} pages/s")
    print(f"   text files     {text:7.1f} s  {n / text:6.1f} documents/s (baseline)")
    print(f"   ratio archive / text files: {text / web:.2f}x the baseline's speed")
    stages = result["stage_seconds"]
    busy = sum(stages.values()) or 1.0
    shares = ", ".join(f"{k} {v / busy:.0%}" for k, v in stages.items())
    print(f"   share of worker time per stage: {shares}")
    text_ingest = result["text_stage_seconds"].get("ingest", 0.0)
    print(
        f"   ingest (read the page + extract it): {stages.get('ingest', 0.0) / busy:.1%} of the "
        f"workers' time (target < 20%); {stages.get('ingest', 0.0):.1f} s against "
        f"{text_ingest:.1f} s for the text files"
    )
    if extraction_ms is not None:
        share = n * extraction_ms / 1000 / busy
        print(
            f"   extraction alone at {extraction_ms:.1f} ms/page: {share:.1%} of the workers' time"
        )
    here, worker = result["peak_rss_mib"], result["peak_worker_rss_mib"]
    print(f"   peak RSS: {here:.0f} MiB orchestrating process, {worker:.0f} MiB largest worker")


def _in_fresh_process(count: int, workers: int) -> dict:
    command = [sys.executable, __file__, "--pages", str(count), "--workers", str(workers)]
    done = subprocess.run([*command, "--json"], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages:
        result = pipeline(args.pages, args.workers)
        if args.json:
            print("RESULT " + json.dumps(result))
        else:
            report_pipeline(result, None)
        return 0

    extracted = extraction()
    report_extraction(extracted)
    extraction_ms = 1000 * extracted["trafilatura"]["seconds"] / extracted["pages"]
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "crawl.warc.gz"
        write_warc(archive, (html_fetch(a.url, page) for a, page in _stories(2000)))
        report_reading(reading(archive))
    results = []
    for count in SIZES:
        results.append(_in_fresh_process(count, args.workers))
        report_pipeline(results[-1], extraction_ms)
    print(f"peak RSS, {SIZES[0]} -> {SIZES[1]} pages (target: at most +20%):")
    for label, keys in (
        ("orchestrating process", ("peak_rss_mib",)),
        ("largest worker", ("peak_worker_rss_mib",)),
        ("the two together", ("peak_rss_mib", "peak_worker_rss_mib")),
    ):
        small, large = (sum(r[key] for key in keys) for r in results)
        print(f"  {label:<22} {small:6.0f} -> {large:6.0f} MiB ({large / small - 1:+.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
