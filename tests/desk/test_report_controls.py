"""The report's controls in a real headless Chromium, each checked against the lake the page
was written from (tests/desk_lake.py): the time axis and its quick ranges, the timeline's
ticks, people or all speakers, whom quotes talk about, outlets named once, ratios on the
filtered articles, the outlets of a repeated quote, and the CSV's columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from desk_lake import build
from test_report import CHROMIUM, CHROMIUM_FLAGS, _report

from tasks import desk
from tasks.lake.tables import scan

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
WORD = "ferries"  # in invented lines of every outlet, in no speaker's name


def _lake(tmp_path_factory, name: str, articles: int, dates: int) -> tuple[Path, Path]:
    lake = tmp_path_factory.mktemp(name) / "lake"
    days = build(lake, articles=articles, dates=dates)
    out = lake.parent / "report.html"
    return lake, _report(lake, days[0].isoformat(), days[-1].isoformat(), out)


@pytest.fixture(scope="module")
def short(tmp_path_factory) -> tuple[Path, Path]:
    """300 articles over 3 landing dates: the lake and its report."""
    return _lake(tmp_path_factory, "short", 300, 3)


@pytest.fixture(scope="module")
def long(tmp_path_factory) -> tuple[Path, Path]:
    """120 articles over 40 landing dates: the lake and its report."""
    return _lake(tmp_path_factory, "long", 120, 40)


def _quotes(lake: Path) -> pl.DataFrame:
    dates = scan("documents", lake).select("date").unique().collect()["date"]
    return desk.quotes(lake, dates.min(), dates.max())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser) -> Iterator[Any]:
    """Opens a report; no console error may happen on it."""
    errors: list[str] = []
    pages = []

    def opened(path: Path) -> Any:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]")
        pages.append(page)
        return page

    yield opened
    for page in pages:
        page.close()
    assert errors == []


def _csv(page) -> list[dict[str, str]]:
    with page.expect_download() as download:
        page.click("#download")
    return list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))


def _matching(page) -> int:
    return int(page.inner_text("#matching").split(" of ")[0].replace(",", ""))


def _iso(day: dt.date) -> str:
    return day.isoformat()


def test_publication_date_is_the_time_axis_and_the_landing_date_a_filter(long, open_page):
    lake, report = long
    quotes = _quotes(lake)
    page = open_page(report)
    assert page.input_value("#axis") == "published"
    assert page.input_value("#from") == _iso(quotes["day"].min())
    assert page.input_value("#to") == _iso(quotes["day"].max())
    assert page.locator("#quotes thead th").first.inner_text().lower() == "published"
    day_of = dict(quotes.select("quote_id", "day").iter_rows())
    rows = _csv(page)
    assert len(rows) == quotes.height
    assert all(r["day"] == _iso(day_of[r["quote_id"]]) for r in rows)

    landed = sorted(quotes["date"].unique())[5]
    page.select_option("#landed", value=_iso(landed))
    assert _matching(page) == quotes.filter(pl.col("date") == landed).height
    assert {r["landing_date"] for r in _csv(page)} == {_iso(landed)}

    page.select_option("#landed", value="")
    page.select_option("#axis", value="landed")
    assert page.input_value("#from") == _iso(quotes["date"].min())
    assert page.input_value("#to") == _iso(quotes["date"].max())
    rows = _csv(page)
    assert len(rows) == quotes.height and all(r["day"] == r["landing_date"] for r in rows)


def test_quick_ranges_end_on_the_latest_day(long, open_page):
    lake, report = long
    quotes = _quotes(lake)
    last = quotes["day"].max()
    monday = last - dt.timedelta(days=last.weekday())
    page = open_page(report)
    for label, first in (
        ("last 7 days", last - dt.timedelta(days=6)),
        ("this week", monday),
        ("last 30 days", last - dt.timedelta(days=29)),
        ("all dates", quotes["day"].min()),
    ):
        page.click(f"#quick button:text-is('{label}')")
        assert (page.input_value("#from"), page.input_value("#to")) == (_iso(first), _iso(last))
        assert _matching(page) == quotes.filter(pl.col("day").is_between(first, last)).height


def test_the_timeline_labels_weeks_or_days_not_only_its_ends(long, open_page):
    lake, report = long
    quotes = _quotes(lake)
    first, last = quotes["day"].min(), quotes["day"].max()
    page = open_page(report)
    ticks = [dt.date.fromisoformat(t) for t in _visible_ticks(page)]
    assert len(ticks) >= 4 and ticks == sorted(ticks)
    assert all(first <= t <= last for t in ticks)
    assert all(t.weekday() == 0 for t in ticks if t != first)  # a tick per week, on Mondays
    page.click("#quick button:text-is('last 7 days')")
    week = [_iso(last - dt.timedelta(days=n)) for n in range(6, -1, -1)]
    assert _visible_ticks(page) == week  # a short range: a tick per day


def _visible_ticks(page) -> list[str]:
    return page.locator("#timeline svg text.tick").all_text_contents()


def _speakers(quotes: pl.DataFrame, person: bool) -> set[str]:
    named = quotes.filter(pl.col("speaker_name").is_not_null())
    label = pl.col("speaker_label").fill_null("")
    return set(named.filter((label == "PERSON") == person)["speaker_name"])


def test_speakers_are_people_unless_organisations_are_asked_for(short, open_page):
    lake, report = short
    quotes = _quotes(lake)
    people, others = _speakers(quotes, True), _speakers(quotes, False)
    assert people and others
    page = open_page(report)
    assert not page.is_checked("#organisations")
    options = {o.split(" (")[0] for o in page.locator("#speaker option").all_inner_texts()[1:]}
    assert options == people
    assert set(page.locator("#speakers .speaker-link").all_inner_texts()) <= people
    assert set(page.locator("#about tbody th").all_inner_texts()) <= people
    assert f"{len(people)} people quoted" in page.inner_text("#summary")

    page.check("#organisations")
    options = {o.split(" (")[0] for o in page.locator("#speaker option").all_inner_texts()[1:]}
    assert options == people | others
    assert f"{len(people | others)} speakers" in page.inner_text("#summary")


def test_who_talks_about_whom_names_no_nationality(short, open_page):
    lake, report = short
    nations = scan("entities", lake).filter(pl.col("label") == "NORP").collect()["name"]
    assert len(nations) > 0
    page = open_page(report)
    columns = page.locator("#about th.col").all_inner_texts()
    assert columns and not set(columns) & set(nations)


def test_an_outlet_named_by_its_host_is_one_outlet(short, open_page):
    lake, report = short
    quotes = _quotes(lake)
    assert (
        scan("documents", lake)
        .filter(pl.col("publisher").str.ends_with(".example"))
        .collect()
        .height
    )
    page = open_page(report)
    outlets = [o.split(" (")[0] for o in page.locator("#outlet option").all_inner_texts()[1:]]
    assert sorted(outlets) == sorted(quotes["publisher"].unique())
    assert not [o for o in outlets if "." in o]


def test_per_article_divides_by_the_filtered_articles(short, open_page):
    lake, report = short
    quotes = _quotes(lake)
    matches = quotes.filter(pl.col("text").str.to_lowercase().str.contains(WORD))
    expected = {
        outlet: (articles, n)
        for outlet, articles, n in matches.group_by("publisher")
        .agg(pl.col("doc_id").n_unique(), pl.len())
        .iter_rows()
    }
    page = open_page(report)
    page.fill("#search", WORD)
    page.wait_for_function(f"document.getElementById('matching').textContent.includes('{WORD}')")
    assert _matching(page) == matches.height
    shown = {}
    for row in page.locator("#outlets tbody tr").all():
        outlet, articles, n, per = row.locator("td").all_inner_texts()[:4]
        shown[outlet] = (int(articles.replace(",", "")), int(n.replace(",", "")))
        assert per == f"{int(n) / int(articles):.1f}"
    assert shown == expected


def test_a_repeated_quote_s_row_lists_its_outlets(short, open_page):
    lake, report = short
    dates = scan("documents", lake).select("date").unique().collect()["date"]
    repeated = desk.repeated(lake, dates.min(), dates.max())
    page = open_page(report)
    rows = page.locator("#repeated tbody tr").all()
    assert len(rows) == min(10, repeated.height)
    for row, publishers in zip(rows, repeated["publishers"], strict=False):
        listed = row.locator("td.outlets .outlet-list").inner_text().split(", ")
        assert listed == list(publishers) and len(listed) >= 2


def test_the_csv_has_each_quote_s_id_and_speaker_label(short, open_page):
    lake, report = short
    quotes = _quotes(lake)
    label_of = dict(quotes.select("quote_id", pl.col("speaker_label").fill_null("")).iter_rows())
    page = open_page(report)
    rows = _csv(page)
    assert {"quote_id", "speaker_label"} <= set(rows[0])
    assert sorted(r["quote_id"] for r in rows) == sorted(label_of)
    assert all(r["speaker_label"] == label_of[r["quote_id"]] for r in rows)
    assert {r["speaker_label"] for r in rows} == {"PERSON", "ORG", ""}
