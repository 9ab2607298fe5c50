"""Rows to Arrow tables under the lake's schemas (tasks.lake.schema): a row that does not fit
its table's schema fails here, with the column named, not later in a reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from tasks.lake.schema import TABLES


class SchemaMismatch(ValueError):
    """Rows that do not fit their table's schema: a key it does not name, a required column
    missing or null, a value of the wrong type."""


def to_table(rows: Sequence[Mapping[str, Any]], table: str) -> pa.Table:
    """`rows` as a table of `table`'s schema, or SchemaMismatch naming the table and column.

    pyarrow's own `from_pylist` drops keys the schema does not name, so a typo in a row key
    would lose a column without a word: every key is checked here.
    """
    schema = TABLES[table]
    names = set(schema.names)
    required = {field.name for field in schema if not field.nullable}
    for row in rows:
        unknown = row.keys() - names
        if unknown:
            raise SchemaMismatch(f"{table}: unknown column {sorted(unknown)[0]!r}")
        missing = required - row.keys()
        if missing:
            raise SchemaMismatch(f"{table}.{sorted(missing)[0]}: required column missing")
    arrays = []
    for field in schema:
        try:
            array = pa.array([row.get(field.name) for row in rows], type=field.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError) as exc:
            raise SchemaMismatch(f"{table}.{field.name}: not {field.type}: {exc}") from None
        if not field.nullable and array.null_count:
            raise SchemaMismatch(f"{table}.{field.name}: required column holds nulls")
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=schema)
