"""Hostile input and damaged lakes, through the real CLI: nothing hangs, fails or leaks a run;
every bad file is a reject with its reason, every good article a document; a damaged date is
noticed and processed again, naming the cause."""

from __future__ import annotations

import gzip
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import SEED_DATE, SEEDS
from prefect.settings import PREFECT_API_URL
from typer.testing import CliRunner
from webpages import write_warc

from flows.cli import app

pytestmark = pytest.mark.integration
NEWSLAKE = str(Path(sys.executable).parent / "newslake")
GOOD = ("000_f2e76c1b7090efcc.txt", "002_city_budget_cuts.txt")


def _transcript(size: int) -> str:
    """A debate transcript: one long paragraph of short attributed quotes."""
    parts, total, n = [], 0, 0
    while total < size:
        parts.append(f'"Point {n} stands," he said. ')
        total, n = total + len(parts[-1]), n + 1
    return "Debate transcript, second night\n\n" + "".join(parts) + "\n"


SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    'height="10"><title>A drawing</title><rect width="10" height="10"/></svg>\n'
)


def _header_bomb(line: int) -> bytes:
    """A .warc.gz of one record whose header holds a line of `line` bytes of one letter."""
    return gzip.compress(b"WARC/1.0\r\nX-Bomb: " + b"a" * line + b"\r\nContent-Length: 0\r\n\r\n")


def test_a_folder_of_hostile_files_finishes_fast_and_keeps_every_good_article(
    prefect_server, tmp_path: Path
):
    folder, lake, outside = tmp_path / "in", tmp_path / "lake", tmp_path / "secret"
    folder.mkdir()
    outside.mkdir()
    for name in GOOD:
        shutil.copy(SEEDS / name, folder / name)
    os.mkfifo(folder / "x.txt")  # a FIFO: opening it for reading would block for ever
    (folder / "y.txt").symlink_to("/dev/zero")  # endless bytes
    (outside / "s.txt").write_text("Secret title\n\nNot for the lake at all, never.\n")
    (folder / "p.txt").symlink_to(outside / "s.txt")  # a file outside the folder
    (folder / "q.txt").symlink_to("/etc/passwd")
    (folder / "big-title.txt").write_text("Big " * 1_250_000 + "\n\nA short body. It ends.\n")
    (folder / "transcript.txt").write_text(_transcript(430_000))
    name = os.fsencode(folder) + b"/caf\xe9 news.txt"  # not UTF-8: Latin-1 bytes in the name
    with open(name, "wb") as handle:
        handle.write((SEEDS / "003_tennis_final.txt").read_bytes())
    (folder / ".hidden.txt").write_text("Hidden\n\nA hidden file is not read.\n")
    (folder / "sub").mkdir()
    (folder / "drawing.html").write_text(SVG)  # the HTML extractor raises on it
    (folder / "dense.html").write_text("<html><body>" + "<p>x</p>" * 30_000 + "</body></html>")
    (folder / "bomb.warc.gz").write_bytes(_header_bomb(64 * 2**20))
    write_warc(folder / "empty.warc.gz", [])  # a warcinfo record, no page

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())  # the session's server (conftest)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [NEWSLAKE, "run", "--input", str(folder), "--date", SEED_DATE, "--lake", str(lake)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    # Within 2 minutes of CPU time (all its processes), whatever else the machine is doing.
    seconds = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert seconds < 120, f"the run took {seconds:.0f} s of CPU"

    documents = pl.read_parquet(lake / "documents" / "**" / "*.parquet")
    assert set(GOOD) | {"transcript.txt", "caf\\xe9 news.txt"} == set(documents["source_path"])
    assert not any("root:" in text for text in documents["text"])
    rejects = dict(
        pl.read_parquet(lake / "rejects" / "**" / "*.parquet")
        .select("source_path", "reason")
        .iter_rows()
    )
    assert rejects == {
        "x.txt": "not_a_file",
        "y.txt": "not_a_file",
        "p.txt": "outside_folder",
        "q.txt": "outside_folder",
        "big-title.txt": "too_long",
        ".hidden.txt": "hidden",
        "sub": "folder",
        "drawing.html": "extract_error",
        "dense.html": "too_complex",
        "bomb.warc.gz#@0": "gzip_bomb",
        "empty.warc.gz": "empty_archive",
    }
    transcript = documents.filter(pl.col("source_path") == "transcript.txt")["doc_id"][0]
    quotes = pl.read_parquet(lake / "quotes" / "**" / "*.parquet")
    spoken = quotes.filter(pl.col("doc_id") == transcript)
    assert spoken.height > 10_000 and "Point 9999 stands" in spoken["text"].to_list()


@pytest.fixture
def processed(prefect_server, tmp_path: Path) -> tuple[Path, list[str]]:
    lake = tmp_path / "lake"
    command = ["run", "--input", str(SEEDS), "--date", SEED_DATE, "--lake", str(lake)]
    assert CliRunner().invoke(app, command).exit_code == 0
    return lake, command


def _partition(lake: Path, table: str) -> Path:
    return lake / table / f"date={SEED_DATE}" / "part-0.parquet"


@pytest.mark.parametrize(
    ("table", "damage", "cause"),
    [
        ("documents", lambda path: path.unlink(), "its documents file is missing or unreadable"),
        (
            "quotes",
            lambda path: path.write_bytes(path.read_bytes()[:200]),
            "its quotes file is missing or unreadable",
        ),
        ("entities", lambda path: path.write_bytes(b"garbage" * 100), "its entities file"),
    ],
)
def test_a_damaged_partition_makes_the_date_run_again(processed, table, damage, cause):
    lake, command = processed
    damage(_partition(lake, table))
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert cause in result.output and "processing it again" in result.output
    assert "skipped" not in result.output
    for name in ("documents", "quotes", "entities"):  # readable again, and whole
        assert pl.read_parquet(_partition(lake, name)).height > 0


@pytest.mark.parametrize("state", [b"", b"{not json", b"[1, 2]"])
def test_a_damaged_state_file_is_a_warning_not_a_crash(processed, state):
    lake, command = processed
    (lake / "_state" / f"{SEED_DATE}.json").write_bytes(state)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "state file" in result.output and "damaged" in result.output
    assert CliRunner().invoke(app, command).output.count("skipped") == 1  # healthy again


def test_a_date_whose_every_file_vanished_is_a_failure_not_a_success(prefect_server, tmp_path):
    folder, lake = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SEEDS / GOOD[1], folder)
    command = ["run", "--input", str(folder), "--date", SEED_DATE, "--lake", str(lake)]
    env = {"NEWSLAKE_FAULT": "oserror:ingest.read"}  # readable at discovery, not after
    result = CliRunner().invoke(app, command, env=env)
    assert result.exit_code == 1 and "became unreadable after discovery" in result.output
    assert not (lake / "documents").exists()
    assert "skipped" not in CliRunner().invoke(app, command).output  # not remembered as done
