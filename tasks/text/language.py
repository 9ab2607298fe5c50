"""Language identification: py3langid, whose model ships inside the package (no download).

py3langid counts its byte n-gram features by walking an automaton over the text one byte at a
time in Python, a third of cleaning's cost. Its automaton forgets: after any WINDOW_BYTES
bytes it is in the same state whatever state it started from (tests/text/test_language.py
proves it on the model), so the state after each byte is the state reached from the start on
the WINDOW_BYTES bytes that end there, which numpy computes for every byte at once. The counts,
in py3langid's order (first occurrence), go to py3langid's own scoring: the same scores.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 3000
WINDOW_BYTES = 6  # how many bytes back the automaton's state depends on (the test proves it)
BYTE_VALUES = 256  # the automaton's transition table has one column per byte value


def window_counts(
    moves: np.ndarray, rows: np.ndarray, features: np.ndarray, text: bytes
) -> Counter[int]:
    """{feature: count} for `text` as py3langid's `visit_counts` counts it (keys in order of
    first occurrence): `moves` is its transition table (BYTE_VALUES entries per distinct row),
    `rows` each state's row, `features` each state's feature (-1 for none)."""
    data = np.frombuffer(text, dtype=np.uint8).astype(np.intp)
    states = np.zeros(len(data), dtype=np.intp)
    for lag in range(WINDOW_BYTES - 1, -1, -1):  # the byte `lag` places back, oldest first
        if lag < len(data):
            here = states[lag:]
            states[lag:] = moves[rows[here] * BYTE_VALUES + data[: len(data) - lag]]
    found = features[states]
    return Counter(found[found >= 0].tolist())


class WindowedIdentifier(LanguageIdentifier):
    """py3langid's identifier, its feature counts taken by `window_counts`."""

    __slots__ = ("_features", "_moves", "_rows")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moves = np.frombuffer(self.tk_nextmove, dtype=self.tk_nextmove.typecode)
        self._rows = np.frombuffer(self.tk_row, dtype=self.tk_row.typecode).astype(np.intp)
        self._features = np.asarray(self.tk_output, dtype=np.intp)

    def _raw_score(self, text: bytes) -> np.ndarray:
        visits = window_counts(self._moves, self._rows, self._features, text)
        if not visits:  # py3langid's own answer for a text without features
            return super()._raw_score(text)
        return self._sparse_score(visits, self.nb_ptc)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return WindowedIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_scores(text: str) -> tuple[str, float]:
    """(most likely ISO 639-1 code, probability that the text is English), judged on its
    first few thousand characters."""
    ranked = _identifier().rank(text[:SAMPLE_CHARS])
    english = next((p for code, p in ranked if code == "en"), 0.0)
    return ranked[0][0], float(english)
