"""One id per referent across documents, dates and runs: the registry's rules, its table, and
concurrent updates (real Parquet, real threads, the real lock)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import polars as pl
import pytest

from tasks.lake.locks import registry_lock
from tasks.link.registry import (
    Named,
    Registry,
    assign,
    compatible,
    full_names,
    read_registry,
    settle,
    write_registry,
)
from tasks.link.staged import link_staged
from tasks.text.aliases import entity_id, read_aliases

DAY = dt.date(2026, 11, 1)


def named(doc: str, name: str, label: str = "PERSON", entity_name: str | None = None) -> Named:
    """A document's name for a referent, with the document-level id extraction gives it."""
    return Named(doc, entity_id(label, entity_name or name), name, label, entity_name or name)


@pytest.mark.parametrize(
    ("name", "other", "same"),
    [
        ("Tomas J. Gromble", "Tomas Gromble", True),
        ("Joe Okafor", "Joseph R. Okafor Jr.", True),
        ("Vera Moss Lindqvist", "Vera Lindqvist", True),
        ("Vera Lindqvist", "Bill Lindqvist", False),
        ("George W. Marlow", "George H.W. Marlow", False),
        ("George W. Marlow", "George Marlow", True),
        ("Ana Gromble", "Tomas Gromble", False),
        ("Anna Lindqvist", "Ana Lindqvist", True),  # one person under two spellings
        ("Phillip Hale", "Philip Hale", True),
        ("Aidan O’Riordan", "Aidan O'Riordan", True),
        ("Tom Hale", "Tim Hale", False),
        ("Doug Hale", "Douglas Hale", True),  # a common short form
        ("Ted Hale", "Edward M. Hale", True),
        ("Jake Hale", "Jacob Hale", True),
        ("Steve Hale", "Stephen K. Hale", True),  # "Steve" is Steven or Stephen
    ],
)
def test_compatible_full_names(name, other, same):
    assert compatible(name, other) is same
    assert compatible(other, name) is same


def test_an_apostrophe_glyph_never_splits_an_identity():
    registry = Registry()
    ids = assign(registry, [named("a", "Aidan O’Riordan"), named("b", "O'Riordan")], DAY)
    assert ids[("a", "person:aidan-o-riordan")] == ids[("b", "person:o-riordan")]


def test_gromble_spellings_are_one_id_and_two_lindqvists_stay_apart():
    registry = Registry()
    ids = assign(
        registry,
        [
            named("a", "Tomas J. Gromble"),
            named("b", "Tomas Gromble"),
            named("c", "Gromble"),  # an article naming no other Gromble
            named("d", "Vera Lindqvist"),
            named("e", "Vera Lindqvist"),
            named("f", "Bill Lindqvist"),
            named("g", "Lindqvist"),  # goes to the Lindqvist named in most documents
        ],
        DAY,
    )
    gromble = {ids[(doc, entity_id("PERSON", n))] for doc, n in [("a", "Tomas J. Gromble"),
             ("b", "Tomas Gromble"), ("c", "Gromble")]}  # fmt: skip
    assert gromble == {"person:tomas-gromble"}
    assert ids[("d", "person:vera-lindqvist")] != ids[("f", "person:bill-lindqvist")]
    assert ids[("g", "person:lindqvist")] == "person:vera-lindqvist"
    assert registry.identities["person:tomas-gromble"].n_documents == 3


def test_a_bare_surname_first_seen_alone_becomes_the_full_names_identity():
    registry = Registry()
    first = assign(registry, [named("a", "Okonkwo")], DAY)
    later = assign(registry, [named("b", "Dayo Okonkwo")], DAY + dt.timedelta(days=1))
    assert first[("a", "person:okonkwo")] == later[("b", "person:dayo-okonkwo")] == "person:okonkwo"
    assert registry.identities["person:okonkwo"].name == "Dayo Okonkwo"
    assign(registry, [named("c", "Dayo H. Okonkwo")], DAY + dt.timedelta(days=2))
    assert registry.identities["person:okonkwo"].name == "Dayo Okonkwo"  # names stay once full


@pytest.mark.parametrize(
    ("document_names", "full"),
    [
        (["Gromble"], "Tomas Gromble"),  # a bare surname: the lake's full name for it
        (["Tomas Gromble"], None),  # already full
        (["Haddad"], None),  # no full name in the lake: the surname stays as written
    ],
)
def test_a_surname_alone_takes_the_lakes_full_name(document_names, full):
    registry = Registry()
    others = [named(f"d{n}", "Tomas Gromble") for n in range(3)]
    names = [*others, *(named("x", name) for name in document_names)]
    ids = assign(registry, names, DAY)
    shown = full_names(registry, names, ids)
    assert shown.get(("x", entity_id("PERSON", document_names[-1]))) == full


def test_a_label_is_the_majority_over_documents_and_the_alias_table_wins(tmp_path: Path):
    from tasks.link.names import identities

    registry = Registry()
    names = [named("a", "Acme", "ORG"), named("b", "Acme", "ORG"), named("c", "Acme", "GPE")]
    ids = assign(registry, names, DAY)
    assert len(set(ids.values())) == 1
    settle(registry)
    identity = registry.identities[next(iter(ids.values()))]
    assert (identity.name, identity.label) == ("Acme", "ORG")
    write_registry(tmp_path, registry)
    table = tmp_path / "aliases.csv"
    table.write_text("alias,name,label\nAcme,Acme Corporation,ORG\n")
    shown = identities(tmp_path, read_aliases(table)).collect().row(0, named=True)
    assert (shown["lake_name"], shown["lake_label"]) == ("Acme Corporation", "ORG")
    assert identities(tmp_path, {}).collect().row(0, named=True)["lake_name"] == "Acme"


def test_rerunning_a_date_keeps_its_ids_and_counts_it_once(tmp_path: Path):
    names = [named("a", "Tomas Gromble"), named("b", "Gromble"), named("c", "Acme", "ORG")]
    registry = Registry()
    first = assign(registry, names, DAY)
    write_registry(tmp_path, registry)
    again = read_registry(tmp_path)
    assert assign(again, names, DAY) == first
    assert again.identities["person:tomas-gromble"].n_documents == 2
    next_day = assign(again, [named("d", "Mr. Gromble")], DAY + dt.timedelta(days=1))
    assert next_day[("d", "person:mr-gromble")] == "person:tomas-gromble"
    write_registry(tmp_path, again)
    table = pl.read_parquet(tmp_path / "entities_registry" / "part-0.parquet")
    gromble = table.filter(pl.col("entity_id") == "person:tomas-gromble").row(0, named=True)
    assert gromble["n_documents"] == 3 and gromble["first_seen"] == DAY
    assert {"Tomas Gromble", "Gromble", "Mr. Gromble"} <= set(gromble["aliases"])


def _stage(stage: Path, date: dt.date, rows: list[Named]) -> None:
    """Staged entities and documents of one run, as a batch writes them."""
    from tasks.lake.tables import write_part

    common = {"date": date, "run_id": "test", "pipeline_version": "test"}
    entities = [
        {**common, "doc_id": n.doc_id, "text": n.name, "label": n.label, "start": 0,
         "end": len(n.name), "sentence_index": 0, "name": n.name,
         "entity_name": n.entity_name, "entity_id": n.local_id}
        for n in rows
    ]  # fmt: skip
    documents = [
        {**common, "doc_id": doc, "source_path": f"{doc}.txt", "title": "t", "text": "t",
         "language": "en", "encoding": "utf-8", "content_type": "text", "n_paragraphs": 1,
         "n_sentences": 1,
         "n_words": 1, "model": "m", "processed_at": dt.datetime.now(dt.UTC)}
        for doc in sorted({n.doc_id for n in rows})
    ]  # fmt: skip
    write_part(entities, "entities", stage, date, "0")
    write_part(documents, "documents", stage, date, "0")


def test_concurrent_dates_never_lose_each_others_identities(tmp_path: Path):
    """Four dates link at once (threads, as a backfill does): every identity and every date's
    usage survives, because the registry is read, extended and published under its lock."""
    lake = tmp_path / "lake"
    days = [DAY + dt.timedelta(days=n) for n in range(4)]
    for n, day in enumerate(days):
        _stage(tmp_path / f"stage-{n}", day, [named(f"d{n}", f"Person{n} Example{n}"),
                                              named(f"e{n}", "Tomas Gromble")])  # fmt: skip
    errors: list[BaseException] = []

    def link(n: int) -> None:
        try:
            link_staged(lake, tmp_path / f"stage-{n}", days[n], f"run-{n}")
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=link, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    registry = read_registry(lake)
    assert {f"person:person{n}-example{n}" for n in range(4)} <= set(registry.identities)
    gromble = registry.identities["person:tomas-gromble"]
    assert {day for day, _, _ in gromble.usage} == set(days) and gromble.n_documents == 4


def test_the_registry_lock_makes_a_second_holder_wait(tmp_path: Path):
    order: list[str] = []

    def second() -> None:
        with registry_lock(tmp_path, "second"):
            order.append("second")

    with registry_lock(tmp_path, "first"):
        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(0.3)
        order.append("first done")
    waiting.join()
    assert order == ["first done", "second"]


@pytest.mark.parametrize(("documents", "same"), [(5, True), (1, False)])
def test_a_bare_word_tagged_org_is_a_well_known_persons_surname(documents, same):
    registry = Registry()
    names = [named(f"d{n}", "Tomas Gromble") for n in range(documents)]
    ids = assign(registry, [*names, named("x", "Gromble", "ORG")], DAY)
    assert (ids[("x", "org:gromble")] == "person:tomas-gromble") is same


@pytest.mark.parametrize("label", ["GPE", "NORP", "LOC"])
def test_a_place_or_nationality_is_nobodys_surname(label):
    registry = Registry()
    names = [named(f"d{n}", "George Washington") for n in range(6)]
    ids = assign(registry, [*names, named("x", "Washington", label)], DAY)
    assert ids[("x", entity_id(label, "Washington"))] != "person:george-washington"


@pytest.mark.parametrize(
    ("name", "same"), [("Rival Vera Lindqvist", True), ("Mary Vera Lindqvist", False)]
)
def test_a_word_taken_in_before_a_full_name_is_dropped_unless_a_given_name(name, same):
    registry = Registry()
    ids = assign(registry, [named("a", "Vera Lindqvist"), named("b", name)], DAY)
    assert (ids[("b", entity_id("PERSON", name))] == "person:vera-lindqvist") is same


def test_a_published_registry_is_named_once_and_read_again_once_republished(tmp_path: Path):
    from tasks.link.names import identities, lake_genders

    registry = Registry()
    assign(registry, [named("a", "Dana Orlov")], DAY)
    write_registry(tmp_path, registry)
    first = lake_genders(tmp_path, {})
    assert lake_genders(tmp_path, {}) is first  # the same published file: not read again
    assign(registry, [named("b", "Acme", "ORG")], DAY)
    write_registry(tmp_path, registry)
    assert set(lake_genders(tmp_path, {})) == set(first) | {entity_id("ORG", "Acme")}
    shown = identities(tmp_path, {}).collect()["lake_name"].to_list()
    assert sorted(shown) == ["Acme", "Dana Orlov"]


def test_the_registry_a_link_publishes_is_named_from_memory_as_the_file_would_be(tmp_path):
    from tasks.link.names import identities, lake_genders, published_genders

    registry = Registry()
    assign(registry, [named("b", "Dana Orlov"), named("a", "Acme", "ORG")], DAY)
    write_registry(tmp_path, registry)
    kept = published_genders(tmp_path, registry, {})
    assert lake_genders(tmp_path, {}) is kept  # the steps after the link find it
    frame = identities(tmp_path, {}).collect()
    write_registry(tmp_path, read_registry(tmp_path))  # the same identities, published again
    assert lake_genders(tmp_path, {}) == kept and lake_genders(tmp_path, {}) is not kept
    assert identities(tmp_path, {}).collect().equals(frame)  # the file's order, as read


@pytest.mark.parametrize(("gendered", "label"), [((2, 0), "PERSON"), ((1, 0), "ORG")])
def test_a_name_listed_as_an_organisation_is_a_person_the_articles_give_a_gender(gendered, label):
    """Three articles only list "Nola Castaneri" (tagged ORG), one names her as a person: she
    is a person once two articles give her a gender; one article's "she" is not enough."""
    registry = Registry()
    names = [named(doc, "Nola Castaneri", "ORG") for doc in "abc"]
    ids = assign(registry, [*names, named("d", "Nola Castaneri", "PERSON")], DAY)
    identity = registry.identities[ids[("a", names[0].local_id)]]
    identity.evidence[DAY] = gendered
    settle(registry)
    assert identity.label == label
    assert identity.entity_id == "org:nola-castaneri"  # an id never changes
