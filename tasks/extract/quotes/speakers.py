"""Speakers: the surface span of who speaks, the entity it names, and the person a pronoun or
role noun refers back to.

A speaker's own name wins over anything around it: in "Rep. Elijah Cummings, the top
Democrat," the apposition never replaces the name. A named apposition names a common noun
("the minister, Paul Grant,"), a relative pronoun speaks for the noun it modifies ("Hillary
Clinton, who said"), a document speaks for its author ("the IMF report said", "X issued a
statement saying"). Pronouns, role nouns and descriptions ("he", "the senator", "the real
estate tycoon"), "it" and organisation nouns ("the company", "her campaign": see
tasks.extract.quotes.organisations) are resolved after every quote of the article is found, walking
the text in order (`resolve`): a pronoun means the person most recently introduced as
speaking or as a clause subject, outside quoted content, of the gender the article gives
them (or none); a role noun means the person the article gave that role ("President Barack
Obama" -> "the president"), in a headline also one the body names later. Where nothing fits,
the speaker keeps no name: a wrong name costs an analyst more than a missing one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from tasks.extract.entities import Mention, name_words, organisation_names, pronoun_after
from tasks.extract.quotes.cues import is_cue, subject
from tasks.extract.quotes.organisations import owned_name, owner_gender
from tasks.extract.quotes.spans import Spans
from tasks.text.lexicon import (
    CAPITALS,
    DOCUMENT_NOUNS,
    GENDER_WORDS,
    GIVEN_NAMES,
    ORGANISATION_NOUNS,
    PERSON_PRONOUNS,
    PERSONAL_ORGANISATIONS,
    PERSONAL_RELATIVES,
    RELATIVE_PRONOUNS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
)
from tasks.text.nlp import lemma

if TYPE_CHECKING:
    from tasks.extract.quotes.document import Document

_SUBJECTS = ("nsubj", "nsubjpass")
_PLACES = ("GPE", "LOC", "FAC")
_DASHES = frozenset({"—", "–", "-", "--"})
_DATELINE_WORDS = 8  # a dateline's place, date and agency, up to its dash
_SPEAKER, _SUBJECT, _MENTION = 2, 1, 0  # how strongly a reference puts a person in focus
_SENTENCE_LOOKBACK = 50  # references a sentence can hold, looked at to find its people
WINDOW = 3  # sentences back in which a person in focus is looked for first


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
        that person's organisation ("her campaign" -> "Clinton campaign")."""
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


# --- what the article says about its people ---------------------------------------------


@dataclass(frozen=True)
class People:
    """Gender and roles the article gives each person, by name."""

    genders: dict[str, str]
    roles: dict[str, dict[str, set[str]]]  # role -> person -> words around the role

    def gender(self, name: str) -> str | None:
        return self.genders.get(name)


def _span(doc: Doc, mention: Mention) -> Span | None:
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


def _role_word(token: Token) -> str | None:
    """The role a word before a name gives: 'President', 'spokesman', 'Sen.'."""
    word = token.lower_.rstrip(".")
    if word in ROLE_ABBREVIATIONS:
        return ROLE_ABBREVIATIONS[word]
    base = lemma(token)
    return base if base in ROLE_NOUNS else None


def people_of(doc: Doc, mentions: list[Mention]) -> People:
    """Gender and roles of each person named in the article.

    Gender comes from an honorific or gendered role word before a mention ("Mr.",
    "spokeswoman": strongest), a pronoun later in a sentence whose subject the person is
    ("Obama said his plan"), and a common given name; the majority decides. Roles come from
    the word before a name ("President Barack Obama", "spokesman Josh Earnest") or a role
    noun in apposition ("Josh Earnest, the White House spokesman").
    """
    votes: dict[str, Counter[str]] = {}
    roles: dict[str, dict[str, set[str]]] = {}

    def give(role: str, name: str, words: set[str]) -> None:
        roles.setdefault(role, {}).setdefault(name, set()).update(words)

    people = [m for m in mentions if m.label == "PERSON"]
    named = {i for m in people for i in range(m.start, m.end)}  # characters naming a person
    for mention in people:
        span = _span(doc, mention)
        if span is None:
            continue
        tally = votes.setdefault(mention.name, Counter())
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in GENDER_WORDS:
            tally[GENDER_WORDS[before.lower_]] += 3
        for token in [t for t in (before, span[0]) if t is not None]:
            role = _role_word(token)
            if role is not None:
                give(role, mention.name, _modifiers(doc[max(token.i - 4, 0) : token.i]))
        appositions = [c for c in span.root.children if c.dep_ == "appos"]
        if span.root.dep_ == "appos":
            appositions.append(span.root.head)
        for noun in appositions:
            if noun.lower_ in GENDER_WORDS:  # "his wife, Ana Ruiz"
                tally[GENDER_WORDS[noun.lower_]] += 3
            if lemma(noun) in ROLE_NOUNS:
                give(lemma(noun), mention.name, _modifiers(noun.lefts))
        if span.root.dep_ in _SUBJECTS:
            pronoun = pronoun_after(span, named)
            if pronoun is not None:
                tally[pronoun] += 1
    for name, tally in votes.items():
        words = name.split()
        if len(name_words(name)) > 1 and words[0].casefold() in GIVEN_NAMES:
            tally[GIVEN_NAMES[words[0].casefold()]] += 2
    genders = {}
    for name, tally in votes.items():
        ranked = tally.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            genders[name] = ranked[0][0]
    return People(genders, roles)


def _modifiers(tokens: Iterable[Token]) -> set[str]:
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


# --- a speaker from the subject of a cue ---------------------------------------------------


def speaker_of(doc: Document, cue: Token | None, head: Token) -> Speaker:
    """Surface span (modifiers up to the head noun) and the entity a subject names.

    The head's own name wins; else a named apposition extends the span and names it; a
    relative pronoun names what its clause modifies; a document names its author; a pronoun
    or a role noun (or "it") is left to `resolve`; an organisation noun is named after its owner
    ("the Clinton campaign" -> "Clinton campaign") or left to `resolve` ("her campaign", "the
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
    )
    named = doc.mention_covering(head.head) if head.dep_ == "appos" else None
    if own is None and named is not None and named.label in ("PERSON", "ORG"):
        own = named  # the description a name is in apposition to: "Ana Ruiz, an anchor who"
    if apposition is not None and own is not None and own.label in _PLACES:
        start = apposition[0].left_edge.idx  # a dateline: "WASHINGTON -- President Obama"
        own = apposition[1]
    if own is not None and own.label == "NORP" and _definite_one(head):
        return Speaker(text, start, end, None, None, cue, refers="pronoun")  # "the Texan"
    if own is not None:
        end = max(end, own.end)
        return Speaker.named(doc.text[start:end], start, end, _state(doc, own), cue)
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
    if _is_role(head) or _headline_role(doc, head):
        return replace(surface, refers=lemma(head), gender=GENDER_WORDS.get(head.lower_))
    if head.pos_ == "PRON":
        return surface
    if lemma(head) in ORGANISATION_NOUNS:
        return _organisation(doc, head, surface)
    if head.pos_ == "PROPN" and head.text[:1].isupper():  # untagged names: "Zero Hedge", "CNS"
        return replace(surface, name=_untagged_name(doc, text))
    return surface  # "analysts", "the 34-year-old mother": a description, not a name


def _after_title(doc: Document, head: Token) -> Mention | None:
    """The person named after a title the tokeniser cut off ("Navy Capt. Tom Hale": "Capt"
    parsed as the subject, the name as the next sentence)."""
    if head.lower_ not in ROLE_ABBREVIATIONS or head.i + 2 >= len(doc.doc):
        return None
    stop, name = doc.doc[head.i + 1], doc.doc[head.i + 2]
    person = doc.mention_covering(name) if stop.text == "." else None
    return person if person is not None and person.label == "PERSON" else None


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
            if c.dep_ in _SUBJECTS and c != head and not doc.in_quote(c.idx)
        )
        head = next(other, None if doc.in_quote(head.idx) else head)
    return speaker_of(doc, cue, head) if head is not None else None


def _quoted_subject(doc: Document, cue: Token | None, head: Token) -> bool:
    """A subject inside the quote its verb of saying attributes (''... Michigan, Ohio,'' Mr.
    Trump said): a parse error, never the speaker."""
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
    "who" -> the noun its clause modifies, "Ivana Trump's brief" -> Ivana Trump, "the IMF
    report" -> IMF, "the fund" -> the one organisation of the article named "... Fund"."""
    verb = head.head
    if head.lower_ in RELATIVE_PRONOUNS and head.dep_ in _SUBJECTS and verb.dep_ == "relcl":
        antecedent = verb.head
        if head.lower_ in PERSONAL_RELATIVES:
            antecedent = _personal(doc, antecedent)
        meant = speaker_of(doc, None, antecedent)
        return meant if _names_someone(meant) else None
    base = lemma(head)
    definite = any(c.lower_ == "the" for c in head.children)
    if base in DOCUMENT_NOUNS:
        for author in _authors(head):
            meant = speaker_of(doc, None, author)
            if _names_someone(meant):
                return meant
        if definite and head.tag_ == "NN":  # "the ad says": whoever in focus issued it
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
    """Who may have issued a document, nearest first: its owner ("Ivana Trump's brief", "the
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
    """An untagged proper name as written (no leading article), or the organisation of the
    article it abbreviates ("CNS" -> "Christian News Service")."""
    words = text.split()
    name = " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else text
    organisations = [m.name for m in doc.mentions if m.label == "ORG"]
    return organisation_names([name, *organisations], {}).get(name, name)


def _organisation(doc: Document, noun: Token, surface: Speaker) -> Speaker:
    """An organisation noun as a speaker: named after its owner ("the Clinton campaign",
    "the Russian government": see tasks.extract.quotes.organisations), the campaign of the person a
    possessive pronoun means ("her campaign"), or the organisation in focus ("the company",
    the definite noun alone: an organisation without a name if none is); anything else ("a
    group") has no name."""
    owned = owned_name(doc, noun)
    if owned is not None:
        return replace(surface, name=owned, label="ORG")
    gender = owner_gender(noun)
    if gender is not None:
        return replace(surface, refers="pronoun", gender=gender, owned=noun.lower_)
    if noun.tag_ != "NN" or not any(c.lower_ == "the" for c in noun.children):
        return surface
    if noun.lower_ in PERSONAL_ORGANISATIONS:  # "the campaign": of the person in focus
        return replace(surface, refers="pronoun", owned=noun.lower_)
    return replace(surface, label="ORG", refers="organisation")


def _headline_role(doc: Document, head: Token) -> bool:
    """'Tax commissioner says ...', 'Justice vows ...': a headline (or a line written like
    one) drops the article before a role noun, which is never a name."""
    headline = head.idx < doc.body_start or head.pos_ == "PROPN"
    return headline and head.tag_ in ("NN", "NNP") and lemma(head) in ROLE_NOUNS


def _is_role(head: Token) -> bool:
    """'the senator', 'his spokesman': one person named earlier (not 'the senators')."""
    return (
        head.tag_ == "NN"
        and any(c.lower_ == "the" or c.dep_ == "poss" for c in head.children)
        and lemma(head) in ROLE_NOUNS
    )


# --- resolution: pronouns and role nouns, in text order --------------------------------------


@dataclass(frozen=True)
class _Reference:
    position: int
    sentence: int
    person: Mention
    rank: int


def resolve(
    doc: Document, speakers: list[Speaker], contents: list[tuple[int, int]]
) -> dict[tuple[int, int], Speaker]:
    """Every speaker that still refers back, resolved, keyed by its (start, end).

    The text is walked in order. People named outside quoted or reported content are
    references, ranked by focus: the speaker of a quote or subject of a verb of saying, a
    clause subject, another mention. A pronoun or role noun takes the latest person in focus
    in the last `WINDOW` sentences whose gender fits (a role noun: the person the article gave
    that role), else the latest person whose gender fits; a resolved pronoun subject ("She has
    faced ...", "The president's roots ...") keeps its person in focus.
    """
    named = Spans((s.start, s.end) for s in speakers if s.name is not None)
    pending = {(s.start, s.end): s for s in speakers if s.refers is not None}
    waiting = Spans(pending)
    reported = Spans(contents)

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
        for t in doc.doc
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
            rank = _SPEAKER if named.covers(position) else _subject_rank(doc, item)
            references.add(_Reference(position, sentence, item, rank))
            continue
        if isinstance(item, Speaker) and item.refers in ("it", "organisation", "publisher"):
            back = 1 if item.refers == "it" else WINDOW
            people = item.refers == "publisher"
            organisation = references.organisation(sentence, back, people=people)
            if organisation is not None:
                resolved[(item.start, item.end)] = item.naming(organisation)
                references.add(_Reference(position, sentence, organisation, _SPEAKER))
            continue
        if isinstance(item, Speaker):
            role = None if item.refers == "pronoun" else item.refers
            words = _modifiers(doc.tokens(item.start, item.end))
            person = references.antecedent(sentence, item.gender, role, words)
            if person is None and role is not None and position < doc.body_start:
                person = references.named_later(role, words)  # the headline's role noun
            if person is not None:
                resolved[(item.start, item.end)] = item.naming(person)
                references.add(_Reference(position, sentence, person, _SPEAKER))
            continue
        role = None if item.lower_ in PERSON_PRONOUNS else lemma(item)
        words = _modifiers(item.lefts) if role else set()
        gender = GENDER_WORDS.get(item.lower_)
        person = references.antecedent(sentence, gender, role, words, within=role is None)
        if person is not None:
            rank = _SPEAKER if is_cue(item.head) else _SUBJECT
            references.add(_Reference(position, sentence, person, rank))
    return resolved


def _in_focus(token: Token) -> bool:
    """A pronoun subject ("She has faced ...") or a role noun that is a main clause's
    subject or its possessor ("The president's roots came into play"): words that keep a
    person in focus without naming them."""
    if token.lower_ in PERSON_PRONOUNS:
        return token.dep_ in _SUBJECTS
    if not _is_role(token):
        return False
    if token.dep_ == "poss":
        token = token.head
    return token.dep_ in _SUBJECTS and _main_clause(token.head)


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
        """Whether a role qualified by one person ("Whitfield's spokeswoman") belongs to
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
    ) -> Mention | None:
        """The person a pronoun (of `gender`) or role noun in `sentence` most likely means.

        A role noun means the holder of that role whose qualifying words it shares most, never
        one whose words it contradicts; else, like a pronoun, the latest person in focus in the
        last WINDOW sentences, else the latest speaker in twice as many (the one quoted before
        a question naming others), else the latest person in the last WINDOW, else the latest.
        A pronoun `within` a sentence that has named one person so far is that person ("And
        Obama, for all the progress he helped wrangle, ..."), which a speaker pronoun is not
        ("Asked about Obama, he said")."""
        unlike: set[str] = set()
        if role is not None:
            holders = self.doc.people.roles.get(role, {})
            everyone = set().union(*holders.values()) if holders else set()
            unlike = {  # "the Democratic nominee" is not the one introduced as the GOP nominee
                name
                for name, own in holders.items()
                if words & (everyone - own) or self._someone_elses(words, own)
            }
            unlike |= {  # nor is "Whitfield's spokeswoman" Whitfield
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
        here = {  # the people this sentence has named so far
            r.person.name: r.person
            for r in reversed(self.items[-_SENTENCE_LOOKBACK:])
            if r.sentence == sentence and r.person.label == "PERSON"
        }
        if within and len(here) == 1:
            only = next(iter(here.values()))
            if only.name not in unlike and self._fits(self.latest_of[only.name], gender):
                return only  # "And Obama, for all the progress he helped wrangle, ..."
        recent: _Reference | None = None
        speaker: _Reference | None = None  # the latest speaker a little further back
        for reference in reversed(self.items):
            if reference.sentence < sentence - 2 * WINDOW:
                break
            if not self._fits(reference, gender) or reference.person.name in unlike:
                continue
            if reference.sentence < sentence - WINDOW:
                speaker = speaker or (reference if reference.rank == _SPEAKER else None)
                continue
            if reference.rank >= _SUBJECT:
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

    def named_later(self, role: str, words: set[str]) -> Mention | None:
        """The one person the article gives `role` (qualified as `words` says, if several):
        a headline's "Connecticut's tax commissioner says" is named in the body."""
        holders = self.doc.people.roles.get(role, {})
        ranked = sorted(holders, key=lambda name: -len(holders[name] & words))
        fits = [n for n in ranked if len(holders[n] & words) == len(holders[ranked[0]] & words)]
        if len(fits) != 1:
            return None
        return next((m for m in self.doc.mentions if m.name == fits[0]), None)

    def organisation(self, sentence: int, back: int, people: bool = False) -> Mention | None:
        """What 'it' or 'the company' says: the organisation speaking or a clause subject in
        this sentence or the `back` before, if any (a report or a law is not resolved); with
        `people`, a person too (who issued "the ad"). A name the article refers to as "its"
        is an organisation's, whatever its label."""
        for reference in reversed(self.items):
            if reference.sentence < sentence - back:
                return None
            named = reference.person
            neuter = self.doc.people.gender(named.name) == "n"
            kind = named.label == "ORG" or neuter or (people and named.label == "PERSON")
            if kind and reference.rank >= _SUBJECT:
                return named
        return None


def _subject_rank(doc: Document, mention: Mention) -> int:
    """How strongly a mention puts its person in focus: the subject of a verb of saying
    (also through "who said"), the subject of a main clause or its possessor, or neither."""
    span = _span(doc.doc, mention)
    if span is None:
        return _MENTION
    root = span.root
    if root.dep_ == "appos":  # "Kazakhstan's foreign minister, Erlan Idrissov, said"
        root = root.head
    if root.dep_ in _SUBJECTS:
        if is_cue(root.head):
            return _SPEAKER
        return _SUBJECT if _main_clause(root.head) else _MENTION
    says = any(
        c.dep_ == "relcl" and is_cue(c) and any(g.lower_ in RELATIVE_PRONOUNS for g in c.children)
        for c in root.children
    )
    if says:
        return _SPEAKER
    if root.dep_ == "poss" and root.head.dep_ in _SUBJECTS and _main_clause(root.head.head):
        return _SUBJECT
    return _MENTION


def _main_clause(verb: Token) -> bool:
    """Whether `verb` heads its sentence's main clause (or one conjoined to it): not "he
    believes [McConnell is correct]"."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"
