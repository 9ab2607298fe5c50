"""The README's first command as a new user meets it: a fresh PREFECT_HOME (Prefect's
database created on first use), a machine kept busy by other jobs, and two first runs started
at once on the same new home. Each must succeed on the first try, without a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS

pytestmark = pytest.mark.integration
NEWSLAKE = str(Path(sys.executable).parent / "newslake")
BUSY_PROCESSES = 4  # on a 2-core machine: a load average of about 4 besides the runs


@pytest.fixture
def busy_machine() -> Iterator[None]:
    """Processes that keep every core busy for the length of the test."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY_PROCESSES)
    ]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def test_two_first_runs_at_once_on_a_busy_machine_succeed(busy_machine, tmp_path: Path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environment["PREFECT_HOME"] = str(tmp_path / "new-prefect-home")  # as in a fresh clone
    runs = {
        day: subprocess.Popen(
            [NEWSLAKE, "run", "--input", str(SEEDS), "--date", day]
            + ["--lake", str(tmp_path / f"lake-{day}")],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for day in ("2026-10-01", "2026-10-02")
    }
    for day, process in runs.items():
        output, _ = process.communicate(timeout=900)
        assert process.returncode == 0, output
        assert "Traceback" not in output and "Timed out" not in output, output
        documents = pl.read_parquet(tmp_path / f"lake-{day}" / "documents" / "**" / "*.parquet")
        assert documents.height == len(list(SEEDS.glob("*.txt")))


@pytest.fixture(scope="module")
def first_home(tmp_path_factory) -> Path:
    """A PREFECT_HOME after one first run: the database each damage case starts from."""
    root = tmp_path_factory.mktemp("first-home")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environment["PREFECT_HOME"] = str(root / "prefect-home")
    command = [NEWSLAKE, "run", "--input", str(SEEDS), "--date", "2026-10-01"]
    first = subprocess.run(
        [*command, "--lake", str(root / "lake-1")], env=environment, capture_output=True
    )
    assert first.returncode == 0, first.stderr
    return root / "prefect-home"


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_prefect_database_is_one_line_with_the_fix(
    first_home: Path, tmp_path: Path, damage: str
):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    home = tmp_path / "prefect-home"
    shutil.copytree(first_home, home)
    environment["PREFECT_HOME"] = str(home)
    command = [NEWSLAKE, "run", "--input", str(SEEDS), "--date", "2026-10-01"]
    database = home / "prefect.db"
    if damage == "garbage":
        database.write_bytes(b"\x00not a database\xff" * 4096)
    else:
        database.write_bytes(database.read_bytes()[:4096])
    second = subprocess.run(
        [*command, "--lake", str(tmp_path / "lake-2")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 1
    # what the command does with the date (one line), then the failure in one line
    said, *lines = second.stderr.strip().splitlines()
    assert said == "2026-10-01: not processed before: processing it", second.stderr
    assert len(lines) == 1 and "Traceback" not in second.stderr, second.stderr
    assert f"Prefect's database {database} cannot be opened" in lines[0]
    assert f"rm {database}" in lines[0]
    database.unlink()
    third = subprocess.run(
        [*command, "--lake", str(tmp_path / "lake-2")], env=environment, capture_output=True
    )
    assert third.returncode == 0, third.stderr  # the fix the line gives works
