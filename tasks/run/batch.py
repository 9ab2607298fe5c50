"""One batch of files through the whole per-document chain, into staged Parquet files.

A batch runs in one worker: ingest, clean and segment each file, one spaCy pass over the
batch, then extraction. Only a small `BatchResult` goes back to the orchestrator; the rows
go to staging files. A failure inside one document quarantines that document, never the batch.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from tasks.extract.analyse import Analysis, extract
from tasks.extract.quotes.model import quote_id
from tasks.ingest import outlets
from tasks.ingest.load import load
from tasks.ingest.manifest import published_at
from tasks.ingest.refs import FileRef
from tasks.ingest.rejects import Reject, Stage, reject_rows
from tasks.lake import faults
from tasks.lake.schema import BASE_TABLES, MODEL_ID, PIPELINE_VERSION
from tasks.lake.tables import write_part
from tasks.link.near_duplicates import signature, write_signatures
from tasks.run.batches import Batch, BatchResult
from tasks.text.clean import clean
from tasks.text.nlp import load_model, parse, reads
from tasks.text.parts import CleanDoc, Sentence
from tasks.text.script import word_count
from tasks.text.segment import segment


def _base(cleaned: CleanDoc, common: dict[str, Any]) -> dict[str, Any]:
    """The columns every row of a document starts with."""
    base = {"doc_id": cleaned.raw.ref.sha256, "date": common["date"], "run_id": common["run_id"]}
    return base | {"pipeline_version": common["pipeline_version"]}


def document_row(
    cleaned: CleanDoc, common: dict[str, Any], *, n_sentences: int, n_words: int
) -> dict[str, Any]:
    """The document's `documents` row."""
    ref = cleaned.raw.ref
    meta = ref.meta
    return {
        **_base(cleaned, common),
        "source_path": ref.source_path,
        "title": cleaned.title,
        "standfirst": cleaned.standfirst,
        "text": cleaned.text,
        "url": meta.get("url"),
        "publisher": outlets.publisher(meta),
        "author": meta.get("author"),
        "published_at": published_at(meta.get("published_at")),
        "language": cleaned.language,
        "encoding": cleaned.raw.encoding,
        "content_type": cleaned.raw.content_type,
        "extraction": cleaned.raw.extraction,
        "n_paragraphs": cleaned.n_paragraphs,
        "n_sentences": n_sentences,
        "n_words": n_words,
        "duplicate_of": None,  # filled for the whole date by tasks.link.near_duplicates
        "model": common["model"] if reads(cleaned.language) else None,
        "processed_at": common["processed_at"],
    }


def unread_rows(cleaned: CleanDoc, common: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows for a document in a language no configured model reads: the document alone
    (its words counted by script), no sentences, quotes or entities."""
    row = document_row(cleaned, common, n_sentences=0, n_words=word_count(cleaned.text))
    return {"documents": [row], "sentences": [], "quotes": [], "entities": []}


def document_rows(analysis: Analysis, common: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every base table for one analysed document."""
    cleaned, sentences, doc = analysis.cleaned, analysis.sentences, analysis.doc
    ref = cleaned.raw.ref
    base = _base(cleaned, common)
    n_words = sum(not (t.is_punct or t.is_space) for t in doc)
    document = document_row(cleaned, common, n_sentences=len(sentences), n_words=n_words)
    return {
        "documents": [document],
        "sentences": [{**base, **asdict(s)} for s in sentences],
        "quotes": [
            {**base, "quote_id": quote_id(ref.sha256, q.start, q.end), **asdict(q)}
            for q in analysis.quotes
        ],
        "entities": [
            {**base, **asdict(m), "gender_cue": analysis.gender_cues.get((m.start, m.end))}
            for m in analysis.mentions
        ],
    }


def process_files(batch: Batch, progress: Callable[[int], None] | None = None) -> BatchResult:
    """Run the per-document chain over the batch's files and stage one Parquet file per table.

    `progress`, if given, is called with 1 for every file done (processed or rejected).
    """
    advance = progress or (lambda done: None)
    nlp = load_model()
    result = BatchResult()
    common = {
        "date": batch.date,
        "run_id": batch.run_id,
        "pipeline_version": PIPELINE_VERSION,
        "model": MODEL_ID,
        "processed_at": dt.datetime.now(dt.UTC),
    }
    clock = result.stage_seconds
    ready: list[tuple[CleanDoc, list[Sentence]]] = []
    unread: list[CleanDoc] = []  # in a language no configured model reads: no NLP pass
    for ref in batch.refs:
        prepared = _prepare(ref, batch.max_bytes, clock)
        if isinstance(prepared, Reject):
            result.rejects.append(prepared)
            advance(1)
        elif reads(prepared[0].language):
            ready.append(prepared)
        else:
            unread.append(prepared[0])

    with timed(clock, "nlp"):
        docs = _parse_all(nlp, ready)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in BASE_TABLES}
    signatures: list[tuple[str, str, np.ndarray]] = []
    for cleaned in unread:
        for table, table_rows in unread_rows(cleaned, common).items():
            rows[table].extend(table_rows)
        ref = cleaned.raw.ref
        with timed(clock, "dedupe"):
            signatures.append((ref.sha256, ref.source_path, signature(cleaned.text)))
        advance(1)
    for (cleaned, sentences), doc in zip(ready, docs, strict=True):
        ref = cleaned.raw.ref
        try:
            if isinstance(doc, Exception):  # the spaCy pass failed on this document
                raise doc
            with timed(clock, "extract"):
                per_table = document_rows(extract(cleaned, sentences, doc), common)
        except Exception as exc:  # one document's failure must not sink the batch
            where: Stage = "nlp" if isinstance(doc, Exception) else "extract"
            message = f"{type(exc).__name__}: {exc}"
            result.rejects.append(Reject(ref.source_path, ref.sha256, where, "error", message))
            advance(1)
            continue
        for table, table_rows in per_table.items():
            rows[table].extend(table_rows)
        with timed(clock, "dedupe"):
            signatures.append((ref.sha256, ref.source_path, signature(cleaned.text)))
        advance(1)
        faults.reached("batch.document")

    rows["rejects"] = reject_rows(result.rejects, batch.date, batch.run_id)
    with timed(clock, "write"):
        for table, table_rows in rows.items():
            write_part(table_rows, table, batch.stage, batch.date, batch.part)
        write_signatures(signatures, batch.stage, batch.part)
    result.documents = len(rows["documents"])
    result.quotes = len(rows["quotes"])
    result.entities = len(rows["entities"])
    result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _prepare(
    ref: FileRef, max_bytes: int, clock: dict[str, float]
) -> tuple[CleanDoc, list[Sentence]] | Reject:
    """Load, clean and segment one file, or its reject: an exception in any of them (a page
    that trips the HTML extractor, say) costs that file alone, named with the stage."""
    where: Stage = "ingest"
    try:
        with timed(clock, "ingest"):
            loaded = load(ref, max_bytes)
        if isinstance(loaded, Reject):
            return loaded
        faults.crash_on(loaded.text)
        where = "clean"
        with timed(clock, "clean"):
            cleaned = clean(loaded)
        if isinstance(cleaned, Reject):
            return cleaned
        if not reads(cleaned.language):
            return cleaned, []  # a document without sentences: no model reads its language
        where = "segment"
        with timed(clock, "segment"):
            return cleaned, segment(cleaned)
    except Exception as exc:
        message = f"{type(exc).__name__} while the {where} stage read it: {exc}"
        return Reject(ref.source_path, ref.sha256, where, "error", message)


@contextmanager
def timed(clock: dict[str, float], stage: str) -> Iterator[None]:
    """Add the block's wall time to `clock[stage]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        clock[stage] = clock.get(stage, 0.0) + time.perf_counter() - started


def _parse_all(
    nlp: Language, ready: list[tuple[CleanDoc, list[Sentence]]]
) -> list[Doc | Exception]:
    """Parse the batch in one `nlp.pipe`; if that fails, parse one by one to find the culprit."""
    try:
        return list(parse(nlp, ((c.text, s) for c, s in ready)))
    except Exception:
        docs: list[Doc | Exception] = []
        for cleaned, sentences in ready:
            try:
                docs.extend(parse(nlp, [(cleaned.text, sentences)]))
            except Exception as exc:
                docs.append(exc)
        return docs
