"""A page fetched twice is one document: the later copy leaves every staged table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from webpages import MALFORMED_URLS

from tasks.lake.tables import partition_dir, write_part
from tasks.link.near_duplicates import SIGNATURES, signature, write_signatures
from tasks.link.repeats import drop_repeats, url_key

DATE = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://example.org/a/b", "https://example.org/a/b", True),
        ("https://www.Example.org/a/b/", "http://example.org/a/b", True),
        ("https://example.org/a/b#comments", "https://example.org/a/b", True),
        ("https://example.org/a/b?id=1", "https://example.org/a/b?id=2", False),
        ("https://example.org/a/b", "https://example.org/a/c", False),
        ("https://example.org/a/b", "https://example.net/a/b", False),
    ],
)
def test_url_key(first: str, second: str, same: bool):
    assert (url_key(first) == url_key(second)) is same


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_url_key_of_a_malformed_url_is_a_key_of_its_own_never_an_error(url: str):
    assert url_key(url) == url_key(f" {url} ")
    assert url_key(url) not in {url_key("http://example.com/"), url_key("https://example.com/a")}


def _document(doc_id: str, source: str, url: str | None, text: str) -> dict:
    content_type = {"txt": "text", "html": "html"}.get(source.rsplit(".", 1)[-1], "warc")
    return {
        "doc_id": doc_id,
        "date": DATE,
        "source_path": source,
        "title": text.split("\n")[0],
        "text": text,
        "url": url,
        "language": "en",
        "encoding": "utf-8",
        "content_type": content_type,
        "n_paragraphs": 1,
        "n_sentences": 2,
        "n_words": 8,
        "pipeline_version": "test",
        "model": "test",
        "run_id": "run",
        "processed_at": dt.datetime.now(dt.UTC),
    }


def _sentence(doc_id: str) -> dict:
    return {
        "doc_id": doc_id,
        "date": DATE,
        "paragraph_index": 0,
        "sentence_index": 0,
        "part": "title",
        "start": 0,
        "end": 5,
        "text": "Title",
        "run_id": "run",
        "pipeline_version": "test",
    }


def test_later_copies_leave_every_staged_table(tmp_path: Path):
    stage = tmp_path / "stage"
    batches = {
        "00000": [
            ("a", "x.warc#1", "https://example.org/story", "Title\n\nThe first fetch of it."),
            ("b", "x.warc#2", None, "Other\n\nA story told once only here."),
        ],
        "00001": [
            ("c", "x.warc#3", "http://www.example.org/story/", "Title\n\nA later fetch, edited."),
            ("d", "y.html", None, "Other\n\nA story told once only here."),
            ("e", "z.txt", None, "Third\n\nSomething else entirely."),
            ("f", "t.txt", None, "Title\n\nThe first fetch of it."),  # text files: not pages
        ],
    }
    for part, docs in batches.items():
        write_part([_document(*doc) for doc in docs], "documents", stage, DATE, part)
        write_part([_sentence(doc[0]) for doc in docs], "sentences", stage, DATE, part)
        write_signatures([(d[0], d[1], signature(d[3])) for d in docs], stage, part)

    rejects = drop_repeats(stage, DATE, "run")

    assert [(r.source_path, r.sha256, r.stage, r.reason, r.message) for r in rejects] == [
        ("x.warc#3", "c", "dedupe", "duplicate", "same URL as x.warc#1"),
        ("y.html", "d", "dedupe", "duplicate", "same text as x.warc#2"),
    ]
    for table in ("documents", "sentences"):
        kept = pl.read_parquet(Path(partition_dir(stage, table, DATE)) / "*.parquet")
        assert sorted(kept["doc_id"]) == ["a", "b", "e", "f"], table
    signatures = pl.read_parquet(stage / SIGNATURES / "*.parquet")
    assert sorted(signatures["doc_id"]) == ["a", "b", "e", "f"]
    staged = pl.read_parquet(Path(partition_dir(stage, "rejects", DATE)) / "*.parquet")
    assert sorted(staged["source_path"]) == ["x.warc#3", "y.html"]
    assert np.all(staged["reason"].to_numpy() == "duplicate")


def test_no_repeats_no_rewrite(tmp_path: Path):
    stage = tmp_path / "stage"
    write_part([_document("a", "a.txt", None, "T\n\nBody.")], "documents", stage, DATE, "00000")
    path = Path(partition_dir(stage, "documents", DATE)) / "part-00000.parquet"
    before = path.stat().st_mtime_ns
    assert drop_repeats(stage, DATE, "run") == []
    assert path.stat().st_mtime_ns == before
    assert not (Path(partition_dir(stage, "rejects", DATE))).exists()
