"""Speakers: the surface span of who speaks and the entity it names; the person a pronoun or
role noun refers back to is settled later (tasks.extract.quotes.references).

A speaker's own name wins over anything around it: in "Rep. Dana Orlov, the top
Democrat," the apposition never replaces the name. A named apposition names a common noun
("the minister, Paul Grant,"), a relative pronoun speaks for the noun it modifies ("Vera
Lindqvist, who said"), a document speaks for its author ("the IMF report said", "X issued a
statement saying"). Pronouns, role nouns and descriptions ("he", "the senator", "the real
estate tycoon"), "it" and organisation nouns ("the company", "her campaign": see
tasks.extract.quotes.organisations) are resolved after every quote of the article is found, walking
the text in order (`resolve`): a pronoun means the person most recently introduced as
speaking or as a clause subject, outside quoted content, of the gender the article gives
them (or none); a role noun means the person the article gave that role ("President Dayo
Okonkwo" -> "the president"), in a headline also one the body names later. Where nothing fits,
the speaker keeps no name: a wrong name costs an analyst more than a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.extract.mentions import Mention, name_words, organisation_names
from tasks.extract.name_spans import NAME_JOINERS
from tasks.extract.quotes.cues import subject
from tasks.extract.quotes.organisations import named_before, owned_name, owner_gender
from tasks.text.lexicon import (
    CAPITALS,
    DOCUMENT_NOUNS,
    GENDER_WORDS,
    ORGANISATION_NOUNS,
    PERSON_PRONOUNS,
    PERSONAL_ORGANISATIONS,
    PERSONAL_RELATIVES,
    RELATIVE_PRONOUNS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
)
from tasks.text.nlp import lemma, lemma_in

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document
from tasks.extract.quotes.people import SUBJECTS, described

_PLACES = ("GPE", "LOC", "FAC")
_TITLED = ("ORG", "LOC", "WORK_OF_ART")  # what a capital "The" may begin the name of
_TITLE_ARTICLE = "The "


_DASHES = frozenset({"—", "–", "-", "--"})


_DATELINE_WORDS = 8  # a dateline's place, date and agency, up to its dash


@dataclass(frozen=True)
class Speaker:
    text: str
    start: int
    end: int
    name: str | None
    label: str | None
    cue: Token | None
    entity_id: str | None = None
    refers: str | None = None  # a pronoun or role lemma still to resolve to a person
    gender: str | None = None  # the gender the pronoun or role word gives
    owned: str | None = None  # "her campaign": the organisation noun of the person referred to

    @classmethod
    def named(cls, text: str, start: int, end: int, mention: Mention, cue: Token | None) -> Speaker:
        """A speaker resolved to an entity mention."""
        return cls(text, start, end, mention.name, mention.label, cue, mention.entity_id or None)

    def naming(self, mention: Mention) -> Speaker:
        """This speaker, named by `mention` (what a pronoun or role noun refers to), or by
        that person's organisation ("her campaign" -> "Lindqvist campaign")."""
        if self.owned is not None:
            name = f"{name_words(mention.name)[-1].title()} {self.owned}"
            return replace(self, name=name, label="ORG", refers=None)
        return replace(
            self,
            name=mention.name,
            label=mention.label,
            entity_id=mention.entity_id,
            refers=None,
        )


def speaker_of(doc: Document, cue: Token | None, head: Token) -> Speaker:
    """Surface span (modifiers up to the head noun) and the entity a subject names.

    The head's own name wins; else a named apposition extends the span and names it; a
    relative pronoun names what its clause modifies; a document names its author; a pronoun
    or a role noun (or "it") is left to `resolve`; an organisation noun is named after its owner
    ("the Lindqvist campaign" -> "Lindqvist campaign") or left to `resolve` ("her campaign", "the
    company"); a capital speaks for its country ("Beijing said"); any other description
    ("analysts", "a former aide") is a speaker without a name.
    """
    first = head.left_edge
    while first.i < head.i and (doc.in_quote(first.idx) or first.is_punct):
        first = doc.doc[first.i + 1]
    start, end = first.idx, head.idx + len(head)
    text = doc.text[start:end]
    own = _after_title(doc, head) or doc.mention_covering(head)
    apposition = next(
        (
            (child, mention)
            for child in head.children
            if child.dep_ == "appos"
            and (mention := doc.mention_covering(child)) is not None
            and mention.label in ("PERSON", "ORG")
        ),
        None,
    ) or _held_after_of(doc, head)
    named = doc.mention_covering(head.head) if head.dep_ == "appos" else None
    if own is None and named is not None and named.label in ("PERSON", "ORG"):
        own = named  # the description a name is in apposition to: "Ana Ruiz, an anchor who"
    if apposition is not None and own is not None and own.label in _PLACES:
        start = apposition[0].left_edge.idx  # a dateline: "WASHINGTON -- President Okonkwo"
        own = apposition[1]
    if own is not None and own.label == "NORP" and _definite_one(head):
        return Speaker(text, start, end, None, None, cue, refers="pronoun")  # "the Texan"
    if own is not None:
        end = max(end, own.end)
        return Speaker.named(doc.text[start:end], start, end, _state(doc, _titled(doc, own)), cue)
    if apposition is not None:
        end = apposition[1].end
        return Speaker.named(doc.text[start:end], start, end, apposition[1], cue)
    surface = Speaker(text, start, end, None, None, cue)
    meant = _meant(doc, head)
    if meant is not None:
        return replace(meant, text=text, start=start, end=end, cue=cue)
    if head.lower_ in PERSON_PRONOUNS:
        return replace(surface, refers="pronoun", gender=GENDER_WORDS.get(head.lower_))
    if head.lower_ == "it":
        return replace(surface, refers="it")
    if is_role(head) or _headline_role(doc, head):
        return replace(surface, refers=lemma(head), gender=GENDER_WORDS.get(head.lower_))
    if head.pos_ == "PRON":
        return surface
    if lemma(head) in ORGANISATION_NOUNS:
        return _organisation(doc, head, surface)
    if head.pos_ == "PROPN" and head.text[:1].isupper():  # untagged names: "Iron Gazette", "NNS"
        return replace(surface, name=_untagged_name(doc, text))
    return surface  # "analysts", "the 34-year-old mother": a description, not a name


def _held_after_of(doc: Document, head: Token) -> tuple[Token, Mention] | None:
    """'The director of the Acme Centre, Lena Ortiz,': a name set off after the organisation
    or place a role belongs to names the role's holder (the parse hangs it on the
    organisation); after a person ("an aide to the senator, Tom Hale,") it is that person's."""
    if lemma(head) not in ROLE_NOUNS:
        return None
    objects = (o for p in head.children if p.dep_ == "prep" for o in p.children)
    for noun in (o for o in objects if o.dep_ == "pobj" and not _a_person(doc, o)):
        for child in noun.children:
            mention = doc.mention_covering(child) if child.dep_ == "appos" else None
            comma = child.left_edge.i > 0 and doc.doc[child.left_edge.i - 1].text == ","
            if mention is not None and mention.label == "PERSON" and comma:
                return child, mention
    return None


def _after_title(doc: Document, head: Token) -> Mention | None:
    """The person named after a title the tokeniser cut off ("Navy Capt. Tom Hale": "Capt"
    parsed as the subject, the name as the next sentence)."""
    if head.lower_ not in ROLE_ABBREVIATIONS or head.i + 2 >= len(doc.doc):
        return None
    stop, name = doc.doc[head.i + 1], doc.doc[head.i + 2]
    person = doc.mention_covering(name) if stop.text == "." else None
    return person if person is not None and person.label == "PERSON" else None


def _titled(doc: Document, mention: Mention) -> Mention:
    """An organisation whose title the article writes with a capital "The" inside a sentence
    ("as The Atlantic noted"): the article belongs to its name, which the mention dropped."""
    if mention.label not in _TITLED or mention.name.startswith(_TITLE_ARTICLE):
        return mention
    same = (m for m in doc.mentions if m.name == mention.name)
    if not any(_after_title_article(doc, m) for m in same):
        return mention
    return replace(mention, name=f"{_TITLE_ARTICLE}{mention.name}")


def _after_title_article(doc: Document, mention: Mention) -> bool:
    """A capital "The" right after a word of the same sentence ("as The Atlantic"), not
    opening a clause ("PHILADELPHIA (UPI) — The committee") nor quoted."""
    before = mention.start - len(_TITLE_ARTICLE)
    if before < 0 or doc.text[before : mention.start] != _TITLE_ARTICLE:
        return False
    sentence = doc.sentence_at(mention.start).start
    words_before = doc.text[sentence:before].rstrip()
    return words_before[-1:].isalnum() and not doc.in_quote(before)


def _definite_one(noun: Token) -> bool:
    """'the Wisconsin Republican', 'the Texan': one person described, not a group."""
    return noun.tag_ in ("NN", "NNP") and any(c.lower_ == "the" for c in noun.children)


def _state(doc: Document, place: Mention) -> Mention:
    """The country a capital speaks for ("Beijing said"), as the article names it, else the
    mention itself."""
    country = CAPITALS.get(place.name.casefold()) if place.label == "GPE" else None
    if country is None:
        return place
    named = next((m for m in doc.mentions if m.name == country and m.label == "GPE"), None)
    return named or replace(place, name=country, entity_id="")


def speaker_from_cue(doc: Document, cue: Token | None) -> Speaker | None:
    """The speaker a verb of saying names: its subject, never a dateline or a word of the
    quote the parse took for one ("PHILADELPHIA (UPI) — The committee said ...": the
    committee)."""
    head = subject(cue) if cue is not None else None
    if head is not None and (_dateline(doc, head) or _quoted_subject(doc, cue, head)):
        other = (
            c
            for c in head.head.children
            if c.dep_ in SUBJECTS and c != head and not doc.in_quote(c.idx)
        )
        head = next(other, None if doc.in_quote(head.idx) else head)
    return speaker_of(doc, cue, head) if head is not None else None


def _quoted_subject(doc: Document, cue: Token | None, head: Token) -> bool:
    """A subject inside the quote its verb of saying attributes (''... Michigan, Ohio,'' Mr.
    Hale said): a parse error, never the speaker."""
    return cue is not None and doc.in_quote(head.idx) and not doc.in_quote(cue.idx)


def _dateline(doc: Document, token: Token) -> bool:
    """A place opening its sentence, a dash soon after it with no verb between (an agency
    or a date may come first: "PHILADELPHIA, July 25 (UPI) —"): a dateline."""
    place = doc.mention_covering(token)
    if place is None or place.label not in _PLACES:
        return False
    if place.start != doc.sentence_at(token.idx).start:
        return False
    for after in doc.doc[token.i + 1 : token.i + _DATELINE_WORDS]:
        if after.text in _DASHES:
            return True
        if after.pos_ in ("VERB", "AUX"):
            return False
    return False


def _meant(doc: Document, head: Token) -> Speaker | None:
    """The speaker a relative pronoun, a document or a definite organisation noun stands for:
    "who" -> the noun its clause modifies, "Lena Ortiz's brief" -> Lena Ortiz, "the IMF
    report" -> IMF, "the fund" -> the one organisation of the article named "... Fund"."""
    verb = head.head
    if head.lower_ in RELATIVE_PRONOUNS and head.dep_ in SUBJECTS and verb.dep_ == "relcl":
        antecedent = verb.head
        if head.lower_ in PERSONAL_RELATIVES:
            antecedent = described(head, _personal(doc, antecedent))
        meant = speaker_of(doc, None, antecedent)
        return meant if _names_someone(meant) else None
    base = lemma(head)
    definite = any(c.lower_ == "the" for c in head.children)
    if base in DOCUMENT_NOUNS:
        for author in _authors(head):
            meant = speaker_of(doc, None, author)
            if _names_someone(meant):
                return meant
        if definite and head.tag_ == "NN":  # "the ad says": the ad named before, else
            earlier = _issued_before(doc, head)  # whoever in focus issued it
            if earlier is not None:
                return earlier
            return Speaker(head.text, head.idx, head.idx, None, None, None, refers="publisher")
    if definite and head.tag_ == "NN" and head.pos_ == "NOUN":
        named = {
            m.name: m
            for m in doc.mentions
            if m.label == "ORG" and m.end <= head.idx and name_words(m.name)[-1] == head.lower_
        }
        if len(named) == 1:
            mention = next(iter(named.values()))
            return Speaker.named(head.text, head.idx, head.idx, mention, None)
    return None


def _issued_before(doc: Document, document: Token) -> Speaker | None:
    """Who issued "the ad" when the article introduced that ad with its author before ("a new
    ad from Citizens PAC ... The ad concludes"): the author of the latest earlier mention of
    the same document noun, if that mention names one."""
    base = lemma(document)
    earlier = (t for t in reversed(doc.doc[: document.i]) if t.pos_ == "NOUN" and lemma(t) == base)
    before = next(earlier, None)
    if before is None:
        return None
    for author in _authors(before):
        meant = speaker_of(doc, None, author)
        if meant.name is not None and meant.label is not None:
            return meant
    return None


def _names_someone(speaker: Speaker) -> bool:
    """A name (tagged or not: "Black Lives Matter") or a reference still to resolve."""
    return speaker.name is not None or speaker.refers is not None


def _personal(doc: Document, noun: Token) -> Token:
    """The person a "who" clause is about when the parse hangs it on the place or
    organisation after a preposition: "an anchor at the network who said" is the anchor."""
    while (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.head.pos_ in ("NOUN", "PROPN")
        and not _a_person(doc, noun)
    ):
        noun = noun.head.head
    return noun


def _a_person(doc: Document, noun: Token) -> bool:
    mention = doc.mention_covering(noun)
    return mention.label == "PERSON" if mention is not None else lemma(noun) in ROLE_NOUNS


def _authors(document: Token) -> list[Token]:
    """Who may have issued a document, nearest first: its owner ("Lena Ortiz's brief", "the
    IMF report"), its agent ("a report by the IMF", "an email sent out by Tom Hale") and the
    subject of the verb issuing it ("Tom Hale issued a statement saying ...")."""
    children = list(document.children)
    children += [g for c in document.children if c.dep_ == "acl" for g in c.children]
    authors = [c for c in document.children if c.dep_ in ("poss", "compound")]
    authors += [
        g for c in children if c.dep_ == "agent" or c.lower_ in ("by", "from")
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    verb = document.head
    issuer = subject(verb) if document.dep_ == "dobj" and verb.pos_ == "VERB" else None
    return [*authors, *([issuer] if issuer is not None else [])]


def _untagged_name(doc: Document, text: str) -> str:
    """An untagged proper name as written, without a leading article or the epithet before
    it (up to its last lower-case word: "Norrland Radio host Ana Ruiz"); or the organisation of the
    article it abbreviates ("NNS" -> "Norrland News Service")."""
    words = text.split()
    name = " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else text
    cut = [i for i, w in enumerate(words[:-1]) if w.islower() and w not in NAME_JOINERS]
    name = " ".join(words[cut[-1] + 1 :]) if cut else name
    organisations = [m.name for m in doc.mentions if m.label == "ORG"]
    return organisation_names([name, *organisations], {}).get(name, name)


def _organisation(doc: Document, noun: Token, surface: Speaker) -> Speaker:
    """An organisation noun as a speaker: named after its owner ("the Lindqvist campaign",
    "the Russian government": see tasks.extract.quotes.organisations), the campaign of the
    person a possessive pronoun or role means ("her campaign", "the nominee's campaign"), "the
    campaign" the article last named, or the organisation in focus ("the company"; none: no
    name); anything else ("a group") has no name."""
    owned = owned_name(doc, noun)
    if owned is not None:
        return replace(surface, name=owned, label="ORG")
    gender = owner_gender(noun)
    if gender is not None:
        return replace(surface, refers="pronoun", gender=gender, owned=noun.lower_)
    role = next((c for c in noun.children if c.dep_ == "poss" and is_role(c)), None)
    if role is not None and noun.lower_ in PERSONAL_ORGANISATIONS:  # "the nominee's campaign"
        return replace(surface, refers=lemma(role), owned=noun.lower_)
    if any(_definite_organisation(c) for c in noun.children if c.dep_ == "poss"):
        return replace(surface, label="ORG", refers="organisation")  # "the paper's board"
    if not _definite_organisation(noun):
        return surface
    if noun.lower_ in PERSONAL_ORGANISATIONS:  # "the campaign": the last named, else in focus
        if (named := named_before(doc, noun)) is not None:
            return replace(surface, name=named, label="ORG")
        return replace(surface, refers="pronoun", owned=noun.lower_)
    return replace(surface, label="ORG", refers="organisation")


def _definite_organisation(noun: Token) -> bool:
    """'the company', 'the paper': an organisation noun the article has named before."""
    return (
        noun.tag_ == "NN"
        and lemma(noun) in ORGANISATION_NOUNS
        and any(c.lower_ == "the" for c in noun.children)
    )


def _headline_role(doc: Document, head: Token) -> bool:
    """'Tax commissioner says ...', 'Justice vows ...': a headline (or a line written like
    one) drops the article before a role noun, which is never a name."""
    headline = head.idx < doc.body_start or head.pos_ == "PROPN"
    return headline and head.tag_ in ("NN", "NNP") and lemma(head) in ROLE_NOUNS


def is_role(head: Token) -> bool:
    """'the senator', 'his spokesman': one person named earlier (not 'the senators')."""
    return (
        head.tag_ == "NN"
        and lemma_in(head, ROLE_NOUNS)
        and any(c.lower_ == "the" or c.dep_ == "poss" for c in head.children)
    )
