"""What ingest hands on: a landed file as discovery found it (`FileRef`) and its decoded text
(`RawDoc`). Value types only, so every later stage can name them without importing how files
are found, read or decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tasks.ingest.landed import Seen
    from tasks.ingest.warc import Record

ContentType = Literal["text", "html", "warc"]
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileRef:
    """A landing file found by discovery: small enough to pass between tasks."""

    path: str  # what to open: a local path or a URL
    source_path: str
    size: int
    sha256: str  # of the file's bytes; of the page's bytes for a page in an archive
    meta: dict[str, str] = field(default_factory=dict)
    record: Record | None = None  # where the page is, for a page in a WARC archive
    seen: Seen | None = None  # the file (the archive, for a page) as discovery saw it


@dataclass(frozen=True)
class RawDoc:
    """Decoded text of one file, keyed by the sha256 of its bytes."""

    ref: FileRef
    text: str
    encoding: str
    content_type: ContentType = "text"  # what the text was read from
    titled: bool = True  # the first line is the title (a page without a headline: False)
    extraction: str | None = None  # a page's extraction pass (tasks.ingest.extraction)
