"""The analyst's desk: the lake's quotes as an analyst reads them, one Polars frame away.

Every frame is grouped by entity id with the registry's display name (the alias table's
where it gives one), near-duplicate copies are left out as in the daily tables, and a
quote's `day` is its article's publication day where known (`dated`), else its landing
date. An outlet that some documents name only by its host is one outlet, under its name
(`outlet_names`). The report (tasks.desk.report) and notebooks/explore.ipynb are built on
these frames.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from tasks.desk.expressions import (
    mentioned_inside_quote,
    most_used,
    said_in_body,
    speaker_key,
    talked_about,
)
from tasks.ingest.outlets import host_outlets
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.schema import CLUSTERS_TABLE
from tasks.lake.storage import Location, join, resolve
from tasks.lake.tables import scan
from tasks.link.names import identities, linked
from tasks.text.aliases import read_aliases

CONTEXT_CHARS = 240  # of the sentence around a quote, on each side at most


def names(lake: Location, aliases: Path = DEFAULT_ALIASES) -> pl.LazyFrame:
    """entity_id -> lake_id, lake_name, lake_label: one id and name per referent."""
    return identities(lake, read_aliases(aliases))


def outlet_names(lake: Location) -> dict[str, str]:
    """Publisher -> outlet for the publishers that are only a host name of a named outlet,
    judged over every date of the lake (a range may hold only the host's documents)."""
    pairs = scan("documents", lake).select("publisher", "url").unique().collect()
    return host_outlets(pairs.iter_rows())


def documents(lake: Location, start: dt.date, end: dt.date) -> pl.LazyFrame:
    """Unique documents with their outlet (`outlet_names` applied) and day (publication day
    where known)."""
    return (
        scan("documents", lake, start, end)
        .filter(pl.col("duplicate_of").is_null())
        .select("doc_id", "date", "title", "url", "publisher", "published_at")
        .with_columns(
            pl.col("publisher").replace(outlet_names(lake)),
            day=pl.coalesce(pl.col("published_at").dt.date(), "date"),
            dated=pl.col("published_at").is_not_null(),
        )
    )


def _quotes(lake: Location, start: dt.date, end: dt.date, headlines: bool = False) -> pl.LazyFrame:
    """The quotes of start..end; a headline's only with `headlines` (it restates one of the
    body, so by default a statement counts once)."""
    found = scan("quotes", lake, start, end)
    return found if headlines else found.filter(said_in_body())


def quotes(
    lake: Location,
    start: dt.date,
    end: dt.date,
    aliases: Path = DEFAULT_ALIASES,
    headlines: bool = False,
) -> pl.DataFrame:
    """Every quote of the articles' bodies (and, with `headlines`, of their headlines) with
    its speaker (id and display name), article (title, url, outlet, day) and the sentence
    around it (`before`, `after`), in the order of the articles. `speaker_label` (PERSON,
    ORG, ...) is the registry's for a linked speaker, else the quote's own."""
    ids = names(lake, aliases)
    frame = linked(
        _quotes(lake, start, end, headlines).join(
            documents(lake, start, end), on=["doc_id", "date"]
        ),
        ids,
        "speaker_entity_id",
        "speaker_name",
        "speaker_label",
        gender="speaker_",
    ).with_columns(speaker_key=speaker_key())
    sentences = scan("sentences", lake, start, end).select(
        "doc_id", "date", pl.col("start").alias("s_start"), pl.col("end").alias("s_end"), "text"
    )
    keys = ["quote_id", "doc_id", "date", "start", "end"]
    before = (
        frame.select(keys)
        .join(sentences, on=["doc_id", "date"])
        .filter(pl.col("s_start") <= pl.col("start"), pl.col("start") < pl.col("s_end"))
        .select(
            "quote_id",
            before=_tail(pl.col("text").str.slice(0, pl.col("start") - pl.col("s_start"))),
        )
    )
    after = (
        frame.select(keys)
        .join(sentences, on=["doc_id", "date"])
        .filter(pl.col("s_start") < pl.col("end"), pl.col("end") <= pl.col("s_end"))
        .select(
            "quote_id", after=_head(pl.col("text").str.slice(pl.col("end") - pl.col("s_start")))
        )
    )
    return (
        frame.join(before.unique("quote_id"), on="quote_id", how="left")
        .join(after.unique("quote_id"), on="quote_id", how="left")
        .join(cluster_ids(lake), on="quote_id", how="left")
        .with_columns(pl.col("before", "after").fill_null(""))
        .select(
            "quote_id",
            "doc_id",
            "date",
            "day",
            "dated",
            "publisher",
            "title",
            "url",
            "kind",
            "headline",
            "speaker_key",
            "speaker_entity_id",
            "speaker_name",
            "speaker_label",
            "speaker_gender",
            "speaker_gender_source",
            "speaker",
            "cue",
            "text",
            "before",
            "after",
            "start",
            "end",
            "cluster_id",
        )  # fmt: skip
        .sort("date", "publisher", "doc_id", "start", nulls_last=True)
        .collect()
    )


def _tail(text: pl.Expr) -> pl.Expr:
    """The last CONTEXT_CHARS characters of `text`, an ellipsis where cut."""
    long = text.str.len_chars() > CONTEXT_CHARS
    return pl.when(long).then("…" + text.str.slice(-CONTEXT_CHARS)).otherwise(text)


def _head(text: pl.Expr) -> pl.Expr:
    long = text.str.len_chars() > CONTEXT_CHARS
    return pl.when(long).then(text.str.slice(0, CONTEXT_CHARS) + "…").otherwise(text)


def cluster_ids(lake: Location) -> pl.LazyFrame:
    """quote_id -> cluster_id for every quote in a cluster of two or more (any other quote
    is a cluster of its own: its cluster_id is its quote_id)."""
    fs, path = resolve(join(lake, CLUSTERS_TABLE))
    if not fs.isdir(path):
        return pl.LazyFrame(schema={"quote_id": pl.String, "cluster_id": pl.String})
    return (
        pl.scan_parquet(f"{str(lake).rstrip('/')}/{CLUSTERS_TABLE}/*.parquet")
        .select("cluster_id", pl.col("quotes").list.eval(pl.element().struct.field("quote_id")))
        .explode("quotes")
        .select(pl.col("quotes").alias("quote_id"), "cluster_id")
    )


def mentions(
    lake: Location,
    start: dt.date,
    end: dt.date,
    aliases: Path = DEFAULT_ALIASES,
    headlines: bool = False,
) -> pl.DataFrame:
    """Who each quote talks about (the quotes `quotes` gives): the people, organisations and
    places mentioned inside it (the speaker left out; see `talked_about`), by lake id and
    display name."""
    ids = names(lake, aliases)
    found = _quotes(lake, start, end, headlines).select(
        "quote_id", "doc_id", "date", "start", "end", "speaker_entity_id"
    )
    found = linked(
        found.with_columns(speaker_name=pl.lit(None, pl.String)),
        ids,
        "speaker_entity_id",
        "speaker_name",
    )
    entities = linked(
        scan("entities", lake, start, end).select(
            "doc_id",
            "date",
            "entity_id",
            "name",
            "label",
            pl.col("start").alias("e_start"),
            pl.col("end").alias("e_end"),
        ),  # fmt: skip
        ids,
        "entity_id",
        "name",
    )
    return (
        found.join(entities, on=["doc_id", "date"])
        .filter(mentioned_inside_quote())
        .group_by("quote_id", "entity_id")
        .agg(name=most_used("name"), label=most_used("label"))
        .filter(talked_about())
        .sort("quote_id", "entity_id")
        .collect()
    )


def search(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    """Quotes whose text or speaker holds `text` (any case)."""
    needle = text.casefold()
    return frame.filter(
        pl.col("text").str.to_lowercase().str.contains(needle, literal=True)
        | pl.col("speaker").fill_null("").str.to_lowercase().str.contains(needle, literal=True)
        | pl.col("speaker_name").fill_null("").str.to_lowercase().str.contains(needle, literal=True)
    )


def repeated(lake: Location, start: dt.date, end: dt.date, least: int = 2) -> pl.DataFrame:
    """Quote clusters seen in `least` articles or more, first seen from start to end: the
    quotes that travelled, most articles first (outlets as `documents` names them)."""
    fs, path = resolve(join(lake, CLUSTERS_TABLE))
    if not fs.isdir(path):
        return pl.DataFrame()
    outlet = outlet_names(lake)
    return (
        pl.scan_parquet(f"{str(lake).rstrip('/')}/{CLUSTERS_TABLE}/*.parquet")
        .with_columns(
            pl.col("first_publisher").replace(outlet),
            pl.col("publishers").list.eval(pl.element().replace(outlet).unique().sort()),
        )
        .with_columns(n_outlets=pl.col("publishers").list.len().cast(pl.Int64))
        .filter(
            pl.col("n_articles") >= least,
            pl.col("quotes")
            .list.eval(pl.element().struct.field("date").is_between(start, end))
            .list.any(),
        )
        .drop("quotes")
        .sort(
            ["n_articles", "n_outlets", "first_seen", "cluster_id"],
            descending=[True, True, False, False],
        )
        .collect()
    )


def outlets(lake: Location, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Outlets compared over start..end (from `outlet_daily`, outlets as `documents` names
    them): documents, quotes, the share of direct quotes and of dated articles, quotes per
    article."""
    return (
        scan("outlet_daily", lake, start, end)
        .with_columns(pl.col("publisher").replace(outlet_names(lake)))
        .group_by("publisher")
        .agg(pl.col("^n_.*$").sum())
        .with_columns(
            quotes_per_article=(pl.col("n_quotes") / pl.col("n_documents")).round(2),
            direct_share=(pl.col("n_direct") / pl.col("n_quotes")).round(2),
            dated_share=(pl.col("n_dated") / pl.col("n_documents")).round(2),
        )
        .drop("n_speakers")  # distinct per day: a sum over days would count people twice
        .sort(["n_documents", "publisher"], descending=[True, False], nulls_last=True)
        .collect()
    )
