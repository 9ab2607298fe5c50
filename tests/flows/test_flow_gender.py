"""Speaker gender through the real flow (the CLI, a real Prefect flow run, real spaCy and
Parquet): one gender per person in every quote and table, evidence from one article reaching
a quote of another, and an alias-table override reaching the daily tables with
`rebuild-aggregates` alone."""

from __future__ import annotations

import datetime as dt
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
    quotes = _table(lake, "quotes").filter(pl.col("speaker_entity_id") == person["entity_id"])
    assert set(quotes["speaker_gender_source"]) == {"override"}  # the stored column too
    assert (person["gender"], person["gender_source"]) == ("male", "override")
    genders = ["speaker_gender", "speaker_gender_source"]
    for table, rows in base.items():  # no NLP pass: only the quotes' gender columns change
        assert (
            _table(lake, table).drop(genders, strict=False).equals(rows.drop(genders, strict=False))
        ), table


FIRST, SECOND = "2026-06-01", "2026-06-02"
DATED = {
    FIRST: {
        "harbour.txt": "Harbour plan\n“The harbour will reopen in June,” Gideon Farrow "
        "said on Tuesday.\n"
    },  # fmt: skip
    SECOND: {
        "council.txt": "Council vote\nMr. Gideon Farrow told the council on Monday that "
        "the budget would be balanced next year.\n"
    },  # fmt: skip
}


@pytest.fixture(scope="module")
def two_dates(prefect_server, tmp_path_factory) -> tuple[Path, dict[str, pl.DataFrame], str]:
    """A lake of two dates run one after the other: the first only quotes Gideon Farrow, the
    second gives his gender. Returns the lake, the first date's tables as its own run left
    them, and what the second run printed."""
    root = tmp_path_factory.mktemp("gender-dates")
    lake, outputs, first = root / "lake", [], {}
    for date, articles in DATED.items():
        folder = root / "landing" / date
        folder.mkdir(parents=True)
        for name, text in articles.items():
            (folder / name).write_text(text)
        outputs.append(_invoke("run", "--input", str(folder), "--date", date, "--lake", str(lake)))
        tables = ("documents", "entities", "quotes", "speaker_daily")
        first = first or {t: _table(lake, t) for t in tables}
    return lake, first, outputs[-1]


def _first_date(frame: pl.DataFrame, entity_id: str) -> pl.DataFrame:
    day = pl.lit(FIRST).str.to_date()
    return frame.filter(pl.col("date") == day, pl.col("speaker_entity_id") == entity_id)


def test_a_later_dates_evidence_reaches_an_earlier_dates_quotes(two_dates):
    from tasks.desk.reading import quotes_by_speaker
    from tasks.link.clusters import read_date

    lake, first, printed = two_dates
    person = _person(lake, "Farrow")
    assert (person["gender"], person["gender_source"]) == ("male", "text")
    # as the first date ran, nothing said he was a man
    assert set(_first_date(first["quotes"], person["entity_id"])["speaker_gender"]) == {None}
    # the second date's run brought the first date's stored quotes and daily tables to the
    # registry's value, and said so
    assert f"{FIRST}: a speaker's gender changed" in printed
    quotes = _first_date(_table(lake, "quotes"), person["entity_id"])
    assert quotes.height >= 1 and set(quotes["speaker_gender"]) == {"male"}
    assert set(quotes["speaker_gender_source"]) == {"text"}
    speakers = _first_date(_table(lake, "speaker_daily"), person["entity_id"])
    assert speakers.height == 1 and speakers["speaker_gender"][0] == "male"
    outlets = _table(lake, "outlet_daily").filter(pl.col("date") == pl.lit(FIRST).str.to_date())
    assert outlets["n_quotes_male"].sum() >= 1 and outlets["n_people_male"].sum() == 1
    read = quotes_by_speaker(lake).filter(pl.col("speaker_id") == person["entity_id"])
    assert read.height >= 2 and set(read["speaker_gender"]) == {"male"}
    # only the first date's gender columns changed: no NLP pass over it
    day = pl.col("date") == pl.lit(FIRST).str.to_date()
    for table in ("documents", "entities"):
        assert _table(lake, table).filter(day).equals(first[table]), table
    genders = ["speaker_gender", "speaker_gender_source"]
    now = _table(lake, "quotes").filter(day).drop(genders)
    assert now.equals(first["quotes"].drop(genders))
    # the date's quotes and documents are still one run's: the quote clusters read it
    assert read_date(lake, dt.date.fromisoformat(FIRST)) is not None
    # a rebuild finds nothing more to change, and nothing to heal
    settled = _table(lake, "quotes")
    rebuilt = _invoke("rebuild-aggregates", "--start", FIRST, "--end", SECOND, "--lake", str(lake))
    assert _table(lake, "quotes").equals(settled) and "healed" not in rebuilt
