"""A date's files in batches: the last batches small, so the workers finish together."""

from __future__ import annotations

import pytest

from flows.batches import SMALLEST_BATCH, batch_sizes


@pytest.mark.parametrize(
    ("total", "largest", "workers"),
    [
        (840, 100, 2),
        (2000, 100, 2),
        (20, 100, 2),
        (15, 100, 1),
        (24, 4, 2),
        (1, 100, 2),
        (0, 100, 2),
    ],
)
def test_every_file_is_in_one_batch_and_none_is_over_the_largest(total, largest, workers):
    sizes = batch_sizes(total, largest=largest, workers=workers)
    assert sum(sizes) == total
    assert all(0 < size <= largest for size in sizes)
    assert all(size >= min(SMALLEST_BATCH, largest) for size in sizes[:-1])


@pytest.mark.parametrize(
    ("total", "largest", "workers", "expected"),
    [
        (15, 100, 1, [15]),  # one worker: the old equal batches
        (250, 100, 1, [100, 100, 50]),
        (24, 4, 2, [4] * 6),  # an explicit batch size is kept
        (20, 100, 2, [8, 8, 4]),
    ],
)
def test_sizes(total, largest, workers, expected):
    assert batch_sizes(total, largest=largest, workers=workers) == expected


def test_the_last_batches_of_a_large_date_are_small_and_shrinking():
    sizes = batch_sizes(840, largest=100, workers=2)
    assert sizes[0] == 100 and sizes[-1] <= SMALLEST_BATCH
    assert sizes == sorted(sizes, reverse=True)
    # what is left when the last full batch starts is at most a few small batches' work
    assert sum(size for size in sizes if size < 100) < 840 // 2
