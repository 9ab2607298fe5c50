"""Columns several tables share (a document's id, its date, a span's offsets), each built with
its meaning attached, so that every table in tasks.lake.schema says the same about them.
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


def span(what: str) -> list[pa.Field]:
    return [
        field("start", pa.int64(), f"character offset of the {what} in documents.text"),
        field("end", pa.int64(), "end offset (exclusive): documents.text[start:end] == text"),
    ]
