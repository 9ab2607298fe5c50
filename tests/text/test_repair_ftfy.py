"""`tasks.text.clean.fix_text` skips ftfy on lines of FTFY_FIXED_POINTS: the proof that ftfy can
change no such line, read from ftfy's own tables and patterns, and a comparison with ftfy."""

from __future__ import annotations

import random
import re
import unicodedata
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

import ftfy
import ftfy.badness
import ftfy.chardata
import ftfy.fixes
import pytest

from tasks.text.clean import _FTFY, FTFY_FIXED_POINTS, fix_text

FIXED = "".join(sorted(FTFY_FIXED_POINTS))

# Every fixer ftfy can apply, and what in ftfy decides whether it changes a text. A fixer that
# a later ftfy adds fails test_every_fixer_of_ftfy_is_covered until the proof covers it.
TRANSLATED = {
    "fix_latin_ligatures": ftfy.chardata.LIGATURES,
    "fix_character_width": ftfy.chardata.WIDTH_MAP,
    "remove_control_chars": ftfy.chardata.CONTROL_CHARS,
}
MATCHED = {
    "unescape_html": ftfy.chardata.HTML_ENTITY_RE,
    "fix_c1_controls": ftfy.chardata.C1_CONTROL_RE,
    "fix_surrogates": ftfy.fixes.SURROGATE_RE,
    "remove_terminal_escapes": ftfy.fixes.ANSI_RE,
    # fix_encoding leaves alone a text that is ASCII or not is_bad(), which is this search;
    # restore_byte_a0, replace_lossy_sequences and decode_inconsistent_utf8 act within it
    "fix_encoding": ftfy.badness.BADNESS_RE,
}
OFF = {"uncurl_quotes"}  # curly quotes are kept (clean.py)
REPLACED = {"fix_line_breaks"}  # str.replace of line breaks: tested on every character
ENCODING_FIXERS = {"restore_byte_a0", "replace_lossy_sequences", "decode_inconsistent_utf8"}

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


def _in_set(items: list[tuple[Any, Any]], char: str) -> bool:
    """Whether `char` is in a parsed character set [...]."""
    negate, found = False, False
    for op, arg in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            found |= char == chr(arg)
        elif op is sre.RANGE:
            found |= arg[0] <= ord(char) <= arg[1]
        elif op is sre.CATEGORY:
            found |= re.match(_CATEGORIES[arg], char) is not None
        else:
            raise AssertionError(f"unknown set item {op}")
    return found != negate


def _may_match(parsed: Any, alphabet: str) -> bool:
    """False only if no text of `alphabet`'s characters holds a match of the parsed pattern:
    each item that must match a character must match one of them. Assertions and anchors are
    taken as always met, so True means only "not ruled out"."""
    for op, arg in parsed:
        if op is sre.LITERAL:
            ok = chr(arg) in alphabet
        elif op is sre.NOT_LITERAL:
            ok = any(char != chr(arg) for char in alphabet)
        elif op is sre.ANY:
            ok = bool(alphabet)
        elif op is sre.IN:
            ok = any(_in_set(arg, char) for char in alphabet)
        elif op is sre.BRANCH:
            ok = any(_may_match(branch, alphabet) for branch in arg[1])
        elif op is sre.SUBPATTERN:
            ok = _may_match(arg[3], alphabet)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            ok = arg[0] == 0 or _may_match(arg[2], alphabet)
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF):
            ok = True
        else:
            raise AssertionError(f"unknown pattern item {op}")
        if not ok:
            return False
    return True


def test_every_fixer_of_ftfy_is_covered():
    covered = set(TRANSLATED) | set(MATCHED) | OFF | REPLACED | ENCODING_FIXERS
    assert set(ftfy.FIXERS) | {"fix_encoding"} == covered
    assert not _FTFY.uncurl_quotes and _FTFY.normalization == "NFC"


@pytest.mark.parametrize("fixer", sorted(TRANSLATED))
def test_no_fixed_point_is_in_a_translation_table(fixer: str):
    assert FTFY_FIXED_POINTS.isdisjoint(map(chr, TRANSLATED[fixer]))


@pytest.mark.parametrize("fixer", sorted(MATCHED))
def test_no_pattern_of_a_fixer_can_match_a_text_of_fixed_points(fixer: str):
    pattern = MATCHED[fixer]
    assert not pattern.flags & re.IGNORECASE  # _may_match reads sets case by case
    assert not _may_match(sre_parse.parse(pattern.pattern, pattern.flags), FIXED)


def test_the_proof_helper_sees_what_a_fixer_would_change():
    """The helper is no rubber stamp: one character more and a pattern may match."""
    assert _may_match(sre_parse.parse(ftfy.chardata.HTML_ENTITY_RE.pattern), FIXED + "&")
    badness = ftfy.badness.BADNESS_RE
    assert _may_match(sre_parse.parse(badness.pattern, badness.flags), FIXED + "Ã")
    assert not _may_match(sre_parse.parse(r"a\s?b"), "a")


def test_line_breaks_and_normalization_change_no_fixed_point():
    assert ftfy.fixes.fix_line_breaks(FIXED) == FIXED
    assert all(unicodedata.combining(char) == 0 for char in FIXED)  # NFC reorders nothing
    # and composes no pair: every pair of fixed points, side by side, through all of ftfy
    pairs = "".join(first + second for first in FIXED.replace("\n", "") for second in FIXED)
    assert unicodedata.normalize("NFC", pairs) == pairs
    assert ftfy.fix_text(pairs, _FTFY) == pairs


# Characters ftfy does change, alone or in company: mojibake, entities, markup, line breaks,
# controls, ligatures, full-width letters, combining marks, surrogates.
_CHANGEABLE = [
    "Ã©", "â€™", "â€œ", "Ã", "Â", "&amp;", "&eacute;", "&EACUTE;", "&#8217;", "&", "<", ">",
    "\r", "\r\n", "\u2028", "\x85", "\x9d", "\x1b[31m", "\x00", "\ufeff", "\ufb01", "\uff21",
    "\u3000", "e\u0301", "\u0301", "\ud83d", "é", "£", "€", "®", "™", "©", "\u00ad", "\u200b",
]  # fmt: skip
_NEWS = ["The mayor said", " it was ", "“fine”", " — ", "‘no’", "…", "\u00a0", "2016", ".", "\n"]


def test_fix_text_equals_ftfy_on_generated_texts():
    rng = random.Random(20161108)
    for _ in range(3000):
        pieces = rng.choices(_NEWS + list(FIXED), k=rng.randrange(0, 40))
        pieces += rng.choices(_CHANGEABLE, k=rng.randrange(0, 4))
        rng.shuffle(pieces)
        text = "".join(pieces)
        assert fix_text(text) == ftfy.fix_text(text, _FTFY), repr(text)


def test_entities_after_markup_stay_as_ftfy_keeps_them():
    """ftfy unescapes entities until a line holds "<", in that line and every later one, even
    where the "<" sits in a line it cannot change."""
    for text in ("a < b\n&amp;\n", "a < b\nplain\n&eacute;\n", "&amp;\n< b\n&amp;", "x\n&lt;\n"):
        assert fix_text(text) == ftfy.fix_text(text, _FTFY)
    assert fix_text("a < b\n&amp;\n") == "a < b\n&amp;\n"
    assert fix_text("&amp;\nplain\n") == "&\nplain\n"
