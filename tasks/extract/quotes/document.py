"""One parsed document as extraction sees it: sentences, tokens by offset, quote marks,
entity mentions, and what the article says about its people."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from tasks.extract.mentions import Mention
from tasks.extract.quotes.marks import Marked, find_marked
from tasks.extract.quotes.people import people_of
from tasks.text.parts import Block, Sentence, sentence_index_at


class Document:
    """Lookups over one parsed document shared by the extraction steps."""

    def __init__(
        self,
        doc: Doc,
        sentences: list[Sentence],
        blocks: tuple[Block, ...],
        mentions: list[Mention],
        tokens: list[Token] | None = None,
    ) -> None:
        self.doc = doc
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]
        # spaCy makes a new Token object at every step of iterating a Doc (and `doc.text` is
        # such a pass): the text and the passes over every token share these ones, `list(doc)`
        # (the caller's, if it has made it).
        self.all_tokens = list(doc) if tokens is None else tokens
        self.text = "".join(t.text_with_ws for t in self.all_tokens)  # what `doc.text` joins
        self._token_starts = [t.idx for t in self.all_tokens]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.marked = find_marked(self.text, blocks)
        self._quoted = [
            (m.open_mark, m.end if m.close_mark is None else m.close_mark) for m in self.marked
        ]
        # Lookups by offset bisect these sorted starts (quotes and mentions never overlap), so
        # extraction stays linear in a document's length: a transcript holds thousands.
        self._quote_opens = [open_ for open_, _ in self._quoted]
        self._marked_starts = [m.start for m in self.marked]
        self._mention_starts = [m.start for m in self.mentions]
        self.body_start = min((s.start for s in sentences if s.part == "body"), default=0)
        self.people = people_of(doc, self.mentions)

    def sentence_index_at(self, char: int) -> int:
        return sentence_index_at(self._sentence_starts, char)

    def sentence_at(self, char: int) -> Sentence:
        return self.sentences[self.sentence_index_at(char)]

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens starting within [start, end), the shared ones (a Span makes new ones)."""
        return self.all_tokens[self._token_range(start, end)]

    def span(self, start: int, end: int) -> Span:
        """The Span of the tokens starting within [start, end): for its root or its text."""
        return self.doc[self._token_range(start, end)]

    def _token_range(self, start: int, end: int) -> slice:
        first = bisect.bisect_left(self._token_starts, start)
        return slice(first, bisect.bisect_left(self._token_starts, end))

    def whole_quotes(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) widened so that it never ends or starts inside a quote."""
        at_end = self._marked_around(end)
        if at_end is not None and at_end.start < end < at_end.end:
            end = at_end.end
        at_start = self._marked_around(start)
        if at_start is not None and at_start.start < start < at_start.end:
            start = at_start.start
        return start, end

    def _marked_around(self, char: int) -> Marked | None:
        """The quote whose content starts last at or before `char`."""
        index = bisect.bisect_right(self._marked_starts, char) - 1
        return self.marked[index] if index >= 0 else None

    def in_quote(self, char: int) -> bool:
        index = bisect.bisect_right(self._quote_opens, char) - 1
        return index >= 0 and char <= self._quoted[index][1]

    def quoted_between(self, start: int, end: int) -> bool:
        """Whether a quotation mark opens or a quote runs within [start, end)."""
        index = bisect.bisect_left(self._quote_opens, start)
        return self.in_quote(start) or (
            index < len(self._quote_opens) and self._quote_opens[index] < end
        )

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The mentions starting within [start, end), in text order."""
        first = bisect.bisect_left(self._mention_starts, start)
        return self.mentions[first : bisect.bisect_left(self._mention_starts, end)]

    def mention_covering(self, token: Token) -> Mention | None:
        index = bisect.bisect_right(self._mention_starts, token.idx) - 1
        if index >= 0 and token.idx < self.mentions[index].end:
            return self.mentions[index]
        return None
