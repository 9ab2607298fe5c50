"""The worker pool under failure, through the real CLI: a worker that dies costs one batch
(retried once on a fresh worker, then rejected), and nothing outlives a killed run."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS

pytestmark = pytest.mark.integration
NEWSLAKE = str(Path(sys.executable).parent / "newslake")
MARKER = "Harbour pilots said the marker tide was unusual"
ARTICLES = 24  # enough for the worker pool (20 files or more)


def _folder(tmp_path: Path) -> Path:
    """24 distinct articles; the seventh holds the marker sentence."""
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for n in range(ARTICLES):
        text = seeds[n % len(seeds)].read_text().rstrip("\n")
        extra = MARKER if n == 6 else f"This is copy number {n} of the story."
        (folder / f"a{n:02d}.txt").write_text(f"{text}\n\n{extra}\n")
    return folder


def _run(folder: Path, lake: Path, tmp_path: Path, fault: str) -> subprocess.CompletedProcess:
    """The command against the test session's Prefect server (conftest): what is tested is
    the worker pool, not a server's start."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "home"), "NEWSLAKE_FAULT": fault}
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    command = [NEWSLAKE, "run", "--input", str(folder), "--date", "2026-10-01", "--lake"]
    command += [str(lake), "--workers", "2", "--batch-size", "4"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / "date=2026-10-01" / "*.parquet")


def test_a_worker_that_dies_once_costs_a_retry_and_no_document(prefect_server, tmp_path: Path):
    lake = tmp_path / "lake"
    fault = f"crash-once-on:{MARKER}:{tmp_path / 'crashed-once'}"
    result = _run(_folder(tmp_path), lake, tmp_path, fault)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "crashed-once").exists()  # the worker did die
    assert _table(lake, "documents").height == ARTICLES
    assert _table(lake, "rejects").height == 0


def test_a_batch_whose_worker_dies_twice_becomes_rejects_and_the_run_goes_on(
    prefect_server, tmp_path: Path
):
    lake = tmp_path / "lake"
    result = _run(_folder(tmp_path), lake, tmp_path, f"crash-on:{MARKER}")
    assert result.returncode == 0, result.stderr
    rejects = _table(lake, "rejects")
    assert set(rejects["reason"]) == {"worker_crash"}
    assert "a06.txt" in rejects["source_path"].to_list()
    assert rejects.height == 4  # the marker's batch, and only it
    documents = _table(lake, "documents")
    assert documents.height == ARTICLES - 4
    assert set(documents["source_path"]).isdisjoint(rejects["source_path"])
    assert "rejected (worker_crash): 4" in result.stdout


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True)
    for child in map(int, children.stdout.split()):
        found |= {child} | _descendants(child)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.split(") ", 1)[1][0] != "Z"  # a zombie is dead, only not yet reaped


def test_killing_the_orchestrating_process_leaves_no_worker_or_server(tmp_path: Path):
    paused = tmp_path / "paused"  # a worker stops in the middle of its batch
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    fault = f"pause:batch.document:{paused}"
    env |= {"PREFECT_HOME": str(tmp_path / "home"), "NEWSLAKE_FAULT": fault}
    command = [NEWSLAKE, "run", "--input", str(_folder(tmp_path)), "--lake"]
    command += [str(tmp_path / "lake"), "--workers", "2", "--batch-size", "4"]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while not paused.exists():
            assert run.poll() is None and time.monotonic() < deadline, "the run never paused"
            time.sleep(0.5)
        children = _descendants(run.pid)
        assert len(children) >= 3  # two workers and Prefect's server at least
        os.kill(run.pid, signal.SIGKILL)  # only the orchestrator, as the OOM killer would
        run.wait()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not [pid for pid in children if _alive(pid)]
    finally:
        if run.poll() is None:
            run.kill()


def test_workers_outlive_the_thread_that_first_needed_them(tmp_path: Path):
    """A Prefect task thread ends with its flow run; the next date's batches must find the
    workers alive (the parent-death signal follows the thread that started a process)."""
    from flows.workers import WorkerPool
    from tasks.ingest.discover import discover
    from tasks.run.batches import Batch

    refs, _ = discover(SEEDS)
    day, stage = dt.date(2026, 10, 1), str(tmp_path / "stage")
    pool = WorkerPool(1)
    results = []
    first = threading.Thread(
        target=lambda: results.append(
            pool.run(Batch(refs=refs[:1], date=day, run_id="r", stage=stage, part="0"), 600)
        )
    )
    first.start()
    first.join()  # the thread that needed the worker is gone
    time.sleep(0.5)
    worker = pool.free.get()
    assert worker is not None and worker.process.is_alive()
    pool.free.put(worker)
    assert (
        pool.run(Batch(refs=refs[1:2], date=day, run_id="r", stage=stage, part="1"), 600).documents
        == 1
    )
    assert worker.process.is_alive()  # the same worker served the second batch


def test_a_worker_that_died_while_idle_is_replaced_before_its_next_batch(tmp_path: Path):
    from flows.workers import WorkerPool
    from tasks.ingest.discover import discover
    from tasks.run.batches import Batch

    refs, _ = discover(SEEDS)
    day, stage = dt.date(2026, 10, 1), str(tmp_path / "stage")
    pool = WorkerPool(1)
    assert (
        pool.run(
            Batch(refs=refs[:1], date=day, run_id="r", stage=stage, part="00000"), 600
        ).documents
        == 1
    )
    idle = pool.free.get()
    assert idle is not None
    idle.process.kill()  # dies between two batches
    idle.process.join()
    pool.free.put(idle)
    assert (
        pool.run(
            Batch(refs=refs[1:2], date=day, run_id="r", stage=stage, part="00001"), 600
        ).documents
        == 1
    )
