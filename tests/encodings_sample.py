"""An article with the characters encodings get wrong (curly quotes, dashes, accents, the
euro sign), and the mojibake a wrong decoding makes of it: for the quarantine tests and the
real-world flow test."""

from __future__ import annotations

ARTICLE = (
    "Council backs “green” budget\n"
    "Mayor Jo Park said on Monday that the city’s new budget — worth €2 million — was "
    "“the greenest yet,” and critics’ objections were “naïve.”\n"
    "The council voted 7-2 in favour of the plan after a long debate about the café tax.\n"
)


def mojibake(text: str) -> bytes:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")
