"""The report's HTML: one file holding its style, its script and its data (no network)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def _script_safe(data: Any) -> str:
    """JSON that cannot end its <script> element early, whatever the quotes say: every "<"
    is written as its JSON escape, so no tag or comment can start inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def render(data: dict[str, Any]) -> str:
    """The whole page for the data `tasks.desk.report.payload.gather` returns."""
    start, end = html.escape(data["start"]), html.escape(data["end"])
    template = (HERE / "page.html").read_text(encoding="utf-8")
    return (
        template.replace("{{start}}", start)
        .replace("{{end}}", end)
        .replace("{{style}}", (HERE / "desk.css").read_text(encoding="utf-8"))
        .replace("{{script}}", (HERE / "desk.js").read_text(encoding="utf-8"))
        .replace("{{data}}", _script_safe(data))
    )
