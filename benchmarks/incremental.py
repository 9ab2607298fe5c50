"""Cost of an unchanged rerun: the second `newslake run` of a 500-article date as a share of
the first, each a whole command as a user runs it (process start, Prefect, the model).

    python benchmarks/incremental.py [--articles 500]

Builds one landing folder from PolNeAR's train texts in ../shared (skipped, with a message,
where it is absent). The first run processes the date; the second finds its input unchanged
and skips it before Prefect starts. Target: the second costs at most 5% of the first on a
quiet machine, and under 10 s on a busy one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear" / "train" / "text"
NEWSLAKE = str(Path(sys.executable).parent / "newslake")


def _timed(*args: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([NEWSLAKE, *args], env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent (PolNeAR lives only in ../shared)")
        return 0
    texts = sorted(CORPUS.glob("*.txt"))[: args.articles]
    with tempfile.TemporaryDirectory() as scratch:
        folder, lake = Path(scratch) / "landing", Path(scratch) / "lake"
        folder.mkdir()
        for path in texts:
            shutil.copy(path, folder / path.name)
        env = os.environ | {"PREFECT_HOME": str(Path(scratch) / "prefect-home")}
        command = ["run", "--input", str(folder), "--date", "2016-11-01", "--lake", str(lake)]
        first, _ = _timed(*command, env=env)
        second, output = _timed(*command, env=env)
    print(f"first run:  {first:7.2f} s, {len(texts)} articles processed")
    print(f"second run: {second:7.2f} s, {' '.join(output.split())}")
    print(f"second / first = {second / first:.1%} (target <= 5%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
