"""Quote clusters: one quotation (or a close variant of it) across articles, outlets and dates.

Direct quotes and the quoted words of partial quotes (`mixed`) are paired by
`tasks.quote_match.same_quotation`; a cluster is a connected group of paired quotes (a
truncated version and a longer one that both hold a line are one cluster). The lake-wide
`quote_clusters` table keeps one row per cluster of two or more quotes, with every pair its
quotes matched, so the clusters grow date by date without pairing old quotes again:

- a date whose quotes were (re)published is paired with every quote of the lake (a rerun
  first drops the links of its old quotes, so a cluster it held together may split);
- the table's footer records which run's quotes of each date it holds; any update, and
  every newslake command (tasks.upkeep), brings dates it does not hold up to date;
- updates hold a lake-wide lock and read the published tables only.

The result depends on the lake, not on history: a pair is linked exactly when its two
quotes match (a pure, symmetric test), every pair is tested by whichever of its dates is
paired last, and a cluster is named by its first appearance (a total order). So dates that
finish out of order, concurrently or are rerun give the clusters a rebuild gives.
Near-duplicate copies are left out, as in the daily tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem

from tasks import quote_match
from tasks.lake import PARTITION_FILE, RUN_ID_KEY, date_named, partition_dir
from tasks.paths import DEFAULT_ALIASES
from tasks.runlog import REGISTRY_WAIT, DateLocked, lake_lock
from tasks.schema import CLUSTERS_TABLE, TABLES
from tasks.storage import Location, join, publish, published_file, resolve

CLUSTERED_KINDS = ("direct", "mixed")
STATE_KEY = b"newslake.quote_clusters"  # footer: the matcher and each date's run it holds
FRAGMENT_BREAK = "\x00"  # between the quoted fragments of a partial quote: no run crosses it
_QUOTE_COLUMNS = ["quote_id", "doc_id", "start", "text", "kind"]
_QUOTE_COLUMNS += ["speaker_entity_id", "speaker_name"]
_DOCUMENT_COLUMNS = ["doc_id", "publisher", "published_at", "duplicate_of"]


@dataclass(frozen=True)
class Appearance:
    """One quote as the clusters see it: its words, where and when it appeared."""

    quote_id: str
    doc_id: str
    date: dt.date  # landing date
    start: int
    text: str
    words: tuple[str, ...]
    speaker_entity_id: str | None
    speaker_name: str | None
    publisher: str | None
    published_at: dt.datetime | None

    @property
    def day(self) -> dt.date:
        """When it appeared: its publication day where known, else its landing date."""
        return self.published_at.date() if self.published_at else self.date

    @cached_property
    def order(self) -> tuple[Any, ...]:
        """A total order of appearances: earliest publication first."""
        stamp = self.published_at.timestamp() if self.published_at else 0.0
        return (self.day, self.published_at is None, stamp, self.date, self.doc_id, self.start)


def quoted_words(text: str, kind: str) -> tuple[str, ...]:
    """The words a quote quotes: all of a direct quote, the marked fragments of a partial one
    (the reported clause around them is the outlet's own wording)."""
    if kind == "direct":
        return quote_match.words(text)
    from tasks.quotes.marks import pair_marks  # tasks.quotes loads spaCy: not for upkeep

    fragments = [quote_match.words(text[start:end]) for _, start, end, _ in pair_marks(text)[0]]
    joined: list[str] = []
    for fragment in fragments:
        joined += [*([FRAGMENT_BREAK] if joined else []), *fragment]
    return tuple(joined)


def matcher() -> str:
    """The pairing rule's settings: links made under other settings are made again."""
    m = quote_match
    return f"{m.MIN_WORDS}/{m.ANCHOR}/{m.COVERAGE}/{m.CONTENT_COVERAGE}"


# --- reading the lake -----------------------------------------------------------------------


@dataclass(frozen=True)
class DateQuotes:
    run_id: str | None
    appearances: list[Appearance]


def _partition_file(lake: Location, table: str, date: dt.date) -> str:
    return resolve(f"{partition_dir(lake, table, date)}/{PARTITION_FILE}")[1]


def _read(fs: AbstractFileSystem, path: str, columns: list[str]) -> tuple[str | None, pa.Table]:
    """A partition's run (from its footer) and columns, from one opening of the file."""
    with fs.open(path, "rb") as handle:
        parquet = pq.ParquetFile(handle)
        run = (parquet.metadata.metadata or {}).get(RUN_ID_KEY)
        return (run.decode() if run else None), parquet.read(columns=columns)


def lake_dates(lake: Location) -> list[dt.date]:
    """Dates with a quotes partition."""
    fs, root = resolve(join(lake, "quotes"))
    fs.invalidate_cache(root)
    if not fs.isdir(root):
        return []
    names = [path.rstrip("/").rsplit("/", 1)[-1] for path in fs.ls(root, detail=False)]
    return sorted(
        day for n in names if n.startswith("date=") and (day := date_named(n[len("date=") :]))
    )


def read_date(lake: Location, date: dt.date) -> DateQuotes | None:
    """The date's clustered quotes; None while its quotes and documents come from two runs
    (a publish in progress: the run that publishes updates the clusters after it)."""
    fs, _ = resolve(lake)
    try:
        run, quotes = _read(fs, _partition_file(lake, "quotes", date), _QUOTE_COLUMNS)
        doc_run, documents = _read(fs, _partition_file(lake, "documents", date), _DOCUMENT_COLUMNS)
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

Pair = tuple[str, str]  # two form keys, in order


def form_key(words: tuple[str, ...]) -> str:
    """A short key of a quote's normalised words: quotes with one key are the same words."""
    return hashlib.sha1("\x1f".join(words).encode()).hexdigest()[:16]


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
            metadata = pq.read_metadata(_partition_file(lake, "quotes", date), filesystem=fs)
        except (OSError, pa.ArrowInvalid):
            continue  # being replaced: its run updates the clusters after publishing
        run = (metadata.metadata or {}).get(RUN_ID_KEY)
        if held.get(date, "") != (run.decode() if run else None):
            stale.append(date)
    return sorted(set(stale) | (set(held) - set(dates)))


# --- pairing and grouping (pure) ------------------------------------------------------------


def forms_of(appearances: Iterable[Appearance]) -> dict[str, tuple[str, ...]]:
    """form key -> words, for the distinct word forms among `appearances`."""
    return {form_key(a.words): a.words for a in appearances}


def relink(pairs: set[Pair], forms: dict[str, tuple[str, ...]], fresh: Iterable[str]) -> set[Pair]:
    """The matching pairs once the forms `fresh` are paired with every form of the lake
    (`forms`): a pair matches for good (the test depends on the two forms only), so pairs of
    forms still in the lake are kept, and only the fresh forms are paired."""
    kept = {(a, b) for a, b in pairs if a in forms and b in forms}
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, words in sorted(forms.items()):
        for run in set(quote_match.keys(words)):
            index[run].append(key)
    for key in sorted(set(fresh) & set(forms)):
        candidates = {other for run in set(quote_match.keys(forms[key])) for other in index[run]}
        for other in sorted(candidates - {key}):
            pair = (min(key, other), max(key, other))
            if pair not in kept and quote_match.same_quotation(forms[key], forms[other]):
                kept.add(pair)
    return kept


def groups(pairs: set[Pair], appearances: Iterable[Appearance]) -> list[list[Appearance]]:
    """Groups of two or more quotes whose forms are one or are joined by matching pairs,
    each in order of appearance."""
    by_form: dict[str, list[Appearance]] = defaultdict(list)
    for appearance in appearances:
        by_form[form_key(appearance.words)].append(appearance)
    parent = {form: form for form in by_form}

    def root(form: str) -> str:
        while parent[form] != form:
            parent[form] = parent[parent[form]]
            form = parent[form]
        return form

    for a, b in sorted(pairs):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[Appearance]] = defaultdict(list)
    for form, found in by_form.items():
        members[root(form)] += found
    return [sorted(group, key=lambda a: a.order) for group in members.values() if len(group) > 1]


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def cluster_row(
    members: list[Appearance], pairs: set[Pair], names: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    """One cluster's row; `names` maps an entity_id to its lake id and display name."""
    first = members[0]
    forms = Counter(m.words for m in members)
    canonical = min(members, key=lambda m: (-forms[m.words], -len(m.words), m.order))
    speaker_id = _most_common(
        names.get(m.speaker_entity_id, (m.speaker_entity_id, ""))[0]
        for m in members
        if m.speaker_entity_id
    )
    display = {lake_id: name for lake_id, name in names.values()}
    speaker_name = display.get(speaker_id) if speaker_id else None
    if speaker_name is None:
        speaker_name = _most_common(m.speaker_name for m in members if m.speaker_name)
    publishers = sorted({m.publisher for m in members if m.publisher})
    keys = {form_key(words) for words in forms}
    return {
        "cluster_id": first.quote_id,
        "text": canonical.text,
        "speaker_entity_id": speaker_id,
        "speaker_name": speaker_name,
        "first_seen": first.day,
        "first_published_at": first.published_at,
        "first_publisher": first.publisher,
        "first_doc_id": first.doc_id,
        "last_seen": max(m.day for m in members),
        "n_quotes": len(members),
        "n_articles": len({m.doc_id for m in members}),
        "n_outlets": len(publishers),
        "publishers": publishers,
        "quotes": [
            {"quote_id": m.quote_id, "doc_id": m.doc_id, "date": m.date, "form": form_key(m.words)}
            for m in members
        ],
        "matches": [{"form": a, "other": b} for a, b in sorted(pairs) if a in keys],
    }


# --- the update -----------------------------------------------------------------------------


def _names(lake: Location, aliases: Path) -> dict[str, tuple[str, str]]:
    """entity_id -> (lake id, display name): the registry's and the alias table's, as in
    the daily tables."""
    from tasks.desk import names  # Polars and the registry: only for an update

    frame = names(lake, aliases).collect()
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
        rows = [cluster_row(group, pairs, names) for group in groups(pairs, quotes)]
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
