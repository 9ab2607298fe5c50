"""Damaged lake-wide files through the real CLI: quote clusters that cannot be read are
rebuilt from the published quotes; a registry that cannot be read is one line naming the
file and the fix, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from conftest import SEED_DATE
from typer.testing import CliRunner

from flows.cli import app


@pytest.fixture
def lake(seed_lake: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "lake"
    shutil.copytree(seed_lake, copy)
    return copy


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _report(lake: Path, out: Path):
    command = ["report", "--start", SEED_DATE, "--end", SEED_DATE, "--lake", str(lake)]
    return CliRunner().invoke(app, [*command, "--out", str(out)])


def test_damaged_quote_clusters_are_rebuilt_by_the_next_command(lake: Path, tmp_path: Path):
    clusters = lake / "quote_clusters" / "part-0.parquet"
    before = pl.read_parquet(clusters).drop("matches")
    _truncate(clusters)
    result = _report(lake, tmp_path / "report.html")
    assert result.exit_code == 0, result.output
    assert "could not be read: rebuilt from the published quotes" in result.output
    assert pl.read_parquet(clusters).drop("matches").equals(before)


def test_a_damaged_registry_is_one_line_naming_the_file_and_the_fix(lake: Path, tmp_path: Path):
    _truncate(lake / "entities_registry" / "part-0.parquet")
    result = _report(lake, tmp_path / "report.html")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert "entities_registry/part-0.parquet is damaged" in lines[0]
    assert "restore it from a backup" in lines[0]
