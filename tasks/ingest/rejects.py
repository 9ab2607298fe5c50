"""What the pipeline refused and why: one `rejects` row per file, archive record or manifest
row that could not become (part of) a document."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from tasks.lake.schema import PIPELINE_VERSION

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


def reject_rows(rejects: list[Reject], date: dt.date, run_id: str) -> list[dict[str, Any]]:
    """`rejects` as rows of the `rejects` table."""
    common = {"date": date, "run_id": run_id, "pipeline_version": PIPELINE_VERSION}
    return [{**common, **asdict(reject)} for reject in rejects]
