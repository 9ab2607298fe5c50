"""Cost of an unchanged rerun: the second run of a 500-article date as a share of the first.

    python benchmarks/incremental.py [--articles 500]

Builds one landing folder from PolNeAR's train texts in ../shared (skipped, with a message,
where it is absent), warms Prefect and the model up on one article, then times `newslake run`
twice on the folder in this process. Target: the second run costs at most 5% of the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear" / "train" / "text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent (PolNeAR lives only in ../shared)")
        return 0
    from flows.pipeline import run

    texts = sorted(CORPUS.glob("*.txt"))[: args.articles]
    day = dt.date(2016, 11, 1)
    with tempfile.TemporaryDirectory() as scratch:
        folder, lake = Path(scratch) / "landing", Path(scratch) / "lake"
        warm = Path(scratch) / "warm"
        folder.mkdir()
        warm.mkdir()
        for path in texts:
            shutil.copy(path, folder / path.name)
        shutil.copy(texts[0], warm / texts[0].name)
        run(warm, day, Path(scratch) / "warm-lake")  # Prefect's server and the model start here
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            summary = run(folder, day, lake)
            timings.append((time.perf_counter() - started, summary))
    (first, done), (second, again) = timings
    print(f"first run:  {first:7.2f} s, {done.documents} documents processed")
    print(f"second run: {second:7.2f} s, skipped={again.skipped} (input unchanged)")
    print(f"second / first = {second / first:.1%} (target <= 5%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
