from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from tasks.lake import commit, partition_dir, staging_root, write_part

DAY = dt.date(2026, 1, 2)


def _reject(path: str) -> dict:
    return {
        "date": DAY,
        "source_path": path,
        "sha256": None,
        "stage": "ingest",
        "reason": "empty",
        "message": "empty file",
        "run_id": "r",
        "pipeline_version": "t",
    }


def test_commit_replaces_the_partition_and_leaves_no_staging(tmp_path: Path):
    lake = tmp_path / "lake"
    for run, paths in (("run-1", ["a", "b", "c"]), ("run-2", ["d"])):
        stage = staging_root(lake, run)
        write_part([_reject(p) for p in paths], "rejects", stage, DAY, "0")
        commit(lake, stage, DAY, ["rejects"])
    frame = pl.read_parquet(lake / "rejects" / "**" / "*.parquet", hive_partitioning=True)
    assert frame["source_path"].to_list() == ["d"]
    assert frame["date"].to_list() == [DAY]
    assert sorted(p.name for p in lake.iterdir()) == ["rejects"]


def test_commit_with_nothing_staged_empties_the_date(tmp_path: Path):
    lake = tmp_path / "lake"
    stage = staging_root(lake, "run-1")
    write_part([_reject("a")], "rejects", stage, DAY, "0")
    commit(lake, stage, DAY, ["rejects"])
    assert write_part([], "rejects", staging_root(lake, "run-2"), DAY, "0") is None
    commit(lake, staging_root(lake, "run-2"), DAY, ["rejects"])
    assert not partition_dir(lake, "rejects", DAY).exists()
