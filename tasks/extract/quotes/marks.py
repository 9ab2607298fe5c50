"""Quote marks: pairing opening and closing marks within paragraphs. Pure string code.

Curly, straight, angle and ``''...''`` marks are paired per paragraph, so an unbalanced mark
never swallows more than its paragraph; a quote of another style inside a quote is nested and
stays in the outer content; apostrophes are never marks. A paragraph left open whose
successor opens again continues the same quote (news style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.text.parts import Block

MARK = re.compile(r"``|''|[“”«»„\"]")
_TRIM = " \t\n,;:—–-"
_STYLE = {"“": "curly", "”": "curly", "„": "curly", "«": "angle", "»": "angle"}
_STYLE |= {'"': "straight", "``": "double", "''": "double"}


@dataclass(frozen=True)
class Marked:
    """Content between quote marks within one paragraph."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    paragraph_index: int
    continued: bool  # this paragraph re-opens a quote the previous one left open


def _role(paragraph: str, at: int, mark: str) -> str:
    """'open' or 'close': curly marks say so; straight ones by the spaces around them."""
    if mark in "“„«" or mark == "``":
        return "open"
    if mark in "”»":  # a closing glyph opening a paragraph is a typo for an opening one
        return "open" if at == 0 else "close"
    before = paragraph[at - 1] if at else " "
    after = paragraph[at + len(mark) : at + len(mark) + 1]
    opens = (before.isspace() or before in "([{—–-/") and after != "" and not after.isspace()
    return "open" if opens else "close"


def pair_marks(paragraph: str) -> tuple[list[tuple[int, int, int, int | None]], bool]:
    """(opening mark, content start, content end, closing mark) of each top-level quote, and
    whether the paragraph ends inside one.

    A quote of another style inside a quote is nested and kept in the outer content; a second
    opener of the outer style means the first was stray, so the quote restarts there.
    """
    spans: list[tuple[int, int, int, int | None]] = []
    stack: list[tuple[str, int, int]] = []  # (style, position, mark length)
    for match in MARK.finditer(paragraph):
        at, mark = match.start(), match.group()
        style, role = _STYLE[mark], _role(paragraph, at, mark)
        if not stack:
            if role == "open":
                stack.append((style, at, len(mark)))
            continue
        if role == "close":
            if len(stack) == 2 and style == stack[-1][0]:
                stack.pop()
                continue
            if len(stack) == 2 and style != stack[0][0]:
                continue
            _, opened, length = stack[0]
            spans.append((opened, opened + length, at, at))
            stack.clear()
        elif style != stack[-1][0] and len(stack) < 2:
            stack.append((style, at, len(mark)))
        elif len(stack) == 1:
            stack[0] = (style, at, len(mark))
    if stack:
        _, opened, length = stack[0]
        spans.append((opened, opened + length, len(paragraph), None))
    return spans, bool(stack)


def find_marked(text: str, blocks: tuple[Block, ...]) -> list[Marked]:
    """Quotes between paired marks, paragraph by paragraph; apostrophes are never marks.

    An unclosed quote ends with its paragraph; when the next paragraph opens with a quote
    mark, that quote continues the open one (news style).
    """
    spans: list[Marked] = []
    left_open = False
    for index, block in enumerate(blocks):
        paragraph = text[block.start : block.end]
        pairs, ends_open = pair_marks(paragraph)
        for opened, start, end, close in pairs:
            spans.append(
                Marked(
                    block.start + start,
                    block.start + end,
                    block.start + opened,
                    None if close is None else block.start + close,
                    index,
                    continued=left_open and opened == 0,
                )
            )
        left_open = ends_open
    return [span for span in spans if text[span.start : span.end].strip()]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, list punctuation and enclosing quote marks."""
    while start < end and (text[start] in _TRIM or MARK.match(text, start)):
        start += 2 if text.startswith(("``", "''"), start) else 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in "”»\"'"):
        end -= 1
    return start, end


# A closing mark right after a span, past the punctuation an American-style quote keeps inside.
_CLOSES_AFTER = {
    "“": re.compile(r"[.,!?;:…]?”"),
    "«": re.compile(r"[.,!?;:…]? ?»"),
    '"': re.compile(r'[.,!?;:…]?"(?=\s|$)'),
}
_CLOSING = {"“": "”", "«": "»", '"': '"'}


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a reported statement with its quote marks paired: where it holds an
    opening mark whose closing mark it stops short of ('was “true.' -> 'was “true.”'), it
    takes that mark in; where it holds a closing mark whose opening mark stands right
    before it, it takes that one in. A mark it cannot pair stays as written."""
    content = text[start:end]
    for opening, closing in _CLOSING.items():
        if opening == closing:  # straight marks: the lone one opens if a word follows it
            if content.count(opening) % 2 == 0:
                continue
            at = content.rfind(opening)
            opens = at == 0 or content[at - 1].isspace()
        else:
            difference = content.count(opening) - content.count(closing)
            if difference == 0:
                continue
            opens = difference > 0
        if opens:
            after = _CLOSES_AFTER[opening].match(text, end)
            if after is not None:
                return start, after.end()
        elif start > 0 and text[start - 1] == opening:
            return start - 1, end
    return start, end
