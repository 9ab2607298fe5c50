"""The HTML report on the seed lake, rendered by a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEED_DATE
from PIL import Image
from typer.testing import CliRunner

from flows.cli import app

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


@pytest.fixture(scope="module")
def report(seed_lake: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    command = ["report", "--start", SEED_DATE, "--end", SEED_DATE, "--lake", str(seed_lake)]
    result = CliRunner().invoke(app, [*command, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


class _ExternalReferences(HTMLParser):
    """Collects src/href attributes of tags (script bodies are not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "link", "img", "iframe"):
            self.references += [v for k, v in attrs if k in ("src", "href") and v]


def test_report_is_self_contained(report: Path):
    page = report.read_text()
    parser = _ExternalReferences()
    parser.feed(page)
    assert parser.references == []
    assert "Plotly.newPlot" in page
    for section in ("Top speakers", "Quotes over time", "Top entities", "Who talks about whom"):
        assert section in page
    assert "Vladimir Zelensky" in page and "We know that at the intelligence level" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_chromium_renders_every_chart_without_console_errors(report: Path, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    screenshot = tmp_path / "report.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        page.wait_for_selector(".plotly-graph-div .main-svg", timeout=30_000)
        charts = page.locator(".plotly-graph-div").count()
        bars = page.locator(".plotly-graph-div .bars path").count()
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
    assert charts == 5 and bars > 10
    image = Image.open(screenshot).convert("RGB")
    pixels = list(image.resize((200, 600)).getdata())
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 40)
    assert coloured / len(pixels) > 0.03, "the screenshot is (nearly) blank"
    assert len(set(pixels)) > 100


def test_scan_prunes_dates(seed_lake: Path):
    from tasks.lake import scan

    day = dt.date.fromisoformat(SEED_DATE)
    assert scan("quotes", seed_lake, start=day, end=day).collect().height > 0
    assert scan("quotes", seed_lake, start=day + dt.timedelta(days=1)).collect().height == 0
    with pytest.raises(ValueError, match="unknown table"):
        scan("speeches", seed_lake)
