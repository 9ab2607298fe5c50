"""Shared fixtures: the real spaCy model, a real Prefect test server, paths to samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
SEED_DATE = "2026-11-28"


@pytest.fixture(scope="session")
def nlp():
    from tasks.text.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def prefect_server():
    """One temporary Prefect database and server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=600):
        yield


@pytest.fixture(scope="session")
def seed_lake(prefect_server, tmp_path_factory) -> Path:
    """`data/lake` of a scratch checkout after `newslake run` on seeds/ (real flow, real files)."""
    from typer.testing import CliRunner

    from flows.cli import app

    lake = tmp_path_factory.mktemp("checkout") / "data" / "lake"
    command = ["run", "--input", str(SEEDS), "--date", SEED_DATE, "--lake", str(lake)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "documents" in result.output and "quotes" in result.output
    return lake


@pytest.fixture(scope="session")
def seed_desk_lake(prefect_server, tmp_path_factory) -> Path:
    """A lake after `newslake backfill` of three dates of seed copies from several outlets
    (tests/seed_desk.py): real runs, with quotes repeated across outlets and dates."""
    from seed_desk import DATES, DEFAULT_OUTLET, write_landing
    from typer.testing import CliRunner

    from flows.cli import app

    root = tmp_path_factory.mktemp("seed-desk")
    landing, lake = write_landing(root / "landing"), root / "lake"
    command = ["backfill", "--start", DATES[0], "--end", DATES[-1], "--landing", str(landing)]
    command += ["--lake", str(lake), "--publisher", DEFAULT_OUTLET]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    return lake


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test where shared/ is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/ is only beside the repo on dev machines")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs the Prefect server is an integration test (`make test-fast`
    leaves them out); modules with servers of their own mark themselves."""
    for item in items:
        if "prefect_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
