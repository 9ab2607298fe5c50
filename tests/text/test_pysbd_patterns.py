from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SEEDS

from tasks.text.clean import split_blocks
from tasks.text.pysbd_patterns import CACHED_RE, PYSBD_MODULES, compiled
from tasks.text.segment import split_sentences

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
