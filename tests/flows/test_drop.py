"""`newslake drop`: a date taken out of a lake as if it had never been processed (every
table's partition, its state, its usage in the entity registry, its quotes in the quote
clusters), a later backfill processing it again, an interrupted drop finished by the next
command. Real backfills, real Parquet."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
from conftest import SEEDS
from typer.testing import CliRunner

from flows.cli import app
from tasks.lake.schema import ALL_TABLES

FIRST, SECOND = "2026-10-21", "2026-10-22"
# The harbour story lands on both dates (its quotes cluster across them, its people are
# named on both); the others on one date each.
LANDED = {
    FIRST: ["000_f2e76c1b7090efcc.txt", "001_harbour_bridge_vote.txt", "002_city_budget_cuts.txt"],
    SECOND: ["001_harbour_bridge_vote.txt", "003_tennis_final.txt"],
}


def _invoke(*arguments: str) -> str:
    result = CliRunner().invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def _registry(lake: Path) -> pl.DataFrame:
    return pl.read_parquet(lake / "entities_registry" / "part-0.parquet")


def _ids(lake: Path, day: str) -> set[str]:
    entities = pl.read_parquet(lake / "entities" / f"date={day}" / "*.parquet")
    return set(entities["entity_id"].drop_nulls())


def test_a_dropped_date_is_as_if_never_processed(prefect_server, tmp_path):
    landing, lake = tmp_path / "landing", tmp_path / "lake"
    for day, names in LANDED.items():
        (landing / day).mkdir(parents=True)
        for name in names:
            shutil.copy(SEEDS / name, landing / day / name)
    backfill = ["backfill", "--start", FIRST, "--end", SECOND, "--landing", str(landing)]
    backfill += ["--lake", str(lake)]
    _invoke(*backfill)
    first_only = _ids(lake, FIRST) - _ids(lake, SECOND)
    both = _ids(lake, FIRST) & _ids(lake, SECOND)
    assert first_only and both
    clusters = pl.read_parquet(lake / "quote_clusters" / "part-0.parquet")
    member_dates = {q["date"] for qs in clusters["quotes"].to_list() for q in qs}
    assert dt.date.fromisoformat(FIRST) in member_dates  # a cluster spans the two dates

    output = _invoke("drop", "--date", FIRST, "--lake", str(lake))
    assert f"dropped {FIRST} from {lake}: documents 3, sentences" in output
    assert f"{len(first_only)} identities removed" in output
    for table in ALL_TABLES:
        assert not (lake / table / f"date={FIRST}").exists(), table
        assert (lake / table / f"date={SECOND}").exists(), table
    assert not (lake / "_state" / f"{FIRST}.json").exists()
    assert not list((lake / "_journal").iterdir())  # no journal, marker or kept copy left

    registry = _registry(lake)
    assert set(registry["entity_id"]) == _ids(lake, SECOND)  # only-first ids gone, ids kept
    second = dt.date.fromisoformat(SECOND)
    usage_dates = {u["date"] for usage in registry["usage"].to_list() for u in usage}
    assert usage_dates == {second} and set(registry["first_seen"]) == {second}
    evidence = {e["date"] for rows in registry["gender_evidence"].to_list() for e in rows or []}
    assert evidence <= {second}
    per_date = [sum(u["n_documents"] for u in usage) for usage in registry["usage"].to_list()]
    assert registry["n_documents"].to_list() == per_date
    clusters = pl.read_parquet(lake / "quote_clusters" / "part-0.parquet")
    quotes = pl.read_parquet(lake / "quotes" / "**" / "*.parquet")
    members = [q for qs in clusters["quotes"].to_list() for q in qs]
    assert {q["date"] for q in members} <= {second}
    assert {q["quote_id"] for q in members} <= set(quotes["quote_id"])

    output = _invoke(*backfill)  # the dropped date is processed again, the other skipped
    assert f"{FIRST}: not processed before: processing it" in output
    assert f"{SECOND}: input unchanged" in output
    assert pl.read_parquet(lake / "documents" / f"date={FIRST}" / "*.parquet").height == 3
    assert set(_registry(lake)["entity_id"]) >= first_only  # the same ids again


def test_an_interrupted_drop_is_finished_by_the_next_command(prefect_server, tmp_path):
    folder, lake = tmp_path / "in", tmp_path / "lake"
    folder.mkdir()
    shutil.copy(SEEDS / "003_tennis_final.txt", folder)
    for day in (FIRST, SECOND):
        _invoke("run", "--input", str(folder), "--date", day, "--lake", str(lake))
    journals = lake / "_journal"
    journals.mkdir(exist_ok=True)
    # A drop that crashed right after publishing its marker; and a marker nobody trusts.
    marker = {"run_id": "drop-crashed", "date": FIRST}
    (journals / f"{FIRST}.drop").write_text(json.dumps(marker))
    (journals / f"{SECOND}.drop").write_text(json.dumps({"run_id": "../../x", "date": SECOND}))
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", "--start", SECOND, "--end", SECOND, "--lake", str(lake), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "finished the interrupted drop of run drop-crashed" in result.output
    assert "not written by newslake: set aside" in result.output
    assert not (lake / "documents" / f"date={FIRST}").exists()
    assert not (lake / "_state" / f"{FIRST}.json").exists()
    assert (lake / "documents" / f"date={SECOND}").is_dir()  # the untrusted marker: unused
    assert (journals / f"{SECOND}.drop.refused").exists()
    registry = _registry(lake)
    assert {u["date"] for usage in registry["usage"].to_list() for u in usage} == {
        dt.date.fromisoformat(SECOND)
    }
