"""Spans answers overlap and membership exactly as checking every span would."""

from __future__ import annotations

import random

import pytest

from tasks.extract.quotes.spans import Spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@pytest.mark.parametrize(
    ("spans", "query", "overlaps"),
    [
        ([(0, 5)], (5, 9), False),  # touching is not overlapping
        ([(0, 5)], (4, 9), True),
        ([(0, 5), (5, 9)], (5, 6), True),  # touching spans stay apart
        ([(10, 20), (0, 3)], (3, 10), False),  # added out of order
        ([(0, 10), (2, 4)], (9, 12), True),  # a span inside another
    ],
)
def test_overlaps(spans, query, overlaps):
    assert Spans(spans).overlaps(query) is overlaps


def test_answers_equal_a_scan_of_every_span():
    rng = random.Random(7)
    for _ in range(500):
        spans = [(a, a + rng.randint(1, 8)) for a in rng.choices(range(40), k=rng.randint(0, 12))]
        found = Spans()
        for span in spans:
            found.add(span)
        for _ in range(20):
            start = rng.randint(0, 50)
            query = (start, start + rng.randint(1, 8))
            assert found.overlaps(query) == any(_overlap(query, s) for s in spans)
            assert found.covers(start) == any(a <= start < b for a, b in spans)
