"""The local worker pool: spawned processes that load the model once and serve every batch of
every date of a run, each reporting finished documents through a queue.

Each worker runs one batch at a time over a pipe of its own, so a worker that dies, or a
batch past its time limit (its worker is killed), costs only that batch: one retry on a fresh
worker, then its files become `rejects` rows (`worker_crash`, `timeout`) and the run goes on.
Workers die with the process that started them (see flows/orphans.py).
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import threading
from concurrent.futures import Future
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext, SpawnProcess
from multiprocessing.queues import SimpleQueue
from typing import TYPE_CHECKING

from flows import heap, progress
from flows.orphans import die_with_parent

if TYPE_CHECKING:  # imported by the worker itself, under heap.lasting
    from tasks.run.batches import Batch, BatchResult

Report = tuple[int, int]  # (job number, documents just finished)


class WorkerDied(RuntimeError):
    """The worker process running a batch exited before answering."""


class BatchTimedOut(RuntimeError):
    """A batch ran past its time limit; its worker was killed."""


def _serve(conn: Connection, reports: SimpleQueue[Report]) -> None:
    """A worker's life: load the model and warm up, then run batches until the pipe closes."""
    die_with_parent()
    with heap.lasting():  # the NLP modules and the model last the worker's life
        from tasks.extract.analyse import warm_up
        from tasks.run.batch import process_files

        warm_up()
    while True:
        try:
            message: tuple[int, Batch] = conn.recv()
        except EOFError:
            return
        number, batch = message

        def report(documents: int, job_number: int = number) -> None:
            reports.put((job_number, documents))

        try:
            result = process_files(batch, report)
            conn.send(("ok", result))
        except Exception as exc:  # a bug or an I/O error: the orchestrator raises it
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, context: SpawnContext, reports: SimpleQueue[Report]) -> None:
        self.conn, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=_serve, args=(child, reports), daemon=True, name="newslake-worker"
        )
        self.process.start()
        child.close()

    def run(self, number: int, batch: Batch, timeout: float) -> BatchResult:
        try:
            self.conn.send((number, batch))
        except OSError:  # it died while idle (the OOM killer, say): a broken pipe
            self.process.join(5)
            raise WorkerDied(f"the worker had exited with code {self.process.exitcode}") from None
        if not self.conn.poll(timeout):
            raise BatchTimedOut(f"ran over {timeout:.0f} s")
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            raise WorkerDied(f"the worker exited with code {self.process.exitcode}") from None
        if kind == "error":
            raise value
        return value

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """`size` workers, started on first use and replaced when one dies or is killed."""

    def __init__(self, size: int) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.reports: SimpleQueue[Report] = self.context.SimpleQueue()
        self.free: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(size):
            self.free.put(None)  # a slot whose worker starts when first needed
        self.numbers = itertools.count()
        self.counted: dict[int, int] = {}  # documents reported per job
        self.void: set[int] = set()  # failed jobs whose late reports are dropped
        self.lock = threading.Lock()
        self.starts: queue.Queue[Future[_Worker]] = queue.Queue()
        threading.Thread(target=self._forward, name="worker-reports", daemon=True).start()
        threading.Thread(target=self._start_workers, name="worker-starts", daemon=True).start()

    def start_all(self) -> None:
        """Start every worker not yet started, without waiting for their model loads: called
        as soon as a command knows it needs them, the models load while Prefect starts."""
        slots = []
        while True:
            try:
                slots.append(self.free.get_nowait())
            except queue.Empty:
                break
        for worker in slots:
            self.free.put(worker if worker is not None else self._new_worker())

    def _start_workers(self) -> None:
        """Start every worker from this one thread, which lives as long as the process: Linux
        sends the parent-death signal when the *thread* that started a child exits, and the
        Prefect task thread that first needs a worker ends with its flow run (a backfill's
        next date would find its workers killed)."""
        while True:
            started = self.starts.get()
            try:
                started.set_result(_Worker(self.context, self.reports))
            except BaseException as exc:
                started.set_exception(exc)

    def _new_worker(self) -> _Worker:
        started: Future[_Worker] = Future()
        self.starts.put(started)
        return started.result()

    def _forward(self) -> None:
        """Pass the workers' reports on to the progress sinks."""
        while True:
            number, documents = self.reports.get()
            with self.lock:
                if number in self.void:
                    continue
                self.counted[number] = self.counted.get(number, 0) + documents
            progress.advance(documents)

    def _forget(self, number: int) -> None:
        """Take back the documents a failed job reported: its retry reports them again."""
        with self.lock:
            self.void.add(number)
            reported = self.counted.pop(number, 0)
        if reported:
            progress.advance(-reported)

    def run(self, batch: Batch, timeout: float) -> BatchResult:
        """Run one batch on a free worker (waiting for one); a failed worker is replaced."""
        worker = self.free.get()
        if worker is not None and not worker.process.is_alive():  # died idle (OOM killer)
            worker.kill()
            worker = None
        if worker is None:
            worker = self._new_worker()
        number = next(self.numbers)
        try:
            result = worker.run(number, batch, timeout)
        except (WorkerDied, BatchTimedOut):
            self._forget(number)
            worker.kill()
            self.free.put(None)
            raise
        except BaseException:
            self.free.put(worker)
            raise
        self.free.put(worker)
        with self.lock:
            self.counted.pop(number, None)
        return result


_pools: dict[int, WorkerPool] = {}
_pools_lock = threading.Lock()


def pool(workers: int) -> WorkerPool:
    """The run's worker pool (created on first use, kept for the process's life). Dates of a
    backfill ask for it from several threads at once: only the first creates it."""
    with _pools_lock:
        if workers not in _pools:
            _pools[workers] = WorkerPool(workers)
        return _pools[workers]


def run_in_pool(batch: Batch, *, workers: int, timeout: float) -> BatchResult:
    """One batch in a worker of the pool, within `timeout` seconds; a crash or a timeout is
    retried once on a fresh worker, then the batch's files become rejects."""
    from tasks.run.batches import lost_batch

    failure: Exception | None = None
    for _ in range(2):
        try:
            return pool(workers).run(batch, timeout)
        except (WorkerDied, BatchTimedOut) as exc:
            failure = exc
    reason = "timeout" if isinstance(failure, BatchTimedOut) else "worker_crash"
    message = f"batch {batch.part} of {batch.date} failed twice: {failure}"
    progress.advance(len(batch.refs))
    return lost_batch(batch, reason=reason, message=message)
