"""What an article says about its people: the gender and the roles it gives each person named
("Mr.", "spokeswoman", "President", a pronoun after the name). Built once per document and read
when a pronoun or role noun is resolved to a person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tasks.extract.mentions import Mention, name_words, pronoun_after, set_off
from tasks.text.lexicon import (
    GENDER_WORDS,
    GIVEN_NAMES,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    SUBORDINATE_ROLE_WORDS,
)
from tasks.text.name_genders import FEMALE, MALE, given_name_gender
from tasks.text.nlp import lemma, lemma_in

_CODES: dict[str | None, str] = {FEMALE: "f", MALE: "m"}  # a listed given name's gender

SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class People:
    """Gender and roles the article gives each person, by name."""

    genders: dict[str, str]
    roles: dict[str, dict[str, set[str]]]  # role -> person -> words around the role

    def gender(self, name: str) -> str | None:
        return self.genders.get(name)

    def below(self, role: str, words: set[str]) -> set[str]:
        """Holders of a role under the one `words` describe: "Vice President Tom Hale" is not
        "the president", nor a deputy director "the director"."""
        held = self.roles.get(role, {}).items()
        return {name for name, own in held if (own & SUBORDINATE_ROLE_WORDS) - words}


def mention_span(doc: Doc, mention: Mention) -> Span | None:
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


def _role_word(token: Token) -> str | None:
    """The role a word before a name gives: 'President', 'spokesman', 'Sen.'."""
    word = token.lower_.rstrip(".")
    if word in ROLE_ABBREVIATIONS:
        return ROLE_ABBREVIATIONS[word]
    return lemma(token) if lemma_in(token, ROLE_NOUNS) else None


def people_of(doc: Doc, mentions: list[Mention]) -> People:
    """Gender and roles of each person named in the article.

    Gender comes from an honorific or gendered role word before a mention ("Mr.",
    "spokeswoman": strongest), a pronoun later in a sentence whose subject the person is
    ("Okafor said his plan"), and a given name (the lexicon's common ones, else gender-guesser's
    list: tasks/text/name_genders.py); the majority decides. Roles come from
    the word before a name ("President Dayo Okonkwo", "spokesman Tom Hale") or a role
    noun in apposition ("Tom Hale, the White House spokesman").
    """
    votes: dict[str, Counter[str]] = {}
    roles: dict[str, dict[str, set[str]]] = {}

    def give(role: str, name: str, words: set[str]) -> None:
        roles.setdefault(role, {}).setdefault(name, set()).update(words)

    people = [m for m in mentions if m.label == "PERSON"]
    named = {i for m in people for i in range(m.start, m.end)}  # characters naming a person
    for mention in people:
        span = mention_span(doc, mention)
        if span is None:
            continue
        tally = votes.setdefault(mention.name, Counter())
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in GENDER_WORDS:
            tally[GENDER_WORDS[before.lower_]] += 3
        for token in [t for t in (before, span[0]) if t is not None]:
            role = _role_word(token)
            if role is not None:
                give(role, mention.name, modifiers(doc[max(token.i - 4, 0) : token.i]))
        appositions = [c for c in span.root.children if c.dep_ == "appos"]
        if span.root.dep_ == "appos" and set_off(span, span.root.head):
            appositions.append(span.root.head)
        for noun in appositions:
            if noun.lower_ in GENDER_WORDS:  # "his wife, Ana Ruiz"
                tally[GENDER_WORDS[noun.lower_]] += 3
            if lemma(noun) in ROLE_NOUNS:
                give(lemma(noun), mention.name, modifiers(noun.lefts))
        if span.root.dep_ in SUBJECTS:
            pronoun = pronoun_after(span, named)
            if pronoun is not None:
                tally[pronoun] += 1
    for name, tally in votes.items():
        if len(name_words(name)) > 1:  # a given name and a surname
            given = name.split()[0]
            gender = GIVEN_NAMES.get(given.casefold()) or _CODES.get(given_name_gender(given))
            if gender is not None:
                tally[gender] += 2
    genders = {}
    for name, tally in votes.items():
        ranked = tally.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            genders[name] = ranked[0][0]
    return People(genders, roles)


def modifiers(tokens: Iterable[Token]) -> set[str]:
    """Words that qualify a role ("Democratic presidential nominee", "Murphy's spokeswoman"),
    up to the nearest word that does not, or the person it belongs to: the difference
    between two people holding the same role."""
    words: list[str] = []
    for token in reversed(list(tokens)):
        if token.tag_ == "POS":
            continue
        if token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            break
        words.append(token.lower_)
        if token.ent_type_ == "PERSON":
            break
    return set(words)


def described(relative: Token, noun: Token) -> Token:
    """The person a "who" clause set off by a comma is about when the parse hangs it on a
    name inside a description in apposition ("Ana Ruiz, an aide to Tom Hale, who said"):
    the person described, not the nearest name."""
    comma = relative.i > 0 and relative.doc[relative.i - 1].text == ","
    holder = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else None
    if not comma or holder is None or holder.dep_ != "appos" or holder.pos_ != "NOUN":
        return noun
    return holder.head if holder.head.pos_ == "PROPN" else noun


def main_clause(verb: Token) -> bool:
    """Whether `verb` heads its sentence's main clause (or one conjoined to it): not "he
    believes [Orlov is correct]"."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"
