from __future__ import annotations

import pytest
import spacy

from tasks.ingest.refs import FileRef, RawDoc
from tasks.lake.schema import MODEL_NAME
from tasks.text.clean import clean
from tasks.text.lexicon import NOUN_CUES, ROLE_NOUNS, SPEECH_LEMMAS
from tasks.text.nlp import lemma, lemma_in, load_model, surface_forms


def test_the_lemmatizer_does_not_run_but_lemmas_on_demand_match_it(nlp):
    text = "She told reporters he had said they were leaving, and he got angry at the senators."
    assert "lemmatizer" not in nlp.pipe_names
    ours = nlp(text)
    full = spacy.load(MODEL_NAME)(text)
    assert [lemma(token) for token in ours] == [token.lemma_.lower() for token in full]
    assert {lemma(ours[1]), lemma(ours[5]), lemma(ours[12])} == {"tell", "say", "get"}


def test_remembered_lemmas_stay_those_of_the_word_s_part_of_speech(nlp):
    """The same word as noun and verb, singular and plural, asked twice (the second time
    from what `lemma` remembers): always the lemmatizer's own answer."""
    text = (
        "The talks failed. She talks to reporters. Her left hand was hurt when she left. "
        "The leaves fell as he leaves. Says who? He says nothing, and the saying goes on."
    )
    full = spacy.load(MODEL_NAME)(text)
    expected = [token.lemma_.lower() for token in full]
    for _ in range(2):
        assert [lemma(token) for token in nlp(text)] == expected


def test_batches_are_cut_by_padded_tokens(nlp):
    from tasks.text.nlp import padded_batches

    docs = [nlp.make_doc(" ".join(["word"] * n)) for n in (10, 10, 30, 5, 100, 5, 5)]
    batches = padded_batches(enumerate(docs), 60)
    sizes = [[len(doc) for _, doc in batch] for batch in batches]
    assert sizes == [[10, 10], [30, 5], [100], [5, 5]]


def test_a_long_text_is_parsed_in_pieces_and_joined_exactly(nlp, monkeypatch):
    from tasks.text import nlp as nlp_module
    from tasks.text.segment import segment

    text = "A title\n\n" + " ".join(
        f"Mayor Ana Silva said on day {n} that the bridge would open." for n in range(60)
    )
    cleaned = clean(RawDoc(FileRef("x", "x", len(text), "0" * 64), text, "utf-8"))
    sentences = segment(cleaned)
    (whole,) = nlp_module.parse(nlp, [(cleaned.text, sentences)])
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", 700)  # about ten sentences a piece
    short, pieced, after = nlp_module.parse(
        nlp, [("Short\n\nOne line.", []), (cleaned.text, sentences), ("After\n\nTwo.", [])]
    )
    assert pieced.text == whole.text == cleaned.text
    assert (short.text, after.text) == ("Short\n\nOne line.", "After\n\nTwo.")
    starts = {s.start for s in sentences}
    assert {t.idx for t in pieced if t.is_sent_start} == starts | {0}
    assert all(cleaned.text[e.start_char : e.end_char] == e.text for e in pieced.ents)
    found = {(e.text, e.start_char) for e in pieced.ents}
    same = [e for e in whole.ents if (e.text, e.start_char) in found]
    assert len(same) >= 0.9 * len(whole.ents)  # the model sees a little less context at a cut


# (sentence, word, lemma): regular and irregular inflections, suffix rules, base forms
LEMMA_CASES = [
    ("He said nothing.", "said", "say"),
    ("She told them.", "told", "tell"),
    ("They spoke up.", "spoke", "speak"),
    ("He went on.", "went", "go"),
    ("She denied it.", "denied", "deny"),
    ("He argues that it works.", "argues", "argue"),
    ("The claims were false.", "claims", "claim"),
    ("The allegations grew.", "allegations", "allegation"),
    ("Two spokesmen spoke.", "spokesmen", "spokesman"),
    ("Their wives agreed.", "wives", "wife"),
    ("As she put it, no.", "put", "put"),
    ("He is testifying now.", "testifying", "testify"),
]


@pytest.mark.parametrize(("text", "word", "expected"), LEMMA_CASES)
def test_lemma_in_answers_as_the_lemma_would(nlp, text, word, expected):
    """`lemma_in` skips lemmatising words that cannot have the lemmas asked for: it must
    still find every inflection, and say no exactly where the lemma is not among them."""
    tokens = nlp(text)
    token = next(t for t in tokens if t.text == word)
    assert lemma(token) == expected
    assert lemma_in(token, frozenset({expected, "unrelated"}))
    for other in tokens:
        for lemmas in (frozenset({expected}), SPEECH_LEMMAS, ROLE_NOUNS, NOUN_CUES):
            assert lemma_in(other, lemmas) == (lemma(other) in lemmas)


def test_lemma_in_reads_the_rules_of_a_rule_based_lemmatizer(nlp):
    """`surface_forms` inverts the lemmatizer's rules and exceptions; a model whose
    lemmatizer looks lemmas up in a table instead would need that table inverted."""
    assert load_model().get_pipe("lemmatizer").mode == "rule"
    assert {"said", "says", "saying", "say"} <= surface_forms(frozenset({"say"}))
