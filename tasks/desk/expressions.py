"""Polars expressions the daily tables and the report share, named once."""

from __future__ import annotations

import polars as pl


def most_used(column: str) -> pl.Expr:
    """The most frequent value of `column` in the group (alphabetical on ties): the name
    shown for an id that rows spell in several ways."""
    return pl.col(column).mode().sort().first()


def speaker_key() -> pl.Expr:
    """A quote's speaker for grouping: the speaker's entity id, else the name as written
    (marked, so a name never meets an id); null for a quote without a named speaker."""
    return pl.coalesce("speaker_entity_id", pl.lit("name:") + pl.col("speaker_name"))


def mentioned_inside_quote() -> pl.Expr:
    """An entity mention (`e_start`, `e_end`) inside the quote (`start`, `end`) that is not
    the quote's speaker: whom the quote talks about."""
    return (
        (pl.col("e_start") >= pl.col("start"))
        & (pl.col("e_end") <= pl.col("end"))
        & (pl.col("entity_id") != pl.col("speaker_entity_id")).fill_null(True)
    )


def said_in_body() -> pl.Expr:
    """A quote the article's body gives: a headline's attribution restates one of them, so
    counting it too would count one statement twice (rows written before the `headline`
    column read it as null: body)."""
    return pl.col("headline").fill_null(False).not_()


# Who a quote can talk about: people, organisations and places. A nationality, religious or
# political group (NORP: "American", "Republican") is mostly an adjective, and events, laws
# or works are things said, not someone talked about.
WHOM_LABELS = ("PERSON", "ORG", "GPE", "LOC")


def talked_about() -> pl.Expr:
    """A mention (its `label`) that names someone a quote can talk about (WHOM_LABELS)."""
    return pl.col("label").is_in(WHOM_LABELS)
