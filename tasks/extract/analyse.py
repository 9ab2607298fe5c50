"""The per-document chain after decoding, usable on a plain string (tests, notebooks)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from tasks.extract.entities import extract_entities
from tasks.extract.mentions import Mention
from tasks.extract.quotes.extract import extract_quotes
from tasks.extract.quotes.gender import mention_cues
from tasks.extract.quotes.marks import find_marked
from tasks.extract.quotes.model import Quote
from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject
from tasks.text.clean import clean
from tasks.text.name_genders import load_name_list
from tasks.text.nlp import load_model, make_doc
from tasks.text.parts import CleanDoc, Sentence
from tasks.text.segment import segment


@dataclass(frozen=True)
class Analysis:
    """Everything extracted from one document; every offset indexes `cleaned.text`."""

    cleaned: CleanDoc
    sentences: list[Sentence]
    doc: Doc
    mentions: list[Mention]
    quotes: list[Quote]
    gender_cues: dict[tuple[int, int], str]  # a person's mention -> the gender its words give


def extract(cleaned: CleanDoc, sentences: list[Sentence], doc: Doc) -> Analysis:
    """Entities, then quotes (whose speakers resolve through the entities), from one Doc."""
    quoted = [(m.start, m.end) for m in find_marked(cleaned.text, cleaned.blocks)]
    tokens = list(doc)  # a walk of a Doc makes a new Token per word: both steps share these
    mentions = extract_entities(doc, sentences, quoted=quoted, tokens=tokens)
    quotes = extract_quotes(doc, sentences, cleaned.blocks, mentions, tokens)
    return Analysis(cleaned, sentences, doc, mentions, quotes, mention_cues(doc, mentions))


def analyse_text(text: str, nlp: Language | None = None) -> Analysis:
    """Run clean, segment, the spaCy pass and extraction on one raw text."""
    nlp = nlp or load_model()
    digest = hashlib.sha256(text.encode()).hexdigest()
    ref = FileRef("<text>", "<text>", len(text.encode()), digest)
    cleaned = clean(RawDoc(ref, text, "utf-8"))
    if isinstance(cleaned, Reject):
        raise ValueError(cleaned.message)
    sentences = segment(cleaned)
    return extract(cleaned, sentences, nlp(make_doc(nlp, cleaned.text, sentences)))


# An invented article with what extraction reads: a title, a named speaker with a role, a direct
# and a reported quote, a pronoun.
WARM_UP_TEXT = (
    "Mayor Opens New Bridge\n\n"
    '"We kept our promise," Mayor Dana Orlov said on Monday. '
    "She added that the city had paid for the bridge, according to officials."
)


def warm_up(nlp: Language | None = None) -> Analysis:
    """Analyse an invented article: what cleaning, segmenting and extraction load on first use
    (the language identifier's model, about 0.6 s; pySBD's patterns; lemmas) then loads while
    a new worker waits for its first batch, not inside that batch's time; so does the list
    of given names."""
    load_name_list()
    return analyse_text(WARM_UP_TEXT, nlp)
