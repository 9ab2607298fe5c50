"""Prefect's temporary server: its database prepared once per PREFECT_HOME, never raced.

Without PREFECT_API_URL every flow call starts a temporary local server, which migrates its
SQLite database on its first start. On a busy machine that migration outlasted Prefect's
20-second start-up allowance, and two first runs at once raced on one new database. So
newslake migrates the database and registers Prefect's block types itself, once, under a file
lock, before any server starts (a second first run waits for the first); the servers then find
it ready. The start-up allowance
is raised to 600 s in `flows/__init__.py` (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
overrides it).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import sqlite3
from pathlib import Path
from typing import Any

from flows.checks import CommandError


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
