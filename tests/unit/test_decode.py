"""Charsets: BOM, HTTP header, meta tag, else detection; Russian comes out right."""

from __future__ import annotations

import codecs

import pytest

from generator.scrape.decode import charset_from_header, charset_from_meta, decode_html, decode_text

RUSSIAN = (
    "Япония выделит Монголии безвозмездный грант на сумму 3,7 миллиона долларов для "
    "реализации инфраструктурных проектов. Эти средства пойдут на модернизацию "
    "экологического мониторинга и развитие коммунальных систем."
)


def page(charset_meta: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>Новости</title></head><body><p>{RUSSIAN}</p></body></html>"


@pytest.mark.parametrize("codec", ["windows-1251", "koi8-r", "utf-8"])
def test_charset_from_the_http_header(codec: str) -> None:
    data = page().encode(codec)
    assert RUSSIAN in decode_html(data, f"text/html; charset={codec}")


@pytest.mark.parametrize("codec", ["windows-1251", "koi8-r"])
def test_charset_from_the_meta_tag(codec: str) -> None:
    data = page(codec).encode(codec)
    assert RUSSIAN in decode_html(data, "text/html")


def test_http_equiv_meta_tag() -> None:
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>{RUSSIAN}</p>'
    assert RUSSIAN in decode_html(html.encode("cp1251"))


def test_bom_wins_over_a_wrong_label() -> None:
    data = codecs.BOM_UTF8 + page("windows-1251").encode("utf-8")
    assert RUSSIAN in decode_html(data, "text/html; charset=windows-1251")


@pytest.mark.parametrize("codec", ["windows-1251", "koi8-r", "utf-8"])
def test_detection_without_any_label(codec: str) -> None:
    assert RUSSIAN in decode_html(page().encode(codec))


@pytest.mark.parametrize("codec", ["windows-1251", "koi8-r"])
def test_a_page_wrongly_labelled_utf8_is_detected(codec: str) -> None:
    assert RUSSIAN in decode_html(page().encode(codec), "text/html; charset=utf-8")


def test_unknown_label_is_ignored() -> None:
    assert RUSSIAN in decode_html(page().encode("cp1251"), "text/html; charset=x-nonsense")


@pytest.mark.parametrize("codec", ["windows-1251", "koi8-r", "utf-8", "utf-16"])
def test_text_dumps(codec: str) -> None:
    assert decode_text(RUSSIAN.encode(codec)) == RUSSIAN


def test_label_parsing() -> None:
    assert charset_from_header('text/html; charset="Windows-1251"') == "windows-1251"
    assert charset_from_header("text/html") is None
    assert charset_from_meta(b"<meta charset='koi8-r'>") == "koi8-r"
