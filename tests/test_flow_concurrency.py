"""Backfills of the same landing at concurrency 1, 2 and 3 publish identical tables: no
sentence lost to threads sharing a segmenter, the same entity ids whichever date finishes
first. Real CLI, real Prefect flows, real Parquet.

The landing is three dates of nine PolNeAR dev articles where ../shared is beside the
repository (articles long enough for threads to overlap), else the seed copies of three
outlets (tests/seed_desk.py).
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
from tasks.schema import BASE_TABLES, DAILY_TABLES, LAKE_TABLES

DATES = ("2026-03-01", "2026-03-02", "2026-03-03")
PER_DATE = 9
RUN_COLUMNS = ("run_id", "processed_at")  # differ by run by design


def _landing(root: Path) -> Path:
    texts = SHARED / "corpora" / "polnear" / "dev" / "text"
    landing = root / "landing"
    if not texts.is_dir():
        desk = write_landing(root / "desk")
        for day, folder in zip(DATES, sorted(desk.iterdir()), strict=True):
            shutil.copytree(folder, landing / day)
        return landing
    articles = sorted(texts.glob("*.txt"))
    for n, day in enumerate(DATES):
        (landing / day).mkdir(parents=True)
        for article in articles[n * PER_DATE : (n + 1) * PER_DATE]:
            shutil.copy(article, landing / day / article.name)
    return landing


def _backfill(landing: Path, lake: Path, concurrency: int) -> None:
    command = ["backfill", "--start", DATES[0], "--end", DATES[-1], "--landing", str(landing)]
    command += ["--lake", str(lake), "--concurrency", str(concurrency)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output


def _rows(lake: Path, table: str) -> pl.DataFrame:
    frame = pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)
    frame = frame.drop([c for c in RUN_COLUMNS if c in frame.columns])
    return frame.sort(pl.all().exclude(pl.List, pl.Struct))


@pytest.fixture(scope="module")
def lakes(prefect_server, tmp_path_factory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("concurrency")
    landing = _landing(root)
    lakes = {}
    for concurrency in (1, 2, 3):
        lakes[concurrency] = root / f"lake-{concurrency}"
        _backfill(landing, lakes[concurrency], concurrency)
    return lakes


@pytest.mark.parametrize("table", [*BASE_TABLES, *DAILY_TABLES, *LAKE_TABLES])
@pytest.mark.parametrize("concurrency", [2, 3])
def test_backfills_at_any_concurrency_publish_the_same_rows(
    lakes: dict[int, Path], table: str, concurrency: int
):
    one, other = _rows(lakes[1], table), _rows(lakes[concurrency], table)
    assert other.height == one.height, table
    assert other.equals(one), table
