"""No orphans: the worker processes and Prefect's temporary server die with the process that
started them, even when it is killed with SIGKILL (as the OOM killer would), by Linux's
parent-death signal."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import signal
import subprocess
from collections.abc import Iterator
from typing import Any

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have Linux kill the calling process when the thread that started it exits."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@contextlib.contextmanager
def _children_die_with_us() -> Iterator[None]:
    """Processes started by `subprocess.Popen` within the block get the parent-death signal."""
    popen: Any = subprocess.Popen

    def dying_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[Any]:
        return popen(*args, preexec_fn=die_with_parent, **kwargs)

    setattr(subprocess, "Popen", dying_popen)  # noqa: B010 (replaced for the block only)
    try:
        yield
    finally:
        setattr(subprocess, "Popen", popen)  # noqa: B010


@functools.cache
def server_dies_with_us() -> None:
    """Make Prefect's temporary server (a subprocess it starts on the first flow call) die
    with this process. Call it from the thread that will make that first call."""
    from prefect.server.api.server import SubprocessASGIServer

    start = SubprocessASGIServer._run_uvicorn_command

    def run_uvicorn(self: SubprocessASGIServer) -> subprocess.Popen[Any]:
        with _children_die_with_us():
            return start(self)

    SubprocessASGIServer._run_uvicorn_command = run_uvicorn  # type: ignore[method-assign]
