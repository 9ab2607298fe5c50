"""Named points where a test can stop a run as a crash would, to prove the lake heals.

Inert unless the environment variable NEWSLAKE_FAULT is set:
- `exit:POINT` exits the process at POINT at once (no cleanup, no `finally`);
- `pause:POINT:FILE` creates FILE at POINT and waits, so a test can kill -9 the whole process
  group at that moment;
- `oserror:POINT` raises an OSError at POINT (a disk or share that fails just then);
- `crash-on:TEXT` makes the process exit hard on a document whose text holds TEXT (a worker
  that dies mid-batch); `crash-once-on:TEXT:FILE` does so only while FILE does not exist,
  creating it (a worker that dies once, then succeeds on the retry).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

VARIABLE = "NEWSLAKE_FAULT"
EXIT_CODE = 137  # what a shell reports for a process killed by SIGKILL


def reached(point: str) -> None:
    """Stop here if a test asked for it."""
    spec = os.environ.get(VARIABLE, "")
    if spec == f"exit:{point}":
        os._exit(EXIT_CODE)
    if spec == f"oserror:{point}":
        raise OSError(f"injected I/O error at {point}")
    if spec.startswith(f"pause:{point}:"):
        Path(spec.split(":", 2)[2]).touch()
        while True:
            time.sleep(60)


def crash_on(text: str) -> None:
    """Exit hard if a test marked this document's text as fatal."""
    spec = os.environ.get(VARIABLE, "")
    if spec.startswith("crash-on:") and spec.split(":", 1)[1] in text:
        os._exit(EXIT_CODE)
    if spec.startswith("crash-once-on:"):
        marker, flag = spec.split(":", 2)[1:]
        if marker in text and not Path(flag).exists():
            Path(flag).touch()
            os._exit(EXIT_CODE)
