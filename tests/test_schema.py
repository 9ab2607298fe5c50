from __future__ import annotations

from conftest import ROOT

from tasks.schema import TABLES, data_dictionary, with_dictionary


def test_readme_data_dictionary_matches_the_schema():
    readme = (ROOT / "README.md").read_text()
    assert with_dictionary(readme) == readme, "run: python -m tasks.schema --readme"


def test_every_column_is_documented():
    dictionary = data_dictionary()
    for table, schema in TABLES.items():
        assert f"#### `{table}`" in dictionary
        for field in schema:
            assert field.metadata[b"description"].strip(), f"{table}.{field.name}"
            assert f"| `{field.name}` |" in dictionary
