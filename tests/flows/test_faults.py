"""Fault injection: a forced rerun of a date is killed with SIGKILL (the whole process group)
at each step of a run, over a lake that already holds the date. After the next newslake
command the date reads wholly old or wholly new; the next plain run leaves tables equal to a
clean run's, no debris, and one `runs` row per finished run.

The commands talk to the test session's Prefect server (as a deployment's runs talk to
`prefect server start`) instead of starting one each: what is killed is the command alone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS

from tasks.lake.schema import ALL_TABLES

pytestmark = pytest.mark.integration
NEWSLAKE = str(Path(sys.executable).parent / "newslake")
DATE = "2026-10-01"
RUN_SPECIFIC = ("run_id", "processed_at")
# Each named point of a run (tasks/lake/faults.py), in the order a run reaches them.
KILL_POINTS = [
    "batch.document",  # during the batches: one document done
    "aggregate.table",  # daily tables half staged
    "run.staged",  # every table staged, nothing published
    "commit.journaled",  # the journal written, no table published yet
    "commit.between-tables",  # the first table published, the others not
    "commit.published",  # every table published, the journal still open
    "run.committed",  # the journal closed, the date's state not yet recorded
]


def _env(home: Path, fault: str | None = None) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSLAKE_"))}
    env["PREFECT_HOME"] = str(home)
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())  # the session's server (conftest)
    if fault:
        env["NEWSLAKE_FAULT"] = fault
    return env


def _newslake(home: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [NEWSLAKE, *args], env=_env(home), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _run(home: Path, folder: Path, lake: Path, *options: str) -> None:
    _newslake(home, "run", "--input", str(folder), "--date", DATE, "--lake", str(lake), *options)


def _killed_at(point: str, home: Path, folder: Path, lake: Path, tmp_path: Path) -> None:
    """A forced run of `folder`, killed with SIGKILL (process group) at `point`."""
    paused = tmp_path / f"paused-{point}"
    command = [NEWSLAKE, "run", "--input", str(folder), "--date", DATE, "--lake", str(lake)]
    run = subprocess.Popen(
        [*command, "--force"],
        env=_env(home, f"pause:{point}:{paused}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while not paused.exists():
        if run.poll() is not None or time.monotonic() > deadline:
            os.killpg(run.pid, signal.SIGKILL)
            pytest.fail(f"the run never reached {point}")
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()


def _tables(lake: Path) -> dict[str, pl.DataFrame]:
    return {t: pl.read_parquet(lake / t / f"date={DATE}" / "*.parquet") for t in ALL_TABLES}


def _comparable(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.drop([c for c in RUN_SPECIFIC if c in frame.columns])
    return frame.sort(frame.columns)


@pytest.fixture(scope="module")
def versions(prefect_server, tmp_path_factory) -> dict[str, Path]:
    """Two inputs of the date (old: four seeds; new: all five) and their clean lakes."""
    root = tmp_path_factory.mktemp("versions")
    old, new = root / "old", root / "new"
    old.mkdir()
    seeds = sorted(p for p in SEEDS.glob("*.txt"))
    for path in seeds[1:]:
        shutil.copy(path, old / path.name)
    shutil.copytree(SEEDS, new)
    home = root / "home"
    for name, folder in (("old", old), ("new", new)):
        _run(home, folder, root / f"lake-{name}")
    return {"old": old, "new": new, "old-lake": root / "lake-old", "new-lake": root / "lake-new"}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_run_killed_at_any_point_heals_on_the_next_command(
    point, versions, prefect_server, tmp_path
):
    home, lake = tmp_path / "home", tmp_path / "lake"
    shutil.copytree(versions["old-lake"], lake)
    _killed_at(point, home, versions["new"], lake, tmp_path)

    healed = _newslake(home, "report", "--start", DATE, "--end", DATE, "--lake", str(lake))
    assert "Traceback" not in healed.stderr
    after_crash = _tables(lake)
    run_ids = {rid for frame in after_crash.values() for rid in frame["run_id"].unique()}
    assert len(run_ids) == 1, f"the date mixes runs after {point}: {run_ids}"
    whole = [
        name
        for name in ("old", "new")
        if all(
            _comparable(after_crash[t]).equals(_comparable(_tables(versions[f"{name}-lake"])[t]))
            for t in ALL_TABLES
        )
    ]
    assert whole, f"after {point} the date is neither the old nor the new version"

    _run(home, versions["new"], lake)  # the next plain run
    tables = _tables(lake)
    clean = _tables(versions["new-lake"])
    for table in ALL_TABLES:
        assert _comparable(tables[table]).equals(_comparable(clean[table])), (point, table)
    debris = [
        path
        for path in lake.rglob("*")
        if path.is_file()
        and (path.name.endswith(".partial") or {"_staging", "_journal"} & set(path.parts))
    ]
    assert debris == [], debris
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet")
    assert runs.height == 2 and set(runs["status"]) == {"success"}  # first run, last run
