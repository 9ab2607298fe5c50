"""Quote extraction on sentences written for the tests, plus the seed article."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from tasks.analyse import analyse_text
from tasks.quotes import Quote


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(*paragraphs: str) -> list[Quote]:
        text = "A headline for the test\n" + "\n".join(paragraphs) + "\n"
        analysis = analyse_text(text, nlp)
        for quote in analysis.quotes:
            assert analysis.cleaned.text[quote.start : quote.end] == quote.text
            if quote.speaker is not None:
                speaker = analysis.cleaned.text[quote.speaker_start : quote.speaker_end]
                assert speaker == quote.speaker
        return analysis.quotes

    return run


def _by_text(quotes: list[Quote], begins: str) -> Quote:
    matches = [q for q in quotes if q.text.startswith(begins)]
    assert matches, f"no quote begins {begins!r} in {[q.text for q in quotes]}"
    return matches[0]


@pytest.fixture(scope="module")
def seed_quotes(nlp) -> list[Quote]:
    return analyse_text((SEEDS / "000_f2e76c1b7090efcc.txt").read_text(), nlp).quotes


def test_seed_multi_sentence_quote_with_speaker_after(seed_quotes):
    quote = _by_text(seed_quotes, "We know that at the intelligence level")
    assert quote.text.endswith("the Europeans had many, too")
    assert (quote.kind, quote.speaker_name, quote.cue, quote.cue_lemma) == (
        "direct",
        "Vladimir Zelensky",
        "told",
        "tell",
    )


def test_seed_pronoun_speaker_resolved(seed_quotes):
    quote = _by_text(seed_quotes, "If the leaders don’t talk, but the intelligence services")
    assert (quote.speaker, quote.speaker_name, quote.kind) == ("he", "Vladimir Zelensky", "direct")


def test_seed_partial_and_reported_speech(seed_quotes):
    mixed = [q for q in seed_quotes if q.kind == "mixed"]
    assert any("“surprise”" in q.text for q in mixed)
    assert any("ally of the United States" in q.text for q in mixed)
    zelensky_cues = {q.cue for q in seed_quotes if q.speaker_name == "Vladimir Zelensky"}
    assert {"argued", "warned", "insisted", "stated", "stressed"} <= zelensky_cues
    sibiga = _by_text(seed_quotes, "Kiev’s outright ban")
    assert (sibiga.speaker_name, sibiga.cue) == ("Andrey Sibiga", "confirmed")
    assert sibiga.kind == "indirect"
    moscow = _by_text(seed_quotes, "it is open to talks")
    assert (moscow.speaker, moscow.speaker_label) == ("Moscow", "GPE")


def test_speaker_before_colon(quotes_of):
    (quote,) = quotes_of("Mayor Helen Okafor said: “The bridge will open in May. It is paid for.”")
    assert quote.text == "The bridge will open in May. It is paid for."
    assert (quote.kind, quote.speaker) == ("direct", "Mayor Helen Okafor")
    assert quote.speaker_name == "Helen Okafor"


def test_speaker_in_the_middle(quotes_of):
    first, second = quotes_of("“We are ready,” Maria Lopez said, “and we will not wait long.”")
    assert first.text == "We are ready"
    assert second.text == "and we will not wait long."
    assert first.speaker_name == second.speaker_name == "Maria Lopez"


def test_quote_continues_into_next_paragraph(quotes_of):
    quotes = quotes_of(
        "“The first paragraph of the quote ends without a closing mark.",
        "“The second paragraph closes it,” said Peter Hall, the chairman.",
    )
    assert [q.text for q in quotes] == [
        "The first paragraph of the quote ends without a closing mark.",
        "The second paragraph closes it",
    ]
    assert {q.speaker_name for q in quotes} == {"Peter Hall"}


def test_follow_on_paragraph_keeps_the_speaker(quotes_of):
    quotes = quotes_of(
        "“We will appeal,” said Karen Wu, the company’s lawyer.",
        "“The ruling ignores the evidence.”",
    )
    assert [q.speaker_name for q in quotes] == ["Karen Wu", "Karen Wu"]


def test_reported_speech_and_according_to(quotes_of):
    quotes = quotes_of(
        "The minister, Paul Grant, argued that the tax would raise little money.",
        "Prices will rise next year, according to the central bank.",
        "The plan is too expensive, Grant insisted.",
    )
    argued = _by_text(quotes, "the tax would raise")
    assert (argued.kind, argued.speaker_name) == ("indirect", "Paul Grant")
    assert argued.cue_lemma == "argue"
    according = _by_text(quotes, "Prices will rise next year")
    assert (according.speaker, according.cue) == ("the central bank", "according")
    insisted = _by_text(quotes, "The plan is too expensive")
    assert insisted.speaker_name == "Paul Grant"


def test_straight_and_double_apostrophe_quotes(quotes_of):
    quotes = quotes_of(
        '"It works," said Ann Lee.',
        "''It really works,'' said Bob Tan.",
    )
    assert [(q.text, q.speaker_name) for q in quotes] == [
        ("It works", "Ann Lee"),
        ("It really works", "Bob Tan"),
    ]


def test_apostrophes_are_not_quote_marks(quotes_of):
    quotes = quotes_of(
        "Critics' views differ from officials’ plan, and the mayor’s office didn’t comment.",
    )
    assert quotes == []


def test_unbalanced_quote_stays_in_its_paragraph(quotes_of):
    quotes = quotes_of(
        "He called it “a disaster and left the room.",
        "The next paragraph is plain narration about the weather.",
        "“Fine,” said Ann Lee.",
    )
    assert all("weather" not in q.text for q in quotes)
    assert _by_text(quotes, "Fine").speaker_name == "Ann Lee"


def test_colon_introduction_with_any_verb(quotes_of):
    (quote,) = quotes_of("Rush Limbaugh continued: “The left is saying the opposite.”")
    assert (quote.kind, quote.speaker_name) == ("direct", "Rush Limbaugh")


def test_name_after_a_dash(quotes_of):
    (quote,) = quotes_of("“I love this city and I will stay.” ― Maria Gomez")
    assert (quote.text, quote.speaker_name) == ("I love this city and I will stay.", "Maria Gomez")


def test_nested_quotes_stay_inside_the_outer_quote(quotes_of):
    quotes = quotes_of(
        "“He told me, ‘Go home now,’ and I did,” Ann Lee said.",
        '"She said “no” twice before the vote," Bob Tan said.',
    )
    assert [(q.text, q.speaker_name) for q in quotes] == [
        ("He told me, ‘Go home now,’ and I did", "Ann Lee"),
        ("She said “no” twice before the vote", "Bob Tan"),
    ]


def test_partial_quote_in_a_verb_complement(quotes_of):
    (quote,) = quotes_of("Senator Jane Ruiz called the budget a “disgrace to the state.”")
    assert quote.kind == "mixed"
    assert quote.text.startswith("the budget a “disgrace to the state")
    assert (quote.speaker_name, quote.cue_lemma) == ("Jane Ruiz", "call")


def test_as_x_put_it(quotes_of):
    (quote,) = quotes_of(
        'The main test for the program is a "lawful source of income," as a Treasury memo put it.'
    )
    assert quote.kind == "mixed"
    assert quote.text.startswith("The main test for the program")
    assert (quote.speaker, quote.cue) == ("a Treasury memo", "put")


def test_words_between_a_quote_and_its_attribution_are_reported_too(quotes_of):
    (quote,) = quotes_of(
        "“You squeezed employees to the breaking point” to drive up the stock price, "
        "Elizabeth Warren said."
    )
    assert quote.kind == "mixed"
    assert quote.text.endswith("to drive up the stock price")
    assert quote.speaker_name == "Elizabeth Warren"


def test_reported_object_of_a_verb_of_saying(quotes_of):
    (quote,) = quotes_of("Police announced the arrest of a man after the shooting on Main Street.")
    assert (quote.kind, quote.speaker, quote.cue) == ("indirect", "Police", "announced")
    assert quote.text.startswith("the arrest of a man")


def test_pronouns_respect_the_gender_the_article_gives(quotes_of):
    (she,) = quotes_of("Mr. Tom Hale met Ms. Priya Raman on Monday. She said the deal was dead.")
    assert (she.speaker, she.speaker_name) == ("She", "Priya Raman")
    (he,) = quotes_of("Ms. Priya Raman met Mr. Tom Hale on Monday. He said the deal was dead.")
    assert (he.speaker, he.speaker_name) == ("He", "Tom Hale")


def test_role_nouns_refer_back_and_organisations_speak(quotes_of):
    quotes = quotes_of(
        "Senator Jane Ruiz visited the plant on Monday.",
        "The senator said the jobs would stay in Ohio.",
        "The newspaper wrote that the plant had lost money for years.",
        "The White House said the talks would continue next week.",
    )
    senator = _by_text(quotes, "the jobs would stay")
    assert (senator.speaker, senator.speaker_name) == ("The senator", "Jane Ruiz")
    paper = _by_text(quotes, "the plant had lost money")
    assert (paper.speaker, paper.speaker_label) == ("The newspaper", "ORG")
    white_house = _by_text(quotes, "the talks would continue")
    assert (white_house.speaker_name, white_house.speaker_label) == ("White House", "ORG")
