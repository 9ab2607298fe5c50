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
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from tasks.clean import Block
from tasks.entities import Mention
from tasks.segment import Sentence, sentence_index_at

SPEECH_LEMMAS = frozenset(
    """say tell add argue warn insist state stress confirm claim explain note declare announce
    acknowledge admit assert report write tweet suggest predict promise vow deny reply respond
    ask answer recall emphasize emphasise comment mention contend maintain allege concede urge
    caution testify complain boast joke quip reveal disclose repeat reiterate observe remark
    counter retort shout whisper post hint signal agree conclude describe cite""".split()
)
ROLE_NOUNS = frozenset(
    """leader president senator minister spokesman spokeswoman spokesperson candidate governor
    chairman chairwoman chair secretary official officer director executive chief nominee
    congressman congresswoman representative mayor ambassador prime premier general commander
    businessman businesswoman billionaire lawmaker adviser advisor aide founder lawyer attorney
    judge economist analyst""".split()
)
_HE_SHE = frozenset({"he", "she", "him", "her"})
_OPENERS = "“«„"
_CLOSERS = "”»"
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


def _is_opening(text: str, at: int, mark: str, is_open: bool) -> bool:
    if mark in _OPENERS or mark == "``":
        return True
    if mark in _CLOSERS:
        return False
    if mark == "''":  # the ''...'' style: opening when a word follows and none precedes
        before = text[at - 1] if at else " "
        return not is_open and (before.isspace() or before in "([—")
    return not is_open  # straight double quotes alternate


def find_marked(text: str, blocks: tuple[Block, ...]) -> list[Marked]:
    """Pair quote marks paragraph by paragraph; apostrophes are never quote marks."""
    spans: list[Marked] = []
    left_open = False
    for index, block in enumerate(blocks):
        paragraph = text[block.start : block.end]
        opened: int | None = None
        continued = False
        for match in _MARK.finditer(paragraph):
            at, mark = match.start(), match.group()
            if _is_opening(paragraph, at, mark, opened is not None):
                if opened is None and at == 0 and left_open:
                    continued = True
                opened = at  # an earlier unclosed opener was stray: restart here
                open_len = len(mark)
            elif opened is not None:
                spans.append(
                    Marked(
                        block.start + opened + open_len,
                        block.start + at,
                        block.start + opened,
                        block.start + at,
                        index,
                        continued and opened == 0,
                    )
                )
                opened = None
        left_open = opened is not None
        if opened is not None:  # unbalanced: the quote ends with its paragraph
            spans.append(
                Marked(
                    block.start + opened + open_len,
                    block.end,
                    block.start + opened,
                    None,
                    index,
                    continued and opened == 0,
                )
            )
    return [span for span in spans if text[span.start : span.end].strip()]


# --- attribution -------------------------------------------------------------------------


def _is_cue(token: Token) -> bool:
    return token.lemma_.lower() in SPEECH_LEMMAS and token.tag_.startswith("VB")


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

    def sentence_index_at(self, char: int) -> int:
        return sentence_index_at(self._sentence_starts, char)

    def sentence_at(self, char: int) -> Sentence:
        return self.sentences[self.sentence_index_at(char)]

    def tokens(self, start: int, end: int) -> Span:
        """Tokens starting within [start, end)."""
        first = bisect.bisect_left(self._token_starts, start)
        return self.doc[first : bisect.bisect_left(self._token_starts, end)]

    def in_quote(self, char: int) -> bool:
        return any(open_ <= char <= close for open_, close in self._quoted)

    def mention_covering(self, token: Token) -> Mention | None:
        return next((m for m in self.mentions if m.start <= token.idx < m.end), None)

    def antecedent(self, before: int) -> Mention | None:
        """The person a pronoun or role noun at `before` most likely means.

        The latest person who was a clause subject in the last three sentences wins, else
        the latest person named before; mentions inside quotes are skipped.
        """
        window = self.sentences[max(self.sentence_index_at(before) - 3, 0)].start
        people = [
            m
            for m in self.mentions
            if m.label == "PERSON" and m.end <= before and not self.in_quote(m.start)
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
            return Speaker(self.text[start:end], start, end, named[0].name, named[0].label, cue)
        name, label = self._resolve(subject, start)
        return Speaker(self.text[start:end], start, end, name, label, cue)

    def _resolve(self, head: Token, start: int) -> tuple[str | None, str | None]:
        mention = self.mention_covering(head)
        if mention is not None:
            return mention.name, mention.label
        lower = head.lower_
        is_role = head.lemma_.lower() in ROLE_NOUNS and any(
            c.lower_ == "the" or c.dep_ == "poss" for c in head.children
        )
        if lower in _HE_SHE or is_role:
            person = self.antecedent(start)
            return (person.name, "PERSON") if person else (None, None)
        if head.pos_ == "PRON":
            return None, None
        return self.text[start : head.idx + len(head)], None


def _find_cue(tokens: Span | list[Token], ctx: _Context) -> Token | None:
    for token in tokens:
        if _is_cue(token) and not ctx.in_quote(token.idx) and _subject(token) is not None:
            return token
    return None


def _speaker_from_cue(cue: Token | None, ctx: _Context) -> Speaker | None:
    subject = _subject(cue) if cue is not None else None
    return ctx.speaker_of(cue, subject) if subject is not None else None


# --- direct quotes -----------------------------------------------------------------------


def _is_full(marked: Marked, ctx: _Context) -> bool:
    """A full quote opens its sentence or follows an introduction (colon, dash, 'X said,')."""
    if marked.continued:
        return True
    sentence = ctx.sentence_at(marked.open_mark)
    prefix = ctx.text[sentence.start : marked.open_mark].rstrip()
    if not prefix or prefix.endswith((":", "—", "–")):
        return True
    return prefix.endswith(",") and _find_cue(ctx.tokens(sentence.start, marked.open_mark), ctx)


def _attribute_direct(marked: Marked, ctx: _Context) -> Speaker | None:
    """Speaker after the quote in its sentence, else before it, else a colon-ended lead-in."""
    after_from = marked.end if marked.close_mark is None else marked.close_mark + 1
    sentence = ctx.sentence_at(after_from - 1)
    following = [t for t in ctx.tokens(after_from, sentence.end)]
    cue = _find_cue(following, ctx)
    if cue is None:
        opening = ctx.sentence_at(marked.open_mark)
        cue = _find_cue(reversed(ctx.tokens(opening.start, marked.open_mark)), ctx)
    if cue is None:
        index = ctx.sentence_index_at(marked.open_mark)
        previous = ctx.sentences[index - 1] if index else None
        if previous is not None and previous.text.endswith(":"):
            cue = _find_cue(ctx.tokens(previous.start, previous.end), ctx)
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


def _reports(token: Token) -> bool:
    """True for a cue with a subject and a clause of its own: an attribution in itself."""
    return (
        _is_cue(token)
        and _subject(token) is not None
        and any(c.dep_ == "ccomp" for c in token.children)
    )


def _content_of(cue: Token, ctx: _Context) -> tuple[int, int] | None:
    """Character span of the clause a cue reports, without 'that' or nested attributions.

    The parser sometimes hangs two clauses (or another attribution) under one cue: the
    clauses on the side of the nearest one are merged, attributions of their own skipped.
    """
    clauses = [c for c in cue.children if c.dep_ == "ccomp" and not _reports(c)]
    if not clauses:
        return None
    nearest = min(clauses, key=lambda c: abs(c.i - cue.i))
    side = [c for c in clauses if (c.i > cue.i) == (nearest.i > cue.i)]
    tokens = [t for c in side for t in c.subtree]
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    if first.dep_ == "mark" and first.lower_ == "that":
        first = ctx.doc[first.i + 1]
    start, end = first.idx, last.idx + len(last)
    for inner in ctx.doc[first.i : last.i + 1]:  # a nested "he claimed that" ends the content
        inner_subject = _subject(inner) if _is_cue(inner) and inner.dep_ != "ccomp" else None
        if inner_subject is not None and inner_subject.idx > start:
            end = min(end, inner_subject.left_edge.idx)
    start, end = _trim(ctx.text, start, end)
    return (start, end) if len(ctx.tokens(start, end)) >= 3 else None


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
        cue_lemma=cue.lemma_.lower() if cue is not None else None,
        paragraph_index=sentence.paragraph_index,
        sentence_index=sentence.sentence_index,
    )


def _direct_quotes(ctx: _Context) -> tuple[list[Quote], list[Marked]]:
    """Full quotes with speakers, and the partial ones left for reported speech."""
    quotes: list[Quote] = []
    partial: list[Marked] = []
    groups: list[list[Marked]] = []
    for marked in ctx.marked:
        if not _is_full(marked, ctx):
            partial.append(marked)
        elif marked.continued and groups and groups[-1][-1].close_mark is None:
            groups[-1].append(marked)
        else:
            groups.append([marked])
    previous: Speaker | None = None
    previous_paragraph = -2
    for group in groups:
        speaker = next(filter(None, (_attribute_direct(m, ctx) for m in group)), None)
        first = group[0]
        # A follow-on quote in the same or the next paragraph keeps the last speaker.
        if speaker is None and first.paragraph_index - previous_paragraph <= 1:
            speaker = previous
        for marked in group:
            start, end = _trim(ctx.text, marked.start, marked.end)
            if start < end:
                quotes.append(_row(ctx, start, end, "direct", speaker))
        if speaker is not None:
            previous, previous_paragraph = speaker, group[-1].paragraph_index
    return quotes, partial


def _orphan_partials(
    partial: list[Marked], taken: list[tuple[int, int]], ctx: _Context
) -> list[Quote]:
    """Partial quotes outside any reported clause (the parse missed the clause).

    Kept, as mixed, when their sentence has a verb of saying with a subject; otherwise
    they are scare quotes or titles and are left out.
    """
    rows = []
    for marked in partial:
        if any(_overlaps((marked.start, marked.end), span) for span in taken):
            continue
        sentence = ctx.sentence_at(marked.open_mark)
        speaker = _speaker_from_cue(_find_cue(ctx.tokens(sentence.start, sentence.end), ctx), ctx)
        start, end = _trim(ctx.text, marked.start, marked.end)
        if speaker is not None and start < end:
            rows.append(_row(ctx, start, end, "mixed", speaker))
    return rows


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def extract_quotes(
    doc: Doc, sentences: list[Sentence], blocks: tuple[Block, ...], mentions: list[Mention]
) -> list[Quote]:
    """All quotes of one parsed document, in text order."""
    ctx = _Context(doc, sentences, blocks, mentions)
    quotes, partial = _direct_quotes(ctx)
    taken = [(q.start, q.end) for q in quotes]
    reported: list[tuple[Token, tuple[int, int], Speaker | None]] = []
    for token in doc:
        if _is_cue(token) and not ctx.in_quote(token.idx):
            content = _content_of(token, ctx)
            if content is not None:
                reported.append((token, content, _speaker_from_cue(token, ctx)))
    reported += [
        (cue, content, ctx.speaker_of(cue, source)) for cue, source, content in _according_to(ctx)
    ]
    for cue, content, speaker in reported:
        if any(_overlaps(content, span) for span in taken):
            continue
        holds_partial = any(content[0] <= m.start and m.end <= content[1] + 1 for m in partial)
        kind = "mixed" if holds_partial else "indirect"
        if speaker is not None and speaker.cue is not cue:
            speaker = replace(speaker, cue=cue)
        quotes.append(_row(ctx, content[0], content[1], kind, speaker))
        taken.append(content)
    quotes += _orphan_partials(partial, taken, ctx)
    return sorted(quotes, key=lambda q: (q.start, q.end))
