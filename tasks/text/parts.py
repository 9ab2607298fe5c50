"""The cleaned text and its parts as later stages read them: blocks (title, standfirst, body
paragraphs) and sentences, with exact offsets. Value types only, so extraction and linking name
them without importing how text is cleaned or segmented.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tasks.ingest.refs import RawDoc

Part = Literal["title", "standfirst", "body"]


@dataclass(frozen=True)
class Block:
    """A paragraph-like block of the cleaned text: title, standfirst or body paragraph."""

    start: int
    end: int
    part: Part


@dataclass(frozen=True)
class CleanDoc:
    raw: RawDoc
    text: str
    title: str
    standfirst: str | None
    blocks: tuple[Block, ...]
    language: str = "en"  # ISO 639-1; "und" (undetermined) for a text too short to judge

    @property
    def n_paragraphs(self) -> int:
        return sum(block.part == "body" for block in self.blocks)


@dataclass(frozen=True)
class Sentence:
    paragraph_index: int
    sentence_index: int
    part: str
    start: int
    end: int
    text: str


def sentence_index_at(starts: list[int], char: int) -> int:
    """Index of the sentence holding offset `char`, given the sorted sentence starts."""
    return max(bisect.bisect_right(starts, char) - 1, 0)
