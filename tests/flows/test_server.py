"""Prefect's temporary server started before Prefect is imported: adopted where nothing else
is configured, stopped where a Prefect profile names an API of its own. Each case runs in a
fresh process of its own (as a command does), with real server processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Prepares the home's database, starts the server early, lets newslake adopt or stop it;
# prints what happened as one JSON line.
_SCRIPT = """
import json, os, sys
from flows import server
if sys.argv[1] == "prepared":
    server.prepare_database()
server.start_server_early()
early = [(process.pid, port) for process, port in server._early]
processes = [process for process, _ in server._early]
if sys.argv[1] == "early-stopped":  # an unchanged date: no flow after all
    server.stop_early()
if sys.argv[1] not in ("early-only", "early-stopped"):
    server.start_server()
import psutil
running = [server._starting[0]] if server._starting else [p for p in processes if p.poll() is None]
if server._starting:
    server.wait_for_server()
flags = sorted(k for k, v in psutil.Process(running[0].pid).environ().items()
               if k in server._PREPARED_ENVIRONMENT and v == "false") if running else []
from prefect.settings import get_current_settings
with server.without_heartbeats():
    heartbeat = get_current_settings().flows.heartbeat_frequency
print(json.dumps({
    "early": early,
    "prepared_flags": flags,
    "api": os.environ.get("PREFECT_API_URL"),
    "early_running": [process.poll() is None for process in processes],
    "heartbeat": heartbeat,
}))
"""


def _run(home: Path, mode: str, tmp_path: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environment["PREFECT_HOME"] = str(home)
    command = [sys.executable, "-c", _SCRIPT, mode]
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PREFECT_HOME whose database newslake has prepared (a first command's work)."""
    home = tmp_path_factory.mktemp("prefect") / "home"
    _run(home, "prepared", home.parent)
    assert (home / "prefect.db").exists()
    return home


def test_an_early_server_is_adopted_and_answers(home: Path, tmp_path: Path):
    seen = _run(home, "as-is", tmp_path)
    assert len(seen["early"]) == 1, seen
    ((_, port),) = seen["early"]
    assert seen["api"] == f"http://127.0.0.1:{port}/api"  # it answered: wait_for_server
    assert seen["early_running"] == [True]
    # on the database prepare_database migrated, it neither migrates nor registers again
    assert len(seen["prepared_flags"]) == 3, seen
    assert seen["heartbeat"] is None  # no flow run heartbeats to a server dying with us


def test_an_early_server_is_stopped_when_no_flow_runs(home: Path, tmp_path: Path):
    seen = _run(home, "early-stopped", tmp_path)
    assert len(seen["early"]) == 1, seen
    assert seen["early_running"] == [False]
    assert seen["api"] is None


def _copy(home: Path, to: Path) -> Path:
    """Another PREFECT_HOME holding the same prepared database."""
    to.mkdir()
    for name in os.listdir(home):
        if not name.endswith((".lock", "-shm", "-wal")):
            (to / name).write_bytes((home / name).read_bytes())
    return to


def test_an_early_server_is_stopped_where_a_profile_names_an_api(home: Path, tmp_path: Path):
    profiled = _copy(home, tmp_path / "profiled-home")
    elsewhere = "http://127.0.0.1:9/api"
    profile = f'active = "elsewhere"\n\n[profiles.elsewhere]\nPREFECT_API_URL = "{elsewhere}"\n'
    (profiled / "profiles.toml").write_text(profile)
    seen = _run(profiled, "as-is", tmp_path)
    assert len(seen["early"]) == 1, seen  # the environment alone could not tell
    assert seen["early_running"] == [False]  # stopped, not left beside the profile's API
    assert seen["api"] is None  # Prefect keeps the profile's API
    assert seen["heartbeat"] == 180  # a lasting server keeps Prefect's heartbeats


def test_no_early_server_before_the_database_is_prepared(tmp_path: Path):
    seen = _run(tmp_path / "new-home", "as-is", tmp_path)  # a first run: prepared under a lock
    assert seen["early"] == []


def test_no_early_server_on_a_damaged_database(home: Path, tmp_path: Path):
    damaged = _copy(home, tmp_path / "damaged-home")
    (damaged / "prefect.db").write_bytes(b"not a database at all")
    seen = _run(damaged, "early-only", tmp_path)  # the command's one line says what to do
    assert seen["early"] == []
