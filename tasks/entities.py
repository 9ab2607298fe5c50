"""Entities: spaCy's named-entity mentions, each with one canonical name per document.

Mentions of one person ("Vladimir Zelensky", "Zelensky", "Zelensky's") share the fullest
name used in the article, and all mentions of a name share one label decided by the
evidence across the article (a name seen as PERSON stays PERSON in "Trump's team").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from tasks.segment import Sentence, sentence_index_at

# Named things an analyst counts; numbers, dates and amounts are left out of the table.
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
_LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW")
_HONORIFIC = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|sen|rep|gov|gen|pres|president|senator|governor|minister|mayor"
    r"|councillor|councilor|councilman|councilwoman|chancellor|judge|coach)\.?\s+)+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_TRAILING_NON_WORDS = re.compile(r"(?:\s+[^\sA-Za-z]+)+$")  # "Lucia Ferreira 6-4"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    name: str
    sentence_index: int


def normalise(text: str) -> str:
    """The name inside a mention: no leading article, honorific or trailing possessive."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    text = _POSSESSIVE.sub("", _HONORIFIC.sub("", text)).strip()
    return _TRAILING_NON_WORDS.sub("", text)


def _person_names(keys: list[str]) -> dict[str, str]:
    """Map each person key to the fullest name in the document that ends with or contains it."""
    fullest: dict[str, str] = {}
    for key in keys:
        tokens = key.split()
        candidates = {
            other
            for other in keys
            if len(other.split()) > len(tokens)
            and (other.split()[-len(tokens) :] == tokens or other.split()[: len(tokens)] == tokens)
        }
        best = max(candidates, key=lambda c: (len(c.split()), len(c)), default=key)
        # Two different full names sharing a surname stay apart: ambiguity is not resolved.
        longest = [c for c in candidates if len(c.split()) == len(best.split())]
        fullest[key] = best if len(set(longest)) <= 1 else key
    return fullest


def _harmonise_labels(mentions: list[Mention]) -> list[Mention]:
    """One label per canonical name, by majority over its mentions; PERSON evidence wins ties."""
    votes: dict[str, Counter[str]] = {}
    for mention in mentions:
        votes.setdefault(mention.name, Counter())[mention.label] += 1
    decided: dict[str, str] = {}
    for name, counter in votes.items():
        top = max(counter.values())
        tied = [label for label in _LABEL_PREFERENCE if counter.get(label) == top]
        decided[name] = tied[0] if tied else counter.most_common(1)[0][0]
    return [replace(m, label=decided[m.name]) for m in mentions]


def extract_entities(doc: Doc, sentences: list[Sentence]) -> list[Mention]:
    """Named mentions of `doc`, each with its canonical name and sentence."""
    raw = [(ent, normalise(ent.text) or ent.text) for ent in doc.ents if ent.label_ in NAMED_LABELS]
    # A name tagged ORG/GPE elsewhere shown to be a person's is a person: a bare surname
    # of a full name tagged PERSON, or a full name whose surname is tagged PERSON.
    person_keys = [key for ent, key in raw if ent.label_ == "PERSON"]
    surnames = {p.split()[-1] for p in person_keys}
    full_names = {p for p in person_keys if " " in p}
    for ent, key in raw:
        if ent.label_ == "PERSON":
            continue
        is_surname = " " not in key and any(p.split()[-1] == key for p in full_names)
        is_full_name = " " in key and key.istitle() and key.split()[-1] in surnames
        if is_surname or is_full_name:
            person_keys.append(key)
    people = _person_names(person_keys)
    starts = [sentence.start for sentence in sentences]
    mentions = [
        Mention(
            ent.start_char,
            ent.end_char,
            ent.text,
            "PERSON" if key in people else ent.label_,
            people.get(key, key),
            sentence_index_at(starts, ent.start_char),
        )
        for ent, key in raw
    ]
    return _harmonise_labels(mentions)
