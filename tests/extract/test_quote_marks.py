"""A reported statement's quote marks come in pairs: the span takes in the mark it stops
short of, and a mark it cannot pair stays as written (the offsets stay exact)."""

from __future__ import annotations

import pytest

from tasks.extract.analyse import analyse_text
from tasks.extract.quotes.marks import balanced

# (text, content as extraction first found it, content after pairing)
CASES = [
    (
        "She said the plan was “a disaster.” Then she left.",
        "the plan was “a disaster.",
        "the plan was “a disaster.”",
    ),
    ("He called it “true,” but added more.", "it “true", "it “true,”"),
    ("The court found “no evidence” of fraud.", "“no evidence” of fraud", "“no evidence” of fraud"),
    (
        "They spoke of “2,521 incidents” in the city.",
        "2,521 incidents” in the city",
        "“2,521 incidents” in the city",
    ),
    ('He called it "a hoax." Nobody agreed.', 'it "a hoax.', 'it "a hoax."'),
    ("Elle a parlé d'une « crise » grave.", "une « crise » grave", "une « crise » grave"),
    ("She called it “a mess and left.", "it “a mess and left", "it “a mess and left"),
]


@pytest.mark.parametrize(("text", "found", "paired"), CASES, ids=lambda v: str(v)[:30])
def test_a_reported_statement_takes_in_the_mark_it_stops_short_of(text, found, paired):
    start = text.index(found)
    new_start, new_end = balanced(text, start, start + len(found))
    assert text[new_start:new_end] == paired


ARTICLES = [
    "Senator Ruth Alder said the bill was “a betrayal of voters.” The vote is on Friday.",
    "The mayor, Tom Birch, called the budget “reckless,” and promised a review.",
    "Critics say the plan is “unworkable” and “far too costly.” Officials disagree.",
]


@pytest.mark.parametrize("text", ARTICLES, ids=lambda v: v[:30])
def test_no_partial_quote_is_left_with_an_unpaired_mark(text: str, nlp):
    analysis = analyse_text(f"Headline\n\n{text}", nlp)
    reported = [q for q in analysis.quotes if q.kind != "direct"]
    assert reported, "a reported statement was found"
    for quote in reported:
        assert quote.text.count("“") == quote.text.count("”"), quote.text
        assert analysis.cleaned.text[quote.start : quote.end] == quote.text
