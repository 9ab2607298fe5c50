"""The documentation a user reads, pinned to the code: every link and every file, module or
function it names exists; the README's first screen holds the install and the two commands;
no internal vocabulary."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "docs").glob("*.md"))]
FIRST_SCREEN = 60
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_PATH = re.compile(r"`((?:tasks|flows|tests|benchmarks|docs|notebooks)/[\w./-]+\.(?:py|md|ipynb))`")
_DOTTED = re.compile(r"`((?:tasks|flows)(?:\.\w+)+)")


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_every_link_and_path_exists(page: Path):
    text = page.read_text()
    links = [link for link in _LINK.findall(text) if "://" not in link]
    missing = [link for link in links if not (page.parent / link).exists()]
    missing += [path for path in _PATH.findall(text) if not (ROOT / path).exists()]
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_every_module_and_name_it_gives_exists(page: Path):
    unknown = []
    for dotted in sorted(set(_DOTTED.findall(page.read_text()))):
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):  # the longest importable prefix, then attributes
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for name in parts[cut:]:
                found = getattr(found, name, None)
            if found is None:
                unknown.append(dotted)
            break
        else:
            unknown.append(dotted)
    assert unknown == []


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_no_internal_vocabulary(page: Path):
    text = page.read_text()
    assert not re.search(r"\bissue #?\d+|\bthe desk\b", text, re.IGNORECASE)


def test_the_first_screen_says_what_to_install_and_run():
    lines = (ROOT / "README.md").read_text().splitlines()
    first = "\n".join(lines[:FIRST_SCREEN])
    assert "make run" in first and "make test" in first
    assert "source .venv/bin/activate" in first  # how to enter the environment
    assert "## For analysts" in "\n".join(lines[: FIRST_SCREEN + 10])
