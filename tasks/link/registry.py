"""Identity across documents: one `entity_id` per real-world referent in the whole lake.

Extraction names each referent within its article (`entities.name`: the fullest name the
article gives). This module links those names across articles, dates and runs through the
lake's `entities_registry` table, which every run extends and every rerun reuses:

1. A name already in the registry (any spelling an identity was given before, or the alias
   table's name for it) is that identity. So reruns and backfills get the ids they got before.
2. A person's full name is the identity with the same surname and a compatible given name
   ("Tomas J. Gromble" = "Tomas Gromble"; "Joe Okafor" = "Joseph R. Okafor Jr."; middle
   names and initials may be missing, but two different initials, as in "George W. Marlow"
   and "George H.W. Marlow", are two people). Two people sharing a surname stay apart. A
   word the model took in before a full name ("Rival Vera Lindqvist", "Vermonter Tom Hale")
   is dropped when it is not a common given name.
3. A bare surname (an article naming no other person of that surname) is the person of that
   surname named in the most documents; a bare surname first seen alone becomes the full
   name's identity when that full name is the only one with that surname. A bare word the
   model labelled otherwise (ORG: "Gromble's team") is a person's surname when one person of
   that surname is named in `DOMINANT` times the documents of any other, and at least that
   many; a place or a nationality never is ("Washington", "Kazakh").
4. Anything else is a new identity, with the id `label:slug-of-name` (a suffix if taken).

Ids never change once given, and neither do names, but for a bare surname meeting its full
name: an identity is named by its first full name (the date's most common spelling). A quote
whose article names its speaker only by surname shows that full name (`full_names`). Its
label is the majority over documents. The daily tables show that name and label, or the
alias table's, which win (see tasks.desk.daily).
Registry updates hold a lake-wide lock and publish the whole file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.extract.mentions import is_initial, name_words
from tasks.lake.rows import to_table
from tasks.lake.schema import REGISTRY_TABLE, TABLES
from tasks.lake.storage import Location, join, publish, published_file, resolve
from tasks.text.aliases import Alias, alias_key, entity_id
from tasks.text.lexicon import GIVEN_NAMES, NICKNAMES

REGISTRY_FILE = "part-0.parquet"


_DOUBLED = re.compile(r"(.)\1")


_NEVER_PEOPLE = frozenset({"GPE", "LOC", "NORP", "FAC"})


DOMINANT = 5  # a bare word tagged ORG is a person's surname once named in 5x the documents
PERSON_EVIDENCE = 2  # documents giving an identity a person's gender: it is a person


@dataclass(frozen=True, slots=True)
class Named:
    """One referent as one document names it: what the registry resolves."""

    doc_id: str
    local_id: str  # the document-level entity_id extraction gave it
    name: str
    label: str
    entity_name: str  # the alias table's name for it, else `name`


@dataclass
class Identity:
    entity_id: str
    name: str
    label: str
    first_seen: dt.date
    aliases: set[str] = field(default_factory=set)
    usage: dict[tuple[dt.date, str, str], int] = field(default_factory=dict)
    evidence: dict[dt.date, tuple[int, int]] = field(default_factory=dict)  # (female, male)
    gender: str | None = None  # settled by tasks.link.gender
    gender_source: str | None = None

    @property
    def n_documents(self) -> int:
        return sum(self.usage.values())

    @property
    def person(self) -> bool:
        return self.entity_id.startswith("person:") or self.label == "PERSON"


def _given(word: str) -> str:
    """A given name as compared: its full form ("Joe" is "Joseph"), doubled letters as
    single ones ("Ana" is "Anna", "Phillip" is "Philip")."""
    return _DOUBLED.sub(r"\1", NICKNAMES.get(word, word))


def _initials(name: str) -> tuple[str, ...]:
    return tuple(w.casefold().replace(".", "") for w in name.split()[1:-1] if is_initial(w))


def compatible(name: str, other: str) -> bool:
    """Whether two full personal names can be one person: the same surname, the same given
    name (or its short form), no contradicting middle names or initials."""
    mine, theirs = name_words(name), name_words(other)
    if len(mine) < 2 or len(theirs) < 2 or mine[-1] != theirs[-1]:
        return False
    if _given(mine[0]) != _given(theirs[0]):
        return False
    middle, their_middle = mine[1:-1], theirs[1:-1]
    if middle and their_middle and middle != their_middle:
        return False
    initials, their_initials = _initials(name), _initials(other)
    return not (initials and their_initials and initials != their_initials)


class Registry:
    """The lake's identities, indexed by every spelling and by surname."""

    def __init__(self, identities: Iterable[Identity] = ()) -> None:
        self.identities: dict[str, Identity] = {}
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._by_surname: dict[str, list[str]] = defaultdict(list)
        for identity in identities:
            self._add(identity)

    def _add(self, identity: Identity) -> None:
        self.identities[identity.entity_id] = identity
        for alias in identity.aliases | {identity.name}:
            self._index(identity, alias)

    def _index(self, identity: Identity, alias: str) -> None:
        ids = self._by_alias[alias_key(alias)]
        if identity.entity_id not in ids:
            ids.append(identity.entity_id)
        if identity.person:
            surname = name_words(alias)[-1]
            if identity.entity_id not in self._by_surname[surname]:
                self._by_surname[surname].append(identity.entity_id)

    def attach(self, identity: Identity, *names: str) -> None:
        """Record spellings of an identity."""
        for name in names:
            if name not in identity.aliases:
                identity.aliases.add(name)
                self._index(identity, name)

    def find(self, named: Named, weight: Counter[str] | None = None) -> Identity | None:
        """The identity a document-level name is, by the module's rules 1 to 3; `weight`
        adds documents not yet counted (the date being resolved) to the identities'."""

        def known(identity: Identity) -> tuple[int, str]:
            extra = weight[identity.entity_id] if weight is not None else 0
            return identity.n_documents + extra, identity.entity_id

        for spelling in (named.entity_name, named.name):
            exact = [self.identities[i] for i in self._by_alias.get(alias_key(spelling), [])]
            if exact:
                same_label = [i for i in exact if i.label == named.label] or exact
                return max(same_label, key=known)
        words = name_words(named.name)
        people = [self.identities[i] for i in self._by_surname.get(words[-1], [])]
        if named.label in _NEVER_PEOPLE:  # a place or a nationality is nobody's surname
            return None
        if named.label != "PERSON":  # the model's ORG for a well-known surname ("Gromble's team")
            ranked = sorted((known(i)[0] for i in people), reverse=True) + [0, 0]
            dominant = len(words) == 1 and ranked[0] >= DOMINANT * max(ranked[1], 1)
            return max(people, key=known) if dominant else None
        if len(words) > 1:
            full = [i for i in people if len(name_words(i.name)) > 1]
            for start in range(len(words) - 1):  # "Rival Vera Lindqvist" is Vera Lindqvist
                if start and words[start - 1] in GIVEN_NAMES:
                    break
                name = " ".join(words[start:])
                same = [i for i in full if compatible(name, i.name)]
                if same:
                    return max(same, key=known)
            bare = [i for i in people if len(name_words(i.name)) == 1]
            return bare[0] if len(bare) == 1 and not full else None
        return max(people, key=known, default=None)

    def create(self, named: Named, date: dt.date) -> Identity:
        """A new identity for a name no identity matches."""
        base = entity_id(named.label, named.entity_name)
        key, n = base, 1
        while key in self.identities:
            n += 1
            key = f"{base}-{n}"
        identity = Identity(key, named.entity_name, named.label, date)
        self._add(identity)
        return identity


def _order(names: list[Named]) -> list[Named]:
    """Full names before bare ones (a bare surname then finds the full names of its date),
    the most documented first (it names a new identity: "Vera Lindqvist" rather than
    "Vera Moss Lindqvist"). Deterministic, so a rerun resolves the same way."""
    documents = Counter(
        (n.name, n.label) for n in {(n.doc_id, n.name, n.label): n for n in names}.values()
    )
    distinct = {(n.name, n.label, n.entity_name): n for n in names}
    return sorted(
        distinct.values(),
        key=lambda n: (
            len(name_words(n.name)) == 1,
            -documents[(n.name, n.label)],
            len(n.name.split()),  # "Tomas Gromble" names the id rather than "Tomas J. Gromble"
            n.name,
            n.label,
        ),
    )


def assign(
    registry: Registry, names: list[Named], date: dt.date, counted: set[str] | None = None
) -> dict[tuple[str, str], str]:
    """Resolve one date's names in `registry` (extending it); (doc_id, local_id) -> entity_id.

    Documents in `counted` (default: all) count in the identities' usage; the date's earlier
    usage is replaced, so a rerun of a date counts once.
    """
    for known in registry.identities.values():
        known.usage = {k: v for k, v in known.usage.items() if k[0] != date}
    resolved: dict[tuple[str, str, str], Identity] = {}
    documents = {(n.name, n.label, n.entity_name): set[str]() for n in names}
    for n in names:
        documents[(n.name, n.label, n.entity_name)].add(n.doc_id)
    weight: Counter[str] = Counter()
    for named in _order(names):
        identity = registry.find(named, weight)
        if identity is None:
            identity = registry.create(named, date)
        identity.first_seen = min(identity.first_seen, date)
        registry.attach(identity, named.name, named.entity_name)
        if len(name_words(identity.name)) == 1 < len(name_words(named.name)):
            identity.name = named.name  # a bare surname met its full name
        resolved[(named.name, named.label, named.entity_name)] = identity
        weight[identity.entity_id] += len(documents[(named.name, named.label, named.entity_name)])
    ids: dict[tuple[str, str], str] = {}
    used: dict[tuple[str, str], tuple[str, str]] = {}  # (doc, id) -> the fullest (name, label)
    for named in names:
        identity = resolved[(named.name, named.label, named.entity_name)]
        ids[(named.doc_id, named.local_id)] = identity.entity_id
        if counted is not None and named.doc_id not in counted:
            continue
        key = (named.doc_id, identity.entity_id)
        if key not in used or len(named.name) > len(used[key][0]):
            used[key] = (named.name, named.label)
    for (_, identity_id), (name, label) in used.items():
        usage = registry.identities[identity_id].usage
        usage[(date, name, label)] = usage.get((date, name, label), 0) + 1
    return ids


def full_names(
    registry: Registry, names: list[Named], ids: dict[tuple[str, str], str]
) -> dict[tuple[str, str], str]:
    """(doc_id, local_id) -> the lake's full name, for each person a document names only by
    surname ("Mr. Okafor said"): the analyst reads the person, not the bare word, and the
    identity of that surname is the one `find` chose (rule 3)."""
    found: dict[tuple[str, str], str] = {}
    for named in names:
        words = name_words(named.name)
        identity = registry.identities.get(ids.get((named.doc_id, named.local_id), ""))
        if identity is None or not identity.person or len(words) != 1:
            continue
        full = name_words(identity.name)
        if len(full) > 1 and full[-1] == words[0]:
            found[(named.doc_id, named.local_id)] = identity.name
    return found


def settle(registry: Registry) -> None:
    """Each identity's label: the majority over the documents naming it, except that one
    some document names as a person, and PERSON_EVIDENCE documents give a person's gender
    ("she said", "Mrs."), is a person: the small model tags some people's names ORG in the
    articles that only list them ("Tom Hale, Ana Ruiz and Lee Park are tied"). Its id keeps
    the label it was first given: ids never change."""
    for identity in registry.identities.values():
        labels: Counter[str] = Counter()
        for (_, _, label), n in identity.usage.items():
            labels[label] += n
        gendered = sum(f + m for f, m in identity.evidence.values())
        if labels["PERSON"] and gendered >= PERSON_EVIDENCE:
            identity.label = "PERSON"
        elif labels:
            identity.label = labels.most_common(1)[0][0]


def canonical(identity: Identity, aliases: dict[str, Alias]) -> Alias | None:
    """The alias table's row for an identity: its name or a spelling it was given, else (for
    a person) its surname."""
    listed = sorted(a for a in identity.aliases if alias_key(a) in aliases)  # most: none
    for spelling in [identity.name, *listed]:
        found = aliases.get(alias_key(spelling))
        if found is not None:
            return found
    if identity.person and len(name_words(identity.name)) > 1:
        found = aliases.get(alias_key(identity.name.split()[-1]))
        if found is not None and found.label == "PERSON":
            return found
    return None


def registry_path(lake: Location) -> str:
    return join(lake, REGISTRY_TABLE, REGISTRY_FILE)


class RegistryDamaged(RuntimeError):
    """The registry file cannot be read: ids cannot be linked or named until it is restored."""


def registry_version(lake: Location) -> str | None:
    """What changes whenever the registry is published again (its path and fsspec's key of
    the file: size, modification time and inode on a disk, the ETag on object storage);
    None for a lake without one."""
    found = published_file(registry_path(lake))
    if found is None:
        return None
    fs, path = found
    return f"{path}:{fs.ukey(path)}"


def read_registry(lake: Location) -> Registry:
    """The lake's registry (empty for a new lake); RegistryDamaged, naming the file and the
    fix, where it cannot be read. Unlike the quote clusters, the registry is not rebuilt
    silently: its ids are what analysts saved queries against."""
    found = published_file(registry_path(lake))
    if found is None:
        return Registry()
    fs, path = found
    try:
        rows = pq.read_table(path, filesystem=fs, schema=TABLES[REGISTRY_TABLE]).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise RegistryDamaged(
            f"the entity registry {registry_path(lake)} is damaged ({type(exc).__name__}: "
            f"{exc}): restore it from a backup; or move it away and reprocess every date "
            "(newslake backfill --force) to rebuild it, which may give some referents new ids"
        ) from None
    return Registry(
        Identity(
            row["entity_id"],
            row["name"],
            row["label"],
            row["first_seen"],
            set(row["aliases"]),
            {(u["date"], u["name"], u["label"]): u["n_documents"] for u in row["usage"]},
            {e["date"]: (e["female"], e["male"]) for e in row["gender_evidence"] or []},
            row["gender"],
            row["gender_source"],
        )
        for row in rows
    )


def write_registry(lake: Location, registry: Registry) -> None:
    """Publish the registry whole (readers see the old file or the new one)."""
    rows = [
        {
            "entity_id": i.entity_id,
            "name": i.name,
            "label": i.label,
            "aliases": sorted(i.aliases),
            "first_seen": i.first_seen,
            "n_documents": i.n_documents,
            "usage": [
                {"date": d, "name": n, "label": lbl, "n_documents": c}
                for (d, n, lbl), c in sorted(i.usage.items())
            ],
            "gender": i.gender,
            "gender_source": i.gender_source,
            "gender_evidence": [
                {"date": d, "female": f, "male": m} for d, (f, m) in sorted(i.evidence.items())
            ],
        }
        for i in sorted(registry.identities.values(), key=lambda i: i.entity_id)
    ]
    table = to_table(rows, REGISTRY_TABLE)
    fs, path = resolve(registry_path(lake))
    publish(fs, path, lambda sink: pq.write_table(table, sink, compression="zstd"))
