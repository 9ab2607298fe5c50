"""Thresholds on the sentence sets; `python benchmarks/sentences.py` prints the scores."""

from __future__ import annotations

import json
import sys

from conftest import ROOT, shared_path

sys.path.insert(0, str(ROOT / "benchmarks"))
from sentences import NEWS_SET, failures  # noqa: E402


def test_news_set_passes_entirely():
    cases = json.loads(NEWS_SET.read_text())
    assert len(cases) >= 30
    assert failures(cases) == []


def test_golden_rules_at_least_46_of_48():
    cases = json.loads(shared_path("corpora", "sentence_golden_rules_en.json").read_text())
    assert len(cases) == 48
    assert len(failures(cases)) <= 2
