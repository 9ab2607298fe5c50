"""Speakers: the surface span of who speaks, and the entity it names or refers back to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from tasks.entities import Mention
from tasks.lexicon import GENDER_WORDS, ORGANISATION_NOUNS, PERSON_PRONOUNS, ROLE_NOUNS
from tasks.nlp import lemma
from tasks.quotes.cues import is_cue, subject

if TYPE_CHECKING:
    from tasks.quotes.document import Document


@dataclass(frozen=True)
class Speaker:
    text: str
    start: int
    end: int
    name: str | None
    label: str | None
    cue: Token | None
    entity_id: str | None = None

    @classmethod
    def named(cls, text: str, start: int, end: int, mention: Mention, cue: Token | None) -> Speaker:
        """A speaker resolved to an entity mention."""
        return cls(text, start, end, mention.name, mention.label, cue, mention.entity_id)


def person_genders(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Gender the article gives a person by name: an honorific or role noun right before a
    mention ("Mr. Ortega", "spokeswoman Jen Psaki"). Names without such evidence are absent."""
    evidence: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and span.start > 0:
            gender = GENDER_WORDS.get(doc[span.start - 1].lower_)
            if gender is not None:
                evidence.setdefault(mention.name, set()).add(gender)
    return {name: genders.pop() for name, genders in evidence.items() if len(genders) == 1}


def antecedent(doc: Document, before: int, gender: str | None = None) -> Mention | None:
    """The person a pronoun or role noun at `before` most likely means.

    The latest person who was a clause subject in the last three sentences wins, else
    the latest person named before; mentions inside quotes are skipped, and so are
    people the article marks with the other gender ("Ms. Raman" is not "he").
    """
    window = doc.sentences[max(doc.sentence_index_at(before) - 3, 0)].start
    people = [
        m
        for m in doc.mentions
        if m.label == "PERSON"
        and m.end <= before
        and not doc.in_quote(m.start)
        and (gender is None or doc.genders.get(m.name, gender) == gender)
    ]
    recent = [m for m in people if m.start >= window]
    speakers = [m for m in recent if _subject_rank(doc, m) == 2]
    subjects = [m for m in recent if _subject_rank(doc, m) == 1]
    return (speakers or subjects or people or [None])[-1]


def _subject_rank(doc: Document, mention: Mention) -> int:
    """2 for the subject of a verb of saying, 1 for another subject, else 0."""
    span = doc.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    return 2 if is_cue(span.root.head) else 1


def speaker_of(doc: Document, cue: Token | None, head: Token) -> Speaker:
    """Surface span (modifiers up to the head noun) and resolved name of a subject.

    A named apposition ("the minister, Paul Grant,") extends the span and names it.
    """
    first = head.left_edge
    while first.i < head.i and (doc.in_quote(first.idx) or first.is_punct):
        first = doc.doc[first.i + 1]
    start, end = first.idx, head.idx + len(head)
    named = [
        mention
        for child in head.children
        if child.dep_ == "appos" and (mention := doc.mention_covering(child)) is not None
    ]
    if named:
        end = named[0].end
        return Speaker.named(doc.text[start:end], start, end, named[0], cue)
    text = doc.text[start:end]
    mention = _resolve(doc, head, start)
    if mention is not None:
        return Speaker.named(text, start, end, mention, cue)
    if head.pos_ == "PRON" or _refers_back(head):
        return Speaker(text, start, end, None, None, cue)
    label = "ORG" if lemma(head) in ORGANISATION_NOUNS else None
    return Speaker(text, start, end, text, label, cue)


def speaker_from_cue(doc: Document, cue: Token | None) -> Speaker | None:
    """The speaker a verb of saying names: its subject, resolved."""
    head = subject(cue) if cue is not None else None
    return speaker_of(doc, cue, head) if head is not None else None


def _refers_back(head: Token) -> bool:
    """'he', 'she' or 'the senator': words that point at a person named earlier."""
    is_role = lemma(head) in ROLE_NOUNS and any(
        c.lower_ == "the" or c.dep_ == "poss" for c in head.children
    )
    return head.lower_ in PERSON_PRONOUNS or is_role


def _resolve(doc: Document, head: Token, start: int) -> Mention | None:
    """The entity mention a speaker's head names or, for a pronoun or role, refers to."""
    mention = doc.mention_covering(head)
    if mention is None and _refers_back(head):
        mention = antecedent(doc, start, GENDER_WORDS.get(head.lower_))
    return mention
