"""The data dictionary, rendered from the schema: every table's columns, types and meanings,
written between markers in the README (`python -m tasks.lake.dictionary --readme`) and kept equal to
the schema by a test."""

from __future__ import annotations

from tasks.lake.schema import TABLES


def data_dictionary() -> str:
    """Markdown data dictionary rendered from TABLES (the README embeds it)."""
    lines: list[str] = []
    for table, schema in TABLES.items():
        lines += [f"#### `{table}`", "", "| column | type | meaning |", "| --- | --- | --- |"]
        for field in schema:
            type_ = str(field.type) + (" (nullable)" if field.nullable else "")
            meaning = field.metadata[b"description"].decode().replace("|", "\\|")
            lines.append(f"| `{field.name}` | {type_} | {meaning} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


DICTIONARY_START = "<!-- data-dictionary:start -->"
DICTIONARY_END = "<!-- data-dictionary:end -->"


def with_dictionary(readme: str) -> str:
    """`readme` with the text between the data-dictionary markers rendered anew."""
    head, rest = readme.split(DICTIONARY_START, 1)
    _, tail = rest.split(DICTIONARY_END, 1)
    return f"{head}{DICTIONARY_START}\n{data_dictionary()}{DICTIONARY_END}{tail}"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--readme"]:  # rewrite README.md's data dictionary in place
        readme = Path("README.md")
        readme.write_text(with_dictionary(readme.read_text()))
    else:
        print(data_dictionary(), end="")
