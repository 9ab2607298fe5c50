"""Sets of character spans answering "does this overlap?" and "is this offset inside?" in log
time, so that extraction stays linear in a document's length (a transcript holds thousands
of quotes, each checked against all the others)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

Span = tuple[int, int]  # [start, end) character offsets


class Spans:
    """A growing set of [start, end) spans, overlapping ones merged, kept sorted."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in sorted(spans):
            self.add(span)

    def add(self, span: Span) -> None:
        start, end = span
        if start >= end:
            return
        first = bisect.bisect_right(self._ends, start)  # the first span that ends after start
        last = bisect.bisect_left(self._starts, end)  # past the last that starts before end
        if first < last:  # merge with every span it overlaps
            start = min(start, self._starts[first])
            end = max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def overlaps(self, span: Span) -> bool:
        """Whether a span of the set starts before `span` ends and ends after it starts."""
        start, end = span
        index = bisect.bisect_right(self._ends, start)  # the first span ending after start
        return index < len(self._starts) and self._starts[index] < end

    def covers(self, position: int) -> bool:
        """Whether `position` lies in a span of the set (start <= position < end)."""
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]
