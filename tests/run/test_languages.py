"""Documents in other languages: kept with their language and metadata, without NLP rows,
and counted per language in the run summary."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from tasks.ingest.discover import discover
from tasks.lake.schema import MODEL_ID
from tasks.run.batch import process_files
from tasks.run.batches import Batch
from tasks.run.summaries import describe_languages, staged_languages

PAGES = Path(__file__).resolve().parents[2] / "benchmarks" / "pages"
DAY = dt.date(2026, 3, 4)
ENGLISH = """Council backs bridge

"We will build it this year," Mayor Ana Ruiz said on Monday. The vote was 7 to 2.
"""
# file -> (language, publisher, whether a model reads it)
EXPECTED = {
    "story.txt": ("en", None, True),
    "japanese.html": ("ja", "みなと新聞", False),
    "chinese.html": ("zh", "城市晨报", False),
    "french.html": ("fr", "Le Veilleur", False),
}


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages")
    folder = root / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(ENGLISH)
    for name in EXPECTED:
        if name.endswith(".html"):
            shutil.copy(PAGES / name, folder / name)
    refs, _ = discover(folder)
    stage = str(root / "stage")
    result = process_files(Batch(refs=refs, date=DAY, run_id="run-1", stage=stage, part="00000"))
    assert (result.documents, result.rejects) == (len(EXPECTED), [])
    return root / "stage"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_language_is_a_document_and_only_english_gets_nlp_rows(staged: Path, name: str):
    language, publisher, read = EXPECTED[name]
    documents = pl.read_parquet(staged / "documents" / "**" / "*.parquet")
    row = documents.filter(pl.col("source_path") == name).row(0, named=True)
    assert (row["language"], row["model"]) == (language, MODEL_ID if read else None)
    assert row["publisher"] == publisher and row["text"]
    assert (row["n_sentences"] > 0) is read
    if not read:  # words by script: CJK pages have no spaces, yet hundreds of words
        assert row["n_words"] >= 100
    nlp_rows = [
        pl.read_parquet(path).filter(pl.col("doc_id") == row["doc_id"]).height
        for table in ("sentences", "quotes", "entities")
        for path in (staged / table).rglob("*.parquet")
    ]
    assert (sum(nlp_rows) > 0) is read


def test_the_summary_counts_documents_per_language(staged: Path):
    languages = staged_languages(str(staged), DAY)
    assert languages == {"en": 1, "ja": 1, "zh": 1, "fr": 1}
    line = describe_languages(dict(sorted(languages.items())))
    assert (
        line == "documents by language: en 1, fr 1, ja 1, zh 1 (quotes and entities: English only)"
    )
