"""The stages of `tasks` as Prefect tasks: their names, retries and caching, in one place.

Only I/O errors are retried (a busy disk or share may recover; a bug or bad data would fail
the same way again). Nothing is cached across runs: every run recomputes what it writes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows import planned, progress, workers
from tasks.desk.daily import stage_daily
from tasks.ingest.discover import expand_archives
from tasks.lake.publish import commit
from tasks.lake.storage import Location
from tasks.link import clusters
from tasks.link.near_duplicates import mark_duplicates
from tasks.link.repeats import drop_repeats
from tasks.link.staged import link_staged, refresh_genders, stage_quote_genders
from tasks.run.batches import Batch, BatchResult
from tasks.run.incremental import DatePlan, plan_date

P = ParamSpec("P")
R = TypeVar("R")


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only what may pass by itself: I/O errors (a busy disk, a network share)."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:  # a bug or bad data: retrying gives the same answer
        return False
    return False


_IN_PROCESS = threading.Lock()


def _run_batch(batch: Batch, *, pooled: int, timeout: float) -> BatchResult:
    """One batch: in a worker of the local pool when `pooled` > 1, else right here (reporting
    each document as it finishes; on a Dask worker nobody listens).

    Batches run here take turns: the process has one model and one set of NLP objects, which
    concurrent dates' threads must not share mid-document (they would gain nothing from the
    GIL anyway)."""
    if pooled > 1:
        return workers.run_in_pool(batch, workers=pooled, timeout=timeout)
    from tasks.run.batch import process_files  # the NLP: only where a batch runs here

    with _IN_PROCESS:
        return process_files(batch, progress.advance)


def _retried(
    name: str, backoff: float = 2, run_name: str | None = None
) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A task retried twice on I/O errors, waiting `backoff` seconds, then twice as long."""
    return task(
        name=name,
        task_run_name=run_name,
        retries=2,
        retry_delay_seconds=exponential_backoff(backoff),
        retry_condition_fn=_transient,
        cache_policy=NO_CACHE,
    )


def _planned_or_discovered(
    folder: Location,
    date: dt.date,
    *,
    lake: Location,
    max_bytes: int,
    force: bool = False,
    publisher: str | None = None,
) -> DatePlan:
    """The date's plan made earlier in this command (flows.planned), else discovered now."""
    asked = planned.Asked(
        folder=str(folder),
        date=date,
        lake=str(lake),
        max_bytes=max_bytes,
        force=force,
        publisher=publisher,
    )
    found = planned.take(asked)
    if found is not None:
        return found
    return plan_date(folder, date, lake, max_bytes, force=force, publisher=publisher)


discover = _retried("discover")(_planned_or_discovered)
list_archive_pages = _retried("list-archive-pages")(expand_archives)
process_batch = _retried("process-batch", backoff=5, run_name="batch-{batch.part}")(_run_batch)
drop_repeated_pages = task(name="drop-repeated-pages", cache_policy=NO_CACHE)(drop_repeats)
mark_near_duplicates = task(name="mark-near-duplicates", cache_policy=NO_CACHE)(mark_duplicates)
link_identities = _retried("link-identities")(link_staged)
stage_daily_tables = task(name="build-daily", cache_policy=NO_CACHE)(stage_daily)
refresh_registry_genders = _retried("refresh-genders")(refresh_genders)
stage_gendered_quotes = task(name="stage-quote-genders", cache_policy=NO_CACHE)(stage_quote_genders)
update_quote_clusters = _retried("update-quote-clusters")(clusters.update)
# Not retried: a commit that failed halfway leaves its journal, which the next command heals.
commit_date = task(name="commit", cache_policy=NO_CACHE)(commit)
