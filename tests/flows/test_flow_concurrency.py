"""Backfills of the same landing at concurrency 1, 2 and 3, and with one worker or two,
publish identical tables: no sentence lost to threads sharing a segmenter, the same entity
ids whichever date finishes first. Real CLI, real Prefect flows, real Parquet.

Where ../shared is beside the repository the landing is PolNeAR dev articles (long enough
for threads to overlap): a first date of 20 (batches go to the worker pool) and two of 6
(batches run in the command's own threads); else the seed copies of three outlets
(tests/seed_desk.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import SHARED
from seed_desk import write_landing
from typer.testing import CliRunner

from flows.cli import app
from tasks.lake.schema import BASE_TABLES, DAILY_TABLES, LAKE_TABLES

DATES = ("2026-03-01", "2026-03-02", "2026-03-03")
PER_DATE = (20, 6, 6)  # from 20 files a date's batches go to the worker pool
RUNS = ((1, 2), (2, 2), (3, 2), (2, 1))  # (concurrency, workers); the first is the reference
RUN_COLUMNS = ("run_id", "processed_at")  # differ by run by design


def _landing(root: Path) -> Path:
    texts = SHARED / "corpora" / "polnear" / "dev" / "text"
    landing = root / "landing"
    if not texts.is_dir():
        desk = write_landing(root / "desk")
        for day, folder in zip(DATES, sorted(desk.iterdir()), strict=True):
            shutil.copytree(folder, landing / day)
        return landing
    articles = iter(sorted(texts.glob("*.txt")))
    for day, count in zip(DATES, PER_DATE, strict=True):
        (landing / day).mkdir(parents=True)
        for _ in range(count):
            article = next(articles)
            shutil.copy(article, landing / day / article.name)
    return landing


def _backfill(landing: Path, lake: Path, concurrency: int, workers: int) -> None:
    command = ["backfill", "--start", DATES[0], "--end", DATES[-1], "--landing", str(landing)]
    command += ["--lake", str(lake), "--concurrency", str(concurrency)]
    command += ["--workers", str(workers)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output


def _rows(lake: Path, table: str) -> pl.DataFrame:
    frame = pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)
    frame = frame.drop([c for c in RUN_COLUMNS if c in frame.columns])
    return frame.sort(pl.all().exclude(pl.List, pl.Struct))


@pytest.fixture(scope="module")
def lakes(prefect_server, tmp_path_factory) -> dict[tuple[int, int], Path]:
    root = tmp_path_factory.mktemp("concurrency")
    landing = _landing(root)
    lakes = {}
    for concurrency, workers in RUNS:
        lakes[concurrency, workers] = root / f"lake-{concurrency}-{workers}"
        _backfill(landing, lakes[concurrency, workers], concurrency, workers)
    return lakes


@pytest.mark.parametrize("table", [*BASE_TABLES, *DAILY_TABLES, *LAKE_TABLES])
@pytest.mark.parametrize("run", RUNS[1:], ids=lambda run: f"concurrency{run[0]}-workers{run[1]}")
def test_backfills_at_any_concurrency_publish_the_same_rows(
    lakes: dict[tuple[int, int], Path], table: str, run: tuple[int, int]
):
    one, other = _rows(lakes[RUNS[0]], table), _rows(lakes[run], table)
    assert other.height == one.height, table
    assert other.equals(one), table
