"""One bad input costs itself alone: an exception while loading, cleaning or segmenting one
file becomes that file's reject (its stage named), and the batch's other files are
processed. Real files, the real chain, real staged Parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from tasks.ingest.discover import discover
from tasks.run.batch import process_files
from tasks.run.batches import Batch

DAY = dt.date(2026, 1, 2)
SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><title>A chart</title>
<text x="10" y="20">Votes by county in the election, as counted on Tuesday night by officials
in every county of the state, with more to come from the rural counties later.</text></svg>
"""
ARTICLE = """Council backs bridge

"We will build it this year," Mayor Ana Ruiz said on Monday. The vote was 7 to 2.
"""


def test_a_page_that_trips_the_extractor_is_a_reject_and_the_batch_goes_on(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "chart.html").write_text(SVG)  # an SVG saved as .html
    (folder / "story.txt").write_text(ARTICLE)
    refs, _ = discover(folder)
    stage = tmp_path / "stage"
    result = process_files(
        Batch(refs=refs, date=DAY, run_id="run-1", stage=str(stage), part="00000")
    )
    assert result.documents == 1
    assert [(r.source_path, r.stage) for r in result.rejects] == [("chart.html", "ingest")]
    assert result.rejects[0].message
    staged = pl.read_parquet(stage / "documents" / "**" / "*.parquet")
    assert staged["source_path"].to_list() == ["story.txt"]
