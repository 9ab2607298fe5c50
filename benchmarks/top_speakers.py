"""The top-10 speakers of 300 PolNeAR train articles processed over 3 dates.

    python benchmarks/top_speakers.py [--articles 300] [--dates 3]

Copies the first 300 train texts (by name) into 3 landing dates in a temporary folder (100
a date), runs `newslake backfill` over them into a temporary lake, then prints the top-10
speakers of `speaker_daily` summed over the dates, as a Markdown table: what an analyst sees
first. Each person should be there once, under their name, and no headline fragment or group
label should be. Needs ../shared/ (the corpus is never copied into this repository).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "corpora" / "polnear" / "train" / "text"
FIRST_DATE = dt.date(2016, 11, 1)
sys.path.insert(0, str(ROOT))

from tasks.desk.expressions import most_used, speaker_key  # noqa: E402


def top_speakers(lake: Path, n: int = 10) -> pl.DataFrame:
    """Speakers by quotes over every date of `speaker_daily`, one row per id."""
    daily = pl.read_parquet(lake / "speaker_daily" / "**" / "*.parquet", hive_partitioning=True)
    return (
        daily.with_columns(key=speaker_key())
        .group_by("key")
        .agg(
            most_used("speaker_name"),
            pl.col("speaker_entity_id").first(),
            pl.col("n_quotes").sum().alias("quotes"),
            pl.col("n_documents").sum().alias("documents"),
        )
        .sort(["quotes", "speaker_name"], descending=[True, False])
        .head(n)
        .drop("key")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--dates", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Keep the landing folder and lake here.")
    args = parser.parse_args()
    if not TRAIN.exists():
        print(f"skipped: {TRAIN} is absent (PolNeAR lives only in ../shared)")
        return 0
    texts = sorted(TRAIN.glob("*.txt"))[: args.articles]
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        landing, lake = work / "landing", work / "lake"
        days = [FIRST_DATE + dt.timedelta(days=n) for n in range(args.dates)]
        for n, text in enumerate(texts):
            folder = landing / days[n * args.dates // len(texts)].isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(text, folder / text.name)
        command = [sys.executable, "-m", "flows.cli", "backfill", "--start", str(days[0])]
        command += ["--end", str(days[-1]), "--landing", str(landing), "--lake", str(lake)]
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        top = top_speakers(lake)
    print(f"{len(texts)} PolNeAR train articles over {args.dates} dates, `speaker_daily`:\n")
    print("| rank | speaker_name | speaker_entity_id | quotes | documents |")
    print("| --- | --- | --- | --- | --- |")
    for rank, row in enumerate(top.iter_rows(named=True), 1):
        print(
            f"| {rank} | {row['speaker_name']} | {row['speaker_entity_id'] or ''} "
            f"| {row['quotes']} | {row['documents']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
