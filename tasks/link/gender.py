"""One gender per person across the lake, from what every article naming them says.

Each document casts at most one vote per referent: the majority of its evidence (honorifics,
gendered nouns, resolved pronoun speakers: tasks.extract.quotes.gender), none on a tie. The
registry keeps those votes per landing date, so a person named once without evidence gets
the gender other articles (other dates too) show. A side wins with `MARGIN` times the other's
votes; a closer split is a conflict, left null rather than guessed. Only a person with no
evidence at all, whom the lake names in `NAME_DOCUMENTS` articles or more, may take the
gender of a strongly one-gender given name (`gender-guesser`'s list, read offline), recorded
as source "name" so an audit can leave it out: a person named once whose article says
nothing is left unknown rather than guessed; never an organisation, a group, a bare surname
or an unnamed speaker. The alias table's `gender`
column overrides all of it (source "override").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tasks.extract.mentions import name_words
from tasks.extract.quotes.gender import speaker_cue
from tasks.link.registry import Identity, Registry, canonical
from tasks.text.aliases import Alias
from tasks.text.name_genders import FEMALE, MALE, given_name_gender

GENDERS = (FEMALE, MALE)
MARGIN = 2  # the winning side needs twice the other's documents
NAME_DOCUMENTS = 2  # a given name is read only for a person named in this many documents


@dataclass(frozen=True)
class Gender:
    """A referent's gender and where it comes from (text, name or override); both null when
    unknown."""

    value: str | None = None
    source: str | None = None


def document_votes(
    mentions: Iterable[Mapping[str, object]], quotes: Iterable[Mapping[str, object]]
) -> dict[tuple[str, str], str]:
    """(doc_id, document-level id) -> the document's vote: the majority of its mention cues
    (`gender_cue` of entity rows) and resolved speaker words (a quote's `speaker`; a speaker
    carried over several quotes counts once); a tie gives no vote."""
    tallies: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in mentions:
        cue, local = row.get("gender_cue"), row.get("entity_id")
        if cue in GENDERS and local:
            tallies[(str(row["doc_id"]), str(local))][str(cue)] += 1
    seen: set[tuple[object, ...]] = set()
    for quote in quotes:
        spoken = (quote["doc_id"], quote.get("speaker_start"), quote.get("speaker_end"))
        speaker, said = quote.get("speaker_entity_id"), speaker_cue(_text(quote.get("speaker")))
        if spoken in seen or not speaker or said is None or quote.get("speaker_label") != "PERSON":
            continue
        seen.add(spoken)
        tallies[(str(quote["doc_id"]), str(speaker))][said] += 1
    return {key: vote for key, tally in tallies.items() if (vote := _majority(tally))}


def _majority(tally: Counter[str]) -> str | None:
    """The most frequent value, None on a tie."""
    ranked = tally.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def record_votes(
    registry: Registry,
    votes: Mapping[tuple[str, str], str],
    ids: Mapping[tuple[str, str], str],
    date: dt.date,
    counted: set[str],
) -> None:
    """Store one date's votes by lake-wide id (documents in `counted` only: a syndicated
    copy votes once), replacing that date's earlier votes, as `usage` does."""
    by_document: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (doc, local), given in votes.items():
        if doc in counted and (doc, local) in ids:
            by_document[(doc, ids[(doc, local)])][given] += 1
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, identity_id), tally in by_document.items():
        vote = _majority(tally)
        if vote is not None:
            totals[identity_id][vote] += 1
    for identity in registry.identities.values():
        identity.evidence.pop(date, None)
        found = totals.get(identity.entity_id)
        if found:
            identity.evidence[date] = (found[FEMALE], found[MALE])


def inferred(identity: Identity) -> Gender:
    """The gender the lake's articles give a person, else a strong given name's; a conflict
    or anything not a person gives none."""
    if identity.label != "PERSON":
        return Gender()
    female = sum(f for f, _ in identity.evidence.values())
    male = sum(m for _, m in identity.evidence.values())
    if female or male:
        if female > male and female >= MARGIN * male:
            return Gender(FEMALE, "text")
        if male > female and male >= MARGIN * female:
            return Gender(MALE, "text")
        return Gender()
    guess = name_gender(identity.name) if identity.n_documents >= NAME_DOCUMENTS else None
    return Gender(guess, "name") if guess else Gender()


def name_gender(name: str) -> str | None:
    """female or male where a full name's given name is strongly one gender in
    `gender-guesser`'s list; None for a bare surname or an ambiguous name."""
    words = name_words(name)
    if len(words) < 2:
        return None
    return given_name_gender(words[0])


def override(identity: Identity, aliases: dict[str, Alias]) -> Gender | None:
    """The alias table's gender for an identity, where its row gives one."""
    alias = canonical(identity, aliases)
    if alias is None or alias.gender is None:
        return None
    return Gender(alias.gender, "override")


def settle_genders(registry: Registry, aliases: dict[str, Alias]) -> None:
    """Each identity's gender: the alias table's, else the inferred one."""
    for identity in registry.identities.values():
        gender = override(identity, aliases) or inferred(identity)
        identity.gender, identity.gender_source = gender.value, gender.source
