"""The analyst's side: daily tables, queries and the report.

`daily` builds the per-date aggregate tables; `queries` answers the analyst's questions as
Polars frames (quotes in context by person, search, mentions, repeated quotes, outlets),
re-exported here so that `from tasks import desk` is all a notebook needs; `expressions`
holds the Polars expressions they share; `report` writes the self-contained HTML page.
"""

from tasks.desk.queries import (
    cluster_ids,
    documents,
    mentions,
    names,
    outlets,
    quotes,
    repeated,
    search,
)

__all__ = [
    "cluster_ids",
    "documents",
    "mentions",
    "names",
    "outlets",
    "quotes",
    "repeated",
    "search",
]
