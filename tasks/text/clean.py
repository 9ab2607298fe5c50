"""Clean: repair the decoded text and recover its structure (title, standfirst, paragraphs).

The cleaned text is what every offset in the lake indexes, so it is built here once:
blocks joined by a blank line, title first.
"""

from __future__ import annotations

import re

import ftfy

from tasks.ingest.refs import RawDoc
from tasks.ingest.rejects import Reject
from tasks.text.language import language_scores
from tasks.text.parts import Block, CleanDoc, Part
from tasks.text.script import word_count

BLOCK_SEPARATOR = "\n\n"
STANDFIRST_MAX_CHARS = 320
MIN_WORDS_TO_JUDGE_LANGUAGE = 8  # shorter texts are "und": language id is unreliable on them
MIN_ENGLISH_PROBABILITY = 0.01  # another language only when the text is clearly not English

# Curly quotes carry the direction that quote extraction needs: never straighten them.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")
_FTFY_IN_HTML = _FTFY._replace(unescape_html=False)  # what ftfy's "auto" turns into after "<"
# Characters that no fixer of _FTFY changes, whatever surrounds them (test_repair_ftfy.py
# proves it from ftfy's own tables and patterns): printable ASCII but "&" (an HTML entity's
# start), tab and newline, and the no-break space, dashes, curly quotes and ellipsis of news.
FTFY_FIXED_POINTS = frozenset(
    [chr(code) for code in range(0x20, 0x7F) if chr(code) != "&"]
    + list("\t\n\u00a0\u2013\u2014\u2015\u2018\u2019\u201c\u201d\u2026")
)
_FTFY_MAY_CHANGE = re.compile(f"[^{re.escape(''.join(sorted(FTFY_FIXED_POINTS)))}]")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Unicode's control characters (category Cc: C0, DEL and C1) but the newline and the tab.
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_DROPPED = re.compile(f"[{_INVISIBLE}{_CONTROLS}]")
_OTHER_SPACES = r"\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
# A run of spaces that is not already a single plain space, which would become itself.
_SPACES = re.compile(rf"[ {_OTHER_SPACES}]{{2,}}|[{_OTHER_SPACES}]")
# Two hours of transcribed speech are about 100,000 characters; a longer text is a dump.
MAX_TEXT_CHARS = 2_000_000
MAX_TITLE_CHARS = 1_000  # a longer first line is a paragraph, not a headline: no title
PUNCTUATION_RUN = 64
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{PUNCTUATION_RUN + 1},}}")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")

# Whole lines of web residue. Each pattern must match the entire (short) line, so content
# that merely starts alike ("Share prices fell", "By 2030, ...") is kept.
_BOILERPLATE = re.compile(
    r"""^(?:
        read\ more(?:\s*[:»>].*)? | read\ (?:the\ )?full\ (?:story|article).*
      | advertisements? | sponsored(?:\ content)? | continue\ reading.* | story\ continues\ below.*
      | (?:share|tweet|email|print|save)(?:\ (?:this|the)\ (?:article|story|page|post))?
      | share\ (?:on|via)\ \w+(?:\W+\w+)?
      | (?:follow|like)\ us\b.* | follow\ @\w+.*
      | follow\ (?:the\ )?[\w ]{1,40}\ on\ (?:twitter|x|facebook|instagram).*
      | (?:subscribe|sign\ up|register)\b.{0,80}
        (?:newsletter|subscri|e-?mail|updates|free|today|now).*
      | subscribe | (?:get|receive)\ (?:our|the)\b.{0,60}newsletter.* | newsletter\b.{0,60}
      | (?:click|tap)\ here\b.*
      | (?:published|updated|posted|last\ (?:updated|modified))\s*:?\s*
        [\w ,.:/-]{0,60}\d[\w ,.:/-]{0,60}
      | (?:photo|image|picture|video|graphic|illustration)s?(?:\ credit)?\s*:.{0,150}
      | \(?(?:photo|image|picture)s?\ (?:by|courtesy\ of|credit)\b.{0,150}\)?
      | .{0,200}\((?:ap|afp|reuters|getty)?\ ?photo\b[^)]{0,80}\)
      | (?:©|\(c\)|copyright\b).{0,80}(?:\d{4}|all\ rights\ reserved).{0,80}
      | .{0,80}\b(?:re-?publish|reprint)\w*\b.{0,120}\bcredit\b.{0,120}
      | (?:related|see\ also|more\ on\ this\ story|recommended|most\ read)\s*:.{0,150}
      | [A-Z][\w.]*(?:/[A-Z][\w. ]*)+\.?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A byline is a name (or names) after "By", case-sensitive so "By the end of..." stays.
_BYLINE = re.compile(
    r"^By:?\s+(?:[A-Z][\w.'’-]*\s*){1,4}(?:(?:,|and|&)\s*(?:[A-Z][\w.'’-]*\s*){1,5})*$"
)


def repair(text: str) -> str:
    """Fix mojibake and invisible junk, normalise spaces; newlines are kept as structure.

    A run of punctuation without a space longer than PUNCTUATION_RUN characters (never
    prose; a wall of quote marks) gets a space every PUNCTUATION_RUN characters: spaCy's
    tokenizer takes time quadratic in the length of such a run.
    """
    text = _PUNCTUATION_RUN.sub(_spaced, _DROPPED.sub("", fix_text(text)))
    return "\n".join(line.strip() for line in _SPACES.sub(" ", text).split("\n"))


def fix_text(text: str) -> str:
    """`ftfy.fix_text(text, _FTFY)`: ftfy fixes each line on its own (a line is where its
    segments start), so it is handed only the lines with a character outside FTFY_FIXED_POINTS
    (one in two hundred of news text, and nine tenths of its time); the others come back as
    they are. Its one state across lines is kept: entities stay once a line has held "<"."""
    pieces: list[str] = []
    config = _FTFY
    looked = done = 0  # text before `looked` has been searched for "<"; before `done`, handled
    while found := _FTFY_MAY_CHANGE.search(text, done):
        start = max(done, text.rfind("\n", done, found.start()) + 1)
        end = text.find("\n", found.start()) + 1 or len(text)
        if "<" in text[looked:start]:  # ftfy itself switches within the line it is handed
            config = _FTFY_IN_HTML
        pieces += [text[done:start], ftfy.fix_text(text[start:end], config)]
        looked, done = start, end
    pieces.append(text[done:])
    return "".join(pieces)


def _spaced(run: re.Match[str]) -> str:
    text = run.group()
    return " ".join(text[i : i + PUNCTUATION_RUN] for i in range(0, len(text), PUNCTUATION_RUN))


def is_boilerplate(line: str) -> bool:
    """True for a whole line of web residue: prompts, credits, bylines, timestamps."""
    line = line.strip()
    return bool(_BOILERPLATE.match(line) or _BYLINE.match(line))


def _is_wrapped(previous: str, line: str) -> bool:
    """True when `line` continues `previous` (a hard-wrapped paragraph), not a new one."""
    return not _SENTENCE_END.search(previous) and line[:1].islower()


def split_blocks(text: str) -> list[str]:
    """Paragraphs from either layout: one per line, or separated by blank lines.

    Within a blank-line separated block, a line that continues a sentence (no final
    punctuation before it, lower-case start) is joined to it; otherwise each line stands alone.
    """
    blocks: list[list[str]] = []  # each block's lines, joined once at the end (linear time)
    for chunk in re.split(r"\n\s*\n", text):
        new_chunk = True
        for line in chunk.split("\n"):
            if not line or is_boilerplate(line):
                continue
            if not new_chunk and _is_wrapped(blocks[-1][-1], line):
                blocks[-1].append(line)
            else:
                blocks.append([line])
            new_chunk = False
    return [" ".join(lines) for lines in blocks]


def _is_standfirst(block: str, remaining: int) -> bool:
    return remaining > 0 and len(block) <= STANDFIRST_MAX_CHARS and not _SENTENCE_END.search(block)


def clean(raw: RawDoc) -> CleanDoc | Reject:
    """Repair, drop boilerplate, and lay the blocks out as the document's canonical text."""
    if len(raw.text) > MAX_TEXT_CHARS:
        message = f"{len(raw.text)} characters: over the limit of {MAX_TEXT_CHARS} per document"
        return Reject(raw.ref.source_path, raw.ref.sha256, "clean", "too_long", message)
    blocks = split_blocks(repair(raw.text))
    # The first line is the title only where the input has one: a page names its own.
    titled = raw.titled and bool(blocks) and len(blocks[0]) <= MAX_TITLE_CHARS
    if len(blocks) < 1 + titled:
        return Reject(
            raw.ref.source_path, raw.ref.sha256, "clean", "no_body", "no text after the title"
        )
    language = judge_language(" ".join(blocks[titled:]))
    title, rest = (blocks[0], blocks[1:]) if titled else ("", blocks)
    standfirst = rest[0] if titled and _is_standfirst(rest[0], len(rest) - 1) else None
    parts: list[Part] = ["title"] if titled else []
    parts += ["standfirst"] if standfirst else []
    parts += ["body"] * (len(blocks) - len(parts))
    spans: list[Block] = []
    offset = 0
    for block, part in zip(blocks, parts, strict=True):
        spans.append(Block(offset, offset + len(block), part))
        offset += len(block) + len(BLOCK_SEPARATOR)
    text = BLOCK_SEPARATOR.join(blocks)
    title = raw.ref.meta.get("title") or title
    return CleanDoc(raw, text, title, standfirst, tuple(spans), language)


def judge_language(body: str) -> str:
    """The body's language: "en" unless it is clearly another (py3langid's likeliest), "und"
    for a text too short to judge. Length is judged by script (tasks.text.script): a Japanese
    paragraph has no spaces to count."""
    if word_count(body) < MIN_WORDS_TO_JUDGE_LANGUAGE:
        return "und"
    likeliest, english = language_scores(body)
    return likeliest if english < MIN_ENGLISH_PROBABILITY else "en"
