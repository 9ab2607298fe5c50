"""What the report's page holds: the range's quotes and articles as compact, column-wise JSON.

Strings that repeat (outlets, speakers, entities, articles) are listed once and referred to
by their index, so 20,000 quotes make a few megabytes, which the browser parses in tens of
milliseconds. Everything is grouped by entity id with the registry's display name; each
speaker carries its label (PERSON, ORG, ...), so the page can show people only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

import tasks.desk.queries as desk
from tasks.desk.expressions import most_used
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.storage import Location
from tasks.lake.tables import scan

KINDS = ("direct", "mixed", "indirect")


def _index(values: list[Any]) -> tuple[list[Any], dict[Any, int]]:
    """The distinct values in first-seen order, and each one's position."""
    order = list(dict.fromkeys(values))
    return order, {value: n for n, value in enumerate(order)}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def gather(
    lake: Location, start: dt.date, end: dt.date, aliases: Path = DEFAULT_ALIASES
) -> dict[str, Any]:
    """The page's data for the landing dates start..end (see the module's doc)."""
    quotes = desk.quotes(lake, start, end, aliases)
    documents = desk.documents(lake, start, end).sort("date", "publisher", "doc_id").collect()
    mentions = desk.mentions(lake, start, end, aliases)
    repeated = desk.repeated(lake, start, end)
    rejects = (
        scan("rejects", lake, start, end)
        .group_by("date", "reason")
        .agg(files=pl.len())
        .sort("date", "reason")
        .collect()
    )
    outlets, outlet_at = _index(sorted({p for p in documents["publisher"] if p is not None}))
    doc_at = {doc: n for n, doc in enumerate(documents["doc_id"])}

    named = quotes.filter(pl.col("speaker_name").is_not_null())
    speakers = (
        named.group_by("speaker_key")
        .agg(
            name=most_used("speaker_name"),
            label=_label(),
            gender=pl.col("speaker_gender").first(),  # one per lake id (tasks.link.names)
            gender_source=pl.col("speaker_gender_source").first(),
            n=pl.len(),
        )
        .sort(["n", "name"], descending=[True, False])
    )
    speaker_keys, speaker_at = _index(speakers["speaker_key"].to_list())

    entity_rows = mentions.unique("entity_id").sort("entity_id")
    entity_ids, entity_at = _index(entity_rows["entity_id"].to_list())
    about: dict[str, list[int]] = {}
    for quote_id, entity_id in mentions.select("quote_id", "entity_id").iter_rows():
        about.setdefault(quote_id, []).append(entity_at[entity_id])

    cluster_ids, cluster_at = _index(repeated["cluster_id"].to_list() if repeated.height else [])

    def speaker_of(row: dict[str, Any]) -> int:
        return speaker_at[row["speaker_key"]] if row["speaker_name"] is not None else -1

    rows = quotes.to_dicts()
    labels, label_at = _index(sorted({r["speaker_label"] or "" for r in rows}))
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "outlets": outlets,
        "speakers": {
            "id": speaker_keys,
            "name": speakers["name"].to_list(),
            "label": [label or "" for label in speakers["label"]],
            "gender": speakers["gender"].to_list(),
            "gender_source": speakers["gender_source"].to_list(),
        },
        "labels": labels,
        "entities": {
            "id": entity_ids,
            "name": entity_rows["name"].to_list(),
            "label": entity_rows["label"].to_list(),
        },
        "docs": {
            "title": documents["title"].to_list(),
            "url": documents["url"].to_list(),
            "outlet": [outlet_at.get(p, -1) for p in documents["publisher"]],
            "date": [d.isoformat() for d in documents["date"]],
            "day": [d.isoformat() for d in documents["day"]],
            "dated": [int(d) for d in documents["dated"]],
        },
        "quotes": {
            "id": [r["quote_id"] for r in rows],
            "label": [label_at[r["speaker_label"] or ""] for r in rows],
            "doc": [doc_at[r["doc_id"]] for r in rows],
            "speaker": [speaker_of(r) for r in rows],
            "written": [(r["speaker"] or "") if r["speaker_name"] is None else "" for r in rows],
            "kind": [KINDS.index(r["kind"]) for r in rows],
            "text": [r["text"] for r in rows],
            "before": [r["before"] for r in rows],
            "after": [r["after"] for r in rows],
            "about": [about.get(r["quote_id"], []) for r in rows],
            "cluster": [cluster_at.get(r["cluster_id"], -1) for r in rows],
        },
        "clusters": _clusters(repeated, outlet_at, doc_at, speaker_at),
        "rejects": [[_iso(d), reason, files] for d, reason, files in rejects.iter_rows()],
    }


def _label() -> pl.Expr:
    """A speaker's label: the one most of their quotes give (a null only if all do)."""
    return pl.col("speaker_label").drop_nulls().mode().sort().first()


def _clusters(
    repeated: pl.DataFrame,
    outlet_at: dict[str, int],
    doc_at: dict[str, int],
    speaker_at: dict[str, int],
) -> dict[str, list[Any]]:
    """The quotes that travelled: seen in two articles or more."""
    rows = repeated.to_dicts() if repeated.height else []
    return {
        "text": [r["text"] for r in rows],
        "speaker": [speaker_at.get(r["speaker_entity_id"] or "", -1) for r in rows],
        "speaker_name": [r["speaker_name"] or "" for r in rows],
        "articles": [r["n_articles"] for r in rows],
        "outlets": [[outlet_at[p] for p in r["publishers"] if p in outlet_at] for r in rows],
        "n_outlets": [r["n_outlets"] for r in rows],
        "first_seen": [_iso(r["first_seen"]) for r in rows],
        "first_outlet": [r["first_publisher"] or "" for r in rows],
        "first_doc": [doc_at.get(r["first_doc_id"], -1) for r in rows],
        "last_seen": [_iso(r["last_seen"]) for r in rows],
    }
