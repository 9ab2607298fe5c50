"""The quote row every extraction step produces, and its stable id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

# direct: a full quotation; mixed: reported speech holding a partial quote; indirect: reported.
Kind = Literal["direct", "mixed", "indirect"]


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: Kind
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str | None = None
    speaker_label: str | None = None
    cue: str | None = None
    cue_lemma: str | None = None
    speaker_entity_id: str | None = None
    headline: bool = False  # in the headline or standfirst: the outlet restating the body
    paragraph_index: int = 0
    sentence_index: int = 0


def quote_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:20]
