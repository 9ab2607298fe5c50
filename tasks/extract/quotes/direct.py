"""Direct quotes: text between quote marks, full or partial, and who said it.

A quoted span is *full* when it is a sentence of its own or follows a colon, a dash or
"X said,", and is followed by nothing but its attribution; otherwise it is *partial* and left
to reported speech. A full quote's speaker comes from the first attribution strategy in
`ATTRIBUTION` that finds one: a new pattern is one function and one line there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from tasks.extract.quotes.cues import find_cue
from tasks.extract.quotes.document import Document
from tasks.extract.quotes.marks import Marked, trim
from tasks.extract.quotes.speakers import Speaker, speaker_from_cue

_DASH = re.compile(r"^\s*[―—–-]\s*\S")


def _after_close(marked: Marked, doc: Document) -> tuple[int, int]:
    """Text after the quote's closing mark up to the end of its sentence."""
    after = marked.end if marked.close_mark is None else marked.close_mark + 1
    if doc.text.startswith("''", after - 1) and marked.close_mark is not None:
        after += 1
    return after, doc.sentence_at(max(after - 1, 0)).end


def _introduces(prefix: list[Token], doc: Document) -> bool:
    """'X said,' right before a quote: a verb of saying with nothing verbal after it."""
    cue = find_cue(reversed(prefix), doc)
    return cue is not None and not any(t.pos_ in ("VERB", "AUX") for t in prefix if t.i > cue.i)


def is_full(marked: Marked, doc: Document) -> bool:
    """A full quote is a sentence of its own, or introduced (colon, dash, 'X said,') and
    followed by nothing but its attribution; anything else is a partial quote."""
    if marked.continued:
        return True
    sentence = doc.sentence_at(marked.open_mark)
    before = doc.tokens(sentence.start, marked.open_mark)
    prefix = doc.text[sentence.start : marked.open_mark].rstrip()
    introduced = not prefix or prefix.endswith((":", "—", "–"))
    if not introduced and not (prefix.endswith(",") and _introduces(before, doc)):
        return False
    start, end = _after_close(marked, doc)
    after = doc.tokens(start, end)
    words = [t for t in after if not (t.is_punct or t.is_space)]
    attributed = find_cue(after, doc) is not None or _DASH.match(doc.text[start:end])
    return len(words) < 2 or bool(attributed)


# --- attribution strategies, tried in order ------------------------------------------------


def introduced(marked: Marked, doc: Document) -> Speaker | None:
    """'Hale said Monday, “...”': a verb of saying right before the quote and its comma wins
    over any verb after the quote ("..., when Ortiz blasted him")."""
    opening = doc.sentence_at(marked.open_mark)
    if not doc.text[opening.start : marked.open_mark].rstrip().endswith(","):
        return None
    before = doc.tokens(opening.start, marked.open_mark)
    return (
        speaker_from_cue(doc, find_cue(reversed(before), doc)) if _introduces(before, doc) else None
    )


def cue_after_quote(marked: Marked, doc: Document) -> Speaker | None:
    """'“...,” the minister said.': a verb of saying after the quote in its sentence."""
    start, end = _after_close(marked, doc)
    return speaker_from_cue(doc, find_cue(doc.tokens(start, end), doc))


def name_after_dash(marked: Marked, doc: Document) -> Speaker | None:
    """'“...” ― Jane Doe': the name after a dash, tagged or a short run of proper nouns."""
    start, end = _after_close(marked, doc)
    if not _DASH.match(doc.text[start:end]):
        return None
    named = next((m for m in doc.mentions if start <= m.start < end), None)
    if named is not None:
        return Speaker.named(named.text, named.start, named.end, named, None)
    proper = [t for t in doc.tokens(start, end) if t.pos_ == "PROPN"]
    if not 0 < len(proper) <= 5:
        return None
    first, last = proper[0].idx, proper[-1].idx + len(proper[-1])
    name = doc.text[first:last]
    return Speaker(name, first, last, name, "PERSON", None)


def cue_before_quote(marked: Marked, doc: Document) -> Speaker | None:
    """'Jane Doe said: “...”': a verb of saying before the quote in its sentence (any verb
    when a colon introduces the quote)."""
    opening = doc.sentence_at(marked.open_mark)
    colon = doc.span(opening.start, marked.open_mark).text.rstrip().endswith(":")
    before = doc.tokens(opening.start, marked.open_mark)
    return speaker_from_cue(doc, find_cue(reversed(before), doc, any_verb=colon))


def lead_in_sentence(marked: Marked, doc: Document) -> Speaker | None:
    """'Jane Doe told the crowd about her plan: ¶ “...”': a previous sentence ending in a colon."""
    index = doc.sentence_index_at(marked.open_mark)
    previous = doc.sentences[index - 1] if index else None
    if previous is None or not previous.text.endswith(":"):
        return None
    tokens = doc.tokens(previous.start, previous.end)
    return speaker_from_cue(doc, find_cue(reversed(tokens), doc, any_verb=True))


Attribution = Callable[[Marked, Document], Speaker | None]
ATTRIBUTION: tuple[Attribution, ...] = (
    introduced,
    cue_after_quote,
    name_after_dash,
    cue_before_quote,
    lead_in_sentence,
)


def attribute(marked: Marked, doc: Document) -> Speaker | None:
    """The speaker of a full quote: the first strategy that finds one."""
    return next(filter(None, (strategy(marked, doc) for strategy in ATTRIBUTION)), None)


def paraphrased_tail(marked: Marked, speaker: Speaker | None, doc: Document) -> int | None:
    """End of the words between a quote and its later attribution, when there are any.

    In '“You cut the night shift” to prop up the share price, Ortiz said' the words after
    the quote are reported too: the row runs up to the attribution and becomes mixed.
    """
    if speaker is None or marked.close_mark is None or speaker.start <= marked.close_mark:
        return None
    boundary = speaker.start
    if speaker.cue is not None and speaker.cue.idx < boundary:
        boundary = speaker.cue.idx
    middle = [t for t in doc.tokens(marked.close_mark + 1, boundary) if t.is_alpha]
    if len(middle) < 2:
        return None
    return trim(doc.text, marked.close_mark + 1, boundary)[1]


def full_quote_groups(doc: Document) -> tuple[list[list[Marked]], list[Marked]]:
    """Full quotes, each with the paragraphs it continues into, and the partial quotes."""
    partial: list[Marked] = []
    groups: list[list[Marked]] = []
    for marked in doc.marked:
        if marked.continued and groups and groups[-1][-1].close_mark is None:
            groups[-1].append(marked)
        elif is_full(marked, doc):
            groups.append([marked])
        else:
            partial.append(marked)
    return groups, partial
