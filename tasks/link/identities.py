"""Linking a date's staged tables to the lake: every person and organisation the date names
gets its lake-wide identity from the registry (assigned on first sight, kept ever after), and
the staged quotes and entities are rewritten with those ids before the date is published.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.lake.locks import registry_lock
from tasks.lake.storage import Location, files_under, resolve
from tasks.lake.tables import partition_dir
from tasks.link.registry import Named, assign, full_names, read_registry, settle, write_registry


def _staged(fs: object, stage: Location, table: str, date: dt.date) -> list[str]:
    _, folder = resolve(partition_dir(stage, table, date))
    return files_under(fs, folder)


def link_staged(
    lake: Location,
    stage: Location,
    date: dt.date,
    run_id: str,
) -> int:
    """Give a run's staged entities and quotes their lake-wide ids, extending the registry;
    a quote whose speaker the article names only by surname takes the identity's full name.

    Holds the registry lock while reading, extending and publishing the registry, so
    concurrent dates (threads or processes) never lose each other's identities. Returns the
    number of identities the registry holds.
    """
    fs, _ = resolve(lake)
    columns = ["doc_id", "entity_id", "name", "label", "entity_name"]
    names = [
        Named(*(row[c] for c in columns))
        for path in _staged(fs, stage, "entities", date)
        for row in pq.read_table(path, filesystem=fs, columns=columns).to_pylist()
    ]
    with registry_lock(lake, run_id):
        registry = read_registry(lake)
        ids = assign(registry, names, date, counted=_unique_documents(fs, stage, date))
        settle(registry)
        write_registry(lake, registry)
        surnamed = full_names(registry, names, ids)
    _rewrite(fs, _staged(fs, stage, "entities", date), "entity_id", ids)
    quotes = _staged(fs, stage, "quotes", date)
    _rewrite(fs, quotes, "speaker_entity_id", ids, names=("speaker_name", surnamed))
    return len(registry.identities)


def _unique_documents(fs: object, stage: Location, date: dt.date) -> set[str]:
    """Staged documents that are not a near-duplicate of another (the registry counts a
    syndicated story once, as the daily tables do)."""
    unique: set[str] = set()
    for path in _staged(fs, stage, "documents", date):
        table = pq.read_table(path, filesystem=fs, columns=["doc_id", "duplicate_of"])
        unique.update(table.filter(pc.is_null(table["duplicate_of"]))["doc_id"].to_pylist())
    return unique


def _rewrite(
    fs: object,
    paths: list[str],
    column: str,
    ids: dict[tuple[str, str], str],
    names: tuple[str, dict[tuple[str, str], str]] | None = None,
) -> None:
    """Replace document-level ids by lake-wide ones in staged files (private to the run);
    with `names` (a name column, and names by (doc_id, document-level id)), that column's
    value too where the map has one."""
    for path in paths:
        table = pq.read_table(path, filesystem=fs)
        docs, local = table["doc_id"].to_pylist(), table[column].to_pylist()
        linked = [
            ids.get((doc, value), value) if value is not None else None
            for doc, value in zip(docs, local, strict=True)
        ]
        table = _replaced(table, column, linked)
        if names is not None:
            name_column, by_id = names
            written = table[name_column].to_pylist()
            named = [
                by_id.get((doc, value), name) if value is not None else name
                for doc, value, name in zip(docs, local, written, strict=True)
            ]
            table = _replaced(table, name_column, named)
        pq.write_table(table, path, filesystem=fs, compression="zstd")


def _replaced(table: pa.Table, column: str, values: list[str | None]) -> pa.Table:
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(index), pa.array(values, pa.string()))
