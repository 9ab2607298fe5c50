"""Load time and size of the report page at 20,000 quotes, in headless Chromium.

    python benchmarks/report_load.py [--articles 5000] [--dates 10] [--runs 5]

Writes two lakes of invented articles (tests/desk_lake.py: the real lake, registry,
aggregate and cluster code, no NLP pass), about 4 quotes an article: the baseline at a
tenth of the size, then the full size; times the quote clusters rebuilt from nothing (every
date paired anew); writes `newslake report` for each, and opens each page `--runs` times in
Debian's Chromium (headless, through Playwright). Prints the page's size, the median time
from navigation start to the page drawn and ready to use (every view rendered:
`window.deskReady`), the load event, and the time a filter change takes to re-render
everything, with the full size's ratio to the baseline. Target: ready in under 2 s at
20,000 quotes.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the invented lake of the report's browser test

from desk_lake import build  # noqa: E402

from tasks.desk.report import write_report  # noqa: E402
from tasks.lake.tables import scan  # noqa: E402
from tasks.link import clusters  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
FILTER_CHANGE = """() => {
    const kind = document.getElementById("kind");
    const started = performance.now();
    kind.value = "0";
    kind.dispatchEvent(new Event("change"));
    const took = performance.now() - started;
    kind.value = "-1";
    kind.dispatchEvent(new Event("change"));
    return took;
}"""


def measure(page_file: Path, runs: int) -> dict[str, float]:
    """Median ready, load-event and filter-change times (ms) over `runs` fresh loads."""
    from playwright.sync_api import sync_playwright

    ready, loaded, change = [], [], []
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-ready]", timeout=60_000)
            ready.append(page.evaluate("window.deskReady"))
            page.wait_for_load_state("load")
            entry = "performance.getEntriesByType('navigation')[0].loadEventEnd"
            loaded.append(page.evaluate(entry))
            change.append(page.evaluate(FILTER_CHANGE))
            page.close()
        browser.close()
    return {
        "ready": statistics.median(ready),
        "load": statistics.median(loaded),
        "change": statistics.median(change),
    }


def one_size(work: Path, articles: int, dates: int, runs: int) -> dict[str, float]:
    lake = work / f"lake-{articles}"
    started = time.perf_counter()
    days = build(lake, articles=articles, dates=dates)
    built = time.perf_counter() - started
    quotes = scan("quotes", lake).select("quote_id").collect().height
    shutil.rmtree(lake / "quote_clusters")
    started = time.perf_counter()
    clusters.update(lake, days)
    clustered = time.perf_counter() - started
    out = work / f"report-{articles}.html"
    started = time.perf_counter()
    write_report(lake, days[0], days[-1], out)
    written = time.perf_counter() - started
    times = measure(out, runs)
    print(
        f"{articles} articles, {quotes} quotes: lake built in {built:.1f} s, clusters rebuilt in "
        f"{clustered:.1f} s, report written in "
        f"{written:.2f} s, {out.stat().st_size / 2**20:.2f} MiB; ready {times['ready']:.0f} ms, "
        f"load event {times['load']:.0f} ms, a filter change re-renders in {times['change']:.0f} ms"
    )
    return times | {"quotes": quotes, "mib": out.stat().st_size / 2**20, "clusters": clustered}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--dates", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("skipped: Chromium is not installed (apt-get install chromium)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        base = one_size(work, args.articles // 10, args.dates, args.runs)
        full = one_size(work, args.articles, args.dates, args.runs)
    print(
        f"\n| quotes | page size | ready (median of {args.runs}) | load event | filter change "
        "| clusters rebuilt |\n| --- | --- | --- | --- | --- | --- |"
    )
    for row in (base, full):
        print(
            f"| {row['quotes']:,} | {row['mib']:.2f} MiB | {row['ready']:.0f} ms "
            f"| {row['load']:.0f} ms | {row['change']:.0f} ms | {row['clusters']:.1f} s |"
        )
    ratios = {key: full[key] / base[key] for key in ("mib", "ready", "change", "clusters")}
    print(
        f"\n{full['quotes'] / base['quotes']:.1f}x the quotes: size {ratios['mib']:.1f}x, ready "
        f"{ratios['ready']:.1f}x, filter change {ratios['change']:.1f}x, clusters rebuilt "
        f"{ratios['clusters']:.1f}x; target ready < 2,000 ms: "
        + ("met" if full["ready"] < 2000 else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
