from __future__ import annotations

import spacy

from tasks.nlp import lemma
from tasks.schema import MODEL_NAME


def test_the_lemmatizer_does_not_run_but_lemmas_on_demand_match_it(nlp):
    text = "She told reporters he had said they were leaving, and he got angry at the senators."
    assert "lemmatizer" not in nlp.pipe_names
    ours = nlp(text)
    full = spacy.load(MODEL_NAME)(text)
    assert [lemma(token) for token in ours] == [token.lemma_.lower() for token in full]
    assert {lemma(ours[1]), lemma(ours[5]), lemma(ours[12])} == {"tell", "say", "get"}


def test_batches_are_cut_by_padded_tokens(nlp):
    from tasks.nlp import padded_batches

    docs = [nlp.make_doc(" ".join(["word"] * n)) for n in (10, 10, 30, 5, 100, 5, 5)]
    sizes = [[len(doc) for doc in batch] for batch in padded_batches(docs, 60)]
    assert sizes == [[10, 10], [30, 5], [100], [5, 5]]
