"""One name per person within an article: "Gromble", "Mr. Gromble" and "Tomas Gromble" become the
fullest name the article writes for that person, keeping apart people who share a surname.
"""

from __future__ import annotations

from tasks.extract.mentions import name_words, normalise, same_person
from tasks.text.lexicon import (
    GENDER_WORDS,
    GIVEN_NAMES,
    NICKNAMES,
)


def person_names(
    keys: list[str],
    quoted_only: frozenset[str] = frozenset(),
    headline: str = "",
    genders: dict[str, str] | None = None,
) -> dict[str, str]:
    """Map each person key to the fullest name in the document for the same person.

    "Gromble", "Mr. Gromble" and "Tomas Gromble" become "Tomas J. Gromble" when the article says
    so. Two different full names sharing a surname stay apart. A bare surname that could be
    either of them goes to the one the article is about (`_focus`), never simply the latest:
    "Sen. Chris Haddad ... Patrick Haddad, a lawyer, ... Haddad said" is Chris Haddad; an
    honorific tells them apart ("Mrs. Lindqvist" is not Bill Lindqvist). A
    name is never taken from inside quotation marks: a key seen only in quotes ("Crooked
    Vera Lindqvist") is the fullest name the article writes outside them for that person,
    if any, and never names the others. `keys` come in text order, one per mention;
    `headline` is the text of the title and standfirst; `genders` the gender the article
    shows for a bare name ("Ruiz said he"), which rules out a full name of the other gender.
    """
    words = {key: name_words(key) for key in set(keys)}

    # How full each name is, once per name: the loops below compare every pair of names.
    fullness = {key: (len(words[key]), len(key.split()), len(key)) for key in words}

    def same(key: str, other: str) -> bool:
        return same_person(words[key], words[other]) or same_person(words[other], words[key])

    padded = {  # "Rival Vera Lindqvist" where the article also writes "Vera Lindqvist"
        key: shorter
        for key in words
        for shorter in [_padded_name(key, words, quoted_only)]
        if shorter is not None
    }
    longest: dict[str, str] = dict(padded)  # each key's fullest form, which may have a fuller one
    gendered = {key: _honorific_gender(key) for key in words}
    shown = {key: (genders or {}).get(key) or gendered[key] for key in words}
    for key in set(words) - set(padded):
        outside: list[str] = []  # read for a key seen only in quotes: only then worth a pass
        if key in quoted_only:
            outside = [
                o
                for o in words
                if o not in quoted_only and o not in padded and o != key and same(key, o)
            ]
        if outside:
            candidates = outside
        else:
            candidates = _by_surname_first(
                words[key],
                [
                    other
                    for other in words
                    if fullness[other] > fullness[key]
                    and other not in quoted_only
                    and other not in padded
                    and same_person(words[key], words[other])
                ],
                words,
            )
        if shown[key] is not None:  # "Mrs. Lindqvist" is not Bill Lindqvist
            candidates = [c for c in candidates if _given_gender(words[c]) != _other(shown[key])]
        people = [  # the candidates no other candidate is a fuller form of: one per person
            c
            for c in candidates
            if not any(
                fullness[d] > fullness[c] and same_person(words[c], words[d]) for d in candidates
            )
        ]
        if len({words[c] for c in people}) > 1:
            longest[key] = max(people, key=lambda c: _focus(c, people, keys, words, headline))
        else:
            first = {c: -keys.index(c) for c in candidates}  # ties: the first written
            longest[key] = max(candidates, key=lambda c: (fullness[c], first[c]), default=key)

    def root(key: str) -> str:
        seen = {key}
        while longest[key] not in seen:
            key = longest[key]
            seen.add(key)
        return key

    return {key: normalise(root(key)) if gendered[root(key)] else root(key) for key in longest}


def _honorific_gender(key: str) -> str | None:
    """The gender an honorific before a bare surname gives: "Mrs. Lindqvist" -> "f"."""
    words = key.split()
    return GENDER_WORDS.get(words[0].casefold()) if len(words) == 2 else None


def _given_gender(words: tuple[str, ...]) -> str | None:
    return GIVEN_NAMES.get(words[0]) if len(words) > 1 else None


def _other(gender: str | None) -> str | None:
    return {"m": "f", "f": "m"}.get(gender or "")


def _by_surname_first(
    short: tuple[str, ...], candidates: list[str], words: dict[str, tuple[str, ...]]
) -> list[str]:
    """The fuller names a short one can be, those it ends ("Gromble" of "Tomas Gromble") before
    those it starts ("Gromble" of "Gromble Tower"): a bare word is a surname first."""
    ending = [c for c in candidates if words[c][-len(short) :] == short]
    return ending or candidates


def _padded_name(
    key: str, words: dict[str, tuple[str, ...]], quoted_only: frozenset[str]
) -> str | None:
    """The article's full name `key` holds after words that are not a given name ("Rival",
    "Democrat", "Vermonter" the model took in): the name, starting with a common given
    name, that the rest of the article writes without them. None if it writes none."""
    mine = words[key]
    shorter = [
        other
        for other, theirs in words.items()
        if 1 < len(theirs) < len(mine)
        and other not in quoted_only
        and mine[-len(theirs) :] == theirs
        and given_name(theirs[0])  # not a double surname: "Marta Acosta Ferlin"
        and not any(given_name(w) for w in mine[: -len(theirs)])
    ]
    return max(shorter, key=lambda o: len(words[o]), default=None)


def given_name(word: str) -> bool:
    return word in GIVEN_NAMES or word in NICKNAMES


def _focus(
    name: str,
    rivals: list[str],
    keys: list[str],
    words: dict[str, tuple[str, ...]],
    headline: str,
) -> tuple[bool, int, int]:
    """How much an article is about the person `name` rather than its `rivals` (people sharing
    a surname): named in the headline, named first, mentioned most by a form only they fit.
    News writing names its main subject in the headline and first."""

    def only_theirs(key: str) -> bool:
        others = (r for r in rivals if r != name)
        return same_person(words[key], words[name]) and not any(
            same_person(words[key], words[r]) for r in others
        )

    in_headline = name.casefold() in headline.casefold()  # even where the model tagged nothing
    return in_headline, -keys.index(name), sum(only_theirs(key) for key in keys)
