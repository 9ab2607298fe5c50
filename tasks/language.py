"""Language identification: py3langid, whose model ships inside the package (no download)."""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 3000


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, judged on its first few thousand characters."""
    return py3langid.classify(text[:SAMPLE_CHARS])[0]
