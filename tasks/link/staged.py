"""A run's staged rows linked to the lake: lake-wide ids for its entities and quote speakers
(tasks.link.registry), the full name of a speaker named by surname alone, and each quoted
person's gender as the whole lake's evidence settles it (tasks.link.gender).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.lake.locks import registry_lock
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.storage import Location, files_under, resolve
from tasks.lake.tables import partition_dir, partition_paths
from tasks.link.gender import Gender, document_votes, record_votes, settle_genders
from tasks.link.names import lake_genders, published_genders
from tasks.link.registry import (
    Named,
    assign,
    full_names,
    read_registry,
    settle,
    write_registry,
)
from tasks.text.aliases import read_aliases

_VOTING = ["doc_id", "speaker", "speaker_start", "speaker_end", "speaker_label"]


def _staged(fs: object, stage: Location, table: str, date: dt.date) -> list[str]:
    _, folder = resolve(partition_dir(stage, table, date))
    return files_under(fs, folder)


def link_staged(
    lake: Location,
    stage: Location,
    date: dt.date,
    run_id: str,
    aliases: Path = DEFAULT_ALIASES,
) -> int:
    """Give a run's staged entities and quotes their lake-wide ids, extending the registry;
    a quote whose speaker the article names only by surname takes the identity's full name,
    and every quote its speaker's gender (the alias table at `aliases` may set one).

    Holds the registry lock while reading, extending and publishing the registry, so
    concurrent dates (threads or processes) never lose each other's identities. Returns the
    number of identities the registry holds.
    """
    fs, _ = resolve(lake)
    names, cued = _staged_names(fs, _staged(fs, stage, "entities", date))
    quotes = _staged(fs, stage, "quotes", date)
    votes = document_votes(cued, _speakers(fs, quotes))
    table = read_aliases(aliases)
    with registry_lock(lake, run_id):
        registry = read_registry(lake)
        counted = _unique_documents(fs, stage, date)
        ids = assign(registry, names, date, counted=counted)
        record_votes(registry, votes, ids, date, counted)  # settle reads the gender evidence
        settle(registry)
        settle_genders(registry, table)
        write_registry(lake, registry)
        genders = published_genders(lake, registry, table)  # this publish's, under the lock
        surnamed = full_names(registry, names, ids)
    _rewrite(fs, _staged(fs, stage, "entities", date), "entity_id", ids)
    _rewrite(fs, quotes, "speaker_entity_id", ids, names=("speaker_name", surnamed))
    stamp_genders(fs, quotes, genders)
    return len(registry.identities)


_NAMED = ["doc_id", "entity_id", "name", "label", "entity_name"]  # Named's fields, in order


def _staged_names(fs: object, paths: list[str]) -> tuple[list[Named], list[dict[str, object]]]:
    """The staged mentions as the registry reads them, one `Named` per row with each distinct
    string held once, and the mentions with a gender cue (the only ones that vote). A dict per
    mention, and a string per cell, made the command's peak memory grow with the date's size."""
    names: list[Named] = []
    cued: list[dict[str, object]] = []
    held: dict[str, str] = {}
    for path in paths:
        table = pq.read_table(path, filesystem=fs, columns=[*_NAMED, "gender_cue"])
        columns = ([held.setdefault(v, v) for v in table[c].to_pylist()] for c in _NAMED)
        names.extend(Named(*row) for row in zip(*columns, strict=True))
        cued.extend(table.filter(pc.is_valid(table["gender_cue"])).to_pylist())
    return names, cued


def _speakers(fs: object, paths: list[str]) -> Iterator[dict[str, object]]:
    """The staged quotes' speaker columns, one file's rows at a time: `document_votes` keeps
    only its tallies, so the date's quotes are never held whole."""
    for path in paths:
        yield from pq.read_table(
            path, filesystem=fs, columns=[*_VOTING, "speaker_entity_id"]
        ).to_pylist()


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


_GENDER_COLUMNS = ("speaker_gender", "speaker_gender_source")
Stamp = tuple[str | None, str | None]  # a quote's (speaker_gender, speaker_gender_source)


def _genders_of(table: pa.Table, genders: dict[str, Gender]) -> tuple[list[Stamp], list[Stamp]]:
    """Each quote's gender columns as the table holds them, and as `genders` gives them by the
    speaker's lake-wide id (a speaker the registry does not know keeps the table's value)."""
    ids = table["speaker_entity_id"].to_pylist()
    old = list(zip(*(table[c].to_pylist() for c in _GENDER_COLUMNS), strict=True))
    new = [
        (genders[i].value, genders[i].source) if i in genders else was
        for i, was in zip(ids, old, strict=True)
    ]
    return old, new


def stamp_genders(fs: object, paths: list[str], genders: dict[str, Gender]) -> bool:
    """Write each quote's speaker gender and its source (`lake_genders`), by the speaker's
    lake-wide id: one value per person in every quote. A speaker the registry does not know
    keeps the file's value. Whether any value changed."""
    changed = False
    for path in paths:
        table = pq.read_table(path, filesystem=fs)
        old, new = _genders_of(table, genders)
        if new == old:
            continue
        changed = True
        for column, values in zip(_GENDER_COLUMNS, zip(*new, strict=True), strict=True):
            table = _replaced(table, column, list(values))
        pq.write_table(table, path, filesystem=fs, compression="zstd")
    return changed


def refresh_genders(lake: Location, run_id: str, aliases: Path = DEFAULT_ALIASES) -> None:
    """Settle every identity's gender again from the registry's evidence and the alias table
    at `aliases`, publishing the registry where a value changed (an override, say)."""
    table = read_aliases(aliases)
    with registry_lock(lake, run_id):
        registry = read_registry(lake)
        before = {i.entity_id: (i.gender, i.gender_source) for i in registry.identities.values()}
        settle_genders(registry, table)
        after = {i.entity_id: (i.gender, i.gender_source) for i in registry.identities.values()}
        if after != before:
            write_registry(lake, registry)


def stale_gender_dates(
    lake: Location, dates: list[dt.date], aliases: Path = DEFAULT_ALIASES
) -> list[dt.date]:
    """The dates of `dates` whose published quotes show a speaker's gender other than the one
    the registry and the alias table give now (a later date brought evidence): reading only
    the quotes' id and gender columns."""
    fs, _ = resolve(lake)
    genders = lake_genders(lake, read_aliases(aliases))
    stale = []
    for date in dates:
        for path in files_under(fs, partition_paths(lake, "quotes", date)[0]):
            columns = ["speaker_entity_id", *_GENDER_COLUMNS]
            old, new = _genders_of(pq.read_table(path, columns=columns, filesystem=fs), genders)
            if new != old:
                stale.append(date)
                break
    return stale


def stage_quote_genders(
    lake: Location, stage: Location, date: dt.date, aliases: Path = DEFAULT_ALIASES
) -> bool:
    """Stage `date`'s published quotes with each speaker's gender as the registry and the
    alias table give it now (a later date's evidence, an override): True where a value
    changed and the quotes are staged to be published, with the date's documents as they are
    (the two tables of a date stay one run's: the quote clusters read a date only then);
    False (nothing staged) otherwise."""
    fs, _ = resolve(lake)
    published = files_under(fs, partition_paths(lake, "quotes", date)[0])
    if not published:
        return False
    _, folder = resolve(partition_dir(stage, "quotes", date))
    fs.makedirs(folder, exist_ok=True)
    staged = []
    for n, path in enumerate(published):
        staged.append(f"{folder}/part-genders-{n}.parquet")
        fs.copy(path, staged[-1])
    genders = lake_genders(lake, read_aliases(aliases))
    if stamp_genders(fs, staged, genders):
        _, documents = resolve(partition_dir(stage, "documents", date))
        fs.makedirs(documents, exist_ok=True)
        for n, path in enumerate(files_under(fs, partition_paths(lake, "documents", date)[0])):
            fs.copy(path, f"{documents}/part-genders-{n}.parquet")
        return True
    for path in staged:
        fs.rm(path)
    return False
