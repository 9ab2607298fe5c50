"""The schema module is the lake's contract: the README's dictionary is rendered from it, every
extraction record fills exactly its table's columns, and writes that break it fail loudly."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import ROOT

from tasks.extract.mentions import Mention
from tasks.extract.quotes.model import Quote
from tasks.lake.dictionary import with_dictionary
from tasks.lake.rows import SchemaMismatch, to_table
from tasks.lake.schema import TABLES
from tasks.lake.tables import staging_root, write_part
from tasks.run.summaries import BackfillSummary, run_record
from tasks.text.parts import Sentence

DAY = dt.date(2026, 1, 2)
BASE = {"doc_id", "date", "run_id", "pipeline_version"}


def test_readme_data_dictionary_matches_the_schema():
    readme = (ROOT / "README.md").read_text()
    assert with_dictionary(readme) == readme, "run: python -m tasks.lake.dictionary --readme"


@pytest.mark.parametrize(
    ("table", "record", "added"),
    [
        ("sentences", Sentence, set()),
        ("quotes", Quote, {"quote_id", "speaker_gender", "speaker_gender_source"}),  # linking's
        ("entities", Mention, {"gender_cue"}),  # tasks.extract.quotes.gender's
    ],
)
def test_each_extraction_record_and_the_base_columns_fill_their_table(table, record, added):
    fields = {field.name for field in dataclasses.fields(record)}
    assert fields | BASE | added == set(TABLES[table].names)


def test_a_run_record_fills_the_runs_table():
    now = dt.datetime.now(dt.UTC)
    row = run_record(
        "r",
        flow_name="run",
        dates=[DAY],
        outcome=BackfillSummary(),
        started_at=now,
        finished_at=now,
        parameters={},
    )
    assert set(row) == set(TABLES["runs"].names)
    assert to_table([row], "runs").num_rows == 1


def _reject(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "date": DAY,
        "source_path": "a.txt",
        "sha256": None,
        "stage": "ingest",
        "reason": "empty",
        "message": "empty file",
        "run_id": "r",
        "pipeline_version": "t",
    }
    row.update(changes)
    return {k: v for k, v in row.items() if v is not ...}


@pytest.mark.parametrize(
    ("row", "named"),
    [
        (_reject(reasn="typo"), "rejects: unknown column 'reasn'"),
        (_reject(reason=...), "rejects.reason: required column missing"),
        (_reject(reason=None), "rejects.reason: required column holds nulls"),
        (_reject(date="2026-01-02"), "rejects.date: not date32[day]"),
        (_reject(message=3), "rejects.message: not string"),
    ],
)
def test_a_write_that_breaks_the_schema_names_table_and_column(row, named, tmp_path):
    with pytest.raises(SchemaMismatch, match=named.replace("[", r"\[").replace("]", r"\]")):
        write_part([row], "rejects", staging_root(tmp_path, DAY, "r"), DAY, "0")
    assert not list(tmp_path.rglob("*.parquet"))  # nothing half-written


def test_a_valid_write_keeps_every_value(tmp_path):
    path = write_part([_reject()], "rejects", staging_root(tmp_path, DAY, "r"), DAY, "0")
    assert path is not None and path.endswith("part-0.parquet")
    assert to_table([_reject()], "rejects").to_pylist() == [_reject()]
