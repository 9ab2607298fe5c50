"""Prefect's temporary server: its database prepared once per PREFECT_HOME, never raced, and
the server started by newslake while the command still imports and the workers load the model.

Without PREFECT_API_URL every flow call starts a temporary local server, which migrates its
SQLite database on its first start. On a busy machine that migration outlasted Prefect's
20-second start-up allowance, and two first runs at once raced on one new database. So
newslake migrates the database and registers Prefect's block types itself, once, under a file
lock, before any server starts (a second first run waits for the first); the servers then find
it ready. The start-up allowance
is raised to 600 s in `flows/__init__.py` (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
overrides it).

Prefect would start its server only at the first flow call, after the command's imports, and
wait for it there: about five seconds in which the workers sat ready and idle. newslake starts
the same server (Prefect's command, Prefect's settings) as soon as the database is known to be
ready, from the main thread so that it dies with the command (flows/orphans.py), and points
Prefect at it just before the first flow call.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import fcntl
import os
import random
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from flows.checks import CommandError
from flows.orphans import die_with_parent

PORTS = range(8000, 9000)  # where Prefect looks for a free port for its temporary server
PORT_TAKEN = 3  # uvicorn's exit code when another process took the port meanwhile


def prepare_database() -> bool:
    """Migrate the temporary server's database if this Prefect version has not yet done so;
    True if it did. Nothing to do when a real server is configured (PREFECT_API_URL)."""
    import prefect
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:
        return False
    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    marker = home / f".newslake-database-ready-{prefect.__version__}"
    database = _sqlite_file(settings)
    if database is not None and not database.exists():
        marker.unlink(missing_ok=True)  # removed by the user: prepare a new one
    if marker.exists():
        return False
    with open(home / ".newslake-database.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a concurrent first run waits for this one
        if marker.exists():
            return False
        asyncio.run(_create_database())
        marker.touch()
    return True


async def _create_database() -> None:
    """Migrate the database, then register Prefect's block types in it as its server would
    on start (remembered in PREFECT_HOME, so no server does it again): two servers starting
    at once on a new database would otherwise both insert them, and one logs a traceback."""
    from prefect.server.api.server import _memoize_block_auto_registration
    from prefect.server.database import provide_database_interface
    from prefect.server.models.block_registration import run_block_auto_registration

    database = provide_database_interface()
    await database.create_db()

    @_memoize_block_auto_registration
    async def register_blocks() -> None:
        async with await database.session() as session:
            await run_block_auto_registration(session=session)

    await register_blocks()


def check_database() -> None:
    """CommandError, in one line with the fix, where the temporary server's database exists
    but cannot be opened: the server would otherwise restart over and over, printing
    thousands of lines of tracebacks."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    database = _sqlite_file(settings)
    if settings.api.url or database is None or not database.exists():
        return  # a real server is configured, or there is nothing yet to open
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            db.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise CommandError(
            f"Prefect's database {database} cannot be opened ({exc}). It holds only Prefect's "
            f"own run history (the lake keeps its runs table): remove it with `rm {database}` "
            "and newslake prepares a new one on the next command",
            exit_code=1,
        ) from None


def _sqlite_file(settings: Any) -> Path | None:
    """The temporary server's SQLite file, or None for another database (PostgreSQL)."""
    url = settings.server.database.connection_url
    text = url.get_secret_value() if url is not None else ""
    prefix = "sqlite+aiosqlite:///"
    return Path(text[len(prefix) :]) if text.startswith(prefix) else None


class TemporaryServer:
    """Prefect's temporary server in a process of its own, started now and awaited later."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._start()
        atexit.register(self.stop)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _start(self) -> None:
        """Prefect's own command for its temporary server, with Prefect's settings."""
        import prefect
        from prefect.settings import get_current_settings

        self.port = _free_port()
        app_dir = str(prefect.__module_path__.parent)
        command = [sys.executable, "-m", "uvicorn", "--app-dir", app_dir]
        command += ["--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        ephemeral = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1"}
        ephemeral |= {"PREFECT__SERVER_FINAL": "1"}
        settings = get_current_settings().to_environment_variables(exclude_unset=True)
        environment = {**os.environ, **ephemeral, **settings}
        self.process = subprocess.Popen(command, env=environment, preexec_fn=die_with_parent)

    def use(self) -> None:
        """Wait until the server answers, then send every Prefect client of this process (and
        of the processes it starts) to it."""
        from prefect.context import refresh_global_settings_context

        self._wait()
        os.environ["PREFECT_API_URL"] = self.api_url
        os.environ.setdefault("PREFECT_UI_URL", "")  # it serves no UI: no "View at" links
        refresh_global_settings_context()

    def _wait(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            code = self.process.poll()
            if code == PORT_TAKEN:
                self._start()
                continue
            if code is not None:
                raise CommandError(f"Prefect's temporary server exited with code {code}")
            if _answers(f"{self.api_url}/health"):
                return
            time.sleep(0.1)
        raise CommandError(
            f"Prefect's temporary server did not answer within {self.timeout:.0f} s: raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or run a Prefect server and set "
            "PREFECT_API_URL"
        )

    def stop(self) -> None:
        """Stop the server as Prefect does when its own temporary server is done."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server() -> TemporaryServer | None:
    """Start Prefect's temporary server unless a server is configured (PREFECT_API_URL) or
    Prefect's temporary servers are turned off. Call it from the main thread, after
    `prepare_database`."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        return None
    return TemporaryServer(settings.server.ephemeral.startup_timeout_seconds)


def _free_port() -> int:
    """A port in Prefect's range that nothing listens on now (a race is caught by the exit
    code PORT_TAKEN)."""
    for _ in range(50):
        port = random.choice(PORTS)
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise CommandError(f"no free port for Prefect's temporary server in {PORTS.start}-{PORTS.stop}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False
