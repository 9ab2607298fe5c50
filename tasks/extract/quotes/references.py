"""Who a pronoun or role noun refers to: the people an article has put in focus up to that
point, ranked by how strongly (a speaker, a subject, a mention) and how recently, with
the gender and role the article gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from spacy.tokens import Token

from tasks.extract.mentions import Mention, name_words
from tasks.extract.quotes.cues import is_cue
from tasks.extract.quotes.spans import Spans
from tasks.text.lexicon import (
    GENDER_WORDS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
)
from tasks.text.nlp import lemma

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document
from tasks.extract.quotes.clues import askers, fronted_subject, joined, named_inside
from tasks.extract.quotes.people import SUBJECTS, main_clause, mention_span, modifiers
from tasks.extract.quotes.speakers import Speaker, is_role

_OWNERS = ("poss", "compound", "nmod")  # how a name qualifies the noun it belongs to
_SENTENCE_LOOKBACK = 50  # references a sentence can hold, looked at to find its people
_PRONOUN_OWNERS = frozenset({"his", "her"})  # "his aide": someone other than "his" means


WINDOW = 3  # sentences back in which a person in focus is looked for first


class Focus(IntEnum):
    """How strongly a reference puts a person in focus: the speaker of a cue most, a
    sentence's subject next, any other mention least."""

    MENTION = 0
    SUBJECT = 1
    SPEAKER = 2


@dataclass(frozen=True)
class _Reference:
    position: int
    sentence: int
    person: Mention
    rank: Focus
    asks: bool = False  # the speaker of a question, whom an answering description is not


def resolve(
    doc: Document, speakers: list[Speaker], contents: list[tuple[int, int]]
) -> dict[tuple[int, int], Speaker]:
    """Every speaker that still refers back, resolved, keyed by its (start, end).

    The text is walked in order. People named outside quoted or reported content are
    references, ranked by focus: the speaker of a quote or subject of a verb of saying, a
    clause subject, another mention. A pronoun or role noun takes the latest person in focus
    in the last `WINDOW` sentences whose gender fits (a role noun: the person the article gave
    that role), else the latest person whose gender fits; a speaker pronoun after reported
    words that open its sentence means their subject (`fronted_subject`); a resolved pronoun
    subject ("She has faced ...", "The president's roots ...") keeps its person in focus.
    """
    named = Spans((s.start, s.end) for s in speakers if s.name is not None)
    asking = askers(speakers)
    pending = {(s.start, s.end): s for s in speakers if s.refers is not None}
    waiting = Spans(pending)
    reported = Spans(contents)
    opening = {start: end for start, end in sorted(contents)}  # content by the place it starts

    def outside(position: int) -> bool:
        return not reported.covers(position) or named.covers(position)

    events: list[tuple[int, int, Mention | Speaker | Token]] = [
        (m.start, 0, m)
        for m in doc.mentions
        if m.label in ("PERSON", "ORG") and m.start >= doc.body_start and outside(m.start)
    ]
    events += [(s.start, 1, s) for s in pending.values()]
    events += [
        (t.idx, 2, t)
        for t in doc.all_tokens
        if _in_focus(t)
        and t.idx >= doc.body_start
        and not doc.in_quote(t.idx)
        and outside(t.idx)
        and not waiting.covers(t.idx)
    ]
    references = _References(doc)
    resolved: dict[tuple[int, int], Speaker] = {}
    for position, _, item in sorted(events, key=lambda e: (e[0], e[1])):
        sentence = doc.sentence_index_at(position)
        if isinstance(item, Mention):
            rank = Focus.SPEAKER if named.covers(position) else _subject_rank(doc, item)
            rank = Focus.MENTION if joined(doc, item) else rank
            references.add(_Reference(position, sentence, item, rank, asking.covers(position)))
            continue
        if isinstance(item, Speaker) and item.refers in ("it", "organisation", "publisher"):
            back = 1 if item.refers == "it" else WINDOW
            people = item.refers == "publisher"
            organisation = references.organisation(sentence, back, people=people)
            if organisation is not None:
                resolved[(item.start, item.end)] = item.naming(organisation)
                references.add(_Reference(position, sentence, organisation, Focus.SPEAKER))
            continue
        if isinstance(item, Speaker):
            role = None if item.refers == "pronoun" else item.refers
            tokens = doc.tokens(item.start, item.end)
            words = modifiers(tokens)
            inside = named_inside(doc, tokens[-1]) if tokens else set()
            owner = {c.lower_ for c in tokens[-1].children if c.dep_ == "poss"} if tokens else set()
            if role and owner & _PRONOUN_OWNERS and role not in doc.people.roles:
                continue  # "his aide" no one was introduced as: not him, nor whoever is near
            person = None if role else fronted_subject(doc, opening, item)
            person = person or references.antecedent(
                sentence, item.gender, role, words, others=inside
            )
            if person is None and role is not None and position < doc.body_start:
                person = references.named_later(role, words)  # the headline's role noun
            if person is None and role is not None and not references.items:
                person = references.named_later(role, words)  # before anyone is named
                person = person or references.headline_subject(item.gender)
            if person is not None:
                resolved[(item.start, item.end)] = item.naming(person)
                references.add(_Reference(position, sentence, person, Focus.SPEAKER))
            continue
        role = None if item.lower_ in PERSON_PRONOUNS else lemma(item)
        words = modifiers(item.lefts) if role else set()
        gender = GENDER_WORDS.get(item.lower_)
        inside = named_inside(doc, item) if role else set()
        person = references.antecedent(
            sentence, gender, role, words, within=role is None, others=inside
        )
        if person is not None:
            rank = Focus.SPEAKER if is_cue(item.head) else Focus.SUBJECT
            references.add(_Reference(position, sentence, person, rank))
    return resolved


def _in_focus(token: Token) -> bool:
    """A pronoun subject ("She has faced ...") or a role noun that is a main clause's
    subject or its possessor ("The president's roots came into play"): words that keep a
    person in focus without naming them."""
    if token.lower_ in PERSON_PRONOUNS:
        return token.dep_ in SUBJECTS
    if not is_role(token):
        return False
    if token.dep_ == "poss":
        token = token.head
    return token.dep_ in SUBJECTS and main_clause(token.head)


class _References:
    """The people (and organisations) the text has put in focus so far, in text order.

    Lookups walk back from the latest only as far as they must, and the latest person of
    each gender and of each name is kept aside, so resolving every pronoun of a transcript
    stays linear in its length.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items: list[_Reference] = []
        self.latest_fit: dict[str | None, _Reference] = {}  # by the gender a pronoun gives
        self.latest_of: dict[str, _Reference] = {}  # by person's name
        self.surnames = {name_words(m.name)[-1] for m in doc.mentions if m.label == "PERSON"}

    def _fits(self, reference: _Reference, gender: str | None) -> bool:
        person = reference.person
        known = self.doc.people.gender(person.name)
        return (
            person.label == "PERSON"
            and known != "n"
            and (gender is None or known in (None, gender))
        )

    def _someone_elses(self, words: set[str], own: set[str]) -> bool:
        """Whether a role qualified by one person ("Ortiz's spokeswoman") belongs to
        another ("Hale's spokeswoman Galia Perez")."""
        theirs, mine = words & self.surnames, own & self.surnames
        return bool(theirs and mine and theirs != mine)

    def add(self, reference: _Reference) -> None:
        self.items.append(reference)
        for gender in (None, "m", "f"):
            if self._fits(reference, gender):
                self.latest_fit[gender] = reference
        if reference.person.label == "PERSON":
            self.latest_of[reference.person.name] = reference

    def antecedent(
        self,
        sentence: int,
        gender: str | None,
        role: str | None,
        words: set[str] = frozenset(),  # type: ignore[assignment]
        within: bool = False,
        others: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> Mention | None:
        """The person a pronoun (of `gender`) or role noun in `sentence` most likely means.

        A role noun means the holder of that role whose qualifying words it shares most, never
        one whose words it contradicts; with no holder, the one person in focus
        (`_sole_subject`). A pronoun means the latest person in focus in the last WINDOW
        sentences, else the latest speaker in twice as many (the one quoted before a question
        naming others), else the latest person in the last WINDOW, else the latest.
        A pronoun `within` a sentence that has named one person so far is that person ("And
        Okafor, for all the progress he helped wrangle, ..."), which a speaker pronoun is not
        ("Asked about Okafor, he said"). A description never means one of the `others` it
        names inside itself ("the aide to President Okafor")."""
        unlike: set[str] = set(others)
        if role is not None:
            holders = self.doc.people.roles.get(role, {})
            everyone = set().union(*holders.values()) if holders else set()
            unlike |= {  # "the Democratic nominee" is not the one introduced as the GOP nominee
                name
                for name, own in holders.items()
                if words & (everyone - own) or self._someone_elses(words, own)
            }
            unlike |= self.doc.people.below(role, words)  # not the vice president
            unlike |= {  # nor is "Ortiz's spokeswoman" Ortiz
                name for name in self.latest_of if name_words(name)[-1] in words
            }
            held = [
                self.latest_of[name]
                for name in holders
                if name in self.latest_of
                and name not in unlike
                and self._fits(self.latest_of[name], gender)
            ]
            if held:
                qualified = max(
                    held, key=lambda r: (len(holders[r.person.name] & words), r.position)
                )
                return qualified.person
            return self._sole_subject(sentence, gender, unlike)
        here = {  # the people this sentence has named so far
            r.person.name: r.person
            for r in reversed(self.items[-_SENTENCE_LOOKBACK:])
            if r.sentence == sentence and r.person.label == "PERSON"
        }
        if within and len(here) == 1:
            only = next(iter(here.values()))
            if only.name not in unlike and self._fits(self.latest_of[only.name], gender):
                return only  # "And Okafor, for all the progress he helped wrangle, ..."
        recent: _Reference | None = None
        speaker: _Reference | None = None  # the latest speaker a little further back
        for reference in reversed(self.items):
            if reference.sentence < sentence - 2 * WINDOW:
                break
            if not self._fits(reference, gender) or reference.person.name in unlike:
                continue
            if reference.sentence < sentence - WINDOW:
                speaker = speaker or (reference if reference.rank == Focus.SPEAKER else None)
                continue
            if reference.rank >= Focus.SUBJECT:
                return reference.person
            recent = recent or reference
        if speaker is not None:
            return speaker.person
        if recent is not None:
            return recent.person
        latest = self.latest_fit.get(gender)
        if latest is None or latest.person.name not in unlike:
            return latest.person if latest is not None else None
        fitting = (
            r for r in reversed(self.items) if self._fits(r, gender) and r.person.name not in unlike
        )
        return next((r.person for r in fitting), None)

    def _sole_subject(self, sentence: int, gender: str | None, unlike: set[str]) -> Mention | None:
        """The person a description the article never gave as a role means ("the real estate
        tycoon", "the lawyer"): the latest one in focus in its own sentence, else the one
        person in focus in the last WINDOW sentences. With two people in focus there it
        stays unresolved (a wrong name costs more than a missing one), unless the latest in
        focus, or named in its own sentence, is one the headline names: whom the article is
        about ("Hale: I will win ... Six months ago, the senator said"). Never one who has just
        asked a question."""
        found: dict[str, _Reference] = {}
        latest: _Reference | None = None
        for reference in reversed(self.items):
            if reference.sentence < sentence - WINDOW:
                break
            fits = self._fits(reference, gender) and not reference.asks  # nor one who asked
            fits = fits and reference.person.name not in unlike
            if fits and reference.rank >= Focus.SUBJECT:
                if reference.sentence == sentence:
                    return reference.person
                found.setdefault(reference.person.name, reference)
            if fits and (reference.rank >= Focus.SUBJECT or reference.sentence == sentence):
                latest = latest or reference
        if len(found) == 1:
            return next(iter(found.values())).person
        headline = {t.lower_ for t in self.doc.tokens(0, self.doc.body_start)}
        named = latest is not None and name_words(latest.person.name)[-1] in headline
        return latest.person if latest is not None and named else None

    def named_later(self, role: str, words: set[str]) -> Mention | None:
        """The one person the article gives `role` (qualified as `words` says, if several):
        a headline's "Connecticut's tax commissioner says" is named in the body, and so is
        "the governor" before the body names anyone. A vice president is not "the president"."""
        below = self.doc.people.below(role, words)
        holders = {
            n: own for n, own in self.doc.people.roles.get(role, {}).items() if n not in below
        }
        ranked = sorted(holders, key=lambda name: -len(holders[name] & words))
        fits = [n for n in ranked if len(holders[n] & words) == len(holders[ranked[0]] & words)]
        if len(fits) != 1:
            return None
        return next((m for m in self.doc.mentions if m.name == fits[0]), None)

    def headline_subject(self, gender: str | None) -> Mention | None:
        """The one person the headline makes a subject, when a role noun in the headline or
        before the body names anyone has no holder ("Hale apologizes for remarks; Justice
        vows to be careful"): whom the article is about."""
        subjects = {
            m.name: m
            for m in self.doc.mentions
            if m.start < self.doc.body_start
            and m.label == "PERSON"
            and (gender is None or self.doc.people.gender(m.name) in (None, gender))
            and (span := mention_span(self.doc.doc, m)) is not None
            and span.root.dep_ in SUBJECTS
        }
        return next(iter(subjects.values())) if len(subjects) == 1 else None

    def organisation(self, sentence: int, back: int, people: bool = False) -> Mention | None:
        """What 'it' or 'the company' says: the organisation speaking or a clause subject in
        this sentence or the `back` before, if any (a report or a law is not resolved); with
        `people`, a person too (who issued "the ad"). With none in focus there, the one
        organisation named there at all ("employers such as Acme, which opposed the bill.
        The company said"); with two, none. A name the article refers to as "its" is an
        organisation's, whatever its label."""
        mentioned: dict[str, Mention] = {}
        for reference in reversed(self.items):
            if reference.sentence < sentence - back:
                break
            named = reference.person
            organisation = self._organisation(named)
            if organisation or (people and named.label == "PERSON"):
                if reference.rank >= Focus.SUBJECT:
                    return named
                if organisation:
                    mentioned.setdefault(named.name, named)
        if len(mentioned) == 1:
            return next(iter(mentioned.values()))
        return self._headline_organisation() if not people else None

    def _headline_organisation(self) -> Mention | None:
        """The one organisation the headline names: what the article is about, when the text
        near a "the company said" puts none in focus."""
        named = {
            m.name: m
            for m in self.doc.mentions
            if m.start < self.doc.body_start and self._organisation(m)
        }
        return next(iter(named.values())) if len(named) == 1 else None

    def _organisation(self, named: Mention) -> bool:
        return named.label == "ORG" or self.doc.people.gender(named.name) == "n"


def _subject_rank(doc: Document, mention: Mention) -> Focus:
    """How strongly a mention puts its person in focus: the subject of a verb of saying
    (also through "who said"), the subject of a main clause or its possessor, or neither."""
    span = mention_span(doc.doc, mention)
    if span is None:
        return Focus.MENTION
    root = span.root
    if root.dep_ == "appos":  # "Kazakhstan's foreign minister, Dana Orlov, said"
        root = root.head
    if root.dep_ in SUBJECTS:
        if is_cue(root.head):
            return Focus.SPEAKER
        return Focus.SUBJECT if main_clause(root.head) else Focus.MENTION
    says = any(
        c.dep_ == "relcl" and is_cue(c) and any(g.lower_ in RELATIVE_PRONOUNS for g in c.children)
        for c in root.children
    )
    if says:
        return Focus.SPEAKER
    if root.dep_ == "poss" and root.head.dep_ in SUBJECTS and main_clause(root.head.head):
        return Focus.SUBJECT
    if mention.label == "ORG" and root.dep_ in _OWNERS and root.head.dep_ in SUBJECTS:
        return _owner_rank(root.head.head)  # "the Acme Daily tabloid noted"
    return Focus.MENTION


def _owner_rank(verb: Token) -> Focus:
    """An organisation qualifying a subject noun ("the Acme Daily tabloid", "the Ledger's
    editorial board") is in focus as that subject is: speaking with a verb of saying, else
    as a main clause's subject."""
    if is_cue(verb):
        return Focus.SPEAKER
    return Focus.SUBJECT if main_clause(verb) else Focus.MENTION
