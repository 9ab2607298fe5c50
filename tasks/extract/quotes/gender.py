"""Gender evidence one article gives about the people it names, kept apart from any guess.

Only what the text says counts: an honorific or a gendered noun right before a name ("Mrs.
Ruiz", "congresswoman Ana Ruiz", "his wife Ana"), a gendered noun in apposition with the
name, as its predicate or in a "who is" clause on it ("Ana Ruiz, a spokeswoman", "Ruiz is a
congresswoman", "Ruiz, who is now chairwoman"), a pronoun that refers back to the name as
speaker resolution reads one (the first in the sentence of which the name is the subject, no
other person or quotation mark between: "Ruiz said her plan"; the subject of a clause that
complements the name's verb past a person named in the name's own apposition: "Ruiz, the
mayor's envoy, said that she ..."), and a speaker that speaker resolution tied to the
person ("she said", "the spokeswoman said"). A one-word name that opens an organisation's
name in the same article ("Norrland" beside "Norrland Radio") is no person here. The
lake-wide vote over every article naming a person is tasks.link.gender's; a given name is
never evidence here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tasks.extract.mentions import Mention, pronoun_after, set_off
from tasks.text.lexicon import GENDERED_NOUNS, GENDERED_PREDICATES, POSSESSIVES, SPEAKER_PRONOUNS

if TYPE_CHECKING:  # linking reads `speaker_cue` in the orchestrator, which never parses
    from spacy.tokens import Doc, Span, Token

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
    """A gendered noun in apposition with the name, or its predicate ("X is a mother", "X,
    who is a mother")."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and set_off(span, root.head):
        nouns.append(root.head)
    if root.dep_ in _SUBJECTS and root.head.lemma_ == "be":
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    nouns += [n for verb in _who_is(root) for n in verb.children if n.dep_ == "attr"]
    genders = {GENDERED_PREDICATES[_word(n)] for n in nouns if _word(n) in GENDERED_PREDICATES}
    return genders.pop() if len(genders) == 1 else None


def _who_is(root: Token) -> list[Token]:
    """ "be" heading a relative clause on the name whose subject is "who": "Ana Ruiz, who is
    now chairwoman of the board"."""
    return [
        c
        for c in root.children
        if c.dep_ == "relcl"
        and c.lemma_ == "be"
        and any(g.dep_ in _SUBJECTS and g.lower_ == "who" for g in c.children)
    ]


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


def _complement(span: Span, named: set[int]) -> str | None:
    """The gender of "he" or "she" as the subject of a clause complementing the verb of which
    the name is the subject, with no quotation mark and no person between them but one named
    in the name's own apposition: "Joe Doe, the mayor's envoy, said that he ..." """
    if not _is_subject(span):
        return None
    root = span.root
    verb = root.head if root.dep_ in _SUBJECTS else root.head.head
    own = {t.i for c in root.children if c.dep_ == "appos" for t in c.subtree}
    for token in span.doc[span.end :]:
        if token.is_sent_start or token.is_quote or (token.idx in named and token.i not in own):
            return None
        if token.i in own:
            continue
        if token.lower_ in SPEAKER_PRONOUNS and token.dep_ in _SUBJECTS:
            clause = token.head
            if clause.dep_ == "ccomp" and clause.head == verb:
                return SPEAKER_PRONOUNS[token.lower_]
            return None
    return None


def _not_organisations(people: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """The people, less a one-word name that opens an organisation's longer name in the same
    article and is no word of a person's longer name ("Norrland" beside "Norrland Radio")."""
    opening = {m.text.split()[0] for m in mentions if m.label == "ORG" and len(m.text.split()) > 1}
    words = {w for m in people if len(m.text.split()) > 1 for w in m.text.split()}
    return [m for m in people if len(m.text.split()) > 1 or m.text not in opening - words]


def mention_cues(doc: Doc, mentions: list[Mention]) -> dict[tuple[int, int], str]:
    """(start, end) of a person's mention -> the gender the words tied to it give (none
    where they disagree)."""
    cues: dict[tuple[int, int], str] = {}
    people = _not_organisations([m for m in mentions if m.label == "PERSON"], mentions)
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
            _complement(span, named),
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
