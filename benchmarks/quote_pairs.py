"""Precision and recall of quote pairing (tasks.link.quote_match) on the gold pairs.

    python benchmarks/quote_pairs.py [--sweep]

tests/data/quote_pairs.jsonl holds 420 pairs of quoted spans from PolNeAR train articles,
each labelled same or not same quotation, stored as references only (article name and
character offsets into ../shared/corpora/polnear/train/text/NAME.txt: the corpus text never
enters this repository). The pairs were drawn from every two quoted spans of different
articles sharing a run of three words, in strata by how much they share (all kinds of
near-misses, not only easy negatives), at most two pairs per pair of articles, and labelled
by reading them in their articles. Same: one span is the other, or the other trimmed,
truncated, re-punctuated, transcribed with small differences, or a part of it, also when a
speaker repeats another's line; not same: different statements sharing a commonplace
("I don't think it ..."), or another statement near a line without being it.

Prints precision, recall and the errors; `--sweep` also prints the best settings of the
four thresholds over a grid (how they were chosen) and a split-half check: thresholds
chosen on the even-numbered pairs and scored on the odd ones, and the other way round.
Needs ../shared/ (skips with a message where it is absent).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.link import quote_match  # noqa: E402

GOLD = ROOT / "tests" / "data" / "quote_pairs.jsonl"
TEXTS = ROOT.parent / "shared" / "corpora" / "polnear" / "train" / "text"
GRID = {
    "MIN_WORDS": (4, 5, 6),
    "ANCHOR": (3, 4, 5, 6),
    "COVERAGE": (0.7, 0.75, 0.8, 0.85, 0.9),
    "CONTENT_COVERAGE": (0.0, 0.7, 0.8, 0.9, 1.0),
}


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    why: str


def load_pairs(gold: Path = GOLD, texts: Path = TEXTS) -> list[Pair]:
    """The gold pairs with their texts read from the corpus."""
    cache: dict[str, str] = {}

    def span(ref: list) -> str:
        name, start, end = ref
        if name not in cache:
            cache[name] = (texts / f"{name}.txt").read_text(encoding="utf-8")
        return cache[name][start:end]

    rows = [json.loads(line) for line in gold.read_text().splitlines() if line.strip()]
    return [Pair(span(r["a"]), span(r["b"]), r["same"], r["why"]) for r in rows]


def score(pairs: list[Pair]) -> tuple[float, float, list[tuple[Pair, bool]]]:
    """Precision, recall and the misjudged pairs of `quote_match.same_quotation`."""
    judged = [(p, quote_match.same_quotation(quote_match.words(p.a), quote_match.words(p.b)))
              for p in pairs]  # fmt: skip
    tp = sum(p.same and said for p, said in judged)
    fp = sum(not p.same and said for p, said in judged)
    fn = sum(p.same and not said for p, said in judged)
    precision = tp / (tp + fp) if tp + fp else 0.0
    return precision, tp / (tp + fn), [(p, said) for p, said in judged if said != p.same]


def with_thresholds(settings: dict[str, float], pairs: list[Pair]) -> tuple[float, float]:
    saved = {name: getattr(quote_match, name) for name in settings}
    try:
        for name, value in settings.items():
            setattr(quote_match, name, value)
        precision, recall, _ = score(pairs)
    finally:
        for name, value in saved.items():
            setattr(quote_match, name, value)
    return precision, recall


def best(pairs: list[Pair]) -> tuple[dict[str, float], float, float]:
    """The grid's settings with the highest min(precision, recall) on `pairs`."""
    results = []
    for values in itertools.product(*GRID.values()):
        settings = dict(zip(GRID, values, strict=True))
        precision, recall = with_thresholds(settings, pairs)
        results.append((min(precision, recall), precision, recall, settings))
    top = max(results, key=lambda r: r[:3])
    return top[3], top[1], top[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="Also search the thresholds.")
    args = parser.parse_args()
    if not TEXTS.exists():
        print(f"skipped: {TEXTS} is absent (PolNeAR lives only in ../shared)")
        return 0
    pairs = load_pairs()
    same = sum(p.same for p in pairs)
    precision, recall, errors = score(pairs)
    current = {name: getattr(quote_match, name) for name in GRID}
    print(f"{len(pairs)} gold pairs ({same} same, {len(pairs) - same} not same); {current}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for pair, said in errors:
        verdict = "false match" if said else "missed"
        print(f"  {verdict} ({pair.why}): {pair.a[:70]!r} | {pair.b[:70]!r}")
    if args.sweep:
        settings, p, r = best(pairs)
        print(f"best on all pairs: {settings}: precision {p:.3f} recall {r:.3f}")
        halves = {"even": pairs[0::2], "odd": pairs[1::2]}
        for tune, check in (("even", "odd"), ("odd", "even")):
            settings, _, _ = best(halves[tune])
            p, r = with_thresholds(settings, halves[check])
            scores = f"precision {p:.3f} recall {r:.3f}"
            print(f"chosen on {tune}, scored on {check}: {settings}: {scores}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
