"""One gender per referent across the lake: per-document votes, the lake-wide vote with its
margin, the given-name fallback and its limits, and the alias table's override."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tasks.link.gender import document_votes, inferred, record_votes, settle_genders
from tasks.link.registry import Identity, Registry
from tasks.text.aliases import read_aliases

DAY = dt.date(2026, 3, 2)


def _identity(name: str, label: str = "PERSON", documents: int = 1, **evidence) -> Identity:
    identity = Identity(f"{label.lower()}:{name.lower().replace(' ', '-')}", name, label, DAY)
    identity.usage = {(DAY, name, label): documents}
    if evidence:
        identity.evidence = {DAY: (evidence.get("female", 0), evidence.get("male", 0))}
    return identity


@pytest.mark.parametrize(
    ("female", "male", "gender", "source"),
    [
        (3, 0, "female", "text"),
        (0, 1, "male", "text"),
        (4, 2, "female", "text"),  # twice the other side
        (3, 2, None, None),  # a conflict is left unknown
        (1, 1, None, None),
    ],
)
def test_the_lake_wide_vote_needs_a_margin(female, male, gender, source):
    found = inferred(_identity("Tamsin Orrell", documents=5, female=female, male=male))
    assert (found.value, found.source) == (gender, source)


@pytest.mark.parametrize(
    ("name", "label", "documents", "gender"),
    [
        ("Margaret Ellory", "PERSON", 2, "female"),
        ("Gregory Ellory", "PERSON", 3, "male"),
        ("Margaret Ellory", "PERSON", 1, None),  # named once: left unknown
        ("Ellory", "PERSON", 4, None),  # a bare surname has no given name
        ("Margaret Ellory Foundation", "ORG", 4, None),  # never an organisation
        ("Robin Ellory", "PERSON", 4, None),  # a name given to both
    ],
)
def test_a_given_name_only_where_there_is_no_evidence(name, label, documents, gender):
    found = inferred(_identity(name, label, documents))
    assert found.value == gender
    assert found.source == ("name" if gender else None)


def test_text_evidence_wins_over_the_given_name():
    assert inferred(_identity("Margaret Ellory", documents=3, male=2)).value == "male"


def test_one_document_casts_one_vote_per_referent():
    mentions = [
        {"doc_id": "a", "entity_id": "x", "gender_cue": "female"},
        {"doc_id": "a", "entity_id": "x", "gender_cue": "female"},
        {"doc_id": "a", "entity_id": "x", "gender_cue": "male"},
        {"doc_id": "b", "entity_id": "x", "gender_cue": "male"},
        {"doc_id": "b", "entity_id": "x", "gender_cue": "female"},  # a tie: no vote
        {"doc_id": "c", "entity_id": "y", "gender_cue": None},
    ]
    speaker = {"doc_id": "c", "speaker": "she", "speaker_entity_id": "y", "speaker_label": "PERSON"}
    carried = [{**speaker, "speaker_start": 5, "speaker_end": 8}] * 3  # one speaker, 3 quotes
    votes = document_votes(mentions, carried)
    assert votes == {("a", "x"): "female", ("c", "y"): "female"}


def test_a_person_named_once_without_evidence_gets_the_gender_other_dates_show():
    registry = Registry([_identity("Tamsin Orrell")])
    person = next(iter(registry.identities))
    later = DAY + dt.timedelta(days=1)
    record_votes(registry, {("d1", "x"): "female"}, {("d1", "x"): person}, later, {"d1"})
    settle_genders(registry, {})
    identity = registry.identities[person]
    assert (identity.gender, identity.gender_source) == ("female", "text")
    record_votes(registry, {}, {}, later, {"d1"})  # a rerun of that date replaces its votes
    settle_genders(registry, {})
    assert identity.gender is None


def test_a_syndicated_copy_does_not_vote():
    registry = Registry([_identity("Tamsin Orrell")])
    person = next(iter(registry.identities))
    votes = {("copy", "x"): "male"}
    record_votes(registry, votes, {("copy", "x"): person}, DAY, counted=set())
    assert registry.identities[person].evidence == {}


@pytest.mark.parametrize(
    ("row", "gender", "source"),
    [
        ("Orrell,Tamsin Orrell,PERSON,male", "male", "override"),
        ("Orrell,Tamsin Orrell,PERSON,", "female", "text"),  # no override
        ("Orrell,Tamsin Orrell,PERSON,unknown", "female", "text"),  # not a gender
    ],
)
def test_the_alias_table_overrides_a_persons_gender(tmp_path: Path, row, gender, source):
    table = tmp_path / "aliases.csv"
    table.write_text(f"alias,name,label,gender\n{row}\n")
    registry = Registry([_identity("Tamsin Orrell", documents=2, female=2)])
    settle_genders(registry, read_aliases(table))
    (identity,) = registry.identities.values()
    assert (identity.gender, identity.gender_source) == (gender, source)


def test_an_alias_table_without_a_gender_column_still_reads(tmp_path: Path):
    table = tmp_path / "aliases.csv"
    table.write_text("alias,name,label\nAcme,Acme Corporation,ORG\n")
    assert read_aliases(table)["acme"].gender is None
