"""Sentence segmentation scores: pySBD's 48 Golden Rules and newslake's own news set.

    python benchmarks/sentences.py

A case passes when the segmenter's stripped sentences equal the expected list exactly.
The Golden Rules live in ../shared/ (skipped, with a message, where it is absent); the news
set is `tests/data/news_sentences.json`, written for this project.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tasks.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_RULES = ROOT.parent / "shared" / "corpora" / "sentence_golden_rules_en.json"
NEWS_SET = ROOT / "tests" / "data" / "news_sentences.json"


def failures(cases: list[dict]) -> list[tuple[dict, list[str]]]:
    """(case, what the segmenter gave) for every case it gets wrong."""
    wrong = []
    for case in cases:
        got = [case["text"][start:end].strip() for start, end in split_sentences(case["text"])]
        if got != case["sentences"]:
            wrong.append((case, got))
    return wrong


def report(name: str, path: Path) -> None:
    if not path.exists():
        print(f"{name}: skipped, {path} is absent")
        return
    cases = json.loads(path.read_text())
    wrong = failures(cases)
    print(f"{name}: {len(cases) - len(wrong)}/{len(cases)}")
    for case, got in wrong:
        print(f"  expected {case['sentences']}\n       got {got}")


if __name__ == "__main__":
    report("Golden Rules (pySBD, English)", GOLDEN_RULES)
    report("news set (tests/data/news_sentences.json)", NEWS_SET)
    sys.exit(0)
