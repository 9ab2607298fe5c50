"""Messy landing folders through the real flow: encodings, bad files, syndicated copies."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS
from encodings_sample import ARTICLE, mojibake
from typer.testing import CliRunner

from flows.cli import app

DATE = "2026-11-27"


def _run(folder: Path, lake: Path) -> str:
    result = CliRunner().invoke(
        app, ["run", "--input", str(folder), "--date", DATE, "--lake", str(lake), "--max-mb", "1"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def _table(lake: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(lake / table / f"date={DATE}" / "*.parquet")


def test_one_article_in_four_encodings_gives_four_identical_texts(prefect_server, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_utf8.txt").write_bytes(ARTICLE.encode())
    (folder / "b_utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (folder / "c_cp1252.txt").write_bytes(ARTICLE.encode("cp1252"))
    (folder / "d_mojibake.txt").write_bytes(mojibake(ARTICLE))
    _run(folder, tmp_path / "lake")
    documents = _table(tmp_path / "lake", "documents").sort("source_path")
    assert documents.height == 4
    assert documents["text"].n_unique() == 1
    assert documents["encoding"].to_list() == ["utf-8", "utf-16", "cp1252", "utf-8"]
    first = documents["doc_id"][0]
    assert documents["duplicate_of"].to_list() == [None, first, first, first]


def test_mixed_folder_keeps_every_good_file_and_rejects_every_bad_one(prefect_server, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in good:
        (folder / name).write_bytes((SEEDS / name).read_bytes())
    bad = {
        "empty.txt": (b"", "empty"),
        "scan.pdf": (b"%PDF-1.4\n%\xe2\xe3", "binary"),
        "page.html": (b"<html><head></head><body><div><p>x</p></div></body></html>", "no_article"),
        "huge.txt": (b"Title\n" + b"word " * 250_000, "too_large"),
        "zz_copy.txt": ((SEEDS / good[0]).read_bytes(), "duplicate"),  # sorts after the original
    }
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    spanish = (  # another language: a document without NLP rows, never a reject
        "Titular\nEl alcalde dijo el lunes que el presupuesto de la ciudad sería "
        "el más verde de su historia.\n"
    )
    (folder / "spanish.txt").write_text(spanish, encoding="utf-8")
    output = _run(folder, tmp_path / "lake")
    lake = tmp_path / "lake"
    documents = _table(lake, "documents")
    assert sorted(documents["source_path"]) == sorted([*good, "spanish.txt"])
    languages = dict(documents.select("source_path", "language").iter_rows())
    assert languages["spanish.txt"] == "es"
    assert "documents by language: en" in output and "es 1" in output
    rejects = dict(_table(lake, "rejects").select("source_path", "reason").iter_rows())
    expected = {name: reason for name, (_, reason) in bad.items()}
    assert rejects == expected
    for reason in set(expected.values()):
        assert f"rejected ({reason}): 1" in output


def test_an_error_inside_one_document_quarantines_only_that_document(
    prefect_server, tmp_path, monkeypatch
):
    import tasks.run.batch

    real_extract = tasks.run.batch.extract

    def failing_extract(cleaned, sentences, doc):
        if "Harbour council" in cleaned.text:
            raise RuntimeError("injected failure")
        return real_extract(cleaned, sentences, doc)

    monkeypatch.setattr(tasks.run.batch, "extract", failing_extract)
    _run(SEEDS, tmp_path / "lake")
    lake = tmp_path / "lake"
    rejects = _table(lake, "rejects").row(0, named=True)
    assert (rejects["source_path"], rejects["stage"], rejects["reason"]) == (
        "001_harbour_bridge_vote.txt",
        "extract",  # where the error arose: the spaCy pass went well
        "error",
    )
    assert rejects["message"] == "RuntimeError: injected failure"
    assert _table(lake, "documents").height == 4


def test_syndicated_copies_are_marked_and_counted_once(prefect_server, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (SEEDS / "000_f2e76c1b7090efcc.txt").read_text()
    (folder / "outlet_a.txt").write_text(seed)
    edited = seed.replace("on Wednesday", "on Wednesday morning").replace("Read more\n", "")
    (folder / "outlet_b.txt").write_text(edited.replace("Kiev", "Kyiv"))
    (folder / "other.txt").write_text((SEEDS / "003_tennis_final.txt").read_text())
    _run(folder, tmp_path / "lake")
    lake = tmp_path / "lake"
    documents = _table(lake, "documents").sort("source_path")
    ids = dict(documents.select("source_path", "doc_id").iter_rows())
    copies = dict(documents.select("source_path", "duplicate_of").iter_rows())
    assert copies == {"other.txt": None, "outlet_a.txt": None, "outlet_b.txt": ids["outlet_a.txt"]}
    speaker = pl.col("speaker_entity_id") == "person:volodymyr-zelenskyy"
    zelensky = _table(lake, "speaker_daily").filter(speaker)
    in_body = ~pl.col("headline")  # a headline restates a statement of the body
    quotes = _table(lake, "quotes").filter((pl.col("doc_id") == ids["outlet_a.txt"]) & speaker)
    assert quotes.filter(~in_body).height >= 1  # the copy's headline quote, not counted again
    assert zelensky.row(0, named=True)["n_documents"] == 1
    assert zelensky.row(0, named=True)["n_quotes"] == quotes.filter(in_body).height


@pytest.fixture(autouse=True)
def _quiet_logs(caplog):
    caplog.set_level("WARNING")


def test_spellings_count_as_one_entity_and_quotes_join_entities(prefect_server, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Talks in Kiev\nVladimir Zelensky said on Monday that Ukraine would not give up land. "
        "“We will not trade our territory,” Zelensky told reporters in Kiev.\n"
    )
    (folder / "b.txt").write_text(
        "Zelenskyy visits Paris\nVolodymyr Zelenskyy arrived in Paris on Tuesday for talks "
        "with Emmanuel Macron about air defence.\n"
    )
    _run(folder, tmp_path / "lake")
    lake = tmp_path / "lake"
    daily = _table(lake, "entity_daily")
    zelensky = daily.filter(pl.col("entity_id") == "person:volodymyr-zelenskyy")
    assert zelensky.height == 1
    assert zelensky.row(0, named=True)["n_documents"] == 2
    assert daily.filter(pl.col("entity_id") == "gpe:kyiv")["n_documents"].to_list() == [1]

    quotes = _table(lake, "quotes").filter(pl.col("speaker_entity_id").is_not_null())
    entities = _table(lake, "entities").select("entity_id", "label").unique()
    joined = quotes.join(entities, left_on="speaker_entity_id", right_on="entity_id")
    assert joined.height == quotes.height > 0
    about = _table(lake, "speaker_entity_daily")
    row = about.filter(pl.col("speaker_entity_id") == "person:volodymyr-zelenskyy")
    assert "Ukraine" in row["name"].to_list() or "Kiev" in row["name"].to_list()
