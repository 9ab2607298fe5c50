"""Entities: spaCy's named-entity mentions with names and labels an analyst can count.

Within a document, mentions of one person ("Vladimir Zelensky", "Zelensky", "Zelensky's")
share the fullest name used in the article (`name`), and all mentions of a name share one
label decided by the evidence across the article (a name seen as PERSON stays PERSON in
"Gromble's team"). Across documents, the alias table (`data/aliases.csv`, user-editable) maps
spellings to one `entity_name` ("Zelenskyy" -> "Volodymyr Zelenskyy", "Kiev" -> "Kyiv") and
corrects the small model's known confusions (a capital tagged PERSON is a GPE);
`entity_id` is built from that label and name, so counts aggregate across articles.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby, takewhile
from operator import itemgetter
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from tasks.extract.labels import (
    harmonise_labels,
    organisations_by_pronoun,
    people_by_pronoun,
    surname_genders,
)
from tasks.extract.mentions import Mention, name_words, normalise, organisation_names
from tasks.extract.name_spans import (
    FUNCTION_WORDS,
    initial_label,
    missed_names,
    name_pieces,
    name_word,
    particle_span,
    person_inside,
    person_span,
    surname_of,
    swallows_a_verb,
    tidy_span,
    with_honorific,
)
from tasks.extract.person_names import given_name, person_names
from tasks.text.aliases import Alias, alias_key, entity_id, load_aliases
from tasks.text.lexicon import (
    GIVEN_NAMES,
    KIN_NOUNS,
)
from tasks.text.parts import Sentence, sentence_index_at

# Named things an analyst counts; numbers, dates and amounts are left out of the table.
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj"})
_HEADLINE_NAMES = frozenset({"nsubj", "nsubjpass", "poss"})  # where a headline word is a name


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


class Found(NamedTuple):
    """A mention as extraction finds it, before its document-level name is settled."""

    span: Span
    key: str  # the name as written, normalised: the key it is grouped by
    label: str


def _headlines(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Spans of the title, the standfirst and body text written like headlines (every
    content word capitalised): a subheading such as "Hale Leads in Iowa", or a lead-in
    opening a paragraph, stop and all ("Senator Praises Governor For Budget Deal.")."""
    spans = []
    paragraph = None
    for sentence in sentences:
        words = [w for w in sentence.text.split() if w[:1].isalpha()]
        content = [w for w in words if w.lower() not in FUNCTION_WORDS]
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


def _text_before(tokens: list[Token], end: int) -> str:
    """`doc.text[:end]` (the joined words and spaces of `tokens`, a whole Doc's), joining only
    the words that start before `end`: joining all of them costs as much as a walk of the Doc."""
    return "".join(t.text_with_ws for t in takewhile(lambda t: t.idx < end, tokens))[:end]


def _anchored(
    raw: list[Found],
    headlines: list[tuple[int, int]],
    aliases: dict[str, Alias],
    tokens: list[Token],
) -> list[Found]:
    """Mentions in headline text, and mentions swallowing a verb, kept only where the rest of
    the article confirms them.

    Title-case headlines are poor input for the model ("Wayne Stands Tall", "Wayne Says"
    tagged PERSON). Such a doubtful mention is kept if the body names it, else replaced by
    its longest word runs the body names (a body person's full name, surname or first name:
    "Rip Karen Wayne" -> "Karen Wayne", "Wayne Says" -> "Wayne"), else kept only if the
    alias table knows it, else dropped.
    """
    doubtful = [
        any(a <= span.start_char < b for a, b in headlines) or swallows_a_verb(span)
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
    written = {  # proper nouns of the text written as prose, tagged or not
        alias_key(t.text)
        for t in tokens
        if t.pos_ == "PROPN" and not any(a <= t.idx < b for a, b in headlines)
    }
    kept: list[Found] = []
    for (span, key, label), doubt in zip(raw, doubtful, strict=True):
        if not doubt or alias_key(key) in confirmed or _given_and_surname(key, label, written):
            kept.append(Found(span, key, label))
            continue
        runs = _confirmed_runs(span, confirmed)
        if not runs and alias_key(key) in aliases:
            runs = [Found(span, key, label)]
        kept += runs
    return kept


def _given_and_surname(key: str, label: str, written: set[str]) -> bool:
    """'Helen Okafor' in a headline where the body says 'Okafor': a person's name of a
    common given name and a surname the prose writes (whatever the model tagged it there)."""
    words = key.split()
    return (
        label == "PERSON"
        and len(words) == 2
        and given_name(words[0].casefold())
        and alias_key(words[1]) in written
    )


def _confirmed_runs(span: Span, confirmed: dict[str, str]) -> list[Found]:
    """The longest non-overlapping word runs of `span` that `confirmed` names."""
    runs: list[Found] = []
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
                runs.append(Found(Span(span.doc, first, first + size, label=label), key, label))
                free.difference_update(words)
    return sorted(runs, key=lambda r: r[0].start)


def _untagged_surnames(
    raw: list[Found], person_keys: list[str], body_start: int, tokens: list[Token]
) -> list[Found]:
    """Words the model left untagged that are the surname of a person the article names in
    full ("Dana Orlov ... Orlov said"): PERSON mentions too; in the headline only as a
    subject or possessor ("Hale Says He Never ..."); never as the title of another name
    ("Judge Ana Ruiz" where the article names a Nora Judge)."""
    surnames = {key.split()[-1] for key in person_keys if len(name_words(key)) > 1}
    if not raw or not surnames:
        return []
    doc = raw[0][0].doc
    taken = {i for span, _, _ in raw for i in range(span.start, span.end)}
    return [
        Found(span, normalise(span.text) or span.text, "PERSON")
        for token in tokens
        if token.text in surnames  # first: the one test most words fail
        and (token.idx >= body_start or token.dep_ in _HEADLINE_NAMES)  # "Hale Says He ..."
        and token.i not in taken
        and not (token.dep_ == "compound" and token.head.ent_type_ == "PERSON")  # a title
        and (name_word(token) or token.dep_ in _NOMINAL)  # "Judge" tagged VERB, as subject
        for span in [tidy_span(Span(doc, token.i, token.i + 1, label="PERSON"))]
        if span is not None
    ]


def _quoted_only(raw: list[Found], quoted: Sequence[tuple[int, int]]) -> frozenset[str]:
    """Keys whose every mention lies between quotation marks."""
    starts = sorted(quoted)
    opens = [start for start, _ in starts]

    def inside(char: int) -> bool:
        index = bisect.bisect_right(opens, char) - 1
        return index >= 0 and char < starts[index][1]

    seen_outside = {key for span, key, _ in raw if not inside(span.start_char)}
    return frozenset(key for _, key, _ in raw if key not in seen_outside)


def _of_the_family(span: Span, key: str, label: str, firsts: frozenset[str]) -> Found:
    """A given name sharing a surname: before a full name it is joined to ("John and Brian
    Meza" is John Meza) unless the article writes it as the first name of a full name
    (`firsts`: "Vera and Tom Hale" beside "Vera Lindqvist"), or in apposition to a family
    word of a named person ("Hale's son, Grant," and "Grant, Hale's son" are Grant
    Hale, whatever the model tagged "Grant")."""
    if len(span) != 1:
        return Found(span, key, label)
    name = span[0]
    partner = next((c for c in name.children if c.dep_ == "conj"), None)
    given = partner is not None and partner.i > name.i and name.lower_ in GIVEN_NAMES
    given = given and name.text not in firsts
    if given and partner is not None and _full(partner) and name_word(partner):
        return Found(span, f"{key} {partner.text}", "PERSON")
    kin = name.head if name.dep_ == "appos" else None
    kin = kin or next((c for c in name.children if c.dep_ == "appos"), None)
    if kin is None or kin.lower_ not in KIN_NOUNS:
        return Found(span, key, label)
    owner = next((c for c in kin.children if c.dep_ == "poss" and name_word(c)), None)
    return (
        Found(span, f"{key} {owner.text}", "PERSON")
        if owner is not None
        else Found(span, key, label)
    )


def _full(surname: Token) -> bool:
    """A person's surname written after a given name of its own ("Brian" of "Brian Meza"):
    "Hale and Ortiz" or "Bill, Vera and Lena" join no given name to a surname."""
    before = surname.doc[surname.i - 1]
    return (
        surname.ent_type_ == "PERSON"
        and before.dep_ == "compound"
        and before.head.i == surname.i
        and name_word(before)
    )


def _with_particles(raw: list[Found]) -> list[Found]:
    """Person names whole with the particles of their surname: the model often cuts
    "Pieter van den Berg" into "Pieter van" and "Berg"; one mention is left, and the spans
    it swallows are dropped."""
    return _outermost(
        [
            Found(span, normalise(span.text) or span.text, label)
            if label == "PERSON" and (span := particle_span(whole)) != whole
            else Found(whole, key, label)
            for whole, key, label in raw
        ]
    )


def _outermost(raw: list[Found]) -> list[Found]:
    """The mentions no longer mention holds: one name swallowed by another as it was made
    whole ("Dayo" PRODUCT inside "Dayo Okonkwo") is dropped.

    One sweep by start: a span is held by a longer one when another starting with it ends
    later, or one starting before it ends no earlier (a pairwise test was quadratic)."""
    inner: set[tuple[int, int]] = set()
    reach = -1  # the furthest end of the spans that start before this start
    for start, group in groupby(sorted({(f.span.start, f.span.end) for f in raw}), itemgetter(0)):
        ends = [end for _, end in group]  # ascending
        inner.update((start, end) for end in ends if end <= reach or end < ends[-1])
        reach = max(reach, ends[-1])
    return [found for found in raw if (found.span.start, found.span.end) not in inner]


def _as_person(span: Span) -> Found:
    """A mention as a person's, trimmed like a person's name."""
    span = person_span(span)
    return Found(span, normalise(span.text) or span.text, "PERSON")


def _as_people(raw: list[Found], keys: frozenset[str]) -> list[Found]:
    """The mentions named `keys` as a person's."""
    return [
        _as_person(found.span) if found.key in keys and found.label != "PERSON" else found
        for found in raw
    ]


def _promoted(raw: list[Found], quoted_only: frozenset[str] = frozenset()) -> list[Found]:
    """Mentions tagged ORG, GPE or other that the article shows to be a person's, as PERSON
    mentions trimmed like a person's name: the bare surname of a full name tagged PERSON
    (the small model often tags a bare surname ORG, and one with particles too: "Von der
    Heyde"), or a full name whose surname is tagged PERSON ("Between [Tomas Gromble" tagged
    WORK_OF_ART). A name seen only in quotes shows nothing ("Twitter" is not the surname
    of a "Wilayat Twitter" someone quotes)."""
    tagged = [key for _, key, label in raw if label == "PERSON" and key not in quoted_only]
    surnames = {p.split()[-1] for p in tagged}
    full_names = {p for p in tagged if " " in p}
    bare = {surname_of(p) for p in full_names} | {p.split()[-1].casefold() for p in full_names}
    promoted: list[Found] = []
    for found in raw:
        is_surname = found.key.casefold() in bare
        is_full_name = " " in found.key and found.key.istitle()
        is_full_name = is_full_name and found.key.split()[-1] in surnames
        person = found.label != "PERSON" and (is_surname or is_full_name)
        promoted.append(_as_person(found.span) if person else found)
    return promoted


def extract_entities(
    doc: Doc,
    sentences: list[Sentence],
    aliases: dict[str, Alias] | None = None,
    quoted: Sequence[tuple[int, int]] = (),
    tokens: list[Token] | None = None,
) -> list[Mention]:
    """Named mentions of `doc`, each with its names, label, entity id and sentence;
    `quoted` holds the (start, end) of the text between quotation marks, where a person's
    name is never taken from; `tokens` is `list(doc)` when the caller has made it."""
    aliases = load_aliases() if aliases is None else aliases
    ents = doc.ents
    found = [
        part
        for ent in ents
        if ent.label_ in NAMED_LABELS
        for piece in name_pieces(ent)
        for part in person_inside(piece)
    ]
    found += missed_names(doc, aliases, ents)
    raw = [
        Found(span, key, label)
        for ent in sorted(found, key=lambda e: e.start)
        for trimmed in [tidy_span(ent)]
        if trimmed is not None
        for label in [initial_label(trimmed, normalise(trimmed.text), aliases)]
        for span in [person_span(trimmed) if label == "PERSON" else trimmed]
        for key in [normalise(span.text) or span.text]
    ]
    body_start = min((s.start for s in sentences if s.part == "body"), default=0)
    tokens = list(doc) if tokens is None else tokens  # each walk of a Doc makes new Tokens
    raw = _anchored(raw, _headlines(sentences), aliases, tokens)
    raw = _with_particles(raw)
    firsts = frozenset(k.split()[0] for _, k, label in raw if label == "PERSON" and " " in k)
    raw = [_of_the_family(span, key, label, firsts) for span, key, label in raw]
    raw = _as_people(raw, people_by_pronoun(raw))
    raw = _promoted(raw, _quoted_only(raw, quoted))
    person_keys = sorted({key for _, key, label in raw if label == "PERSON"})
    raw = _outermost(raw + _untagged_surnames(raw, person_keys, body_start, tokens))
    raw.sort(key=lambda r: r[0].start)
    raw = [Found(span, with_honorific(span, key), label) for span, key, label in raw]
    people = person_names(
        [key for _, key, label in raw if label == "PERSON"],
        quoted_only=_quoted_only(raw, quoted),
        headline=_text_before(tokens, body_start),
        genders=surname_genders(raw),
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
    return _with_ids(organisations_by_pronoun(harmonise_labels(mentions), doc), aliases)
