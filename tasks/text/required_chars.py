"""The characters of which every match of a regular expression holds one, read from the pattern:
a text that holds none of them cannot match, and the search need not run.

pySBD runs about a hundred patterns over every paragraph it splits, and three in four cannot
match there (most look for its own placeholders, "&ᓴ&", or for punctuation the paragraph lacks):
looking for a character or two is cheaper than running the search.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]  # re's parser: no stubs
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_REQUIRED_CHARS = 16  # a larger set costs about what the search it would spare costs
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def required_chars(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Characters of which every match of `pattern` holds at least one (the fewest found), or
    None where the pattern gives no such small set. A case-blind pattern gives none: its letters
    match others ("k" the Kelvin sign)."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    return tuple(sorted(found)) if found is not None else None


def _sequence(items: Any) -> frozenset[str] | None:
    """The smallest set required by one of the items that every match of the sequence
    consumes: a character, a set of characters, a group, alternatives, a repeat of one or more.
    Lookarounds and anchors consume nothing and are passed over."""
    best: frozenset[str] | None = None
    for op, arg in items:
        found = _item(op, arg)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _item(op: Any, arg: Any) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return frozenset(chr(arg))
    if op is sre.IN:
        return _char_set(arg)
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = arg
        return None if add_flags & re.IGNORECASE else _sequence(items)
    if op is sre.BRANCH:
        branches = [_sequence(branch) for branch in arg[1]]
        if any(branch is None for branch in branches):
            return None
        union = frozenset().union(*branches)  # type: ignore[arg-type]
        return union if len(union) <= MAX_REQUIRED_CHARS else None
    if op in _REPEATS and arg[0] >= 1:
        return _sequence(arg[2])
    return None


def _char_set(items: Any) -> frozenset[str] | None:
    """The characters of a [...] set of literals and short ranges; None for any other."""
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] < MAX_REQUIRED_CHARS:
            chars.update(map(chr, range(arg[0], arg[1] + 1)))
        else:  # a negation, a category (\d, \s), a long range
            return None
    return frozenset(chars) if len(chars) <= MAX_REQUIRED_CHARS else None


def cannot_match(required: tuple[str, ...] | None, text: str) -> bool:
    """True when `text` holds none of the `required` characters (None: nothing is known)."""
    if required is None:
        return False
    for char in required:  # noqa: SIM110  (a generator would cost more than the tests)
        if char in text:
            return False
    return True
