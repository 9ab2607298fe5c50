from __future__ import annotations

import random
import re
import sys

import pysbd
import pytest

from tasks.extract.analyse import analyse_text
from tasks.text.pysbd_patterns import ASCII_LETTER_LOOKALIKES
from tasks.text.segment import _plain_spans, _pysbd_sentences, _pysbd_spans, split_sentences

_SEGMENTER = pysbd.Segmenter(language="en", clean=False)


def _sentences(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in split_sentences(paragraph)]


def test_abbreviations_and_quotes_do_not_split():
    assert _sentences("Sen. Smith met Dr. Jones at 5 p.m. on Monday. They talked.") == [
        "Sen. Smith met Dr. Jones at 5 p.m. on Monday.",
        "They talked.",
    ]


def test_question_quote_keeps_its_attribution():
    assert _sentences("“Is it?” she asked. “Yes!” Mayor Jo Park said. Then she left.") == [
        "“Is it?” she asked.",
        "“Yes!” Mayor Jo Park said.",
        "Then she left.",
    ]


def test_offsets_are_exact_and_sentences_stay_inside_paragraphs(nlp):
    analysis = analyse_text(
        "Title here\n\nFirst paragraph ends here\n\nSecond one. It has two sentences.\n", nlp
    )
    text = analysis.cleaned.text
    blocks = analysis.cleaned.blocks
    assert [s.text for s in analysis.sentences] == [
        "Title here",
        "First paragraph ends here",
        "Second one.",
        "It has two sentences.",
    ]
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        block = blocks[sentence.paragraph_index]
        assert block.start <= sentence.start < sentence.end <= block.end


def test_parser_respects_the_segmenter(nlp):
    analysis = analyse_text("Title\nGen. Smith spoke at 5 p.m. on Monday. He left.\n", nlp)
    assert [s.text.strip() for s in analysis.doc.sents] == [
        "Title",
        "Gen. Smith spoke at 5 p.m. on Monday.",
        "He left.",
    ]


def test_a_closing_quote_stays_with_its_sentence():
    assert _sentences("Mr. Hale said it was ''stone.''") == ["Mr. Hale said it was ''stone.''"]
    assert _sentences("He said: 'All Off.' He left.") == ["He said: 'All Off.'", "He left."]
    assert _sentences("  One without a full stop  ") == ["One without a full stop"]


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        (
            "The council voted. Marisol Tenbrook left.",
            ["The council voted.", "Marisol Tenbrook left."],
        ),
        (
            "Was it 2016? Nobody knew! Kolby’s aides left",
            ["Was it 2016?", "Nobody knew!", "Kolby’s aides left"],
        ),
        (
            "The students' union met, briefly. It ended.",
            ["The students' union met, briefly.", "It ended."],
        ),
    ],
)
def test_a_plain_paragraph_splits_without_pysbd(paragraph, sentences):
    spans = _plain_spans(paragraph)
    assert spans is not None
    assert [paragraph[start:end] for start, end in spans] == sentences


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sen. Kolby voted. He left.",  # an abbreviation pySBD knows
        "They met Kolby Tenbrook Jr. Then they left.",
        "He met J. Tenbrook. They left.",  # an initial
        "It cost 3.5 million. Then it fell.",  # a decimal
        "The list had 2. Then it had three.",  # a list item
        "The bill passed in the U.S. Then it stalled.",
        "“It is done.” He left.",  # quotation marks
        "He left (again). Then he came back.",
        "It rose -- sharply. Then it fell.",
        "She searched on Yahoo! Then she left.",  # an exclamation word
        "He left.  Then he came back.",  # two spaces
        "He left. then he came back.",  # no capital after the stop
        "He left... Then he came back.",
        "'Tis done. He left.",  # an apostrophe opening a word
    ],
)
def test_a_paragraph_with_an_unsure_end_is_not_plain(paragraph):
    assert _plain_spans(paragraph) is None


_PLAIN = {
    "words": "the council voted Marisol Tenbrook Kolby harbour bridge left said it 2016 300 rose "
    "students' Kolby’s well-known cost $40 5% council's vote and or but I a".split(),
    "glue": [" "] * 12 + [", ", "; ", ": "],
    "ends": [".", ".", ".", "!", "?", ""],
}
# What pySBD's rules turn on: abbreviations, initials, numbers, quotes, brackets, dashes...
_TRICKY = {
    "words": "Sen Gov Dr Mr St No Jan Inc al ca vs v U.S e.g Ph.D 5 12 3.5 1,000 J i iv ii "
    '\'tis “yes” "no" (aside) [sic] -- — … Yahoo Yum x-ray Co'.split(),
    "glue": ["  ", "-", " - "],
    "ends": ["...", "…", ".'", ".”", "!!", ".)"],
}


def _invented_paragraph(rng: random.Random) -> str:
    """Sentences of invented words, mostly plain, some with what pySBD's rules turn on."""
    tricky = rng.random() < 0.3
    pool = {key: value + (_TRICKY[key] if tricky else []) for key, value in _PLAIN.items()}
    sentences = []
    for _ in range(rng.randint(1, 5)):
        words = [rng.choice(pool["words"]) for _ in range(rng.randint(1, 9))]
        words[0] = words[0].capitalize() if rng.random() < 0.95 else words[0]
        glue = [rng.choice(pool["glue"]) for _ in words[1:]]
        text = words[0] + "".join(g + w for g, w in zip(glue, words[1:], strict=True))
        sentences.append(text + rng.choice(pool["ends"]))
    return " ".join(sentences)


def test_the_plain_path_splits_as_pysbd_and_the_repairs_do():
    rng = random.Random(27)
    plain = 0
    for _ in range(3_000):
        paragraph = _invented_paragraph(rng)
        spans = _plain_spans(paragraph)
        if spans is not None:
            assert spans == _pysbd_spans(paragraph), paragraph
            plain += len(spans) > 1
    assert plain > 300


@pytest.mark.parametrize(
    "paragraph",
    [
        "Yes. Yes. Yes.",  # one sentence several times
        "No. No no. No. No no.",
        "Go.\u00a0 Now.\u2009Go.\tThen stop.",  # whitespace other than spaces
        "A line\nand another. Then\r\nmore. End.",
        "“Really?” Tomas Ferlin asked. “Really?”",
        "He said: 'All Off.' He left. 'All Off.'",
        "1. One item. 2. Two items. 3. Three.",
        "No. 5 won. Gen. Arlo Pesk arrived at 3 p.m. and left. It is no. 1 now.",  # abbreviations
        "Vs. the rest, Mt. Orvel stood. Ask Prof. Delmar, St. Ives co. owner.",
        "He saw Dr. Keln (the vet) and Mrs. Abo. Then Sgt. Ruiz: done.",
        # letters that pySBD's case-blind patterns read as ASCII ones ("\u017f" as "s")
        "At first, mist: \u017ft. tom went. Then more.",
        "Kind of \u0131nd. 5 went. Then \u212ay. (x) ran.",
        "“No.” The Gov. said “Sen. Rhee will.” Jr. went, etc. Then Fig. 2.",
        "",
        "   ",
    ],
)
def test_sentences_are_found_where_pysbd_finds_them(paragraph):
    assert _pysbd_sentences(paragraph) == _SEGMENTER.segment(paragraph)


def test_the_letters_read_as_ascii_ones_are_those_re_matches_case_blind():
    every = "".join(
        chr(code) for code in range(128, sys.maxunicode + 1) if not 0xD800 <= code < 0xE000
    )
    assert set(re.findall("[a-z]", every, re.IGNORECASE)) == ASCII_LETTER_LOOKALIKES


def test_invented_paragraphs_are_found_where_pysbd_finds_them():
    rng = random.Random(28)
    for _ in range(500):
        paragraph = _invented_paragraph(rng)
        assert _pysbd_sentences(paragraph) == _SEGMENTER.segment(paragraph), paragraph
