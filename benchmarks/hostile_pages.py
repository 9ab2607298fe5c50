"""CPU time and peak memory of hostile web input, each case in a fresh process: what one bad
page or archive costs a run before it becomes a reject.

    python benchmarks/hostile_pages.py [--cases header_bomb,spans] [--bomb-mib 1024]
                                       [--paragraphs 320000]

Archives, through discovery and `expand_archives` (the archive's scan), as `run` does them:
- header_bomb: a 1 MB `.warc.gz` whose one record holds a header line of `--bomb-mib` MiB of
  one letter (1 GiB by default);
- header_line: a 3.5 MB `.warc.gz` whose one record holds a header line of 6 MiB of hex
  digits (they compress only twice: no gzip bomb);
- gzip_bomb: a 1 MB `.warc.gz` whose one page is 1 GiB of spaces.
HTML pages, through a worker's `load` (read, decode, extract):
- paragraphs: `--paragraphs` short `<p>` paragraphs (320,000: 4.0 MB, under the 5 MB limit);
- sentences: 80,000 paragraphs of a sentence each (3.6 MB);
- spans: an article of one paragraph of 30,000 `<span>`s (0.7 MB).

Each input is written first; then a fresh process imports the pipeline and runs the step, and
its line gives the step's CPU seconds, the process's peak RSS (about 55 MiB of it is the
imports) and what became of the input. The same command measures any commit (run it with
PYTHONPATH pointing at an export of the older code to compare).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.ingest.discover import discover, expand_archives  # noqa: E402
from tasks.ingest.load import load
from tasks.ingest.refs import FileRef
from tasks.ingest.rejects import Reject

HTTP_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
PAGE = b"<html><body><p>x</p></body></html>"


def _warc_head(length: int) -> bytes:
    """A WARC response record's header block, for a block of `length` bytes."""
    head = ["WARC/1.0", "WARC-Type: response", "WARC-Record-ID: <urn:uuid:bomb>"]
    head += ["WARC-Target-URI: https://example.org/bomb", f"Content-Length: {length}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode()


def header_bomb(folder: Path, mib: int) -> Path:
    """One gzip member holding a record with a header line of `mib` MiB of one letter."""
    path = folder / "bomb.warc.gz"
    chunk = b"a" * 2**20
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Bomb: ")
        for _ in range(mib):
            out.write(chunk)
        out.write(b"\r\n" + _warc_head(len(HTTP_HEAD + PAGE)).split(b"\r\n", 1)[1])
        out.write(HTTP_HEAD + PAGE)
    return path


def header_line(folder: Path, mib: int) -> Path:
    """One record with a header line of `mib` MiB of hex digits (random: they compress only
    twice)."""
    path = folder / "line.warc.gz"
    rng = random.Random(0)
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Line: ")
        for _ in range(mib):
            out.write(rng.randbytes(2**19).hex().encode())
        out.write(b"\r\n" + _warc_head(len(HTTP_HEAD + PAGE)).split(b"\r\n", 1)[1])
        out.write(HTTP_HEAD + PAGE)
    return path


def gzip_bomb(folder: Path, mib: int) -> Path:
    """One record whose page is `mib` MiB of spaces: its member inflates about 1,000 times."""
    path = folder / "bomb.warc.gz"
    body_start, body_end = b"<html><body><p>", b"</p></body></html>"
    length = len(HTTP_HEAD + body_start + body_end) + mib * 2**20
    member = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    with path.open("wb") as out:
        out.write(member.compress(_warc_head(length) + HTTP_HEAD + body_start))
        for _ in range(mib):
            out.write(member.compress(b" " * 2**20))
        out.write(member.compress(body_end + b"\r\n\r\n") + member.flush())
    return path


def _scan_archive(path: Path) -> str:
    """Discovery and the archive's scan, as `run` does them."""
    refs, rejects = discover(path.parent)
    expanded = expand_archives(refs)
    found = rejects + expanded.rejects
    return f"{len(expanded.refs)} pages; rejects: {[(r.reason, r.message[:90]) for r in found]}"


def _load_page(path: Path) -> str:
    """A worker's load of an HTML file: read, decode, extract."""
    loaded = load(FileRef(str(path), path.name, path.stat().st_size, "x"))
    if isinstance(loaded, Reject):
        return f"reject {loaded.reason}: {loaded.message}"
    return f"document of {loaded.text.count(chr(10) * 2) + 1} blocks"


def _page(folder: Path, html: str) -> Path:
    path = folder / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


def _paragraphs(n: int) -> str:
    body = "".join(f"<p>{i}</p>" for i in range(n))  # 320,000 make 4.0 MB
    return f"<html><head><title>Many paragraphs</title></head><body>{body}</body></html>"


def _sentences(n: int) -> str:
    body = "".join(f"<p>Paragraph {i} says a few words here.</p>" for i in range(n))
    return f"<html><head><title>Many sentences</title></head><body>{body}</body></html>"


def _spans(n: int) -> str:
    spans = " ".join(f"<span>word{i}</span>" for i in range(n))
    body = f"<article><h1>Spans</h1><p>{spans}</p></article>"
    return f"<html><head><title>Spans</title></head><body>{body}</body></html>"


def _peak_rss_mib() -> float:
    """This process's peak resident memory since it started its program (VmHWM on Linux:
    getrusage's maxrss would count the parent's memory at the fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(case: str, options: argparse.Namespace, folder: Path) -> Path:
    """The input of `case`, written into `folder` (by the parent: its cost is not measured)."""
    inputs: dict[str, Callable[[], Path]] = {
        "header_bomb": lambda: header_bomb(folder, options.bomb_mib),
        "header_line": lambda: header_line(folder, 6),
        "gzip_bomb": lambda: gzip_bomb(folder, 1024),
        "paragraphs": lambda: _page(folder, _paragraphs(options.paragraphs)),
        "sentences": lambda: _page(folder, _sentences(80_000)),
        "spans": lambda: _page(folder, _spans(30_000)),
    }
    return inputs[case]()


def measure(case: str, path: Path) -> str:
    """What the pipeline makes of the input: the step whose CPU time and memory count."""
    return _scan_archive(path) if case.startswith(("header", "gzip")) else _load_page(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases", default="header_bomb,header_line,gzip_bomb,paragraphs,sentences,spans"
    )
    parser.add_argument("--bomb-mib", type=int, default=1024)
    parser.add_argument("--paragraphs", type=int, default=320_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # CASE:PATH, measured in this process
    options = parser.parse_args()
    if options.one:  # in a fresh process: the step alone, once the modules are imported
        case, path = options.one.split(":", 1)
        started = time.process_time()
        outcome = measure(case, Path(path))
        cpu = time.process_time() - started
        peak = _peak_rss_mib()
        print(json.dumps({"cpu": cpu, "rss_mib": peak, "outcome": outcome}))
        return
    for case in options.cases.split(","):
        with tempfile.TemporaryDirectory() as scratch:
            path = build(case, options, Path(scratch))
            command = [sys.executable, __file__, "--one", f"{case}:{path}"]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{case}: {found['cpu']:.1f} s CPU, peak RSS {found['rss_mib']:.0f} MiB "
            f"(of the process): {found['outcome']}"
        )


if __name__ == "__main__":
    main()
