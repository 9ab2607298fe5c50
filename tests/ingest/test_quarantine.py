"""Every kind of bad input gets one reject with its reason; good input in any encoding is read."""

from __future__ import annotations

import codecs
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from encodings_sample import ARTICLE, mojibake
from webpages import LAYOUTS, html_fetch, seed_articles, write_warc

from tasks.ingest.discover import discover, expand_archives
from tasks.ingest.load import load
from tasks.ingest.rejects import Reject
from tasks.text.clean import clean, is_boilerplate
from tasks.text.parts import CleanDoc


def _load_all(folder: Path, max_bytes: int = 5 * 2**20) -> dict[str, object]:
    """source_path -> RawDoc/CleanDoc or Reject, through discover, load and clean."""
    refs, rejects = discover(folder)
    results: dict[str, object] = {r.source_path: r for r in rejects}
    for ref in refs:
        loaded = load(ref, max_bytes)
        results[ref.source_path] = loaded if isinstance(loaded, Reject) else clean(loaded)
    return results


def test_every_encoding_gives_the_same_text(tmp_path: Path):
    crlf = ARTICLE.replace("\n", "\r\n")
    files = {
        "utf8.txt": ARTICLE.encode("utf-8"),
        "utf8_bom.txt": codecs.BOM_UTF8 + crlf.encode("utf-8"),
        "utf16.txt": ARTICLE.replace("\n", "\r").encode("utf-16"),
        "cp1252.txt": ARTICLE.encode("cp1252"),
        "mojibake.txt": mojibake(ARTICLE),
        "junk_chars.txt": ARTICLE.replace("Mayor", "Mayor\u200b\u00ad")
        .replace(" on ", "\u00a0on\x07 ")
        .encode("utf-8"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    results = _load_all(tmp_path)
    texts = {name: r.text for name, r in results.items() if isinstance(r, CleanDoc)}
    assert set(texts) == set(files), results
    expected = texts["utf8.txt"]
    assert "“the greenest yet,”" in expected and "naïve" in expected and "€2 million" in expected
    for name, text in texts.items():
        assert text == expected, name


def test_each_bad_file_gets_one_reject_with_its_reason(tmp_path: Path):
    bad = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n",
        "nul.txt": b"Some text\x00\x00 with NUL bytes",
        "scan.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "bundle.zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        "garbage.txt": bytes(range(1, 32)) * 40,
        "page.html": b"<!DOCTYPE html><html><head></head><body><p>Hi</p></body></html>",
        "french.txt": "Le conseil vote le budget\nLe maire a déclaré lundi que le nouveau "
        "budget de la ville était le plus vert jamais présenté aux habitants.\n".encode(),
        "big.txt": b"Headline\n" + b"A long sentence of news. " * 200,
        "title_only.txt": b"Only a headline\n",
        "copy.txt": ARTICLE.encode(),
        "good.txt": ARTICLE.encode(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "manifest.csv").write_text(
        "file,url\n../outside.txt,https://x\n/etc/passwd,https://y\nmissing.txt,https://z\n"
    )
    results = _load_all(tmp_path, max_bytes=4000)
    reasons = {name: r.reason for name, r in results.items() if isinstance(r, Reject)}
    assert reasons == {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "nul.txt": "binary",
        "scan.pdf": "binary",
        "photo.txt": "binary",
        "bundle.zip": "binary",
        "garbage.txt": "undecodable",
        "page.html": "no_article",
        "big.txt": "too_large",
        "title_only.txt": "no_body",
        "good.txt": "duplicate",
        "gone.txt": "unreadable",
        "../outside.txt": "manifest_outside",
        "/etc/passwd": "manifest_outside",
        "missing.txt": "manifest_missing",
    }
    assert isinstance(results["copy.txt"], CleanDoc)
    french = results["french.txt"]  # another language: a document, not a reject
    assert isinstance(french, CleanDoc) and french.language == "fr"
    for name, result in results.items():
        if isinstance(result, Reject):
            assert result.stage in ("ingest", "clean") and result.message, name


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path):
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    _, rejects = discover(tmp_path)
    assert [(r.source_path, r.reason) for r in rejects] == [("locked.txt", "unreadable")]


DROP = [
    "Read more",
    "Read more: Hale wins the debate",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Share this article",
    "Share on Facebook",
    "Follow us on Twitter",
    "Follow @newslake",
    "Sign up for our daily newsletter",
    "Subscribe now for free",
    "Get our morning newsletter in your inbox",
    "Click here to read the full report",
    "Published: 12 March 2016 Updated: 13 March 2016",
    "Updated 5:32 p.m. ET Sep 12, 2016",
    "Photo: Getty Images",
    "Photo credit: John Doe/AP",
    "(Photo by Tom Pike/Getty Images)",
    "Tom Hale speaks at a rally in Ohio. (AP Photo/Dana Orlov)",
    "© 2016 The Associated Press",
    "Copyright 2016 Reuters. All rights reserved.",
    "Related: Okafor leads in new poll",
    "By Jane Doe",
    "By JANE DOE and JOHN ROE, Associated Press",
    "Getty/Instagram.",
]
KEEP = [
    "“Read more books,” he said.",
    "Share prices fell 3 percent on Monday.",
    "Follow-up talks are planned for May.",
    "Subscribers will pay more from June.",
    "Photos of the crash spread quickly online.",
    "By 2030, half of new cars will be electric.",
    "By the end of the day, the vote was over.",
    "By Monday, prices had fallen.",
    "Updated guidance was issued on Monday.",
    "Related stories emerged later in the week.",
    "Copyright law is at the heart of the case.",
    "Advertisement revenue fell 10 percent.",
    "Published reports said the deal was off.",
    "The photo, taken in 2015, shows the mayor.",
    "Click, the company, said it would appeal.",
    "WASHINGTON (AP) -",
    "LONDON (Reuters) — The pound fell.",
    "“No.”",
    "He resigned.",
    "“We will not back down,” she said.",
]


@pytest.mark.parametrize("line", DROP)
def test_boilerplate_lines_are_dropped(line: str):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", KEEP)
def test_content_lines_are_kept(line: str):
    assert not is_boilerplate(line)


def test_a_folder_reached_through_a_link_is_read_as_usual(tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("A title\n\nA body paragraph.\n")
    (real / "inner.txt").symlink_to(real / "a.txt")  # a link inside the folder: followed
    (tmp_path / "landing").symlink_to(real)
    refs, rejects = discover(tmp_path / "landing")
    assert [r.source_path for r in refs] == ["a.txt"]
    assert [(r.source_path, r.reason) for r in rejects] == [("inner.txt", "duplicate")]


def _to_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _to_link(path: Path) -> None:
    copy = path.parent.parent / f"copy-{path.name}"
    shutil.copy(path, copy)
    path.unlink()
    path.symlink_to(copy)


def _replaced(path: Path) -> None:
    new = path.parent.parent / f"new-{path.name}"
    shutil.copy(path, new)  # the same bytes, in another file moved over it
    os.replace(new, path)


def _appended(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\n")


def _rewritten(path: Path) -> None:
    """The same size and file, other bytes, written later (as an editor saving in place)."""
    info = path.stat()
    path.write_bytes(path.read_bytes().replace(b"a", b"o"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))


# What a landed file becomes after discovery, and what its reject says of it.
CHANGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_to_fifo, "it is a named pipe (FIFO) now, not a regular file"),
    "link": (_to_link, "it is a link now"),
    "replaced": (_replaced, "it is another file now"),
    "appended": (_appended, "its size changed"),
    "rewritten": (_rewritten, "it was modified"),
}


def _without_hanging(call: Callable[[], object], fifo: Path) -> object:
    """call(), in a thread; if it still waits after 10 s (opening a FIFO waits for a writer
    for ever), a writer opens the FIFO to let it go, and the test fails."""
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(10)
        pytest.fail("still waiting after 10 s: the FIFO was opened for reading")
    assert outcome, "the call raised"
    return outcome[0]


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("target", ["text file", "archive", "archive page"])
def test_a_file_changed_after_discovery_is_a_changed_reject_never_a_hang(
    tmp_path: Path, target: str, change: str
):
    folder = tmp_path / "landing"
    folder.mkdir()
    path = folder / ("story.txt" if target == "text file" else "crawl.warc.gz")
    if target == "text file":
        path.write_text(ARTICLE)
    else:
        article = seed_articles()[0]
        write_warc(path, [html_fetch(article.url, LAYOUTS["main"](article))])
    refs, rejects = discover(folder)
    assert rejects == []
    if target == "archive page":
        refs = expand_archives(refs).refs
    make, says = CHANGES[change]
    make(path)
    if target == "archive":
        reject = _without_hanging(lambda: expand_archives(refs).rejects[0], path)
    else:
        reject = _without_hanging(lambda: load(refs[0]), path)
    assert isinstance(reject, Reject), reject
    assert (reject.source_path, reject.reason) == (refs[0].source_path, "changed")
    assert reject.message.startswith("changed since discovery: ") and says in reject.message
