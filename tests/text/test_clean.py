from __future__ import annotations

from tasks.ingest.refs import FileRef, RawDoc
from tasks.ingest.rejects import Reject
from tasks.text.clean import clean, is_boilerplate, split_blocks
from tasks.text.parts import CleanDoc


def _clean(text: str) -> CleanDoc:
    result = clean(RawDoc(FileRef("x", "x.txt", len(text), "0" * 64), text, "utf-8"))
    assert isinstance(result, CleanDoc)
    return result


def test_one_paragraph_per_line_with_standfirst_and_boilerplate():
    doc = _clean(
        "Big headline\nA short standfirst without a full stop\n"
        "First paragraph. It has two sentences.\nRead more\nSecond paragraph.\n"
    )
    assert doc.title == "Big headline"
    assert doc.standfirst == "A short standfirst without a full stop"
    assert "Read more" not in doc.text
    assert [b.part for b in doc.blocks] == ["title", "standfirst", "body", "body"]
    assert doc.n_paragraphs == 2
    for block in doc.blocks:
        assert "\n" not in doc.text[block.start : block.end]
    assert doc.text[doc.blocks[-1].start : doc.blocks[-1].end] == "Second paragraph."


def test_blank_line_layout_joins_hard_wrapped_lines():
    doc = _clean(
        "Headline\n\nLONDON (Reuters) - The first paragraph is wrapped\nover two lines.\n\n"
        "Advertisement\n\nThe second paragraph.\n"
    )
    assert doc.standfirst is None
    body = [doc.text[b.start : b.end] for b in doc.blocks if b.part == "body"]
    assert body == [
        "LONDON (Reuters) - The first paragraph is wrapped over two lines.",
        "The second paragraph.",
    ]


def test_repairs_mojibake_and_keeps_curly_quotes():
    import ftfy.bad_codecs  # noqa: F401  (registers the codec browsers really use)

    broken = "“Hello,” she said.".encode().decode("sloppy-windows-1252")
    assert broken.startswith("â€œ")
    doc = _clean(f"Title\n{broken}\u00a0And\u200b more.\n")
    assert doc.text.endswith("“Hello,” she said. And more.")


def test_boilerplate_is_dropped_but_content_kept():
    for line in ("Read more", "ADVERTISEMENT", "Share this article", "Click here to subscribe"):
        assert is_boilerplate(line), line
    for line in ("“Read more books,” he said.", "Share prices fell.", "WASHINGTON (AP) -"):
        assert not is_boilerplate(line), line


def test_a_title_alone_is_rejected():
    result = clean(RawDoc(FileRef("x", "x.txt", 5, "0" * 64), "Only a title\n", "utf-8"))
    assert isinstance(result, Reject) and result.reason == "no_body"


def test_split_blocks_keeps_separate_title_lines():
    assert split_blocks("Title\nStandfirst\n\nBody one.\n\nBody two.") == [
        "Title",
        "Standfirst",
        "Body one.",
        "Body two.",
    ]


def test_every_control_character_but_newline_and_tab_is_removed():
    import unicodedata

    from tasks.text.clean import repair

    controls = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
    kept = [c for c in controls if c in repair(f"a{c}b")]
    assert kept == ["\n"] and repair("a\tb") == "a b"  # the tab is a space like any other


def test_spaces_become_one_and_invisible_characters_go():
    from tasks.text.clean import repair

    assert repair(" a \u00a0\t b\u2009c  d\u200b\u00ade \n\u3000 f\u202f") == "a b c de\nf"
    assert repair("x\u2002\u2002y\u00a0z \u205f") == "x y z"
    assert repair("one  \n\n two\u200b \t") == "one\n\ntwo"
