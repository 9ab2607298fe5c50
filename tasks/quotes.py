"""Quotes: direct, partial (mixed) and reported (indirect) speech, with speaker and cue.

Works on the pipeline's one parsed Doc. Quote marks are paired per paragraph, so an
unbalanced mark can never swallow more than its paragraph; a paragraph left open whose
successor opens again continues the same quote (news style). Attribution comes from the
dependency parse: a verb of saying outside the quote, its subject as the speaker.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from tasks.clean import Block
from tasks.entities import ROLE_NOUNS, Mention
from tasks.nlp import lemma
from tasks.segment import Sentence, sentence_index_at

SPEECH_LEMMAS = frozenset(
    """say tell add argue warn insist state stress confirm claim explain note declare announce
    acknowledge admit assert report write tweet suggest predict promise vow deny reply respond
    ask answer recall emphasize emphasise comment mention contend maintain allege concede urge
    caution testify complain boast joke quip reveal disclose repeat reiterate observe remark
    counter retort shout whisper post hint signal agree conclude describe cite call continue
    quote question accuse""".split()
)
_HE_SHE = frozenset({"he", "she", "him", "her"})
# Common nouns that name an organisation speaking: "the newspaper wrote", "the ministry said".
ORGANISATION_NOUNS = frozenset(
    """newspaper paper magazine website network broadcaster agency ministry department company
    firm bank government administration campaign committee council court party union office
    group organization organisation embassy commission army military police""".split()
)
# Words that give a person's gender: pronouns, honorifics and gendered role nouns.
_GENDER_WORDS = {
    word: gender
    for gender, words in (
        ("m", "he him mr mr. spokesman congressman chairman businessman"),
        ("f", "she her mrs mrs. ms ms. miss spokeswoman congresswoman chairwoman businesswoman"),
    )
    for word in words.split()
}
_MARK = re.compile(r"``|''|[“”«»„\"]")
_TRIM = " \t\n,;:—–-"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str | None = None
    speaker_label: str | None = None
    cue: str | None = None
    cue_lemma: str | None = None
    speaker_entity_id: str | None = None
    paragraph_index: int = 0
    sentence_index: int = 0


def quote_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:20]


# --- quote marks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    """Content between quote marks within one paragraph."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    paragraph_index: int
    continued: bool  # this paragraph re-opens a quote the previous one left open


_STYLE = {"“": "curly", "”": "curly", "„": "curly", "«": "angle", "»": "angle"}
_STYLE |= {'"': "straight", "``": "double", "''": "double"}


def _role(paragraph: str, at: int, mark: str) -> str:
    """'open' or 'close': curly marks say so; straight ones by the spaces around them."""
    if mark in "“„«" or mark == "``":
        return "open"
    if mark in "”»":  # a closing glyph opening a paragraph is a typo for an opening one
        return "open" if at == 0 else "close"
    before = paragraph[at - 1] if at else " "
    after = paragraph[at + len(mark) : at + len(mark) + 1]
    opens = (before.isspace() or before in "([{—–-/") and after != "" and not after.isspace()
    return "open" if opens else "close"


def _pair_marks(paragraph: str) -> tuple[list[tuple[int, int, int, int | None]], bool]:
    """(opening mark, content start, content end, closing mark) of each top-level quote, and
    whether the paragraph ends inside one.

    A quote of another style inside a quote is nested and kept in the outer content; a second
    opener of the outer style means the first was stray, so the quote restarts there.
    """
    spans: list[tuple[int, int, int, int | None]] = []
    stack: list[tuple[str, int, int]] = []  # (style, position, mark length)
    for match in _MARK.finditer(paragraph):
        at, mark = match.start(), match.group()
        style, role = _STYLE[mark], _role(paragraph, at, mark)
        if not stack:
            if role == "open":
                stack.append((style, at, len(mark)))
            continue
        if role == "close":
            if len(stack) == 2 and style == stack[-1][0]:
                stack.pop()
                continue
            if len(stack) == 2 and style != stack[0][0]:
                continue
            _, opened, length = stack[0]
            spans.append((opened, opened + length, at, at))
            stack.clear()
        elif style != stack[-1][0] and len(stack) < 2:
            stack.append((style, at, len(mark)))
        elif len(stack) == 1:
            stack[0] = (style, at, len(mark))
    if stack:
        _, opened, length = stack[0]
        spans.append((opened, opened + length, len(paragraph), None))
    return spans, bool(stack)


def find_marked(text: str, blocks: tuple[Block, ...]) -> list[Marked]:
    """Quotes between paired marks, paragraph by paragraph; apostrophes are never marks.

    An unclosed quote ends with its paragraph; when the next paragraph opens with a quote
    mark, that quote continues the open one (news style).
    """
    spans: list[Marked] = []
    left_open = False
    for index, block in enumerate(blocks):
        paragraph = text[block.start : block.end]
        pairs, ends_open = _pair_marks(paragraph)
        for opened, start, end, close in pairs:
            spans.append(
                Marked(
                    block.start + start,
                    block.start + end,
                    block.start + opened,
                    None if close is None else block.start + close,
                    index,
                    continued=left_open and opened == 0,
                )
            )
        left_open = ends_open
    return [span for span in spans if text[span.start : span.end].strip()]


# --- attribution -------------------------------------------------------------------------


def _is_cue(token: Token) -> bool:
    """A verb of saying, or the idiom 'put it' ("as X put it")."""
    if not token.tag_.startswith("VB"):
        return False
    base = lemma(token)
    return base in SPEECH_LEMMAS or (
        base == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    )


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject; conjoined or participle verbs share their head verb's subject."""
    for child in verb.children:
        if child.dep_ == "nsubj" or (depth and child.dep_ == "nsubjpass"):
            return child
    if depth < 3 and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    return None


# --- per-document context ----------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    text: str
    start: int
    end: int
    name: str | None
    label: str | None
    cue: Token | None
    entity_id: str | None = None

    @classmethod
    def named(cls, text: str, start: int, end: int, mention: Mention, cue: Token | None) -> Speaker:
        """A speaker resolved to an entity mention."""
        return cls(text, start, end, mention.name, mention.label, cue, mention.entity_id)


def _genders(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Gender the article gives a person by name: an honorific or role noun right before a
    mention ("Mr. Ortega", "spokeswoman Jen Psaki"). Names without such evidence are absent."""
    evidence: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and span.start > 0:
            gender = _GENDER_WORDS.get(doc[span.start - 1].lower_)
            if gender is not None:
                evidence.setdefault(mention.name, set()).add(gender)
    return {name: genders.pop() for name, genders in evidence.items() if len(genders) == 1}


class _Context:
    """Lookups over one parsed document shared by the extraction steps."""

    def __init__(
        self,
        doc: Doc,
        sentences: list[Sentence],
        blocks: tuple[Block, ...],
        mentions: list[Mention],
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]
        self._token_starts = [t.idx for t in doc]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.marked = find_marked(doc.text, blocks)
        self._quoted = [
            (m.open_mark, m.end if m.close_mark is None else m.close_mark) for m in self.marked
        ]
        self.genders = _genders(doc, self.mentions)

    def sentence_index_at(self, char: int) -> int:
        return sentence_index_at(self._sentence_starts, char)

    def sentence_at(self, char: int) -> Sentence:
        return self.sentences[self.sentence_index_at(char)]

    def tokens(self, start: int, end: int) -> Span:
        """Tokens starting within [start, end)."""
        first = bisect.bisect_left(self._token_starts, start)
        return self.doc[first : bisect.bisect_left(self._token_starts, end)]

    def whole_quotes(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) widened so that it never ends or starts inside a quote."""
        for marked in self.marked:
            if marked.start < end < marked.end:
                end = marked.end
            if marked.start < start < marked.end:
                start = marked.start
        return start, end

    def in_quote(self, char: int) -> bool:
        return any(open_ <= char <= close for open_, close in self._quoted)

    def mention_covering(self, token: Token) -> Mention | None:
        return next((m for m in self.mentions if m.start <= token.idx < m.end), None)

    def antecedent(self, before: int, gender: str | None = None) -> Mention | None:
        """The person a pronoun or role noun at `before` most likely means.

        The latest person who was a clause subject in the last three sentences wins, else
        the latest person named before; mentions inside quotes are skipped, and so are
        people the article marks with the other gender ("Ms. Raman" is not "he").
        """
        window = self.sentences[max(self.sentence_index_at(before) - 3, 0)].start
        people = [
            m
            for m in self.mentions
            if m.label == "PERSON"
            and m.end <= before
            and not self.in_quote(m.start)
            and (gender is None or self.genders.get(m.name, gender) == gender)
        ]
        recent = [m for m in people if m.start >= window]
        speakers = [m for m in recent if self._subject_rank(m) == 2]
        subjects = [m for m in recent if self._subject_rank(m) == 1]
        return (speakers or subjects or people or [None])[-1]

    def _subject_rank(self, mention: Mention) -> int:
        """2 for the subject of a verb of saying, 1 for another subject, else 0."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
            return 0
        return 2 if _is_cue(span.root.head) else 1

    def speaker_of(self, cue: Token, subject: Token) -> Speaker:
        """Surface span (modifiers up to the head noun) and resolved name of a subject.

        A named apposition ("the minister, Paul Grant,") extends the span and names it.
        """
        first = subject.left_edge
        while first.i < subject.i and (self.in_quote(first.idx) or first.is_punct):
            first = self.doc[first.i + 1]
        start, end = first.idx, subject.idx + len(subject)
        named = [
            mention
            for child in subject.children
            if child.dep_ == "appos" and (mention := self.mention_covering(child)) is not None
        ]
        if named:
            end = named[0].end
            return Speaker.named(self.text[start:end], start, end, named[0], cue)
        text = self.text[start:end]
        mention = self._resolve(subject, start)
        if mention is not None:
            return Speaker.named(text, start, end, mention, cue)
        if subject.pos_ == "PRON" or self._refers_back(subject):
            return Speaker(text, start, end, None, None, cue)
        label = "ORG" if lemma(subject) in ORGANISATION_NOUNS else None
        return Speaker(text, start, end, text, label, cue)

    def _refers_back(self, head: Token) -> bool:
        """'he', 'she' or 'the senator': words that point at a person named earlier."""
        is_role = lemma(head) in ROLE_NOUNS and any(
            c.lower_ == "the" or c.dep_ == "poss" for c in head.children
        )
        return head.lower_ in _HE_SHE or is_role

    def _resolve(self, head: Token, start: int) -> Mention | None:
        """The entity mention a speaker's head names or, for a pronoun or role, refers to."""
        mention = self.mention_covering(head)
        if mention is None and self._refers_back(head):
            mention = self.antecedent(start, _GENDER_WORDS.get(head.lower_))
        return mention


def _find_cue(tokens: Iterable[Token], ctx: _Context, any_verb: bool = False) -> Token | None:
    """First verb of saying (or, with `any_verb`, any verb) outside quotes with a subject."""
    for token in tokens:
        is_cue = _is_cue(token) or (any_verb and token.pos_ == "VERB")
        if is_cue and not ctx.in_quote(token.idx) and _subject(token) is not None:
            return token
    return None


def _speaker_from_cue(cue: Token | None, ctx: _Context) -> Speaker | None:
    subject = _subject(cue) if cue is not None else None
    return ctx.speaker_of(cue, subject) if subject is not None else None


# --- direct quotes -----------------------------------------------------------------------


def _after_close(marked: Marked, ctx: _Context) -> tuple[int, int]:
    """Text after the quote's closing mark up to the end of its sentence."""
    after = marked.end if marked.close_mark is None else marked.close_mark + 1
    if ctx.text.startswith("''", after - 1) and marked.close_mark is not None:
        after += 1
    return after, ctx.sentence_at(max(after - 1, 0)).end


def _introduces(prefix: Span, ctx: _Context) -> bool:
    """'X said,' right before a quote: a verb of saying with nothing verbal after it."""
    cue = _find_cue(reversed(prefix), ctx)
    return cue is not None and not any(t.pos_ in ("VERB", "AUX") for t in prefix if t.i > cue.i)


def _is_full(marked: Marked, ctx: _Context) -> bool:
    """A full quote is a sentence of its own, or introduced (colon, dash, 'X said,') and
    followed by nothing but its attribution; anything else is a partial quote."""
    if marked.continued:
        return True
    sentence = ctx.sentence_at(marked.open_mark)
    before = ctx.tokens(sentence.start, marked.open_mark)
    prefix = ctx.text[sentence.start : marked.open_mark].rstrip()
    introduced = not prefix or prefix.endswith((":", "—", "–"))
    if not introduced and not (prefix.endswith(",") and _introduces(before, ctx)):
        return False
    start, end = _after_close(marked, ctx)
    after = ctx.tokens(start, end)
    words = [t for t in after if not (t.is_punct or t.is_space)]
    attributed = _find_cue(after, ctx) is not None or _DASH.match(ctx.text[start:end])
    return len(words) < 2 or bool(attributed)


_DASH = re.compile(r"^\s*[―—–-]\s*\S")


def _dash_speaker(start: int, end: int, ctx: _Context) -> Speaker | None:
    """'“...” ― Jane Doe': the name after a dash, tagged or a short run of proper nouns."""
    named = next((m for m in ctx.mentions if start <= m.start < end), None)
    if named is not None:
        return Speaker.named(named.text, named.start, named.end, named, None)
    proper = [t for t in ctx.tokens(start, end) if t.pos_ == "PROPN"]
    if not 0 < len(proper) <= 5:
        return None
    first, last = proper[0].idx, proper[-1].idx + len(proper[-1])
    name = ctx.text[first:last]
    return Speaker(name, first, last, name, "PERSON", None)


def _attribute_direct(marked: Marked, ctx: _Context) -> Speaker | None:
    """Speaker after the quote in its sentence (or after a dash), else before it (any verb
    before a colon), else in a colon-ended lead-in sentence."""
    start, end = _after_close(marked, ctx)
    cue = _find_cue(ctx.tokens(start, end), ctx)
    if cue is None and _DASH.match(ctx.text[start:end]):
        return _dash_speaker(start, end, ctx)
    if cue is None:
        opening = ctx.sentence_at(marked.open_mark)
        before = ctx.tokens(opening.start, marked.open_mark)
        colon = before.text.rstrip().endswith(":")
        cue = _find_cue(reversed(before), ctx, any_verb=colon)
    if cue is None:
        index = ctx.sentence_index_at(marked.open_mark)
        previous = ctx.sentences[index - 1] if index else None
        if previous is not None and previous.text.endswith(":"):
            cue = _find_cue(reversed(ctx.tokens(previous.start, previous.end)), ctx, any_verb=True)
    return _speaker_from_cue(cue, ctx)


# --- reported speech ---------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, list punctuation and enclosing quote marks."""
    while start < end and (text[start] in _TRIM or _MARK.match(text, start)):
        start += 2 if text.startswith(("``", "''"), start) else 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in "”»\"'"):
        end -= 1
    return start, end


def _reports(token: Token) -> bool:
    """True for a cue with a subject and a clause of its own: an attribution in itself."""
    return (
        _is_cue(token)
        and _subject(token) is not None
        and any(c.dep_ == "ccomp" for c in token.children)
    )


_COMPLEMENTS = frozenset({"dobj", "xcomp", "oprd", "ccomp"})
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "assure", "remind", "inform"})  # dobj = listener
_PREP_VERBS = frozenset({"call", "ask", "question", "complain", "talk", "warn", "accuse", "urge"})
_PREP_COMPLEMENTS = frozenset({"for", "about", "on", "of"})  # "called for X", "accused of X"


def _span_of(tokens: list[Token], ctx: _Context) -> tuple[int, int] | None:
    """Trimmed character span over `tokens` (no leading 'that'), if it holds 3+ tokens."""
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    if first.dep_ == "mark" and first.lower_ == "that" and first.i < last.i:
        first = ctx.doc[first.i + 1]
    start, end = first.idx, last.idx + len(last)
    for inner in ctx.doc[first.i : last.i + 1]:  # a nested "he claimed that" ends the content
        if not _is_cue(inner) or inner.dep_ == "ccomp" or ctx.in_quote(inner.idx):
            continue
        own_subject = next((c for c in inner.children if c.dep_ == "nsubj"), None)
        if own_subject is not None and own_subject.idx > start:
            end = min(end, own_subject.left_edge.idx)
    start, end = _trim(ctx.text, *ctx.whole_quotes(start, end))
    return (start, end) if len(ctx.tokens(start, end)) >= 3 else None


def _is_aside(cue: Token) -> bool:
    """An attribution hung on the verb of what it reports ("..., as X put it")."""
    if cue.head is cue or cue.head.pos_ not in ("VERB", "AUX"):
        return False
    as_clause = cue.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
    )
    return cue.dep_ == "parataxis" or as_clause


def _content_of(cue: Token, ctx: _Context) -> tuple[int, int] | None:
    """Character span of what a cue reports: its clause, else its object and complements.

    The parser sometimes hangs two clauses (or another attribution) under one cue: the
    clauses on the side of the nearest one are merged, attributions of their own skipped.
    Without a clause, "called [X a disgrace]", "urged [X to leave]" and "called for [X]"
    report their complements.
    """
    if _is_aside(cue):  # "..., as X put it" / "..., X said, ..." hung on the reported verb
        around = [t for t in cue.head.subtree if not cue.left_edge.i <= t.i <= cue.right_edge.i]
        left = [t for t in around if t.i < cue.left_edge.i and t.lower_ != "as"]
        right = [t for t in around if t.i > cue.right_edge.i]
        side = max(left, right, key=len)
        return _span_of(side, ctx) if side else None
    clauses = [c for c in cue.children if c.dep_ == "ccomp" and not _reports(c)]
    if clauses:
        nearest = min(clauses, key=lambda c: abs(c.i - cue.i))
        side = [c for c in clauses if (c.i > cue.i) == (nearest.i > cue.i)]
        if nearest.i > cue.i:  # "said X, when it comes to Y": trailing clauses belong to X
            last = max(side, key=lambda c: c.i)
            side += [
                c
                for c in cue.rights
                if c.i > last.i and c.dep_ in ("advcl", "prep") and not _is_cue(c)
            ]
        return _span_of([t for c in side for t in c.subtree], ctx)
    base = lemma(cue)
    complements = [
        child
        for child in cue.rights
        if (child.dep_ in _COMPLEMENTS and not (child.dep_ == "dobj" and base in _ADDRESSEE_VERBS))
        or (child.dep_ == "prep" and child.lower_ in _PREP_COMPLEMENTS and base in _PREP_VERBS)
    ]
    if not complements or _subject(cue) is None:
        return None
    return _span_of([t for c in complements for t in c.subtree], ctx)


def _according_to(ctx: _Context) -> list[tuple[Token, Token, tuple[int, int]]]:
    """(cue, source, content) for every 'according to X' outside quotes."""
    found = []
    for token in ctx.doc:
        if token.lower_ != "according" or ctx.in_quote(token.idx):
            continue
        to = token.nbor(1) if token.i + 1 < len(ctx.doc) else None
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            continue
        sentence = ctx.sentence_at(token.idx)
        phrase_end = source.right_edge.idx + len(source.right_edge)
        before = _trim(ctx.text, sentence.start, token.idx)
        after = _trim(ctx.text, phrase_end, sentence.end)
        content = max(before, after, key=lambda span: span[1] - span[0])
        if content[1] - content[0] > 0:
            found.append((token, source, content))
    return found


def _governing_verb(marked: Marked, ctx: _Context) -> tuple[Token, Token] | None:
    """(verb, child on the path to the quote) for the verb outside the quote that governs it:
    the nearest verb of saying with a subject, else the nearest verb with a subject."""
    inside = ctx.tokens(marked.start, marked.end)
    if not len(inside):
        return None
    path = [inside.root]
    while path[-1].head is not path[-1] and len(path) < 10:
        path.append(path[-1].head)
    governing = [
        (verb, child)
        for child, verb in zip(path, path[1:], strict=False)
        if verb.pos_ in ("VERB", "AUX")
        and not ctx.in_quote(verb.idx)
        and (subject := _subject(verb)) is not None
        and not ctx.in_quote(subject.idx)
    ]
    said = [(verb, child) for verb, child in governing if _is_cue(verb)]
    return (said or governing or [None])[0]


# --- the extractor -----------------------------------------------------------------------


def _row(ctx: _Context, start: int, end: int, kind: str, speaker: Speaker | None) -> Quote:
    sentence = ctx.sentence_at(start)
    cue = speaker.cue if speaker else None
    return Quote(
        start=start,
        end=end,
        text=ctx.text[start:end],
        kind=kind,
        speaker=speaker.text if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        speaker_name=speaker.name if speaker else None,
        speaker_label=speaker.label if speaker else None,
        cue=cue.text if cue is not None else None,
        cue_lemma=lemma(cue) if cue is not None else None,
        speaker_entity_id=speaker.entity_id if speaker else None,
        paragraph_index=sentence.paragraph_index,
        sentence_index=sentence.sentence_index,
    )


def _direct_quotes(ctx: _Context) -> tuple[list[Quote], list[Marked]]:
    """Full quotes (speaker where the text gives one), and the partial ones left over."""
    quotes: list[Quote] = []
    partial: list[Marked] = []
    groups: list[list[Marked]] = []
    for marked in ctx.marked:
        if marked.continued and groups and groups[-1][-1].close_mark is None:
            groups[-1].append(marked)
        elif _is_full(marked, ctx):
            groups.append([marked])
        else:
            partial.append(marked)
    consumed: list[tuple[int, int]] = []  # quote + paraphrase rows swallow later quotes

    def swallowed(marked: Marked) -> bool:
        return any(start <= marked.open_mark < end for start, end in consumed)

    for group in groups:
        if swallowed(group[0]):
            continue
        speaker = next(filter(None, (_attribute_direct(m, ctx) for m in group)), None)
        for marked in group:
            start, end = _trim(ctx.text, marked.start, marked.end)
            kind = "direct"
            tail = _paraphrased_tail(marked, speaker, ctx)
            if tail is not None:
                kind, end = "mixed", tail
                consumed.append((start, end))
            if start < end:
                quotes.append(_row(ctx, start, end, kind, speaker))
    return quotes, [m for m in partial if not swallowed(m)]


def _paraphrased_tail(marked: Marked, speaker: Speaker | None, ctx: _Context) -> int | None:
    """End of the words between a quote and its later attribution, when there are any.

    In '“You squeezed employees” to drive up the stock price, Warren said' the words after
    the quote are reported too: the row runs up to the attribution and becomes mixed.
    """
    if speaker is None or marked.close_mark is None or speaker.start <= marked.close_mark:
        return None
    boundary = speaker.start
    if speaker.cue is not None and speaker.cue.idx < boundary:
        boundary = speaker.cue.idx
    middle = [t for t in ctx.tokens(marked.close_mark + 1, boundary) if t.is_alpha]
    if len(middle) < 2:
        return None
    return _trim(ctx.text, marked.close_mark + 1, boundary)[1]


def _reported(ctx: _Context) -> list[tuple[Token, tuple[int, int], Speaker | None]]:
    """(cue, content, speaker) of every verb of saying and 'according to' outside quotes."""
    reported = []
    for token in ctx.doc:
        if _is_cue(token) and not ctx.in_quote(token.idx):
            content = _content_of(token, ctx)
            if content is not None:
                reported.append((token, content, _speaker_from_cue(token, ctx)))
    reported += [
        (cue, content, ctx.speaker_of(cue, source)) for cue, source, content in _according_to(ctx)
    ]
    return reported


def _orphan_partials(
    partial: list[Marked], taken: list[tuple[int, int]], ctx: _Context
) -> list[Quote]:
    """Partial quotes outside any reported clause: 'X called Y a “disgrace”'.

    The row is what the governing verb says (its words after the verb) and the speaker is
    that verb's subject; a partial quote no verb with a subject governs (a scare quote, a
    title) is left out.
    """
    rows = []
    for marked in partial:
        if any(_overlaps((marked.start, marked.end), span) for span in taken):
            continue
        governing = _governing_verb(marked, ctx)
        if governing is None:
            continue
        verb, _ = governing
        tokens = [
            t
            for child in verb.rights
            if child.dep_ not in _NOT_CONTENT
            and not any(_overlaps(_extent(child), span) for span in taken)
            for t in child.subtree
        ]
        span = _span_of(tokens, ctx) if tokens else None
        if span is None or not span[0] <= marked.start < span[1]:
            span = _trim(ctx.text, marked.start, marked.end)
        if span[0] < span[1]:
            rows.append(_row(ctx, span[0], span[1], "mixed", _speaker_from_cue(verb, ctx)))
            taken.append(span)
    return rows


_NOT_CONTENT = frozenset({"punct", "cc", "conj", "parataxis"})


def _extent(token: Token) -> tuple[int, int]:
    right = token.right_edge
    return token.left_edge.idx, right.idx + len(right)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _carry_speakers(quotes: list[Quote]) -> list[Quote]:
    """A direct quote with no attribution of its own continues the latest attributed quote
    of the same or the previous paragraph (follow-on quote paragraphs)."""
    carried: list[Quote] = []
    last: Quote | None = None
    for quote in quotes:
        if (
            quote.kind == "direct"
            and quote.speaker is None
            and last is not None
            and quote.paragraph_index - last.paragraph_index <= 1
        ):
            fields = ("speaker", "speaker_start", "speaker_end", "speaker_name", "speaker_label")
            fields += ("speaker_entity_id", "cue", "cue_lemma")
            quote = replace(quote, **{f: getattr(last, f) for f in fields})
        if quote.speaker is not None:
            last = quote
        carried.append(quote)
    return carried


def extract_quotes(
    doc: Doc, sentences: list[Sentence], blocks: tuple[Block, ...], mentions: list[Mention]
) -> list[Quote]:
    """All quotes of one parsed document, in text order."""
    ctx = _Context(doc, sentences, blocks, mentions)
    quotes, partial = _direct_quotes(ctx)
    taken = [(q.start, q.end) for q in quotes]
    for cue, content, speaker in _reported(ctx):
        if any(_overlaps(content, span) for span in taken):
            continue
        holds_partial = any(content[0] <= m.start and m.end <= content[1] + 1 for m in partial)
        kind = "mixed" if holds_partial else "indirect"
        if speaker is not None and speaker.cue is not cue:
            speaker = replace(speaker, cue=cue)
        quotes.append(_row(ctx, content[0], content[1], kind, speaker))
        taken.append(content)
    quotes += _orphan_partials(partial, taken, ctx)
    return _carry_speakers(sorted(quotes, key=lambda q: (q.start, q.end)))
