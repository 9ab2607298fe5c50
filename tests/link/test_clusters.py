"""Quote clusters: variants of one line are one cluster, and the table is a function of the
lake: the same clusters whatever the order, concurrency or reruns of its dates."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import polars as pl
import pytest
from desk_lake import date_rows, publish_date

from tasks.link import clusters, quote_groups
from tasks.link.quote_match import words

LINE = "This bridge will connect families, workers and businesses that have been cut off"


def _appearance(
    quote_id: str, text: str, kind: str = "direct", day: int = 1
) -> quote_groups.Appearance:
    date = dt.date(2026, 11, day)
    found = quote_groups.quoted_words(text, kind)
    return quote_groups.Appearance(
        quote_id, f"doc-{quote_id}", date, 0, text, found, None, None, None, None
    )


def _grouped(*appearances: quote_groups.Appearance) -> list[set[str]]:
    forms = quote_groups.forms_of(appearances)
    found = quote_groups.groups(quote_groups.relink(set(), forms, forms), appearances)
    return sorted(({a.quote_id for a in group} for group in found), key=sorted)


def test_variants_of_one_line_are_one_cluster():
    found = _grouped(
        _appearance("whole", LINE + "."),
        _appearance(
            "truncated", "This bridge will connect families, workers and businesses", day=2
        ),
        _appearance("partial", f"Okafor said the bridge would “{LINE[12:]}”", "mixed", day=3),
        _appearance("repunctuated", LINE.replace(",", " —").upper(), day=2),
        _appearance("again", LINE + ".", day=3),  # the same words: one form
        _appearance("other", "The harbour is not a car park, and it never will be one"),
        _appearance("short", "This bridge will"),
    )
    assert found == [{"again", "partial", "repunctuated", "truncated", "whole"}]


def test_partial_quotes_count_their_quoted_words_only():
    text = "She said the plan was “a disaster for the town” and “a waste of money”"
    assert quote_groups.quoted_words(text, "mixed") == (
        *words("a disaster for the town"), quote_groups.FRAGMENT_BREAK, *words("a waste of money")
    )  # fmt: skip


def test_a_rerun_that_drops_the_bridging_quote_splits_the_cluster():
    long = _appearance("long", LINE + " and that is why we voted for it today")
    head = _appearance("head", LINE, day=2)
    tail = _appearance("tail", "cut off and that is why we voted for it today", day=2)
    forms = quote_groups.forms_of([long, head, tail])
    pairs = quote_groups.relink(set(), forms, forms)
    assert len(pairs) == 2 and len(quote_groups.groups(pairs, [long, head, tail])) == 1
    rerun = quote_groups.forms_of([head, tail])
    pairs = quote_groups.relink(pairs, rerun, ())  # the long quote is gone: its pairs go too
    assert pairs == set() and quote_groups.groups(pairs, [head, tail]) == []


# --- the table, through the lake ------------------------------------------------------------

ROWS = date_rows(articles=60, dates=3, seed=4)
DATES = list(ROWS)


def _table(lake: Path) -> pl.DataFrame:
    return pl.read_parquet(lake / "quote_clusters" / "part-0.parquet")


@pytest.fixture(scope="module")
def in_order(tmp_path_factory) -> pl.DataFrame:
    lake = tmp_path_factory.mktemp("in-order") / "lake"
    for date in DATES:
        publish_date(lake, date, ROWS[date])
    table = _table(lake)
    assert table.height >= 5 and table["n_outlets"].max() >= 3
    assert table["first_seen"].min() <= DATES[0]  # published the day before it landed
    return table


@pytest.mark.parametrize("order", [(2, 1, 0), (1, 2, 0)])
def test_dates_in_any_order_give_the_same_clusters(order, in_order, tmp_path):
    for index in order:
        publish_date(tmp_path, DATES[index], ROWS[DATES[index]])
    assert _table(tmp_path).equals(in_order)


def test_concurrent_dates_give_the_same_clusters(in_order, tmp_path):
    threads = [
        threading.Thread(target=publish_date, args=(tmp_path, date, ROWS[date]))
        for date in reversed(DATES)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _table(tmp_path).equals(in_order)


def test_a_rerun_date_gives_what_a_fresh_lake_gives(in_order, tmp_path):
    for date in DATES:
        publish_date(tmp_path, date, ROWS[date])
    middle = DATES[1]
    changed = {t: list(r) for t, r in ROWS[middle].items()}
    changed["quotes"] = changed["quotes"][::2]  # the rerun finds half the quotes
    publish_date(tmp_path, middle, changed, attempt=1)
    fresh = tmp_path / "fresh"
    for date in (middle, DATES[2], DATES[0]):
        publish_date(fresh, date, changed if date == middle else ROWS[date])
    assert _table(tmp_path).equals(_table(fresh))
    assert not _table(tmp_path).equals(in_order)


def test_dates_published_without_their_cluster_update_are_caught_up(in_order, tmp_path):
    """A run that died between its publish and its cluster update: the next update (of any
    date) or the next newslake command (tasks.run.upkeep) pairs its quotes."""
    for date in DATES:
        publish_date(tmp_path, date, ROWS[date], cluster=date == DATES[1])
    assert clusters.stale_dates(tmp_path) == [DATES[2]]  # the first was caught up by the second
    assert "quote clusters updated" in (clusters.refresh(tmp_path) or "")
    assert clusters.stale_dates(tmp_path) == []
    assert clusters.refresh(tmp_path) is None
    assert _table(tmp_path).equals(in_order)


def test_a_rebuild_from_nothing_gives_the_incremental_table(in_order, tmp_path):
    for date in DATES:
        publish_date(tmp_path, date, ROWS[date])
    shutil.rmtree(tmp_path / "quote_clusters")
    clusters.update(tmp_path)
    assert _table(tmp_path).equals(in_order)
    clusters.update(tmp_path, DATES)  # every date paired anew
    assert _table(tmp_path).equals(in_order)


def test_every_quote_of_a_cluster_is_in_the_lake_and_the_first_names_it(in_order, tmp_path):
    for date in DATES:
        publish_date(tmp_path, date, ROWS[date])
    quotes = pl.read_parquet(tmp_path / "quotes" / "**" / "*.parquet", hive_partitioning=True)
    texts = dict(quotes.select("quote_id", "text").iter_rows())
    for row in in_order.iter_rows(named=True):
        members = [q["quote_id"] for q in row["quotes"]]
        assert row["cluster_id"] == members[0] and row["n_quotes"] == len(members)
        assert row["text"] in {texts[q] for q in members}
        assert row["n_outlets"] == len(row["publishers"])
