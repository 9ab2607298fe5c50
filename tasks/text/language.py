"""Language identification: py3langid, whose model ships inside the package (no download)."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_scores(text: str) -> tuple[str, float]:
    """(most likely ISO 639-1 code, probability that the text is English), judged on its
    first few thousand characters."""
    ranked = _identifier().rank(text[:SAMPLE_CHARS])
    english = next((p for code, p in ranked if code == "en"), 0.0)
    return ranked[0][0], float(english)
