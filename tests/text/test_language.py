"""Language identification counts py3langid's features with numpy: the proof that its automaton
forgets after WINDOW_BYTES bytes, and the same counts and scores as py3langid's own."""

from __future__ import annotations

import random

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from tasks.text.language import (
    BYTE_VALUES,
    WINDOW_BYTES,
    _identifier,
    language_scores,
    window_counts,
)

PAIRS_PER_CHUNK = 4096  # bounds the memory of the proof to a few tens of megabytes


def test_the_automaton_forgets_after_window_bytes():
    """From any state and from the start state, the same WINDOW_BYTES bytes lead to the same
    state: every pair of states (any, start) is walked over every byte, WINDOW_BYTES times,
    keeping only the pairs still apart (walks that share their transition rows are one)."""
    identifier = _identifier()
    moves = identifier._moves.reshape(-1, BYTE_VALUES).astype(np.int64)
    rows = identifier._rows.astype(np.int64)
    n_rows = len(moves)
    apart = np.stack([np.arange(len(rows)), np.zeros(len(rows), dtype=np.int64)])
    for _ in range(WINDOW_BYTES):
        apart = apart[:, apart[0] != apart[1]]
        row_pairs = np.unique(rows[apart[0]] * n_rows + rows[apart[1]])
        walked = []
        for chunk in np.array_split(row_pairs, len(row_pairs) // PAIRS_PER_CHUNK + 1):
            first, second = np.divmod(chunk, n_rows)
            pairs = np.stack([moves[first].ravel(), moves[second].ravel()])
            walked.append(np.unique(pairs[:, pairs[0] != pairs[1]], axis=1))
        apart = np.concatenate(walked, axis=1)
    assert apart.shape[1] == 0


def _texts() -> list[bytes]:
    """Invented texts in several scripts, random bytes, and the lengths around the window."""
    rng = random.Random(5)
    words = "the mayor said on Monday le maire a dit der Bürgermeister 市长说 мэр сказал".split()
    texts = [" ".join(rng.choices(words, k=rng.randrange(0, 60))).encode() for _ in range(300)]
    texts += [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40))) for _ in range(300)]
    texts += [b"abcdefghij"[:n] for n in range(11)]
    return texts


def test_window_counts_are_py3langids_counts_in_its_order():
    identifier = _identifier()
    for text in _texts():
        ours = window_counts(identifier._moves, identifier._rows, identifier._features, text)
        theirs = visit_counts(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text
        )
        assert list(ours.items()) == list((theirs or {}).items()), text


def test_scores_are_py3langids_own():
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in _texts()[:300] + [b"", b"   ", b"12345"]:
        assert _identifier().rank(text) == plain.rank(text), text
    assert language_scores("Le maire a dit lundi que la ville allait bien.")[0] == "fr"
