"""One id and one name per referent, as every reader shows them: the registry's id, name and
label for each document-level id, or the alias table's, which also merges the ids it gives
one name; and one gender per lake id (tasks.link.gender: the alias table's, else the
lake's evidence). The daily tables, the quote clusters and the desk all read names through
here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from tasks.lake.storage import Location
from tasks.link.gender import Gender, inferred, override
from tasks.link.registry import Identity, Registry, canonical, read_registry, registry_version
from tasks.text.aliases import Alias, alias_key


def _named(
    identities: Iterable[Identity], aliases: dict[str, Alias]
) -> list[tuple[Identity, str, str, str]]:
    """(identity, name, label, lake id) for every identity: the registry's name and label,
    or the alias table's, which also merges the ids it gives one name into one lake id."""
    rows = []
    for identity in identities:
        alias = canonical(identity, aliases)
        name, label = (alias.name, alias.label) if alias else (identity.name, identity.label)
        rows.append((identity, name, label))
    merged: dict[tuple[str, str], str] = {}
    for identity, name, label in sorted(
        rows, key=lambda r: (r[0].name != r[1], -r[0].n_documents, r[0].entity_id)
    ):
        merged.setdefault((alias_key(name), label), identity.entity_id)
    return [(i, n, lbl, merged[(alias_key(n), lbl)]) for i, n, lbl in rows]


def _genders(
    named: list[tuple[Identity, str, str, str]], aliases: dict[str, Alias]
) -> dict[str, Gender]:
    own = {i.entity_id: override(i, aliases) or inferred(i) for i, _, _, _ in named}
    return {i.entity_id: own[lake_id] for i, _, _, lake_id in named}


def identities(lake: Location, aliases: dict[str, Alias]) -> pl.LazyFrame:
    """entity_id -> (lake_id, lake_name, lake_label, lake_gender, lake_gender_source): the
    registry's name and label for each id, or the alias table's, which also merges the ids
    it gives one name; the gender of the id it is merged into, as the alias table and the
    registry's evidence give it now (so an edit needs no relinking)."""
    return _linked(lake, aliases).frame.lazy()


def lake_genders(lake: Location, aliases: dict[str, Alias]) -> dict[str, Gender]:
    """entity_id -> the gender of the lake id it is merged into, as the alias table and the
    published registry's evidence give it now: the one value every quote and table shows
    (not to be changed by the caller)."""
    return _linked(lake, aliases).genders


def published_genders(
    lake: Location, registry: Registry, aliases: dict[str, Alias]
) -> dict[str, Gender]:
    """`lake_genders` of `registry`, just published to `lake` by the caller, who still holds
    the registry lock: named from memory, and kept as that publish's naming, so the daily
    tables and the quote clusters after it need not read the file again."""
    in_file_order = sorted(registry.identities.values(), key=lambda i: i.entity_id)
    linked = _naming(in_file_order, aliases)
    _keep(registry_version(lake), aliases, linked)
    return linked.genders


@dataclass(frozen=True)
class _Linked:
    frame: pl.DataFrame
    genders: dict[str, Gender]


# The last published registry's names and genders, by its version and the alias table: a run
# reads them for its daily tables, its quote clusters and its check of earlier dates' genders.
_latest: dict[tuple[str, tuple[tuple[str, Alias], ...]], _Linked] = {}


def _linked(lake: Location, aliases: dict[str, Alias]) -> _Linked:
    version = registry_version(lake)
    found = _latest.get(_key(version, aliases)) if version is not None else None  # threads
    if found is not None:
        return found
    linked = _naming(read_registry(lake).identities.values(), aliases)
    _keep(version, aliases, linked)
    return linked


def _key(version: str, aliases: dict[str, Alias]) -> tuple[str, tuple[tuple[str, Alias], ...]]:
    return version, tuple(sorted(aliases.items()))


def _keep(version: str | None, aliases: dict[str, Alias], linked: _Linked) -> None:
    if version is not None:
        _latest.clear()  # one registry's worth of memory, however many dates a backfill runs
        _latest[_key(version, aliases)] = linked


def _naming(identities: Iterable[Identity], aliases: dict[str, Alias]) -> _Linked:
    named = _named(identities, aliases)
    genders = _genders(named, aliases)
    frame = pl.DataFrame(
        {
            "entity_id": [i.entity_id for i, _, _, _ in named],
            "lake_id": [lake_id for _, _, _, lake_id in named],
            "lake_name": [n for _, n, _, _ in named],
            "lake_label": [lbl for _, _, lbl, _ in named],
            "lake_gender": [genders[i.entity_id].value for i, _, _, _ in named],
            "lake_gender_source": [genders[i.entity_id].source for i, _, _, _ in named],
        },
        schema={c: pl.String for c in (*_COLUMNS, "lake_gender", "lake_gender_source")},
    )
    return _Linked(frame, genders)


_COLUMNS = ("entity_id", "lake_id", "lake_name", "lake_label")


def linked(
    frame: pl.LazyFrame,
    ids: pl.LazyFrame,
    column: str,
    name: str,
    label: str | None = None,
    gender: str | None = None,
) -> pl.LazyFrame:
    """`frame` with its `column` id replaced by the lake id (`identities`), and its `name`
    (and `label`) by that id's name and label where the registry knows the id (elsewhere the
    row's own apply); with `gender` (a column prefix: "speaker_"), its gender columns by that
    id's gender, so a person has one gender in every table."""
    own = [pl.coalesce("lake_name", name).alias(name)]
    if label:
        own.append(pl.coalesce("lake_label", label).alias(label))
    if gender is not None:
        known = pl.col("lake_id").is_not_null()
        for suffix in ("gender", "gender_source"):
            column_name = f"{gender}{suffix}"
            lake = pl.col(f"lake_{suffix}")
            own.append(pl.when(known).then(lake).otherwise(column_name).alias(column_name))
    return (
        frame.join(ids, left_on=column, right_on="entity_id", how="left")
        .with_columns(pl.coalesce("lake_id", column).alias(column), *own)
        .drop(*_COLUMNS[1:], "lake_gender", "lake_gender_source")
    )
