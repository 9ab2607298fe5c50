"""Quote groups, pure: the words a quote is paired by, the pairs of forms that matched, and the
connected groups they make, each as a `quote_clusters` row. No I/O: tasks.link.clusters reads
the lake and keeps the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tasks.link import quote_match

CLUSTERED_KINDS = ("direct", "mixed")


FRAGMENT_BREAK = "\x00"  # between the quoted fragments of a partial quote: no run crosses it


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
    from tasks.extract.quotes.marks import pair_marks  # tasks.quotes loads spaCy: not for upkeep

    fragments = [quote_match.words(text[start:end]) for _, start, end, _ in pair_marks(text)[0]]
    joined: list[str] = []
    for fragment in fragments:
        joined += [*([FRAGMENT_BREAK] if joined else []), *fragment]
    return tuple(joined)


def matcher() -> str:
    """The pairing rule's settings: links made under other settings are made again."""
    m = quote_match
    return f"{m.MIN_WORDS}/{m.ANCHOR}/{m.COVERAGE}/{m.CONTENT_COVERAGE}"


Pair = tuple[str, str]  # two form keys, in order


def form_key(words: tuple[str, ...]) -> str:
    """A short key of a quote's normalised words: quotes with one key are the same words."""
    return hashlib.sha1("\x1f".join(words).encode()).hexdigest()[:16]


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
    members: list[Appearance],
    pairs: set[Pair],
    names: dict[str, tuple[str, str]],
    display: dict[str, str],
) -> dict[str, Any]:
    """One cluster's row; `names` maps an entity_id to its lake id and display name,
    `display` a lake id to its display name (made once per update: the lake's every name)."""
    first = members[0]
    forms = Counter(m.words for m in members)
    canonical = min(members, key=lambda m: (-forms[m.words], -len(m.words), m.order))
    speaker_id = _most_common(
        names.get(m.speaker_entity_id, (m.speaker_entity_id, ""))[0]
        for m in members
        if m.speaker_entity_id
    )
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
