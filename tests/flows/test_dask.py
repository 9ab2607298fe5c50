"""The same input through the Dask runner (a local cluster) gives the same tables."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from conftest import SEED_DATE, SEEDS
from typer.testing import CliRunner

from flows.cli import app
from tasks.lake.schema import BASE_TABLES, DAILY_TABLES

RUN_SPECIFIC = ("run_id", "processed_at")


def _rows(lake: Path, table: str) -> pl.DataFrame:
    frame = pl.read_parquet(lake / table / f"date={SEED_DATE}" / "*.parquet")
    frame = frame.drop([c for c in RUN_SPECIFIC if c in frame.columns])
    return frame.sort(frame.columns)


def test_dask_runner_writes_the_same_tables_as_the_local_runner(seed_lake, tmp_path):
    lake = tmp_path / "lake"
    command = ["run", "--input", str(SEEDS), "--date", SEED_DATE, "--lake", str(lake)]
    result = CliRunner().invoke(app, [*command, "--runner", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    for table in (*BASE_TABLES, *DAILY_TABLES):
        assert _rows(lake, table).equals(_rows(seed_lake, table)), table
    assert _rows(lake, "documents").height == 5
