"""Who said it, by class of construction: each class a table of sentences written for the tests
(invented people and places), the speaker's name each must give, and the names never to see.

The rules were written for news text they had never seen; these cases pin each class down in
isolation, so a change to one class shows which construction it breaks.
"""

from __future__ import annotations

import pytest

from tasks.extract.analyse import Analysis, analyse_text
from tasks.extract.quotes.document import Document
from tasks.extract.quotes.model import Quote


@pytest.fixture(scope="module")
def analysed(nlp):
    def run(*paragraphs: str, title: str = "A headline for the test") -> Analysis:
        analysis = analyse_text(title + "\n" + "\n".join(paragraphs) + "\n", nlp)
        text = analysis.cleaned.text
        for quote in analysis.quotes:
            assert text[quote.start : quote.end] == quote.text
            if quote.speaker is not None:
                assert text[quote.speaker_start : quote.speaker_end] == quote.speaker
        for mention in analysis.mentions:
            assert text[mention.start : mention.end] == mention.text
        return analysis

    return run


def _by_text(quotes: list[Quote], begins: str) -> Quote:
    matches = [q for q in quotes if q.text.startswith(begins)]
    assert matches, f"no quote begins {begins!r} in {[q.text for q in quotes]}"
    return matches[0]


def _people(analysis: Analysis) -> Document:
    return Document(analysis.doc, analysis.sentences, analysis.cleaned.blocks, analysis.mentions)


# --- title-case lead-ins inside the body ----------------------------------------------------

LEAD_IN_CASES = [
    (  # a headline-style lead-in opening a paragraph names nobody the article does not name
        [
            "Governor Helen Okafor signed the budget on Monday with Sen. Tom Hale.",
            "Senator Praises Governor For Budget Deal. “This is a good day for the state,” he "
            "said.",
        ],
        "This is a good day",
        "Tom Hale",
        {"Praises"},
    ),
    (  # but a given name and a surname the body names is the person's full name
        [
            "Take Ohio Republican Sens. Tom Hale and Jim Okafor.",
            "“We need the trains,” Okafor said on Monday.",
        ],
        "We need the trains",
        "Jim Okafor",
        set(),
    ),
    (  # a dateline is never the speaker the parse took it for
        [
            "PHILADELPHIA, July 25 (UPI) — The Democratic National Committee released a "
            "statement on Monday, offering “a deep and sincere apology” to Sen. Tom Hale."
        ],
        "“a deep and sincere apology",  # its marks paired: the opening one taken in
        "Democratic National Committee",
        set(),
    ),
    (
        [
            "Washington (AFP) – Democrat Helen Okafor has taken a swipe at her rival's stance "
            "on trade, saying that “bombastic comments” do more harm than good."
        ],
        "“bombastic comments",
        "Helen Okafor",
        set(),
    ),
    (  # a role word heading a line is a role, never a name
        [
            "Justice vows to be more careful with her opinions.",
            "Judge Helen Okafor regrets her remarks about the mayor.",
        ],
        "to be more careful",
        None,
        {"Justice"},
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name", "never"), LEAD_IN_CASES)
def test_a_run_of_capitalised_words_is_a_name_only_where_the_article_agrees(
    analysed, paragraphs, begins, name, never
):
    analysis = analysed(*paragraphs)
    assert _by_text(analysis.quotes, begins).speaker_name == name
    assert not never & {m.name for m in analysis.mentions}


def test_a_headlines_subject_is_the_body_person_of_that_surname(analysed):
    """The model tags nothing in "Hale Says He Never Pledged ...": the headline's subject is
    Tom Hale, whom the body names."""
    analysis = analysed(
        "Tom Hale spoke in Ohio on Monday. Hale said he never made the pledge.",
        title="Hale Says He Never Pledged To Close The Plant",
    )
    assert _by_text(analysis.quotes, "He Never Pledged").speaker_name == "Tom Hale"


# --- titles, roles and epithets; never a name from inside quotation marks -------------------

QUOTED_NAME_CASES = [
    (  # an epithet inside a quote never becomes the person's name
        [
            "“Sleepy Omar Haddad will lose the race,” Tom Hale said on Monday. Haddad said the "
            "race was close."
        ],
        "the race was close",
        "Haddad",
        {"Sleepy Omar Haddad"},
    ),
    (  # a function word or bracket the model took in is not part of the name
        [
            "“Between [Victor Crane] and Ana Ruiz, I would choose Victor Crane,” said Lena "
            "Ortiz. Victor Crane said he was pleased."
        ],
        "he was pleased",
        "Victor Crane",
        {"Between [Victor Crane", "Between Victor Crane"},
    ),
    (  # nor does a fuller form the article writes only inside a quote
        [
            "“Between [Tom Hale] and Ana Ruiz, it is clear that I would choose Tom Hale,” said "
            "Lena Ortiz. Hale said he was pleased."
        ],
        "he was pleased",
        "Hale",
        set(),
    ),
    (  # nor is a word of a quote ever the subject of the verb that attributes it
        [
            "Tom Hale spoke in Iowa on Monday.",
            "''Our popularity is strong enough to put states in play that Republicans don't "
            "usually win anymore: Michigan, Pennsylvania, Virginia, Florida, Ohio,'' Mr. Hale "
            "said.",
        ],
        "Our popularity",
        "Tom Hale",
        set(),
    ),
    (
        [
            "''Universal dismissal of Hale and Okafor. Consensus that a Hale-Okafor face-off was "
            "inevitable. Underestimation of Ruiz,'' Robert Whitfield, a veteran Democratic "
            "strategist, said, naming a few."
        ],
        "Universal dismissal",
        "Robert Whitfield",
        set(),
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name", "never"), QUOTED_NAME_CASES)
def test_a_name_is_never_taken_from_inside_quotation_marks(
    analysed, paragraphs, begins, name, never
):
    analysis = analysed(*paragraphs)
    assert _by_text(analysis.quotes, begins).speaker_name == name
    assert not never & {m.name for m in analysis.mentions}


@pytest.mark.parametrize(
    ("sentence", "words", "name"),
    [
        ("Senators Charles E. Whitfield and Tom Hale wrote.", (0, 4), "Charles E. Whitfield"),
        ("Commissioner Omar Haddad said the city would hire.", (0, 3), "Omar Haddad"),
        ("Activist Lena Ortiz said the march would go ahead.", (0, 3), "Lena Ortiz"),
        ("Democrat Lena Ortiz said the march would go ahead.", (0, 3), "Lena Ortiz"),
        ("Whip Tom Hale said the vote would pass.", (0, 3), "Tom Hale"),
        ("Alderman Omar Haddad said the city would hire.", (0, 3), "Omar Haddad"),
        ("Moderator Lena Ortiz asked the first question.", (0, 3), "Lena Ortiz"),
        ("Celebrities Lena Ortiz and Tom Hale spoke.", (0, 3), "Lena Ortiz"),
        (
            "“Between [Tom Hale] and Ana Ruiz, I would choose Tom Hale,” she said.",
            (1, 5),
            "Tom Hale",
        ),
    ],
)
def test_a_name_never_keeps_a_title_role_or_function_word(nlp, sentence, words, name):
    """The words the model takes in before a name (its entity span is `words`)."""
    from spacy.tokens import Span

    from tasks.extract.name_spans import person_span

    doc = nlp(sentence)
    assert person_span(Span(doc, *words, label="PERSON")).text == name


PADDED_NAME_CASES = [
    (  # a word the model took in before a full name the article also writes without it
        [
            "Rival Helen Okafor spoke in Ohio on Monday. Helen Okafor said the race was close. "
            "“We will win,” Rival Helen Okafor said."
        ],
        "We will win",
        "Helen Okafor",
    ),
    (  # but a double surname stays whole
        [
            "Lucia Ferreira Castell met the envoy. “We will sign,” Ferreira Castell said. Lucia "
            "Ferreira Castell left on Friday."
        ],
        "We will sign",
        "Lucia Ferreira Castell",
    ),
    (  # a name the model left untagged keeps no epithet before it
        ["“We will win,” Norrland Radio host Ana Ruiz said on Monday."],
        "We will win",
        "Ana Ruiz",
    ),
    (
        ["“We will win,” Hale supporter Ana Ruiz said on Monday."],
        "We will win",
        "Ana Ruiz",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), PADDED_NAME_CASES)
def test_a_full_name_is_what_the_article_writes_without_a_title(analysed, paragraphs, begins, name):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


# --- names with particles ---------------------------------------------------------------------

PARTICLE_CASES = [
    (  # the model cut the name at its particles ("Hanna von der" + "Mark")
        [
            "Commission President Hanna von der Mark said on Monday that the offer was final. "
            "Von der Mark said the talks would go on. “We are ready,” Mark said."
        ],
        "Hanna von der Mark",
    ),
    (  # the bare surname tagged as a place is the person's
        [
            "Commission President Ursula von der Heyde said on Monday that the offer was final. "
            "Von der Heyde said the talks would go on. “We are ready,” Heyde said."
        ],
        "Ursula von der Heyde",
    ),
    (
        [
            "Dutch minister Pieter van den Berg met the mayor on Monday. Van den Berg said the "
            "offer was final. “We are ready,” he said."
        ],
        "Pieter van den Berg",
    ),
]


@pytest.mark.parametrize(("paragraphs", "name"), PARTICLE_CASES)
def test_particles_belong_to_the_name_and_one_referent_keeps_one_label(analysed, paragraphs, name):
    analysis = analysed(*paragraphs)
    assert {q.speaker_name for q in analysis.quotes} == {name}
    surname = name.split()[-1]
    assert {(m.label, m.name) for m in analysis.mentions if surname in m.text} == {("PERSON", name)}


def test_a_given_name_tagged_as_a_thing_joins_the_name_after_it(nlp):
    """The model tags "Ivana" PRODUCT and "Hale" PERSON: one person, "Ivana Hale"."""
    from spacy.tokens import Span

    from tasks.extract.name_spans import tidy_span

    doc = nlp("On Monday, Ivana Hale strode across the stage in a dress from her label.")
    doc.ents = [Span(doc, 3, 4, label="PRODUCT"), Span(doc, 4, 5, label="PERSON")]
    trimmed = tidy_span(Span(doc, 4, 5, label="PERSON"))
    assert trimmed is not None and trimmed.text == "Ivana Hale"


# --- several people with one surname ------------------------------------------------------------

SAME_SURNAME_CASES = [
    (  # the one the headline names, though the body names the other first
        [
            "Patrick Haddad, a lawyer, drafted part of the bill last year.",
            "Sen. Chris Haddad said on Monday that the bill would pass.",
            "“We will win this,” Haddad said.",
        ],
        "Chris Haddad pushes gun bill",
        "Chris Haddad",
    ),
    (  # else the one named first, not the latest named
        [
            "Sen. Chris Haddad said on Monday that the bill would pass.",
            "The plan was drafted with help from Patrick Haddad, a lawyer in Hartford.",
            "“We will win this,” Haddad said.",
        ],
        "A headline for the test",
        "Chris Haddad",
    ),
    (  # an honorific tells them apart
        [
            "Ana Haddad met voters in Ohio while Tom Haddad stayed in Boston.",
            "“We will win this,” Mrs. Haddad said.",
        ],
        "A headline for the test",
        "Ana Haddad",
    ),
]


@pytest.mark.parametrize(("paragraphs", "title", "name"), SAME_SURNAME_CASES)
def test_a_bare_surname_is_the_person_the_article_is_about(analysed, paragraphs, title, name):
    analysis = analysed(*paragraphs, title=title)
    assert _by_text(analysis.quotes, "We will win this").speaker_name == name


@pytest.mark.parametrize(
    ("keys", "bare", "full"),
    [
        (["Tom Hale", "Hale Tower", "Hale"], "Hale", "Tom Hale"),  # a surname before a given name
        (["Tom Hale", "Tom"], "Tom", "Tom Hale"),  # a given name alone is still the person
        (["Marta Acosta Ferlin", "Acosta"], "Acosta", "Marta Acosta Ferlin"),  # two surnames
    ],
)
def test_a_bare_word_is_a_surname_first(keys, bare, full):
    from tasks.extract.person_names import person_names

    assert person_names(keys)[bare] == full


def test_a_surname_the_tagger_took_for_a_verb_is_still_the_person(analysed):
    """'Shoot himself was delighted': "Shoot" tagged VERB is Tom Shoot, and in focus."""
    quotes = analysed(
        "Tom Shoot met the board on Monday. His adviser, Paul Hale, cautioned against the "
        "tweet, and Hale said it would offend voters. The tweet went out. Shoot himself was "
        "delighted by the resulting controversy. “The people who were offended were people we "
        "wanted to offend,” he later said."
    ).quotes
    assert _by_text(quotes, "The people who were offended").speaker_name == "Tom Shoot"


# --- role descriptions before or instead of the name ---------------------------------------

ROLE_DESCRIPTION_CASES = [
    (  # a description of the person in focus, which the article never gave as a role
        [
            "Tom Hale opened the meeting on Monday. The real estate tycoon said the tower would "
            "be finished by May."
        ],
        "the tower would be finished",
        "Tom Hale",
    ),
    (
        [
            "Helen Okafor met the board on Monday. The veteran journalist said the paper would "
            "close in June."
        ],
        "the paper would close",
        "Helen Okafor",
    ),
    (  # a party or nationality described: one person
        ["Tom Hale spoke in Ohio on Monday. The Wisconsin Republican said the bill would pass."],
        "the bill would pass",
        "Tom Hale",
    ),
    (  # a description with two people in focus means neither for certain
        [
            "Tom Hale met Frank Okafor on Monday. Okafor called Hale a liar. The real estate "
            "tycoon said the claim was false."
        ],
        "the claim was false",
        None,
    ),
    (  # but in its own sentence it is the person in focus there
        [
            "Tom Hale met Frank Okafor on Monday. Okafor called Hale a liar, and the real estate "
            "tycoon said the claim was false."
        ],
        "the claim was false",
        "Frank Okafor",
    ),
    (  # a role qualified by one person is neither that person nor another's holder of it
        [
            "Sen. Tom Hale met Sen. Ana Whitfield. Hale’s spokeswoman Galia Perez said the bill "
            "would pass. Whitfield's spokeswoman said the bill would fail."
        ],
        "the bill would fail",
        None,
    ),
    (  # a description never means the person it names inside itself
        [
            "Sen. Tom Hale would win the vote, said Carl Whitfield, a party official. The "
            "veteran delegate, who backs Hale, said the fight would be long."
        ],
        "the fight would be long",
        "Carl Whitfield",
    ),
    (  # "the president" is not the vice president, though named later than the president
        [
            "President Helen Okafor met Vice President Tom Hale in Ohio on Monday. Hale spoke "
            "first. The president said the budget would pass."
        ],
        "the budget would pass",
        "Helen Okafor",
    ),
    (  # a role before the body names anyone is the one person the article gives that role
        [
            "While the governor has said the bridge would open in May, work has stopped. "
            "Gov. Ana Ruiz visited the site on Monday with Lt. Gov. Tom Hale."
        ],
        "the bridge would open",
        "Ana Ruiz",
    ),
    (  # the one who answers a question is not the one who asked it
        [
            "Tom Hale spoke to Helen Okafor on Monday. “Will you run again?” Okafor asked. "
            "“Yes, I will,” the senator said."
        ],
        "Yes, I will",
        "Tom Hale",
    ),
    (  # nor the president an aide is described by: better no name than his
        [
            "Ana Ruiz said the report was right. “We warned them years ago,” said the former "
            "aide to President Tom Hale."
        ],
        "We warned them",
        None,
    ),
    (  # "his aide", where no one was introduced as one, is neither him nor whoever is near
        [
            "Tom Hale spoke in Ohio on Monday about the new plan for the state.",
            "His chief aide said the plan would pass by June.",
        ],
        "the plan would pass",
        None,
    ),
    (  # ... and "his aide" the article introduced is that aide
        [
            "Tom Hale spoke in Ohio on Monday with his aide, Carl Whitfield.",
            "His aide said the plan would pass by June.",
        ],
        "the plan would pass",
        "Carl Whitfield",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), ROLE_DESCRIPTION_CASES)
def test_role_descriptions(analysed, paragraphs, begins, name):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Okafor: the race is open", "Helen Okafor"),  # two in focus: the latest, its subject
        ("A headline for the test", None),  # two in focus and no headline: neither for certain
        ("Hale: I will win the race", None),  # the headline's person is not the latest
    ],
)
def test_a_description_with_two_in_focus_is_the_latest_when_the_headline_names_them(
    analysed, title, name
):
    analysis = analysed(
        "Helen Okafor met Tom Hale on Monday. “I am running,” Hale said. Okafor praised the "
        "plan. Six months ago, the senator said, no one knew her name.",
        title=title,
    )
    assert _by_text(analysis.quotes, "no one knew").speaker_name == name


@pytest.mark.parametrize(
    "title",
    [
        "Connecticut's tax commissioner says revenue fell in May",
        "Tax commissioner says revenue fell in May",
    ],
)
def test_a_headlines_role_is_the_person_the_body_gives_it(analysed, title):
    analysis = analysed(
        "Revenue fell by 3 percent, Tax Commissioner Kevin Whitfield said in Hartford on Monday.",
        title=title,
    )
    assert _by_text(analysis.quotes, "revenue fell").speaker_name == "Kevin Whitfield"


HEADLINE_SUBJECT_CASES = [
    (  # a headline role the body gives no one: the one person the headline makes a subject
        [
            "Okafor apologizes for remarks on Hale; Justice vows to be 'more careful' with "
            "her views."
        ],
        "Helen Okafor",
    ),
    (  # also on a line of its own before the body names anyone
        [
            "Okafor apologizes for remarks on Hale;",
            "Justice vows to be 'more careful' with her views.",
        ],
        "Helen Okafor",
    ),
    (  # two people as subjects: no one
        ["Okafor and Hale trade insults; Justice vows to be 'more careful' with her views."],
        None,
    ),
]


@pytest.mark.parametrize(("lines", "name"), HEADLINE_SUBJECT_CASES)
def test_a_headlines_role_no_one_holds_is_the_headlines_subject(analysed, lines, name):
    analysis = analysed(
        *lines[1:],
        "Helen Okafor regrets her insults of Tom Hale.",
        "“I regret making them,” Okafor said in a statement.",
        title=lines[0],
    )
    [justice] = [q for q in analysis.quotes if q.speaker == "Justice"]
    assert justice.speaker_name == name


# --- bare surnames: the full name the article gives, even where the model mislabelled it ------

BARE_SURNAME_CASES = [
    (
        [
            "Tom Hale met Helen Okafor on Monday.",
            "Okafor later tweeted that the meeting went well.",
        ],
        "the meeting went well",
        "Helen Okafor",
    ),
    (
        [
            "Tom Hale met Helen Okafor on Monday.",
            "Asked about Okafor, Hale said the woman was a fraud.",
        ],
        "the woman was a fraud",
        "Tom Hale",
    ),
    (
        [
            "Tom Hale attacked Helen Okafor on Monday, calling her a liar.",
            "“He is desperate,” she said.",
        ],
        "He is desperate",
        "Helen Okafor",
    ),
    (  # a surname that is also a title, which the model left out of the name
        [
            "Hale will face former Lt. Gov. Nora Judge (D) in November.",
            "Judge is not well known, but she has said that the senator is out of touch.",
        ],
        "the senator is out of touch",
        "Nora Judge",
    ),
    (
        [
            "Hale will face former Lt. Gov. Nora Judge (D) in November.",
            "“We will win,” Judge said on Monday.",
        ],
        "We will win",
        "Nora Judge",
    ),
    (  # and before another name it is still a title
        [
            "Hale will face former Lt. Gov. Nora Judge (D) in November.",
            "“The case is closed,” Judge Ana Ruiz said on Monday.",
        ],
        "The case is closed",
        "Ana Ruiz",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), BARE_SURNAME_CASES)
def test_a_bare_surname_takes_the_full_name_the_article_gives(analysed, paragraphs, begins, name):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


# --- a document speaks for whoever issued it ------------------------------------------------

DOCUMENT_CASES = [
    (  # the subject of the verb issuing it
        ["On Saturday, Tom Hale issued a statement saying that the judge was a brilliant man."],
        "the judge was a brilliant man",
        "Tom Hale",
    ),
    (  # through a relative pronoun
        ["Sen. Helen Okafor has released a web video that accuses Hale of being soft on crime."],
        "Hale of being soft on crime",
        "Helen Okafor",
    ),
    (  # the agent of a participle
        [
            "In addition, a fundraising email sent out by Helen Okafor on Tuesday night warned of "
            "the tough fight ahead: “There are 14 primaries over the next three weeks.”"
        ],
        "There are 14 primaries",
        "Helen Okafor",
    ),
    (  # "the video", "the ad": whoever in focus issued it
        ["Sen. Tom Hale released a video on Monday. The video says that the governor failed."],
        "the governor failed",
        "Tom Hale",
    ),
    (  # "the ad": the author the article gave that ad before, not the person in focus
        [
            "Tom Hale spoke in Ohio on Monday. The claims are the focus of a new ad from "
            "Citizens for Progress PAC, which is spending millions. The ad concludes that Hale "
            "is too reckless to lead."
        ],
        "Hale is too reckless",
        "Citizens for Progress PAC",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), DOCUMENT_CASES)
def test_a_document_speaks_for_whoever_issued_it(analysed, paragraphs, begins, name):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


def test_a_title_cut_off_by_its_stop_still_names_the_person_after_it(analysed):
    quotes = analysed(
        "“We are already at war,” said Pentagon spokesman Navy Capt. Tom Hale, who was asked "
        "about the strategy."
    ).quotes
    assert _by_text(quotes, "We are already at war").speaker_name == "Tom Hale"


# --- pronouns ---------------------------------------------------------------------------------

PRONOUN_CASES = [
    (  # the speaker quoted before a question naming someone in passing
        [
            "Carl Whitfield, a law professor, was not optimistic about the pace.",
            "“I think they will run out the clock this year,” Whitfield said. “That will leave "
            "the next president with 100 vacancies.”",
            "But what if the Democrats win the White House? Do the senators not risk a nominee "
            "more liberal than the one chosen by Omar Haddad? And what would the courts do then?",
            "“They should do whatever they want to do,” he said.",
        ],
        "They should do whatever",
        "Carl Whitfield",
    ),
    (  # a pronoun subject inside the only person's sentence is that person, in focus after
        [
            "President Barry Hale spoke in Paris on Monday.",
            "Ted Norwood, co-founder of the institute, welcomed the deal.",
            "Norwood said: “No large economy has yet made a dent in emissions with renewables.”",
            "And Hale, for all the progress he helped wrangle from world leaders, seems to agree. "
            "“We don't yet know exactly what's going to work best,” he said.",
        ],
        "We don't yet know",
        "Barry Hale",
    ),
    (  # two people as one subject put neither in focus for a singular pronoun
        [
            "Tom Hale and Ana Ruiz blame the banks for the crisis. That is the reason President "
            "Carl Whitfield is seeking a new law. It will help the country, he says, to lower the "
            "price of bread.",
        ],
        "to lower the price",
        "Carl Whitfield",
    ),
    (  # words that open the sentence before the pronoun are about their subject, its speaker
        [
            "Some voters are so opposed to Peter Brandt that they back the mayor.",
            "Former Gov. Tom Hale was a loyal supporter of Carl Whitfield until the primary, he "
            "said on Monday.",
        ],
        "Former Gov. Tom Hale",
        "Tom Hale",
    ),
    (  # a name in quotation marks is someone the speaker speaks of
        [
            "Some voters are so opposed to Peter Brandt that they back the mayor.",
            "Former Gov. Tom Hale was a loyal supporter of Carl Whitfield until the primary, he "
            "said on Monday.",
            "“Carl Whitfield lost me a long time ago,” he said.",
        ],
        "Carl Whitfield lost me",
        "Tom Hale",
    ),
    (  # "she" is not a man by his given name, though the article never says he is one
        [
            "Oona Whitfield spoke in Ohio on Monday.",
            "Lars Norwood answered the charge on Tuesday. “We will win,” she said.",
        ],
        "We will win",
        "Oona Whitfield",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), PRONOUN_CASES)
def test_pronouns(analysed, paragraphs, begins, name):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


# --- follow-on quotes: the previous speaker's, unless someone else took the floor -------------

FOLLOW_ON_CASES = [
    (  # a quote paragraph with no attribution goes on with the speaker before it
        ["“The plan will fail,” Tom Hale said on Monday.", "“It is doomed. Nobody wants it.”"],
        "It is doomed",
        "Tom Hale",
    ),
    (  # a person named in passing between them changes nothing
        [
            "“The plan will fail,” Tom Hale said after meeting Helen Okafor.",
            "“It is doomed. Nobody wants it.”",
        ],
        "It is doomed",
        "Tom Hale",
    ),
    (  # another person made the subject right before the quote takes the floor
        [
            "“The plan will fail,” Tom Hale said. Helen Okafor disagreed.",
            "“It will succeed. Trust me.”",
        ],
        "It will succeed",
        "Helen Okafor",
    ),
    (  # two people made subjects: nobody's for certain
        [
            "“The plan will fail,” Tom Hale said. Helen Okafor disagreed, and Frank Ruiz objected.",
            "“It will succeed. Trust me.”",
        ],
        "It will succeed",
        None,
    ),
    (  # one made the subject further back: nobody's for certain
        [
            "“The plan will fail,” Tom Hale said. Helen Okafor disagreed. The vote is on Friday.",
            "“It will succeed. Trust me.”",
        ],
        "It will succeed",
        None,
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), FOLLOW_ON_CASES)
def test_a_follow_on_quote_keeps_its_speaker_only_while_no_one_else_speaks(
    analysed, paragraphs, begins, name
):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


# --- pronouns against the gender the article shows ------------------------------------------

GENDER_CASES = [
    (  # a pronoun inside the same quote tells the gender; "he said" after it does not
        ["“Casey Okafor should just do whatever she wants to do,” he said."],
        "Casey Okafor",
        "f",
    ),
    (  # a common given name tells it when nothing else does
        ["Bernadette Okafor met the board on Monday."],
        "Bernadette Okafor",
        "f",
    ),
]


@pytest.mark.parametrize(("paragraphs", "person", "gender"), GENDER_CASES)
def test_the_gender_the_article_gives(analysed, paragraphs, person, gender):
    assert _people(analysed(*paragraphs)).people.gender(person) == gender


# --- appositions ------------------------------------------------------------------------------

APPOSITION_CASES = [
    (  # a "who" clause after a description in apposition is about the person described
        [
            "The plan was backed by Helen Okafor, a lawyer for Tom Hale, who said it would "
            "“save the city.”"
        ],
        "it would",
        "Helen Okafor",
    ),
    (
        [
            "The plan was backed by Maria Lopez, a longtime aide to Tom Hale, who said it would "
            "“save the city.”"
        ],
        "it would",
        "Maria Lopez",
    ),
    (  # not set off by a comma, it is about the name it follows
        ["Helen Okafor, a lawyer for Tom Hale who said it would “save the city,” quit."],
        "it would",
        "Tom Hale",
    ),
    (  # a name set off after the organisation a role belongs to is the role's holder
        ["The director of the Acme Institute, Lena Ortiz, said the institute would close in June."],
        "the institute would close",
        "Lena Ortiz",
    ),
    (  # a name in apposition to a subject is in focus as that subject is
        [
            "Ruritania's foreign minister, Omar Haddad, plays down concerns about a plan drafted "
            "by Tom Hale.",
            "“Our philosophy is simple: we should get on board that train,” he said.",
        ],
        "Our philosophy is simple",
        "Omar Haddad",
    ),
    (  # a role noun in apposition makes a name a person's; a surname tagged as a noun is one
        [
            "“He would be the first one to take advice,” said Brett O’Kane, a debate coach "
            "who worked with Mr. Hale.",
            "“It is taxing on campaign resources,” O’Kane said.",
        ],
        "It is taxing",
        "Brett O’Kane",
    ),
    (  # "who" is the person the description in apposition names, not the place after "at"
        [
            "Voters watched Tom Hale clash with Helen Okafor, a star anchor at the network who "
            "said that he had lied."
        ],
        "he had lied",
        "Helen Okafor",
    ),
    (  # a given name in apposition to a family word takes the family's surname
        ["Curt Whitfield was fired on Monday. Whitfield's son, Grant, said it was unfair."],
        "it was unfair",
        "Grant Whitfield",
    ),
    (
        ["Curt Whitfield was fired on Monday. “It was unfair,” said Grant, Whitfield's son."],
        "It was unfair",
        "Grant Whitfield",
    ),
    (  # a given name before a full name it is joined to shares its surname
        ["The brothers John and Brian Meza said the store would close in May."],
        "the store would close",
        "John Meza",
    ),
]


@pytest.mark.parametrize(("paragraphs", "begins", "name"), APPOSITION_CASES)
def test_appositions(analysed, paragraphs, begins, name):
    assert _by_text(analysed(*paragraphs).quotes, begins).speaker_name == name


# --- organisations ---------------------------------------------------------------------------

ORGANISATION_CASES = [
    (  # a short form is the name the article writes in full
        [
            "The Springfield Daily Ledger published the report on Monday. The Daily Ledger said "
            "the mayor had lied."
        ],
        "the mayor had lied",
        "Springfield Daily Ledger",
    ),
    (  # "the newspaper", "the company": the organisation in focus
        [
            "The Springfield Daily Ledger published the report on Monday. The newspaper said the "
            "city would sue."
        ],
        "the city would sue",
        "Springfield Daily Ledger",
    ),
    (
        [
            "Acme Corporation cut its forecast on Monday. The company said sales would fall for "
            "the rest of the year."
        ],
        "sales would fall",
        "Acme Corporation",
    ),
    (  # an organisation noun after an organisation's name is that organisation
        ["The Springfield Ledger newspaper said the mayor had lied."],
        "the mayor had lied",
        "Springfield Ledger",
    ),
    (  # a possessive: the campaign of the person the pronoun means
        [
            "Sarah Whitfield won the primary in Ohio. Her campaign said the turnout was the "
            "highest in a decade."
        ],
        "the turnout was the highest",
        "Whitfield campaign",
    ),
    (  # "the campaign": of the person in focus
        [
            "Tom Hale spoke in Ohio on Monday. The campaign said the turnout was the highest in "
            "a decade."
        ],
        "the turnout was the highest",
        "Hale campaign",
    ),
    (  # "the campaign" the article last named stays its owner's, whoever spoke since
        [
            "The Whitfield campaign opened an office in Ohio on Monday.",
            "Its manager, Tom Hale, spoke to reporters. The campaign said the turnout was the "
            "highest in a decade.",
        ],
        "the turnout was the highest",
        "Whitfield campaign",
    ),
    (  # a government qualified by its country speaks as the country the article names
        ["Russia denied the report on Monday. The Russian government said the troops had left."],
        "the troops had left",
        "Russia",
    ),
    (  # ... and as the country of its nationality where the article never names it
        ["“The troops have left,” the Russian government said on Monday."],
        "The troops have left",
        "Russia",
    ),
    (  # "the campaign of X" is X's as "X's campaign" is
        [
            "Sarah Whitfield and Tom Hale spoke in Ohio on Monday.",
            "“We will fight on,” the campaign of Senator Tom Hale said.",
        ],
        "We will fight on",
        "Hale campaign",
    ),
    (  # a role as the possessor: the campaign of the person the article gave that role
        [
            "Democratic nominee Sarah Whitfield won in Ohio on Monday.",
            "“The turnout was the highest in a decade,” the Democratic nominee's campaign said.",
        ],
        "The turnout was the highest",
        "Whitfield campaign",
    ),
    (  # a government named by its capital
        ["Tom Hale visited China on Monday. Beijing said the talks would resume next week."],
        "the talks would resume",
        "China",
    ),
    (  # an organisation qualifying a subject is in focus with it: "the X tabloid noted"
        [
            "As the nationalist Springfield Daily News tabloid noted on Monday, the mayor "
            "skipped the vote on the Zenith Bank loan.",
            "“He has failed the city,” the paper said.",
        ],
        "He has failed the city",
        "Springfield Daily News",
    ),
    (  # none in focus: the one organisation named ("employers such as X, which ...")
        [
            "The bill drew criticism from employers such as Voltrex Corp., which opposed it. "
            "“We will not stand for this,” the company said."
        ],
        "We will not stand for this",
        "Voltrex Corp.",
    ),
    (  # a title the article writes with a capital "The" keeps it, wherever it speaks
        [
            "Trust in the council is falling. As The Springfield Ledger noted, the mayor was "
            "absent.",
            "The Springfield Ledger said the mayor had lied.",
        ],
        "the mayor had lied",
        "The Springfield Ledger",
    ),
    (  # "the editorial board": the newspaper in focus
        [
            "The Springfield Daily Ledger published its report on Monday. “The mayor failed,” "
            "the editorial board wrote."
        ],
        "The mayor failed",
        "Springfield Daily Ledger",
    ),
    (  # "the paper's editorial board": the newspaper in focus
        [
            "The Springfield Daily Ledger published its report on Monday. The newspaper's "
            "editorial board wrote that the mayor had failed."
        ],
        "the mayor had failed",
        "Springfield Daily Ledger",
    ),
    (  # none named near it: the one organisation of the headline
        [
            "Tom Hale joined Acme Corporation in 1990. He left in May. Ana Ruiz replaced him "
            "in June. She moved to Ohio. She bought a house there.",
            "“Sales will fall,” the company said on Monday.",
        ],
        "Sales will fall",
        "Acme Corporation",
        "Acme Corporation cuts its forecast as sales slow",
    ),
    (  # "it" for the organisation in focus
        [
            "Zenith Bank said on Monday that its profits had doubled. It said the rise came from "
            "loans."
        ],
        "the rise came from loans",
        "Zenith Bank",
    ),
]


def test_a_name_the_article_calls_its_is_an_organisations(analysed):
    analysis = analysed("Voltrex said on Monday that its profits had doubled.")
    assert {m.label for m in analysis.mentions if m.name == "Voltrex"} == {"ORG"}


@pytest.mark.parametrize(
    ("paragraphs", "begins", "name", "title"),
    [(*case, "A headline for the test")[:4] for case in ORGANISATION_CASES],
)
def test_an_organisation_is_named_as_the_article_writes_it(
    analysed, paragraphs, begins, name, title
):
    assert _by_text(analysed(*paragraphs, title=title).quotes, begins).speaker_name == name
