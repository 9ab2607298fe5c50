"""Operating the pipeline: backfills, the per-date lock, run records and artifacts."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import time
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from flows.cli import app
from tasks.lake.locks import DateLocked, date_lock


def _landing(root: Path) -> Path:
    """Four landing dates: good articles, (missing), only bad files, a corrupt manifest."""
    landing = root / "landing"
    good = landing / "2026-10-01"
    good.mkdir(parents=True)
    for name in ("000_f2e76c1b7090efcc.txt", "003_tennis_final.txt"):
        shutil.copy(SEEDS / name, good / name)
    bad = landing / "2026-10-03"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "scan.pdf").write_bytes(b"%PDF-1.5\n")
    broken = landing / "2026-10-04"
    broken.mkdir()
    shutil.copy(SEEDS / "002_city_budget_cuts.txt", broken / "a.txt")
    (broken / "manifest.jsonl").write_text('{"file": "a.txt", "url": \n')
    return landing


def _backfill(landing: Path, lake: Path, end: str) -> tuple[int, str]:
    command = ["backfill", "--start", "2026-10-01", "--end", end]
    result = CliRunner().invoke(app, [*command, "--landing", str(landing), "--lake", str(lake)])
    return result.exit_code, result.output


def test_backfill_reports_missing_dates_and_processes_the_rest(prefect_server, tmp_path):
    landing, lake = _landing(tmp_path), tmp_path / "lake"
    code, output = _backfill(landing, lake, "2026-10-03")
    assert code == 0, output
    assert "missing 1 (2026-10-02)" in output and "failed 0" in output
    documents = pl.read_parquet(lake / "documents" / "**" / "*.parquet", hive_partitioning=True)
    assert documents.group_by("date").len().sort("date")["len"].to_list() == [2]
    rejects = pl.read_parquet(lake / "rejects" / "date=2026-10-03" / "*.parquet")
    assert sorted(rejects["reason"]) == ["binary", "empty"]
    run = pl.read_parquet(lake / "runs" / "**" / "*.parquet").row(0, named=True)
    assert (run["flow"], run["status"], run["missing_dates"]) == (
        "backfill",
        "success",
        [dt.date(2026, 10, 2)],
    )
    assert len(run["dates"]) == 3 and run["documents"] == 2 and run["rejects"] == 2
    assert run["peak_rss_mib"] > 100  # the process that ran the batches, with the model loaded

    code, output = _backfill(landing, lake, "2026-10-03")  # unchanged: both dates skip
    assert code == 0 and "skipped 2 unchanged" in output


def test_a_failing_date_does_not_stop_the_others(prefect_server, tmp_path):
    landing, lake = _landing(tmp_path), tmp_path / "lake"
    with date_lock(lake, dt.date(2026, 10, 4), "holder-run"):  # another command writes it
        code, output = _backfill(landing, lake, "2026-10-04")
    assert code == 1
    assert "failed 1 (2026-10-04)" in output and "being written by run holder-run" in output
    assert (lake / "documents" / "date=2026-10-01").is_dir()
    assert (lake / "rejects" / "date=2026-10-03").is_dir()
    assert not (lake / "documents" / "date=2026-10-04").exists()
    run = pl.read_parquet(lake / "runs" / "**" / "*.parquet").row(0, named=True)
    assert run["status"] == "partial" and run["failed_dates"] == [dt.date(2026, 10, 4)]


def test_a_broken_manifest_is_a_reject_and_its_date_is_processed(prefect_server, tmp_path):
    landing, lake = _landing(tmp_path), tmp_path / "lake"
    code, output = _backfill(landing, lake, "2026-10-04")
    assert code == 0, output
    rejects = pl.read_parquet(lake / "rejects" / "date=2026-10-04" / "*.parquet")
    assert rejects.select("source_path", "reason").rows() == [
        ("manifest.jsonl#line=1", "manifest_row")
    ]
    documents = pl.read_parquet(lake / "documents" / "date=2026-10-04" / "*.parquet")
    assert documents["source_path"].to_list() == ["a.txt"]


def test_a_date_being_written_cannot_be_written_twice(prefect_server, tmp_path):
    lake = tmp_path / "lake"
    with date_lock(lake, dt.date(2026, 10, 5), "holder-run"):
        result = CliRunner().invoke(
            app, ["run", "--input", str(SEEDS), "--date", "2026-10-05", "--lake", str(lake)]
        )
    assert result.exit_code == 2
    assert "2026-10-05 is being written by run holder-run" in result.output
    assert not (lake / "documents").exists()
    run = pl.read_parquet(lake / "runs" / "**" / "*.parquet").row(0, named=True)
    assert (run["flow"], run["status"], run["failed_dates"]) == (
        "run",
        "failed",
        [dt.date(2026, 10, 5)],
    )


def test_runs_publish_markdown_and_progress_artifacts(prefect_server, tmp_path):
    from prefect.client.orchestration import get_client

    landing, lake = _landing(tmp_path), tmp_path / "lake"
    _backfill(landing, lake, "2026-10-01")

    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts()

    artifacts = asyncio.run(read())
    markdown = [a for a in artifacts if a.key == "newslake-backfill"]
    latest = max(markdown, key=lambda artifact: artifact.created)
    assert "| 2026-10-01 | processed | 2 | 2 |" in latest.data
    progress = [a for a in artifacts if a.type == "progress"]
    assert any(a.data == 100.0 for a in progress)


def test_a_new_file_makes_a_processed_date_run_again(prefect_server, tmp_path):
    folder, lake = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SEEDS / "003_tennis_final.txt", folder)

    def run() -> str:
        command = ["run", "--input", str(folder), "--date", "2026-10-06", "--lake", str(lake)]
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
        return result.output

    assert "skipped" not in run()
    assert "skipped" in run()
    shutil.copy(SEEDS / "002_city_budget_cuts.txt", folder)
    assert "skipped" not in run()
    documents = pl.read_parquet(lake / "documents" / "date=2026-10-06" / "*.parquet")
    assert documents.height == 2
    statuses = pl.read_parquet(lake / "runs" / "**" / "*.parquet").sort("started_at")["status"]
    assert statuses.to_list() == ["success", "skipped", "success"]


@pytest.mark.integration  # starts worker processes, each loading the model
def test_a_pooled_batch_over_its_time_limit_is_retried_then_rejected(tmp_path: Path):
    from flows.workers import WorkerPool, run_in_pool
    from tasks.ingest.discover import discover
    from tasks.run.batches import Batch

    refs, _ = discover(SEEDS)
    stage = str(tmp_path / "stage")
    day = dt.date(2026, 10, 1)
    batch = Batch(refs=refs, date=day, run_id="r", stage=stage, part="00000", max_bytes=2**20)
    result = run_in_pool(batch, workers=2, timeout=0.01)
    assert {r.reason for r in result.rejects} == {"timeout"}
    assert len(result.rejects) == len(refs) and result.documents == 0
    assert "failed twice" in result.rejects[0].message
    rejects = pl.read_parquet(tmp_path / "stage" / "rejects" / "**" / "*.parquet")
    assert rejects.height == len(refs)
    pool = WorkerPool(1)  # the pool goes on with fresh workers after a timeout
    assert pool.run(replace(batch, refs=refs[:1], part="00001"), 600).documents == 1


def test_a_rule_change_makes_an_unchanged_date_run_again(prefect_server, tmp_path, monkeypatch):
    from tasks.run import incremental

    lake = tmp_path / "lake"
    command = ["run", "--input", str(SEEDS), "--date", "2026-10-08", "--lake", str(lake)]
    assert CliRunner().invoke(app, command).exit_code == 0
    assert "skipped" in CliRunner().invoke(app, command).output
    code = tmp_path / "tasks"  # the sources as they would be after a rule change
    shutil.copytree(incremental.TASKS_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    lexicon = code / "text" / "lexicon.py"
    lexicon.write_text(lexicon.read_text().replace('"""say tell', '"""say opine tell', 1))
    assert "opine" in lexicon.read_text()
    monkeypatch.setattr(incremental, "TASKS_DIR", code)
    result = CliRunner().invoke(app, [*command, "--explain-skip"])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output and "its code changed" in result.output
    assert "code:" in result.output and "(was " in result.output
    assert "skipped" in CliRunner().invoke(app, command).output  # remembered with the new code


def test_a_deleted_lock_file_is_taken_back_before_another_run_can_take_it(tmp_path):
    day, lake = dt.date(2026, 10, 9), tmp_path / "lake"
    lock_file = lake / "_locks" / f"{day}.lock"
    with date_lock(lake, day, "first") as held:
        lock_file.unlink()  # an operator tidying up, mid-run
        deadline = time.monotonic() + 10
        while not lock_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the watcher re-creates and re-locks it
        with pytest.raises(DateLocked, match="run first"), date_lock(lake, day, "second"):
            pass
        held.verify()  # still the first run's


def test_a_run_whose_lock_file_was_taken_by_another_stops_before_publishing(tmp_path):
    day, lake = dt.date(2026, 10, 9), tmp_path / "lake"
    with date_lock(lake, day, "first") as held:
        (lake / "_locks" / f"{day}.lock").unlink()
        with (
            date_lock(lake, day, "second"),  # got in before the watcher looked
            pytest.raises(DateLocked, match="deleted during this run"),
        ):
            held.verify()


def test_a_watchers_check_after_the_release_is_harmless(tmp_path):
    """The watcher thread may wake just as the run releases its lock: its check then finds
    the lock released, not a closed file (it raised in the thread, once in a test run)."""
    day, lake = dt.date(2026, 10, 9), tmp_path / "lake"
    with date_lock(lake, day, "first") as held:
        pass
    held._retake()  # type: ignore[attr-defined]  # what the watcher does when it wakes
    with date_lock(lake, day, "second"):  # and the date is free for the next run
        pass


def test_each_date_is_discovered_once_per_command(prefect_server, tmp_path, monkeypatch):
    """The command's own plan (made to skip an unchanged date before Prefect starts) is the
    one its flow runs: no folder is listed and hashed twice."""
    from tasks.run import incremental

    listed: list[str] = []
    real_discover = incremental.discover

    def counted(folder, *args, **kwargs):
        listed.append(Path(str(folder)).name)
        return real_discover(folder, *args, **kwargs)

    monkeypatch.setattr(incremental, "discover", counted)
    landing, lake = tmp_path / "landing", tmp_path / "lake"
    for day, name in (
        ("2026-10-01", "003_tennis_final.txt"),
        ("2026-10-02", "001_harbour_bridge_vote.txt"),
    ):
        (landing / day).mkdir(parents=True)
        shutil.copy(SEEDS / name, landing / day / name)
    command = ["backfill", "--start", "2026-10-01", "--end", "2026-10-02"]
    command += ["--landing", str(landing), "--lake", str(lake)]
    for _ in range(2):  # processed, then unchanged
        listed.clear()
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
        assert sorted(listed) == ["2026-10-01", "2026-10-02"]
    listed.clear()
    run = ["run", "--input", str(landing / "2026-10-01"), "--date", "2026-10-05"]
    assert CliRunner().invoke(app, [*run, "--lake", str(lake)]).exit_code == 0
    assert listed == ["2026-10-01"]
