"""Whether two quotes are one quotation: the same words, trimmed, truncated, re-punctuated,
transcribed a little differently, or a part of a longer quote. Pure string code.

A quotation is a stretch of someone's words: "We have come a long way in the last nine
months" and "We have come a pretty long way in the last nine months" are one, and so is a
line another speaker repeats inside their own ("When Tomas Gromble says 'Let's build the
bridge', ..."). Two quotes sharing only a commonplace ("I don't think it matters", "in the
history of business") are not. The rule, on normalised words (lower case, one kind of
apostrophe, contractions spelled out, possessive 's dropped):

- the shorter quote has at least MIN_WORDS words;
- the two share a run of at least ANCHOR words in a row;
- runs of 2+ shared words, in order, cover at least COVERAGE of the shorter quote's words
  and CONTENT_COVERAGE of its words that are not stop words (spaCy's English list), so a
  commonplace opening ("I'm a big fan of ...") does not make two quotes one.

The thresholds were chosen on 420 labelled pairs of quotes from PolNeAR train articles
(`python benchmarks/quote_pairs.py`: precision and recall 0.966). Every pair that passes
shares an ANCHOR-word run, so `keys` finds every candidate pair: no pair is missed for
the order in which quotes arrive.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from tasks.text.lexicon import CONTRACTIONS, SPOKEN_FORMS, STOP_WORDS

MIN_WORDS = 5
ANCHOR = 5
COVERAGE = 0.8
CONTENT_COVERAGE = 0.7
MIN_RUN = 2  # a single shared word ("the", "of") is chance, not the same words

_WORD = re.compile(r"\w+(?:'\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def words(text: str) -> tuple[str, ...]:
    """The quote's words, normalised so that two transcriptions of one line compare equal."""
    found: list[str] = []
    for word in _WORD.findall(text.lower().translate(_APOSTROPHES)):
        if word in SPOKEN_FORMS:
            found += SPOKEN_FORMS[word]
            continue
        if "'" not in word:  # every contraction's ending has one: most words need no search
            found.append(word)
            continue
        for ending, spelled in CONTRACTIONS.items():
            if word.endswith(ending) and len(word) > len(ending):
                found += [word[: -len(ending)], *spelled]
                break
        else:
            found.append(word)
    return tuple(found)


def _enough_in_common(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether the words the two share, in any order, could reach the coverages: a cheap
    test that no matching pair fails (the shared runs are among these words), so most
    pairs that share only a phrase are answered without aligning them."""
    mine, theirs = _bag(tuple(short)), _bag(tuple(long))
    common = {word: min(n, theirs[word]) for word, n in mine.items() if word in theirs}
    if sum(common.values()) < COVERAGE * len(short):
        return False
    content = sum(n for word, n in mine.items() if word not in STOP_WORDS)
    shared = sum(n for word, n in common.items() if word not in STOP_WORDS)
    return content == 0 or shared >= CONTENT_COVERAGE * content


@lru_cache(maxsize=2**16)
def _bag(quote: tuple[str, ...]) -> Counter[str]:
    """A quote's words and how often each occurs (kept for the quotes paired most often)."""
    return Counter(quote)


def keys(quote: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Every ANCHOR-word run of a quote long enough to match: two quotes can be one only
    if they share one of these."""
    if len(quote) < MIN_WORDS:
        return
    for start in range(len(quote) - ANCHOR + 1):
        yield tuple(quote[start : start + ANCHOR])


def same_quotation(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two quotes (as `words`) are one quotation, by the rule in the module's doc.
    Symmetric: the answer never depends on which quote came first."""
    short, long = (a, b) if (len(a), tuple(a)) <= (len(b), tuple(b)) else (b, a)
    if len(short) < MIN_WORDS or not _enough_in_common(short, long):
        return False
    blocks = [
        block
        for block in SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
        if block.size >= MIN_RUN
    ]
    if max((block.size for block in blocks), default=0) < ANCHOR:
        return False
    shared = [word for block in blocks for word in short[block.a : block.a + block.size]]
    if len(shared) < COVERAGE * len(short):
        return False
    content = sum(word not in STOP_WORDS for word in short)
    shared_content = sum(word not in STOP_WORDS for word in shared)
    return content == 0 or shared_content >= CONTENT_COVERAGE * content
