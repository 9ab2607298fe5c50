"""Tables that lay out a page are unwrapped; tables of data stay tables."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from tasks.ingest.layout_tables import PROSE_CELL_WORDS, is_layout, unwrap_layout_tables

PROSE = " ".join(["word"] * PROSE_CELL_WORDS)
SHORT = " ".join(["word"] * (PROSE_CELL_WORDS - 1))
CASES = {
    "box score": (
        "<table><tr><th>Player</th><th>Points</th></tr><tr><td>A</td><td>3</td></tr></table>",
        False,
    ),
    "prose cell": (f"<table><tr><td>Menu</td><td>{PROSE}</td></tr></table>", True),
    "cell just short of prose": (f"<table><tr><td>{SHORT}</td></tr></table>", False),
    "nested table": ("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", True),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_or_data(name: str):
    markup, layout = CASES[name]
    tree = load_html(f"<html><body>{markup}</body></html>")
    assert is_layout(tree.find(".//table")) is layout


def test_a_data_table_inside_a_layout_table_stays_a_table():
    data = "<table><tr><td>A</td><td>3</td></tr></table>"
    page = f"<html><body><table><tr><td>{PROSE}{data}</td></tr></table></body></html>"
    tree = load_html(page)
    assert unwrap_layout_tables(tree) == 1
    tables = tree.findall(".//table")
    assert len(tables) == 1 and tables[0].findtext(".//td") == "A"
