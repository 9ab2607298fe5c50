"""The analyst's desk on real news: 300 PolNeAR train articles from 7 outlets over 3 dates.

    python benchmarks/desk_polnear.py [--articles 300] [--dates 3] [--keep DIR]

Takes the train articles of every outlet in turn (each outlet's by publication date), lands
them on 3 dates in publication order with a manifest giving each file its outlet and
publication date (from ../shared/corpora/polnear/metadata.tsv), runs `newslake backfill`
and `newslake report`, and prints counts only (no corpus text): quotes, how many are in
clusters, clusters by articles and outlets, the largest clusters' sizes and speakers, the
dated share of quotes, and the report's size and load time in headless Chromium.
Needs ../shared/ (skips with a message where it is absent).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
FIRST_DATE = dt.date(2016, 11, 1)

from report_load import measure  # noqa: E402

from tasks import desk  # noqa: E402


def articles(n: int) -> list[dict[str, str]]:
    """`n` train articles, the outlets in turn, each outlet's in publication order."""
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] == "train"]
    by_outlet: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["publication_date"], r["filename"])):
        by_outlet[row["publisher"]].append(row)
    queues = [by_outlet[outlet] for outlet in sorted(by_outlet)]
    picked = [queue[k] for k in range(max(map(len, queues))) for queue in queues if k < len(queue)]
    return sorted(picked[:n], key=lambda r: (r["publication_date"], r["filename"]))


def land(rows: list[dict[str, str]], landing: Path, dates: int) -> list[dt.date]:
    days = [FIRST_DATE + dt.timedelta(days=n) for n in range(dates)]
    manifests: dict[dt.date, list[dict[str, str]]] = defaultdict(list)
    for n, row in enumerate(rows):
        day = days[n * dates // len(rows)]
        folder = landing / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{row['filename']}.txt"
        shutil.copy(POLNEAR / "train" / "text" / name, folder / name)
        stamp = f"{row['publication_date']}T12:00:00Z"
        manifests[day].append({"file": name, "publisher": row["publisher"], "published_at": stamp})
    for day, manifest in manifests.items():
        with (landing / day.isoformat() / "manifest.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["file", "publisher", "published_at"])
            writer.writeheader()
            writer.writerows(manifest)
    return days


def newslake(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "flows.cli", *args], check=True, capture_output=True,
                   cwd=ROOT)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--dates", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Keep the landing folder and lake here.")
    args = parser.parse_args()
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} is absent (PolNeAR lives only in ../shared)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        landing, lake, page = work / "landing", work / "lake", work / "report.html"
        rows = articles(args.articles)
        days = land(rows, landing, args.dates)
        start, end = days[0].isoformat(), days[-1].isoformat()
        newslake("backfill", "--start", start, "--end", end, "--landing", str(landing),
                 "--lake", str(lake))  # fmt: skip
        newslake("report", "--start", start, "--end", end, "--lake", str(lake), "--out", str(page))
        quotes = desk.quotes(lake, days[0], days[-1])
        table = pl.read_parquet(lake / "quote_clusters" / "part-0.parquet")
        times = measure(page, 3) if shutil.which("chromium") else None
        size = page.stat().st_size / 2**20
    outlets = sorted({r["publisher"] for r in rows})
    clustered = quotes.filter(pl.col("cluster_id").is_not_null())
    print(f"{len(rows)} PolNeAR train articles from {len(outlets)} outlets over {args.dates} dates")
    print(f"quotes: {quotes.height} ({quotes['dated'].mean():.0%} dated by publication)")
    print(f"quotes in clusters of two or more: {clustered.height} in {table.height} clusters")
    spread = table.filter(pl.col("n_articles") >= 2)
    print(f"clusters carried by 2+ articles: {spread.height}; by 2+ outlets: "
          f"{table.filter(pl.col('n_outlets') >= 2).height}")  # fmt: skip
    print("by articles:", dict(spread.group_by("n_articles").len().sort("n_articles").iter_rows()))
    print("by outlets:", dict(table.group_by("n_outlets").len().sort("n_outlets").iter_rows()))
    top = table.sort(["n_outlets", "n_articles"], descending=True).head(5)
    for row in top.iter_rows(named=True):
        sizes = (
            f"{row['n_outlets']} outlets, {row['n_articles']} articles, {row['n_quotes']} quotes"
        )
        print(f"  {sizes}, speaker {row['speaker_name']}, first seen {row['first_seen']}")
    if times:
        print(f"report: {size:.2f} MiB, ready in {times['ready']:.0f} ms (median of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
