"""Organisations as speakers: the name an analyst counts for "the Lindqvist campaign", "her
campaign", "the Harbour Daily newspaper" or "the Russian government".

The name is the organisation's as the article writes it: a person's campaign or
administration goes by the person's surname ("Lindqvist campaign"), an organisation noun after
an organisation's name is that organisation ("the Harbour Daily newspaper" is "Harbour
Daily", but "the Hale campaign" stays a campaign), and a government qualified by its country
speaks as the country the article names ("the Russian government" is "Russia"). A bare
definite noun ("the company", "the group") is left to resolution: the organisation in focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.extract.mentions import Mention, name_words
from tasks.text.lexicon import (
    GENDERED_PRONOUNS,
    GOVERNMENT_NOUNS,
    NATIONALITIES,
    PERSONAL_ORGANISATIONS,
)

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document

_OWNERS = ("poss", "compound", "amod", "nmod")
_COUNTRY_STEM = 4  # letters a demonym and its country's name share at least: "Russ", "Chin"


def owned_name(doc: Document, noun: Token) -> str | None:
    """The name of an organisation noun's owner as the organisation: "Lindqvist campaign",
    "Harbour Daily", "Russia", "the campaign of Senator Tom Hale"; None if no named owner
    qualifies it."""
    for child in _owners(noun):
        owner = doc.mention_covering(child)
        if owner is None:
            continue
        if owner.label == "PERSON":
            return f"{name_words(owner.name)[-1].title()} {noun.text}"
        if owner.label == "ORG" and noun.lower_ not in PERSONAL_ORGANISATIONS:
            return owner.name
        if noun.lower_ in GOVERNMENT_NOUNS and owner.label in ("GPE", "NORP"):
            return country(doc, owner) or f"{owner.name} {noun.text}"
        return f"{owner.name} {noun.text}"
    return None


def named_before(doc: Document, noun: Token) -> str | None:
    """The organisation of `noun`'s kind ("campaign") the article last named before it ("the
    Hale campaign said ... the campaign added"): it stays that owner's, whoever the article
    turned to since (a spokesman named between is not the campaign's owner)."""
    for token in reversed(doc.all_tokens[: noun.i]):
        if token.lower_ == noun.lower_:
            name = owned_name(doc, token)
            if name is not None:
                return name
    return None


def _owners(noun: Token) -> list[Token]:
    """The words that may name an organisation noun's owner: its qualifiers ("the Hale
    campaign", "Hale's campaign") and the object of its "of" ("the campaign of Tom Hale")."""
    owners = [c for c in noun.children if c.dep_ in _OWNERS]
    return owners + [
        g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip


def owner_gender(noun: Token) -> str | None:
    """The gender of the pronoun owning an organisation noun: "her campaign" -> "f"."""
    owners = [c for c in noun.children if c.dep_ == "poss" and c.lower_ in GENDERED_PRONOUNS]
    return GENDERED_PRONOUNS[owners[0].lower_] if owners else None


def country(doc: Document, people: Mention) -> str | None:
    """The country the article names for a nationality or a country ("Russian" -> "Russia",
    "Chinese" -> "China"): the one place named whose name shares the longest beginning with
    it, at least `_COUNTRY_STEM` letters; where the article names no such place, the
    nationality's country."""
    if people.label == "GPE":
        return people.name
    word = people.name.casefold()
    shared = {
        m.name: _common_prefix(word, m.name.casefold()) for m in doc.mentions if m.label == "GPE"
    }
    best = max(shared.values(), default=0)
    found = [name for name, n in shared.items() if n == best]
    if best >= _COUNTRY_STEM and len(found) == 1:
        return found[0]
    return NATIONALITIES.get(word) if best < _COUNTRY_STEM else None


def _common_prefix(one: str, other: str) -> int:
    n = 0
    while n < min(len(one), len(other)) and one[n] == other[n]:
        n += 1
    return n
