"""Throughput as a user meets it: `newslake run`, process start to exit, against bare spaCy.

    python benchmarks/throughput.py                     # 840 and 2,000 articles
    python benchmarks/throughput.py --articles 840      # one size only
    python benchmarks/throughput.py --busy 4            # beside four busy processes

For each size, on the same texts (PolNeAR train articles from ../shared, one date folder; past
its 840 articles they repeat, each copy with a line of its own so that none is a repeat of
another), each command in a fresh process of its own, timed from start to exit:

1. bare spaCy, one process (benchmarks/bare_spacy.py: default components, `nlp.pipe`,
   batches of 32): the baseline of the ratio;
2. bare spaCy, two processes on the two halves at once: what two cores allow (the limit);
3. `newslake run --input DIR --date D --lake L`, on a Prefect home that has seen one run
   before (its database created, as on any day after the first).

Printed per size: seconds, words/s, the ratio to (1) and to (2); the newslake run's time per
stage (its own summary line); the CPU of each kind of process (the orchestrating command,
Prefect's server, the workers) from a sample of the process tree every 0.2 s; the peak RSS of
each; how long the command ran before its workers started and after they went idle. Skipped,
with a message, where ../shared is absent. `--keep DIR` keeps the landing and the lakes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear" / "train" / "text"
NEWSLAKE = str(Path(sys.executable).parent / "newslake")
DATE = "2016-10-01"
SAMPLE_SECONDS = 0.2
SIZES = (840, 2000)


def landing(folder: Path, articles: int) -> list[Path]:
    """`articles` texts in `folder`; a repeated article gets a closing line of its own."""
    sources = sorted(CORPUS.glob("*.txt"))
    folder.mkdir(parents=True)
    paths = []
    for n in range(articles):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        if n >= len(sources):
            text = f"{text.rstrip()}\n\nThis is copy {n // len(sources)} of the article.\n"
        paths.append(folder / f"{n:05d}_{source.name}")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


@dataclass
class Tree:
    """CPU seconds and peak RSS (MiB) per kind of process, from samples of a process tree."""

    cpu: dict[str, float] = field(default_factory=dict)
    peak_rss: dict[str, float] = field(default_factory=dict)
    workers_started: float | None = None  # seconds after the start
    worker_cpu: list[tuple[float, float]] = field(default_factory=list)  # (seconds, CPU s)

    def _rates(self) -> tuple[list[tuple[float, float]], float]:
        """The workers' CPU rate (cores) between samples, and its median while they work."""
        series = self.worker_cpu
        rates = [
            (start, (cpu_end - cpu) / (end - start))
            for (start, cpu), (end, cpu_end) in zip(series, series[1:], strict=False)
            if end > start
        ]
        busy = sorted(rate for _, rate in rates if rate > 0)
        return rates, busy[len(busy) // 2] if busy else 0.0

    def workers_done(self) -> float | None:
        """When the workers' work ended: the last sample at half their median rate or more
        (an idle worker still ticks a little, so 'the last CPU used' comes seconds late)."""
        rates, median = self._rates()
        done = [start for start, rate in rates if median and rate >= 0.5 * median]
        return done[-1] if done else None

    def workers_working(self, window: float = 1.0) -> float | None:
        """When the workers began the run's work: the first moment from which, for `window`
        seconds, they used CPU at 90% of their median rate (their model loads, while Prefect
        starts, run slower; process start alone says nothing of when documents arrive)."""
        rates, median = self._rates()
        if not median:
            return None
        for n, (start, _) in enumerate(rates):
            ahead = [rate for at, rate in rates[n:] if at < start + window]
            if ahead and min(ahead) >= 0.9 * median:
                return start
        return None


def _kind(process: psutil.Process, root: int) -> str:
    if process.pid == root:
        return "command"
    command = " ".join(process.cmdline())
    if any(mark in command for mark in ("server_app", "uvicorn", "prefect.server")):
        return "prefect server"
    if "spawn_main" in command:
        return "workers"
    return "other"


def _sample(root: psutil.Process, started: float, tree: Tree, done: threading.Event) -> None:
    """Until `done`: the latest CPU times of every process of the tree (kept after it exits)."""
    latest: dict[int, tuple[str, float]] = {}
    while not done.is_set():
        now = time.perf_counter() - started
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for process in processes:
            try:
                with process.oneshot():
                    known = latest.get(process.pid, ("other", 0.0))[0]
                    # "other" may be a child between fork and exec: asked again next time
                    kind = known if known != "other" else _kind(process, root.pid)
                    times = process.cpu_times()
                    cpu = times.user + times.system  # its children are sampled themselves
                    rss = process.memory_info().rss / 2**20
            except psutil.Error:
                continue
            latest[process.pid] = (kind, cpu)
            tree.peak_rss[kind] = max(tree.peak_rss.get(kind, 0.0), rss)
            if kind == "workers" and tree.workers_started is None:
                tree.workers_started = now
        workers = sum(cpu for kind, cpu in latest.values() if kind == "workers")
        tree.worker_cpu.append((now, workers))
        time.sleep(SAMPLE_SECONDS)
    tree.cpu = {}
    for kind, cpu in latest.values():
        tree.cpu[kind] = tree.cpu.get(kind, 0.0) + cpu


@dataclass
class Timed:
    seconds: float
    output: str
    tree: Tree


def timed(command: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run `command` to its exit, sampling its process tree; raise if it fails."""
    tree, done = Tree(), threading.Event()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = threading.Thread(
        target=_sample, args=(psutil.Process(process.pid), started, tree, done)
    )
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
    return Timed(seconds, output, tree)


def bare(paths: list[Path], scratch: Path, processes: int) -> tuple[float, int]:
    """Wall seconds of bare spaCy over `paths` split among `processes` at once, and the words."""
    runners, started = [], time.perf_counter()
    for n in range(processes):
        listing = scratch / f"bare-{processes}-{n}.txt"
        listing.write_text("\n".join(map(str, paths[n::processes])), encoding="utf-8")
        command = [sys.executable, str(ROOT / "benchmarks" / "bare_spacy.py"), str(listing)]
        runners.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
    words = 0
    for runner in runners:
        output, _ = runner.communicate()
        if runner.returncode:
            raise RuntimeError("bare spaCy failed")
        words += json.loads(output.strip().splitlines()[-1])["words"]
    return time.perf_counter() - started, words


def newslake_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return env | {"COLUMNS": "500"}  # the summary's lines unwrapped, to be read back


def warm_home(scratch: Path, home: Path) -> None:
    """One small run first, so Prefect's database exists (as on a user's second day)."""
    folder = scratch / "warm" / DATE
    folder.mkdir(parents=True)
    shutil.copy(sorted(CORPUS.glob("*.txt"))[0], folder)
    command = [NEWSLAKE, "run", "--input", str(folder), "--date", DATE]
    timed([*command, "--lake", str(scratch / "warm-lake")], newslake_env(home))


_STAGES = re.compile(r"time per stage: (.*)")
_STAGE = re.compile(r"(\w+) ([\d.]+)s")


def measure(articles: int, scratch: Path, home: Path, workers: int) -> dict:
    folder = scratch / f"landing-{articles}" / DATE
    paths = landing(folder, articles)
    one, words = bare(paths, scratch, 1)
    two, _ = bare(paths, scratch, 2)
    command = [NEWSLAKE, "run", "--input", str(folder), "--date", DATE, "--workers", str(workers)]
    run = timed([*command, "--lake", str(scratch / f"lake-{articles}")], newslake_env(home))
    found = _STAGES.search(run.output)
    stages = {k: float(v) for k, v in _STAGE.findall(found.group(1))} if found else {}
    return {
        "articles": articles,
        "words": words,
        "bare_one": one,
        "bare_two": two,
        "newslake": run.seconds,
        "stages": stages,
        "cpu": run.tree.cpu,
        "peak_rss": run.tree.peak_rss,
        "workers_started": run.tree.workers_started,
        "workers_done": run.tree.workers_done(),
        "workers_working": run.tree.workers_working(),
    }


def report(r: dict) -> None:
    n, words, one = r["articles"], r["words"], r["bare_one"]
    print(f"\n{n:,} articles, {words:,} words")
    print("| command | seconds | words/s | ratio to bare spaCy |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds in (
        ("bare spaCy, one process", one),
        ("bare spaCy, two processes on halves (the limit)", r["bare_two"]),
        ("`newslake run`", r["newslake"]),
    ):
        print(f"| {name} | {seconds:.1f} | {words / seconds:,.0f} | {one / seconds:.2f} |")
    print(f"newslake run / the limit: {r['bare_two'] / r['newslake']:.0%}")
    busy = sum(r["stages"].values()) or 1.0
    shares = ", ".join(f"{k} {v:.1f} s ({v / busy:.1%})" for k, v in r["stages"].items())
    print(f"workers' time per stage: {shares}")
    text = sum(r["stages"].get(k, 0.0) for k in ("clean", "segment"))
    print(f"  cleaning and sentence splitting: {text / busy:.1%} of the workers' time")
    total = sum(r["cpu"].values()) or 1.0
    cpu = ", ".join(f"{k} {v:.1f} s ({v / total:.1%})" for k, v in sorted(r["cpu"].items()))
    print(f"CPU by process: {cpu}")
    orchestration = r["cpu"].get("command", 0.0) + r["cpu"].get("prefect server", 0.0)
    print(f"  the command and Prefect's server: {orchestration / total:.1%} of all CPU")
    rss = ", ".join(f"{k} {v:.0f} MiB" for k, v in sorted(r["peak_rss"].items()))
    print(f"peak RSS per process (largest of its kind): {rss}")
    if r["workers_started"] is not None and r["workers_done"] is not None:
        after = r["newslake"] - r["workers_done"]
        print(
            f"before the workers started: {r['workers_started']:.1f} s; after they went idle: "
            f"{after:.1f} s ({after / r['newslake']:.1%} of the run)"
        )
    if r["workers_working"] is not None:
        print(f"the workers began the run's work at {r['workers_working']:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--busy", type=int, default=0, help="busy processes beside (default 0)")
    parser.add_argument("--keep", type=Path, help="keep the landing and the lakes here")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent (PolNeAR lives only in ../shared)")
        return 0
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)
    ]
    print(f"{os.cpu_count()} cores, {args.busy} busy processes beside, {args.workers} workers")
    try:
        with tempfile.TemporaryDirectory() as temporary:
            scratch = args.keep or Path(temporary)
            scratch.mkdir(parents=True, exist_ok=True)
            home = scratch / "prefect-home"
            warm_home(scratch, home)
            for articles in args.articles:
                report(measure(articles, scratch, home, args.workers))
    finally:
        for spinner in spinners:
            spinner.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
