"""All quotes of one document: direct quotes first, then reported speech around them (a
statement reported inside another's is a row of its own: "X said Y argued that Z"), then
partial quotes no reported clause holds; then pronoun and role speakers are resolved in text
order, and follow-on quotes keep their speaker."""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Any, NamedTuple

from spacy.tokens import Doc, Token

from tasks.extract.mentions import Mention
from tasks.extract.quotes.direct import attribute, full_quote_groups, paraphrased_tail
from tasks.extract.quotes.document import Document
from tasks.extract.quotes.marks import Marked, balanced, trim
from tasks.extract.quotes.model import Kind, Quote
from tasks.extract.quotes.people import SUBJECTS, mention_span
from tasks.extract.quotes.references import resolve
from tasks.extract.quotes.reported import orphan_partials, reported
from tasks.extract.quotes.spans import Span, Spans
from tasks.extract.quotes.speakers import Speaker
from tasks.text.nlp import lemma
from tasks.text.parts import Block, Sentence

# The outlet's own summary: a quote there restates one of the body (see schema: headline).
HEADLINE_PARTS = frozenset({"title", "standfirst"})
_SPEAKER_FIELDS = (
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_name",
    "speaker_label",
    "speaker_entity_id",
    "cue",
    "cue_lemma",
)


class Found(NamedTuple):
    """A quote before its row is built: content span, kind and speaker."""

    start: int
    end: int
    kind: Kind
    speaker: Speaker | None
    nested: bool = False  # reported inside another speaker's content


def _row(doc: Document, found: Found) -> Quote:
    start, end, speaker = found.start, found.end, found.speaker
    if found.kind != "direct":  # a direct quote's text is inside its marks by definition
        start, end = balanced(doc.text, start, end)
    sentence = doc.sentence_at(start)
    return Quote(
        start=start,
        end=end,
        text=doc.text[start:end],
        kind=found.kind,
        **_speaker_columns(speaker),
        headline=sentence.part in HEADLINE_PARTS,
        paragraph_index=sentence.paragraph_index,
        sentence_index=sentence.sentence_index,
    )


def _speaker_columns(speaker: Speaker | None) -> dict[str, Any]:
    """A quote's columns of `_SPEAKER_FIELDS` for `speaker` (all None for nobody)."""
    cue = speaker.cue if speaker else None
    return {
        "speaker": speaker.text if speaker else None,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_label": speaker.label if speaker else None,
        "speaker_entity_id": speaker.entity_id if speaker else None,
        "cue": cue.text if cue is not None else None,
        "cue_lemma": lemma(cue) if cue is not None else None,
    }


def _direct_quotes(doc: Document) -> tuple[list[Found], list[Marked]]:
    """Full quotes (speaker where the text gives one), and the partial ones left over."""
    groups, partial = full_quote_groups(doc)
    quotes: list[Found] = []
    consumed: list[tuple[int, int]] = []  # quote + paraphrase rows swallow later quotes

    def swallowed(marked: Marked) -> bool:
        return any(start <= marked.open_mark < end for start, end in consumed)

    for group in groups:
        if swallowed(group[0]):
            continue
        speaker = next(filter(None, (attribute(m, doc) for m in group)), None)
        for marked in group:
            start, end = trim(doc.text, marked.start, marked.end)
            kind: Kind = "direct"
            tail = paraphrased_tail(marked, speaker, doc)
            if tail is not None:
                kind, end = "mixed", tail
                consumed.append((start, end))
            if start < end:
                quotes.append(Found(start, end, kind, speaker))
    return quotes, [m for m in partial if not swallowed(m)]


def _nested(cue: Token, content: Span, said: Spans, direct: Spans) -> bool:
    """A statement reported inside another's content ("X said [Y argued that Z]"), clear of
    direct quotes; not a cue in an infinitive ("begged reporters [to ask]"), whose speaking
    is only asked for or intended."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
    infinitive = cue.dep_ == "xcomp" and not own_subject
    return not infinitive and said.covers(cue.idx) and not direct.overlaps(content)


def _resolved(doc: Document, found: list[Found]) -> list[Found]:
    """Pronoun and role speakers named by the person they refer back to (the speaker of a
    nested statement is inside someone else's words: it never takes the focus)."""
    speakers = [f.speaker for f in found if f.speaker is not None and not f.nested]
    contents = [(f.start, f.end) for f in found]
    contents += [(m.open_mark, m.close_mark or m.end) for m in doc.marked]
    names = resolve(doc, speakers, contents)
    return [f._replace(speaker=_named(f.speaker, names)) for f in found]


def _named(speaker: Speaker | None, names: dict[tuple[int, int], Speaker]) -> Speaker | None:
    """The person a pronoun or role speaker refers to, keeping the row's own cue (two cues
    may share one subject: "He stated ... but recalled ...")."""
    if speaker is None or speaker.refers is None:
        return speaker
    named = names.get((speaker.start, speaker.end))
    return speaker if named is None else replace(named, cue=speaker.cue)


def _carry_speakers(doc: Document, quotes: list[Quote]) -> list[Quote]:
    """A direct quote with no attribution of its own continues the latest attributed quote
    of the same or the previous paragraph (follow-on quote paragraphs), unless the text
    between them makes someone else a clause subject: then it is that person's, if they are
    one and in the sentence right before the quote ("“...,” Hale said. Okafor disagreed.
    “...”"), else nobody's, since whose words they are is not certain."""
    carried: list[Quote] = []
    last: Quote | None = None
    for quote in quotes:
        if (
            quote.kind == "direct"
            and quote.speaker is None
            and last is not None
            and quote.paragraph_index - last.paragraph_index <= 1
        ):
            others = _others_between(doc, last, quote)
            if not others:
                quote = replace(quote, **{f: getattr(last, f) for f in _SPEAKER_FIELDS})
            elif _takes_the_floor(doc, others, quote):
                quote = _spoken_by(quote, others[-1])
        if quote.speaker is not None:
            last = quote
        carried.append(quote)
    return carried


def _others_between(doc: Document, last: Quote, quote: Quote) -> list[Mention]:
    """The people other than `last`'s speaker made a clause subject between `last` and
    `quote`, outside quotation marks and outside `last`'s speaker, in text order."""
    speaker = (last.speaker_start or 0, last.speaker_end or 0)
    found = []
    for mention in doc.mentions:
        if mention.start < last.end or mention.start >= quote.start:
            continue
        if mention.label != "PERSON" or mention.name == last.speaker_name:
            continue
        if speaker[0] <= mention.start < speaker[1] or doc.in_quote(mention.start):
            continue
        span = mention_span(doc.doc, mention)
        if span is not None and span.root.dep_ in SUBJECTS:
            found.append(mention)
    return found


def _takes_the_floor(doc: Document, others: list[Mention], quote: Quote) -> bool:
    """One person, the subject of the sentence right before the quote (or of its own)."""
    latest = doc.sentence_index_at(others[-1].start)
    return len({m.name for m in others}) == 1 and latest >= doc.sentence_index_at(quote.start) - 1


def _spoken_by(quote: Quote, person: Mention) -> Quote:
    """`quote` credited to a person named as a clause subject (no cue of its own)."""
    speaker = Speaker.named(person.text, person.start, person.end, person, cue=None)
    return replace(quote, **_speaker_columns(speaker))


def extract_quotes(
    doc: Doc,
    sentences: list[Sentence],
    blocks: tuple[Block, ...],
    mentions: list[Mention],
    tokens: list[Token] | None = None,
) -> list[Quote]:
    """All quotes of one parsed document, in text order (`tokens`: `list(doc)`, if made)."""
    document = Document(doc, sentences, blocks, mentions, tokens)
    found, partial = _direct_quotes(document)
    taken = Spans((f.start, f.end) for f in found)
    partial_starts = [m.start for m in partial]  # in text order, never overlapping
    direct = Spans((f.start, f.end) for f in found)
    said = Spans()  # reported contents so far: a cue inside one reports a nested statement
    for cue, content, speaker in reported(document):
        nested = _nested(cue, content, said, direct)
        if taken.overlaps(content) and not nested:  # "X said Y argued Z": Z is Y's too
            continue
        said.add(content)
        first = bisect.bisect_left(partial_starts, content[0])  # the first partial inside?
        holds_partial = first < len(partial) and partial[first].end <= content[1] + 1
        kind: Kind = "mixed" if holds_partial else "indirect"
        if speaker is not None and speaker.cue is not cue:
            speaker = replace(speaker, cue=cue)
        found.append(Found(content[0], content[1], kind, speaker, nested))
        taken.add(content)
    found += [
        Found(span[0], span[1], "mixed", speaker)
        for span, speaker in orphan_partials(partial, taken, document)
    ]
    rows = [_row(document, f) for f in _resolved(document, found)]
    return _carry_speakers(document, sorted(rows, key=lambda q: (q.start, q.end)))
