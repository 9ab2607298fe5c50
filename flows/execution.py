"""How a run executes its batches: one value passed from the CLI to every flow.

Kept apart from the flows so the CLI can build and check it without importing Prefect.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Runner = Literal["local", "dask"]
RUNNERS: tuple[Runner, ...] = ("local", "dask")
DEFAULT_WORKERS = os.cpu_count() or 1
DEFAULT_BATCH_SIZE = 100
DEFAULT_BATCH_TIMEOUT = 3600.0
DEFAULT_CONCURRENCY = 2
DEFAULT_LANDING = "data/landing"
DEFAULT_LAKE = "data/lake"
POOL_MIN_DOCUMENTS = 20  # fewer files: the pool's start (a model load per worker) is not worth it


@dataclass(frozen=True)
class Execution:
    """Where and how batches run.

    runner: 'local' runs batches in a pool of `workers` processes on this machine (a date of
        fewer than 20 files runs in the calling process); 'dask' on a Dask cluster: the one at
        `dask_address`, else a temporary local one of `workers` processes.
    batch_size: files per batch task (a date gets at least one batch per worker).
    batch_timeout: seconds a pooled batch may run before it is abandoned.
    """

    runner: Runner = "local"
    workers: int = DEFAULT_WORKERS
    dask_address: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_timeout: float = DEFAULT_BATCH_TIMEOUT

    def pool_size(self, documents: int) -> int:
        """Workers of the local pool a date of `documents` files runs on; 0: none (on Dask,
        or too few files to be worth a model load per worker)."""
        local = self.runner == "local"
        return self.workers if local and documents >= POOL_MIN_DOCUMENTS else 0

    def problems(self) -> list[str]:
        """What is wrong with these values, one line each (empty when they are usable)."""
        found = []
        if self.runner not in RUNNERS:
            found.append(f"--runner {self.runner!r}: use one of {', '.join(RUNNERS)}")
        if self.workers < 1:
            found.append(f"--workers {self.workers}: give 1 or more worker processes")
        if self.batch_size < 1:
            found.append(f"--batch-size {self.batch_size}: give 1 or more files per batch")
        if self.batch_timeout <= 0:
            found.append(f"--batch-timeout {self.batch_timeout}: give a number of seconds > 0")
        if self.dask_address and self.runner != "dask":
            found.append("--dask-address needs --runner dask")
        return found


DEFAULT_EXECUTION = Execution()
