"""Fuzzing the whole chain: a landing date of generated inputs (tag soup and real layouts as
.html files and .txt, WARC archives of random records, some cut short, and a manifest of
random rows and values) through the real CLI, Prefect flow and Parquet. With a fixed seed.

The date never fails, and every input ends as a document or a reject: each file by its name,
each archive page by ARCHIVE#RECORD, each manifest problem by MANIFEST#line=N.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner
from webpages import LAYOUTS, Fetch, html_fetch, seed_articles, tag_soup, write_warc

from flows.cli import app

SEED = 20261206
DATE = "2026-04-01"
FILES = 40
ARCHIVES = 4
HOSTS = ("news.example", "exa mple.com:99999", "[::1", "wire.example:8080", "")
VALUES = (
    "",
    "x" * 5_000,
    "2026-13-45",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31",
    "2026-03-31T08:00:00Z",
    "Wire Desk",
    '"unbalanced',
    "line\nbreak",
    '=HYPERLINK("http://evil")',
)


def _url(rng: random.Random, n: int) -> str:
    return f"{rng.choice(('http', 'https', 'ftp', ''))}://{rng.choice(HOSTS)}/story/{n}"


def _page(rng: random.Random, n: int) -> str:
    """Tag soup, or a real layout of a seed article, sometimes with soup spliced in."""
    if rng.random() < 0.5:
        return tag_soup(rng)
    article = rng.choice(seed_articles())
    page = rng.choice(list(LAYOUTS.values()))(article)
    if rng.random() < 0.4:
        cut = rng.randrange(len(page))
        page = page[:cut] + tag_soup(rng) + page[cut:]
    return page.replace(article.title, f"{article.title} {n}")


def _fetch(rng: random.Random, n: int) -> Fetch:
    draw = rng.random()
    if draw < 0.7:
        return html_fetch(_url(rng, n), _page(rng, n))
    kind = rng.choice(("text/plain", "application/pdf", "text/html"))
    status = rng.choice(("200 OK", "404 Not Found", "301 Moved Permanently"))
    return Fetch(_url(rng, n), status, kind, rng.randbytes(rng.randint(0, 300)))


def _landing(folder: Path, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    for n in range(FILES):
        name = f"{n:03d}" + rng.choice((".html", ".htm", ".txt"))
        (folder / name).write_text(_page(rng, n), encoding="utf-8")
    for n in range(ARCHIVES):
        path = folder / (f"crawl-{n}.warc" + (".gz" if n % 2 else ""))
        write_warc(path, [_fetch(rng, 100 * n + k) for k in range(rng.randint(0, 12))], n % 2 == 1)
        if n == ARCHIVES - 1:  # cut short, as a crawl that died
            data = path.read_bytes()
            path.write_bytes(data[: rng.randrange(len(data) // 2, len(data))])
    rows = []
    for name in sorted(p.name for p in folder.iterdir()) + ["../etc/passwd", "ghost.txt"]:
        if rng.random() < 0.7:
            rows.append({"file": name, "url": rng.choice((*VALUES, _url(rng, 0)))}
                        | {f: rng.choice(VALUES) for f in ("publisher", "author", "title")}
                        | {"published_at": rng.choice(VALUES)})  # fmt: skip
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.integration
def test_a_date_of_fuzzed_inputs_never_fails_and_accounts_for_every_input(
    prefect_server, tmp_path: Path
):
    rng = random.Random(SEED)
    folder, lake = tmp_path / "landing" / DATE, tmp_path / "lake"
    _landing(folder, rng)
    command = ["run", "--input", str(folder), "--date", DATE, "--lake", str(lake)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output

    def table(name: str) -> pl.DataFrame:
        return pl.read_parquet(lake / name / f"date={DATE}" / "*.parquet")

    documents, rejects = table("documents"), table("rejects")
    ended = set(documents["source_path"]) | set(rejects["source_path"])
    assert not set(documents["source_path"]) & set(rejects["source_path"])
    for path in sorted(folder.iterdir()):
        if path.name == "manifest.csv":
            continue
        if ".warc" in path.name:  # the archive, or each of its pages, ends somewhere
            assert any(e == path.name or e.startswith(f"{path.name}#") for e in ended), path
        else:
            assert path.name in ended, path
    assert documents.height >= 10 and {"no_article", "manifest_value"} <= set(rejects["reason"])
    runs = pl.read_parquet(lake / "runs" / "**" / "*.parquet")
    assert runs["status"].to_list() == ["success"]
    for row in documents.iter_rows(named=True):  # nothing unbounded reached the tables
        assert len(row["title"] or "") <= 1_000 and len(row["url"] or "") <= 2_048
    texts = dict(documents.select("doc_id", "text").iter_rows())
    for row in table("sentences").iter_rows(named=True):
        assert texts[row["doc_id"]][row["start"] : row["end"]] == row["text"]
    assert json.loads(runs["rejects_by_reason"][0])  # the summary counts them by reason
