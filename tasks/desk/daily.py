"""Daily tables built from lazy scans of the base tables, one date at a time.

Near-duplicate documents (syndicated copies) are left out, so a story carried by three
outlets counts once. Every table is broken down by outlet (`publisher`, null where unknown):
summed over outlets, the counts are the day's. Entities and speakers are keyed by
`entity_id`, so different spellings count together. The entity registry and the alias
table are applied here, not during the NLP pass: each id shows its registry name and label,
and the alias table (edited after the fact) renames, relabels or merges ids, so `newslake
aggregate` alone applies a fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pyarrow.dataset as ds

from tasks.desk.expressions import mentioned_inside_quote, most_used, said_in_body, speaker_key
from tasks.lake import faults
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.schema import PIPELINE_VERSION, TABLES
from tasks.lake.storage import Location, files_under, resolve
from tasks.lake.tables import partition_dir, write_part
from tasks.link.gender import GENDERS
from tasks.link.names import identities, linked
from tasks.text.aliases import read_aliases


def _partition(lake: Location, table: str, date: dt.date) -> pl.LazyFrame:
    """One table's partition, read through fsspec: a local folder or object storage."""
    fs, folder = resolve(partition_dir(lake, table, date))
    parts = files_under(fs, folder)
    return pl.scan_pyarrow_dataset(ds.dataset(parts, schema=TABLES[table], filesystem=fs))


def _documents(lake: Location, date: dt.date) -> pl.LazyFrame:
    """The date's unique documents (near-duplicates left out)."""
    return _partition(lake, "documents", date).filter(pl.col("duplicate_of").is_null())


def _scan(lake: Location, table: str, date: dt.date) -> pl.LazyFrame:
    """Rows of `table` for `date` from unique documents, with their document's outlet."""
    outlets = _documents(lake, date).select("doc_id", "publisher")
    return _partition(lake, table, date).join(outlets, on="doc_id")


def _speaker_quotes_all(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Quotes with a grouping key for their speaker: the speaker's entity, else the name as
    written (null for a quote without a named speaker)."""
    quotes = _scan(lake, "quotes", date)
    quotes = linked(quotes, ids, "speaker_entity_id", "speaker_name", gender="speaker_")
    return quotes.with_columns(speaker_key=speaker_key())


def _speaker_quotes(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Attributed quotes of the articles' bodies with their speaker's grouping key (a
    headline restates a statement of the body: it is not counted again)."""
    return _speaker_quotes_all(lake, date, ids).filter(
        pl.col("speaker_name").is_not_null(), said_in_body()
    )


def _entities(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    return linked(_scan(lake, "entities", date), ids, "entity_id", "name", "label")


def speaker_daily(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Quotes and quoting documents per speaker."""
    return (
        _speaker_quotes(lake, date, ids)
        .group_by("speaker_key", "publisher")
        .agg(
            speaker_entity_id=pl.col("speaker_entity_id").first(),
            speaker_name=most_used("speaker_name"),
            speaker_gender=pl.col("speaker_gender").first(),  # one per lake id
            speaker_gender_source=pl.col("speaker_gender_source").first(),
            n_quotes=pl.len(),
            n_documents=pl.col("doc_id").n_unique(),
        )
        .drop("speaker_key")
        .sort(["n_quotes", "speaker_name", "publisher"], descending=[True, False, False])
    )


def entity_daily(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Mentions and mentioning documents per entity."""
    return (
        _entities(lake, date, ids)
        .group_by("entity_id", "publisher")
        .agg(
            name=most_used("name"),
            label=most_used("label"),
            n_mentions=pl.len(),
            n_documents=pl.col("doc_id").n_unique(),
        )
        .sort(["n_mentions", "name", "publisher"], descending=[True, False, False])
    )


def speaker_entity_daily(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Who talks about whom: entities mentioned inside each speaker's quotes."""
    quotes = _speaker_quotes(lake, date, ids).select(
        "doc_id",
        "quote_id",
        "start",
        "end",
        "publisher",
        "speaker_key",
        "speaker_entity_id",
        "speaker_name",
    )
    entities = _entities(lake, date, ids).select(
        "doc_id",
        "entity_id",
        "name",
        "label",
        pl.col("start").alias("e_start"),
        pl.col("end").alias("e_end"),
    )
    inside = quotes.join(entities, on="doc_id").filter(mentioned_inside_quote())
    return (
        inside.group_by("speaker_key", "entity_id", "publisher")
        .agg(
            speaker_entity_id=pl.col("speaker_entity_id").first(),
            speaker_name=most_used("speaker_name"),
            name=most_used("name"),
            label=most_used("label"),
            n_quotes=pl.col("quote_id").n_unique(),
        )
        .drop("speaker_key")
        .sort(
            ["n_quotes", "speaker_name", "name", "publisher"],
            descending=[True, False, False, False],
        )
    )


def _by_gender(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Per outlet: the body quotes of named speakers, and the distinct people quoted, of
    each known gender (who gets quoted: a source-diversity audit)."""
    quotes = _speaker_quotes(lake, date, ids)
    counts = []
    for gender in GENDERS:
        of = pl.col("speaker_gender") == gender
        counts.append(of.sum().alias(f"n_quotes_{gender}"))
        counts.append(pl.col("speaker_key").filter(of).n_unique().alias(f"n_people_{gender}"))
    return quotes.group_by("publisher").agg(counts)


def outlet_daily(lake: Location, date: dt.date, ids: pl.LazyFrame) -> pl.LazyFrame:
    """Documents (per language) and quotes per outlet: how outlets compare on a day. Quotes
    come from the documents a model reads (English): a French article counts as a document,
    with no quotes."""
    quotes = (
        _speaker_quotes_all(lake, date, ids)
        .group_by("publisher")
        .agg(
            n_quotes=pl.len(),
            n_direct=(pl.col("kind") == "direct").sum(),
            n_mixed=(pl.col("kind") == "mixed").sum(),
            n_indirect=(pl.col("kind") == "indirect").sum(),
            n_attributed=pl.col("speaker_name").is_not_null().sum(),
            n_speakers=pl.col("speaker_key").drop_nulls().n_unique(),
        )
    )
    documents = (
        _documents(lake, date)
        .group_by("publisher", "language")
        .agg(n_documents=pl.len(), n_dated=pl.col("published_at").is_not_null().sum())
        .sort(["n_documents", "language"], descending=[True, False])
        .group_by("publisher")
        .agg(
            pl.col("n_documents", "n_dated").sum(),
            languages=pl.struct(pl.col("language"), pl.col("n_documents")),
        )
    )
    counts = ["n_quotes", "n_direct", "n_mixed", "n_indirect", "n_attributed", "n_speakers"]
    counts += [f"n_{what}_{g}" for what in ("quotes", "people") for g in GENDERS]
    return (
        documents.join(quotes, on="publisher", how="left", nulls_equal=True)
        .join(_by_gender(lake, date, ids), on="publisher", how="left", nulls_equal=True)
        .with_columns(pl.col(c).fill_null(0).cast(pl.Int64) for c in counts)
        .with_columns(pl.col("n_documents", "n_dated").cast(pl.Int64))
        .sort(["n_documents", "publisher"], descending=[True, False])
    )


BUILDERS = {
    "speaker_daily": speaker_daily,
    "entity_daily": entity_daily,
    "speaker_entity_daily": speaker_entity_daily,
    "outlet_daily": outlet_daily,
}


def stage_daily(
    lake: Location,
    *,
    source: Location,
    stage: Location,
    date: dt.date,
    run_id: str,
    aliases: Path = DEFAULT_ALIASES,
) -> dict[str, int]:
    """Build every daily table of `date` from the base tables under `source` (the lake, or a
    run's staging before its publish), the lake's registry and the alias table at `aliases`,
    into the staging root `stage`; rows per table."""
    fs, documents = resolve(partition_dir(source, "documents", date))
    if not files_under(fs, documents):
        raise FileNotFoundError(f"no documents for {date} in {source}: process that date first")
    ids = identities(lake, read_aliases(aliases))
    counts: dict[str, int] = {}
    for table, build in BUILDERS.items():
        frame = build(source, date, ids).collect()
        rows = frame.with_columns(
            date=pl.lit(date), run_id=pl.lit(run_id), pipeline_version=pl.lit(PIPELINE_VERSION)
        ).to_dicts()
        write_part(rows, table, stage, date, "0", keep_empty=True)
        counts[table] = len(rows)
        faults.reached("aggregate.table")
    return counts
