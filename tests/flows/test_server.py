"""Prefect's temporary server started before Prefect is imported: adopted where nothing else
is configured, stopped where Prefect's settings name an API of their own (real processes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.context import refresh_global_settings_context
from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

from flows import server


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PREFECT_HOME whose database newslake has prepared (once: Prefect keeps one database
    engine per process)."""
    home = tmp_path_factory.mktemp("prefect") / "home"
    with temporary_settings(updates={PREFECT_HOME: home}):
        assert server.prepare_database()
    return home


@pytest.fixture
def prepared_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """That home in the environment, with no API named there; the environment is restored
    afterwards and any server stopped."""
    monkeypatch.setenv("PREFECT_HOME", str(home))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    yield home
    for process, _ in server._early:
        server._stop(process)
    server._early.clear()
    server._starting.clear()
    os.environ.pop("PREFECT_API_URL", None)
    monkeypatch.undo()
    refresh_global_settings_context()  # the settings of the environment as it was


def test_an_early_server_is_adopted_and_answers(prepared_home: Path):
    server.start_server_early()
    assert len(server._early) == 1
    process, port = server._early[0]
    try:
        with temporary_settings(updates={PREFECT_HOME: prepared_home}):
            server.start_server()
        assert os.environ["PREFECT_API_URL"] == f"http://127.0.0.1:{port}/api"
        assert server._early == [] and server._starting == [process]
        server.wait_for_server()
        assert process.poll() is None and server._starting == []
    finally:
        server._stop(process)


def test_an_early_server_is_stopped_where_the_settings_name_an_api(prepared_home: Path):
    server.start_server_early()
    process, _ = server._early[0]
    elsewhere = "http://127.0.0.1:9/api"  # as a profile or prefect.toml would name it
    with temporary_settings(updates={PREFECT_HOME: prepared_home, PREFECT_API_URL: elsewhere}):
        server.start_server()
    assert process.poll() is not None  # stopped, not left running beside the real API
    assert "PREFECT_API_URL" not in os.environ and server._starting == []


def test_no_early_server_before_the_database_is_prepared(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "new-home"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    server.start_server_early()  # a first run: its database is prepared under a lock first
    assert server._early == []
