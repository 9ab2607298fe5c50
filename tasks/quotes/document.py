"""One parsed document as extraction sees it: sentences, tokens by offset, quote marks,
entity mentions, and what the article says about its people."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from tasks.clean import Block
from tasks.entities import Mention
from tasks.quotes.marks import find_marked
from tasks.quotes.speakers import people_of
from tasks.segment import Sentence, sentence_index_at


class Document:
    """Lookups over one parsed document shared by the extraction steps."""

    def __init__(
        self,
        doc: Doc,
        sentences: list[Sentence],
        blocks: tuple[Block, ...],
        mentions: list[Mention],
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]
        self._token_starts = [t.idx for t in doc]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.marked = find_marked(self.text, blocks)
        self._quoted = [
            (m.open_mark, m.end if m.close_mark is None else m.close_mark) for m in self.marked
        ]
        self.body_start = min((s.start for s in sentences if s.part == "body"), default=0)
        self.people = people_of(doc, self.mentions, self._quoted)

    def sentence_index_at(self, char: int) -> int:
        return sentence_index_at(self._sentence_starts, char)

    def sentence_at(self, char: int) -> Sentence:
        return self.sentences[self.sentence_index_at(char)]

    def tokens(self, start: int, end: int) -> Span:
        """Tokens starting within [start, end)."""
        first = bisect.bisect_left(self._token_starts, start)
        return self.doc[first : bisect.bisect_left(self._token_starts, end)]

    def whole_quotes(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) widened so that it never ends or starts inside a quote."""
        for marked in self.marked:
            if marked.start < end < marked.end:
                end = marked.end
            if marked.start < start < marked.end:
                start = marked.start
        return start, end

    def in_quote(self, char: int) -> bool:
        return any(open_ <= char <= close for open_, close in self._quoted)

    def mention_covering(self, token: Token) -> Mention | None:
        return next((m for m in self.mentions if m.start <= token.idx < m.end), None)
