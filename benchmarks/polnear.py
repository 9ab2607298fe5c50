"""Score quote extraction on PolNeAR (train or dev) with the shared evaluator.

    python benchmarks/polnear.py --split dev
    python benchmarks/polnear.py --split train --halves

Extracts the split's texts and gold relations to a temporary folder, runs the real
pipeline (`newslake run`) on them into a temporary lake, then prints the evaluator's
figures at thresholds 0.5 and 0.9 and the run's time per stage. `--halves` adds the
figures at 0.5 of two fixed halves of the articles (by a hash of each article's name):
rules are written looking at half A and kept only if half B gains too. Needs ../shared/
(the corpus is the publishers' text and is never copied into this repository).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
EVALUATOR = ROOT.parent / "shared" / "tools" / "polnear_eval.py"
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear"
HALVES = ("A", "B")
HEADLINE = "0.5"  # the evaluator's headline threshold
FIGURES = (  # (label, key of the evaluator's result at one threshold)
    ("P", "precision"),
    ("R direct", "recall_direct"),
    ("R speech", "recall_speech"),
    ("F1", "f1"),
    ("speaker acc", "speaker_acc"),
    ("speaker found", "speaker_found_rate"),
)


def half(name: str) -> str:
    """The half an article belongs to: a fixed split by a hash of its name, so a rule built
    on half A can be checked on articles it was not written for (half B)."""
    return HALVES[int(hashlib.md5(name.encode()).hexdigest(), 16) % 2]


def _evaluator() -> ModuleType:
    """The shared evaluator as a module (it lives in ../shared, not in this repository)."""
    spec = importlib.util.spec_from_file_location("polnear_eval", EVALUATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def print_halves(gold: Path, lake: Path) -> None:
    """P, recalls, F1 and speaker figures at 0.5 of each half of the split's articles."""
    evaluator = _evaluator()
    relations = evaluator.load_gold(gold)
    predictions, _ = evaluator.load_lake_predictions(lake)
    print("| half | articles | " + " | ".join(label for label, _ in FIGURES) + " |")
    print("| --- " * (len(FIGURES) + 2) + "|")
    for which in HALVES:
        names = [n for n in evaluator.gold_docs(gold) if half(n) == which]
        kept = set(names)
        result = evaluator.score(
            [r for r in relations if r["doc"] in kept],
            [p for p in predictions if p["doc"] in kept],
            thresholds=[float(HEADLINE)],
            docs=names,
        )["by_threshold"][HEADLINE]
        values = " | ".join(f"{result[key]:.3f}" for _, key in FIGURES)
        print(f"| {which} | {len(names)} | {values} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--halves", action="store_true", help="also score each half at 0.5")
    args = parser.parse_args()
    if not EVALUATOR.exists() or not CORPUS.exists():
        print(f"skipped: {EVALUATOR.parent.parent} is absent (PolNeAR lives only in ../shared)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        gold, lake = Path(scratch) / "gold", Path(scratch) / "lake"
        python = sys.executable
        evaluator = [python, str(EVALUATOR)]
        subprocess.run(
            [*evaluator, "extract-gold", "--source", str(CORPUS), "--split", args.split]
            + ["--out", str(gold)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        newslake = [python, "-m", "flows.cli", "run", "--input", str(gold / "text")]
        run = subprocess.run(
            [*newslake, "--date", "2016-11-01", "--lake", str(lake)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        print("\n".join(line for line in run.stdout.splitlines() if "|" not in line[:30]))
        subprocess.run(
            [*evaluator, "score-lake", "--gold", str(gold), "--lake", str(lake)], check=True
        )
        if args.halves:
            print_halves(gold, lake)
    return 0


if __name__ == "__main__":
    sys.exit(main())
