"""One id and one name per referent, as every reader shows them: the registry's id, name and
label for each document-level id, or the alias table's, which also merges the ids it gives
one name. The daily tables, the quote clusters and the desk all read names through here.
"""

from __future__ import annotations

import polars as pl

from tasks.lake.storage import Location
from tasks.link.registry import canonical, read_registry
from tasks.text.aliases import Alias, alias_key


def identities(lake: Location, aliases: dict[str, Alias]) -> pl.LazyFrame:
    """entity_id -> (lake_id, lake_name, lake_label): the registry's name and label for each
    id, or the alias table's, which also merges the ids it gives one name."""
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
    frame = pl.DataFrame(
        {
            "entity_id": [i.entity_id for i, _, _ in rows],
            "lake_id": [merged[(alias_key(n), lbl)] for _, n, lbl in rows],
            "lake_name": [n for _, n, _ in rows],
            "lake_label": [lbl for _, _, lbl in rows],
        },
        schema={c: pl.String for c in ("entity_id", "lake_id", "lake_name", "lake_label")},
    )
    return frame.lazy()


def linked(
    frame: pl.LazyFrame, ids: pl.LazyFrame, column: str, name: str, label: str | None = None
) -> pl.LazyFrame:
    """`frame` with its `column` id replaced by the lake id (`identities`), and its `name`
    (and `label`) by that id's name and label where the registry knows the id (elsewhere the
    row's own apply)."""
    own = [pl.coalesce("lake_name", name).alias(name)]
    if label:
        own.append(pl.coalesce("lake_label", label).alias(label))
    return (
        frame.join(ids, left_on=column, right_on="entity_id", how="left")
        .with_columns(pl.coalesce("lake_id", column).alias(column), *own)
        .drop("lake_id", "lake_name", "lake_label")
    )
