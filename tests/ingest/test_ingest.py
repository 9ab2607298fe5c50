from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from tasks.ingest.decoding import decode
from tasks.ingest.discover import discover
from tasks.ingest.load import load
from tasks.ingest.manifest import read_manifest
from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject

TEXT = "Title line\n“Quoted,” she said. Café façade — naïve.\n"


def _ref(path: Path) -> FileRef:
    data = path.read_bytes()
    return FileRef(str(path), path.name, len(data), hashlib.sha256(data).hexdigest())


def test_decode_utf8_with_and_without_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == (TEXT, "utf-8-sig")


def test_decode_utf16_with_bom():
    assert decode(TEXT.encode("utf-16")) == (TEXT, "utf-16")


def test_decode_falls_back_to_cp1252():
    assert decode(TEXT.encode("cp1252")) == (TEXT, "cp1252")


def test_discover_hashes_files_and_rejects_exact_duplicates(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Same\nBody text here.")
    (tmp_path / "b.txt").write_text("Same\nBody text here.")
    (tmp_path / "c.txt").write_text("Other\nBody text here.")
    (tmp_path / ".hidden").write_text("ignored")
    (tmp_path / "manifest.csv").write_text("file,url\nc.txt,https://example.org/c\n")
    refs, rejects = discover(tmp_path)
    assert [r.source_path for r in refs] == ["a.txt", "c.txt"]
    assert refs[0].sha256 == hashlib.sha256(b"Same\nBody text here.").hexdigest()
    assert refs[1].meta == {"url": "https://example.org/c"}
    assert [(r.source_path, r.reason) for r in rejects] == [
        (".hidden", "hidden"),
        ("b.txt", "duplicate"),
    ]
    assert "a.txt" in rejects[1].message


def test_manifest_jsonl(tmp_path: Path):
    (tmp_path / "manifest.jsonl").write_text(
        '{"file": "x.txt", "publisher": "Wire", "author": ""}\n\n'
    )
    assert read_manifest(tmp_path).rows == {"x.txt": {"publisher": "Wire"}}


def test_load_rejects_with_reasons(tmp_path: Path):
    cases = {
        "empty.txt": b"  \n\t\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR",
        "big.txt": b"word " * 50,
    }
    reasons = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = load(_ref(tmp_path / name), max_bytes=100)
        assert isinstance(result, Reject)
        assert result.stage == "ingest" and result.message
        reasons[name] = result.reason
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary", "big.txt": "too_large"}


def test_load_decodes_good_file(tmp_path: Path):
    path = tmp_path / "good.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    result = load(_ref(path))
    assert isinstance(result, RawDoc)
    assert result.text == TEXT and result.encoding == "utf-8-sig"
