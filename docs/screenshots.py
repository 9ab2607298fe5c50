"""The README's two screenshots of the report, from a real run over the repository's seeds.

    python docs/screenshots.py

Writes three landing dates of seed copies from several outlets (tests/seed_desk.py), runs
`newslake backfill` and `newslake report` on them in a temporary folder, opens the page in
headless Chromium and saves docs/report-overview.png (the page as it opens) and
docs/report-speaker.png (a speaker's panel). No corpus text: the seeds are the project's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from seed_desk import DATES, DEFAULT_OUTLET, write_landing  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
SPEAKER = "Volodymyr Zelenskyy"


def newslake(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "flows.cli", *args], check=True, cwd=ROOT)


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        landing, lake, page_file = write_landing(work / "landing"), work / "lake", work / "r.html"
        newslake("backfill", "--start", DATES[0], "--end", DATES[-1], "--landing", str(landing),
                 "--lake", str(lake), "--publisher", DEFAULT_OUTLET)  # fmt: skip
        newslake("report", "--start", DATES[0], "--end", DATES[-1], "--lake", str(lake),
                 "--out", str(page_file))  # fmt: skip
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-ready]")
            page.screenshot(path=str(ROOT / "docs" / "report-overview.png"))
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.locator(f"#speakers .speaker-link:has-text('{SPEAKER}')").click()
            page.wait_for_selector("#panel:not([hidden])")
            page.screenshot(path=str(ROOT / "docs" / "report-speaker.png"))
            browser.close()
    print("wrote docs/report-overview.png and docs/report-speaker.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
