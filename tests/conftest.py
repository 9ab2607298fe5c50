"""Shared fixtures: the real spaCy model, a real Prefect test server, paths to samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from tasks.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def prefect_server():
    """One temporary Prefect database and server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test where shared/ is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/ is only beside the repo on dev machines")
    return path
