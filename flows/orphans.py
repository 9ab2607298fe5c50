"""No orphans: the worker processes and Prefect's temporary server die with the process that
started them, even when it is killed with SIGKILL (as the OOM killer would), by Linux's
parent-death signal (flows/workers.py, flows/server.py)."""

from __future__ import annotations

import ctypes
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have Linux kill the calling process when the thread that started it exits."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
