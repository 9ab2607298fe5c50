from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from tasks.lake import publish as lake_module
from tasks.lake.publish import commit
from tasks.lake.tables import partition_dir, staging_root, write_part

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
        stage = staging_root(lake, DAY, run)
        write_part([_reject(p) for p in paths], "rejects", stage, DAY, "0")
        commit(lake, stage, DAY, ["rejects"], run)
    frame = pl.read_parquet(lake / "rejects" / "**" / "*.parquet", hive_partitioning=True)
    assert frame["source_path"].to_list() == ["d"]
    assert frame["date"].to_list() == [DAY]
    assert sorted(p.name for p in lake.iterdir()) == ["_journal", "_staging", "rejects"]
    assert not any((lake / "_journal").iterdir()) and not any((lake / "_staging").iterdir())


def test_commit_with_nothing_staged_empties_the_date(tmp_path: Path):
    lake = tmp_path / "lake"
    stage = staging_root(lake, DAY, "run-1")
    write_part([_reject("a")], "rejects", stage, DAY, "0")
    commit(lake, stage, DAY, ["rejects"], "run-1")
    assert write_part([], "rejects", staging_root(lake, DAY, "run-2"), DAY, "0") is None
    commit(lake, staging_root(lake, DAY, "run-2"), DAY, ["rejects"], "run-2")
    assert not Path(partition_dir(lake, "rejects", DAY)).exists()


def test_commit_merges_staged_parts_into_one_file_of_large_row_groups(tmp_path: Path, monkeypatch):
    lake = tmp_path / "lake"
    stage = staging_root(lake, DAY, "run-1")
    for part in range(5):
        write_part([_reject(f"{part}-{n}") for n in range(3)], "rejects", stage, DAY, f"{part}")
    monkeypatch.setattr(lake_module, "ROW_GROUP_SIZE", 6)  # a row group per 6 rows or more
    commit(lake, stage, DAY, ["rejects"], "run-1")
    files = list(Path(partition_dir(lake, "rejects", DAY)).iterdir())
    assert [f.name for f in files] == ["part-0.parquet"]
    metadata = pq.ParquetFile(files[0]).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [6, 6, 3]
    rows = pl.read_parquet(files[0])["source_path"].to_list()
    assert rows == [f"{part}-{n}" for part in range(5) for n in range(3)]


def test_scan_reads_dates_written_before_a_column_was_added(tmp_path: Path):
    from tasks.lake.tables import scan

    lake = tmp_path / "lake"
    stage = staging_root(lake, DAY, "run-1")
    write_part([_reject("a")], "rejects", stage, DAY, "0")
    commit(lake, stage, DAY, ["rejects"], "run-1")
    older = partition_dir(lake, "rejects", DAY.replace(day=1))
    Path(older).mkdir(parents=True)
    old_rows = pl.read_parquet(Path(partition_dir(lake, "rejects", DAY)) / "part-0.parquet")
    old_rows.drop("message").with_columns(date=pl.lit(DAY.replace(day=1))).write_parquet(
        f"{older}/part-0.parquet"
    )  # as an older version wrote it, without the message column
    frame = scan("rejects", lake).sort("date").collect()
    assert frame["message"].to_list() == [None, "empty file"]
    assert frame.height == 2
