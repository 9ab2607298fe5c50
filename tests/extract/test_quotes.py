"""Quote extraction on sentences written for the tests, plus the seed article."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from tasks.extract.analyse import analyse_text
from tasks.extract.quotes.model import Quote


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
    (quote,) = quotes_of("Paul Brenner continued: “The left is saying the opposite.”")
    assert (quote.kind, quote.speaker_name) == ("direct", "Paul Brenner")


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
        "Vera Lindqvist said."
    )
    assert quote.kind == "mixed"
    assert quote.text.endswith("to drive up the stock price")
    assert quote.speaker_name == "Vera Lindqvist"


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


# --- one case per pattern: every attribution and content strategy has its row ---------------


def _document(nlp, *paragraphs: str):
    from tasks.extract.quotes.document import Document

    text = "A headline for the test\n" + "\n".join(paragraphs) + "\n"
    analysis = analyse_text(text, nlp)
    blocks = analysis.cleaned.blocks
    return Document(analysis.doc, analysis.sentences, blocks, analysis.mentions)


ATTRIBUTION_CASES = [
    (
        "introduced",
        ["Helen Okafor said, “The bridge will open in May,” when Tom Hale praised her."],
        "The bridge",
        "Helen Okafor",
    ),
    (
        "cue_after_quote",
        ["“We are ready for the vote,” Maria Lopez said."],
        "We are",
        "Maria Lopez",
    ),
    (
        "name_after_dash",
        ["“I love this city and I will stay.” ― Maria Gomez"],
        "I love",
        "Maria Gomez",
    ),
    (
        "cue_before_quote",
        ["Mayor Helen Okafor said: “The bridge will open in May.”"],
        "The bridge",
        "Helen Okafor",
    ),
    (
        "lead_in_sentence",
        ["Helen Okafor explained the plan to the council:", "“The bridge will open in May.”"],
        "The bridge",
        "Helen Okafor",
    ),
]


def test_every_attribution_strategy_has_a_case():
    from tasks.extract.quotes.direct import ATTRIBUTION

    assert [case[0] for case in ATTRIBUTION_CASES] == [s.__name__ for s in ATTRIBUTION]


@pytest.mark.parametrize(("strategy", "paragraphs", "begins", "speaker"), ATTRIBUTION_CASES)
def test_attribution_strategy(nlp, quotes_of, strategy, paragraphs, begins, speaker):
    from tasks.extract.quotes import direct

    doc = _document(nlp, *paragraphs)
    marked = next(m for m in doc.marked if doc.text[m.start :].startswith(begins))
    found = getattr(direct, strategy)(marked, doc)
    assert found is not None and found.name == speaker
    assert _by_text(quotes_of(*paragraphs), begins).speaker_name == speaker


CONTENT_CASES = [
    (
        "aside",
        "The economy will grow next year, the minister said, despite the strikes.",
        "said",
        ["The economy will grow next year"],
    ),
    (
        "clause",
        "The minister, Paul Grant, argued that the tax would raise little money.",
        "argued",
        ["the tax would raise little money"],
    ),
    (
        "complement",
        "Police announced the arrest of a man after the shooting on Main Street.",
        "announced",
        ["the arrest of a man after the shooting on Main Street"],
    ),
]


def test_every_content_strategy_has_a_case():
    from tasks.extract.quotes.reported import CONTENT

    assert [case[0] for case in CONTENT_CASES] == [s.__name__ for s in CONTENT]


@pytest.mark.parametrize(("strategy", "sentence", "cue", "pieces"), CONTENT_CASES)
def test_content_strategy(nlp, strategy, sentence, cue, pieces):
    from tasks.extract.quotes import reported

    doc = _document(nlp, sentence)
    token = next(t for t in doc.doc if t.text == cue)
    spans = getattr(reported, strategy)(token, doc)
    assert [doc.text[start:end] for start, end in spans] == pieces


# --- only speech makes a quote ------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "Mr. Allen is the author of a morning tip sheet that he calls “essential reading.”",
        "The choice was “a disaster” for the town, and the roads are “a mess.”",
        "The statement is clear: “We will not pay for the new bridge.”",
        "Residents want “a new road” and agree it is “long overdue” for the area.",
        "The growth of the firm will continue “for the next few years” in Ohio.",
    ],
)
def test_copular_and_aspectual_verbs_never_make_a_quote(quotes_of, paragraph):
    from tasks.text.lexicon import NOT_SPEECH_LEMMAS

    quotes = quotes_of(paragraph)
    assert all(q.cue_lemma not in NOT_SPEECH_LEMMAS for q in quotes)
    assert all(q.speaker is None for q in quotes if q.kind == "direct")


# A verb of saying must govern the content: a verb that also means taking or keeping reports
# only a clause, and a scare quote under any other verb is the writer's distance.
NOT_SPEECH_CASES = [
    "The senator claimed the nomination on Tuesday after a long race.",
    "The governor maintained an energetic pace through the week of rallies.",
    "Her “endorses” line fooled nobody at the rally.",
    "The “reform” label fooled few voters in the state.",
]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Mayor Helen Okafor said on “Morning Report” that the bridge would open in May.",
        "Mayor Helen Okafor told “Morning Report” that the bridge would open in May.",
        # the venue inside a phrase of when: "[Sunday on “...”]"
        "Sunday on the network’s “Morning Report,” Mayor Helen Okafor said the bridge would "
        "open in May.",
    ],
)
def test_where_something_was_said_is_not_what_was_said(quotes_of, paragraph):
    assert [q.text for q in quotes_of(paragraph)] == ["the bridge would open in May"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Tom Hale, host of the network’s “Morning Report,” suggested the bridge would open in May.",
        "Ana Diaz, whose column “Town Talk” runs on Sundays, said the bridge would open in May.",
    ],
)
def test_a_quote_in_the_speakers_own_description_is_not_what_was_said(quotes_of, paragraph):
    assert [q.text for q in quotes_of(paragraph)] == ["the bridge would open in May"]


@pytest.mark.parametrize("paragraph", NOT_SPEECH_CASES)
def test_no_quote_without_a_verb_of_saying(quotes_of, paragraph):
    assert quotes_of(paragraph) == []


SAYING_CASES = [
    (  # a phrasal verb of saying
        "“The bridge is safe for trucks,” the engineer Ana Diaz pointed out.",
        "pointed",
        "The bridge is safe for trucks",
    ),
    (  # reminding someone is telling them: the listener is not the content
        "The mayor reminded voters that the bridge would open in May.",
        "reminded",
        "the bridge would open in May",
    ),
    (  # begging is asking: what was begged is the content
        "The candidate all but begged reporters to ask him about something other than his wife.",
        "begged",
        "reporters to ask him about something other than his wife",
    ),
    (  # a clause a verb that also means keeping does report
        "The governor maintained that the server was secure at all times.",
        "maintained",
        "the server was secure at all times",
    ),
]


@pytest.mark.parametrize(("paragraph", "cue", "text"), SAYING_CASES)
def test_verbs_of_saying_that_govern_content(quotes_of, paragraph, cue, text):
    (quote,) = quotes_of(paragraph)
    assert (quote.cue, quote.text) == (cue, text)


# --- content boundaries: one class of construction per row -----------------------------------

BOUNDARY_CASES = [
    (  # a second conjoined cue starts a second statement
        "Mayor Helen Okafor says the bridge will open in May and says the tolls will stay low.",
        [("the bridge will open in May", "says"), ("the tolls will stay low", "says")],
    ),
    (  # a lone dash starts the writer's afterthought
        "Tom Hale said the budget would pass this year — a claim his rivals dispute.",
        [("the budget would pass this year", "said")],
    ),
    (  # a pair of dashes sets off an aside inside the content, which goes on after it
        "Tom Hale said the budget — the largest in a decade — would pass this year.",
        [("the budget — the largest in a decade — would pass this year", "said")],
    ),
    (  # a participle after a comma is the writer's gloss
        "Maria Lopez said the plan would cost too much, referring to the new stadium.",
        [("the plan would cost too much", "said")],
    ),
    (  # so is a contrast clause with its own subject
        "Most voters said they prefer a new candidate, while about a third want the mayor to stay.",
        [("they prefer a new candidate", "said")],
    ),
    (  # content split around ", X said," keeps both sides
        "The golf industry, Ana Diaz said, is doing much better than it did last year.",
        [("The golf industry", "said"), ("is doing much better than it did last year.", "said")],
    ),
    (  # a cue inside its clause: the clause's words after the cue
        "The council passed a rule that critics said was unfair to renters.",
        [("was unfair to renters", "said")],
    ),
    (  # "as X announced that ...": the cue's own clause, not the sentence around it
        "As Omar Haddad announced that he is ready for the fight, his aides prepared new orders.",
        [("he is ready for the fight", "announced")],
    ),
    (  # "as X announced [an object]": the cue reports its own object, not the sentence
        "Ticket sales rose just as the band announced a benefit concert for the new school.",
        [("a benefit concert for the new school", "announced")],
    ),
    (  # but "as X told [a listener]" still reports the sentence around it
        "As Tom Hale told reporters, the bridge will open in May.",
        [("the bridge will open in May.", "told")],
    ),
    (  # a noun of saying with an owner reports its clause
        "Voters doubted his claim that the plant would stay open next year.",
        [("the plant would stay open next year", "claim")],
    ),
    (  # and so does a call to act
        "Residents welcomed the mayor's call to close the bridge to heavy trucks.",
        [("to close the bridge to heavy trucks", "call")],
    ),
    (  # a clause of circumstance with its own subject ends it too
        "The company said the deal would close this year, as it faces new rules abroad.",
        [("the deal would close this year", "said")],
    ),
    (  # and so does a relative clause after a comma that runs to the end
        "Officials said the talks would resume in March, which is later than many had hoped.",
        [("the talks would resume in March", "said")],
    ),
    (  # a noun of saying owned through "by"
        "The board ignored a claim by the union that the school was unsafe for children.",
        [("the school was unsafe for children", "claim")],
    ),
    (  # a verb of asking reports its "if" clause, not its listener
        "The mayor asked workers if they planned to attend the meeting.",
        [("if they planned to attend the meeting", "asked")],
    ),
    (  # an object of a verb of saying may be two words short
        "The senator announced her candidacy.",
        [("her candidacy", "announced")],
    ),
    (  # a verb of answering reports what it answers
        "The mayor's office did not respond to a request for comment on Monday.",
        [("to a request for comment on Monday", "respond")],
    ),
    (  # what follows a colon after the clause spells out what was argued
        "Tom Hale argued that the plan was doomed: its backers had no money left.",
        [("the plan was doomed: its backers had no money left.", "argued")],
    ),
    (  # but a quote right after the colon is a row of its own
        "Tom Hale asserted that the town had lost its way: “We no longer know who we are,” he "
        "said.",
        [("the town had lost its way", "asserted"), ("We no longer know who we are", "said")],
    ),
    (  # a call for someone to act reports the act asked for, parsed as a "for" clause
        "Tom Hale has called for the governor to release the letters to the public.",
        [("for the governor to release the letters to the public", "called")],
    ),
    (  # a that-clause the parse hangs on where it was said is what was said
        "Tom Hale said in a statement that the donations were legal.",
        [("the donations were legal", "said")],
    ),
    (  # a conjunction left dangling when a second statement is cut off is not content
        "Most voters said they were worried about the economy, and four in ten said Tom Hale "
        "would handle it best.",
        [
            ("they were worried about the economy", "said"),
            ("Tom Hale would handle it best", "said"),
        ],
    ),
    (  # an indefinite noun phrase after a comma is the writer's gloss
        "Maria Lopez said the crowd would stay calm at her rally, a swipe at the fights at "
        "rallies of her rival.",
        [("the crowd would stay calm at her rally", "said")],
    ),
    (  # "but that ..." goes on with what was said
        "Tom Hale said he would secure the border, but that he would not support mass removals.",
        [("he would secure the border, but that he would not support mass removals", "said")],
    ),
    (  # a plain "but" clause is the writer's narration
        "Tom Hale said the council had not yet won him over, but he sounded a hopeful note.",
        [("the council had not yet won him over", "said")],
    ),
    (  # an "as" phrase after the object says what the object was called
        "Tom Hale described the new budget as a betrayal of the voters.",
        [("the new budget as a betrayal of the voters", "described")],
    ),
    (  # and so does one of a verb citing something
        "The mayor cited the flood as the reason for the delay.",
        [("the flood as the reason for the delay", "cited")],
    ),
    (  # but not one going on into a clause of its own: the writer's description
        "Tom Hale described the mayor as a leader who cares only about the new roads.",
        [("the mayor", "described")],
    ),
    (  # "according to" vouches for the side of the verb it hangs on, not a longer one
        "Prices rose by two percent in March according to the agency, but the minister has "
        "vowed to cut them by summer.",
        [("Prices rose by two percent in March", "according"), ("to cut them by summer", "vowed")],
    ),
    (  # and for both sides when it stands between the subject and the verb
        "Most voters in the county, according to a new poll, still back the plan to build the "
        "bridge.",
        [
            ("Most voters in the county", "according"),
            ("still back the plan to build the bridge.", "according"),
        ],
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), BOUNDARY_CASES)
def test_content_boundaries(quotes_of, paragraph, expected):
    assert [(q.text, q.cue) for q in quotes_of(paragraph)] == expected


# A content the parse runs past a quote that ends its sentence ends with that quote.
SENTENCE_END_CASES = [
    ("he did not “use the plane much.” According to the records, it flew often",
     "he did not “use the plane much.”"),
    ("the vote was “a big step?” Some doubted it", "the vote was “a big step?”"),
    ("the bridge is “safe.” and open", "the bridge is “safe.” and open"),  # no new sentence
    ("she called it “the U.S. plan” for years", "she called it “the U.S. plan” for years"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), SENTENCE_END_CASES)
def test_a_quote_ending_a_sentence_ends_the_content(nlp, content, expected):
    from tasks.extract.quotes.boundaries import _sentence_end

    doc = _document(nlp, f"Tom Hale said {content}.")
    start = doc.text.index(content)
    assert doc.text[start : _sentence_end(start, start + len(content), doc)] == expected


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ("The mayor was asked by a reporter why the bridge had closed early.", "a reporter"),
        ("The board ignored a claim by the union that the school was unsafe for children.",
         "the union"),
        ("Democrats welcomed the Republican calls for an inquiry into the contract.",
         "Republican"),
        ("The governor issued a warning that the river would flood the town by Friday.",
         "The governor"),
    ],
)  # fmt: skip
def test_passive_agents_and_owners_of_nouns_speak(quotes_of, paragraph, speaker):
    (quote,) = quotes_of(paragraph)
    assert quote.speaker == speaker


def test_a_statement_reported_inside_another_is_a_row_of_its_own(quotes_of):
    quotes = quotes_of("Tom Hale said Helen Okafor argued that the bridge would cost too much.")
    assert [(q.text, q.speaker_name) for q in quotes] == [
        ("Helen Okafor argued that the bridge would cost too much", "Tom Hale"),
        ("the bridge would cost too much", "Helen Okafor"),
    ]


def test_a_second_cue_shares_the_first_cues_speaker(quotes_of):
    quotes = quotes_of(
        "Mayor Helen Okafor says the bridge will open in May and says the tolls will stay low."
    )
    assert {q.speaker_name for q in quotes} == {"Helen Okafor"}


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Bridge Will Open In May", True),  # the outlet's paraphrase in its headline
        ("the bridge would open in May, ahead of the summer season", False),
    ],
)
def test_a_headline_quote_is_flagged(nlp, text, headline):
    analysis = analyse_text(
        "Helen Okafor Says Bridge Will Open In May\n\nMayor Helen Okafor said the bridge would "
        "open in May, ahead of the summer season.\n",
        nlp,
    )
    quote = _by_text(analysis.quotes, text)
    assert (quote.headline, quote.speaker_name) == (headline, "Helen Okafor")


# --- names: the reproductions of issue 12 and the rules behind them ------------------------


def test_a_headline_never_names_a_speaker(nlp):
    analysis = analyse_text(
        'Wayne Stands Tall On Wall\nKaren Wayne said the wall would be built. "We will build '
        'it," Wayne told reporters.\n',
        nlp,
    )
    assert {m.name for m in analysis.mentions if m.label == "PERSON"} == {"Karen Wayne"}
    built = _by_text(analysis.quotes, "We will build it")
    assert (built.speaker, built.speaker_name) == ("Wayne", "Karen Wayne")
    assert built.speaker_entity_id == "person:karen-wayne"


SPEAKER_CASES = [
    (  # an apposition never replaces the name
        ["Former Sen. Mark Dunmore, a moderate Indiana Democrat, said the plan would fail."],
        "the plan would fail",
        "Mark Dunmore",
        "PERSON",
    ),
    (  # a group word speaks when no named person does
        ["Democrats said the bill was dead after the vote in the Senate."],
        "the bill was dead",
        "Democrats",
        "NORP",
    ),
    (  # a description is a speaker without a name
        ["Analysts said the vote would fail in the Senate next week."],
        "the vote would fail",
        None,
        None,
    ),
    (  # a plural role noun is not one person named earlier
        ["Helen Okafor left.", "The senators said the bill would pass before the summer recess."],
        "the bill would pass",
        None,
        None,
    ),
    (  # "he" after a newly introduced expert is that expert, not the president named before
        [
            "President Tom Hale opened the bridge on Monday.",
            "“The traffic will halve,” said Omar Haddad, an engineer at the city council. "
            "“It is the best design we have seen,” he added.",
        ],
        "It is the best design",
        "Omar Haddad",
        "PERSON",
    ),
    (  # a name inside what someone says does not take the focus
        [
            "White House spokesman Tom Hale said Monday that President Omar Haddad has long "
            "called for lower taxes. He said the budget would pass this year."
        ],
        "the budget would pass",
        "Tom Hale",
        "PERSON",
    ),
    (  # a pronoun subject keeps its person in focus
        [
            "Attorney General Helen Okafor met the mayor's wife, Ana Hale, on Monday. She has led "
            "the department since 2019.",
            "She said the office would hire more women as prosecutors next year.",
        ],
        "the office would hire",
        "Helen Okafor",
        "PERSON",
    ),
    (  # a role noun is the holder the article qualified the same way
        [
            "Republican nominee Tom Hale and Democratic nominee Helen Okafor debated on Monday. "
            "The Democratic nominee said the plan was too expensive for the city."
        ],
        "the plan was too expensive",
        "Helen Okafor",
        "PERSON",
    ),
    (  # a relative pronoun speaks for the noun it follows
        ["The talks failed on Monday, said Tom Hale, who added that the offer was too low."],
        "the offer was too low",
        "Tom Hale",
        "PERSON",
    ),
    (  # a document speaks for its author
        [
            "Lawyers for Acme Corporation filed a motion on Monday. The Acme Corporation brief "
            "said the claims had no merit at all."
        ],
        "the claims had no merit",
        "Acme Corporation",
        "ORG",
    ),
    (  # "it" is the organisation in focus
        [
            "Acme Corporation cut its forecast on Monday. It said sales would fall for the rest "
            "of the year."
        ],
        "sales would fall",
        "Acme Corporation",
        "ORG",
    ),
    (  # an organisation noun is named after its owner
        ["The Hale campaign said the poll was wrong about the race."],
        "the poll was wrong",
        "Hale campaign",
        "ORG",
    ),
    (  # a short form is the organisation's full name
        [
            "The National Education Association held a rally in Boston. The NEA said the cuts "
            "were unfair to teachers."
        ],
        "the cuts were unfair",
        "National Education Association",
        "ORG",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name", "label"), SPEAKER_CASES)
def test_speaker_names(quotes_of, paragraphs, begins, name, label):
    quote = _by_text(quotes_of(*paragraphs), begins)
    assert quote.speaker is not None
    assert (quote.speaker_name, quote.speaker_label) == (name, label)


def test_seed_speaker_with_an_untagged_given_name_is_a_person(nlp):
    analysis = analyse_text((SEEDS / "003_tennis_final.txt").read_text(), nlp)
    novak = _by_text(analysis.quotes, "I have never been this tired")
    assert (novak.speaker, novak.speaker_name, novak.speaker_label) == (
        "Ana Novak",
        "Ana Novak",
        "PERSON",
    )
    assert {m.label for m in analysis.mentions if "Novak" in m.text} == {"PERSON"}
