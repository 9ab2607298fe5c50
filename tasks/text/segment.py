"""Segment: sentences with exact character offsets, one block (paragraph) at a time.

pySBD is far better than spaCy's parser on sentence boundaries and is fed a paragraph at a
time (it is superlinear on long strings), so no sentence crosses a paragraph break; a plain
paragraph whose every stop surely ends a sentence is split without it, exactly as it would split
it. The parser later receives these boundaries as preset sentence starts.
"""

from __future__ import annotations

import re

from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English

from tasks.text.parts import CleanDoc, Sentence
from tasks.text.pysbd_patterns import QuickEnglish, QuickProcessor, compile_patterns_once

compile_patterns_once()

# pySBD sometimes ends a sentence where none ends: rejoin the pieces.
_COMMA_CLOSE = re.compile(r",[”\"'’]+$")  # “..., ” a comma inside a closing quote
_QUOTE_END = re.compile(r"[?!…—][”\"'’]+$")  # “...?” followed by its attribution
_ATTRIBUTION_START = re.compile(
    r"^(?:[A-Z][\w.’'-]*,?\s+){1,6}"
    r"(?:said|says|asked|asks|told|tells|added|adds|wrote|writes|replied|insisted|continued)\b"
)
_CLOCK_END = re.compile(r"\b[ap]\.m\.$")
_TIME_ZONE_START = re.compile(r"^(?:[ECMP][SD]?T|GMT|UTC|BST|CET)\b")  # "5 p.m. ET on Monday"
_CONTINUATION_START = re.compile(r"^(?:[a-z](?![.)]\s)|[,;:)\]])")  # not a list item "b. "
_CLOSERS_ONLY = re.compile(r"^[”\"'’)\]]+$")  # a closing quote split off its sentence


def _joins_previous(paragraph: str, previous: tuple[int, int], start: int) -> bool:
    before, after = paragraph[previous[0] : previous[1]], paragraph[start:]
    return bool(
        _COMMA_CLOSE.search(before)
        or _CONTINUATION_START.match(after)
        or _CLOSERS_ONLY.match(after.rstrip())
        or (_QUOTE_END.search(before) and _ATTRIBUTION_START.match(after))
        or (_CLOCK_END.search(before) and _TIME_ZONE_START.match(after))
    )


# A paragraph with no . ! ? … or list marker "2)" before its final punctuation is one sentence
# (most news paragraphs without an abbreviation); pySBD is the costliest step outside the model.
_BOUNDARY = re.compile(r"[.!?…•]|\b\w\)")
_FINAL = re.compile(r"[.!?…]*[”\"'’)\]]*\s*$")


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `paragraph`, whitespace trimmed, in order.

    pySBD takes time superlinear in its input, so a long paragraph (a transcript) is fed to
    it in pieces of at most PIECE_CHARS, cut where a sentence surely ends.
    """
    final = _FINAL.search(paragraph)  # always matches, if only the empty end
    if not _BOUNDARY.search(paragraph, 0, final.start() if final else len(paragraph)):
        start, end = len(paragraph) - len(paragraph.lstrip()), len(paragraph.rstrip())
        return [(start, end)] if start < end else []
    spans: list[tuple[int, int]] = []
    for offset, piece in _pieces(paragraph):
        found = _plain_spans(piece)
        found = _pysbd_spans(piece) if found is None else found
        spans += [(offset + start, offset + end) for start, end in found]
    return spans


# Plain text: ASCII words, digits and inner punctuation, single spaces, apostrophes only inside
# or after a word; no quotation marks, brackets, ellipses or "--", on which pySBD's rules turn.
_PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9,;:%$&/.!?]|-(?!-)| (?=\S)|(?<=[A-Za-z0-9])['’])*")
# A sure end: . ! or ? after a whole word of 2+ letters or a number of 3+ digits (never an
# initial, a list item "2." nor a decimal), before one space and a capital or the end.
_PLAIN_END = re.compile(r"(?<![^ ])([A-Za-z]{2,}|\d{3,})[.!?](?= [A-Z]|$)")
_PYSBD_ABBREVIATION = re.compile("|".join(English.Abbreviation.ABBREVIATIONS), re.IGNORECASE)


def _plain_spans(paragraph: str) -> list[tuple[int, int]] | None:
    """The sentences of a plain paragraph whose every . ! ? is a sure end, as pySBD and the
    repairs would give them (tests/text/test_segment.py checks it): None for any other.
    About a fifth of the paragraphs that need splitting, at none of pySBD's cost."""
    if not _PLAIN.fullmatch(paragraph):
        return None
    ends = list(_PLAIN_END.finditer(paragraph))
    if len(ends) != sum(map(paragraph.count, ".!?")) or any(
        _PYSBD_ABBREVIATION.fullmatch(end.group(1)) for end in ends
    ):
        return None
    if any(word in paragraph for word in ExclamationWords.EXCLAMATION_WORDS):
        return None
    stops = [end.end() for end in ends]
    if not stops or stops[-1] < len(paragraph):
        stops.append(len(paragraph))  # a last sentence without final punctuation
    return list(zip([0] + [stop + 1 for stop in stops[:-1]], stops, strict=True))


PIECE_CHARS = 4_000
# A sure sentence end: final punctuation (and closing quotes), a space, then a capital, a digit
# or an opening quote, after a word of 3+ letters (not "Mr." nor an initial "J.").
_SURE_END = re.compile(r"(?<=[a-z]{3})[.!?…][”\"'’)\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")


def _pieces(paragraph: str) -> list[tuple[int, str]]:
    """(offset, piece) covering the paragraph, each at most PIECE_CHARS where a sure
    sentence end allows it."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(paragraph) - start > PIECE_CHARS:
        window = paragraph[start : start + PIECE_CHARS]
        ends = [match.end() for match in _SURE_END.finditer(window)]
        cut = start + (ends[-1] if ends and ends[-1] < len(window) else len(window))
        pieces.append((start, paragraph[start:cut]))
        start = cut
    pieces.append((start, paragraph[start:]))
    return pieces


def _pysbd_sentences(paragraph: str) -> list[str]:
    """pySBD's sentences, each with the whitespace after it, as `pysbd.Segmenter.segment` gives
    them: where it looks for each sentence with a pattern compiled for it (a quarter of its
    time), this finds the same match with `str.find`. A sentence is found at its first
    occurrence, matches of one sentence never overlapping, that ends past the previous one's
    end; one that does not occur is left out. A new Processor per call: nothing is shared
    between threads."""
    if not paragraph:
        return []
    found: list[str] = []
    previous_end = 0
    for sentence in QuickProcessor(paragraph, QuickEnglish).process():
        start = paragraph.find(sentence)
        while start >= 0:
            end = start + len(sentence)
            while end < len(paragraph) and paragraph[end].isspace():  # what \s matches
                end += 1
            if end > previous_end:
                found.append(paragraph[start:end])
                previous_end = end
                break
            start = paragraph.find(sentence, max(end, start + 1))
    return found


def _pysbd_spans(paragraph: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _pysbd_sentences(paragraph):
        piece = piece.strip()
        if not piece:
            continue
        start = paragraph.find(piece, cursor)
        if start < 0:  # pySBD altered the text: keep the rest of the paragraph whole
            rest = paragraph[cursor:]
            start, end = cursor + len(rest) - len(rest.lstrip()), len(paragraph.rstrip())
            if start < end:
                spans.append((start, end))
            break
        if spans and _joins_previous(paragraph, spans[-1], start):
            spans[-1] = (spans[-1][0], start + len(piece))
        else:
            spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans


def segment(doc: CleanDoc) -> list[Sentence]:
    """All sentences of the document, offsets into `doc.text`, numbered across the document."""
    sentences: list[Sentence] = []
    for paragraph_index, block in enumerate(doc.blocks):
        paragraph = doc.text[block.start : block.end]
        for start, end in split_sentences(paragraph):
            sentences.append(
                Sentence(
                    paragraph_index,
                    len(sentences),
                    block.part,
                    block.start + start,
                    block.start + end,
                    paragraph[start:end],
                )
            )
    return sentences
