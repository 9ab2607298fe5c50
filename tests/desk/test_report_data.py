"""What the report's page holds, read against the lake it comes from (tests/desk_lake.py: a
lake with organisation and description speakers, nationalities named inside quotes and
documents that name their outlet only by its host)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from desk_lake import build

from tasks import desk
from tasks.desk.report.payload import gather
from tasks.ingest.outlets import host
from tasks.lake.tables import scan


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> tuple[Path, list[dt.date]]:
    root = tmp_path_factory.mktemp("desk-data") / "lake"
    return root, build(root, articles=120, dates=2)


def test_quotes_carry_the_speaker_label(lake):
    root, days = lake
    quotes = desk.quotes(root, days[0], days[-1])
    written = scan("quotes", root, days[0], days[-1]).select("quote_id", "speaker_label")
    both = quotes.select("quote_id", "speaker_label").join(
        written.collect(), on="quote_id", suffix="_written"
    )
    assert both.height == quotes.height
    assert set(quotes["speaker_label"].drop_nulls()) == {"PERSON", "ORG"}
    assert both.filter(
        pl.col("speaker_label").ne_missing(pl.col("speaker_label_written"))
    ).is_empty()


def test_a_host_and_its_outlet_are_one_outlet(lake):
    root, days = lake
    published = (
        scan("documents", root, days[0], days[-1])
        .filter(pl.col("duplicate_of").is_null())
        .collect()
    )
    by_host = published.filter(pl.col("publisher").str.contains(".", literal=True))
    assert by_host.height > 0  # the lake has documents named by their host only
    data = gather(root, days[0], days[-1])
    assert not [name for name in data["outlets"] if "." in name]
    named = published.filter(pl.col("publisher").str.contains(".", literal=True).not_())
    names = {host(url): name for name, url in named.select("publisher", "url").iter_rows()}
    counts: dict[str, int] = {}
    for outlet in data["docs"]["outlet"]:
        counts[data["outlets"][outlet]] = counts.get(data["outlets"][outlet], 0) + 1
    expected = published.group_by(
        pl.col("url").map_elements(lambda url: names[host(url)], return_dtype=pl.String)
    ).len()
    assert counts == dict(expected.iter_rows())
    for row in desk.repeated(root, days[0], days[-1]).iter_rows(named=True):
        assert "." not in "".join(row["publishers"]) and row["n_outlets"] == len(row["publishers"])


def test_no_nationality_is_someone_talked_about(lake):
    root, days = lake
    norp = scan("entities", root, days[0], days[-1]).filter(pl.col("label") == "NORP").collect()
    assert norp.height > 0  # the quotes do name nationalities
    data = gather(root, days[0], days[-1])
    assert "NORP" not in data["entities"]["label"]
    assert not set(norp["name"]) & set(data["entities"]["name"])
    assert set(desk.mentions(root, days[0], days[-1])["label"]) == {"GPE", "LOC", "ORG"}


def test_speakers_carry_their_label(lake):
    root, days = lake
    data = gather(root, days[0], days[-1])
    labels = dict(zip(data["speakers"]["name"], data["speakers"]["label"], strict=True))
    quotes = desk.quotes(root, days[0], days[-1]).filter(pl.col("speaker_name").is_not_null())
    expected = {
        n: label or ""
        for n, label in quotes.select("speaker_name", "speaker_label").unique().iter_rows()
    }
    assert labels == expected and {"PERSON", "ORG", ""} <= set(labels.values())
