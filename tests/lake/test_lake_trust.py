"""The lake trusts only itself: a crafted journal, a link planted in its folders or a stray
file never makes a command touch anything outside the lake, nor stops it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tasks.lake.publish import commit
from tasks.lake.tables import open_journals, scan, staging_root, write_part
from tasks.run.upkeep import heal

DAY = dt.date(2026, 1, 2)


def _published_lake(root: Path) -> Path:
    lake = root / "lake"
    stage = staging_root(lake, DAY, "run-1")
    row = {"date": DAY, "source_path": "a", "sha256": None, "stage": "ingest"}
    row |= {"reason": "empty", "message": "empty", "run_id": "run-1", "pipeline_version": "t"}
    write_part([row], "rejects", stage, DAY, "0")
    commit(lake, stage, DAY, ["rejects"], "run-1")
    return lake


def _outside(root: Path) -> tuple[Path, Path]:
    folder = root / "precious"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "thesis.txt").write_text("years of work")
    victim = root / "victim.parquet"
    victim.write_bytes(b"not the lake's")
    return folder, victim


def _journal(lake: Path, **changes: object) -> None:
    stage = f"{lake}/_staging/{DAY}/run-9"
    journal = {"run_id": "run-9", "date": DAY.isoformat(), "stage": stage}
    journal |= {"files": {"rejects": f"{stage}/_ready/rejects.parquet"}, "kept": {}}
    (lake / "_journal").mkdir(exist_ok=True)
    (lake / "_journal" / f"{DAY}.json").write_text(json.dumps(journal | changes))


CRAFTED = {
    "new file from outside": lambda folder, victim: {"files": {"rejects": str(victim)}},
    "staging outside": lambda folder, victim: {"stage": str(folder)},
    "kept copy outside": lambda folder, victim: {"kept": {"rejects": str(victim)}},
    "run id climbing out": lambda folder, victim: {"run_id": "../../../precious"},
    "unknown table": lambda folder, victim: {"files": {"../../precious": None}},
    "files not a mapping": lambda folder, victim: {"files": [str(folder)]},
}


@pytest.mark.parametrize("case", CRAFTED)
def test_a_crafted_journal_touches_nothing_outside_the_lake(tmp_path: Path, case: str):
    lake = _published_lake(tmp_path)
    folder, victim = _outside(tmp_path)
    _journal(lake, **CRAFTED[case](folder, victim))
    notes = heal(lake)
    assert (folder / "inner" / "thesis.txt").read_text() == "years of work"
    assert victim.read_bytes() == b"not the lake's"
    assert scan("rejects", lake).collect()["source_path"].to_list() == ["a"]
    assert any("was not written by newslake" in note for note in notes), notes
    assert (lake / "_journal" / f"{DAY}.json.refused").is_file()
    assert open_journals(lake) == []


def test_a_stray_file_among_the_journals_is_ignored_with_a_note(tmp_path: Path):
    lake = _published_lake(tmp_path)
    (lake / "_journal" / "notes.json").write_text("{}")
    (lake / "_staging" / "scratch").mkdir()
    notes = heal(lake)
    assert "ignored _journal/notes.json: not a file newslake writes" in notes
    assert "ignored _staging/scratch: not a file newslake writes" in notes
    assert open_journals(lake) == []
    assert (lake / "_journal" / "notes.json").exists()  # not the lake's: not removed either


def test_a_link_planted_as_a_dates_staging_is_left_alone(tmp_path: Path):
    lake = _published_lake(tmp_path)
    folder, _ = _outside(tmp_path)
    (lake / "_staging" / DAY.isoformat()).symlink_to(folder, target_is_directory=True)
    notes = heal(lake)
    assert (folder / "inner" / "thesis.txt").read_text() == "years of work"
    assert any("leads outside the lake" in note for note in notes), notes
