"""Words counted by script: a text without spaces between its words is not one word."""

from __future__ import annotations

import pytest

from tasks.text.script import word_count


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The council met on Monday.", 5),
        ("  spaces   and\ttabs\n", 3),
        ("市中心部の商店街で", 5),  # nine characters: one word per two
        ("本市老城区首条社区夜市于周五晚间正式开市。", 10),  # the full stop is no word
        ("東京 2025 年に開館", 4),  # 2025 is a word; 東京, 年に開館: six characters
        ("Tokyo の図書館 opened", 4),
        ("", 0),
    ],
    ids=["english", "whitespace", "japanese", "chinese", "digits", "mixed", "empty"],
)
def test_word_count_by_script(text: str, words: int):
    assert word_count(text) == words


def test_a_japanese_article_is_counted_by_its_characters():
    article = "市の中心部で新しい図書館が開館した。" * 48  # 864 characters, no space
    assert len(article.split()) == 1
    assert word_count(article) == 408  # 816 characters of the scripts, full stops aside
