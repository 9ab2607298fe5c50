"""The command line as a user meets it, in a real process: help at once, every mistake in one
line with a non-zero exit and no traceback, an unchanged date skipped without Prefect."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import psutil
import pytest
from conftest import SEED_DATE, SEEDS
from typer.testing import CliRunner

from flows.cli import app

# `newslake ARGS`, recording at exit which heavy packages the command had imported.
_WITH_IMPORTS_NOTED = """
import atexit, os, sys
from pathlib import Path
heavy = ("prefect", "prefect.server.api.server", "spacy", "polars", "pyarrow", "trafilatura")
atexit.register(lambda: Path(os.environ["NEWSLAKE_IMPORTS_NOTE"]).write_text(
    " ".join(name for name in heavy if name in sys.modules)))
sys.argv[0] = "newslake"
from flows.cli import app
app()
"""


def _newslake(*args: str, home: Path, env: dict[str, str] | None = None):
    """`newslake ARGS` in a fresh process with its own PREFECT_HOME; (result, the heavy
    packages it imported: none means it answered without starting Prefect or the NLP)."""
    note = home.parent / f"imports-{len(list(home.parent.glob('imports-*')))}.txt"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environment |= {"PREFECT_HOME": str(home), "NEWSLAKE_IMPORTS_NOTE": str(note), **(env or {})}
    command = [sys.executable, "-c", _WITH_IMPORTS_NOTED, *args]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    return result, note.read_text().split() if note.exists() else ["(not recorded)"]


def test_help_answers_at_once(tmp_path: Path):
    result, imported = _newslake("--help", home=tmp_path / "home")
    assert result.returncode == 0 and "backfill" in result.stdout
    assert imported == [], f"--help imported {imported}"
    run_help, _ = _newslake("run", "--help", home=tmp_path / "home")
    assert "  --force " in run_help.stdout and "--force <bool>" not in run_help.stdout
    nightly_help, _ = _newslake("nightly", "--help", home=tmp_path / "home")
    assert "[default: yesterday]" in " ".join(nightly_help.stdout.split())


def test_the_orchestrator_imports_no_nlp():
    """The flows load spaCy only where a batch runs: with a pool of workers the command never
    parses, and importing the NLP there took CPU from the workers loading their models."""
    heavy = "{'spacy', 'thinc', 'trafilatura'}"
    probe = f"import sys, flows.pipeline; print(' '.join(sorted({heavy} & set(sys.modules))))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


@pytest.fixture(scope="module")
def lake_with_a_date(prefect_server, tmp_path_factory) -> Path:
    lake = tmp_path_factory.mktemp("cli") / "lake"
    command = ["run", "--input", str(SEEDS), "--date", SEED_DATE, "--lake", str(lake)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    return lake


# (arguments, exit code, words the one line must hold); LAKE is a lake holding SEED_DATE,
# MISSING a path that does not exist, LANDING an empty landing root.
MISTAKES = [
    (["run", "--lake", "LAKE"], 2, ["Missing option '--input'"]),
    (["run", "--input", "MISSING"], 2, ["--input", "no such folder"]),
    (["run", "--input", "SEEDS", "--date", "2026-13-01"], 2, ["--date", "2026-13-01"]),
    (["run", "--input", "SEEDS", "--runner", "foo"], 2, ["--runner", "'foo'", "local"]),
    (["run", "--input", "SEEDS", "--workers", "0"], 2, ["--workers 0"]),
    (["run", "--input", "SEEDS", "--max-mb", "0"], 2, ["--max-mb"]),
    (["run", "--input", "SEEDS", "--publisher", " "], 2, ["--publisher", "is empty"]),
    (["nightly", "--publisher", "Wire\tDesk"], 2, ["--publisher", "control character"]),
    (["nightly", "--landing", "MISSING"], 2, ["--landing", "no such folder"]),
    (["nightly", "--landing", "LANDING", "--date", "2026-10-09"], 1, ["no landing folder"]),
    (["nightly", "--landing", "LANDING", "--timezone", "Mars/Olympus"], 2, ["--timezone"]),
    (["backfill", "--start", "2026-10-02", "--end", "2026-10-01"], 2, ["--end", "before"]),
    (["backfill", "--start", "2026-10-01", "--end", "2026-10-02", "--concurrency", "0"], 2, []),
    (["aggregate", "--date", "2026-10-09", "--lake", "LAKE"], 2, ["no documents for 2026-10-09"]),
    (
        ["rebuild-aggregates", "--start", "2026-10-01", "--end", "2026-10-31", "--lake", "LAKE"],
        2,
        ["no processed dates from 2026-10-01 to 2026-10-31", "nothing to rebuild"],
    ),
    (["drop", "--date", "2026-13-01", "--lake", "LAKE"], 2, ["--date", "2026-13-01"]),
    (["drop", "--date", SEED_DATE, "--lake", "MISSING"], 2, ["--lake", "no lake"]),
    (["drop", "--date", "2026-10-09", "--lake", "LAKE"], 2, ["nothing of 2026-10-09", "drop"]),
    (
        ["drop", "--start", "2026-10-01", "--end", "2026-10-05", "--lake", "LAKE"],
        2,
        ["nothing dated from 2026-10-01 to 2026-10-05"],
    ),
    (["drop", "--lake", "LAKE"], 2, ["give --date"]),
    (["report", "--start", SEED_DATE, "--end", SEED_DATE, "--lake", "MISSING"], 2, ["no lake"]),
    (
        ["report", "--start", SEED_DATE, "--end", SEED_DATE, "--lake", "LAKE"]
        + ["--out", "MISSING/r.html"],
        2,
        ["--out", "does not exist"],
    ),
    (["report", "--start", "2026-10-01", "--end", "2026-10-02", "--lake", "LAKE"], 2, ["no docu"]),
    (["report", "--start", SEED_DATE, "--end", "2026-10-02", "--lake", "LAKE"], 2, ["before"]),
    (["serve"], 2, ["PREFECT_API_URL"]),
    (["bogus"], 2, ["No such command"]),
]


@pytest.mark.parametrize(("arguments", "code", "words"), MISTAKES, ids=lambda v: str(v)[:40])
def test_a_mistake_gets_one_line_and_a_non_zero_exit(
    arguments: list[str], code: int, words: list[str], lake_with_a_date: Path, tmp_path: Path
):
    landing = tmp_path / "landing"
    landing.mkdir()
    places = {"LAKE": lake_with_a_date, "MISSING": tmp_path / "nowhere", "LANDING": landing}
    places |= {"SEEDS": SEEDS}
    for name, path in places.items():
        arguments = [a.replace(name, str(path)) if a.startswith(name) else a for a in arguments]
    home = tmp_path / "home"
    result, imported = _newslake(*arguments, home=home)
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert all(word in lines[0] for word in words), lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert not {"prefect", "spacy", "trafilatura"} & set(imported), imported
    assert not (home / "prefect.db").exists()  # answered before Prefect started


@pytest.mark.integration  # a whole newslake run, with Prefect's server of its own
def test_prefects_server_runs_beside_the_command_not_inside_it(tmp_path: Path):
    """The temporary server is a process of its own, started early: past the first run (which
    prepares Prefect's database) the command never imports the server's modules (about 6 s of
    CPU while the workers waited), and the server is gone when the command exits."""
    command = ["run", "--input", str(SEEDS), "--date", SEED_DATE, "--lake", str(tmp_path / "l")]
    first, _ = _newslake(*command, home=tmp_path / "home")
    assert first.returncode == 0, first.stderr
    result, imported = _newslake(*command, "--force", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "prefect" in imported and "prefect.server.api.server" not in imported, imported
    home = str(tmp_path / "home")
    assert not [p for p in psutil.process_iter() if _environment(p).get("PREFECT_HOME") == home]


def _environment(process: psutil.Process) -> dict[str, str]:
    try:
        return process.environ()
    except psutil.Error:  # gone meanwhile, or not ours
        return {}


@pytest.mark.integration  # two whole newslake processes
def test_debug_shows_the_traceback_of_a_failure(tmp_path: Path):
    partition = tmp_path / "lake" / "documents" / "date=2026-10-01"
    partition.mkdir(parents=True)
    (partition / "part-0.parquet").write_bytes(b"not parquet at all")
    arguments = ["report", "--start", "2026-10-01", "--end", "2026-10-01"]
    arguments += ["--lake", str(tmp_path / "lake"), "--out", str(tmp_path / "r.html")]
    plain, _ = _newslake(*arguments, home=tmp_path / "home")
    assert plain.returncode == 1 and len(plain.stderr.strip().splitlines()) == 1, plain.stderr
    assert "--debug shows the traceback" in plain.stderr
    debug, _ = _newslake(*arguments, "--debug", home=tmp_path / "home")
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_an_unchanged_date_is_skipped_and_recorded_without_prefect(prefect_server, tmp_path):
    folder, lake = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SEEDS / "003_tennis_final.txt", folder)
    command = ["run", "--input", str(folder), "--date", "2026-10-07", "--lake", str(lake)]
    assert CliRunner().invoke(app, command).exit_code == 0
    # No Prefect server answers at this address: touching Prefect would fail the command.
    dead = {"PREFECT_API_URL": "http://127.0.0.1:9/api"}
    result, _ = _newslake(*command, home=tmp_path / "home", env=dead)
    assert result.returncode == 0, result.stderr
    assert "input unchanged since run" in result.stdout and "skipped" in result.stdout
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet").sort("started_at")
    assert runs["status"].to_list() == ["success", "skipped"]
    assert runs["skipped_dates"].to_list()[-1] == [runs["dates"].to_list()[-1][0]]


def test_a_backfill_shows_one_bar_over_every_date_and_no_task_logs(prefect_server, tmp_path):
    landing, lake = tmp_path / "landing", tmp_path / "lake"
    for day, names in (("2026-10-01", ["000_f2e76c1b7090efcc.txt"]), ("2026-10-02", None)):
        (landing / day).mkdir(parents=True)
        for name in names or [p.name for p in SEEDS.glob("00[1-3]*.txt")]:
            shutil.copy(SEEDS / name, landing / day / name)
    command = ["backfill", "--start", "2026-10-01", "--end", "2026-10-02"]
    result = CliRunner().invoke(app, [*command, "--landing", str(landing), "--lake", str(lake)])
    assert result.exit_code == 0, result.output
    assert "4/4" in result.output  # one total over both dates
    assert "Finished in state" not in result.output  # Prefect's task logs are quiet
    assert "| date |" not in result.output  # a table, not Markdown source
    assert "2026-10-02" in result.output and "processed 2 date(s)" in result.output


def test_the_outlet_comes_from_the_manifest_the_url_or_the_folder(prefect_server, tmp_path):
    folder, lake = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    names = ["001_harbour_bridge_vote.txt", "002_city_budget_cuts.txt", "003_tennis_final.txt"]
    for name in names:
        shutil.copy(SEEDS / name, folder)
    (folder / "manifest.csv").write_text(
        "file,url,publisher\n"
        f"{names[0]},https://example.org/bridge,Newslake Wire\n"
        f"{names[1]},https://www.riverton-ledger.example/budget,\n"
    )
    command = ["run", "--input", str(folder), "--date", "2026-10-08", "--lake", str(lake)]
    assert CliRunner().invoke(app, [*command, "--publisher", "Desk Default"]).exit_code == 0
    documents = pl.read_parquet(lake / "documents" / "**" / "*.parquet")
    outlets = dict(documents.select("source_path", "publisher").iter_rows())
    assert outlets == {
        names[0]: "Newslake Wire",
        names[1]: "riverton-ledger.example",
        names[2]: "Desk Default",
    }
    daily = pl.read_parquet(lake / "outlet_daily" / "**" / "*.parquet")
    assert set(daily["publisher"]) == set(outlets.values()) and daily["n_documents"].sum() == 3
    again = CliRunner().invoke(app, [*command, "--publisher", "Another Desk"])
    assert again.exit_code == 0 and "skipped" not in again.output  # a new default: rerun


def test_a_finished_bar_shows_the_rate_over_the_whole_command():
    from rich.progress import Progress

    from flows.terminal import _Rate

    clock = [0.0]
    with Progress(get_time=lambda: clock[0], disable=True) as bar:
        task_id = bar.add_task("documents", total=5)
        clock[0] = 39.0  # the model and Prefect took their time, then a burst of 5 documents
        bar.update(task_id, advance=4)
        clock[0] = 39.1
        bar.update(task_id, advance=1)
        task = bar.tasks[0]
        assert task.speed and task.speed > 5  # the burst's rate
        assert _Rate().render(task).plain == "0.1/s"  # 5 documents in 39.1 s
