"""Prefect's temporary server as newslake starts it: early, from the main thread, and used by
every Prefect client of the command, including those of threads started later; a port taken
between the check and the start costs a restart on another port, not the run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

# Run in a process of its own: using the server changes the process's environment.
SCRIPT = textwrap.dedent(
    """
    import socket, threading
    import flows  # newslake's Prefect defaults, as the command sets them
    from flows import server
    from prefect import flow

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    if TAKE_FIRST_PORT:  # the first port newslake picks is taken before uvicorn binds it
        ports = iter([taken.getsockname()[1]])
        free = server._free_port
        server._free_port = lambda: next(ports, None) or free()
    server.prepare_database()
    started = server.start_server()
    first_port = started.port
    started.use()

    @flow
    def add(a: int, b: int) -> int:
        return a + b

    seen = []

    def from_a_new_thread():
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            seen.append(str(client.api_url))
            seen.append(len(client.read_flow_runs()))

    assert add(1, 2) == 3
    thread = threading.Thread(target=from_a_new_thread)
    thread.start()
    thread.join()
    print(first_port, started.port, started.api_url, *seen)
    """
)


@pytest.mark.parametrize("take_first_port", [False, True], ids=["free port", "port taken"])
def test_the_command_s_flows_run_on_the_server_it_started(tmp_path: Path, take_first_port):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    script = f"TAKE_FIRST_PORT = {take_first_port}\n{SCRIPT}"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    first_port, port, api_url, client_url, flow_runs = result.stdout.split()
    assert client_url.rstrip("/") == api_url  # a later thread's client: the same server
    assert flow_runs == "1"  # the flow run is recorded there, not on a second server
    assert (first_port != port) == take_first_port
