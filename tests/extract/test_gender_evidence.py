"""Gender evidence one article gives (real spaCy on invented sentences): honorifics and
gendered nouns tied to a name, pronouns tied to it, and nothing from a given name alone."""

from __future__ import annotations

import pytest

from tasks.extract.analyse import analyse_text
from tasks.extract.quotes.gender import speaker_cue


def _cues(text: str) -> dict[str, str]:
    """Each person's mention text -> the gender its words give, in one article."""
    analysis = analyse_text(f"A headline\n\n{text}")
    body = analysis.cleaned.text
    return {body[s:e]: g for (s, e), g in analysis.gender_cues.items()}


@pytest.mark.parametrize(
    ("text", "mention", "gender"),
    [
        ("Mrs. Whitcombe told the council the budget was late.", "Whitcombe", "female"),
        ("Mr. Abernathy told the council the budget was late.", "Abernathy", "male"),
        (
            "Congresswoman Delia Okonkwo said the vote would be close.",
            "Delia Okonkwo",
            "female",
        ),
        (
            "Marta Kowalczyk, a spokeswoman for the agency, said the plan was ready.",
            "Marta Kowalczyk",
            "female",
        ),
        ("Tobias Renner said his plan would pass the Senate.", "Tobias Renner", "male"),
        ("Ingrid Halvorsen said her office had reviewed the data.", "Ingrid Halvorsen", "female"),
        (  # a name in apposition with the subject
            "A former mayor, Tobias Renner, also stated his intention to run.",
            "Tobias Renner",
            "male",
        ),
        (  # a possessive before the subject name, in its clause
            "In her letter to the board, Ingrid Halvorsen asked for a new vote.",
            "Ingrid Halvorsen",
            "female",
        ),
        (  # He or She opening the next sentence, after one naming only the subject
            "Tobias Renner said the harbour would reopen in June. He expects more ships.",
            "Tobias Renner",
            "male",
        ),
        (  # a gendered noun as predicate of a "who is" clause on the name
            "The plan was praised by Tobias Renner, who is now chairman of the port board.",
            "Tobias Renner",
            "male",
        ),
        (
            "Ingrid Halvorsen, who is a spokeswoman for the agency, said the plan was ready.",
            "Ingrid Halvorsen",
            "female",
        ),
        (  # a pronoun subject of the verb's complement, past a person in the apposition
            "Tobias Renner, Ingrid Halvorsen's envoy to the council, told reporters that he "
            "welcomed the move.",
            "Tobias Renner",
            "male",
        ),
        (  # a one-word name opening an organisation's name is no person between them
            "Norrland Radio aired the interview. Greta Lindqvist told Norrland that she "
            "expects a late vote.",
            "Greta Lindqvist",
            "female",
        ),
    ],
)
def test_words_tied_to_a_name_give_its_gender(text, mention, gender):
    cues = _cues(text)
    assert cues.get(mention) == gender, cues


@pytest.mark.parametrize(
    "text",
    [
        "Jennifer Blackwood said the plan was ready.",  # a given name is no evidence here
        "Tobias Renner told Greta Lindqvist that her plan would fail.",  # her: not Renner's
        "The woman Ramon Esquivel hired said nothing.",  # "woman" before a name is not his
    ],
)
def test_no_word_ties_a_gender_to_the_name(text):
    cues = _cues(text)
    assert cues.get("Jennifer Blackwood") is None
    assert cues.get("Tobias Renner") is None
    assert cues.get("Ramon Esquivel") is None


@pytest.mark.parametrize(
    ("speaker", "gender"),
    [
        ("she", "female"),
        ("He", "male"),
        ("the spokeswoman", "female"),
        ("The congressman", "male"),
        ("his spokeswoman", None),  # someone else's spokeswoman
        ("Renner's spokesman", None),
        ("they", None),
        ("officials", None),
        ("", None),
        (None, None),
    ],
)
def test_a_resolved_speakers_words(speaker, gender):
    assert speaker_cue(speaker) == gender


@pytest.mark.parametrize("text", ["", "   ", "Mrs.", "\u00a0Ms.\u200b", "Mr. Mr. Mr."])
def test_bad_input_never_crashes(text):
    cleaned = f"Title\n\n{text} said the plan works." if text.strip() else "Title\n\nPlan."
    analysis = analyse_text(cleaned)
    body = analysis.cleaned.text
    assert all(0 <= s < e <= len(body) for s, e in analysis.gender_cues)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (  # "who" is the subject of "hired", not of a "be" with a gendered predicate
            "Tobias Renner, who hired a spokeswoman last year, said the plan was ready.",
            "Tobias Renner",
        ),
        (  # the complement's subject follows another person named outside the apposition
            "Tobias Renner told Ingrid Halvorsen that she would chair the panel.",
            "Tobias Renner",
        ),
        (  # a quotation mark between the name and the pronoun
            'Tobias Renner, Ingrid Halvorsen\'s envoy, said: "She will win the vote."',
            "Tobias Renner",
        ),
        (  # a one-word name opening an organisation's name is still a person where it is
            # a word of a person's longer name
            "Ingrid Halvorsen founded Halvorsen Shipping. Tobias Renner told Halvorsen that "
            "she would win.",
            "Tobias Renner",
        ),
    ],
)
def test_words_near_a_name_that_are_not_its_gender(text, mention):
    cues = _cues(text)
    assert cues.get(mention) is None, cues


def test_a_next_sentences_pronoun_is_no_ones_where_two_people_were_named():
    cues = _cues("Tobias Renner met Ingrid Halvorsen on Monday. She expects more ships.")
    assert "Tobias Renner" not in cues, cues
