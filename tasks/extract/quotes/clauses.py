"""Where the parse hangs the clause a verb of saying reports, besides its own ccomp: an "if"
clause of a verb of asking, a "for" clause of a verb of calling, and a that-clause hung on the
noun of where it was said."""

from __future__ import annotations

from spacy.tokens import Token

from tasks.text.lexicon import PREP_CONTENT, QUESTION_LEMMAS, QUESTION_MARKS
from tasks.text.nlp import lemma


def asked(cue: Token, child: Token) -> bool:
    """An "if" or "whether" clause of a verb of asking: "asked workers [if they planned to
    come]"."""
    return (
        child.dep_ == "advcl"
        and lemma(cue) in QUESTION_LEMMAS
        and any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in child.children)
    )


def called_for(cue: Token, child: Token) -> bool:
    """A "for" clause of a verb whose content can follow "for": "called [for the governor to
    resign]" (the parse makes "for" the mark of a clause with its own subject)."""
    return (
        child.dep_ == "advcl"
        and "for" in PREP_CONTENT.get(lemma(cue), ())
        and any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children)
    )


def venue_clause(cue: Token) -> list[Token]:
    """The that-clause the parser hangs on the noun of where something was said, not on the
    verb saying it: "said in a statement [that the donations were legal]"."""
    return [
        clause
        for prep in cue.rights
        if prep.dep_ == "prep"
        for noun in prep.children
        if noun.dep_ == "pobj"
        for clause in noun.rights
        if clause.dep_ in ("acl", "ccomp")
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    ][:1]
