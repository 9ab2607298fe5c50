"""Files of the project itself that shape its output, found beside the installed package."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TASKS_DIR = ROOT / "tasks"  # the sources whose digest decides whether a date is reprocessed
DEFAULT_ALIASES = ROOT / "data" / "aliases.csv"  # user-editable: see README "Entities"
