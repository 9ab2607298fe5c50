"""Speaker identity on PolNeAR: dev, the 120 annotated train articles, and two halves of them.

    python benchmarks/identity.py [--keep FOLDER]

Extracts dev's and train's texts and gold relations (`polnear_eval.py extract-gold`), runs
the real pipeline (`newslake run`) on the 84 dev articles and, in a lake of their own, on
the 120 train articles that `train_identity.jsonl` annotates, then prints the identity
evaluator's figures for dev, train half A, train half B and the whole 120.

The halves are split by article: within each publisher, articles sorted by the SHA-1 of
their name go alternately to A and B, so both halves hold every publisher. Rules are written
from half A's misses only; half B and dev say whether they hold on text they were not
written for. Needs ../shared/ (the corpus is never copied into this repository).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT.parent / "shared" / "tools"
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear"
FIGURES = ("name_acc", "wrong_person", "no_name", "org_name_acc", "person_e2e", "id_purity")
DATE = "2016-11-01"


def halves(identity: Path, metadata: Path) -> tuple[set[str], set[str]]:
    """The annotated articles split in two by article, balanced across publishers."""
    lines = identity.read_text(encoding="utf-8").splitlines()
    articles = {json.loads(line)["doc"] for line in lines if line.strip()}
    with metadata.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        publisher = {row["filename"]: row["publisher"] for row in rows}
    by_publisher: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_publisher[publisher[article]].append(article)
    first: set[str] = set()
    for names in by_publisher.values():
        ordered = sorted(names, key=lambda name: hashlib.sha1(name.encode()).hexdigest())
        first.update(ordered[::2])
    return first, articles - first


def _only(identity: Path, articles: set[str], out: Path) -> Path:
    """The identity annotations of `articles`, written to `out` (scratch, never the repo)."""
    lines = identity.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.strip() and json.loads(line)["doc"] in articles]
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return out


def _run_lake(texts: Path, lake: Path) -> None:
    """`newslake run` over one folder of texts, as a user would run it."""
    command = [sys.executable, "-m", "flows.cli", "run", "--input", str(texts), "--date", DATE]
    subprocess.run([*command, "--lake", str(lake)], check=True, capture_output=True, cwd=ROOT)


def _score(gold: Path, identity: Path, lake: Path) -> dict[str, float | None]:
    """The identity evaluator's figures for one lake and one identity file."""
    command = [sys.executable, str(TOOLS / "identity_eval.py"), "--gold", str(gold)]
    command += ["--identity", str(identity), "--lake", str(lake), "--json-only"]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, float | None] = json.loads(result.stdout)
    return figures


def _failed_documents(lake: Path) -> int:
    """Documents whose ingest, cleaning, segmentation, NLP or extraction raised."""
    import polars as pl

    rejects = pl.read_parquet(lake / "rejects" / "**" / "*.parquet")
    return rejects.filter(pl.col("reason") == "error").height


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Keep the gold, texts and lakes here.")
    args = parser.parse_args()
    if not (TOOLS / "identity_eval.py").exists() or not CORPUS.exists():
        print(f"skipped: {TOOLS.parent} is absent (PolNeAR lives only in ../shared)")
        return 0
    train_identity = CORPUS / "train_identity.jsonl"
    half_a, half_b = halves(train_identity, CORPUS / "metadata.tsv")
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        for split in ("dev", "train"):
            command = [sys.executable, str(TOOLS / "polnear_eval.py"), "extract-gold"]
            command += ["--source", str(CORPUS), "--split", split, "--out", str(work / split)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        texts = work / "train-identity-texts"
        texts.mkdir(exist_ok=True)
        for article in sorted(half_a | half_b):
            shutil.copy(work / "train" / "text" / f"{article}.txt", texts)
        _run_lake(work / "dev" / "text", work / "dev-lake")
        _run_lake(texts, work / "train-lake")
        sets = {
            "dev": (work / "dev", CORPUS / "dev_identity.jsonl", work / "dev-lake"),
            "train half A": (
                work / "train",
                _only(train_identity, half_a, work / "a.jsonl"),
                work / "train-lake",
            ),  # fmt: skip
            "train half B": (
                work / "train",
                _only(train_identity, half_b, work / "b.jsonl"),
                work / "train-lake",
            ),  # fmt: skip
            "train 120": (work / "train", train_identity, work / "train-lake"),
        }
        rows = {name: _score(*paths) for name, paths in sets.items()}
        failed = {name: _failed_documents(work / name) for name in ("dev-lake", "train-lake")}
    print(f"half A: {len(half_a)} articles, half B: {len(half_b)} articles\n")
    for lake, count in failed.items():  # a rule that raises costs its documents silently
        print(f"{lake}: {count} document(s) failed inside the pipeline (rejects, reason error)")
    print("| set | " + " | ".join(FIGURES) + " |")
    print("| --- |" + " --- |" * len(FIGURES))
    for name, figures in rows.items():
        cells = ("n/a" if figures[f] is None else f"{figures[f]:.3f}" for f in FIGURES)
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
