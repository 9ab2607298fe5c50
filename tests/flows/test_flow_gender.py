"""Speaker gender through the real flow (the CLI, a real Prefect flow run, real spaCy and
Parquet): one gender per person in every quote and table, evidence from one article reaching
a quote of another, and an alias-table override reaching the daily tables with
`rebuild-aggregates` alone."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from flows.cli import app

DATE = "2026-05-04"
ARTICLES = {
    "council.txt": "Council vote\nMrs. Delia Okonkwo told the council on Monday that the "
    "budget would be balanced next year.\n",
    "harbour.txt": "Harbour plan\n“The harbour will reopen in June,” Delia Okonkwo said on "
    "Tuesday. Gideon Farrow said the plan was too expensive.\n",
}


def _invoke(*command: str) -> str:
    result = CliRunner().invoke(app, list(command))
    assert result.exit_code == 0, result.output
    return result.output


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)


@pytest.fixture(scope="module")
def lake(prefect_server, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gender")
    folder = root / "landing"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    lake = root / "lake"
    _invoke("run", "--input", str(folder), "--date", DATE, "--lake", str(lake))
    return lake


def _person(lake: Path, surname: str) -> dict:
    registry = _table(lake, "entities_registry")
    return registry.filter(pl.col("name").str.ends_with(surname)).row(0, named=True)


def test_one_gender_per_person_in_every_quote_and_table(lake: Path):
    person = _person(lake, "Okonkwo")
    assert (person["gender"], person["gender_source"]) == ("female", "text")
    quotes = _table(lake, "quotes").filter(pl.col("speaker_entity_id") == person["entity_id"])
    assert quotes.height >= 2  # one article gives the evidence, the other only quotes her
    assert set(quotes["speaker_gender"]) == {"female"}
    speakers = _table(lake, "speaker_daily").filter(
        pl.col("speaker_entity_id") == person["entity_id"]
    )
    assert set(speakers["speaker_gender"]) == {"female"}
    outlets = _table(lake, "outlet_daily")
    assert outlets["n_quotes_female"].sum() >= 2 and outlets["n_people_female"].sum() >= 1


def test_a_person_the_articles_give_no_gender_is_left_unknown(lake: Path):
    person = _person(lake, "Farrow")  # named once, no word about him: not guessed
    assert person["gender"] is None and person["gender_source"] is None


def test_an_override_reaches_the_daily_tables_with_rebuild_alone(lake: Path, tmp_path: Path):
    base = {table: _table(lake, table) for table in ("documents", "quotes", "entities")}
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        (ROOT / "data" / "aliases.csv").read_text() + "Delia Okonkwo,Delia Okonkwo,PERSON,male\n"
    )
    _invoke("rebuild-aggregates", "--start", DATE, "--end", DATE, "--lake", str(lake),
            "--aliases", str(aliases))  # fmt: skip
    person = _person(lake, "Okonkwo")
    speakers = _table(lake, "speaker_daily").filter(
        pl.col("speaker_entity_id") == person["entity_id"]
    )
    assert set(speakers["speaker_gender"]) == {"male"}
    assert set(speakers["speaker_gender_source"]) == {"override"}
    assert _table(lake, "outlet_daily")["n_people_female"].sum() == 0
    for table, rows in base.items():  # no NLP pass, the base tables untouched
        assert _table(lake, table).equals(rows), table
