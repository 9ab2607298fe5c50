"""The gender a given name strongly has, from gender-guesser's list of given names (it ships
with the package: nothing is downloaded). Linking reads it for a person the articles give no
gender; extraction for a person an article names but never genders, so that "she" is never
resolved to a Lars or a Rufus.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

FEMALE, MALE = "female", "male"
_OTHER_WAY = {FEMALE: ("male", "mostly_male"), MALE: ("female", "mostly_female")}


@lru_cache(maxsize=1)
def load_name_list() -> Any:
    """gender-guesser's detector (untyped), loaded once per process: it parses its list of
    given names from disk, which a run can do while its batches are processed rather than
    in the linking after them."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


def given_name_gender(given: str) -> str | None:
    """FEMALE or MALE where the list gives the name strongly one gender and its American
    usage does not lean the other way ("Jan": male in Dutch and Czech, mostly female in the
    United States, gives none); None for any other name."""
    names = load_name_list()
    found = names.get_gender(given)
    if found not in _OTHER_WAY:
        return None
    return None if names.get_gender(given, "usa") in _OTHER_WAY[found] else found
