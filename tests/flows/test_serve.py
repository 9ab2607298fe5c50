"""`newslake serve` against a real Prefect server on loopback: a scheduled deployment that a
run triggered through the Prefect API executes end to end."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS

pytestmark = pytest.mark.integration
BIN = Path(sys.executable).parent
TRIGGER = """
import sys, time
from prefect.deployments import run_deployment
from prefect.client.orchestration import get_client
from prefect.exceptions import ObjectNotFound

name = "nightly/newslake-nightly"
with get_client(sync_client=True) as client:
    for _ in range(120):  # wait until `serve` has registered the deployment
        try:
            deployment = client.read_deployment_by_name(name)
            break
        except ObjectNotFound:
            time.sleep(1)
    print("schedule", [s.schedule.cron for s in deployment.schedules], flush=True)
run = run_deployment(name, parameters={"date": sys.argv[1]}, timeout=300, poll_interval=2)
print("state", run.state.type.value, flush=True)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_env(home: Path, api_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    return env


@pytest.fixture
def prefect_api(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A real `prefect server start` on a free loopback port, in a temporary PREFECT_HOME."""
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = _clean_env(tmp_path / "prefect-home", api_url)
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "server.log").read_text()[-3000:]) from None
                time.sleep(1)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_served_nightly_deployment_runs_and_writes_the_tables(prefect_api, tmp_path):
    landing, lake = tmp_path / "landing", tmp_path / "lake"
    day = landing / "2026-10-01"
    day.mkdir(parents=True)
    shutil.copy(SEEDS / "000_f2e76c1b7090efcc.txt", day)
    serve_log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [str(BIN / "newslake"), "serve", "--landing", str(landing), "--lake", str(lake)]
        + ["--cron", "0 2 * * *", "--timezone", "Europe/London"],
        env=prefect_api,
        cwd=tmp_path,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
    )
    try:
        trigger = subprocess.run(
            [sys.executable, "-c", TRIGGER, "2026-10-01"],
            env=prefect_api,
            capture_output=True,
            text=True,
            timeout=420,
        )
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert "schedule ['0 2 * * *']" in trigger.stdout, trigger.stdout + trigger.stderr
    assert "state COMPLETED" in trigger.stdout, (tmp_path / "serve.log").read_text()[-4000:]
    quotes = pl.read_parquet(lake / "quotes" / "date=2026-10-01" / "*.parquet")
    assert "Vladimir Zelensky" in quotes["speaker_name"].to_list()
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet")
    assert runs["flow"].to_list() == ["nightly"]
