"""Score quote extraction on PolNeAR (train or dev) with the shared evaluator.

    python benchmarks/polnear.py --split dev

Extracts the split's texts and gold relations to a temporary folder, runs the real
pipeline (`newslake run`) on them into a temporary lake, then prints the evaluator's
figures at thresholds 0.5 and 0.9 and the run's time per stage. Needs ../shared/ (the
corpus is the publishers' text and is never copied into this repository).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALUATOR = ROOT.parent / "shared" / "tools" / "polnear_eval.py"
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
