"""The characters every match of a pattern holds: read right from the pattern, and never claimed
for a text that the pattern does match (over every pattern pySBD runs)."""

from __future__ import annotations

import random
import re

import pytest

import tasks.text.pysbd_patterns as pysbd_patterns
from tasks.text.required_chars import cannot_match, required_chars
from tasks.text.segment import split_sentences


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        ("&ᓴ&", ("&",)),  # the first of the fewest
        (r"(?<=a∯m)∯(?=\s[A-Z])", ("∯",)),  # lookarounds consume nothing
        (r"a?b", ("b",)),  # an optional item requires nothing
        (r"(ab|cd)x", ("x",)),
        (r"(ab|c)[.!?]", ("a", "c")),  # the alternatives' union
        (r"[0-3]", ("0", "1", "2", "3")),
        (r"(?:\.\s)+", (".",)),
        (r"x|", None),  # an empty alternative
        (r"\d+", None),  # a category
        (r"[^a]", None),  # a negation
        (r"[a-z]", None),  # more than MAX_REQUIRED_CHARS
        (r"(?i)k", None),  # case-blind: "k" matches the Kelvin sign
        (r"(?i:k)x", ("x",)),
        (r"(?i:k)", None),
        (r"\bq*\b", None),
    ],
)
def test_required_chars_are_read_from_the_pattern(pattern, required):
    assert required_chars(re.compile(pattern)) == required


def test_cannot_match_only_without_every_required_character():
    assert cannot_match(("&", "∯"), "plain text.")
    assert not cannot_match(("&", "∯"), "a & b")
    assert not cannot_match(None, "")


def test_no_pattern_pysbd_runs_is_skipped_on_a_text_it_matches(monkeypatch):
    """Every pattern pySBD runs on invented paragraphs, searched in texts of its own characters
    and others: where the guard says "cannot match", the search finds nothing."""
    patterns: set[tuple[object, int]] = set()
    guarded = pysbd_patterns._guarded

    def recording(pattern, flags=0):
        patterns.add((pattern, flags))
        return guarded(pattern, flags)

    monkeypatch.setattr(pysbd_patterns, "_guarded", recording)
    for paragraph in (
        "Gen. Arlo Pesk said “Yes.” Then (at 5 p.m.) he left... a. one b. two 1. x 2. y",
        "He asked: 'Why?' She said!!! Mr. Kolb, Inc. paid $3.5 bn. i) first ii) second",
    ):
        split_sentences(paragraph)
    assert len(patterns) > 100
    rng = random.Random(33)
    checked = 0
    for pattern, flags in patterns:
        regex = re.compile(pattern, flags)
        own = [char for char in regex.pattern if not char.isspace()] or ["a"]
        for _ in range(40):
            text = "".join(rng.choices(own + list("aZ9 .\r\n&∯"), k=rng.randrange(0, 30)))
            if cannot_match(required_chars(regex), text):
                assert regex.search(text) is None, (regex.pattern, text)
                checked += 1
    assert checked > 1000
