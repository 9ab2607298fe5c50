"""A name's label from the article's own evidence, where the small model's tags disagree or
err: one label per name by majority, and the pronouns the article uses for it ("Acme said
its sales fell" is an organisation's; "Ana Ruiz threw her support" a person's, whatever
the model tagged "Ana Ruiz").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from tasks.extract.mentions import Mention, pronoun_after

_LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW")
_NEUTER_VOTES = 1  # times an article calls a one-word "person" "its" before it is an organisation
_PERSON_VOTES = 2  # times an article calls a name tagged ORG "he" or "she" before it is a person's
_CLEAR_MAJORITY = 3  # times one gender's pronouns outnumber the other's before it is the name's
_SUBJECTS = ("nsubj", "nsubjpass")


def harmonise_labels(mentions: list[Mention]) -> list[Mention]:
    """One label per canonical name, by majority over its mentions; PERSON evidence wins ties."""
    votes: dict[str, Counter[str]] = {}
    for mention in mentions:
        votes.setdefault(mention.name, Counter())[mention.label] += 1
    decided: dict[str, str] = {}
    for name, counter in votes.items():
        top = max(counter.values())
        tied = [label for label in _LABEL_PREFERENCE if counter.get(label) == top]
        decided[name] = tied[0] if tied else counter.most_common(1)[0][0]
    # A mention already of its name's label is kept as is: a copy of each cost more than the vote.
    return [
        m if m.label == decided[m.name] else replace(m, label=decided[m.name]) for m in mentions
    ]


def organisations_by_pronoun(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """A one-word name the model took for a person's that the article calls "its" more often
    than "he" or "she" ("Twitter said its rules ...") is an organisation's."""
    people = [m for m in mentions if m.label == "PERSON"]
    named = {i for m in people for i in range(m.start, m.end)}
    spans = [
        (span, mention.name)
        for mention in people
        if " " not in mention.name
        for span in [doc.char_span(mention.start, mention.end, alignment_mode="expand")]
        if span is not None
    ]
    votes = pronoun_votes(spans, named)
    neuter = {
        name
        for name, tally in votes.items()
        if tally["n"] >= _NEUTER_VOTES and tally["n"] > tally["m"] + tally["f"]
    }
    return [replace(m, label="ORG") if m.name in neuter else m for m in mentions]


def surname_genders(raw: Sequence[tuple[Span, str, str]]) -> dict[str, str]:
    """The gender ("m", "f") the article shows for each one-word person name: the pronouns
    following it as a subject ("Ruiz said she"), at least _PERSON_VOTES of them and at least
    _CLEAR_MAJORITY times as many as of the other gender. A bare surname is not the full name
    of someone of the other gender ("Ana Ruiz" for "Ruiz ... he")."""
    named = _person_tokens(raw)
    bare = [(span, key) for span, key, label in raw if label == "PERSON" and " " not in key]
    genders: dict[str, str] = {}
    for key, tally in pronoun_votes(bare, named).items():
        for gender, other in (("m", "f"), ("f", "m")):
            if tally[gender] >= _PERSON_VOTES and tally[gender] >= _CLEAR_MAJORITY * tally[other]:
                genders[key] = gender
    return genders


def people_by_pronoun(raw: Sequence[tuple[Span, str, str]]) -> frozenset[str]:
    """Names tagged ORG that are a person's: two or three title-case words (the full name,
    its surname alone counting too) that the article refers back to as "he" or "she" at
    least _PERSON_VOTES times, and more often than as "its" ("Ana Ruiz threw her support";
    "Ruiz said she"). The small model tags some people's names ORG throughout an article."""
    named = _person_tokens(raw)
    full = {key for _, key, label in raw if label == "ORG" and _person_shaped(key)}
    by_surname = {key.split()[-1]: key for key in full}
    owners = (
        (span, key if key in full else by_surname.get(key) if label == "ORG" else None)
        for span, key, label in raw
    )
    votes = pronoun_votes([(span, owner) for span, owner in owners if owner is not None], named)
    return frozenset(
        key
        for key, tally in votes.items()
        if tally["m"] + tally["f"] >= _PERSON_VOTES and tally["m"] + tally["f"] > tally["n"]
    )


def pronoun_votes(spans: list[tuple[Span, str]], named: set[int]) -> dict[str, Counter[str]]:
    """For each name, the pronouns ("m", "f", "n") that follow its mentions as a subject, no
    other person between (`named`: their characters)."""
    votes: dict[str, Counter[str]] = {}
    for span, name in spans:
        if span.root.dep_ in _SUBJECTS:
            pronoun = pronoun_after(span, named)
            if pronoun is not None:
                votes.setdefault(name, Counter())[pronoun] += 1
    return votes


def _person_tokens(raw: Sequence[tuple[Span, str, str]]) -> set[int]:
    """Where the tokens of PERSON mentions start: a pronoun after another person is not theirs."""
    return {t.idx for span, _, label in raw if label == "PERSON" for t in span}


def _person_shaped(key: str) -> bool:
    words = key.split()
    return 2 <= len(words) <= 3 and all(word[:1].isupper() and word[1:].islower() for word in words)
