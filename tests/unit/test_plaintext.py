"""Markdown -> plain text: the JSON `text` key and the text the quality bench scores."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.scrape.htmlmd import Converter
from generator.scrape.plaintext import to_text


def test_paragraphs_are_separated_by_one_blank_line_without_markup() -> None:
    source = (
        "## Итоги\n\nЯпония **выделит** [Монголии](https://example.com/a) *кредит*.\n\n\n"
        "Второй абзац  \nс переносом строки."
    )
    assert to_text(source) == (
        "Итоги\n\nЯпония выделит Монголии кредит.\n\nВторой абзац с переносом строки."
    )


def test_no_space_is_added_around_inline_markup() -> None:
    assert to_text("Github has a [Fetch polyfill](https://x.test).") == (
        "Github has a Fetch polyfill."
    )
    assert to_text("東京の[ニュース](https://x.test)です。") == "東京のニュースです。"


def test_list_items_quotes_and_table_rows_are_paragraphs() -> None:
    source = (
        "Он сказал:\n\n- первое;\n- второе.\n\n> Цитата.\n\n"
        "| Страна | Сумма |\n| --- | --- |\n| Япония | 100 |"
    )
    assert to_text(source).split("\n\n") == [
        "Он сказал:",
        "первое;",
        "второе.",
        "Цитата.",
        "Страна\tСумма",
        "Япония\t100",
    ]


def test_nested_list_keeps_the_item_text_before_the_inner_list() -> None:
    assert to_text("- один\n    - два\n- три").split("\n\n") == ["один", "два", "три"]


def test_figures_keep_their_caption_unless_left_out() -> None:
    source = "Текст.\n\n![Министр](https://x.test/a.jpg)\n\n*Министр Такэши Иваэ*\n\nЕщё текст."
    assert to_text(source) == "Текст.\n\nМинистр Такэши Иваэ\n\nЕщё текст."
    assert to_text(source, figures=False) == "Текст.\n\nЕщё текст."


def test_text_written_by_the_converter_comes_back_as_written() -> None:
    html = (
        '<div><p>Google "&lt;noun&gt;.js" &amp;amp; AT&amp;T, a_b *c* [d]</p>'
        "<p>1. Not a list</p><p># Not a heading</p></div>"
    )
    root = BeautifulSoup(html, "lxml").div
    assert root is not None
    markdown = Converter(None).convert(root)
    assert to_text(markdown).split("\n\n") == [
        'Google "<noun>.js" &amp; AT&T, a_b *c* [d]',
        "1. Not a list",
        "# Not a heading",
    ]


def test_empty_markdown_is_empty_text() -> None:
    assert to_text("") == "" and to_text("![](https://x.test/a.jpg)") == ""
