"""Reading quotes by person, one obvious way, whatever the tool: Polars, pandas or DuckDB all
start from the analyst's quotes (`tasks.desk.queries.quotes`), where each quote's speaker is
the lake-wide person (`speaker_id`, `speaker`, `speaker_label`: the entity registry's id,
name and label, the alias table applied), near-duplicate copies and headline restatements
are left out, and counts therefore equal the report's.

The base table's `quotes.speaker_name` is the name as one article wrote it ("Okafor",
"Tomas J. Gromble"): grouping by it splits a person; group by `speaker_id` instead.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from tasks.desk.queries import quotes
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.storage import Location, files_under, join, resolve

if TYPE_CHECKING:
    import duckdb


def lake_dates(lake: Location) -> tuple[dt.date, dt.date] | None:
    """The first and last landing dates the lake holds documents for (None: no documents)."""
    fs, root = resolve(join(lake, "documents"))
    days = sorted(
        dt.date.fromisoformat(name.rsplit("=", 1)[1])
        for name in (fs.ls(root, detail=False) if fs.isdir(root) else [])
        if "date=" in name and files_under(fs, name)
    )
    return (days[0], days[-1]) if days else None


def quotes_by_speaker(
    lake: Location,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    aliases: Path = DEFAULT_ALIASES,
) -> pl.DataFrame:
    """Every attributed quote of start..end (default: the whole lake) with its lake-wide
    speaker: `speaker_id`, `speaker` (the name shown for that person everywhere) and
    `speaker_label` (PERSON, ORG, ...), `speaker_gender` and `speaker_gender_source` (the
    registry's and the alias table's now: one value per person, docs/gender.md), beside the
    article's own `speaker_name`."""
    span = lake_dates(lake)
    if span is None:
        return pl.DataFrame()
    first, last = start or span[0], end or span[1]
    frame = quotes(lake, first, last, aliases).filter(pl.col("speaker_name").is_not_null())
    return frame.select(
        "quote_id",
        "doc_id",
        "date",
        "day",
        "publisher",
        "title",
        speaker_id=pl.col("speaker_key"),
        speaker=pl.col("speaker_name"),
        speaker_label=pl.col("speaker_label"),
        speaker_gender=pl.col("speaker_gender"),
        speaker_gender_source=pl.col("speaker_gender_source"),
        speaker_as_written=pl.col("speaker"),
        kind=pl.col("kind"),
        cue=pl.col("cue"),
        text=pl.col("text"),
    )


def quotes_per_person(
    lake: Location,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    aliases: Path = DEFAULT_ALIASES,
) -> pl.DataFrame:
    """Quotes and quoting articles per speaker, most quoted first: the report's counts."""
    frame = quotes_by_speaker(lake, start, end, aliases=aliases)
    if frame.is_empty():
        return frame
    return (
        frame.group_by("speaker_id")
        .agg(
            speaker=pl.col("speaker").mode().sort().first(),
            speaker_label=pl.col("speaker_label").first(),
            quotes=pl.len(),
            articles=pl.col("doc_id").n_unique(),
        )
        .sort(["quotes", "speaker"], descending=[True, False])
    )


def duckdb_views(
    lake: Location,
    *,
    connection: duckdb.DuckDBPyConnection | None = None,
    aliases: Path = DEFAULT_ALIASES,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the view `quotes`: the analyst's quotes with their lake-wide
    speaker (as `quotes_by_speaker` gives them), so `GROUP BY speaker_id` counts as the
    report does."""
    import duckdb

    con = connection or duckdb.connect()
    con.register("quotes", quotes_by_speaker(lake, aliases=aliases).to_arrow())
    return con
