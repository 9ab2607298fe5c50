"""Daily tables built from lazy scans of the base tables, one date at a time.

Near-duplicate documents (syndicated copies) are left out, so a story carried by three
outlets counts once. Entities and speakers are keyed by `entity_id`, so different spellings
count together; each row shows the name most used for that entity that day.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pyarrow.dataset as ds

from tasks import faults
from tasks.lake import partition_dir, write_part
from tasks.schema import PIPELINE_VERSION, TABLES
from tasks.storage import Location, files_under, resolve


def _partition(lake: Location, table: str, date: dt.date) -> pl.LazyFrame:
    """One table's partition, read through fsspec: a local folder or object storage."""
    fs, folder = resolve(partition_dir(lake, table, date))
    parts = files_under(fs, folder)
    return pl.scan_pyarrow_dataset(ds.dataset(parts, schema=TABLES[table], filesystem=fs))


def _scan(lake: Location, table: str, date: dt.date) -> pl.LazyFrame:
    """Rows of `table` for `date`, from unique documents only (near-duplicates left out)."""
    unique = (
        _partition(lake, "documents", date)
        .filter(pl.col("duplicate_of").is_null())
        .select("doc_id")
    )
    return _partition(lake, table, date).join(unique, on="doc_id", how="semi")


def _most_used(column: str) -> pl.Expr:
    """The most frequent value of `column` in the group (alphabetical on ties)."""
    return pl.col(column).mode().sort().first()


def _speaker_quotes(lake: Location, date: dt.date) -> pl.LazyFrame:
    """Attributed quotes with a grouping key: the speaker's entity, else the name as written."""
    return (
        _scan(lake, "quotes", date)
        .filter(pl.col("speaker_name").is_not_null())
        .with_columns(speaker_key=pl.coalesce("speaker_entity_id", "speaker_name"))
    )


def speaker_daily(lake: Location, date: dt.date) -> pl.LazyFrame:
    """Quotes and quoting documents per speaker."""
    return (
        _speaker_quotes(lake, date)
        .group_by("speaker_key")
        .agg(
            speaker_entity_id=pl.col("speaker_entity_id").first(),
            speaker_name=_most_used("speaker_name"),
            n_quotes=pl.len(),
            n_documents=pl.col("doc_id").n_unique(),
        )
        .drop("speaker_key")
        .sort(["n_quotes", "speaker_name"], descending=[True, False])
    )


def entity_daily(lake: Location, date: dt.date) -> pl.LazyFrame:
    """Mentions and mentioning documents per entity."""
    return (
        _scan(lake, "entities", date)
        .group_by("entity_id")
        .agg(
            name=_most_used("name"),
            label=pl.col("label").first(),
            n_mentions=pl.len(),
            n_documents=pl.col("doc_id").n_unique(),
        )
        .sort(["n_mentions", "name"], descending=[True, False])
    )


def speaker_entity_daily(lake: Location, date: dt.date) -> pl.LazyFrame:
    """Who talks about whom: entities mentioned inside each speaker's quotes."""
    quotes = _speaker_quotes(lake, date).select(
        "doc_id", "quote_id", "start", "end", "speaker_key", "speaker_entity_id", "speaker_name"
    )
    entities = _scan(lake, "entities", date).select(
        "doc_id",
        "entity_id",
        "name",
        "label",
        pl.col("start").alias("e_start"),
        pl.col("end").alias("e_end"),
    )
    inside = quotes.join(entities, on="doc_id").filter(
        (pl.col("e_start") >= pl.col("start"))
        & (pl.col("e_end") <= pl.col("end"))
        & (pl.col("entity_id") != pl.col("speaker_entity_id")).fill_null(True)
    )
    return (
        inside.group_by("speaker_key", "entity_id")
        .agg(
            speaker_entity_id=pl.col("speaker_entity_id").first(),
            speaker_name=_most_used("speaker_name"),
            name=_most_used("name"),
            label=pl.col("label").first(),
            n_quotes=pl.col("quote_id").n_unique(),
        )
        .drop("speaker_key")
        .sort(["n_quotes", "speaker_name", "name"], descending=[True, False, False])
    )


BUILDERS = {
    "speaker_daily": speaker_daily,
    "entity_daily": entity_daily,
    "speaker_entity_daily": speaker_entity_daily,
}


def stage_daily(source: Location, stage: Location, date: dt.date, run_id: str) -> dict[str, int]:
    """Build every daily table of `date` from the base tables under `source` (the lake, or a
    run's staging before its publish) into the staging root `stage`; rows per table."""
    fs, documents = resolve(partition_dir(source, "documents", date))
    if not files_under(fs, documents):
        raise FileNotFoundError(f"no documents for {date} in {source}: process that date first")
    counts: dict[str, int] = {}
    for table, build in BUILDERS.items():
        frame = build(source, date).collect()
        rows = frame.with_columns(
            date=pl.lit(date), run_id=pl.lit(run_id), pipeline_version=pl.lit(PIPELINE_VERSION)
        ).to_dicts()
        write_part(rows, table, stage, date, "0", keep_empty=True)
        counts[table] = len(rows)
        faults.reached("aggregate.table")
    return counts
