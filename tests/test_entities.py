from __future__ import annotations

import pytest
from conftest import SEEDS

from tasks.analyse import analyse_text
from tasks.entities import normalise


@pytest.fixture(scope="module")
def seed_mentions(nlp):
    analysis = analyse_text((SEEDS / "000_f2e76c1b7090efcc.txt").read_text(), nlp)
    for mention in analysis.mentions:
        assert analysis.cleaned.text[mention.start : mention.end] == mention.text
    return analysis.mentions


def test_seed_people_share_the_fullest_name(seed_mentions):
    names = {(m.text, m.label, m.name) for m in seed_mentions if "Zelensky" in m.text}
    assert names == {
        ("Zelensky", "PERSON", "Vladimir Zelensky"),
        ("Vladimir Zelensky", "PERSON", "Vladimir Zelensky"),
    }
    trump = {(m.label, m.name) for m in seed_mentions if m.text == "Trump"}
    assert trump == {("PERSON", "Donald Trump")}  # the model alone says ORG in "Trump’s team"
    assert {(m.label, m.name) for m in seed_mentions if m.text == "Putin"} == {
        ("PERSON", "Vladimir Putin")
    }
    assert ("Davos", "GPE") in {(m.text, m.label) for m in seed_mentions}


def test_numbers_and_dates_are_not_entities(seed_mentions):
    assert not {m.label for m in seed_mentions} & {"DATE", "CARDINAL", "TIME"}


def test_normalise():
    assert normalise("the United States") == "United States"
    assert normalise("Mr. Trump’s") == "Trump"
    assert normalise("Lucia Ferreira 6-4") == "Lucia Ferreira"


def test_shared_surname_stays_ambiguous(nlp):
    analysis = analyse_text(
        "Clinton family gathers\nHillary Clinton spoke in Ohio on Monday. "
        "Bill Clinton spoke in Iowa. Clinton later left for New York.\n",
        nlp,
    )
    names = {m.name for m in analysis.mentions if m.label == "PERSON"}
    assert {"Hillary Clinton", "Bill Clinton"} <= names
    bare = [m for m in analysis.mentions if m.text == "Clinton" and m.start > 30]
    assert all(m.name == "Clinton" for m in bare)
