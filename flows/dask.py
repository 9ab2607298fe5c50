"""The Dask runner for `--runner dask`: batch tasks on a Dask cluster (prefect-dask)."""

from __future__ import annotations

from prefect.task_runners import TaskRunner

from flows.execution import Execution


def dask_runner(execution: Execution) -> TaskRunner:
    """A Dask cluster for the batches: the one at `dask_address`, else a temporary local one of
    `workers` processes (one thread each: the spaCy pass holds the GIL)."""
    from prefect_dask import DaskTaskRunner

    if execution.dask_address:
        return DaskTaskRunner(address=execution.dask_address)
    cluster = {"n_workers": execution.workers, "threads_per_worker": 1, "processes": True}
    return DaskTaskRunner(cluster_kwargs=cluster)
