"""Where a reported content ends: the writer's words after it (a second statement, a gloss,
a contrast, an afterthought after a dash) and a conjunction left dangling stay out of it."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.extract.quotes.cues import is_cue
from tasks.extract.quotes.marks import trim
from tasks.extract.quotes.spans import Span
from tasks.text.lexicon import CONTRAST_MARKS

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document

_DASHES = frozenset({"—", "–", "―", "--", "-"})
_PAUSES = _DASHES | {","}
_GLOSSES = frozenset({"appos", "dobj", "npadvmod"})  # where the parse hangs a gloss
_FINITE = frozenset({"VBD", "VBZ", "VBP"})  # "says", "said": a verb with a tense of its own
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# A quote that ends a sentence, then a new sentence: 'did not “use it much.” According to ...'.
_QUOTED_SENTENCE_END = re.compile(r"[.?!](?:''|[”\"])(?=\s+[A-Z])")
CLAUSE_TOKENS = 3  # the shortest content: fewer tokens say too little to be a statement


def _lead_in(token: Token, doc: Document) -> Token:
    """The first of the commas, dashes and conjunctions right before `token`'s phrase."""
    first, tokens = token.left_edge, doc.all_tokens
    while first.i > 0 and (tokens[first.i - 1].is_punct or tokens[first.i - 1].dep_ == "cc"):
        first = tokens[first.i - 1]
    return first


def _after_pause(token: Token, doc: Document) -> bool:
    """Whether `token`'s phrase follows a comma or a dash ("..., while ...")."""
    left = token.left_edge
    return left.i > 0 and doc.all_tokens[left.i - 1].text in _PAUSES


def _is_dash(token: Token, doc: Document) -> bool:
    """A dash standing between spaces (not the hyphen of "so-called")."""
    before = doc.text[token.idx - 1 : token.idx]
    return token.text in _DASHES and bool(token.whitespace_) and before.isspace()


def _lone_dash(before: int, dashes: int) -> bool:
    """Whether the dash with `before` dashes ahead of it in the content (of `dashes` from the
    content's start to its sentence's end) stands alone: it closes no aside opened inside the
    content ("voters - who ... - voted") and opens none (no dash follows). A lone dash ends
    the content: the writer's afterthought, or the end of an aside the content sat in."""
    return before % 2 == 0 and before == dashes - 1


def _stop(token: Token, last: Token, doc: Document) -> Token | None:
    """The token before which a content ending at `last` ends when `token` follows the
    content's head word (dashes are `_content_end`'s: see `_lone_dash`).

    A second finite verb of saying conjoined ("says A and says B") starts another
    attribution; a participle after a comma (", referring to ...", ", adding that ..."), a
    contrast clause with its own subject (", while most voters ...", ", even as he ...") and
    a relative clause after a comma that runs to the end (", which is a departure from ...")
    are the writer's, not the speaker's.
    """
    if token.dep_ == "conj" and token.tag_ in _FINITE and is_cue(token):
        return _lead_in(token, doc)
    if not _after_pause(token, doc):
        return None
    if token.dep_ == "relcl" and token.right_edge.i >= last.i - 1:
        return _lead_in(token, doc)
    if _comment(token) and token.right_edge.i >= last.i - 1:
        return _lead_in(token, doc)
    if token.dep_ != "advcl":
        return None
    contrast = any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in token.children)
    own_subject = any(c.dep_ in _SUBJECTS for c in token.children)
    return _lead_in(token, doc) if token.tag_ == "VBG" or (contrast and own_subject) else None


def _comment(token: Token) -> bool:
    """'..., a swipe at his rival' / '..., a requirement that ...': an indefinite noun phrase
    after a comma, set beside the clause or a common noun of it, is the writer's gloss on
    what was said (a person's description, beside a name, is not: "Ana Diaz, a lawyer")."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ in _GLOSSES
        and token.left_edge.lower_ in ("a", "an")
        and token.head.pos_ != "PROPN"
    )


def _content_end(first: Token, last: Token, doc: Document) -> int:
    """End of the content over first..last: the first lone dash (`_lone_dash`) or stop
    (`_stop`) after its head word, outside quote marks."""
    words = doc.all_tokens[first.i : last.i + 1]
    head = next((t for t in words if t.head.i == t.i or not first.i <= t.head.i <= last.i), first)
    dashes = [t.i for t in doc.all_tokens[first.i : last.sent.end] if _is_dash(t, doc)]
    for token in doc.all_tokens[head.i + 1 : last.i + 1]:
        if doc.in_quote(token.idx):
            continue
        if _is_dash(token, doc):
            if _lone_dash(bisect.bisect_left(dashes, token.i), len(dashes)):
                return token.idx
            continue
        stop = _stop(token, last, doc)
        if stop is not None:
            return stop.idx
    return last.idx + len(last)


def span_of(tokens: list[Token], doc: Document, least: int = CLAUSE_TOKENS) -> Span | None:
    """Trimmed character span over `tokens` (no leading 'that'), if it holds `least`
    tokens or more."""
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    if first.dep_ == "mark" and first.lower_ == "that" and first.i < last.i:
        first = doc.all_tokens[first.i + 1]
    start, end = first.idx, _content_end(first, last, doc)
    # A nested "he claimed that" ends the content.
    for inner in doc.all_tokens[first.i : last.i + 1]:
        if not is_cue(inner) or inner.dep_ == "ccomp" or doc.in_quote(inner.idx):
            continue
        own_subject = next((c for c in inner.children if c.dep_ == "nsubj"), None)
        if own_subject is not None and own_subject.idx > start:
            end = min(end, own_subject.left_edge.idx)
    start, end = trim(doc.text, *doc.whole_quotes(start, _before_dangling(start, end, doc)))
    end = _sentence_end(start, end, doc)
    return (start, end) if len(doc.tokens(start, end)) >= least else None


def _sentence_end(start: int, end: int, doc: Document) -> int:
    """`end` moved to the close of a quote that ends a sentence inside the content, when a new
    sentence follows: the parser joined them, but the writer's next sentence is not said."""
    found = _QUOTED_SENTENCE_END.search(doc.text, start, end)
    return found.end() if found else end


def _before_dangling(start: int, end: int, doc: Document) -> int:
    """`end` moved before a conjunction the content ends on ("they were worried, and"): the
    clause it joins was cut off as another attribution, so the conjunction joins nothing."""
    words = doc.tokens(start, end)
    last = len(words) - 1
    while last > 0 and (words[last].dep_ == "cc" or words[last].is_punct):
        last -= 1
    if last == len(words) - 1 or not any(w.dep_ == "cc" for w in words[last + 1 :]):
        return end
    return words[last].idx + len(words[last])
