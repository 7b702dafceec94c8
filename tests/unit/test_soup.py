"""The soup copied from lxml's tree is the soup BeautifulSoup's lxml builder makes."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import PageElement
from lxml import html as lhtml

from generator.scrape.soup import soup_from_lxml

PAGE = """<!DOCTYPE html><html lang="ru"><head><title>Т</title></head>
<body class="page  main" id="top">
  <!-- a comment between -->
  <header><nav><a href="/a" rel="nofollow tag">Раздел</a></nav></header>
  <article>
    <h1>Заголовок &amp; <em>курсив</em></h1>
    <p>Первый абзац,<br>с переносом и <a href="/x?a=1&amp;b=2" class="link  ext">ссылкой</a>.</p>
    <pre>  отступ
      сохранён  </pre>
    <p>   </p>
    <ruby>漢<rt>かん</rt></ruby>
    <table><tr><td headers="h1 h2">ячейка</td></tr></table>
    <img src="/i.jpg" alt="фото"><p>хвост<!-- c -->после комментария</p>
  </article>
</body></html>"""


def _parsed(markup: str) -> lhtml.HtmlElement:
    parser = lhtml.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return lhtml.document_fromstring(markup.encode("utf-8"), parser=parser)


_LINKS = ("parent", "previous_element", "next_element", "previous_sibling", "next_sibling")


def _links(node: PageElement) -> tuple[object, ...]:
    def name(other: PageElement | None) -> object:
        return other.name if isinstance(other, Tag) else other

    return tuple(name(getattr(node, field)) for field in _LINKS)


def test_copied_soup_equals_the_parsed_soup() -> None:
    root = _parsed(PAGE)
    expected = BeautifulSoup(lhtml.tostring(root, encoding="unicode"), "lxml")
    got = soup_from_lxml(root)
    assert got.decode() == expected.decode()
    pairs = list(zip(expected.descendants, got.descendants, strict=True))
    assert len(pairs) > 30
    for want, have in pairs:
        assert type(have) is type(want)
        assert str(have) == str(want)
        assert _links(have) == _links(want)
        if isinstance(want, Tag):
            assert isinstance(have, Tag)
            assert have.attrs == want.attrs and type(have.attrs) is type(want.attrs)
            assert vars(have).keys() == vars(want).keys()
            assert have.can_be_empty_element == want.can_be_empty_element


def test_multi_valued_attributes_are_lists_and_whitespace_strings_collapse() -> None:
    soup = soup_from_lxml(_parsed(PAGE))
    assert soup.body is not None and soup.body["class"] == ["page", "main"]
    link = soup.find("a", href="/x?a=1&b=2")
    assert isinstance(link, Tag) and link["class"] == ["link", "ext"]
    assert soup.select_one("td[headers]")["headers"] == ["h1", "h2"]  # type: ignore[index]
    pre = soup.find("pre")
    assert pre is not None and pre.get_text() == "  отступ\n      сохранён  "
    empty = soup.find_all("p")[1]
    assert empty.contents == [" "]
    assert [p.get_text() for p in soup.find_all("p")][-1] == "хвостпосле комментария"
