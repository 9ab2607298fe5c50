"""Tables that lay out a page, told apart from tables that belong to its article.

Older pages place the masthead, the menus and the article in the cells of one big table.
trafilatura reads every table as data: without tables it finds no article at all, with
tables it keeps the menus as rows. A table whose cell holds prose (PROSE_CELL_WORDS words or
more), or that holds another table, is layout: its rows and cells become plain blocks, so
the article is found as on any other page. A table of short cells (a box score, a results
list) stays a table, kept where it sits inside the article.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from tasks.text.script import word_count

PROSE_CELL_WORDS = 60  # a cell this long is a column of text, not a datum
_TABLE_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")
_LAYOUT_ATTRIBUTES = ("width", "height", "valign", "align", "colspan", "rowspan", "bgcolor")


def is_layout(table: HtmlElement) -> bool:
    """True for a table that lays out the page rather than holding data."""
    if any(inner is not table for inner in table.iter("table")):
        return True
    return any(
        word_count(" ".join(cell.itertext())) >= PROSE_CELL_WORDS for cell in table.iter("td", "th")
    )


def _owner(element: HtmlElement) -> HtmlElement:
    """The table a table, row or cell belongs to: itself for a table."""
    return element if element.tag == "table" else next(element.iterancestors("table"))


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn every layout table of `tree` into plain blocks, in place; how many there were."""
    layout = [table for table in tree.iter("table") if is_layout(table)]
    # A table's own rows and cells only: a data table nested in a layout cell stays a table.
    parts = [
        element
        for table in layout
        for element in table.iter(*_TABLE_TAGS)
        if _owner(element) is table
    ]
    for element in parts:
        element.tag = "div"
        for name in _LAYOUT_ATTRIBUTES:
            element.attrib.pop(name, None)
    return len(layout)
