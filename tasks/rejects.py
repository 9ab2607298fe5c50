"""What the pipeline refused and why: one `rejects` row per file, archive record or manifest
row that could not become (part of) a document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Where a file was refused: reading, cleaning, sentence splitting, page dedupe, the spaCy
# pass, extraction, or a batch whose worker died or ran out of time.
Stage = Literal["ingest", "clean", "segment", "dedupe", "nlp", "extract", "worker"]


@dataclass(frozen=True)
class Reject:
    """A file the pipeline refused, with why: becomes one `rejects` row."""

    source_path: str
    sha256: str | None
    stage: Stage
    reason: str
    message: str
