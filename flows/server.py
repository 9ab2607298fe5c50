"""Prefect's temporary server: its database prepared once per PREFECT_HOME, never raced.

Without PREFECT_API_URL every flow call starts a temporary local server, which migrates its
SQLite database on its first start. On a busy machine that migration outlasted Prefect's
20-second start-up allowance, and two first runs at once raced on one new database. So
newslake migrates the database and registers Prefect's block types itself, once, under a file
lock, before any server starts (a second first run waits for the first); the servers then find
it ready. The start-up allowance
is raised to 600 s in `flows/__init__.py` (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
overrides it).

newslake starts that temporary server itself, as soon as a command knows it will run a flow
(before Prefect is imported where the home's database is known to be ready), in a process that
dies with the command: Prefect would start it only at the first flow call, after the flows are
imported, and would import its own server modules into the command to do so (about 6 s of CPU
while the workers, their model loaded, wait). Started early, it comes up while the command
imports the flows.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import fcntl
import importlib.metadata
import os
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

# What Prefect's own temporary server is started with: no UI, and marked as temporary.
_SERVER_ENVIRONMENT = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
# What it is started with on the database `prepare_database` migrated and registered Prefect's
# block types in: it need not check either again (a second of its start-up, on the path to the
# first batch, spent mostly importing every installed Prefect integration).
_PREPARED_ENVIRONMENT = {
    "PREFECT_API_DATABASE_MIGRATE_ON_START": "false",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
}
_DATABASE = "prefect.db"  # the temporary server's SQLite file in PREFECT_HOME, by default
# Where these are set, the server is elsewhere or keeps its database elsewhere.
_SERVER_ELSEWHERE = (
    "PREFECT_API_URL",
    "PREFECT_SERVER_DATABASE_CONNECTION_URL",
    "PREFECT_API_DATABASE_CONNECTION_URL",
)
_early: list[tuple[subprocess.Popen[bytes], int]] = []  # started before Prefect's import
_starting: list[subprocess.Popen[bytes]] = []  # this process's server, until it answers
_own: list[int] = []  # the port of the temporary server this process started and points at


def prepare_database() -> bool:
    """Migrate the temporary server's database if this Prefect version has not yet done so;
    True if it did. Nothing to do when a real server is configured (PREFECT_API_URL)."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:
        return False
    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    marker = _ready_marker(home)
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
    problem = _unopenable(database)
    if problem:
        raise CommandError(
            f"Prefect's database {database} cannot be opened ({problem}). It holds only Prefect's "
            f"own run history (the lake keeps its runs table): remove it with `rm {database}` "
            "and newslake prepares a new one on the next command",
            exit_code=1,
        ) from None


def _ready_marker(home: Path) -> Path:
    """The file saying this Prefect version's database in `home` is prepared (read without
    importing Prefect, so `start_server_early` and `prepare_database` name the same file)."""
    return home / f".newslake-database-ready-{importlib.metadata.version('prefect')}"


def _unopenable(database: Path) -> str | None:
    """Why the SQLite file `database` cannot be opened as Prefect's database, or None."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            db.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def _sqlite_file(settings: Any) -> Path | None:
    """The temporary server's SQLite file, or None for another database (PostgreSQL)."""
    url = settings.server.database.connection_url
    text = url.get_secret_value() if url is not None else ""
    prefix = "sqlite+aiosqlite:///"
    return Path(text[len(prefix) :]) if text.startswith(prefix) else None


def start_server_early() -> None:
    """Start the temporary server before Prefect is imported (its import takes 1-2 s), where
    the environment names no API and no other database, and this PREFECT_HOME's database is
    known to be prepared; `start_server` adopts it, or stops it where Prefect's settings (a
    profile, a prefect.toml) name an API or another database. Not where the database cannot
    be opened: the server would print tracebacks over `check_database`'s one line."""
    if _early or any(name in os.environ for name in _SERVER_ELSEWHERE):
        return
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    database = home / _DATABASE
    # Not on a damaged database: check_database says so in one line.
    if _ready_marker(home).exists() and database.exists() and not _unopenable(database):
        _early.append(_launch(dict(os.environ) | _PREPARED_ENVIRONMENT))


def stop_early() -> None:
    """Stop the server `start_server_early` started, where the command runs no flow after all
    (an unchanged date)."""
    while _early:
        _stop(_early.pop()[0])


def start_server() -> None:
    """Start Prefect's temporary server in a subprocess of this process's main thread (so it
    dies with the command, even on SIGKILL), unless `start_server_early` did, and point
    Prefect at it; `wait_for_server` before the first flow call. Nothing to do where an API
    is configured (PREFECT_API_URL, a test harness, or a server this process started)."""
    from prefect.context import refresh_global_settings_context
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    wanted = not settings.api.url and settings.server.ephemeral.enabled
    prepared = _sqlite_file(settings) == settings.home / _DATABASE  # prepare_database's own file
    early = _early.pop() if _early else None
    if early and not (wanted and prepared):
        _stop(early[0])
        early = None
    if not wanted:
        return
    environment = os.environ | settings.to_environment_variables(exclude_unset=True)
    if prepared:
        environment |= _PREPARED_ENVIRONMENT
    server, port = early or _launch(environment)
    os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    refresh_global_settings_context()
    _starting.append(server)
    _own.append(port)


def without_heartbeats() -> contextlib.AbstractContextManager[object]:
    """Flow runs without heartbeats where they report to the temporary server this process
    started: a heartbeat tells a lasting server that a run is still alive, and this one dies
    with the command. Each flow run's end waited for the heartbeat thread's one-second sleep
    (half a second on average). A configured server (PREFECT_API_URL) keeps them."""
    if not _own:
        return contextlib.nullcontext()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def _launch(environment: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """Prefect's temporary server (flows/server_app.py: Prefect's app under uvicorn, as Prefect
    starts it), on a free loopback port."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flows.server_app", str(port)],
        env=environment | _SERVER_ENVIRONMENT,
        preexec_fn=die_with_parent,
    )
    atexit.register(_stop, server)
    return server, port


def wait_for_server() -> None:
    """Return once the server `start_server` started answers; CommandError if it exits or
    outlasts Prefect's start-up allowance."""
    if not _starting:
        return
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    health = f"{settings.api.url}/health"
    deadline = time.monotonic() + settings.server.ephemeral.startup_timeout_seconds
    while time.monotonic() < deadline:
        if _starting[0].poll() is not None:
            raise CommandError(
                f"Prefect's temporary server exited with code {_starting[0].returncode} while "
                "starting; its messages are above",
                exit_code=1,
            )
        answered = contextlib.suppress(urllib.error.URLError, ConnectionError)
        with answered, urllib.request.urlopen(health, timeout=5) as response:
            if response.status == 200:
                _starting.clear()
                return
        time.sleep(0.05)
    raise CommandError(
        "Prefect's temporary server did not answer within "
        f"{settings.server.ephemeral.startup_timeout_seconds:.0f} s (raise "
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS on a very busy machine)",
        exit_code=1,
    )


def _free_port() -> int:
    """A loopback port free right now (the system's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server at exit, as Prefect stops its own: terminate, then kill after 5 s."""
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
