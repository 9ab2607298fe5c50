"""Bytes to text, as articles and manifests are decoded: a BOM decides, else UTF-8, else
cp1252 (what spreadsheet programs and older Windows tools write), else detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode bytes: a BOM decides, else UTF-8, else cp1252, else detection.

    Raises UnicodeDecodeError when nothing gives a plausible text.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw).best()
    if best is None:
        raise UnicodeDecodeError("unknown", raw[:1], 0, 1, "no encoding fits these bytes")
    return str(best), best.encoding
