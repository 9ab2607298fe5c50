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
