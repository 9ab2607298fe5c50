"""Repeats: a web page fetched twice (the same URL, or the same text) is one document.

Discovery already rejects a second copy of the same bytes; a page fetched twice rarely has the
same bytes (a timestamp, an ad slot), and its AMP copy has other markup altogether. Their URL
(the canonical one, which an AMP page points to) or their extracted text give them away, but
only after extraction, and the copies may sit in different batches. So after the batches, one
pass over the date's staged pages (HTML files and archive pages), in discovery order (part by
part, row by row), keeps the first copy and turns each later one into a `duplicate` reject,
removing its rows from every staged table. Text files keep their rule (the same bytes), so one
article in two encodings stays two documents, and edited copies (syndication) stay documents:
tasks.link.near_duplicates marks both.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.ingest.rejects import Reject, reject_rows
from tasks.ingest.urls import split
from tasks.lake.schema import TABLES
from tasks.lake.storage import Location, files_under, join, resolve
from tasks.lake.tables import partition_dir, write_part
from tasks.link.near_duplicates import SIGNATURES

PER_DOCUMENT_TABLES = ("documents", "sentences", "quotes", "entities")
PAGE_TYPES = ("html", "warc")  # documents.content_type of web pages
REPEATS_PART = "repeats"


def url_key(url: str) -> str:
    """A URL as a key for "the same page": scheme, `www.`, fragment and a final slash aside.
    A malformed URL (never stored: tasks.ingest.urls drops it where it enters) is its own key."""
    parts = split(url)
    if parts is None:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def find_repeats(stage: Location, date: dt.date) -> dict[str, dict[str, Reject]]:
    """Per staged part (file name), the later copies in it: doc_id -> its reject."""
    fs, folder = resolve(partition_dir(stage, "documents", date))
    first: dict[str, str] = {}  # url or text key -> source_path of the first copy
    repeats: dict[str, dict[str, Reject]] = {}
    for path in files_under(fs, folder):
        columns = ["doc_id", "source_path", "url", "text"]
        table = pq.read_table(
            path,
            columns=columns,
            filesystem=fs,
            schema=TABLES["documents"],
            filters=pc.field("content_type").isin(PAGE_TYPES),
        )
        for doc_id, source, url, text in zip(*(table[c].to_pylist() for c in columns), strict=True):
            keys = [("URL", url_key(url))] if url else []
            keys.append(("text", hashlib.sha256(text.encode()).hexdigest()))
            earlier = next(((what, first[key]) for what, key in keys if key in first), None)
            if earlier is None:
                first.update((key, source) for _, key in keys)
                continue
            message = f"same {earlier[0]} as {earlier[1]}"
            reject = Reject(source, doc_id, "dedupe", "duplicate", message)
            repeats.setdefault(path.rsplit("/", 1)[-1], {})[doc_id] = reject
    return repeats


def drop_repeats(stage: Location, date: dt.date, run_id: str) -> list[Reject]:
    """Remove the later copies of repeated pages from the staged tables and stage their
    `duplicate` rejects instead; returns those rejects."""
    by_part = find_repeats(stage, date)
    fs, _ = resolve(stage)
    folders = {
        table: resolve(partition_dir(stage, table, date))[1] for table in PER_DOCUMENT_TABLES
    }
    folders[SIGNATURES] = resolve(join(stage, SIGNATURES))[1]
    for name, found in by_part.items():
        drop = pa.array(list(found), pa.string())
        for table_name, folder in folders.items():
            path = f"{folder}/{name}"
            if not fs.exists(path):
                continue
            table = pq.read_table(path, filesystem=fs, schema=TABLES.get(table_name))
            kept = table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=drop)))
            pq.write_table(kept, path, filesystem=fs, compression="zstd")
    rejects = [reject for found in by_part.values() for reject in found.values()]
    write_part(reject_rows(rejects, date, run_id), "rejects", stage, date, REPEATS_PART)
    return rejects
