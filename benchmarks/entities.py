"""Entity stage vs bare spaCy on hand-annotated news passages, side by side.

    python benchmarks/entities.py

Gold: `tests/data/entity_gold.txt` (passages written for newslake, mentions marked
[text](LABEL)). A prediction is correct when its span and label equal a gold mention's;
only PERSON, ORG, GPE, LOC and NORP are scored. "bare spaCy" is `nlp(passage).ents` with the
same model (also shown without a leading "the", the stage's convention for names);
"entity stage" is newslake's whole per-document chain (`analyse_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tasks.extract.analyse import analyse_text
from tasks.text.nlp import load_model

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "entity_gold.txt"
LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
TITLE = "Benchmark passage\n"
_MARK = re.compile(r"\[([^\]]+)\]\(([A-Z]+)\)")

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    correct: int
    predicted: int
    gold: int


def read_gold(path: Path = GOLD) -> list[tuple[str, set[Span]]]:
    """(plain text, gold spans) per passage."""
    passages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, cursor = "", set(), 0
        for match in _MARK.finditer(line):
            text += line[cursor : match.start()]
            spans.add((len(text), len(text) + len(match.group(1)), match.group(2)))
            text += match.group(1)
            cursor = match.end()
        passages.append((text + line[cursor:], spans))
    return passages


def score(predicted: list[set[Span]], gold: list[set[Span]]) -> Scores:
    correct = sum(len(p & g) for p, g in zip(predicted, gold, strict=True))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    precision, recall = correct / max(n_pred, 1), correct / max(n_gold, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return Scores(precision, recall, f1, correct, n_pred, n_gold)


def bare_spacy(texts: list[str], trim_article: bool = False) -> list[set[Span]]:
    """spaCy's entities as they come; with `trim_article`, without a leading "the" (the
    stage's convention), to show how much of the gain that convention alone makes."""
    nlp = load_model()
    predicted = []
    for doc in nlp.pipe(texts):
        spans = set()
        for ent in (e for e in doc.ents if e.label_ in LABELS):
            first = ent[1] if trim_article and len(ent) > 1 and ent[0].lower_ == "the" else ent[0]
            spans.add((first.idx, ent.end_char, ent.label_))
        predicted.append(spans)
    return predicted


def entity_stage(texts: list[str]) -> list[set[Span]]:
    """Mentions from the full chain; the passage follows a title line, so shift offsets."""
    shift = len(TITLE) + 1  # the title block, then the blank line that separates blocks
    predicted = []
    for text in texts:
        analysis = analyse_text(TITLE + text)
        assert analysis.cleaned.text[shift:] == text
        predicted.append(
            {
                (m.start - shift, m.end - shift, m.label)
                for m in analysis.mentions
                if m.label in LABELS and m.start >= shift
            }
        )
    return predicted


def compare() -> dict[str, Scores]:
    passages = read_gold()
    texts, gold = [t for t, _ in passages], [g for _, g in passages]
    return {
        "bare spaCy": score(bare_spacy(texts), gold),
        "bare, no 'the'": score(bare_spacy(texts, trim_article=True), gold),
        "entity stage": score(entity_stage(texts), gold),
    }


if __name__ == "__main__":
    results = compare()
    gold_count = next(iter(results.values())).gold
    print(f"{len(read_gold())} passages, {gold_count} gold mentions (span + label exact)")
    print(f"{'system':<14}{'precision':>10}{'recall':>10}{'F1':>8}{'correct':>9}{'predicted':>11}")
    for name, s in results.items():
        print(
            f"{name:<14}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}"
            f"{s.correct:>9}{s.predicted:>11}"
        )
