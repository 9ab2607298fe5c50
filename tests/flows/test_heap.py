"""flows.heap: what a process keeps for its life is frozen out of the collector's passes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from flows import heap


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """Give the frozen objects back to the collector after each test."""
    yield
    gc.unfreeze()


def test_what_is_made_inside_is_frozen_and_collection_resumes() -> None:
    before = gc.get_freeze_count()
    with heap.lasting():
        assert not gc.isenabled()
        kept = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(kept)


def test_collection_resumes_when_the_block_fails() -> None:
    with pytest.raises(ValueError), heap.lasting():
        raise ValueError("an import failed")
    assert gc.isenabled()


def test_before_exit_freezes_what_the_run_left() -> None:
    left = [[n] for n in range(1000)]
    before = gc.get_freeze_count()
    heap.before_exit()
    assert gc.get_freeze_count() >= before + len(left)
