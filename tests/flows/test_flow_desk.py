"""The analyst's desk through real runs: three dates of seed copies from several outlets
(tests/seed_desk.py), processed by `newslake backfill` (two dates at a time), give quote
clusters across outlets and dates, outlets from the manifest, a URL or --publisher, and
timelines on publication days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from seed_desk import DATES, DEFAULT_OUTLET

from tasks import desk
from tasks.link import clusters

FIRST, LAST = dt.date.fromisoformat(DATES[0]), dt.date.fromisoformat(DATES[-1])


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)


def test_a_quote_cut_short_by_one_outlet_is_one_cluster_across_outlets(seed_desk_lake: Path):
    table = pl.read_parquet(seed_desk_lake / "quote_clusters" / "part-0.parquet")
    bridge = table.filter(pl.col("text").str.contains("This bridge will connect families"))
    assert bridge.height == 1
    row = bridge.row(0, named=True)
    assert row["n_articles"] == 3 and row["n_outlets"] == 3
    assert row["speaker_name"] == "Helen Okafor"
    assert "It is the right decision for the town" in row["text"]  # the most quoted form
    assert row["first_seen"] == FIRST and row["first_publisher"] == "Newslake Wire"
    assert row["last_seen"] == LAST
    quotes = _table(seed_desk_lake, "quotes")
    texts = set(
        quotes.filter(pl.col("quote_id").is_in([q["quote_id"] for q in row["quotes"]]))["text"]
    )
    assert any(t.endswith("for far too long.") for t in texts)  # the copy that cut it short
    tired = table.filter(pl.col("text").str.contains("never been this tired"))
    assert tired.height == 1 and tired["n_articles"][0] == 3
    assert clusters.stale_dates(seed_desk_lake) == []  # concurrent dates: all paired


def test_outlets_come_from_the_manifest_the_url_or_the_folder(seed_desk_lake: Path):
    documents = _table(seed_desk_lake, "documents")
    outlets = set(documents["publisher"])
    assert {"Newslake Wire", "Coastal Post", "harbourtimes.example", DEFAULT_OUTLET} <= outlets
    assert documents["publisher"].null_count() == 0
    compared = desk.outlets(seed_desk_lake, FIRST, LAST)
    assert compared["n_documents"].sum() == documents.height
    speakers = _table(seed_desk_lake, "speaker_daily")
    assert speakers["publisher"].null_count() == 0
    named = pl.col("speaker_name").is_not_null() & ~pl.col("headline")
    assert speakers["n_quotes"].sum() == _table(seed_desk_lake, "quotes").filter(named).height


def test_quotes_are_dated_by_publication_where_known(seed_desk_lake: Path):
    quotes = desk.quotes(seed_desk_lake, FIRST, LAST)
    undated = quotes.filter(~pl.col("dated"))
    assert undated.height and set(undated["day"]) <= set(undated["date"])  # landing date
    tennis = quotes.filter(pl.col("title") == "Novak outlasts Ferreira in five-set final")
    assert set(tennis["day"]) == {FIRST}  # published the evening before it landed
    okafor = quotes.filter(pl.col("speaker_name") == "Helen Okafor")
    assert okafor.height >= 3 and (okafor["before"].str.contains("said").all())


def test_the_desk_shows_a_host_as_the_outlet_it_spells(seed_desk_lake: Path):
    documents = _table(seed_desk_lake, "documents")
    assert {"Harbour Times", "harbourtimes.example"} <= set(documents["publisher"])
    shown = set(desk.documents(seed_desk_lake, FIRST, LAST).collect()["publisher"])
    assert "Harbour Times" in shown and "harbourtimes.example" not in shown
    assert set(desk.outlets(seed_desk_lake, FIRST, LAST)["publisher"]) == shown
