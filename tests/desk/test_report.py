"""The report as an analyst uses it, in a real headless Chromium: a page written by
`newslake report` from a lake of 300 articles over 3 dates and 6 outlets (written through
the real lake code without the NLP pass: tests/desk_lake.py), searched, filtered, a speaker
opened, the filtered quotes downloaded; no console error and no network request. A
screenshot of each state is saved in the test's folder (printed with -s)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from conftest import SEED_DATE
from desk_lake import build
from typer.testing import CliRunner

from flows.cli import app
from tasks import desk

pytestmark = pytest.mark.integration
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEARCH = "ferry"


def _report(lake: Path, start: str, end: str, out: Path) -> Path:
    command = ["report", "--start", start, "--end", end, "--lake", str(lake), "--out", str(out)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def desk_lake(tmp_path_factory) -> tuple[Path, list[dt.date]]:
    lake = tmp_path_factory.mktemp("desk") / "lake"
    return lake, build(lake, articles=300, dates=3)


@pytest.fixture(scope="module")
def page_file(desk_lake, tmp_path_factory) -> Path:
    lake, days = desk_lake
    out = tmp_path_factory.mktemp("report") / "report.html"
    return _report(lake, days[0].isoformat(), days[-1].isoformat(), out)


@pytest.fixture(scope="module")
def quotes(desk_lake) -> pl.DataFrame:
    lake, days = desk_lake
    return desk.quotes(lake, days[0], days[-1])


class _ExternalReferences(HTMLParser):
    """Collects src/href attributes of tags that would load something."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "link", "img", "iframe"):
            self.references += [v for k, v in attrs if k in ("src", "href") and v]


def test_the_page_is_one_self_contained_file(page_file: Path):
    page = page_file.read_text()
    parser = _ExternalReferences()
    parser.feed(page)
    assert parser.references == []
    assert "Ana Novak" in page and "I played the best tennis of my life" in page


def test_a_quote_cannot_end_the_page_s_script():
    from tasks.desk.report import render

    hostile = "</script><script>alert(1)</script> <!-- “quoted” & <b>bold</b>"
    data = {"start": "2026-11-01", "end": "2026-11-02", "quotes": {"text": [hostile]}}
    page = render(data)
    assert page.count("<script") == 2 and page.count("</script>") == 2
    opening = '<script id="desk-data" type="application/json">'
    embedded = page.split(opening, 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded) == data


def test_a_report_from_a_real_run(seed_lake: Path, tmp_path: Path):
    page = _report(seed_lake, SEED_DATE, SEED_DATE, tmp_path / "seed.html").read_text()
    assert "Vladimir Zelensky" in page and "We know that at the intelligence level" in page


def _visible(page, selector: str) -> list[str]:
    return page.locator(selector).all_inner_texts()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_an_analyst_searches_filters_opens_a_speaker_and_downloads(
    desk_lake, page_file: Path, quotes: pl.DataFrame, tmp_path: Path
):
    from playwright.sync_api import sync_playwright

    def shot(name: str) -> None:
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=name == "overview")

    matches = quotes.filter(
        pl.col("text").str.to_lowercase().str.contains(SEARCH)
        | pl.col("speaker_name").str.to_lowercase().str.contains(SEARCH)
    )
    outlet = matches["publisher"].mode().sort()[0]
    repeated = desk.repeated(desk_lake[0], desk_lake[1][0], desk_lake[1][-1])
    assert repeated.height >= 5 and repeated["n_outlets"].max() >= 3
    in_outlet = matches.filter(pl.col("publisher") == outlet)
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready]")
        total = page.locator("#quotes tbody tr").count()
        assert total == 50 and f"{quotes.height:,} of {quotes.height:,} quotes" in page.inner_text(
            "#matching"
        )
        assert page.locator("#repeated tbody tr").count() == min(repeated.height, 10)
        top = page.locator("#repeated tbody tr td").first.inner_text()
        assert top == f"“{repeated['text'][0]}”"
        known = quotes.filter(pl.col("speaker_gender").is_not_null())
        assert known.height  # given names of people named in several articles
        for row in _women_by_outlet(known).iter_rows(named=True):  # the share, outlet by outlet
            cells = page.locator(f"#gender tr:has(td:text-is('{row['publisher']}')) td.share")
            assert cells.inner_text().startswith(f"{round(100 * row['share'])}%")
        shot("overview")

        page.fill("#search", SEARCH)
        page.wait_for_function(
            f"document.getElementById('matching').textContent.includes('{SEARCH}')"
        )
        assert page.inner_text("#matching").startswith(f"{matches.height:,} of")
        rows = _visible(page, "#quotes tbody tr")
        assert rows and all(SEARCH in row.lower() for row in rows)
        shot("search")

        page.select_option(
            "#outlet", label=page.locator(f"#outlet option:has-text('{outlet}')").inner_text()
        )
        assert page.inner_text("#matching").startswith(f"{in_outlet.height:,} of")
        outlets = _visible(page, "#quotes tbody tr td:nth-child(2)")
        assert outlets and set(outlets) == {outlet}
        shot("filtered")

        with page.expect_download() as download:
            page.click("#download")
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
        assert len(rows) == in_outlet.height and {r["outlet"] for r in rows} == {outlet}

        speaker = page.locator("#speakers .speaker-link").first
        name = speaker.inner_text()
        speaker.click()
        page.wait_for_selector("#panel:not([hidden])")
        theirs = quotes.filter(pl.col("speaker_name") == name, pl.col("publisher") == outlet)
        assert page.inner_text("#panel-name") == name
        gender = theirs["speaker_gender"][0] if theirs.height else None
        assert page.inner_text("#panel-gender").startswith(f"gender: {gender or 'unknown'}")
        assert page.inner_text("#panel .stats div:first-child b") == f"{theirs.height:,}"
        listed = page.locator("#panel-quotes li").count()
        assert listed == min(theirs.height, 100) and listed > 0
        shot("speaker")
        page.keyboard.press("Escape")
        assert page.locator("#panel").is_hidden()

        page.fill("#search", "no quote says this")
        page.wait_for_function(
            "document.getElementById('quotes').textContent.includes('No quotes')"
        )
        assert page.locator("#repeated .empty").count() == 1
        outlets_shown = page.locator("#gender tbody tr").count()  # every outlet: no one known
        assert outlets_shown > 0 and page.locator("#gender .empty").count() == outlets_shown
        page.click("#reset")
        last = page.input_value("#to")
        page.fill("#from", last)
        page.dispatch_event("#from", "change")
        assert page.inner_text("#rejects") == "No rejects in these dates."
        shot("empty-states")
        browser.close()
    assert errors == []
    assert [url for url in requests if not url.startswith(("file://", "blob:"))] == []
    print(f"screenshots in {tmp_path}")


def _women_by_outlet(known: pl.DataFrame) -> pl.DataFrame:
    """Per outlet, the share of quotes by women among quotes by people of known gender."""
    return known.group_by("publisher").agg(share=(pl.col("speaker_gender") == "female").mean())


def test_scan_prunes_dates(seed_lake: Path):
    from tasks.lake.tables import scan

    day = dt.date.fromisoformat(SEED_DATE)
    assert scan("quotes", seed_lake, start=day, end=day).collect().height > 0
    assert scan("quotes", seed_lake, start=day + dt.timedelta(days=1)).collect().height == 0
    with pytest.raises(ValueError, match="unknown table"):
        scan("speeches", seed_lake)
