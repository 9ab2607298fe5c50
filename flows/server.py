"""Prefect's temporary server: its database prepared once per PREFECT_HOME, never raced.

Without PREFECT_API_URL every flow call starts a temporary local server, which migrates its
SQLite database on its first start. On a busy machine that migration outlasted Prefect's
20-second start-up allowance, and two first runs at once raced on one new database. So
newslake migrates the database itself, once, under a file lock, before any server starts (a
second first run waits for the first); the server then finds it ready. The start-up allowance
is raised to 600 s in `flows/__init__.py` (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
overrides it).
"""

from __future__ import annotations

import asyncio
import fcntl


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
    if marker.exists():
        return False
    with open(home / ".newslake-database.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a concurrent first run waits for this one
        if marker.exists():
            return False
        from prefect.server.database import provide_database_interface

        asyncio.run(provide_database_interface().create_db())
        marker.touch()
    return True
