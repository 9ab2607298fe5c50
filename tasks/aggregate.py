"""Daily tables built from lazy scans of the base tables, one date at a time.

Near-duplicate documents (syndicated copies) are left out, so a story carried by three
outlets counts once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from tasks.lake import commit, partition_dir, staging_root, write_part
from tasks.schema import PIPELINE_VERSION


def _scan(lake: Path, table: str, date: dt.date) -> pl.LazyFrame:
    """Rows of `table` for `date`, from unique documents only (near-duplicates left out)."""
    frame = pl.scan_parquet(partition_dir(lake, table, date) / "*.parquet")
    unique = (
        pl.scan_parquet(partition_dir(lake, "documents", date) / "*.parquet")
        .filter(pl.col("duplicate_of").is_null())
        .select("doc_id")
    )
    return frame.join(unique, on="doc_id", how="semi")


def speaker_daily(lake: Path, date: dt.date) -> pl.LazyFrame:
    """Quotes and quoting documents per resolved speaker."""
    return (
        _scan(lake, "quotes", date)
        .filter(pl.col("speaker_name").is_not_null())
        .group_by("speaker_name")
        .agg(n_quotes=pl.len(), n_documents=pl.col("doc_id").n_unique())
        .sort(["n_quotes", "speaker_name"], descending=[True, False])
    )


def entity_daily(lake: Path, date: dt.date) -> pl.LazyFrame:
    """Mentions and mentioning documents per canonical entity."""
    return (
        _scan(lake, "entities", date)
        .group_by("name", "label")
        .agg(n_mentions=pl.len(), n_documents=pl.col("doc_id").n_unique())
        .sort(["n_mentions", "name"], descending=[True, False])
    )


BUILDERS = {"speaker_daily": speaker_daily, "entity_daily": entity_daily}


def build_daily(lake: Path, date: dt.date, run_id: str) -> dict[str, int]:
    """Rebuild every daily table's partition for `date`; returns rows written per table."""
    if not partition_dir(lake, "documents", date).exists():
        raise FileNotFoundError(f"no documents for {date} in {lake}: process that date first")
    stage = staging_root(lake, run_id)
    counts: dict[str, int] = {}
    for table, build in BUILDERS.items():
        frame = build(lake, date).collect()
        rows = frame.with_columns(
            date=pl.lit(date), run_id=pl.lit(run_id), pipeline_version=pl.lit(PIPELINE_VERSION)
        ).to_dicts()
        write_part(rows, table, stage, date, "0", keep_empty=True)
        counts[table] = len(rows)
    commit(lake, stage, date, list(BUILDERS))
    return counts
