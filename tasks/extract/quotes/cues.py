"""Cues: the verbs of saying that attribute a quote, and their subjects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.text.lexicon import DOCUMENT_NOUNS, NOT_SPEECH_LEMMAS, PHRASAL_CUES, SPEECH_LEMMAS
from tasks.text.nlp import lemma, lemma_in

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document


# Every lemma `is_cue` reads: a verb with none of them is no cue.
_CUE_LEMMAS = SPEECH_LEMMAS | frozenset(PHRASAL_CUES) | {"continue", "put"}
_CONTINUE_SPEAKING = frozenset(
    {"nsubj", "punct", "ccomp", "advmod", "npadvmod", "aux", "parataxis", "cc", "conj"}
)


def is_cue(token: Token) -> bool:
    """A verb of saying, a phrasal one ("pointed out", "went on"), the idiom 'put it' ("as
    X put it"), or 'continue' going on with what one says ("She continued, “...”"; not
    "continued to write")."""
    if not token.tag_.startswith("VB") or not lemma_in(token, _CUE_LEMMAS):
        return False
    base = lemma(token)
    if base == "continue":  # with a complement it is aspectual: "continued to write"
        return all(c.dep_ in _CONTINUE_SPEAKING for c in token.children)
    if base in SPEECH_LEMMAS:  # before the walk of the children the other two need
        return True
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    return bool(particles & PHRASAL_CUES.get(base, frozenset())) or (
        base == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    )


def is_not_speech(token: Token) -> bool:
    """A copular, aspectual or light verb ("is", "continues to", "wants"): never a cue."""
    return lemma(token) in NOT_SPEECH_LEMMAS and not is_cue(token)


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject (a passive's agent: "asked by a caller"); conjoined or participle
    verbs share their head verb's subject, and so does a verb after a preposition ("After
    saying ..., she left"); a participle's subject is the noun it qualifies ("footage of
    Hale saying ...")."""
    for child in verb.children:
        if child.dep_ == "nsubj" or (depth and child.dep_ == "nsubjpass"):
            return child
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if by is not None:  # "was asked by a caller why ...": the caller asks
        return by
    if _second_cue(verb):  # "He says A and says B", parsed as if A said B
        return subject(verb.head.head, depth + 1)
    if depth < 3 and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
        return subject(verb.head, depth + 1)
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "by telling them"
        return subject(verb.head.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and _speaks(verb.head):
        return verb.head  # "footage of Hale saying ..."
    return None


def _second_cue(verb: Token) -> bool:
    """A verb of saying conjoined to, or a participle of saying hung on, the clause another
    verb of saying reports: the parser hangs "X says A and says B" and "X argued A, saying
    B" under A, but B is said by X too."""
    reporting = verb.head.head
    return (
        verb.dep_ in ("conj", "advcl")
        and verb.head.dep_ == "ccomp"
        and reporting.i != verb.head.i
        and is_cue(verb)
        and is_cue(reporting)
    )


def _speaks(noun: Token) -> bool:
    """A name or a document: what can be the subject of a participle of saying."""
    return noun.pos_ == "PROPN" or lemma(noun) in DOCUMENT_NOUNS


def find_cue(tokens: Iterable[Token], doc: Document, any_verb: bool = False) -> Token | None:
    """First verb of saying (or, with `any_verb`, any verb but a copular or aspectual one)
    outside quotes with a subject."""
    for token in tokens:
        cue = is_cue(token) or (any_verb and token.pos_ == "VERB" and not is_not_speech(token))
        if cue and not doc.in_quote(token.idx) and subject(token) is not None:
            return token
    return None
