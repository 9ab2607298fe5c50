"""Where a name begins and ends in the parse: the model's entity spans trimmed of articles,
titles and role words, widened to particles and initials, and the names it missed found
from the alias table. Works on spaCy spans; deciding whose name it is happens later.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from tasks.text.aliases import Alias, alias_key
from tasks.text.lexicon import (
    AFFILIATIONS,
    BUILDING_HEADS,
    GIVEN_NAMES,
    HONORIFIC,
    HONORIFICS,
    INSTITUTION_HEADS,
    KIN_NOUNS,
    NAME_SUFFIXES,
    PARTICLES,
    PLACE_HEADS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    TITLES,
)

FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for with and or but as from into over up down is are vs".split()
)
_ARTICLES = frozenset({"the", "a", "an"})
NAME_JOINERS = FUNCTION_WORDS | PARTICLES  # the lower-case words a name may hold
_THINGS = frozenset({"PRODUCT", "WORK_OF_ART", "ORG", "FAC", "EVENT", "LAW"})


def _alias_rows(aliases: dict[str, Alias]) -> list[tuple[str, str]]:
    """(surface form, label) pairs to look for: each alias as written in the table."""
    return sorted({(alias.surface, alias.label) for alias in aliases.values()})


def tidy_span(ent: Span) -> Span | None:
    """The mention without a leading article ('the', 'a': "a Tom Hale") or the
    stray whitespace tokens the model sometimes takes in, and with the untagged proper noun
    the model left out of a compound name ("Ana" of "Ana Novak"); None if nothing is left."""
    start, end = ent.start, ent.end
    while start > 0 and _left_out(ent.doc[start - 1], ent):
        start -= 1
    while start < end and (
        ent.doc[start].is_space
        or (end - start > 1 and ent.doc[start].lower_ in _ARTICLES and ent.doc[start + 1].is_title)
    ):
        start += 1
    while end > start and ent.doc[end - 1].is_space:
        end -= 1
    return Span(ent.doc, start, end, label=ent.label) if start < end else None


def _left_out(token: Token, ent: Span) -> bool:
    """A title-case proper noun compounded with the name after it, in no entity (or, before
    a person's name, tagged as a thing on its own: "Dayo" PRODUCT + "Okonkwo" PERSON), and
    not a role or title ("Justice Frank Nervo" is Frank Nervo)."""
    alone = token.ent_iob_ == "B" and token.i + 1 == ent.start  # a one-word entity of its own
    mistagged = ent.label_ == "PERSON" and alone and token.ent_type_ in _THINGS
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.dep_ == "compound"
        and ent.start <= token.head.i < ent.end
        and (not token.ent_type_ or mistagged)
        and not _role_word(token)
        and not HONORIFIC.match(token.text + " ")
    )


def _role_word(token: Token) -> bool:
    """A role, title, its short form, a party affiliation or a family word, also in the
    plural: "Senator", "Sens.", "Senators", "Coach", "Commissioner", "Democrat", "Brothers",
    "Celebrities"."""
    word = token.lower_.rstrip(".")
    forms = {word, word[:-1], word[:-3] + "y"} if word.endswith("s") else {word}
    lists = (ROLE_NOUNS, TITLES, ROLE_ABBREVIATIONS, AFFILIATIONS, KIN_NOUNS)
    return any(form in words for form in forms for words in lists)


def person_span(span: Span) -> Span:
    """A person's name without the words the model took in around it: a leading adverb,
    preposition, bracket or role ("Certainly Tomas Gromble", "Between [Tomas Gromble",
    "Billionaire Tomas Gromble"), what follows its possessive ("Tomas Gromble's America") and
    trailing words that are not names ("Tomas Gromble-led", "Lucia Ferreira 6-4"); a given
    name alone keeps the surname the model left out after it (`_surname_after`)."""
    doc, start, end = span.doc, span.start, span.end
    if _surname_after(span):
        end += 1
    while end - start > 1 and _not_a_name(doc[start]):
        start += 1
    possessive = next((t.i for t in doc[start:end] if t.tag_ == "POS"), None)
    if possessive is not None and possessive > start:
        end = possessive + 1
    while end - start > 1 and not name_word(doc[end - 1]) and doc[end - 1].tag_ != "POS":
        end -= 1
    return Span(doc, start, end, label=span.label)


def _surname_after(span: Span) -> bool:
    """'Nora Judge', 'Ana Bishop': one word tagged a person's, compounded with the untagged
    proper noun right after it, which the model left out as a title: a surname that is also
    a title (after a common given name, any surname)."""
    if len(span) != 1 or span.end >= len(span.doc):
        return False
    given, after = span[0], span.doc[span.end]
    return (
        (_role_word(after) or given.lower_ in GIVEN_NAMES)
        and given.dep_ == "compound"
        and given.head.i == after.i
        and after.pos_ == "PROPN"
        and after.is_title
        and not after.ent_type_
    )


def name_word(token: Token) -> bool:
    """A proper noun, or a capitalised word the tagger took for another ("O’Donnell" NOUN)."""
    return token.pos_ == "PROPN" or (token.is_title and token.pos_ in ("NOUN", "ADJ"))


def _not_a_name(token: Token) -> bool:
    """A word or bracket before a name that is not part of it: a role or title, also plural
    ("Senators Ana Ruiz and ..."), a function word ("Between [Tomas Gromble") or a lower-case
    word other than a particle ("the absent Tomas Gromble": names are capitalised)."""
    if token.is_punct or token.lower_ in FUNCTION_WORDS:
        return True
    if token.is_lower:
        return token.lower_ not in PARTICLES
    return token.is_title and (token.pos_ != "PROPN" or _role_word(token))


@lru_cache(maxsize=4)
def _alias_matcher(aliases: tuple[tuple[str, str], ...], vocab: Vocab) -> PhraseMatcher:
    """Case-sensitive phrase patterns for every alias, to find names the model missed."""
    matcher = PhraseMatcher(vocab, attr="ORTH")
    tokenizer = English(vocab).tokenizer
    for alias, label in aliases:
        matcher.add(label, [tokenizer(alias)])
    return matcher


def missed_names(doc: Doc, aliases: dict[str, Alias], ents: Sequence[Span]) -> list[Span]:
    """Alias-table names the model did not tag (`ents`: `doc.ents`, which makes new Spans at
    every read), as entity spans with the table's label."""
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    matcher = _alias_matcher(tuple(_alias_rows(aliases)), doc.vocab)
    found = []
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if not taken.intersection(range(start, end)):
            found.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
            taken.update(range(start, end))
    return found


def _after_a_role(ent: Span) -> bool:
    """'President Claudia Sheinbaum', 'foreign minister Dmytro Kuleba': a person's name."""
    if ent.start == 0 or not all(t.is_title for t in ent):
        return False
    return _role_word(ent.doc[ent.start - 1])


def initial_label(ent: Span, key: str, aliases: dict[str, Alias]) -> str:
    """spaCy's label, unless the alias table knows the name ("Kiev" is a GPE, not a PERSON),
    a role word introduces it ("minister Dmytro Kuleba"), a role noun is in apposition to
    it ("Ana Ruiz, a star anchor") or an age follows it ("Novak, 24,"): then it is a
    PERSON. A name ending in an institution's or a building's word is never a PERSON."""
    alias = aliases.get(alias_key(key)) or aliases.get(alias_key(ent.text))
    if alias is not None:
        return alias.label
    head = ent[-1].lower_
    if ent.label_ == "PERSON" and head in INSTITUTION_HEADS:  # "White House", "Grand Tower"
        return "FAC" if head in BUILDING_HEADS else "ORG"
    person = _after_a_role(ent) or _role_in_apposition(ent) or _before_an_age(ent)
    return "PERSON" if person or _given_and_surname(ent) else ent.label_


def _given_and_surname(ent: Span) -> bool:
    """'Helen Okafor' tagged GPE or ORG: two or three title-case name words opening with a
    common given name, the last no place's or institution's word ("Virginia Beach"), is a
    person's name whatever the model took it for."""
    words = [t for t in ent if not t.is_punct]
    return (
        2 <= len(words) <= 3
        and len(words) == len(ent)
        and words[0].lower_ in GIVEN_NAMES
        and all(t.is_title and t.pos_ == "PROPN" for t in words)
        and words[-1].lower_ not in PLACE_HEADS
    )


DASHES = frozenset("-–—")


def name_pieces(ent: Span) -> list[Span]:
    """An entity the model ran across a comma or a spaced dash cut into its names ("Asked
    about Okafor, Hale said": "Okafor" and "Hale"; a dateline "DENVER - Ana Ruiz": "DENVER"
    and "Ana Ruiz"): a name never spans a spaced dash, nor a comma but before a suffix ("Tom
    Hale, Jr.") or, in a place, before its region ("Columbus, Ohio")."""
    pieces: list[Span] = []
    start = ent.start
    for token in ent[:-1]:
        after = ent.doc[token.i + 1]
        comma = token.text == "," and after.lower_.rstrip(".") not in NAME_SUFFIXES
        comma = comma and ent.label_ not in ("GPE", "LOC")
        before = ent.doc[token.i - 1] if token.i > 0 else None
        spaced = bool(token.whitespace_) and before is not None and bool(before.whitespace_)
        if comma or (token.text in DASHES and spaced):
            if token.i > start:
                pieces.append(Span(ent.doc, start, token.i, label=ent.label))
            start = token.i + 1
    if start == ent.start:
        return [ent]
    return [*pieces, Span(ent.doc, start, ent.end, label=ent.label)] if start < ent.end else pieces


def person_inside(ent: Span) -> list[Span]:
    """A thing's span that ends in a person's name (a common given name and a surname) after a
    role word or a possessive ("Phoenix Mayor Tom Hale" tagged WORK_OF_ART, "Daily Ledger's Ana
    Ruiz" tagged ORG; never "Republican Governors Association"): the name is a PERSON of its
    own, the owner before a possessive keeps the model's label, and the words before a role
    (its place or body) are left out. Otherwise `ent`."""
    if ent.label_ == "PERSON" or len(ent) < 3 or _a_heading(ent[-1]):
        return [ent]
    doc = ent.doc
    for token in reversed(ent[:-1]):  # the last role word or possessive decides
        rest = doc[token.i + 1 : ent.end]
        if token.tag_ == "POS" and token.i > ent.start and _given_and_surname(rest):
            owner = Span(doc, ent.start, token.i, label=ent.label)
            return [owner, Span(doc, rest.start, rest.end, label="PERSON")]
        if token.is_title and _role_word(token) and _given_and_surname(rest):
            return [Span(doc, rest.start, rest.end, label="PERSON")]
    return [ent]


def _a_heading(last: Token) -> bool:
    """An institution's, building's or place's word: no person's name ends in one."""
    word = last.lower_
    return word in INSTITUTION_HEADS or word in BUILDING_HEADS or word in PLACE_HEADS


def _role_in_apposition(ent: Span) -> bool:
    """'Ana Ruiz, a star anchor at the network': a role noun in apposition to a name."""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end]
    return any(_role_word(noun) and noun.tag_ == "NN" for noun in nouns)


def _before_an_age(ent: Span) -> bool:
    """'Novak, 24, beat ...': a name followed by an age between commas is a person's."""
    after = ent.doc[ent.end : ent.end + 3]
    return (
        len(after) == 3
        and after[0].text == after[2].text == ","
        and after[1].is_digit
        and 0 < int(after[1].text) < 120
    )


def swallows_a_verb(span: Span) -> bool:
    """'Gromble accused Ruiz of being a' tagged WORK_OF_ART: a mention holding its sentence's
    main verb is not a name."""
    return any(token.dep_ == "ROOT" and token.pos_ in ("VERB", "AUX") for token in span)


def with_honorific(span: Span, key: str) -> str:
    """A bare surname's key with the honorific written before it ("Mrs. Lindqvist"), which
    tells two people of that surname apart; any other key as it is."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    word = before.lower_.rstrip(".") if before is not None else ""
    honorific = word in HONORIFICS and " " not in key
    return f"{before.text} {key}" if honorific and before is not None else key


def particle_span(span: Span) -> Span:
    """`span` with the particles of a surname and the name after them ("Pieter van" ->
    "Pieter van den Berg"), or with the capitalised particles before it ("Berg" in "Van
    den Berg"); never ending in a particle."""
    doc, start, end = span.doc, span.start, span.end
    while end - start > 1 and doc[end - 1].lower_ in PARTICLES:
        end -= 1
    after = end
    while after < len(doc) and doc[after].lower_ in PARTICLES:
        after += 1
    if end < after < len(doc) and doc[after].is_title:
        end = after + 1
    before = start
    while before > 0 and doc[before - 1].lower_ in PARTICLES:
        before -= 1
    if before < start and doc[before].is_title:
        start = before
    return Span(doc, start, end, label=span.label)


def surname_of(name: str) -> str:
    """The surname of a full name with its particles, case-folded: "von der leyen"."""
    words = name.casefold().split()
    first = len(words) - 1
    while first > 1 and words[first - 1] in PARTICLES:
        first -= 1
    return " ".join(words[first:])
