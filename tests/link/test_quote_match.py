"""Quote pairing: variants of one line match, commonplaces do not; on the gold pairs from
PolNeAR train articles, precision and recall are at least 0.95."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, shared_path

from tasks.link.quote_match import keys, same_quotation, words

LINE = "We have come a long way in the last nine months, and we are not done yet"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (LINE, LINE, True),
        (LINE, "we have come a long way in the last nine months", True),  # truncated
        (LINE, "“We have come a long way — in the last nine months...”", True),  # re-punctuated
        (LINE, "We have come a pretty long way in the last nine months", True),  # transcribed
        (LINE, "Folks, " + LINE + ". Believe me.", True),  # trimmed differently
        ("We're going to build a bridge", "We are going to build a bridge", True),
        ("He is becoming Jonas's best recruiter", "He is becoming Jonas’ best recruiter", True),
        (LINE, "come a long way", False),  # too short to be a quotation
        ("I don't think it matters.", "I don't think it stands to reason", False),
        ("I'm a big fan of Paul", "I'm a big fan of Vera Lindqvist", False),
        (LINE, "We have come to Iowa to win, and we are not done yet", False),
    ],
)
def test_pairs(a, b, same):
    assert same_quotation(words(a), words(b)) is same
    assert same_quotation(words(b), words(a)) is same  # symmetric


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We can't and won't stop", "we can not and will not stop"),
        ("They're sure I'd say it's fine", "they are sure i would say it fine"),
        ("You gonna tell 'em you've won?", "you going to tell em you have won"),
        ("Nothing contracted here at all", "nothing contracted here at all"),
    ],
)
def test_words_spell_out_contractions(text, expected):
    assert words(text) == tuple(expected.split())


def test_every_contraction_ending_has_an_apostrophe():
    """`words` looks for a contraction only in words with an apostrophe."""
    from tasks.text.lexicon import CONTRACTIONS

    assert all("'" in ending for ending in CONTRACTIONS)


def test_every_match_shares_a_key():
    a, b = words(LINE), words("we have come a long way in the last nine months")
    assert same_quotation(a, b) and set(keys(a)) & set(keys(b))
    assert list(keys(words("too short"))) == []


def test_gold_pairs_precision_and_recall():
    shared_path("corpora", "polnear", "train", "text")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from quote_pairs import load_pairs, score

    pairs = load_pairs()
    precision, recall, _ = score(pairs)
    assert len(pairs) >= 400 and sum(p.same for p in pairs) >= 80
    assert precision >= 0.95 and recall >= 0.95


def test_the_stop_words_are_spacys_own():
    """The clusters' stop words are kept as a list so linking never imports spaCy; they must
    stay the list of the spaCy this project installs."""
    from spacy.lang.en.stop_words import STOP_WORDS as SPACYS

    from tasks.text.lexicon import STOP_WORDS

    assert STOP_WORDS == SPACYS
