"""Near-duplicates: syndicated copies of one story, found by MinHash over word shingles.

Signatures are computed where the text already is (the batch workers) and kept beside the
staged tables; one pass over them at the end of a date marks later copies with the
doc_id of the first copy (in file order) in `documents.duplicate_of`.

The MinHash and its banded index are datasketch's "affine32" scheme, written out here
(tests/link/test_near_duplicates.py pins its values): the library imports SciPy, half a
second in the command and in every worker, to choose the bands this module states.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.lake.schema import TABLES
from tasks.lake.storage import Location, files_under, join, makedirs, resolve
from tasks.lake.tables import partition_dir

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.6  # estimated Jaccard similarity of 5-word shingles
# The index's bands of rows: datasketch's optimum for THRESHOLD and NUM_PERM (false positives
# and negatives weighed alike); two copies share a band with near certainty at 0.6.
BANDS, ROWS = 18, 7
SEED = 1  # the seed of the permutations' random draw (datasketch's default)
SIGNATURES = "_signatures"  # staging folder name; not a table


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM affine maps h -> a * h + b modulo 2**32, `a` odd so each is a bijection."""
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_A, _B = _permutations()


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: spreads the input hashes before the affine maps."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))


def signature(text: str) -> np.ndarray:
    """MinHash values of the text's lower-cased 5-word shingles."""
    words = re.findall(r"\w+", text.lower())
    count = max(len(words) - SHINGLE_WORDS + 1, 1)
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(count)}
    first_bytes = b"".join(hashlib.sha1(shingle).digest()[:4] for shingle in shingles)
    hashes = np.frombuffer(first_bytes, dtype="<u4").astype(np.uint32).reshape(-1, 1)
    values: np.ndarray = (_mixed(hashes) * _A + _B).min(axis=0)
    return values


def near_duplicates(signatures: list[tuple[str, np.ndarray]]) -> dict[str, str]:
    """For each later copy, the doc_id of the first copy; `signatures` in arrival order.

    A candidate shares all ROWS values of one band with an earlier original; it is a copy when
    the share of equal values (the estimated similarity) reaches THRESHOLD."""
    buckets: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
    originals: dict[str, np.ndarray] = {}
    order: dict[str, int] = {}
    first_copy: dict[str, str] = {}
    for position, (doc_id, found) in enumerate(signatures):
        values = found.astype(np.uint32)
        keys = [values[band * ROWS : (band + 1) * ROWS].tobytes() for band in range(BANDS)]
        banded = zip(keys, buckets, strict=True)
        candidates = {other for key, bucket in banded for other in bucket.get(key, ())}
        matches = [
            other
            for other in candidates
            if np.count_nonzero(values == originals[other]) / NUM_PERM >= THRESHOLD
        ]
        if matches:
            first_copy[doc_id] = min(matches, key=order.__getitem__)
        elif doc_id not in originals:
            for key, bucket in zip(keys, buckets, strict=True):
                bucket.setdefault(key, []).append(doc_id)
            originals[doc_id] = values
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
