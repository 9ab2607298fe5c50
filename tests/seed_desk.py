"""A landing folder of three dates made from the repository's own seed articles, as several
outlets carry the same stories: each date holds the five seeds under other outlets and
headlines, with some quotes cut short, so a real run finds quotes repeated across outlets
and dates. Outlets come from the manifest, a URL's host, or the folder's default
(`--publisher`); one date has no publication times. For the flow test of the analyst's desk,
the notebook test and the README's screenshots (docs/screenshots.py)."""

from __future__ import annotations

import csv
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DATES = ("2026-11-26", "2026-11-27", "2026-11-28")
DEFAULT_OUTLET = "Newslake Desk"  # --publisher: for files that name no outlet
NAMES = (
    "000_f2e76c1b7090efcc.txt",
    "001_harbour_bridge_vote.txt",
    "002_city_budget_cuts.txt",
    "003_tennis_final.txt",
    "004_chipmaker_profit.txt",
)
# Per date and seed: (headline or None to keep the seed's, publisher, url, published_at)
COPIES: dict[str, dict[str, tuple[str | None, str, str, str]]] = {
    DATES[0]: {
        NAMES[0]: (None, "", "", ""),
        NAMES[1]: (None, "Newslake Wire", "https://wire.example/bridge", "2026-11-26T08:30:00Z"),
        NAMES[2]: (
            None,
            "Riverton Ledger",
            "https://ledger.example/budget",
            "2026-11-26T07:05:00Z",
        ),
        NAMES[3]: (None, "", "", "2026-11-26T21:40:00Z"),
        NAMES[4]: (None, "Newslake Business", "", "2026-11-26T16:00:00Z"),
    },
    DATES[1]: {
        NAMES[0]: (
            "Kyiv warns of new strikes as allies weigh aid",
            "Coastal Post",
            "https://coastalpost.example/world/kyiv",
            "2026-11-27T06:10:00Z",
        ),
        NAMES[1]: (
            "Port Ellery bridge wins council backing",
            "",
            "https://www.harbourtimes.example/news/bridge",
            "2026-11-27T09:00:00Z",
        ),
        NAMES[2]: (
            "Libraries to close as Riverton cuts budget",
            "Valley Courier",
            "https://courier.example/riverton",
            "2026-11-27T10:15:00Z",
        ),
        NAMES[3]: (
            "Novak outlasts Ferreira in five-set final",
            "Ellery Gazette",
            "https://gazette.example/sport/novak",
            "2026-11-26T22:30:00Z",
        ),
        NAMES[4]: (
            "Vantor profit hits record on AI chips",
            "Coastal Post",
            "https://coastalpost.example/business/vantor",
            "2026-11-27T07:45:00Z",
        ),
    },
    DATES[2]: {
        NAMES[0]: ("Zelensky presses allies for air defence", "Harbour Times", "", ""),
        NAMES[1]: ("Bridge vote ends decade of delay", "Ellery Gazette", "", ""),
        NAMES[2]: ("Riverton mayor: no other way to balance books", "", "", ""),
        NAMES[3]: (
            "Five sets, four hours: Novak takes the title",
            "",
            "https://sport.example/final",
            "",
        ),
        NAMES[4]: ("Vantor sold out through next year", "Valley Courier", "", ""),
    },
}
# Quotes as some outlets cut them: (date, seed, the seed's words, the copy's words)
CUTS = (
    (
        DATES[1],
        NAMES[1],
        " It is the right decision for the town.”",
        "”",
    ),
    (
        DATES[2],
        NAMES[3],
        '"I have never been this tired in my life," Ana Novak said',
        '"I have never been this tired," Ana Novak said',
    ),
    (
        DATES[2],
        NAMES[2],
        " “But the alternative is cutting police and fire crews, and I won't do that.”",
        "",
    ),
)


def _copy(date: str, name: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    headline = COPIES[date][name][0]
    if headline:
        title, rest = text.split("\n", 1)
        text = f"{headline}\n{rest}"
    for day, seed, words, cut in CUTS:
        if (day, seed) == (date, name):
            assert words in text, (name, words)
            text = text.replace(words, cut)
    return text


def write_landing(root: Path) -> Path:
    """LANDING/DATE/ folders with the seed copies and their manifests; the landing root."""
    for date, copies in COPIES.items():
        folder = root / date
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for name, (_, publisher, url, published_at) in copies.items():
            (folder / name).write_text(_copy(date, name), encoding="utf-8")
            if publisher or url or published_at:
                rows.append({"file": name, "url": url, "publisher": publisher,
                             "published_at": published_at})  # fmt: skip
        with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["file", "url", "publisher", "published_at"])
            writer.writeheader()
            writer.writerows(rows)
    return root
