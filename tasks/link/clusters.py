"""Quote clusters: one quotation (or a close variant of it) across articles, outlets and dates.

Direct quotes and the quoted words of partial quotes (`mixed`) are paired by
`tasks.link.quote_match.same_quotation`; a cluster is a connected group of paired quotes (a
truncated version and a longer one that both hold a line are one cluster). The lake-wide
`quote_clusters` table keeps one row per cluster of two or more quotes, with every pair its
quotes matched, so the clusters grow date by date without pairing old quotes again:

- a date whose quotes were (re)published is paired with every quote of the lake (a rerun
  first drops the links of its old quotes, so a cluster it held together may split);
- the table's footer records which run's quotes of each date it holds; any update, and
  every newslake command (tasks.run.upkeep), brings dates it does not hold up to date;
- updates hold a lake-wide lock and read the published tables only.

The result depends on the lake, not on history: a pair is linked exactly when its two
quotes match (a pure, symmetric test), every pair is tested by whichever of its dates is
paired last, and a cluster is named by its first appearance (a total order). So dates that
finish out of order, concurrently or are rerun give the clusters a rebuild gives.
Near-duplicate copies are left out, as in the daily tables.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks.lake.locks import REGISTRY_WAIT, DateLocked, lake_lock
from tasks.lake.partitions import partition_dates
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.schema import CLUSTERS_TABLE, TABLES
from tasks.lake.storage import Location, join, publish, published_file, resolve
from tasks.lake.tables import PARTITION_FILE, RUN_ID_KEY, partition_paths
from tasks.link import quote_match
from tasks.link.quote_groups import (
    CLUSTERED_KINDS,
    Appearance,
    Pair,
    cluster_row,
    forms_of,
    groups,
    matcher,
    quoted_words,
    relink,
)
from tasks.text.aliases import read_aliases

STATE_KEY = b"newslake.quote_clusters"  # footer: the matcher and each date's run it holds
_QUOTE_COLUMNS = ["quote_id", "doc_id", "start", "text", "kind"]
_QUOTE_COLUMNS += ["speaker_entity_id", "speaker_name"]
_DOCUMENT_COLUMNS = ["doc_id", "publisher", "published_at", "duplicate_of"]


# --- reading the lake -----------------------------------------------------------------------


@dataclass(frozen=True)
class DateQuotes:
    run_id: str | None
    appearances: list[Appearance]


def _read(fs: AbstractFileSystem, path: str, columns: list[str]) -> tuple[str | None, pa.Table]:
    """A partition's run (from its footer) and columns, from one opening of the file."""
    with fs.open(path, "rb") as handle:
        parquet = pq.ParquetFile(handle)
        run = (parquet.metadata.metadata or {}).get(RUN_ID_KEY)
        return (run.decode() if run else None), parquet.read(columns=columns)


def lake_dates(lake: Location) -> list[dt.date]:
    """Dates with a quotes partition."""
    return partition_dates(lake, "quotes")


def read_date(lake: Location, date: dt.date) -> DateQuotes | None:
    """The date's clustered quotes; None while its quotes and documents come from two runs
    (a publish in progress: the run that publishes updates the clusters after it)."""
    fs, _ = resolve(lake)
    try:
        run, quotes = _read(fs, partition_paths(lake, "quotes", date)[1], _QUOTE_COLUMNS)
        doc_run, documents = _read(
            fs, partition_paths(lake, "documents", date)[1], _DOCUMENT_COLUMNS
        )
    except FileNotFoundError:
        return None
    if run != doc_run:
        return None
    outlets = {
        row["doc_id"]: (row["publisher"], row["published_at"])
        for row in documents.to_pylist()
        if row["duplicate_of"] is None
    }
    found = []
    for row in quotes.to_pylist():
        if row["kind"] not in CLUSTERED_KINDS or row["doc_id"] not in outlets:
            continue
        words = quoted_words(row["text"], row["kind"])
        if len(words) >= quote_match.MIN_WORDS:
            publisher, published_at = outlets[row["doc_id"]]
            found.append(
                Appearance(
                    row["quote_id"],
                    row["doc_id"],
                    date,
                    row["start"],
                    row["text"],
                    words,
                    row["speaker_entity_id"],
                    row["speaker_name"],
                    publisher,
                    published_at,
                )  # fmt: skip
            )
    return DateQuotes(run, found)


# --- the state: pairs of forms that matched, and the runs they were made from -------------


@dataclass
class State:
    matcher: str
    dates: dict[dt.date, str | None]  # landing date -> the run whose quotes are paired
    pairs: set[Pair]  # forms that matched


def clusters_path(lake: Location) -> str:
    return join(lake, CLUSTERS_TABLE, PARTITION_FILE)


def _held(parquet: pq.ParquetFile) -> tuple[str, dict[dt.date, str | None]]:
    """The matcher and the run of each date the table was made from, from its footer."""
    saved = json.loads((parquet.metadata.metadata or {}).get(STATE_KEY, b"{}"))
    dates = {dt.date.fromisoformat(d): run for d, run in saved.get("dates", {}).items()}
    return saved.get("matcher", ""), dates


DAMAGED = "damaged"  # the matcher of a table that cannot be read: every date is paired anew
_UNREADABLE = (OSError, pa.ArrowException, ValueError, TypeError, AttributeError)


def read_held(lake: Location) -> tuple[str, dict[dt.date, str | None]]:
    """`_held` of the published table, reading its footer only: what a command's start-up
    compares with the quotes (the current matcher and no dates for a lake without one;
    DAMAGED and no dates for a table that cannot be read, which is then rebuilt whole)."""
    found = published_file(clusters_path(lake))
    if found is None:
        return matcher(), {}
    fs, path = found
    try:
        with fs.open(path, "rb") as handle:
            return _held(pq.ParquetFile(handle))
    except _UNREADABLE:
        return DAMAGED, {}


def read_state(lake: Location) -> State:
    """What the published table holds (empty for a lake without one, or a damaged one: the
    table is derived from the published quotes, so it is rebuilt rather than failing)."""
    found = published_file(clusters_path(lake))
    if found is None:
        return State(matcher(), {}, set())
    fs, path = found
    try:
        with fs.open(path, "rb") as handle:
            parquet = pq.ParquetFile(handle)
            made_by, dates = _held(parquet)
            rows = parquet.read(columns=["matches"]).to_pylist()
    except _UNREADABLE:
        return State(DAMAGED, {}, set())
    pairs = {(m["form"], m["other"]) for row in rows for m in row["matches"]}
    return State(made_by, dates, pairs)


def stale_dates(lake: Location) -> list[dt.date]:
    """Dates whose published quotes the clusters do not hold (new, rerun, or removed), from
    the Parquet footers only; every date when the pairing rule changed."""
    made_by, held = read_held(lake)
    fs, _ = resolve(lake)
    dates = lake_dates(lake)
    if made_by != matcher():
        return dates
    stale = []
    for date in dates:
        try:
            metadata = pq.read_metadata(partition_paths(lake, "quotes", date)[1], filesystem=fs)
        except (OSError, pa.ArrowInvalid):
            continue  # being replaced: its run updates the clusters after publishing
        run = (metadata.metadata or {}).get(RUN_ID_KEY)
        if held.get(date, "") != (run.decode() if run else None):
            stale.append(date)
    return sorted(set(stale) | (set(held) - set(dates)))


# --- the update -----------------------------------------------------------------------------


def _names(lake: Location, aliases: Path) -> dict[str, tuple[str, str]]:
    """entity_id -> (lake id, display name): the registry's and the alias table's, as in
    the daily tables."""
    from tasks.link.names import identities  # Polars and the registry: only for an update

    frame = identities(lake, read_aliases(aliases)).collect()
    return {
        row[0]: (row[1], row[2])
        for row in frame.select("entity_id", "lake_id", "lake_name").iter_rows()
    }


def update(
    lake: Location,
    dates: Iterable[dt.date] = (),
    aliases: Path = DEFAULT_ALIASES,
    run_id: str = "clusters",
    wait: float = REGISTRY_WAIT,
) -> int:
    """Pair `dates` and every date the table does not hold yet, then publish the table
    whole under the lake-wide lock (waiting up to `wait` seconds for it); the number of
    clusters. Names come from the registry and the alias table at `aliases`."""
    with lake_lock(lake, CLUSTERS_TABLE, "the quote clusters", run_id, wait):
        state = read_state(lake)
        current: dict[dt.date, DateQuotes] = {}
        for date in lake_dates(lake):
            found = read_date(lake, date)
            if found is not None:
                current[date] = found
        redo = set(dates) | {d for d, q in current.items() if state.dates.get(d, "") != q.run_id}
        if state.matcher != matcher():
            state.pairs, redo = set(), set(current)
        quotes = [a for found in current.values() for a in found.appearances]
        fresh = forms_of(a for d in redo if d in current for a in current[d].appearances)
        pairs = relink(state.pairs, forms_of(quotes), fresh)
        names = _names(lake, aliases)
        display = {lake_id: name for lake_id, name in names.values()}
        rows = [cluster_row(group, pairs, names, display) for group in groups(pairs, quotes)]
        rows.sort(
            key=lambda r: (-r["n_articles"], -r["n_outlets"], r["first_seen"], r["cluster_id"])
        )
        held = {d.isoformat(): found.run_id for d, found in sorted(current.items())}
        _publish(lake, rows, {"matcher": matcher(), "dates": held})
    return len(rows)


def _publish(lake: Location, rows: list[dict[str, Any]], saved: dict[str, Any]) -> None:
    schema = TABLES[CLUSTERS_TABLE].with_metadata({STATE_KEY: json.dumps(saved).encode()})
    table = pa.Table.from_pylist(rows, schema=schema)
    fs, path = resolve(clusters_path(lake))
    publish(fs, path, lambda sink: pq.write_table(table, sink, compression="zstd"))


def refresh(lake: Location, run_id: str = "upkeep") -> str | None:
    """Bring the clusters up to date with the published quotes when they are behind (a run
    that died between its publish and its cluster update); what was done, or None. Leaves
    them to a live update that holds the lock."""
    damaged = read_held(lake)[0] == DAMAGED
    behind = stale_dates(lake)
    if not behind and not damaged:
        return None
    try:
        update(lake, run_id=run_id, wait=0)
    except DateLocked:
        return None
    if damaged:
        return f"{clusters_path(lake)} could not be read: rebuilt from the published quotes"
    return f"quote clusters updated for {', '.join(map(str, behind))}"
