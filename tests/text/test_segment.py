from __future__ import annotations

from tasks.extract.analyse import analyse_text
from tasks.text.segment import split_sentences


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
    assert _sentences("Mr. Obama said it was ''stone.''") == ["Mr. Obama said it was ''stone.''"]
    assert _sentences("He said: 'All Off.' He left.") == ["He said: 'All Off.'", "He left."]
    assert _sentences("  One without a full stop  ") == ["One without a full stop"]
