"""A given name's gender from gender-guesser's list: only where the list is sure and American
usage does not lean the other way."""

from __future__ import annotations

import pytest

from tasks.text.name_genders import FEMALE, MALE, given_name_gender


@pytest.mark.parametrize(
    ("given", "gender"),
    [
        ("Lars", MALE),
        ("Oona", FEMALE),
        ("oona", FEMALE),  # case does not matter
        ("Jan", None),  # male in Dutch and Czech, mostly female in the United States
        ("Jean", None),  # the same the other way round
        ("Pat", None),  # either
        ("Kim", None),  # mostly, not strongly, one gender
        ("Xqzt", None),  # not a name
    ],
)
def test_a_given_name_has_a_gender_only_where_the_list_is_sure(given, gender):
    assert given_name_gender(given) == gender
