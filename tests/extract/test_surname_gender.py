"""A bare surname is never the full name of someone of the gender the article does not give it:
"Okafor ... he" twice is not "Helen Okafor", his wife; one pronoun is too little to say so."""

from __future__ import annotations

import pytest

from tasks.extract.analyse import analyse_text


@pytest.mark.parametrize(
    ("text", "bare", "name"),
    [
        (  # called "he" twice: not his wife's full name
            "Campaign\n\nOkafor won the primary on Tuesday, and he thanked his volunteers. Okafor "
            "said he would campaign in Ohio. His wife, Helen Okafor, stood beside him. “We are "
            "ready,” Okafor said.\n",
            "Okafor",
            "Okafor",
        ),
        (  # called "she" twice: not her husband's
            "Campaign\n\nRuiz won the primary on Tuesday, and she thanked her volunteers. Ruiz "
            "said she would campaign in Ohio. Her husband, Tom Ruiz, stood beside her. “We are "
            "ready,” Ruiz said.\n",
            "Ruiz",
            "Ruiz",
        ),
        (  # the gender agrees: the bare surname is the full name
            "Campaign\n\nTom Ruiz won the primary on Tuesday. Ruiz said he would campaign in "
            "Ohio, and he thanked his volunteers. “We are ready,” Ruiz said.\n",
            "Ruiz",
            "Tom Ruiz",
        ),
    ],
)
def test_a_bare_surname_keeps_the_gender_the_article_gives_it(nlp, text, bare, name):
    analysis = analyse_text(text, nlp)
    assert {m.name for m in analysis.mentions if m.text == bare} == {name}
