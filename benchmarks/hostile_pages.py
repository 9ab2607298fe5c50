"""CPU time and peak memory of hostile web input, each case in a fresh process: what one bad
page or archive costs a run before it becomes a reject.

    python benchmarks/hostile_pages.py [--cases header_bomb,paragraphs] [--bomb-mib 1024]
                                       [--paragraphs 320000]

- header_bomb: a 1 MB `.warc.gz` whose one record holds a header line of `--bomb-mib` MiB
  (1 GiB by default), through discovery and `expand_archives` (the archive's scan);
- gzip_bomb: a `.warc.gz` whose page record inflates 1,000 times (a member of zeros),
  through the same;
- paragraphs: an HTML page of `--paragraphs` short `<p>` paragraphs (320,000: 4.0 MB, under
  the 5 MB limit), through `load` (extraction);
- sentences: an HTML page of 80,000 paragraphs of a sentence each (3.6 MB), through `load`;
- links: an article of one paragraph holding 20,000 links (0.6 MB), through `load`.

Each line gives the case, its CPU seconds, the process's peak RSS and what became of the input.
The cases need only the repository, so the same command measures any commit (run it with
PYTHONPATH pointing at an export of the older code to compare).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.ingest import FileRef, Reject, discover, expand_archives, load  # noqa: E402


def _record(headers: list[str], body: bytes) -> list[bytes]:
    """A WARC response record's parts: headers (any length) and an HTTP response body."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = ["WARC/1.0", "WARC-Type: response", "WARC-Record-ID: <urn:uuid:bomb>"]
    head += ["WARC-Target-URI: https://example.org/bomb", *headers]
    return [("\r\n".join(head) + f"\r\nContent-Length: {len(http)}\r\n\r\n").encode(), http]


def header_bomb(folder: Path, mib: int) -> Path:
    """One gzip member holding a record with a header line of `mib` MiB, written in pieces."""
    path = folder / "bomb.warc.gz"
    chunk = b"a" * 2**20
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Bomb: ")
        for _ in range(mib):
            out.write(chunk)
        out.write(b"\r\n")
        for part in _record([], b"<html><body><p>x</p></body></html>"):
            out.write(part)
    return path


def gzip_bomb(folder: Path, mib: int) -> Path:
    """One record whose page is `mib` MiB of spaces: its member inflates about 1,000 times."""
    path = folder / "bomb.warc.gz"
    body = b"<html><body><p>" + b" " * (mib * 2**20) + b"</p></body></html>"
    parts = _record([], body)
    member = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    path.write_bytes(b"".join(member.compress(p) for p in parts) + member.flush())
    return path


def _scan_archive(path: Path) -> str:
    refs, rejects = discover(path.parent)
    expanded = expand_archives(refs)
    found = rejects + expanded.rejects
    return f"{len(expanded.refs)} pages; rejects: {[(r.reason, r.message[:90]) for r in found]}"


def _page(path: Path, html: str) -> str:
    path.write_text(html, encoding="utf-8")
    loaded = load(FileRef(str(path), path.name, path.stat().st_size, "x"))
    if isinstance(loaded, Reject):
        return f"reject {loaded.reason}: {loaded.message}"
    return f"document of {loaded.text.count(chr(10) * 2) + 1} blocks"


def _paragraphs(n: int) -> str:
    body = "".join(f"<p>{i}</p>" for i in range(n))  # 320,000 make 4.0 MB
    return f"<html><head><title>Many paragraphs</title></head><body>{body}</body></html>"


def _sentences(n: int) -> str:
    body = "".join(f"<p>Paragraph {i} says a few words here.</p>" for i in range(n))
    return f"<html><head><title>Many sentences</title></head><body>{body}</body></html>"


def _links(n: int) -> str:
    links = " ".join(f'<a href="/story/{i}">story {i}</a>' for i in range(n))
    body = f"<article><p>{links}</p></article>"
    return f"<html><head><title>Links</title></head><body>{body}</body></html>"


def run_case(case: str, options: argparse.Namespace, scratch: Path) -> str:
    cases: dict[str, Callable[[], str]] = {
        "header_bomb": lambda: _scan_archive(header_bomb(scratch, options.bomb_mib)),
        "gzip_bomb": lambda: _scan_archive(gzip_bomb(scratch, 64)),
        "paragraphs": lambda: _page(scratch / "page.html", _paragraphs(options.paragraphs)),
        "sentences": lambda: _page(scratch / "page.html", _sentences(80_000)),
        "links": lambda: _page(scratch / "page.html", _links(20_000)),
    }
    return cases[case]()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="header_bomb,gzip_bomb,paragraphs,sentences,links")
    parser.add_argument("--bomb-mib", type=int, default=1024)
    parser.add_argument("--paragraphs", type=int, default=320_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a case, run in this process
    options = parser.parse_args()
    if options.one:
        with tempfile.TemporaryDirectory() as scratch:
            outcome = run_case(options.one, options, Path(scratch))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        print(json.dumps({"cpu": cpu, "rss_mib": usage.ru_maxrss / 1024, "outcome": outcome}))
        return
    for case in options.cases.split(","):
        started = time.perf_counter()
        command = [sys.executable, __file__, "--one", case, *sys.argv[1:]]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        wall = time.perf_counter() - started
        print(
            f"{case}: {found['cpu']:.1f} s CPU ({wall:.1f} s wall, with start-up), "
            f"peak RSS {found['rss_mib']:.0f} MiB: {found['outcome']}"
        )


if __name__ == "__main__":
    main()
