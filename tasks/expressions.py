"""Polars expressions the daily tables and the report share, named once."""

from __future__ import annotations

import polars as pl


def most_used(column: str) -> pl.Expr:
    """The most frequent value of `column` in the group (alphabetical on ties): the name
    shown for an id that rows spell in several ways."""
    return pl.col(column).mode().sort().first()
