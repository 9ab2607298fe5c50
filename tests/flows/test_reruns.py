"""What a rerun redoes and says, and how long a command took: an alias-table edit rebuilds the
daily tables and keeps the NLP output; the progress bar, the summary and the `runs` row give
one elapsed time; every summary is titled with its command. Real commands, real flow runs."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from conftest import SEEDS
from typer.testing import CliRunner

from flows.cli import app

DAY = "2026-10-11"


def _landing(root: Path, *names: str) -> Path:
    landing = root / "landing"
    (landing / DAY).mkdir(parents=True)
    for name in names:
        shutil.copy(SEEDS / name, landing / DAY / name)
    return landing


def _written_by(lake: Path, table: str) -> str:
    metadata = pq.read_metadata(lake / table / f"date={DAY}" / "part-0.parquet").metadata
    return metadata[b"newslake.run_id"].decode()


def _invoke(*arguments: str) -> str:
    result = CliRunner().invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # a wrapped line read as one


def test_an_alias_edit_rebuilds_the_daily_tables_and_keeps_the_nlp(
    prefect_server, tmp_path, monkeypatch
):
    from tasks.ingest.refs import DEFAULT_MAX_BYTES
    from tasks.lake.paths import DEFAULT_ALIASES
    from tasks.run import incremental

    landing, lake = _landing(tmp_path, "003_tennis_final.txt"), tmp_path / "lake"
    backfill = ["backfill", "--start", DAY, "--end", DAY, "--landing", str(landing)]
    backfill += ["--lake", str(lake)]
    run = ["run", "--input", str(landing / DAY), "--date", DAY, "--lake", str(lake)]
    assert f"{DAY}: not processed before: processing it" in _invoke(*backfill)
    nlp = {table: _written_by(lake, table) for table in ("documents", "quotes", "entities")}
    daily = _written_by(lake, "speaker_daily")

    aliases = tmp_path / "aliases.csv"
    aliases.write_text(DEFAULT_ALIASES.read_text() + "\nSomebody Else,Somebody Else,PERSON\n")
    monkeypatch.setattr(incremental, "DEFAULT_ALIASES", aliases)
    output = _invoke(*run)
    assert f"{DAY}: its alias table changed: daily tables rebuilt, NLP kept" in output
    assert f"newslake run for {DAY} into {lake}: daily tables rebuilt, NLP kept" in output
    assert {table: _written_by(lake, table) for table in nlp} == nlp  # no NLP pass
    assert _written_by(lake, "speaker_daily") != daily
    assert "input unchanged since run" in _invoke(*run)  # the new table is remembered

    aliases.write_text(aliases.read_text() + "Anybody Else,Anybody Else,PERSON\n")
    output = _invoke(*backfill)
    assert f"{DAY}: its alias table changed: daily tables rebuilt, NLP kept" in output
    assert f"{DAY} rebuilt 1" in output and "processed 0 date(s), daily tables rebuilt 1" in output
    assert {table: _written_by(lake, table) for table in nlp} == nlp
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet").sort("started_at")
    assert runs["status"].to_list() == ["success", "success", "skipped", "success"]

    # A state file of the format before the parts were split (and before they were recorded
    # at all) is read, not a crash: the date is processed again once.
    state_file = lake / "_state" / f"{DAY}.json"
    state = json.loads(state_file.read_text())
    state["parts"].pop("daily-table code")
    state_file.write_text(json.dumps(state))
    plan = incremental.plan_date(landing / DAY, dt.date.fromisoformat(DAY), lake, DEFAULT_MAX_BYTES)
    assert plan.aggregate_only and not plan.unchanged  # only the daily tables' part is new
    state.pop("parts")
    state["fingerprint"] = "0" * 64  # over the parts of an older version
    state_file.write_text(json.dumps(state))
    plan = incremental.plan_date(landing / DAY, dt.date.fromisoformat(DAY), lake, DEFAULT_MAX_BYTES)
    assert not plan.unchanged and not plan.aggregate_only
    assert incremental.verdict(plan) == f"{DAY}: its pipeline changed: processing it again"


def _seconds(clock: str) -> int:
    hours, minutes, seconds = map(int, clock.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def test_the_bar_the_summary_and_the_runs_row_give_one_elapsed_time(prefect_server, tmp_path):
    landing, lake = _landing(tmp_path, "001_harbour_bridge_vote.txt"), tmp_path / "lake"
    where = ["--landing", str(landing), "--lake", str(lake)]
    output = _invoke("nightly", "--date", DAY, *where)
    assert f"newslake nightly for {DAY} into" in output  # then the lake, maybe wrapped
    bar = _seconds(re.search(r"done in (\d+:\d\d:\d\d)", output).group(1))
    row_of_numbers = r"entities seconds [─ ]*\d+ \d+ \d+ \d+ \d+ ([\d.]+)"
    found = re.search(row_of_numbers, output)
    assert found, output
    summary = float(found[1])
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet").sort("started_at")
    row = runs.row(-1, named=True)
    assert row["flow"] == "nightly"
    assert abs(summary - row["seconds"]) < 0.01, (summary, row["seconds"])
    assert abs(bar - row["seconds"]) <= 0.5, (bar, row["seconds"])
    assert row["seconds"] == round((row["finished_at"] - row["started_at"]).total_seconds(), 3)

    output = _invoke("backfill", "--start", DAY, "--end", DAY, *where)  # unchanged: no Prefect
    assert f"newslake backfill {DAY} to {DAY} into" in output
    elapsed = float(re.search(r"failed 0; ([\d.]+) seconds", output)[1])
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet").sort("started_at")
    assert runs.row(-1, named=True)["flow"] == "backfill"
    assert abs(elapsed - runs.row(-1, named=True)["seconds"]) < 0.01
