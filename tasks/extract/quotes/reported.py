"""Reported speech: what a verb of saying reports ("X argued that ..."), "according to X",
and partial quotes hung on a verb ('X called Y a “disgrace”').

What a cue reports comes from the first strategy in `CONTENT` that finds it: a new pattern is
one function and one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from spacy.tokens import Token

from tasks.extract.quotes.boundaries import CLAUSE_TOKENS, span_of
from tasks.extract.quotes.clauses import asked, called_for, venue_clause
from tasks.extract.quotes.cues import is_cue, is_not_speech, subject
from tasks.extract.quotes.document import Document
from tasks.extract.quotes.marks import Marked, trim
from tasks.extract.quotes.people import SUBJECTS
from tasks.extract.quotes.spans import Span, Spans
from tasks.extract.quotes.speakers import Speaker, speaker_from_cue, speaker_of
from tasks.text.lexicon import (
    ADDRESSEE_VERBS,
    CLAUSE_ONLY_LEMMAS,
    NOUN_CUES,
    PREP_CONTENT,
    VENUE_PREPOSITIONS,
)
from tasks.text.nlp import lemma, lemma_in

_COMPLEMENTS = frozenset({"dobj", "xcomp", "oprd", "ccomp"})
_NOT_CONTENT = frozenset({"punct", "cc", "conj", "parataxis"})
_SPEAKING = frozenset({"NORP", "PERSON", "ORG"})  # entity labels that can own a claim
# An object can be shorter than a clause (CLAUSE_TOKENS): "announced [his candidacy]".
OBJECT_TOKENS = 2
SCARE_WORDS = 2  # a quote this short under a verb that is not of saying is a scare quote


def _reports(token: Token) -> bool:
    """True for a cue with a subject and a clause of its own: an attribution in itself."""
    return (
        is_cue(token)
        and subject(token) is not None
        and any(c.dep_ == "ccomp" for c in token.children)
    )


# --- what a cue reports: strategies, tried in order ----------------------------------------


def aside(cue: Token, doc: Document) -> list[Span]:
    """'..., as X put it' / '..., X said, ...': an attribution hung on the verb it reports;
    the content is that verb's words on both sides of the aside ("The plan, she said, is
    dead": two pieces of one statement). A cue with a clause of its own ("As X announced that
    ..., Y") or an object of its own ("just as X announced a concert") reports that instead."""
    if cue.head.i == cue.i or cue.head.pos_ not in ("VERB", "AUX"):
        return []
    as_clause = cue.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
    )
    if not (cue.dep_ == "parataxis" or as_clause) or any(c.dep_ == "ccomp" for c in cue.children):
        return []
    if as_clause and _reports_object(cue):
        return []
    around = [t for t in cue.head.subtree if not cue.left_edge.i <= t.i <= cue.right_edge.i]
    left = [t for t in around if t.i < cue.left_edge.i and t.lower_ != "as"]
    right = [t for t in around if t.i > cue.right_edge.i]
    return [span for side in (left, right) if side and (span := span_of(side, doc)) is not None]


def _reports_object(cue: Token) -> bool:
    """'just as X announced [a concert]': a cue with an object of its own reports it, not
    the sentence around it (unlike "as X put it", "as X told reporters")."""
    return lemma(cue) not in ADDRESSEE_VERBS and any(
        c.dep_ == "dobj" and c.pos_ != "PRON" for c in cue.children
    )


def clause(cue: Token, doc: Document) -> list[Span]:
    """'X argued that ...': the cue's clause.

    The parser sometimes hangs two clauses (or another attribution) under one cue: the
    clauses on the side of the nearest one are merged, attributions of their own skipped. A
    cue inside its clause ("which critics said was unfair") keeps the clause's words on the
    clause's side of it.
    """
    clauses = [
        c
        for c in cue.children
        if (c.dep_ == "ccomp" or asked(cue, c) or called_for(cue, c)) and not _reports(c)
    ]
    clauses = clauses or venue_clause(cue)
    if not clauses:
        return []
    nearest = min(clauses, key=lambda c: abs(c.i - cue.i))
    after = nearest.i > cue.i
    side = [c for c in clauses if (c.i > cue.i) == after]
    if after:  # "said X, when it comes to Y": trailing clauses belong to X
        last = max(side, key=lambda c: c.i)
        side += [
            c for c in cue.rights if c.i > last.i and c.dep_ in ("advcl", "prep") and not is_cue(c)
        ]
        side += _continuations(cue, last, doc)
    tokens = [t for c in side for t in c.subtree if (t.i > cue.i) == after]
    if after and tokens:
        tokens += _after_colon(cue, max(tokens, key=lambda t: t.i), doc)
    return _pieces(tokens, doc)


def _after_colon(cue: Token, last: Token, doc: Document) -> list[Token]:
    """'X argued that A: B': the parse makes the clause after the colon the sentence's root,
    with the cue under it, but B spells out what X argued (the colon introduces it). A quote
    right after the colon ('A: “B”') is a row of its own."""
    colon = last.i + 1
    governor = cue.head
    if cue.dep_ not in ("ccomp", "parataxis") or colon + 1 >= governor.i:
        return []
    tokens = doc.all_tokens
    if tokens[colon].text != ":" or tokens[colon + 1].is_quote or subject(governor) is None:
        return []
    return [t for t in governor.subtree if t.i > colon]


def _continuations(cue: Token, last: Token, doc: Document) -> list[Token]:
    """'X said [A], and [that B]' / 'but [“B”]': a clause the parser hangs on the cue after
    its content (as if X did B) goes on with what X said where the writer marks it as X's,
    with "that", or with quote marks after "but"; without them ("but the campaign refused")
    it is the writer's narration."""
    but = any(c.dep_ == "cc" and c.lower_ == "but" and c.i > last.i for c in cue.children)
    return [
        c
        for c in cue.rights
        if c.dep_ == "conj"
        and c.i > last.i
        and not is_cue(c)
        and (_has_that(c) or (but and any(doc.in_quote(t.idx) for t in c.subtree)))
    ][:1]


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def complement(cue: Token, doc: Document) -> list[Span]:
    """'called [X a disgrace]', 'urged [X to leave]', 'called for [X]', 'announced [the
    arrest]': the cue's object and complements (not the listener of 'told reporters'). A
    verb that also means taking or keeping reports only a clause: "claimed the nomination"
    and "maintained a lead" are not speech."""
    base = lemma(cue)
    complements = [
        child
        for child in cue.rights
        if (child.dep_ in _COMPLEMENTS and not (child.dep_ == "dobj" and base in ADDRESSEE_VERBS))
        or (child.dep_ == "prep" and child.lower_ in PREP_CONTENT.get(base, ()))
    ]
    if not complements or subject(cue) is None:
        return []
    if base in CLAUSE_ONLY_LEMMAS and all(c.dep_ in ("dobj", "prep") for c in complements):
        return []
    complements += _object_phrases(cue, complements, doc)
    return _pieces([t for c in complements for t in c.subtree], doc, OBJECT_TOKENS)


def _object_phrases(cue: Token, complements: list[Token], doc: Document) -> list[Token]:
    """'described [the plan] [as a betrayal]': an "as" phrase the parser hangs on the verb
    after its object says what the object was called, so it was said too. One with a quote
    in it is left out (the quote may run on as a statement of its own: 'described it as
    “awful. ... It hurts,” he said'), and so is one going on into a clause of its own ('as
    a leader who ...'): a description the writer adds, not only what the object was called."""
    if not any(c.dep_ == "dobj" for c in complements):
        return []
    last = max(c.i for c in complements)
    return [
        c
        for c in cue.rights
        if c.i > last
        and c.dep_ == "prep"
        and c.lower_ == "as"
        and not doc.quoted_between(*_extent(c))
        and not any(t.dep_ == "relcl" for t in c.subtree)
    ]


def _pieces(tokens: list[Token], doc: Document, least: int = CLAUSE_TOKENS) -> list[Span]:
    """The content over `tokens` as a list of at most one span."""
    span = span_of(tokens, doc, least) if tokens else None
    return [span] if span is not None else []


Content = Callable[[Token, Document], list[Span]]
CONTENT: tuple[Content, ...] = (aside, clause, complement)


def content_of(cue: Token, doc: Document) -> list[Span]:
    """Character spans of what a cue reports (one, or the pieces around an aside): the
    first strategy that finds any."""
    return next(filter(None, (strategy(cue, doc) for strategy in CONTENT)), [])


def according_to(doc: Document) -> list[tuple[Token, Token, Span]]:
    """(cue, source, content) for every 'according to X' outside quotes: its sentence on the
    side of the verb the phrase hangs on (`_vouched`), else the longer side."""
    found = []
    for token in doc.all_tokens:
        if token.lower_ != "according" or doc.in_quote(token.idx):
            continue
        to = token.nbor(1) if token.i + 1 < len(doc.doc) else None
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            continue
        sentence = doc.sentence_at(token.idx)
        phrase_end = source.right_edge.idx + len(source.right_edge)
        sides = (
            trim(doc.text, sentence.start, token.idx),
            trim(doc.text, phrase_end, sentence.end),
        )
        held = _vouched(token, sides)
        contents = held or [max(sides, key=lambda span: span[1] - span[0])]
        found += [(token, source, span) for span in contents if span[1] - span[0] > 0]
    return found


def _vouched(according: Token, sides: tuple[Span, Span]) -> list[Span]:
    """The sides of 'according to X' (before, after) that hold the verb it hangs on or that
    verb's subject: "Prices will rise, according to X, but [the bank vowed ...]" vouches for
    the side before; "Most voters, according to X, back the plan" for both."""
    verb = according.head
    if according.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
        return []
    subject = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    held = [t.idx for t in (verb, subject) if t is not None]
    return [side for side in sides if any(side[0] <= at < side[1] for at in held)]


def _said_clause(noun: Token) -> Token | None:
    """The clause a noun of saying holds: "claim [that X]", "call [to do X]", "call [for X]"."""
    for child in noun.rights:
        marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "aux")}
        if child.dep_ in ("acl", "ccomp", "relcl") and marks & {"that", "to"}:
            return child
        if child.dep_ == "prep" and child.lower_ == "for":
            return child
    return None


def _owner(noun: Token) -> Token | None:
    """Who a noun of saying belongs to: "[his] claim", "the claim [by X]", "calls [from X]",
    "[Republican] calls", or who makes it: "[X] issued a warning that ..."."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    by = (
        p
        for c in noun.rights
        if c.dep_ == "prep" and c.lower_ in ("by", "from")
        for p in c.children
        if p.dep_ == "pobj"
    )
    named = (
        c
        for c in noun.lefts
        if c.dep_ in ("compound", "amod") and (c.pos_ == "PROPN" or c.ent_type_ in _SPEAKING)
    )
    maker = (c for c in noun.head.children if c.dep_ == "nsubj" and noun.dep_ == "dobj")
    return owner or next(by, None) or next(named, None) or next(maker, None)


def noun_cues(doc: Document) -> list[tuple[Token, Token, Span]]:
    """(cue, source, content) for every noun of saying with an owner and a clause: "his claim
    that ...", "Trump's call to ban ...", "the accusation by X that ..."."""
    found = []
    for token in doc.all_tokens:
        if token.pos_ != "NOUN" or not lemma_in(token, NOUN_CUES) or doc.in_quote(token.idx):
            continue
        source = _owner(token)
        clause = _said_clause(token)
        if source is None or clause is None:
            continue
        tokens = [t for t in clause.subtree if not (clause.dep_ == "prep" and t is clause)]
        content = span_of(tokens, doc) if tokens else None
        if content is not None:
            found.append((token, source, content))
    return found


def reported(doc: Document) -> list[tuple[Token, Span, Speaker | None]]:
    """(cue, content, speaker) of every verb of saying, 'according to' and noun of saying
    outside quotes."""
    found = [
        (token, content, speaker_from_cue(doc, token))
        for token in doc.all_tokens
        if is_cue(token) and not doc.in_quote(token.idx)
        for content in content_of(token, doc)
    ]
    found += [
        (cue, content, speaker_of(doc, cue, source))
        for cue, source, content in [*according_to(doc), *noun_cues(doc)]
    ]
    return found


def _governing_verb(marked: Marked, doc: Document) -> Token | None:
    """The verb outside the quote that governs it: the nearest verb of saying with a subject,
    else the nearest other verb with a subject ("slammed the “rigged” system"), never a
    copular or aspectual one ("is", "continues", "wants"). A verb of saying does not govern
    a quote in its own subject: 'Hale, host of “The Hour,” said ...' names who speaks."""
    inside = doc.span(marked.start, marked.end)
    if not len(inside):
        return None
    path = [inside.root]
    while path[-1].head.i != path[-1].i and len(path) < 10:
        path.append(path[-1].head)
    governing = [
        verb
        for below, verb in pairwise(path)
        if verb.pos_ in ("VERB", "AUX")
        and not doc.in_quote(verb.idx)
        and (head := subject(verb)) is not None
        and not doc.in_quote(head.idx)
        and not (below.dep_ in SUBJECTS and is_cue(verb))
    ]
    said = [verb for verb in governing if is_cue(verb)]
    other = [verb for verb in governing if not is_not_speech(verb)]
    found = said or other
    return found[0] if found else None


def _venue(marked: Marked, verb: Token, doc: Document) -> bool:
    """A quote naming where a verb of saying was said, not what: 'said on “Morning Coffee”',
    'told “This Week”' (a venue preposition that holds none of the verb's content, or the
    verb's listener)."""
    inside = doc.span(marked.start, marked.end)
    if not is_cue(verb) or not len(inside):
        return False
    root = inside.root
    child = next((c for c in verb.children if c.left_edge.i <= root.i <= c.right_edge.i), None)
    base = lemma(verb)
    if child is None:
        return False
    if child.dep_ == "npadvmod":  # "[Tuesday on “This Week”], she said": the venue of a day
        child = next(
            (c for c in child.children if c.left_edge.i <= root.i <= c.right_edge.i), child
        )
    if child.dep_ == "prep":
        return child.lower_ in VENUE_PREPOSITIONS and child.lower_ not in PREP_CONTENT.get(base, ())
    return child.dep_ == "dobj" and base in ADDRESSEE_VERBS


def _scare_quote(marked: Marked, verb: Token, doc: Document) -> bool:
    """A word or two in quote marks under a verb that is not of saying ('fooled voters who
    think she “endorses” it'): the writer's distance, not anyone's words."""
    words = [t for t in doc.tokens(marked.start, marked.end) if t.is_alpha]
    return not is_cue(verb) and len(words) <= SCARE_WORDS


def _extent(token: Token) -> Span:
    right = token.right_edge
    return token.left_edge.idx, right.idx + len(right)


def orphan_partials(
    partial: list[Marked], taken: Spans, doc: Document
) -> list[tuple[Span, Speaker | None]]:
    """Partial quotes outside any reported clause: 'X called Y a “disgrace”'.

    The row is what the governing verb says (its words after the verb) and the speaker is
    that verb's subject; a partial quote no verb with a subject governs (a title), a scare
    quote of a word or two under a verb that is not of saying, or the name of where it was
    said ('said on “Morning Coffee”') is left out.
    """
    rows = []
    for marked in partial:
        if taken.overlaps((marked.start, marked.end)):
            continue
        verb = _governing_verb(marked, doc)
        if verb is None or _venue(marked, verb, doc):
            continue
        tokens = [
            t
            for child in verb.rights
            if child.dep_ not in _NOT_CONTENT and not taken.overlaps(_extent(child))
            for t in child.subtree
        ]
        span = span_of(tokens, doc) if tokens else None
        if span is None or not span[0] <= marked.start < span[1]:
            if _scare_quote(marked, verb, doc):
                continue
            span = trim(doc.text, marked.start, marked.end)
        if span[0] < span[1]:
            rows.append((span, speaker_from_cue(doc, verb)))
            taken.add(span)
    return rows
