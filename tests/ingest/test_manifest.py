"""A manifest obeys the rules an article does: no link out, a size limit, decoded as
articles are, each row and value checked on its own; nothing in it fails a date."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from tasks.ingest import manifest as manifest_module
from tasks.ingest.discover import discover
from tasks.ingest.manifest import published_at, read_manifest

ARTICLE = "A title\n\nA body of words long enough to be an article, said the writer.\n"
HEADER = "file,url,publisher,author,published_at,title\n"


def _folder(tmp_path: Path, manifest: str | None = None, data: bytes | None = None) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(ARTICLE.replace("A title", f"Title {name}"))
    if manifest is not None:
        (folder / manifest).write_bytes(data or b"")
    return folder


def _reasons(folder: Path) -> list[tuple[str, str]]:
    _, rejects = discover(folder)
    return [(r.source_path, r.reason) for r in rejects]


def test_a_manifest_linked_from_outside_the_folder_is_refused_unread(tmp_path: Path):
    secret = tmp_path / "secret.csv"
    secret.write_text("file,title\na.txt,the content of a private file\n")
    folder = _folder(tmp_path)
    (folder / "manifest.csv").symlink_to(secret)
    refs, rejects = discover(folder)
    assert all("title" not in ref.meta for ref in refs)
    assert [(r.source_path, r.reason) for r in rejects] == [("manifest.csv", "outside_folder")]


def test_a_manifest_that_is_a_fifo_is_never_opened(tmp_path: Path):
    folder = _folder(tmp_path)
    os.mkfifo(folder / "manifest.csv")
    assert _reasons(folder) == [("manifest.csv", "not_a_file")]


ENCODED = {
    "cp1252 (a spreadsheet's export)": b"file,title\r\na.txt,Caf\xe9 \x96 na\xefve\r\n",
    "UTF-16 with its BOM": codecs.BOM_UTF16_LE
    + "file,title\na.txt,Café – naïve\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("case", ENCODED)
def test_manifests_are_decoded_as_articles_are(tmp_path: Path, case: str):
    folder = _folder(tmp_path, "manifest.csv", ENCODED[case])
    assert read_manifest(folder).rows["a.txt"]["title"] == "Café – naïve"
    assert _reasons(folder) == []


BAD_ROWS = {
    "a field over 128 KB": (
        "manifest.csv",
        HEADER + f"a.txt,https://x.example/a,Wire,,,{'long title ' * 20_000}\nb.txt,,Wire,,,B\n",
        "manifest_value",
        "title of 'a.txt' is 219,999 characters long",
    ),
    "an unbalanced quote swallowing the next row": (
        "manifest.csv",
        HEADER + 'a.txt,,Wire,,,"A title\nb.txt,,Post,,,Another\n',
        "manifest_row",
        "runs over several lines",
    ),
    "a url with a malformed host": (
        "manifest.csv",
        HEADER + "a.txt,http://[::1,Wire,,,\nb.txt,http://x.example:99999/b,Wire,,,\n",
        "manifest_value",
        "is not a web address",
    ),
    "a publication time in the year 1": (
        "manifest.csv",
        HEADER + "a.txt,,Wire,,0001-01-01T00:00:00+05:00,\nb.txt,,Wire,,9999-12-31,\n",
        "manifest_value",
        "is not an ISO 8601 time",
    ),
    "a JSON line nested 100,000 deep": (
        "manifest.jsonl",
        "[" * 100_000 + "]" * 100_000 + '\n{"file": "b.txt", "publisher": "Wire"}\n',
        "manifest_row",
        "not a JSON object",
    ),
    "a JSON line that is not an object": (
        "manifest.jsonl",
        '["a.txt", "Wire"]\n{"file": "b.txt", "publisher": "Wire"}\n',
        "manifest_row",
        "not a JSON object",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_or_value_is_a_reject_naming_its_line_and_the_rest_applies(
    tmp_path: Path, case: str
):
    name, text, reason, message = BAD_ROWS[case]
    folder = _folder(tmp_path, name, text.encode())
    refs, rejects = discover(folder)
    assert [ref.source_path for ref in refs] == ["a.txt", "b.txt"]
    assert rejects and {r.reason for r in rejects} == {reason}, rejects
    assert all(r.source_path.startswith(f"{name}#line=") for r in rejects)
    assert message in rejects[0].message
    for ref in refs:
        assert all(len(value) <= 2_048 for value in ref.meta.values())


def test_the_good_values_of_a_row_stay_when_one_value_is_refused(tmp_path: Path):
    text = HEADER + "a.txt,http://[::1,Wire,Jo Doe,2026-01-02T03:04:05Z,A title\n"
    folder = _folder(tmp_path, "manifest.csv", text.encode())
    refs, _ = discover(folder)
    assert refs[0].meta == {
        "publisher": "Wire",
        "author": "Jo Doe",
        "published_at": "2026-01-02T03:04:05Z",
        "title": "A title",
    }


def test_a_manifest_over_the_size_limit_is_a_reject_not_a_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_BYTES", 1_000)
    folder = _folder(tmp_path, "manifest.csv", (HEADER + "a.txt,,Wire,,,T\n" * 100).encode())
    refs, rejects = discover(folder)
    assert [(r.source_path, r.reason) for r in rejects] == [("manifest.csv", "too_large")]
    assert all(ref.meta == {} for ref in refs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-02T03:04:05Z", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),
        ("2026-01-02", dt.datetime(2026, 1, 2, tzinfo=dt.UTC)),
        ("2026-01-02T05:04:05+02:00", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),
        ("0001-01-01T00:00:00+05:00", None),  # overflows when turned into UTC
        ("9999-12-31T23:59:59", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_publication_times_are_utc_within_plausible_years(value, expected):
    assert published_at(value) == expected


def test_a_manifest_row_is_json_text_too(tmp_path: Path):
    rows = [{"file": "a.txt", "publisher": "Wire", "author": ""}, {"file": 7, "title": "x"}]
    text = "\n".join(json.dumps(row) for row in rows)
    folder = _folder(tmp_path, "manifest.jsonl", text.encode())
    assert read_manifest(folder).rows["a.txt"] == {"publisher": "Wire"}
