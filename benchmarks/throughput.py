"""Throughput and memory of the whole pipeline against bare spaCy, on the same texts.

    python benchmarks/throughput.py                 # N = 200 and N = 2,000, one process each
    python benchmarks/throughput.py --articles 500  # one size only

For each N, in a fresh process: N articles from PolNeAR's train texts in ../shared (cycled
over 10 date folders; skipped, with a message, where it is absent) go through
`newslake backfill` end to end with Prefect, then bare spaCy `nlp.pipe` (same model, default
components, n_process=1) runs over the same texts. Printed: documents/s, words/s, the ratio
pipeline / bare spaCy, peak RSS (the orchestrating process, and the largest worker as the
worker reports it), the time per stage, and startup (Prefect's server, the worker pool and its
model loads) apart. Targets: ratio >= 1.5 at N = 2,000 on 2 cores, and peak RSS growing at
most 20% from N = 200 to N = 2,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear" / "train" / "text"
DATES = 10
FIRST_DAY = dt.date(2016, 10, 1)


def _landing(root: Path, articles: int) -> list[Path]:
    """N files over DATES folders; returns their paths (for the bare spaCy run)."""
    sources = sorted(CORPUS.glob("*.txt"))
    per_date = -(-articles // DATES)
    paths = []
    for n in range(articles):
        day, k = n % DATES, n // DATES  # the k-th article of that date
        source = sources[(day * per_date + k) % len(sources)]  # never twice in one date
        folder = root / (FIRST_DAY + dt.timedelta(days=day)).isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        paths.append(folder / f"{k:05d}_{source.name}")
        paths[-1].write_bytes(source.read_bytes())
    return paths


def measure(articles: int, workers: int) -> dict:
    """Everything for one N, in this process."""
    import spacy

    from flows.pipeline import POOL_MIN_DOCUMENTS, backfill
    from tasks.lake.schema import MODEL_NAME

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        paths = _landing(root / "landing", articles)  # texts are not held: memory is measured
        warm = root / "warm" / FIRST_DAY.isoformat()
        warm.mkdir(parents=True)
        for n in range(POOL_MIN_DOCUMENTS):  # enough to start the worker pool
            (warm / f"{n}.txt").write_text(f"{paths[0].read_text()}\n\nCopy {n}.")
        started = time.perf_counter()
        backfill(FIRST_DAY, FIRST_DAY, root / "warm", root / "warm-lake", workers=workers)
        startup = time.perf_counter() - started

        started = time.perf_counter()
        last_day = FIRST_DAY + dt.timedelta(days=DATES - 1)
        outcome = backfill(FIRST_DAY, last_day, root / "landing", root / "lake", workers=workers)
        pipeline_seconds = time.perf_counter() - started
        peak_own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_worker = max(s.peak_rss_mib for s in outcome.processed)

        nlp = spacy.load(MODEL_NAME)
        texts = (path.read_text(encoding="utf-8") for path in paths)
        started = time.perf_counter()
        words = sum(
            sum(not (t.is_punct or t.is_space) for t in doc) for doc in nlp.pipe(texts, n_process=1)
        )
        bare_seconds = time.perf_counter() - started

    stages: dict[str, float] = {}
    for summary in outcome.processed:
        for stage, seconds in summary.stage_seconds.items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    documents = sum(s.documents for s in outcome.processed)

    return {
        "articles": articles,
        "documents": documents,
        "failed": {str(k): v for k, v in outcome.failed.items()},
        "words": words,
        "startup_seconds": startup,
        "pipeline_seconds": pipeline_seconds,
        "bare_seconds": bare_seconds,
        "peak_rss_mib": peak_own,
        "peak_worker_rss_mib": peak_worker,
        "stage_seconds": stages,
    }


def report(result: dict) -> None:
    n, words = result["articles"], result["words"]
    pipe, bare = result["pipeline_seconds"], result["bare_seconds"]
    print(f"N = {n}: {result['documents']} documents, {words} words, {DATES} dates")
    for name, seconds in (("pipeline (Prefect backfill)", pipe), ("bare spaCy nlp.pipe", bare)):
        rates = f"{n / seconds:6.1f} docs/s  {words / seconds:8.0f} words/s"
        print(f"  {name:<28} {seconds:8.1f} s  {rates}")
    print(f"  ratio pipeline / bare spaCy: {bare / pipe:.2f}x (target >= 1.5 at N = 2,000)")
    startup = result["startup_seconds"]
    print(f"  startup (Prefect server, worker pool, model loads), apart: {startup:.1f} s")
    here, worker = result["peak_rss_mib"], result["peak_worker_rss_mib"]
    print(f"  peak RSS: {here:.0f} MiB orchestrating process, {worker:.0f} MiB largest worker")
    busy = sum(result["stage_seconds"].values()) or 1.0
    shares = ", ".join(f"{k} {v / busy:.0%}" for k, v in result["stage_seconds"].items())
    print(f"  share of worker time per stage: {shares}")
    if result["failed"]:
        print(f"  FAILED dates: {result['failed']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent (PolNeAR lives only in ../shared)")
        return 0
    if args.articles:
        result = measure(args.articles, args.workers)
        if args.json:
            print("RESULT " + json.dumps(result))
        else:
            report(result)
        return 0
    results = []
    for articles in (200, 2000):  # a fresh process each, so peak memory is its own
        command = [sys.executable, __file__, "--articles", str(articles), "--json"]
        command += ["--workers", str(args.workers)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line.removeprefix("RESULT ")))
        report(results[-1])
    print("peak RSS, N = 200 -> 2,000 (target: at most +20%):")
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
