"""Cues: the verbs of saying that attribute a quote, and their subjects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.lexicon import SPEECH_LEMMAS
from tasks.nlp import lemma

if TYPE_CHECKING:
    from tasks.quotes.document import Document


def is_cue(token: Token) -> bool:
    """A verb of saying, or the idiom 'put it' ("as X put it")."""
    if not token.tag_.startswith("VB"):
        return False
    base = lemma(token)
    return base in SPEECH_LEMMAS or (
        base == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    )


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject; conjoined or participle verbs share their head verb's subject."""
    for child in verb.children:
        if child.dep_ == "nsubj" or (depth and child.dep_ == "nsubjpass"):
            return child
    if depth < 3 and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        return subject(verb.head, depth + 1)
    return None


def find_cue(tokens: Iterable[Token], doc: Document, any_verb: bool = False) -> Token | None:
    """First verb of saying (or, with `any_verb`, any verb) outside quotes with a subject."""
    for token in tokens:
        cue = is_cue(token) or (any_verb and token.pos_ == "VERB")
        if cue and not doc.in_quote(token.idx) and subject(token) is not None:
            return token
    return None
