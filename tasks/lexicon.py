"""Word lists, in one place: what counts as saying, a role, a title, an organisation, a gender.

Extraction code never spells out words of English itself; it asks these lists, so a reader
who wonders "why was this a quote?" or "why is 'the senator' a person?" finds the answer here.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs of saying (lemmas): a quote needs one of them as its cue.
SPEECH_LEMMAS = _words(
    """say tell add argue warn insist state stress confirm claim explain note declare announce
    acknowledge admit assert report write tweet suggest predict promise vow deny reply respond
    ask answer recall emphasize emphasise comment mention contend maintain allege concede urge
    caution testify complain boast joke quip reveal disclose repeat reiterate observe remark
    counter retort shout whisper post hint signal agree conclude describe cite call continue
    quote question accuse"""
)
# Verbs whose listener is their object: "told reporters", "asked the judge".
ADDRESSEE_VERBS = _words("tell ask assure remind inform")
# Verbs of saying whose content can be a prepositional phrase: "called for X", "accused of X".
PREP_VERBS = _words("call ask question complain talk warn accuse urge")
PREP_COMPLEMENTS = _words("for about on of")

# Common nouns that name an organisation speaking: "the newspaper wrote", "the ministry said".
ORGANISATION_NOUNS = _words(
    """newspaper paper magazine website network broadcaster agency ministry department company
    firm bank government administration campaign committee council court party union office
    group organization organisation embassy commission army military police"""
)
# Words for a person's role: "the senator" refers back to a person; "President X" is one.
ROLE_NOUNS = _words(
    """leader president senator minister spokesman spokeswoman spokesperson candidate governor
    chairman chairwoman chair secretary official officer director executive chief nominee
    congressman congresswoman representative mayor ambassador prime premier general commander
    businessman businesswoman billionaire lawmaker adviser advisor aide founder lawyer attorney
    judge economist analyst"""
)
# Words written before a name that make it a person's: "Coach Lena Ortiz", "Pope Francis".
TITLES = _words(
    """mr mrs ms dr sen rep gov gen pope king queen prince princess sir lord lady rev
    chancellor premier coach runner striker player star actor singer"""
)
# Honorifics and titles dropped from the front of a mention to get the name inside it.
HONORIFIC = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|sen|rep|gov|gen|pres|president|senator|governor|minister|mayor"
    r"|councillor|councilor|councilman|councilwoman|chancellor|judge|coach)\.?\s+)+",
    re.IGNORECASE,
)
# Generational suffixes, not part of what identifies a name: "Joseph R. Biden Jr.".
NAME_SUFFIXES = _words("jr sr ii iii iv")

# Pronouns that point at a person named earlier.
PERSON_PRONOUNS = _words("he she him her")
# Words that give a person's gender: pronouns, honorifics and gendered role nouns.
GENDER_WORDS = {
    word: gender
    for gender, words in (
        ("m", "he him mr mr. spokesman congressman chairman businessman"),
        ("f", "she her mrs mrs. ms ms. miss spokeswoman congresswoman chairwoman businesswoman"),
    )
    for word in words.split()
}
