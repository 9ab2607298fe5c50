"""A headline's quote restates one of the body: it stays in the quotes table, flagged, and is
counted once in the per-speaker daily tables, the desk and the report."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from desk_lake import FIRST_DATE, date_rows, publish_date

from tasks import desk
from tasks.desk.report import gather


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> tuple[Path, dict]:
    """A one-date lake of invented articles whose first named quote is in a headline."""
    root = tmp_path_factory.mktemp("headlines") / "lake"
    rows = date_rows(articles=12, dates=1)[FIRST_DATE]
    flagged = next(q for q in rows["quotes"] if q["speaker_name"] is not None)
    flagged["headline"] = True
    publish_date(root, FIRST_DATE, rows)
    return root, flagged


def _read(root: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(root / table / "**" / "*.parquet", hive_partitioning=True)


def test_the_headline_quote_stays_in_the_quotes_table(lake):
    root, flagged = lake
    quotes = _read(root, "quotes")
    assert quotes.filter(pl.col("quote_id") == flagged["quote_id"])["headline"].to_list() == [True]


def _body_quotes(root: Path) -> pl.DataFrame:
    return _read(root, "quotes").filter(pl.col("speaker_name").is_not_null(), ~pl.col("headline"))


def test_speaker_daily_counts_the_body_only(lake):
    root, flagged = lake
    speaker = pl.col("speaker_entity_id") == flagged["speaker_entity_id"]
    counted = _read(root, "speaker_daily").filter(speaker)["n_quotes"].sum()
    assert counted == _body_quotes(root).filter(speaker).height


def test_speaker_entity_daily_counts_the_body_only(lake):
    root, flagged = lake
    speaker = pl.col("speaker_entity_id") == flagged["speaker_entity_id"]
    entities = _read(root, "entities").select(
        "doc_id", "entity_id", pl.col("start").alias("e_start"), pl.col("end").alias("e_end")
    )
    inside = (
        _body_quotes(root)
        .filter(speaker)
        .join(entities, on="doc_id")
        .filter(
            pl.col("e_start") >= pl.col("start"),
            pl.col("e_end") <= pl.col("end"),
            pl.col("entity_id") != pl.col("speaker_entity_id"),
        )
    )
    counted = _read(root, "speaker_entity_daily").filter(speaker)["n_quotes"].sum()
    assert (
        counted == inside.group_by("entity_id").agg(pl.col("quote_id").n_unique())["quote_id"].sum()
    )


def test_the_desk_and_the_report_leave_the_headline_out(lake):
    root, flagged = lake
    assert flagged["quote_id"] not in desk.quotes(root, FIRST_DATE, FIRST_DATE)["quote_id"]
    both = desk.quotes(root, FIRST_DATE, FIRST_DATE, headlines=True)
    assert flagged["quote_id"] in both["quote_id"]
    page = gather(root, FIRST_DATE, FIRST_DATE)
    assert len(page["quotes"]["text"]) == both.height - 1
