"""Near-duplicate signatures keep the values datasketch gave them, and a later copy of a story
points at its first copy."""

from __future__ import annotations

import numpy as np
import pytest

from tasks.link.near_duplicates import NUM_PERM, near_duplicates, signature

STORY = (
    "The council voted on Tuesday to close the old library on Main Street after a long debate "
    "about costs, and the mayor said the building would be sold to pay for a new school. "
    "Residents who packed the hall said the library had served the town for ninety years."
)


@pytest.mark.parametrize(
    ("text", "first_values", "total"),
    [  # datasketch 2.0.0, MinHash(num_perm=128, scheme="affine32"), seed 1
        (
            "The quick brown fox jumps over the lazy dog near the river bank today",
            [525945524, 308070412, 607579761, 515962279, 815407907, 208335525],
            51957149074,
        ),
        ("", [2747688399, 1767364624, 2099376490, 1311902971, 2938687247, 1251275412], None),
    ],
)
def test_signatures_are_datasketchs_affine32_values(text, first_values, total):
    values = signature(text)
    assert values.dtype == np.uint32 and len(values) == NUM_PERM
    assert values[: len(first_values)].tolist() == first_values
    assert total is None or int(values.sum()) == total


@pytest.mark.parametrize(
    ("later", "is_copy"),
    [
        (STORY, True),  # the same text
        (STORY.replace("ninety years", "nearly a century"), True),  # an edited ending
        ("Updated: " + STORY, True),  # a line added before it
        (STORY[: len(STORY) // 2], False),  # half of it: too little shared
        ("A storm closed the airport on Friday and stranded hundreds of travellers.", False),
    ],
)
def test_a_later_copy_points_at_the_first(later, is_copy):
    found = near_duplicates([("first", signature(STORY)), ("later", signature(later))])
    assert found == ({"later": "first"} if is_copy else {})


def test_copies_point_at_the_earliest_original_not_at_each_other():
    edited = STORY.replace("Tuesday", "Wednesday")
    found = near_duplicates(
        [("a", signature(STORY)), ("b", signature(edited)), ("c", signature(STORY))]
    )
    assert found == {"b": "a", "c": "a"}
