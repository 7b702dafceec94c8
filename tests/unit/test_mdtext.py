"""Simple Markdown read directly gives the text that rendering it gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.markup import escaped_characters
from generator.scrape.mdtext import block_texts, document_is_simple
from generator.scrape.plaintext import rendered_text, to_text

# Pieces of Markdown that change how the rest reads: emphasis, links, escapes, block starts.
_PIECES = [
    "a", "b", "слово", " ", "\n", "\n\n", "  \n", "*", "**", "***", "_", "`", "``", "[", "]",
    "(", ")", "![", "](http://x.test/a_b)", "](u \"t\")", "\\", "\\*", "\\[", "\\\\", "#", "# ",
    "## ", "> ", ">", "- ", "* ", "1. ", "2) ", "---", "===", "|", "| a | b |", "<", ">", "<b>",
    "&amp;", "&lt;", "&copy;", "&#169;", "&", "{", "}", "{: .x}", "~~~", "```", "    ", "  ",
    "[^1]", "[^1]: n", "[r]: http://r.test", "[TOC]", "*[A]: b", ":", "!", ".", "1", "\t", "\r",
]  # fmt: skip
_TRICKY = [
    "*a**b*", "**a *b* c**", "a * b * c", "# C#", "#hashtag text", "a  \n# b", "a\n===",
    "a\n---", "one | two\nthree | four", "[a [b] c](u)", "[a](u \"t\")", "\\\\`x`", "`a``b`",
    "&copy; &amp; &#169;", "&#1. ", "AT&T &copy", "<b>x</b> y", "a <3 b", "x_y_z", "a {: .cls}", "[^1]\n\n[^1]: note",
    "[x][r]\n\n[r]: http://r.test", "*[HTML]: Hyper\n\nHTML", "[TOC]\n\n# A",
    "```\ncode\n\n*more*\n```", "- a\n- b", "> q\n>\n> r", "1. one\n2. two", "---", "* * *",
    "Wow![1](u)", "[![i](s)](h) tail", "\\# not heading", "1\\. not list", "a\\\nb", "end \\",
    "**a**b**c**", "*![](x)*", "- a\n\n    indented", "- a\n\n  more", "> a\n\n> b", "- # h",
    "- ---", "> - a\n> - b", "\n\nx", "x\n\n\n\ny", "   \n", "- a\n1. b", "[a](u)*b*",
]  # fmt: skip


@pytest.mark.parametrize("markdown", _TRICKY)
def test_tricky_markdown_reads_as_rendered(markdown: str) -> None:
    assert to_text(markdown) == rendered_text(markdown)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_mix_of_markdown_reads_as_rendered(markdown: str) -> None:
    assert to_text(markdown) == rendered_text(markdown)


def test_simple_markdown_is_read_and_reads_right() -> None:
    # The direct reading must cover what the converter writes, or it would save nothing.
    markdown = (
        "# Заголовок\n\nТекст со [ссылкой](http://x.test/a_%28b%29) и **жирным**, *курсивом*, "
        "`кодом` и \\*звёздочкой\\*.  \nНовая строка &amp; &lt;тег&gt;.\n\n"
        "![фото](http://x.test/i.jpg)\n\n*Подпись*\n\n> Цитата\n\n- один\n- два\n\n---"
    )
    assert to_text(markdown).split("\n\n") == [
        "Заголовок",
        "Текст со ссылкой и жирным, курсивом, кодом и *звёздочкой*. Новая строка & <тег>.",
        "Подпись",
        "Цитата",
        "один",
        "два",
    ]
    assert to_text(markdown) == rendered_text(markdown)
    assert document_is_simple(markdown)
    for block in markdown.split("\n\n"):
        block_texts(block, escaped_characters())  # read directly: raises nothing
