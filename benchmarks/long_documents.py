"""Cost per kilobyte of hostile document shapes at 10 KB, 100 KB and 1 MB: it must stay within
3x from 10 KB to 1 MB (every stage linear, or n log n, in a document's length).

    python benchmarks/long_documents.py [--sizes 10,100,1000]

Each shape is written as one file and run through a worker's whole per-document chain
(`tasks.run.batch.process_files`: read, clean, segment, the spaCy pass, extraction, staging), once
the model is loaded. The shapes are those that once hung a nightly run:
- transcript: one paragraph of `"Word0," he said. "Word1," he said. ...` (a debate);
- lines: one-word lines, 50,000 of them at 250 KB;
- straight: a title, then a wall of straight quote marks;
- curly: a title, then a wall of curly quote marks;
- paragraph: a body of one long paragraph of prose;
- title: a title line of the whole size, then a short body.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.ingest.discover import discover  # noqa: E402
from tasks.run.batch import process_files  # noqa: E402
from tasks.run.batches import Batch  # noqa: E402
from tasks.text.nlp import load_model  # noqa: E402

LIMIT = 10 * 2**20  # bytes: every shape is read, whatever its size
PROSE = "The council met on Tuesday and the mayor said the budget was balanced, officials said. "


def _repeat(unit: Callable[[int], str], size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        parts.append(unit(n))
        total, n = total + len(parts[-1]), n + 1
    return "".join(parts)


SHAPES: dict[str, Callable[[int], str]] = {
    "transcript": lambda size: (
        "Debate transcript\n\n" + _repeat(lambda n: f'"Word{n}," he said. ', size)
    ),
    "lines": lambda size: "Lines\n\n" + _repeat(lambda n: f"word{n}\n", size),
    "straight": lambda size: "A title\n\n" + '"' * size,
    "curly": lambda size: "A title\n\n" + "“”" * (size // 2),
    "paragraph": lambda size: "Council\n\n" + _repeat(lambda n: PROSE, size),
    "title": lambda size: _repeat(lambda n: "Big ", size) + "\n\nA short body follows. It ends.\n",
}


def _time(text: str, scratch: Path) -> tuple[float, str]:
    """Seconds for one document through the chain, and what became of it."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    refs, _ = discover(folder, max_bytes=LIMIT)
    started = time.perf_counter()
    result = process_files(
        Batch(
            refs=refs,
            date=dt.date(2026, 1, 1),
            run_id="bench",
            stage=str(folder / "stage"),
            part="0",
            max_bytes=LIMIT,
        )
    )
    seconds = time.perf_counter() - started
    if result.rejects:
        return seconds, f"rejected: {result.rejects[0].reason}"
    return seconds, f"{result.quotes} quotes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="kilobytes, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    load_model()
    with tempfile.TemporaryDirectory() as scratch:
        _time(SHAPES["paragraph"](2_000), Path(scratch))  # warm up: language model, first pass
        header = "".join(f"{f'{kb} KB ms/KB':>16}" for kb in sizes)
        print(f"{'shape':<11}{header}{'last/first':>12}  outcome at the largest size")
        worst = 0.0
        for name, make in SHAPES.items():
            per_kb, outcome = [], ""
            for kb in sizes:
                seconds, outcome = _time(make(kb * 1000), Path(scratch))
                per_kb.append(1000 * seconds / kb)
            ratio = per_kb[-1] / per_kb[0]
            worst = max(worst, ratio)
            cells = "".join(f"{value:>16.2f}" for value in per_kb)
            print(f"{name:<11}{cells}{ratio:>11.2f}x  {outcome}", flush=True)
    print(f"worst ratio {worst:.2f}x (target: within 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
