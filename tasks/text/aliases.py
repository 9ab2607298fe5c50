"""The alias table (`data/aliases.csv`): an analyst's fixes of names, labels and a person's
gender, applied without reprocessing. One spelling key (`alias_key`) is shared by the table,
the registry and the daily tables, and ids are slugs of a label and a name (`entity_id`).
Plain Python: the Polars-only rebuild of the daily tables reads it without importing the NLP
stack.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.lake.paths import DEFAULT_ALIASES

_APOSTROPHES = re.compile(r"[’‘`´]")


@dataclass(frozen=True)
class Alias:
    name: str
    label: str
    surface: str  # the alias as written, for finding it in text
    gender: str | None = None  # female | male: the analyst's word over the inferred gender


@lru_cache(maxsize=1 << 16)  # the registry compares the same spellings over and over
def alias_key(text: str) -> str:
    """A spelling as the registry and alias table compare it: case, spacing and the
    apostrophe's glyph aside ("O’Malley" is "O'Malley")."""
    return " ".join(_APOSTROPHES.sub("'", text).casefold().split())


def entity_id(label: str, name: str) -> str:
    """Stable cross-document key, e.g. 'person:volodymyr-zelenskyy'."""
    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-")
    return f"{label.lower()}:{slug}"


def read_aliases(path: Path = DEFAULT_ALIASES) -> dict[str, Alias]:
    """alias key -> Alias, from a CSV of alias,name,label[,gender] ('#' lines are comments;
    a gender other than female or male is no override)."""
    if not path.exists():
        raise FileNotFoundError(f"alias table {path} is missing")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.lstrip().startswith("#"))
        rows = list(csv.DictReader(lines))
    table: dict[str, Alias] = {}
    for row in rows:
        if row.get("alias") and row.get("name") and row.get("label"):
            name, label = row["name"].strip(), row["label"].strip().upper()
            gender = (row.get("gender") or "").strip().casefold()
            given = gender if gender in ("female", "male") else None
            table[alias_key(row["alias"])] = Alias(name, label, row["alias"].strip(), given)
            own = table.setdefault(alias_key(name), Alias(name, label, name))  # its own alias
            if given and own.gender is None:
                table[alias_key(name)] = Alias(own.name, own.label, own.surface, given)
    return table


load_aliases = lru_cache(maxsize=4)(read_aliases)  # per process: the NLP pass reads it often
