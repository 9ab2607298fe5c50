"""Entities: spaCy's named-entity mentions with names and labels an analyst can count.

Within a document, mentions of one person ("Vladimir Zelensky", "Zelensky", "Zelensky's")
share the fullest name used in the article (`name`), and all mentions of a name share one
label decided by the evidence across the article (a name seen as PERSON stays PERSON in
"Trump's team"). Across documents, the alias table (`data/aliases.csv`, user-editable) maps
spellings to one `entity_name` ("Zelenskyy" -> "Volodymyr Zelenskyy", "Kiev" -> "Kyiv") and
corrects the small model's known confusions (a capital tagged PERSON is a GPE);
`entity_id` is built from that label and name, so counts aggregate across articles.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from tasks.text.aliases import Alias, alias_key, entity_id, load_aliases
from tasks.text.lexicon import (
    AFFILIATIONS,
    GENDER_WORDS,
    GENDERED_PRONOUNS,
    GIVEN_NAMES,
    HONORIFIC,
    HONORIFICS,
    KIN_NOUNS,
    NAME_SUFFIXES,
    NICKNAMES,
    PARTICLES,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    TITLES,
)
from tasks.text.segment import Sentence, sentence_index_at

# Named things an analyst counts; numbers, dates and amounts are left out of the table.
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
_LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for with and or but as from into over up down is are vs".split()
)
_ARTICLES = frozenset({"the", "a", "an"})
_NEUTER_VOTES = 1  # times an article calls a one-word "person" "its" before it is an organisation
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj"})
_HEADLINE_NAMES = frozenset({"nsubj", "nsubjpass", "poss"})  # where a headline word is a name
_THINGS = frozenset({"PRODUCT", "WORK_OF_ART", "ORG", "FAC", "EVENT", "LAW"})
_POSSESSIVE = re.compile(r"(?:['’‘]s|['’])$")
_TRAILING_NON_WORDS = re.compile(r"(?:\s+[^\sA-Za-z]+)+$")  # "Lucia Ferreira 6-4"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    name: str
    sentence_index: int
    entity_name: str = ""
    entity_id: str = ""


def normalise(text: str) -> str:
    """The name inside a mention: no leading article, honorific or trailing possessive."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    text = _POSSESSIVE.sub("", HONORIFIC.sub("", text)).strip()
    return _TRAILING_NON_WORDS.sub("", text)


def _alias_rows(aliases: dict[str, Alias]) -> list[tuple[str, str]]:
    """(surface form, label) pairs to look for: each alias as written in the table."""
    return sorted({(alias.surface, alias.label) for alias in aliases.values()})


def name_words(name: str) -> tuple[str, ...]:
    """The words that identify a person's name: no honorific ("Mr."), initials ("J.") or
    generational suffix ("Jr."), case-folded. "Joseph R. Biden Jr." -> ("joseph", "biden")."""
    words = [alias_key(w) for w in (normalise(name) or name).replace(",", " ").split()]
    kept = [w for w in words if w.rstrip(".") not in NAME_SUFFIXES and not is_initial(w)]
    return tuple(kept or words)


def is_initial(word: str) -> bool:
    """'J.', 'J' or 'H.W.': initials, not names."""
    return bool(_INITIALS.fullmatch(word))


def same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether name words `short` can be a shorter form of `full`: its surname or first name
    ("Clinton", "Hillary"), the same words, the same first and last ("Hillary Clinton" for
    "Hillary Rodham Clinton"), or the first of two surnames ("Ms. Acosta" for "Melba Acosta
    Febo")."""
    if len(short) > len(full):
        return False
    n = len(short)
    return (
        full[-n:] == short
        or full[:n] == short
        or (n > 1 and (short[0], short[-1]) == (full[0], full[-1]))
        or (n == 1 and short[0] in full[1:-1])
    )


def _person_names(
    keys: list[str],
    quoted_only: frozenset[str] = frozenset(),
    headline: str = "",
) -> dict[str, str]:
    """Map each person key to the fullest name in the document for the same person.

    "Trump", "Mr. Trump" and "Donald Trump" become "Donald J. Trump" when the article says
    so. Two different full names sharing a surname stay apart. A bare surname that could be
    either of them goes to the one the article is about (`_focus`), never simply the latest:
    "Sen. Chris Haddad ... Patrick Haddad, a lawyer, ... Haddad said" is Chris Haddad; an
    honorific tells them apart ("Mrs. Clinton" is not Bill Clinton). A
    name is never taken from inside quotation marks: a key seen only in quotes ("Crooked
    Hillary Clinton") is the fullest name the article writes outside them for that person,
    if any, and never names the others. `keys` come in text order, one per mention;
    `headline` is the text of the title and standfirst.
    """
    words = {key: name_words(key) for key in set(keys)}

    def fullness(key: str) -> tuple[int, int, int]:
        return len(words[key]), len(key.split()), len(key)

    def same(key: str, other: str) -> bool:
        return same_person(words[key], words[other]) or same_person(words[other], words[key])

    padded = {  # "Rival Hillary Clinton" where the article also writes "Hillary Clinton"
        key: shorter
        for key in words
        for shorter in [_padded_name(key, words, quoted_only)]
        if shorter is not None
    }
    longest: dict[str, str] = dict(padded)  # each key's fullest form, which may have a fuller one
    gendered = {key: _honorific_gender(key) for key in words}
    for key in set(words) - set(padded):
        outside = [
            o
            for o in words
            if o not in quoted_only and o not in padded and o != key and same(key, o)
        ]
        if key in quoted_only and outside:
            candidates = outside
        else:
            candidates = _by_surname_first(
                words[key],
                [
                    other
                    for other in words
                    if fullness(other) > fullness(key)
                    and other not in quoted_only
                    and other not in padded
                    and same_person(words[key], words[other])
                ],
                words,
            )
        if gendered[key] is not None:  # "Mrs. Clinton" is not Bill Clinton
            candidates = [c for c in candidates if _given_gender(words[c]) != _other(gendered[key])]
        people = [  # the candidates no other candidate is a fuller form of: one per person
            c
            for c in candidates
            if not any(
                fullness(d) > fullness(c) and same_person(words[c], words[d]) for d in candidates
            )
        ]
        if len({words[c] for c in people}) > 1:
            longest[key] = max(people, key=lambda c: _focus(c, people, keys, words, headline))
        else:
            first = {c: -keys.index(c) for c in candidates}  # ties: the first written
            longest[key] = max(candidates, key=lambda c: (fullness(c), first[c]), default=key)

    def root(key: str) -> str:
        seen = {key}
        while longest[key] not in seen:
            key = longest[key]
            seen.add(key)
        return key

    return {key: normalise(root(key)) if gendered[root(key)] else root(key) for key in longest}


def _honorific_gender(key: str) -> str | None:
    """The gender an honorific before a bare surname gives: "Mrs. Clinton" -> "f"."""
    words = key.split()
    return GENDER_WORDS.get(words[0].casefold()) if len(words) == 2 else None


def _given_gender(words: tuple[str, ...]) -> str | None:
    return GIVEN_NAMES.get(words[0]) if len(words) > 1 else None


def _other(gender: str | None) -> str | None:
    return {"m": "f", "f": "m"}.get(gender or "")


def _by_surname_first(
    short: tuple[str, ...], candidates: list[str], words: dict[str, tuple[str, ...]]
) -> list[str]:
    """The fuller names a short one can be, those it ends ("Trump" of "Donald Trump") before
    those it starts ("Trump" of "Trump Tower"): a bare word is a surname first."""
    ending = [c for c in candidates if words[c][-len(short) :] == short]
    return ending or candidates


def _padded_name(
    key: str, words: dict[str, tuple[str, ...]], quoted_only: frozenset[str]
) -> str | None:
    """The article's full name `key` holds after words that are not a given name ("Rival",
    "Democrat", "Vermonter" the model took in): the name, starting with a common given
    name, that the rest of the article writes without them. None if it writes none."""
    mine = words[key]
    shorter = [
        other
        for other, theirs in words.items()
        if 1 < len(theirs) < len(mine)
        and other not in quoted_only
        and mine[-len(theirs) :] == theirs
        and _given_name(theirs[0])  # not a double surname: "Claudia Ruiz Massieu"
        and not any(_given_name(w) for w in mine[: -len(theirs)])
    ]
    return max(shorter, key=lambda o: len(words[o]), default=None)


def _given_name(word: str) -> bool:
    return word in GIVEN_NAMES or word in NICKNAMES


def _focus(
    name: str,
    rivals: list[str],
    keys: list[str],
    words: dict[str, tuple[str, ...]],
    headline: str,
) -> tuple[bool, int, int]:
    """How much an article is about the person `name` rather than its `rivals` (people sharing
    a surname): named in the headline, named first, mentioned most by a form only they fit.
    News writing names its main subject in the headline and first."""

    def only_theirs(key: str) -> bool:
        others = (r for r in rivals if r != name)
        return same_person(words[key], words[name]) and not any(
            same_person(words[key], words[r]) for r in others
        )

    in_headline = name.casefold() in headline.casefold()  # even where the model tagged nothing
    return in_headline, -keys.index(name), sum(only_theirs(key) for key in keys)


def organisation_names(keys: list[str], aliases: dict[str, Alias]) -> dict[str, str]:
    """Map an organisation's short form to its full name in the document: an acronym of
    the full name's capitalised words ("AROS" for "Alliance to Reclaim Our Schools"), or its
    last words ("the Times" for "The New York Times", "the Daily News" for "the New York
    Daily News"), when exactly one full name fits. Names the alias table knows keep their
    own."""
    names = set(keys)
    found: dict[str, str] = {}
    for key in names:
        if alias_key(key) in aliases:
            continue
        words, letters = key.split(), key.replace(".", "")
        if len(words) == 1 and letters.isupper() and 2 <= len(letters) <= 6:
            fits = [f for f in names if len(f.split()) > 1 and _acronym(f) == letters]
        else:
            fits = [f for f in names if len(f.split()) > len(words) and _ends_with(f, words)]
        fullest = [f for f in fits if not any(g != f and _ends_with(g, f.split()) for g in fits)]
        if len(fullest) == 1:
            found[key] = fullest[0]
    return found


def _ends_with(name: str, words: list[str]) -> bool:
    return name.split()[-len(words) :] == words


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _harmonise_labels(mentions: list[Mention]) -> list[Mention]:
    """One label per canonical name, by majority over its mentions; PERSON evidence wins ties."""
    votes: dict[str, Counter[str]] = {}
    for mention in mentions:
        votes.setdefault(mention.name, Counter())[mention.label] += 1
    decided: dict[str, str] = {}
    for name, counter in votes.items():
        top = max(counter.values())
        tied = [label for label in _LABEL_PREFERENCE if counter.get(label) == top]
        decided[name] = tied[0] if tied else counter.most_common(1)[0][0]
    return [replace(m, label=decided[m.name]) for m in mentions]


def pronoun_after(span: Span, named: set[int]) -> str | None:
    """Gender of the first gendered pronoun after `span` in its sentence ("n" for "its"),
    unless another person is named between them (`named`: their characters) or a quotation
    mark stands between them: in "“Hillary should do what she wants,” he said", "she" is
    Hillary and "he" is not."""
    for token in span.doc[span.end :]:
        if token.is_sent_start or token.idx in named or token.is_quote:
            return None
        if token.lower_ in GENDERED_PRONOUNS:
            return GENDERED_PRONOUNS[token.lower_]
    return None


def _organisations_by_pronoun(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """A one-word name the model took for a person's that the article calls "its" more often
    than "he" or "she" ("Twitter said its rules ...") is an organisation's."""
    people = [m for m in mentions if m.label == "PERSON"]
    named = {i for m in people for i in range(m.start, m.end)}
    votes: dict[str, Counter[str]] = {}
    for mention in people:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if " " in mention.name or span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        pronoun = pronoun_after(span, named)
        if pronoun is not None:
            votes.setdefault(mention.name, Counter())[pronoun] += 1
    neuter = {
        name
        for name, tally in votes.items()
        if tally["n"] >= _NEUTER_VOTES and tally["n"] > tally["m"] + tally["f"]
    }
    return [replace(m, label="ORG") if m.name in neuter else m for m in mentions]


def _alias_for(name: str, label: str, aliases: dict[str, Alias]) -> Alias | None:
    """The alias row for a document-level name: the whole name, else a person's surname."""
    found = aliases.get(alias_key(name))
    if found is None and label == "PERSON" and " " in name:
        surname = aliases.get(alias_key(name.split()[-1]))
        found = surname if surname is not None and surname.label == "PERSON" else None
    return found


def _with_ids(mentions: list[Mention], aliases: dict[str, Alias]) -> list[Mention]:
    identified = []
    for mention in mentions:
        alias = _alias_for(mention.name, mention.label, aliases)
        name = alias.name if alias is not None and alias.label == mention.label else mention.name
        identified.append(
            replace(mention, entity_name=name, entity_id=entity_id(mention.label, name))
        )
    return identified


def _trimmed(ent: Span) -> Span | None:
    """The mention without a leading article ('the', 'a': "a Mitt Romney") or the
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
    a person's name, tagged as a thing on its own: "Ivanka" PRODUCT + "Trump" PERSON), and
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
    plural: "Senator", "Sens.", "Senators", "Coach", "Commissioner", "Democrat", "Brothers"."""
    word = token.lower_.rstrip(".")
    forms = {word, word[:-1]} if word.endswith("s") else {word}
    lists = (ROLE_NOUNS, TITLES, ROLE_ABBREVIATIONS, AFFILIATIONS, KIN_NOUNS)
    return any(form in words for form in forms for words in lists)


def _person_span(span: Span) -> Span:
    """A person's name without the words the model took in around it: a leading adverb,
    preposition, bracket or role ("Certainly Donald Trump", "Between [Donald Trump",
    "Billionaire Donald Trump"), what follows its possessive ("Donald Trump's America") and
    trailing words that are not names ("Donald Trump-led", "Lucia Ferreira 6-4")."""
    doc, start, end = span.doc, span.start, span.end
    while end - start > 1 and _not_a_name(doc[start]):
        start += 1
    possessive = next((t.i for t in doc[start:end] if t.tag_ == "POS"), None)
    if possessive is not None and possessive > start:
        end = possessive + 1
    while end - start > 1 and not _name_word(doc[end - 1]) and doc[end - 1].tag_ != "POS":
        end -= 1
    return Span(doc, start, end, label=span.label)


def _name_word(token: Token) -> bool:
    """A proper noun, or a capitalised word the tagger took for another ("O’Donnell" NOUN)."""
    return token.pos_ == "PROPN" or (token.is_title and token.pos_ in ("NOUN", "ADJ"))


def _not_a_name(token: Token) -> bool:
    """A capitalised word or bracket before a name that is not part of it: a role or title,
    also plural ("Senators Ana Ruiz and ..."), or a function word ("Between [Donald Trump")."""
    if token.is_punct or token.lower_ in _FUNCTION_WORDS:
        return True
    return token.is_title and (token.pos_ != "PROPN" or _role_word(token))


@lru_cache(maxsize=4)
def _alias_matcher(aliases: tuple[tuple[str, str], ...], vocab: Vocab) -> PhraseMatcher:
    """Case-sensitive phrase patterns for every alias, to find names the model missed."""
    matcher = PhraseMatcher(vocab, attr="ORTH")
    tokenizer = English(vocab).tokenizer
    for alias, label in aliases:
        matcher.add(label, [tokenizer(alias)])
    return matcher


def _missed_names(doc: Doc, aliases: dict[str, Alias]) -> list[Span]:
    """Alias-table names the model did not tag, as entity spans with the table's label."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
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


def _initial_label(ent: Span, key: str, aliases: dict[str, Alias]) -> str:
    """spaCy's label, unless the alias table knows the name ("Kiev" is a GPE, not a PERSON),
    a role word introduces it ("minister Dmytro Kuleba"), a role noun is in apposition to
    it ("Ana Ruiz, a star anchor") or an age follows it ("Novak, 24,"): then it is a
    PERSON."""
    alias = aliases.get(alias_key(key)) or aliases.get(alias_key(ent.text))
    if alias is not None:
        return alias.label
    person = _after_a_role(ent) or _role_in_apposition(ent) or _before_an_age(ent)
    return "PERSON" if person else ent.label_


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


Raw = tuple[Span, str, str]  # a mention's span, its name key, its label


def _swallows_a_verb(span: Span) -> bool:
    """'Trump accused Holt of being a' tagged WORK_OF_ART: a mention holding its sentence's
    main verb is not a name."""
    return any(token.dep_ == "ROOT" and token.pos_ in ("VERB", "AUX") for token in span)


def _headlines(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Spans of the title, the standfirst and body text written like headlines (every
    content word capitalised): a subheading such as "Trump Leads in Iowa", or a lead-in
    opening a paragraph, stop and all ("Senator Praises Governor For Budget Deal.")."""
    spans = []
    paragraph = None
    for sentence in sentences:
        words = [w for w in sentence.text.split() if w[:1].isalpha()]
        content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
        opens = sentence.paragraph_index != paragraph
        paragraph = sentence.paragraph_index
        headline = (
            len(content) >= 3
            and all(w[0].isupper() for w in content)
            and (opens or not sentence.text.rstrip("”’\"' ").endswith((".", "?", "!", ":")))
        )
        if sentence.part != "body" or headline:
            spans.append((sentence.start, sentence.end))
    return spans


def _anchored(
    raw: list[Raw], headlines: list[tuple[int, int]], aliases: dict[str, Alias]
) -> list[Raw]:
    """Mentions in headline text, and mentions swallowing a verb, kept only where the rest of
    the article confirms them.

    Title-case headlines are poor input for the model ("Trump Stands Tall", "Obama Says"
    tagged PERSON). Such a doubtful mention is kept if the body names it, else replaced by
    its longest word runs the body names (a body person's full name, surname or first name:
    "Rip Donald Trump" -> "Donald Trump", "Obama Says" -> "Obama"), else kept only if the
    alias table knows it, else dropped.
    """
    doubtful = [
        any(a <= span.start_char < b for a, b in headlines) or _swallows_a_verb(span)
        for span, _, _ in raw
    ]
    confirmed: dict[str, str] = {}
    for (_, key, label), doubt in zip(raw, doubtful, strict=True):
        if doubt:
            continue
        confirmed.setdefault(alias_key(key), label)
        words = key.split()
        if label == "PERSON" and len(words) > 1:
            for part in (words[0], words[-1]):
                confirmed.setdefault(alias_key(part), label)
    doc = raw[0][0].doc if raw else None
    written = {  # proper nouns of the text written as prose, tagged or not
        alias_key(t.text)
        for t in (doc or [])
        if t.pos_ == "PROPN" and not any(a <= t.idx < b for a, b in headlines)
    }
    kept: list[Raw] = []
    for (span, key, label), doubt in zip(raw, doubtful, strict=True):
        if not doubt or alias_key(key) in confirmed or _given_and_surname(key, label, written):
            kept.append((span, key, label))
            continue
        runs = _confirmed_runs(span, confirmed)
        if not runs and alias_key(key) in aliases:
            runs = [(span, key, label)]
        kept += runs
    return kept


def _given_and_surname(key: str, label: str, written: set[str]) -> bool:
    """'Cecile Richards' in a headline where the body says 'Richards': a person's name of a
    common given name and a surname the prose writes (whatever the model tagged it there)."""
    words = key.split()
    return (
        label == "PERSON"
        and len(words) == 2
        and _given_name(words[0].casefold())
        and alias_key(words[1]) in written
    )


def _confirmed_runs(span: Span, confirmed: dict[str, str]) -> list[Raw]:
    """The longest non-overlapping word runs of `span` that `confirmed` names."""
    runs: list[Raw] = []
    free = set(range(span.start, span.end))
    for size in range(len(span) - 1, 0, -1):
        for first in range(span.start, span.end - size + 1):
            words = range(first, first + size)
            if not free.issuperset(words):
                continue
            run = span.doc[first : first + size]
            key = normalise(run.text) or run.text
            label = confirmed.get(alias_key(key))
            if label is not None and run[0].is_title:
                runs.append((Span(span.doc, first, first + size, label=label), key, label))
                free.difference_update(words)
    return sorted(runs, key=lambda r: r[0].start)


def _untagged_surnames(raw: list[Raw], person_keys: list[str], body_start: int) -> list[Raw]:
    """Words the model left untagged that are the surname of a person the article names in
    full ("Richard Revesz ... Revesz said"): PERSON mentions too; in the headline only as a
    subject or possessor ("Trump Says He Never ...")."""
    surnames = {key.split()[-1] for key in person_keys if len(name_words(key)) > 1}
    if not raw or not surnames:
        return []
    doc = raw[0][0].doc
    taken = {i for span, _, _ in raw for i in range(span.start, span.end)}
    return [
        (span, normalise(span.text) or span.text, "PERSON")
        for token in doc
        if (token.idx >= body_start or token.dep_ in _HEADLINE_NAMES)  # "Trump Says He ..."
        and token.i not in taken
        and token.text in surnames
        and (_name_word(token) or token.dep_ in _NOMINAL)  # "Trump" tagged VERB, as subject
        for span in [_trimmed(Span(doc, token.i, token.i + 1, label="PERSON"))]
        if span is not None
    ]


def _with_honorific(span: Span, key: str) -> str:
    """A bare surname's key with the honorific written before it ("Mrs. Clinton"), which
    tells two people of that surname apart; any other key as it is."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    word = before.lower_.rstrip(".") if before is not None else ""
    honorific = word in HONORIFICS and " " not in key
    return f"{before.text} {key}" if honorific and before is not None else key


def _quoted_only(raw: list[Raw], quoted: Sequence[tuple[int, int]]) -> frozenset[str]:
    """Keys whose every mention lies between quotation marks."""
    starts = sorted(quoted)
    opens = [start for start, _ in starts]

    def inside(char: int) -> bool:
        index = bisect.bisect_right(opens, char) - 1
        return index >= 0 and char < starts[index][1]

    seen_outside = {key for span, key, _ in raw if not inside(span.start_char)}
    return frozenset(key for _, key, _ in raw if key not in seen_outside)


def _of_the_family(span: Span, key: str, label: str) -> Raw:
    """A given name sharing a surname: before a full name it is joined to ("John and Brian
    Meza" is John Meza), or in apposition to a family word of a named person ("Schilling's
    son, Grant," and "Grant, Schilling's son" are Grant Schilling, whatever the model tagged
    "Grant")."""
    if len(span) != 1:
        return span, key, label
    name = span[0]
    partner = next((c for c in name.children if c.dep_ == "conj"), None)
    given = partner is not None and partner.i > name.i and name.lower_ in GIVEN_NAMES
    if given and partner is not None and partner.ent_type_ == "PERSON" and _name_word(partner):
        return span, f"{key} {partner.text}", "PERSON"
    kin = name.head if name.dep_ == "appos" else None
    kin = kin or next((c for c in name.children if c.dep_ == "appos"), None)
    if kin is None or kin.lower_ not in KIN_NOUNS:
        return span, key, label
    owner = next((c for c in kin.children if c.dep_ == "poss" and _name_word(c)), None)
    return (span, f"{key} {owner.text}", "PERSON") if owner is not None else (span, key, label)


def _with_particles(raw: list[Raw]) -> list[Raw]:
    """Person names whole with the particles of their surname: the model often cuts
    "Pieter van den Berg" into "Pieter van" and "Berg"; one mention is left, and the spans
    it swallows are dropped."""
    return _outermost(
        [
            (span, normalise(span.text) or span.text, label)
            if label == "PERSON" and (span := _particle_span(whole)) != whole
            else (whole, key, label)
            for whole, key, label in raw
        ]
    )


def _outermost(raw: list[Raw]) -> list[Raw]:
    """The mentions no longer mention holds: one name swallowed by another as it was made
    whole ("Ivanka" PRODUCT inside "Ivanka Trump") is dropped."""
    return [
        (span, key, label)
        for n, (span, key, label) in enumerate(raw)
        if not any(
            m != n
            and other.start <= span.start
            and span.end <= other.end
            and len(other) > len(span)
            for m, (other, _, _) in enumerate(raw)
        )
    ]


def _particle_span(span: Span) -> Span:
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


def _surname(name: str) -> str:
    """The surname of a full name with its particles, case-folded: "von der leyen"."""
    words = name.casefold().split()
    first = len(words) - 1
    while first > 1 and words[first - 1] in PARTICLES:
        first -= 1
    return " ".join(words[first:])


def _promoted(raw: list[Raw], quoted_only: frozenset[str] = frozenset()) -> list[Raw]:
    """Mentions tagged ORG, GPE or other that the article shows to be a person's, as PERSON
    mentions trimmed like a person's name: the bare surname of a full name tagged PERSON
    (the small model often tags a bare surname ORG, and one with particles too: "Von der
    Leyen"), or a full name whose surname is tagged PERSON ("Between [Donald Trump" tagged
    WORK_OF_ART). A name seen only in quotes shows nothing ("Twitter" is not the surname
    of a "Wilayat Twitter" someone quotes)."""
    tagged = [key for _, key, label in raw if label == "PERSON" and key not in quoted_only]
    surnames = {p.split()[-1] for p in tagged}
    full_names = {p for p in tagged if " " in p}
    bare = {_surname(p) for p in full_names} | {p.split()[-1].casefold() for p in full_names}
    promoted: list[Raw] = []
    for span, key, label in raw:
        is_surname = key.casefold() in bare
        is_full_name = " " in key and key.istitle() and key.split()[-1] in surnames
        if label != "PERSON" and (is_surname or is_full_name):
            span = _person_span(span)
            key, label = normalise(span.text) or span.text, "PERSON"
        promoted.append((span, key, label))
    return promoted


def extract_entities(
    doc: Doc,
    sentences: list[Sentence],
    aliases: dict[str, Alias] | None = None,
    quoted: Sequence[tuple[int, int]] = (),
) -> list[Mention]:
    """Named mentions of `doc`, each with its names, label, entity id and sentence;
    `quoted` holds the (start, end) of the text between quotation marks, where a person's
    name is never taken from."""
    aliases = load_aliases() if aliases is None else aliases
    found = [ent for ent in doc.ents if ent.label_ in NAMED_LABELS]
    found += _missed_names(doc, aliases)
    raw = [
        (span, key, label)
        for ent in sorted(found, key=lambda e: e.start)
        for trimmed in [_trimmed(ent)]
        if trimmed is not None
        for label in [_initial_label(trimmed, normalise(trimmed.text), aliases)]
        for span in [_person_span(trimmed) if label == "PERSON" else trimmed]
        for key in [normalise(span.text) or span.text]
    ]
    body_start = min((s.start for s in sentences if s.part == "body"), default=0)
    raw = _anchored(raw, _headlines(sentences), aliases)
    raw = _with_particles(raw)
    raw = [_of_the_family(span, key, label) for span, key, label in raw]
    raw = _promoted(raw, _quoted_only(raw, quoted))
    person_keys = sorted({key for _, key, label in raw if label == "PERSON"})
    raw = _outermost(raw + _untagged_surnames(raw, person_keys, body_start))
    raw.sort(key=lambda r: r[0].start)
    raw = [(span, _with_honorific(span, key), label) for span, key, label in raw]
    people = _person_names(
        [key for _, key, label in raw if label == "PERSON"],
        quoted_only=_quoted_only(raw, quoted),
        headline=doc.text[:body_start],
    )
    names = organisation_names([key for _, key, label in raw if label == "ORG"], aliases) | people
    starts = [sentence.start for sentence in sentences]
    mentions = [
        Mention(
            span.start_char,
            span.end_char,
            span.text,
            "PERSON" if key in people else label,
            names.get(key, key),
            sentence_index_at(starts, span.start_char),
        )
        for span, key, label in raw
    ]
    mentions.sort(key=lambda m: m.start)
    return _with_ids(_organisations_by_pronoun(_harmonise_labels(mentions), doc), aliases)
