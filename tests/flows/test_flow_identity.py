"""Identity through the real flow: a backfill of two dates (the CLI, a real Prefect flow, real
Parquet) gives one person's spellings one id across dates, and an alias edit plus the aggregate
rebuild changes the daily tables with no NLP pass."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from flows.cli import app

DATES = ("2026-11-01", "2026-11-02")
ARTICLES = {
    DATES[0]: {
        "budget.txt": "Budget talks resume\nPeter J. Kowalski met lawmakers in Ohio on Monday. "
        "“We will cut taxes for every family,” Kowalski told reporters.\n",
        "cars.txt": "Car sales\nGeneral Motors said it would hire 500 workers at its plant in "
        "Ohio this year.\n",
    },
    DATES[1]: {
        "rally.txt": "Rally in Iowa\nPeter Kowalski spoke to a crowd in Des Moines. “The economy "
        "will boom next year,” he said.\n",
        "tax.txt": "Tax plan\nMr. Kowalski said the tax plan would help the middle class more than "
        "any plan before it.\n",  # an article naming no other Kowalski
        "plant.txt": "Car sales\nGM said on Monday that it would open a second plant in Texas "
        "next spring.\n",
    },
}


def _invoke(*command: str) -> str:
    result = CliRunner().invoke(app, list(command))
    assert result.exit_code == 0, result.output
    return result.output


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)


@pytest.fixture(scope="module")
def lake(prefect_server, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("identity")
    for day, files in ARTICLES.items():
        folder = root / "landing" / day
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
    lake = root / "lake"
    landing = str(root / "landing")
    _invoke("backfill", "--start", DATES[0], "--end", DATES[1], "--landing", landing,
            "--lake", str(lake))  # fmt: skip
    return lake


def test_one_persons_spellings_are_one_id_across_dates(lake: Path):
    quotes = _table(lake, "quotes").filter(pl.col("speaker_name").str.contains("Kowalski"))
    assert set(quotes["date"].cast(str)) == set(DATES)
    (person_id,) = set(quotes["speaker_entity_id"])  # the first date to register names it
    assert person_id in ("person:peter-kowalski", "person:peter-j-kowalski")
    entities = _table(lake, "entities").filter(pl.col("text").str.contains("Kowalski"))
    assert set(entities["entity_id"]) == {person_id}
    registry = _table(lake, "entities_registry")
    person = registry.filter(pl.col("entity_id") == person_id).row(0, named=True)
    assert person["n_documents"] == 3 and str(person["first_seen"]) == DATES[0]
    assert {"Peter J. Kowalski", "Peter Kowalski", "Kowalski"} <= set(person["aliases"])
    speakers = _table(lake, "speaker_daily").filter(
        pl.col("speaker_entity_id").str.contains("kowalski")
    )
    assert speakers.height == 2 and set(speakers["speaker_name"]) == {person["name"]}


def test_a_speaker_named_only_by_surname_shows_the_lakes_full_name(lake: Path):
    quotes = _table(lake, "quotes").filter(pl.col("speaker") == "Mr. Kowalski")
    registry = _table(lake, "entities_registry")
    (person_id,) = set(quotes["speaker_entity_id"])
    full = registry.filter(pl.col("entity_id") == person_id)["name"].item()
    assert len(full.split()) > 1 and set(quotes["speaker_name"]) == {full}


def test_an_alias_edit_reaches_the_daily_tables_without_an_nlp_pass(lake: Path, tmp_path: Path):
    base = {table: _table(lake, table) for table in ("documents", "quotes", "entities")}
    written = {p: p.stat().st_mtime_ns for p in (lake / "documents").rglob("*.parquet")}
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        (ROOT / "data" / "aliases.csv").read_text()
        + "Peter J. Kowalski,Peter James Kowalski,PERSON\nGM,General Motors,ORG\n"
    )
    before = _table(lake, "entity_daily")
    assert {"org:general-motors", "org:gm"} <= set(before["entity_id"])

    output = _invoke("rebuild-aggregates", "--start", DATES[0], "--end", DATES[1], "--lake",
                     str(lake), "--aliases", str(aliases))  # fmt: skip
    assert "rebuilt 2 date(s)" in output

    speakers = _table(lake, "speaker_daily").filter(
        pl.col("speaker_entity_id").str.contains("kowalski")
    )
    assert set(speakers["speaker_name"]) == {"Peter James Kowalski"}
    cars = _table(lake, "entity_daily").filter(pl.col("name") == "General Motors")
    assert set(cars["entity_id"]) == {"org:general-motors"}
    assert set(cars["date"].cast(str)) == set(DATES)
    assert "org:gm" not in set(_table(lake, "entity_daily")["entity_id"])
    genders = ["speaker_gender", "speaker_gender_source"]  # refreshed: docs/gender.md
    for table, rows in base.items():  # the base tables were not rewritten otherwise
        assert (
            _table(lake, table).drop(genders, strict=False).equals(rows.drop(genders, strict=False))
        ), table
    assert {p: p.stat().st_mtime_ns for p in (lake / "documents").rglob("*.parquet")} == written

    _invoke("aggregate", "--date", DATES[1], "--lake", str(lake))  # back to the repo's table
    names = set(
        _table(lake, "speaker_daily").filter(pl.col("date").cast(str) == DATES[1])["speaker_name"]
    )
    assert "Peter James Kowalski" not in names and names & {"Peter Kowalski", "Peter J. Kowalski"}


def test_a_missing_alias_table_is_one_clear_line(lake: Path, tmp_path: Path):
    result = CliRunner().invoke(
        app, ["aggregate", "--date", DATES[0], "--lake", str(lake), "--aliases",
              os.fspath(tmp_path / "absent.csv")],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "absent.csv" in result.output and "Traceback" not in result.output
