"""Near-duplicates: syndicated copies of one story, found by MinHash over word shingles.

Signatures are computed where the text already is (the batch workers) and kept beside the
staged tables; one pass over them at the end of a date marks later copies with the
doc_id of the first copy (in file order) in `documents.duplicate_of`.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from datasketch import MinHash, MinHashLSH

from tasks.lake.schema import TABLES
from tasks.lake.storage import Location, files_under, join, makedirs, resolve
from tasks.lake.tables import partition_dir

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hashing scheme: stated, so stored signatures stay comparable
SHINGLE_WORDS = 5
THRESHOLD = 0.6  # estimated Jaccard similarity of 5-word shingles
SIGNATURES = "_signatures"  # staging folder name; not a table


def signature(text: str) -> np.ndarray:
    """MinHash values of the text's lower-cased 5-word shingles."""
    words = re.findall(r"\w+", text.lower())
    count = max(len(words) - SHINGLE_WORDS + 1, 1)
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(count)}
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues


def near_duplicates(signatures: list[tuple[str, np.ndarray]]) -> dict[str, str]:
    """For each later copy, the doc_id of the first copy; `signatures` in arrival order."""
    index = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    originals: dict[str, MinHash] = {}
    order: dict[str, int] = {}
    first_copy: dict[str, str] = {}
    for position, (doc_id, values) in enumerate(signatures):
        minhash = MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)
        matches = [
            other
            for other in index.query(minhash)
            if minhash.jaccard(originals[other]) >= THRESHOLD
        ]
        if matches:
            first_copy[doc_id] = min(matches, key=order.__getitem__)
        elif doc_id not in originals:
            index.insert(doc_id, minhash)
            originals[doc_id] = minhash
            order[doc_id] = position
    return first_copy


def write_signatures(rows: list[tuple[str, str, np.ndarray]], stage: Location, part: str) -> None:
    """Stage (doc_id, source_path, signature) rows beside the tables, outside them."""
    fs, folder = resolve(join(stage, SIGNATURES))
    makedirs(fs, folder)
    table = pa.table(
        {
            "doc_id": [r[0] for r in rows],
            "source_path": [r[1] for r in rows],
            "signature": [r[2].tolist() for r in rows],
        },
        schema=pa.schema(
            [
                ("doc_id", pa.string()),
                ("source_path", pa.string()),
                ("signature", pa.list_(pa.uint64())),
            ]
        ),
    )
    pq.write_table(table, f"{folder}/part-{part}.parquet", filesystem=fs)


def mark_duplicates(stage: Location, date: dt.date) -> int:
    """Fill `duplicate_of` in the staged documents of `date`; returns how many are copies."""
    fs, folder = resolve(join(stage, SIGNATURES))
    parts = files_under(fs, folder)
    if not parts:
        return 0
    tables = [pq.read_table(path, filesystem=fs) for path in parts]
    # Parts are the batches in discovery order, each in its files' order: so are the rows (a
    # sort by source_path would put an archive's pages in the order of their record ids).
    frame = pl.DataFrame(pa.concat_tables(tables))
    first_copy = near_duplicates(
        [
            (doc_id, np.array(values, dtype=np.uint64))
            for doc_id, values in frame.select("doc_id", "signature").iter_rows()
        ]
    )
    if first_copy:
        _, documents = resolve(partition_dir(stage, "documents", date))
        for path in files_under(fs, documents):
            table = pq.read_table(path, filesystem=fs, schema=TABLES["documents"])
            column = [first_copy.get(doc_id) for doc_id in table["doc_id"].to_pylist()]
            index = table.schema.get_field_index("duplicate_of")
            table = table.set_column(
                index, TABLES["documents"].field(index), pa.array(column, pa.string())
            )
            pq.write_table(table, path, filesystem=fs, compression="zstd")
    return len(first_copy)
