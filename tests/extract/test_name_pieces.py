"""An entity the model ran across a comma or a spaced dash is cut into its names; a name
that holds a hyphen, a suffix after a comma, or a place with its region stays whole."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from tasks.extract.name_spans import name_pieces


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
