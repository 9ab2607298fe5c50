"""An entity the model ran across a comma or a spaced dash is cut into its names; a name
that holds a hyphen, a suffix after a comma, or a place with its region stays whole; a
person's name after a role word or a possessive inside a thing's span is a person's."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from tasks.extract.name_spans import name_pieces, person_inside


@pytest.mark.parametrize(
    ("text", "label", "pieces"),
    [
        ("DENVER - Tom Hale", "ORG", ["DENVER", "Tom Hale"]),  # a dateline before the name
        ("DENVER — Tom Hale", "PERSON", ["DENVER", "Tom Hale"]),
        ("Okafor, Hale", "PERSON", ["Okafor", "Hale"]),
        ("Tom Hale, Jr.", "PERSON", ["Tom Hale, Jr."]),  # a suffix after its comma
        ("Ana Ruiz-Okafor", "PERSON", ["Ana Ruiz-Okafor"]),  # a hyphen is no spaced dash
        ("Columbus, Ohio", "GPE", ["Columbus, Ohio"]),  # a place with its region
        ("Springfield - Columbus", "GPE", ["Springfield", "Columbus"]),
    ],
)
def test_a_name_never_spans_a_comma_or_a_spaced_dash(nlp, text, label, pieces):
    doc = nlp.make_doc(text)
    entity = Span(doc, 0, len(doc), label=label)
    assert [piece.text for piece in name_pieces(entity)] == pieces


@pytest.mark.parametrize(
    ("sentence", "entity", "label", "pieces"),
    [
        # a role word inside a thing's span: the name after it is a person's
        (
            "Phoenix Mayor Tom Hale said it.",
            "Phoenix Mayor Tom Hale",
            "WORK_OF_ART",
            [("Tom Hale", "PERSON")],
        ),
        (
            "House Speaker Tom Hale said it.",
            "House Speaker Tom Hale",
            "ORG",
            [("Tom Hale", "PERSON")],
        ),
        # a possessive before a given name and a surname: the owner and the person
        (
            "The Daily Ledger's Ana Ruiz wrote it.",
            "Daily Ledger's Ana Ruiz",
            "ORG",
            [("Daily Ledger", "ORG"), ("Ana Ruiz", "PERSON")],
        ),
        # no given name after the possessive, an institution's word last, or no role
        (
            "Macy's Thanksgiving Day Parade went on.",
            "Macy's Thanksgiving Day Parade",
            "EVENT",
            [("Macy's Thanksgiving Day Parade", "EVENT")],
        ),
        (
            "The Senator Tom Hale Institute opened.",
            "Senator Tom Hale Institute",
            "ORG",
            [("Senator Tom Hale Institute", "ORG")],
        ),
        (
            "The Justice Department said so.",
            "Justice Department",
            "ORG",
            [("Justice Department", "ORG")],
        ),
        (  # an affiliation before words that are no given name and surname
            "The Republican Governors Association met.",
            "Republican Governors Association",
            "ORG",
            [("Republican Governors Association", "ORG")],
        ),
        # a person's span is left to the person rules
        ("Mayor Tom Hale said it.", "Mayor Tom Hale", "PERSON", [("Mayor Tom Hale", "PERSON")]),
    ],
)
def test_a_persons_name_inside_a_things_span_is_a_person(nlp, sentence, entity, label, pieces):
    doc = nlp(sentence)
    start = sentence.index(entity)
    span = doc.char_span(start, start + len(entity), label=label)
    assert [(p.text, p.label_) for p in person_inside(span)] == pieces
