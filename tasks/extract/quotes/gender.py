"""Gender evidence one article gives about the people it names, kept apart from any guess.

Only what the text says counts: an honorific or a gendered noun right before a name ("Mrs.
Ruiz", "congresswoman Ana Ruiz", "his wife Ana"), a gendered noun in apposition with the
name or as its predicate ("Ana Ruiz, a spokeswoman", "Ruiz is a congresswoman"), a pronoun
that refers back to the name as speaker resolution reads one (the first in the sentence of
which the name is the subject, no other person or quotation mark between: "Ruiz said her
plan"), and a speaker that speaker resolution tied to the person ("she said", "the
spokeswoman said"). The
lake-wide vote over every article naming a person is tasks.link.gender's; a given name is
never evidence here.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from tasks.extract.mentions import Mention, pronoun_after
from tasks.text.lexicon import GENDERED_NOUNS, GENDERED_PREDICATES, POSSESSIVES, SPEAKER_PRONOUNS

_SUBJECTS = ("nsubj", "nsubjpass")
_PRONOUN_GENDERS = {"m": "male", "f": "female"}  # pronoun_after's codes ("n": "its")


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def _before(span: Span) -> str | None:
    """An honorific or gendered noun right before the name, or opening the mention."""
    first = span[0]
    if _word(first) in GENDERED_NOUNS and len(span) > 1:
        return GENDERED_NOUNS[_word(first)]
    if span.start == 0:
        return None
    return GENDERED_NOUNS.get(_word(span.doc[span.start - 1]))


def _described(span: Span) -> str | None:
    """A gendered noun in apposition with the name, or its predicate ("X is a mother")."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    if root.dep_ in _SUBJECTS and root.head.lemma_ == "be":
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    genders = {GENDERED_PREDICATES[_word(n)] for n in nouns if _word(n) in GENDERED_PREDICATES}
    return genders.pop() if len(genders) == 1 else None


def _is_subject(span: Span) -> bool:
    """The name is a clause's subject, or in apposition with one ("A former senator, Joe
    Doe, stated his ...")."""
    root = span.root
    return root.dep_ in _SUBJECTS or (root.dep_ == "appos" and root.head.dep_ in _SUBJECTS)


def _referred(span: Span, named: set[int]) -> str | None:
    """The gender of a pronoun referring back to the name as the sentence's subject."""
    if not _is_subject(span):
        return None
    return _PRONOUN_GENDERS.get(pronoun_after(span, named) or "")


def _fronted(span: Span, named: set[int]) -> str | None:
    """The gender of a possessive pronoun before the name, in a phrase of the clause of which
    the name is the subject, with no person or quotation mark before it: "In her speech,
    Ana Ruiz said ..." """
    if not _is_subject(span):
        return None
    verb = span.root.head if span.root.dep_ in _SUBJECTS else span.root.head.head
    for token in span.doc[span.sent.start : span.start]:
        if token.idx in named or token.is_quote:
            return None
        if token.dep_ == "poss" and token.lower_ in ("his", "her") and verb in token.ancestors:
            return SPEAKER_PRONOUNS["he" if token.lower_ == "his" else "she"]
    return None


def _next_subject(span: Span, named: set[int]) -> str | None:
    """The gender of "He" or "She" opening the next sentence of the same paragraph, as its
    subject, after a sentence whose main subject is the name and which names no one else:
    "Ana Ruiz said the plan was late. She ..." """
    sentence = span.sent
    if span.root.dep_ not in _SUBJECTS or span.root.head != sentence.root:
        return None
    others = any(t.idx in named and not span.start <= t.i < span.end for t in sentence)
    if others or "\n" in sentence[-1].text or sentence.end >= len(span.doc):
        return None
    opening = span.doc[sentence.end]
    if opening.dep_ not in _SUBJECTS or opening.text not in ("He", "She"):
        return None
    return SPEAKER_PRONOUNS[opening.lower_]


def mention_cues(doc: Doc, mentions: list[Mention]) -> dict[tuple[int, int], str]:
    """(start, end) of a person's mention -> the gender the words tied to it give (none
    where they disagree)."""
    cues: dict[tuple[int, int], str] = {}
    people = [m for m in mentions if m.label == "PERSON"]
    named = {i for m in people for i in range(m.start, m.end)}
    for mention in people:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        cues_found = (
            _before(span),
            _described(span),
            _referred(span, named),
            _fronted(span, named),
            _next_subject(span, named),
        )
        found = {g for g in cues_found if g is not None}
        if len(found) == 1:
            cues[(mention.start, mention.end)] = found.pop()
    return cues


def speaker_cue(speaker: str | None) -> str | None:
    """The gender a resolved speaker's own words give: a pronoun alone ("she") or a gendered
    noun that is nobody else's ("the spokeswoman", not "his spokeswoman")."""
    words = [w.rstrip(".,").casefold() for w in (speaker or "").split()]
    if not words:
        return None
    if len(words) == 1 and words[0] in SPEAKER_PRONOUNS:
        return SPEAKER_PRONOUNS[words[0]]
    if any(w in POSSESSIVES or w.endswith(("'s", "’s")) for w in words):
        return None
    return GENDERED_NOUNS.get(words[-1]) if words[0] in ("the", "a", "an") else None
