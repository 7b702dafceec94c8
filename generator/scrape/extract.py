"""An HTML page to a Draft: structured data first, then the site profile, then heuristics."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from lxml import etree
from lxml import html as lhtml

from generator.scrape import body, tidy
from generator.scrape.dates import localize, parse_date, zone
from generator.scrape.draft import Draft
from generator.scrape.htmlmd import Converter, first_figure
from generator.scrape.metadata import PageMeta, clean, read_meta
from generator.scrape.profiles import Profile
from generator.scrape.soup import first_named, named, soup_from_lxml

_BLOAT = ("script", "style", "svg", "noscript", "template", "link", "meta", "head", "math",
          "nav", "button", "input", "select", "textarea", "iframe", "object", "embed", "dialog",
          "menu", "canvas", "map", "audio", "video", "source")  # fmt: skip
_SHORT = 500  # characters: a shorter body suggests the boilerplate filter took the article
_BYLINE = re.compile(r"byline|author|автор|writer|creator", re.I)
_DATED = re.compile(r"date|time|publish|posted|дата", re.I)
_VIEWS = re.compile(r"views?\b|view-?count|просмотр|hits", re.I)
_AUTHOR_PREFIX = re.compile(
    r"^\s*(by|автор|авторы|текст|author|autor|autorin|von|par|por)\s*[:：]?\s+", re.I
)
_AUTHOR_LINE = re.compile(r"^(?:автор|авторы|текст|by)\s*:?\s+(?P<name>[^\d|:]{3,60})$", re.I)
_TOKENS = re.compile(r"\w+")
_BLOCKS = frozenset(["p", "div"])
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—/»:·]\s+")


def extract_html(html: str, url: str | None = None, profile: Profile | None = None) -> Draft:
    """The article in an HTML page; a field the page does not give stays None."""
    parsed = _parse(html)
    if parsed is None:
        return Draft()
    doc, too_deep = parsed
    meta = read_meta(doc, url)
    base = _base_url(doc, url)
    page_title = clean(doc.findtext(".//title"))
    if not too_deep:
        etree.strip_elements(doc, *_BLOAT, with_tail=False)
    soup = _soup(doc, html, too_deep)
    fields = _profile_fields(soup, profile) if profile else {}
    title = _without_site(meta.title, meta.source, soup) or fields.get("title")
    title = title or _heuristic_title(soup, page_title)
    tags = body.all_tags(soup)
    heuristics = _heuristic_fields(tags)
    root = _select_body(soup, profile, hint=meta.body_text, title=title, tags=tags)
    if root is None or body.text_len(root) < _SHORT:
        # Names fooled the boilerplate filter (a layout called "sidebar-grid"): try without it.
        retry = _select_body(_soup(doc, html, too_deep), profile, by_name=False, title=title)
        if retry is not None and (root is None or body.text_len(retry) > body.text_len(root)):
            root = retry
    if root is not None:
        tidy.clean_content(root, title)
        heuristics.setdefault("author", _byline_in_text(root))
    markdown = Converter(base).convert(root) if root is not None else ""
    return _draft(meta, fields, heuristics, title, markdown, profile)


def _parse(html: str) -> tuple[lhtml.HtmlElement, bool] | None:
    """The page as an lxml tree, and whether it nests too deep for libxml2; None if unparsable."""
    if not isinstance(html, str) or not html.strip():
        return None
    data = html.encode("utf-8", "replace").replace(b"\x00", b"")
    parser = lhtml.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        doc = lhtml.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if not isinstance(doc, lhtml.HtmlElement):
        return None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return doc, too_deep


def _soup(doc: lhtml.HtmlElement, html: str, too_deep: bool) -> BeautifulSoup:
    """The page for the body heuristics: lxml's tree (its bloat stripped), or the page parsed
    with Python's parser when it nests deeper than libxml2 goes (Python's has no limit)."""
    if not too_deep:
        return soup_from_lxml(doc)
    soup = BeautifulSoup(html.replace("\x00", ""), "html.parser")
    for tag in soup.find_all(list(_BLOAT)):
        tag.decompose()
    _flatten(soup)
    return soup


def _flatten(soup: BeautifulSoup, limit: int = 200) -> None:
    """Elements at depth limit reduced to their text, so no pass over the tree goes quadratic."""
    depth: dict[int, int] = {id(soup): 0}
    cut: list[Tag] = []
    for tag in body.all_tags(soup):
        level = depth.get(id(tag.parent), 0) + 1
        depth[id(tag)] = level
        if level == limit:
            cut.append(tag)
    for tag in cut:
        text = tag.get_text(" ")
        tag.clear()
        tag.append(text)


def _base_url(doc: lhtml.HtmlElement, url: str | None) -> str | None:
    """The page URL, moved by a <base href> element when the page has one."""
    base = doc.find(".//base[@href]")
    href = base.get("href", "").strip() if base is not None else ""
    if not href:
        return url
    try:
        return urljoin(url, href) if url else href
    except ValueError:
        return url


def _select(soup: BeautifulSoup, selectors: tuple[str, ...]) -> list[Tag]:
    """Elements matching the first selector that matches anything; a bad selector matches none."""
    for selector in selectors:
        try:
            found = soup.select(selector)
        except Exception:  # soupsieve raises its own SelectorSyntaxError and friends
            continue
        if found:
            return found
    return []


def _selected_text(soup: BeautifulSoup, selectors: tuple[str, ...]) -> str | None:
    found = _select(soup, selectors)
    if not found:
        return None
    tag = found[0]
    for attr in ("content", "datetime", "title"):
        value = tag.get(attr)
        if isinstance(value, str) and value.strip() and tag.name in ("meta", "time", "abbr"):
            return clean(value)
    return body.plain(tag)


def _profile_fields(soup: BeautifulSoup, profile: Profile) -> dict[str, Any]:
    """Fields read with the profile's [html] selectors."""
    rules = profile.html
    fields: dict[str, Any] = {
        "title": _selected_text(soup, rules.title),
        "author": _author_text(_selected_text(soup, rules.author)),
        "date": parse_date(_selected_text(soup, rules.date), profile.date_formats),
        "views": _number(_selected_text(soup, rules.views)),
        "tags": [t for t in (body.plain(tag) for tag in _select(soup, rules.tags)) if t],
    }
    return {k: v for k, v in fields.items() if v}


def _select_body(
    soup: BeautifulSoup,
    profile: Profile | None,
    by_name: bool = True,
    hint: str | None = None,
    title: str | None = None,
    tags: list[Tag] | None = None,
) -> Tag | None:
    """The body by the profile's selector, else by the generic heuristics."""
    if profile is not None:
        for tag in _select(soup, profile.html.remove):
            if not body.gone(tag):
                tag.decompose()
        found = _select(soup, profile.html.body)
        if found:
            root = body.new_root([t for t in found if not any(p in found for p in t.parents)])
            body.strip_boilerplate(root, by_name)
            return root
    start = soup.body or soup
    tags = body.all_tags(soup) if tags is None else tags
    prose = body.prose_by_element(start, tags)
    anchor = body.title_anchor(tags, title, prose)
    body.strip_boilerplate(start, by_name, prose, tags)
    guided = body.container_of(start, hint) if hint else None
    return guided or body.best_container(start, anchor)


def _author_text(text: str | None) -> str | None:
    if not text:
        return None
    text = _AUTHOR_PREFIX.sub("", text).strip(" ,;|")
    if not text or len(text) > 100 or len(text.split()) > 12:
        return None
    return text


def _number(text: str | None) -> int | None:
    digits = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    match = re.search(r"\d+", digits)
    return int(match.group()) if match else None


def _byline_in_text(root: Tag) -> str | None:
    """An 'Автор: Name' line opening or closing the text: the author, and out of the body."""
    blocks = named(root, _BLOCKS)
    for block in blocks[:2] + blocks[-2:]:
        text = body.plain(block) or ""
        match = _AUTHOR_LINE.match(text)
        if match and not first_named(block, _BLOCKS):
            block.decompose()
            return match["name"]
    return None


def _without_site(title: str | None, site: str | None, soup: BeautifulSoup) -> str | None:
    """A metadata title without the site's name tacked on: 'Title | Site', 'Title - Site.de'."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    heading = body.plain(soup.find("h1")) or ""
    if heading and title.startswith(heading) and len(heading.split()) >= 2:
        return heading  # the page's own heading is the title without the suffix
    if site and _TOKENS.findall(parts[-1].casefold()) == _TOKENS.findall(site.casefold()):
        return (
            _TITLE_SEPARATORS.split(title, maxsplit=len(parts) - 2)[0]
            if len(parts) > 2
            else parts[0]
        )
    return title


def _heuristic_title(soup: BeautifulSoup, page_title: str | None) -> str | None:
    """The first <h1> when the <title> agrees, else the <title> without the site's name."""
    heading = body.plain(soup.find("h1"))
    if heading and (not page_title or heading.casefold() in page_title.casefold()):
        return heading
    if not page_title:
        return heading
    parts = _TITLE_SEPARATORS.split(page_title)
    if len(parts) > 1:
        longest = max(parts, key=len)
        if len(longest.split()) >= 3:
            return longest
    return page_title


@lru_cache(maxsize=4096)
def _named_as(names: str) -> tuple[bool, bool, bool]:
    """Whether class, id and itemprop names call an element a byline, a date, a view count
    (cached: pages repeat their names, and the patterns are slow)."""
    return bool(_BYLINE.search(names)), bool(_DATED.search(names)), bool(_VIEWS.search(names))


def _heuristic_fields(elements: list[Tag]) -> dict[str, Any]:
    """Byline, date, views and tags found by the names pages usually give them."""
    fields: dict[str, Any] = {}
    tags: list[str] = []
    for tag in elements:
        if not tag.attrs:
            continue  # nothing names it (most elements)
        rel = tag.attrs.get("rel") or ()
        if "tag" in rel and tag.name == "a":
            tags.extend(t for t in [body.plain(tag)] if t)
        names = body.attrs_of(tag) + " " + str(tag.attrs.get("itemprop") or "")
        if len(names) < 2 and not rel:
            continue
        byline, dated, views = _named_as(names)
        if "author" not in fields and ("author" in rel or byline):
            author = _author_text(body.plain(tag))
            if author and not any(ch.isdigit() for ch in author):
                fields["author"] = author
        if "date" not in fields and dated:
            found = parse_date(body.plain(tag))
            if found:
                fields["date"] = found
        if "views" not in fields and views:
            text = body.plain(tag) or ""
            if len(text) < 30 and _number(text) is not None:
                fields["views"] = _number(text)
    fields["tags"] = tags
    return fields


def _person(author: str | None) -> str | None:
    """The byline unless it is an e-mail address or a number (a page's author id)."""
    if not author or "@" in author or not any(ch.isalpha() for ch in author):
        return None
    return author


def _draft(
    meta: PageMeta,
    fields: dict[str, Any],
    heuristics: dict[str, Any],
    title: str | None,
    markdown: str,
    profile: Profile | None,
) -> Draft:
    """The Draft from the layers, each field from the first layer that gives it."""

    def pick(name: str) -> Any:
        value = getattr(meta, name)
        return value or fields.get(name) or heuristics.get(name)

    source = meta.source or (profile.source if profile else None)

    tz = zone(profile.timezone) if profile else None
    tags = list(dict.fromkeys(pick("tags") or []))
    if profile and profile.tag_case == "lower":
        tags = list(dict.fromkeys(t.lower() for t in tags))
    lang = meta.lang or (profile.lang if profile else None)
    image, caption = (meta.image, None) if meta.image else first_figure(markdown)
    return Draft(
        title=title,
        markdown=markdown,
        author=_person(pick("author")),
        date=localize(pick("date"), tz),
        tags=tags,
        views=meta.views
        if meta.views is not None
        else fields.get("views", heuristics.get("views")),
        source=source,
        source_url=meta.source_url,
        lang=lang.replace("_", "-").split("-")[0].lower() if lang else None,
        summary=meta.summary,
        image=image,
        image_caption=caption,
    )
