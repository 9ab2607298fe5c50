"""The data dictionary, rendered from the schema: every table's columns, types and meanings,
written between markers in docs/data-dictionary.md (`python -m tasks.lake.dictionary --write`)
and kept equal to the schema by a test."""

from __future__ import annotations

from tasks.lake.paths import ROOT
from tasks.lake.schema import TABLES


def data_dictionary() -> str:
    """Markdown data dictionary rendered from TABLES (docs/data-dictionary.md embeds it)."""
    lines: list[str] = []
    for table, schema in TABLES.items():
        lines += [f"### `{table}`", "", "| column | type | meaning |", "| --- | --- | --- |"]
        for field in schema:
            type_ = str(field.type) + (" (nullable)" if field.nullable else "")
            meaning = field.metadata[b"description"].decode().replace("|", "\\|")
            lines.append(f"| `{field.name}` | {type_} | {meaning} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


DICTIONARY_START = "<!-- data-dictionary:start -->"
DICTIONARY_END = "<!-- data-dictionary:end -->"


def with_dictionary(page: str) -> str:
    """`page` with the text between the data-dictionary markers rendered anew."""
    head, rest = page.split(DICTIONARY_START, 1)
    _, tail = rest.split(DICTIONARY_END, 1)
    return f"{head}{DICTIONARY_START}\n{data_dictionary()}{DICTIONARY_END}{tail}"


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--write"]:  # rewrite the dictionary page in place
        page = ROOT / "docs" / "data-dictionary.md"
        page.write_text(with_dictionary(page.read_text()))
    else:
        print(data_dictionary(), end="")
