"""How long a text is, judged by its script rather than by its spaces.

Chinese, Japanese, Thai and a few other scripts write words without spaces between them: split
on spaces, an 857-character Japanese article counts as 18 "words" and reads as a teaser. Here
a run of such characters counts as one word per CHARS_PER_WORD characters, and a text in
any other script counts its words between spaces, exactly as before.
"""

from __future__ import annotations

import re

# Scripts written without spaces between words: CJK ideographs (and their extensions and
# compatibility forms), hiragana, katakana, Thai, Lao, Khmer, Myanmar, Tibetan.
_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u0f00-\u0fff"  # Tibetan
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
)
UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# A word of Chinese or Japanese news is about two characters long (one to four).
CHARS_PER_WORD = 2


def unspaced_chars(text: str) -> int:
    """Characters of scripts written without spaces between words."""
    return len(UNSPACED_CHAR.findall(text))


def word_count(text: str) -> int:
    """Words of `text`: between spaces, plus one per CHARS_PER_WORD characters of the
    scripts written without spaces (a mixed text counts each part its own way)."""
    unspaced = unspaced_chars(text)
    if not unspaced:
        return len(text.split())
    rest = UNSPACED_CHAR.sub(" ", text).split()  # its punctuation ("。") is no word
    words = sum(any(ch.isalnum() for ch in part) for part in rest)
    return words + -(-unspaced // CHARS_PER_WORD)
