"""Speaker gender on PolNeAR: dev, the 120 annotated train articles, and their two halves.

    python benchmarks/gender.py [--keep FOLDER] [--reuse]

Builds the same lakes as benchmarks/identity.py (`newslake run` on the 84 dev articles and,
in a lake of their own, on the 120 train articles `train_identity.jsonl` annotates), then
prints the gender evaluator's figures (`gender_eval.py`: gender_acc, gender_coverage,
guess_on_unknown, the share of quotes by women, gold and predicted, and their gap) for dev,
train half A (the articles rules are written from), train half B and the whole 120.
`--reuse` scores the lakes already in `--keep` instead of building them again. Needs
../shared/ (the corpus is never copied into this repository).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import identity  # noqa: E402  (the lakes and halves of the identity benchmark)

FIGURES = (
    "gender_acc",
    "gender_coverage",
    "guess_on_unknown",
    "female_share_gold",
    "female_share_pred",
    "female_share_gap",
)


def _score(gold: Path, people: Path, genders: Path, lake: Path) -> dict[str, float | None]:
    """The gender evaluator's figures for one lake and one identity file."""
    command = [sys.executable, str(identity.TOOLS / "gender_eval.py"), "--gold", str(gold)]
    command += ["--identity", str(people), "--gender", str(genders), "--lake", str(lake)]
    result = subprocess.run([*command, "--json-only"], check=True, capture_output=True, text=True)
    figures: dict[str, float | None] = json.loads(result.stdout)
    return figures


def _build(work: Path, articles: set[str]) -> None:
    """Gold folders for both splits, and a lake of dev and one of the annotated train texts."""
    for split in ("dev", "train"):
        command = [sys.executable, str(identity.TOOLS / "polnear_eval.py"), "extract-gold"]
        command += ["--source", str(identity.CORPUS), "--split", split, "--out", str(work / split)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    texts = work / "train-identity-texts"
    texts.mkdir(exist_ok=True)
    for article in sorted(articles):
        (texts / f"{article}.txt").write_bytes(
            (work / "train" / "text" / f"{article}.txt").read_bytes()
        )
    identity._run_lake(work / "dev" / "text", work / "dev-lake")
    identity._run_lake(texts, work / "train-lake")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Keep the gold, texts and lakes here.")
    parser.add_argument("--reuse", action="store_true", help="Score the lakes in --keep.")
    args = parser.parse_args()
    corpus = identity.CORPUS
    if not (identity.TOOLS / "gender_eval.py").exists() or not corpus.exists():
        print(f"skipped: {identity.TOOLS.parent} is absent (PolNeAR lives only in ../shared)")
        return 0
    if args.reuse and args.keep is None:
        parser.error("--reuse needs --keep FOLDER")
    train_identity = corpus / "train_identity.jsonl"
    half_a, half_b = identity.halves(train_identity, corpus / "metadata.tsv")
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        if not args.reuse:
            _build(work, half_a | half_b)
        train, genders = work / "train", corpus / "train_gender.jsonl"
        sets = {
            "dev": (work / "dev", corpus / "dev_identity.jsonl", corpus / "dev_gender.jsonl"),
            "train half A": (
                train,
                identity._only(train_identity, half_a, work / "a.jsonl"),
                genders,
            ),
            "train half B": (
                train,
                identity._only(train_identity, half_b, work / "b.jsonl"),
                genders,
            ),
            "train 120": (train, train_identity, genders),
        }
        lakes = {"dev": work / "dev-lake"}
        rows = {
            name: _score(*paths, lakes.get(name, work / "train-lake"))
            for name, paths in sets.items()
        }
    print(f"half A: {len(half_a)} articles, half B: {len(half_b)} articles\n")
    print("| set | " + " | ".join(FIGURES) + " |")
    print("| --- |" + " --- |" * len(FIGURES))
    for name, figures in rows.items():
        cells = ("n/a" if figures[f] is None else f"{figures[f]:.3f}" for f in FIGURES)
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
