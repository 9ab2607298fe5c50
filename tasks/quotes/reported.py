"""Reported speech: what a verb of saying reports ("X argued that ..."), "according to X",
and partial quotes hung on a verb ('X called Y a “disgrace”').

What a cue reports comes from the first strategy in `CONTENT` that finds it: a new pattern is
one function and one line there.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from tasks.lexicon import ADDRESSEE_VERBS, PREP_COMPLEMENTS, PREP_VERBS
from tasks.nlp import lemma
from tasks.quotes.cues import is_cue, is_not_speech, subject
from tasks.quotes.document import Document
from tasks.quotes.marks import Marked, trim
from tasks.quotes.spans import Span, Spans
from tasks.quotes.speakers import Speaker, speaker_from_cue, speaker_of

_COMPLEMENTS = frozenset({"dobj", "xcomp", "oprd", "ccomp"})
_NOT_CONTENT = frozenset({"punct", "cc", "conj", "parataxis"})


def _reports(token: Token) -> bool:
    """True for a cue with a subject and a clause of its own: an attribution in itself."""
    return (
        is_cue(token)
        and subject(token) is not None
        and any(c.dep_ == "ccomp" for c in token.children)
    )


def span_of(tokens: list[Token], doc: Document) -> Span | None:
    """Trimmed character span over `tokens` (no leading 'that'), if it holds 3+ tokens."""
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    if first.dep_ == "mark" and first.lower_ == "that" and first.i < last.i:
        first = doc.doc[first.i + 1]
    start, end = first.idx, last.idx + len(last)
    for inner in doc.doc[first.i : last.i + 1]:  # a nested "he claimed that" ends the content
        if not is_cue(inner) or inner.dep_ == "ccomp" or doc.in_quote(inner.idx):
            continue
        own_subject = next((c for c in inner.children if c.dep_ == "nsubj"), None)
        if own_subject is not None and own_subject.idx > start:
            end = min(end, own_subject.left_edge.idx)
    start, end = trim(doc.text, *doc.whole_quotes(start, end))
    return (start, end) if len(doc.tokens(start, end)) >= 3 else None


# --- what a cue reports: strategies, tried in order ----------------------------------------


def aside(cue: Token, doc: Document) -> Span | None:
    """'..., as X put it' / '..., X said, ...': an attribution hung on the verb it reports;
    the content is that verb's words on the longer side of the aside."""
    if cue.head is cue or cue.head.pos_ not in ("VERB", "AUX"):
        return None
    as_clause = cue.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
    )
    if not (cue.dep_ == "parataxis" or as_clause):
        return None
    around = [t for t in cue.head.subtree if not cue.left_edge.i <= t.i <= cue.right_edge.i]
    left = [t for t in around if t.i < cue.left_edge.i and t.lower_ != "as"]
    right = [t for t in around if t.i > cue.right_edge.i]
    side = max(left, right, key=len)
    return span_of(side, doc) if side else None


def clause(cue: Token, doc: Document) -> Span | None:
    """'X argued that ...': the cue's clause.

    The parser sometimes hangs two clauses (or another attribution) under one cue: the
    clauses on the side of the nearest one are merged, attributions of their own skipped.
    """
    clauses = [c for c in cue.children if c.dep_ == "ccomp" and not _reports(c)]
    if not clauses:
        return None
    nearest = min(clauses, key=lambda c: abs(c.i - cue.i))
    side = [c for c in clauses if (c.i > cue.i) == (nearest.i > cue.i)]
    if nearest.i > cue.i:  # "said X, when it comes to Y": trailing clauses belong to X
        last = max(side, key=lambda c: c.i)
        side += [
            c for c in cue.rights if c.i > last.i and c.dep_ in ("advcl", "prep") and not is_cue(c)
        ]
    return span_of([t for c in side for t in c.subtree], doc)


def complement(cue: Token, doc: Document) -> Span | None:
    """'called [X a disgrace]', 'urged [X to leave]', 'called for [X]', 'announced [the
    arrest]': the cue's object and complements (not the listener of 'told reporters')."""
    base = lemma(cue)
    complements = [
        child
        for child in cue.rights
        if (child.dep_ in _COMPLEMENTS and not (child.dep_ == "dobj" and base in ADDRESSEE_VERBS))
        or (child.dep_ == "prep" and child.lower_ in PREP_COMPLEMENTS and base in PREP_VERBS)
    ]
    if not complements or subject(cue) is None:
        return None
    return span_of([t for c in complements for t in c.subtree], doc)


Content = Callable[[Token, Document], Span | None]
CONTENT: tuple[Content, ...] = (aside, clause, complement)


def content_of(cue: Token, doc: Document) -> Span | None:
    """Character span of what a cue reports: the first strategy that finds it."""
    return next(filter(None, (strategy(cue, doc) for strategy in CONTENT)), None)


def according_to(doc: Document) -> list[tuple[Token, Token, Span]]:
    """(cue, source, content) for every 'according to X' outside quotes."""
    found = []
    for token in doc.doc:
        if token.lower_ != "according" or doc.in_quote(token.idx):
            continue
        to = token.nbor(1) if token.i + 1 < len(doc.doc) else None
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            continue
        sentence = doc.sentence_at(token.idx)
        phrase_end = source.right_edge.idx + len(source.right_edge)
        before = trim(doc.text, sentence.start, token.idx)
        after = trim(doc.text, phrase_end, sentence.end)
        content = max(before, after, key=lambda span: span[1] - span[0])
        if content[1] - content[0] > 0:
            found.append((token, source, content))
    return found


def reported(doc: Document) -> list[tuple[Token, Span, Speaker | None]]:
    """(cue, content, speaker) of every verb of saying and 'according to' outside quotes."""
    found = []
    for token in doc.doc:
        if is_cue(token) and not doc.in_quote(token.idx):
            content = content_of(token, doc)
            if content is not None:
                found.append((token, content, speaker_from_cue(doc, token)))
    found += [
        (cue, content, speaker_of(doc, cue, source)) for cue, source, content in according_to(doc)
    ]
    return found


def _governing_verb(marked: Marked, doc: Document) -> Token | None:
    """The verb outside the quote that governs it: the nearest verb of saying with a subject,
    else the nearest other verb with a subject ("slammed the “rigged” system"), never a
    copular or aspectual one ("is", "continues", "wants")."""
    inside = doc.tokens(marked.start, marked.end)
    if not len(inside):
        return None
    path = [inside.root]
    while path[-1].head is not path[-1] and len(path) < 10:
        path.append(path[-1].head)
    governing = [
        verb
        for verb in path[1:]
        if verb.pos_ in ("VERB", "AUX")
        and not doc.in_quote(verb.idx)
        and (head := subject(verb)) is not None
        and not doc.in_quote(head.idx)
    ]
    said = [verb for verb in governing if is_cue(verb)]
    other = [verb for verb in governing if not is_not_speech(verb)]
    found = said or other
    return found[0] if found else None


def _extent(token: Token) -> Span:
    right = token.right_edge
    return token.left_edge.idx, right.idx + len(right)


def orphan_partials(
    partial: list[Marked], taken: Spans, doc: Document
) -> list[tuple[Span, Speaker | None]]:
    """Partial quotes outside any reported clause: 'X called Y a “disgrace”'.

    The row is what the governing verb says (its words after the verb) and the speaker is
    that verb's subject; a partial quote no verb with a subject governs (a scare quote, a
    title) is left out.
    """
    rows = []
    for marked in partial:
        if taken.overlaps((marked.start, marked.end)):
            continue
        verb = _governing_verb(marked, doc)
        if verb is None:
            continue
        tokens = [
            t
            for child in verb.rights
            if child.dep_ not in _NOT_CONTENT and not taken.overlaps(_extent(child))
            for t in child.subtree
        ]
        span = span_of(tokens, doc) if tokens else None
        if span is None or not span[0] <= marked.start < span[1]:
            span = trim(doc.text, marked.start, marked.end)
        if span[0] < span[1]:
            rows.append((span, speaker_from_cue(doc, verb)))
            taken.add(span)
    return rows
