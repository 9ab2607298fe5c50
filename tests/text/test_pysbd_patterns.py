from __future__ import annotations

import json
import random
import re

import pysbd
import pytest
from conftest import ROOT, SEEDS
from pysbd.lists_item_replacer import ListItemReplacer

from tasks.text.clean import split_blocks
from tasks.text.pysbd_patterns import CACHED_RE, PYSBD_MODULES, _ListItemReplacer, compiled
from tasks.text.segment import _pysbd_sentences, split_sentences

NEWS_SET = ROOT / "tests" / "data" / "news_sentences.json"


def _sample() -> list[str]:
    """The news set's texts and every paragraph of the seed articles."""
    texts = [case["text"] for case in json.loads(NEWS_SET.read_text())]
    for path in sorted(SEEDS.glob("*.txt")):
        texts += split_blocks(path.read_text())
    return texts


@pytest.mark.parametrize("module", PYSBD_MODULES, ids=lambda module: module.__name__)
def test_pysbd_compiles_through_the_cache(module):
    assert module.re is CACHED_RE


def test_sentences_are_those_of_plain_re(monkeypatch):
    sample = _sample()
    cached = [split_sentences(text) for text in sample]
    for module in PYSBD_MODULES:
        monkeypatch.setattr(module, "re", re)
    assert [split_sentences(text) for text in sample] == cached
    assert len(sample) > 60


@pytest.mark.parametrize(
    ("call", "plain"),
    [
        (lambda r: r.sub(r"a(b)", r"<\1>", "abab", 1), "<b>ab"),
        (lambda r: r.sub("x", "y", "XxX", flags=re.IGNORECASE), "yyy"),
        (lambda r: r.split(r"\s", "a b c", 1), ["a", "b c"]),
        (lambda r: r.findall(r"(?:^|\s)ab", "Ab ab", flags=re.IGNORECASE), ["Ab", " ab"]),
        (lambda r: [m.span() for m in r.finditer(r"b", "abcb")], [(1, 2), (3, 4)]),
        (lambda r: bool(r.search(r"c$", "abc")), True),
        (lambda r: r.match(r"b", "abc"), None),
        (lambda r: r.escape("a.b"), r"a\.b"),
    ],
)
def test_cached_re_keeps_re_signatures(call, plain):
    assert call(CACHED_RE) == call(re) == plain


def test_a_pattern_is_compiled_once():
    assert compiled(r"(?<=\sSen)\.", 0) is compiled(r"(?<=\sSen)\.", 0)


# What pySBD's list item pass turns on: letters, numbers and roman numerals before a full stop or
# a parenthesis, at the start or after a space or an opening parenthesis.
_LIST_PIECES = ["a", "b", "c", "ii", "iv", "x", "1", "2", "3", "9", "10", "Sen", "word", "Yes"]
_LIST_GLUE = [". ", ") ", ".) ", " (", ".", ")", " ", " -", "\n", "\u2003", ", ", "? "]


def test_list_items_are_found_where_pysbd_finds_them():
    """The list item pass skips its searches where no item can be; pySBD's own pass, over
    invented paragraphs dense in list markers, finds the same sentences."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    rng = random.Random(31)
    for _ in range(1_500):
        pieces = rng.choices(_LIST_PIECES, k=rng.randint(1, 12))
        glue = rng.choices(_LIST_GLUE, k=len(pieces))
        paragraph = "".join(piece + joint for piece, joint in zip(pieces, glue, strict=True))
        assert _pysbd_sentences(paragraph) == segmenter.segment(paragraph), paragraph


def test_letter_items_are_found_by_one_lookbehind():
    ours = re.compile(_ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS)
    rng = random.Random(32)
    for _ in range(2_000):
        text = "".join(rng.choices(["a", "b.", "Z.", " ", "\t", "\n", "(", "x.", ".", "ab."], k=9))
        assert ours.findall(text) == re.findall(
            ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS, text
        )
    assert ours.findall("a. b.\tc.(d. e") == ["a", "b", "c"]
