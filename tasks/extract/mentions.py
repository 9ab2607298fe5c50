"""A named mention and the name arithmetic every later stage shares: a name's identifying
words, whether one name can be a shorter form of another, an organisation's short forms, the
pronoun that follows a name. Kept apart from entity extraction so quote attribution and
linking name them without importing the extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tasks.text.aliases import Alias, alias_key
from tasks.text.lexicon import (
    GENDERED_PRONOUNS,
    HONORIFIC,
    NAME_SUFFIXES,
)

if TYPE_CHECKING:  # linking imports this module in the orchestrator, which never parses
    from spacy.tokens import Span, Token

_INITIALS = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]")
_POSSESSIVE = re.compile(r"(?:['’‘]s|['’])$")
_TRAILING_NON_WORDS = re.compile(r"(?:\s+[^\sA-Za-z]+)+$")  # "Lucia Ferreira 6-4"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    name: str
    sentence_index: int
    entity_name: str = ""
    entity_id: str = ""


def normalise(text: str) -> str:
    """The name inside a mention: no leading article, honorific, trailing possessive or
    editor's bracket ("[Gov. Ana] Ruiz" quoted is Ana Ruiz)."""
    text = re.sub(r"^the\s+", "", text.strip().replace("[", "").replace("]", ""), flags=re.I)
    text = _POSSESSIVE.sub("", HONORIFIC.sub("", text)).strip()
    return _TRAILING_NON_WORDS.sub("", text)


@lru_cache(maxsize=1 << 16)  # linking a date asks again for the same few thousand names
def name_words(name: str) -> tuple[str, ...]:
    """The words that identify a person's name: no honorific ("Mr."), initials ("J.") or
    generational suffix ("Jr."), case-folded. "Joseph R. Okafor Jr." -> ("joseph", "okafor")."""
    words = [alias_key(w) for w in (normalise(name) or name).replace(",", " ").split()]
    kept = [w for w in words if w.rstrip(".") not in NAME_SUFFIXES and not is_initial(w)]
    return tuple(kept or words)


def is_initial(word: str) -> bool:
    """'J.', 'J' or 'H.W.': initials, not names."""
    return bool(_INITIALS.fullmatch(word))


def same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether name words `short` can be a shorter form of `full`: its surname or first name
    ("Lindqvist", "Vera"), the same words, the same first and last ("Vera Lindqvist" for
    "Vera Moss Lindqvist"), or the first of two surnames ("Ms. Acosta" for "Marta Acosta
    Ferlin")."""
    if len(short) > len(full):
        return False
    n = len(short)
    return (
        full[-n:] == short
        or full[:n] == short
        or (n > 1 and (short[0], short[-1]) == (full[0], full[-1]))
        or (n == 1 and short[0] in full[1:-1])
    )


def organisation_names(keys: list[str], aliases: dict[str, Alias]) -> dict[str, str]:
    """Map an organisation's short form to its full name in the document: an acronym of
    the full name's capitalised words ("AROS" for "Alliance to Reclaim Our Schools"), or its
    last words ("the Times" for "The Harbour Times", "the Daily News" for "the Springfield
    Daily News"), when exactly one full name fits. Names the alias table knows keep their
    own."""
    names = set(keys)
    found: dict[str, str] = {}
    for key in names:
        if alias_key(key) in aliases:
            continue
        words, letters = key.split(), key.replace(".", "")
        if len(words) == 1 and letters.isupper() and 2 <= len(letters) <= 6:
            fits = [f for f in names if len(f.split()) > 1 and _acronym(f) == letters]
        else:
            fits = [f for f in names if len(f.split()) > len(words) and _ends_with(f, words)]
        fullest = [f for f in fits if not any(g != f and _ends_with(g, f.split()) for g in fits)]
        if len(fullest) == 1:
            found[key] = fullest[0]
    return found


def _ends_with(name: str, words: list[str]) -> bool:
    return name.split()[-len(words) :] == words


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def set_off(name: Span, noun: Token) -> bool:
    """Whether a noun the parse puts in apposition with a name is one: after the name, or
    before it set off by a comma ("his wife, Ana Ruiz"); "the woman Ana Ruiz hired" is no
    apposition, whatever the parse says."""
    return noun.i >= name.end or (name.start > 0 and name.doc[name.start - 1].text == ",")


def pronoun_after(span: Span, named: set[int]) -> str | None:
    """Gender of the first gendered pronoun after `span` in its sentence ("n" for "its"),
    unless another person is named between them (`named`: their characters) or a quotation
    mark stands between them: in "“Vera should do what she wants,” he said", "she" is
    Vera and "he" is not."""
    for token in span.doc[span.end :]:
        if token.is_sent_start or token.idx in named or token.is_quote:
            return None
        if token.lower_ in GENDERED_PRONOUNS:
            return GENDERED_PRONOUNS[token.lower_]
    return None
