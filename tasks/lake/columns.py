"""Columns several tables share (a document's id, its date, a span's offsets, a person's
gender), each built with its meaning attached, so that every table in tasks.lake.schema says
the same about them.
"""

from __future__ import annotations

import pyarrow as pa


def field(name: str, type_: pa.DataType, meaning: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": meaning})


UTC = pa.timestamp("us", tz="UTC")

DOC_ID = field(
    "doc_id", pa.string(), "sha256 of the raw file bytes (of the page, for a WARC record), hex"
)
SOURCE = field(
    "source_path",
    pa.string(),
    "file path relative to the input folder; for a WARC record: ARCHIVE#RECORD-ID",
)
DATE = field("date", pa.date32(), "landing date the row belongs to (also the hive partition)")
RUN_ID = field("run_id", pa.string(), "id of the run that wrote the row")
VERSION = field("pipeline_version", pa.string(), "newslake version that wrote the row")
PARAGRAPH = field(
    "paragraph_index", pa.int32(), "block of documents.text: 0 is the title, then standfirst, body"
)
SENTENCE = field("sentence_index", pa.int32(), "sentence number within the document, from 0")
OUTLET = field(
    "publisher",
    pa.string(),
    "the outlet: documents.publisher of the rows counted (null: unknown)",
    True,
)


GENDER_SOURCE = (
    "text (the articles' words) | name (a given name alone) | override (data/aliases.csv)"
)


def gender(prefix: str) -> list[pa.Field]:
    return [
        field(
            f"{prefix}gender",
            pa.string(),
            "female | male: one value per entity id, from every article naming the person "
            "(docs/gender.md); null: unknown, conflicting, not a person",
            True,
        ),
        field(f"{prefix}gender_source", pa.string(), GENDER_SOURCE, True),
    ]


def span(what: str) -> list[pa.Field]:
    return [
        field("start", pa.int64(), f"character offset of the {what} in documents.text"),
        field("end", pa.int64(), "end offset (exclusive): documents.text[start:end] == text"),
    ]


def gender_counts() -> list[pa.Field]:
    """An outlet's body quotes and distinct people quoted, per gender of the speaker."""
    return [
        field(f"n_{what}_{g}", pa.int64(), f"{meaning} of {g} gender (speaker_gender)")
        for what, meaning in (
            ("quotes", "body quotes by named speakers"),
            ("people", "distinct people quoted in the body"),
        )
        for g in ("female", "male")
    ]


def records(**values: pa.DataType) -> pa.DataType:
    """A list of structs with these fields, in this order."""
    return pa.list_(pa.struct([pa.field(name, type_) for name, type_ in values.items()]))


def per_date(**values: pa.DataType) -> pa.DataType:
    """A list of per-landing-date entries (a rerun of a date replaces its own entry)."""
    return records(date=pa.date32(), **values)
