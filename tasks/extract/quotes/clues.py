"""What the words around a pronoun or role noun say about whom it means, or cannot mean:
the subject of the words it reports, names joined as one subject, names inside a description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.extract.mentions import Mention
from tasks.extract.quotes.people import SUBJECTS, mention_span
from tasks.extract.quotes.spans import Spans
from tasks.text.nlp import lemma

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document
    from tasks.extract.quotes.speakers import Speaker


def fronted_subject(doc: Document, opening: dict[int, int], speaker: Speaker) -> Mention | None:
    """The subject of what a pronoun says, when those words open its sentence before it with
    no quotation mark ("Hale was never a candidate, he said") and the subject is a person of
    fitting gender: who the pronoun means. Words in quotation marks are the speaker's own,
    whose subjects are others."""
    start = doc.sentence_at(speaker.start).start
    end = opening.get(start)
    if end is None or end > speaker.start or doc.quoted_between(start, end):
        return None
    for mention in doc.mentions_between(start, end):
        fits = doc.people.gender(mention.name) in (None, speaker.gender)
        span = mention_span(doc.doc, mention) if mention.label == "PERSON" and fits else None
        if span is not None and span.root.dep_ in SUBJECTS:
            return mention
    return None


def joined(doc: Document, mention: Mention) -> bool:
    """One of two or more names joined as one subject or speaker ("Hale and Ruiz blame the
    banks"): no single person a later "he" or "she" means."""
    span = mention_span(doc.doc, mention)
    if span is None:
        return False
    root = span.root
    return root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)


def named_inside(doc: Document, head: Token) -> set[str]:
    """The people a description names inside itself ("the activist who backs Hale", "a former
    aide to President Tom Hale"): never the person it describes."""
    first, last = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    return {
        m.name
        for m in doc.mentions
        if m.label == "PERSON" and first <= m.start < last and not m.start <= head.idx < m.end
    }


def askers(speakers: list[Speaker]) -> Spans:
    """Where the named speakers of questions stand ("“Are you running?” Okafor asked"): a
    description that answers ("“Yes,” the senator said") is someone else."""
    return Spans(
        (s.start, s.end)
        for s in speakers
        if s.name is not None and s.cue is not None and lemma(s.cue) == "ask"
    )
