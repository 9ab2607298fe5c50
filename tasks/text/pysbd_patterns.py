"""pySBD made cheaper without changing its output: each of its regular expressions compiled once
per process and not run on a text that lacks every character one of its matches must hold, its
abbreviation pass skipping what cannot change a line, and its list item pass skipping the
searches that cannot find an item.

pySBD writes its patterns as strings and hands them to `re.sub`, `re.findall`, ... on every
call, building some of them from its abbreviation list as it goes: a paragraph cycles through
several hundred patterns (about 700 distinct over a corpus), more than the 512 that `re`
caches, and `re` drops its oldest entry first, so each one is compiled anew on every paragraph.
Giving pySBD's modules a `re` whose calls compile through a larger least-recently-used cache
changes no result (the same pattern, the same flags, the same method) and makes segmentation
about a fifth cheaper.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pysbd.abbreviation_replacer
import pysbd.between_punctuation
import pysbd.exclamation_words
import pysbd.lists_item_replacer
import pysbd.processor
import pysbd.punctuation_replacer
import pysbd.segmenter
import pysbd.utils
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Text

from tasks.text.required_chars import cannot_match, required_chars

# Room for every pattern pySBD builds, and for the few it builds per sentence to pass through.
CACHED_PATTERNS = 4_096
PYSBD_MODULES = (
    pysbd.abbreviation_replacer,
    pysbd.between_punctuation,
    pysbd.exclamation_words,
    pysbd.lists_item_replacer,
    pysbd.processor,
    pysbd.punctuation_replacer,
    pysbd.segmenter,
    pysbd.utils,
)


Pattern = str | re.Pattern[str]


@lru_cache(maxsize=CACHED_PATTERNS)
def compiled(pattern: Pattern, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, remembered."""
    return re.compile(pattern, flags)


@lru_cache(maxsize=CACHED_PATTERNS)
def _guarded(pattern: Pattern, flags: int = 0) -> tuple[re.Pattern[str], tuple[str, ...] | None]:
    """The compiled pattern and the characters every match of it holds (None: unknown)."""
    regex = compiled(pattern, flags)
    return regex, required_chars(regex)


class CompilingOnce(types.ModuleType):
    """`re`, but its functions that take a pattern (with re's own signatures) compile it
    through `compiled`, and answer "no match" without searching a string that holds none of
    the characters every match holds (tasks.text.required_chars)."""

    @staticmethod
    def sub(pattern: Pattern, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        regex, required = _guarded(pattern, flags)
        return string if cannot_match(required, string) else regex.sub(repl, string, count)

    @staticmethod
    def split(pattern: Pattern, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        regex, required = _guarded(pattern, flags)
        return [string] if cannot_match(required, string) else regex.split(string, maxsplit)

    @staticmethod
    def findall(pattern: Pattern, string: str, flags: int = 0) -> list[Any]:
        regex, required = _guarded(pattern, flags)
        return [] if cannot_match(required, string) else regex.findall(string)

    @staticmethod
    def finditer(pattern: Pattern, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
        regex, required = _guarded(pattern, flags)
        return iter(()) if cannot_match(required, string) else regex.finditer(string)

    @staticmethod
    def search(pattern: Pattern, string: str, flags: int = 0) -> re.Match[str] | None:
        regex, required = _guarded(pattern, flags)
        return None if cannot_match(required, string) else regex.search(string)

    @staticmethod
    def match(pattern: Pattern, string: str, flags: int = 0) -> re.Match[str] | None:
        regex, required = _guarded(pattern, flags)
        return None if cannot_match(required, string) else regex.match(string)

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)


CACHED_RE = CompilingOnce("re", "re, with pattern compilation cached (tasks.text.pysbd_patterns)")


def compile_patterns_once() -> None:
    """Point pySBD's modules at `CACHED_RE`; calling it again changes nothing."""
    for module in PYSBD_MODULES:
        module.re = CACHED_RE


# The letters outside ASCII that a case-blind pattern of ASCII letters matches ("k" matches the
# Kelvin sign): tests/text/test_segment.py derives the set from `re` itself.
ASCII_LETTER_LOOKALIKES = frozenset("\u0130\u0131\u017f\u212a")


@lru_cache(maxsize=1)
def _abbreviations(abbreviations: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    """Each abbreviation stripped, and with a full stop after it where it is letters only."""
    stripped = [abbreviation.strip() for abbreviation in abbreviations]
    return tuple((each, each + "." if each.isalpha() else None) for each in stripped)


class _AbbreviationReplacer(English.AbbreviationReplacer):
    """pySBD's English abbreviation pass, skipping an abbreviation that cannot change the line.

    pySBD looks for each of its 188 abbreviations wherever its letters occur ("no" in "not")
    and then rewrites the full stop after it: about half of segmentation's time. Every rewrite
    replaces a full stop that follows the abbreviation, so a letters-only abbreviation with no
    full stop after it in the line changes nothing and is skipped. A line with a letter that
    pySBD's case-blind patterns read as an ASCII one, and an abbreviation other than letters
    ("e.g": its dot is a pattern's wildcard there), take pySBD's own path.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        plain_line = ASCII_LETTER_LOOKALIKES.isdisjoint(text)
        for stripped, with_stop in _abbreviations(tuple(self.lang.Abbreviation.ABBREVIATIONS)):
            # with its full stop, a letters-only abbreviation is also in the line as it is
            if (with_stop if plain_line and with_stop else stripped) not in lowered:
                continue
            found = compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE).findall(text)
            if not found:
                continue
            next_characters = compiled(rf"(?<={{{re.escape(stripped)}}} ).{{1}}").findall(text)
            for index, match in enumerate(found):
                text = self.scan_for_replacements(text, match, index, next_characters)
        return text


class QuickEnglish(English):
    """pySBD's English, with the abbreviation pass above."""

    AbbreviationReplacer = _AbbreviationReplacer


# What every numbered list item with a full stop holds: a digit, the stop, a space or ")".
_NUMBER_THEN_STOP = re.compile(r"\d\.[\s)]")


class _ListItemReplacer(ListItemReplacer):
    """pySBD's list item pass, skipping the searches that cannot find an item (a quarter of
    pySBD's time, on every paragraph): an item in parentheses ends at ")", a numbered item with
    a full stop is a digit, the stop and a space or ")". Finding no item, pySBD changes nothing.
    Its letter items with a full stop are found by one lookbehind, "not after a non-space",
    which is what its three alternatives say together (after the start, the start, a space)."""

    ALPHABETICAL_LIST_WITH_PERIODS = r"(?<!\S)[a-z](?=\.)"
    text: str

    def iterate_alphabet_array(
        self, regex: str, parens: bool = False, roman_numeral: bool = False
    ) -> str:
        if parens and ")" not in self.text:
            return self.text
        return super().iterate_alphabet_array(regex, parens, roman_numeral)

    def scan_lists(self, regex1: str, regex2: str, replacement: str, strip: bool = False) -> None:
        if regex1 == self.NUMBERED_LIST_PARENS_REGEX and ")" not in self.text:
            return
        if regex1 == self.NUMBERED_LIST_REGEX_1 and not _NUMBER_THEN_STOP.search(self.text):
            return
        super().scan_lists(regex1, regex2, replacement, strip)


class QuickProcessor(Processor):
    """pySBD's Processor with the list item pass above: its `process`, line for line."""

    text: str

    def process(self) -> list[str] | str:
        if not self.text:
            return self.text
        self.text = self.text.replace("\n", "\r")
        self.text = _ListItemReplacer(self.text).add_line_break()
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        self.text = Text(self.text).apply(
            self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
            self.lang.GeoLocationRule,
            self.lang.FileFormatRule,
        )
        return self.split_into_segments()
