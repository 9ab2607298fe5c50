"""One id and one name per referent, as every reader shows them: the registry's id, name and
label for each document-level id, or the alias table's, which also merges the ids it gives
one name; and one gender per lake id (tasks.link.gender: the alias table's, else the
lake's evidence). The daily tables, the quote clusters and the desk all read names through
here.
"""

from __future__ import annotations

import polars as pl

from tasks.lake.storage import Location
from tasks.link.gender import Gender, inferred, override
from tasks.link.registry import canonical, read_registry
from tasks.text.aliases import Alias, alias_key


def identities(lake: Location, aliases: dict[str, Alias]) -> pl.LazyFrame:
    """entity_id -> (lake_id, lake_name, lake_label, lake_gender, lake_gender_source): the
    registry's name and label for each id, or the alias table's, which also merges the ids
    it gives one name; the gender of the id it is merged into, as the alias table and the
    registry's evidence give it now (so an edit needs no relinking)."""
    registry = read_registry(lake).identities.values()
    rows = []
    for identity in registry:
        alias = canonical(identity, aliases)
        name, label = (alias.name, alias.label) if alias else (identity.name, identity.label)
        rows.append((identity, name, label))
    merged: dict[tuple[str, str], str] = {}
    for identity, name, label in sorted(
        rows, key=lambda r: (r[0].name != r[1], -r[0].n_documents, r[0].entity_id)
    ):
        merged.setdefault((alias_key(name), label), identity.entity_id)
    genders: dict[str, Gender] = {
        i.entity_id: override(i, aliases) or inferred(i) for i, _, _ in rows
    }
    lake_ids = [merged[(alias_key(n), lbl)] for _, n, lbl in rows]
    frame = pl.DataFrame(
        {
            "entity_id": [i.entity_id for i, _, _ in rows],
            "lake_id": lake_ids,
            "lake_name": [n for _, n, _ in rows],
            "lake_label": [lbl for _, _, lbl in rows],
            "lake_gender": [genders[i].value for i in lake_ids],
            "lake_gender_source": [genders[i].source for i in lake_ids],
        },
        schema={c: pl.String for c in (*_COLUMNS, "lake_gender", "lake_gender_source")},
    )
    return frame.lazy()


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
