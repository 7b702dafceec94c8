"""Properties that hold for any input: safe slugs, inert HTML, a lossless content contract."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.contentfile import dump_article, parse_article
from generator.markup import render_markdown, sanitize
from generator.model import ARTICLE_FIELDS, Article
from generator.slugs import MAX_LENGTH, is_safe_slug, slugify
from generator.urls import is_inside, term_path
from tests.activecontent import findings

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------- slugs


@SETTINGS
@given(st.text())
def test_a_slug_is_always_one_safe_path_segment(text: str) -> None:
    slug = slugify(text)
    assert is_safe_slug(slug)
    assert len(slug) <= MAX_LENGTH
    assert slug == slugify(text)  # stable: the same title always gives the same URL
    assert is_inside(term_path("tags", slug) + "index.html")


@SETTINGS
@given(st.text(alphabet=st.sampled_from("./\\\x00\n\t %?#:~-_ .."), max_size=30))
def test_path_punctuation_never_reaches_a_slug(text: str) -> None:
    slug = slugify(text)
    assert is_safe_slug(slug) and slug.startswith("n-")


# ------------------------------------------------------------------- sanitizer

TAGS = [
    "a", "img", "script", "iframe", "svg", "math", "style", "object", "embed", "base", "meta",
    "form", "input", "button", "details", "video", "audio", "source", "noscript", "template",
    "xmp", "textarea", "title", "table", "p", "div", "span", "mglyph", "animate", "set",
    "link", "marquee", "select", "option", "frameset", "plaintext", "noembed", "image",
]  # fmt: skip
ATTRS = [
    "href", "src", "onerror", "onload", "onclick", "style", "srcdoc", "action", "formaction",
    "xlink:href", "data", "srcset", "title", "id", "class", "http-equiv", "content", "rel",
    "poster", "background", "ontoggle", "onbegin", "open", "autofocus", "onfocus", "type",
]  # fmt: skip
SCHEMES = ["javascript", "JaVaScRiPt", "java\tscript", "vbscript", "data", "http", "https", "mailto", ""]  # fmt: skip
PAYLOAD = "alert(1)"


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(SCHEMES))
    lead = draw(st.sampled_from(["", " ", "\x01", "&#1;", "&#x09;", "\n"]))
    colon = draw(st.sampled_from([":", "&colon;", "&#58;", "&#x3a;", "%3a"]))
    rest = draw(st.sampled_from([PAYLOAD, "//evil.example/x", "text/html,<script>alert(1)</script>"]))  # fmt: skip
    return f"{lead}{scheme}{colon}{rest}" if scheme else rest


@st.composite
def attributes(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ATTRS))
    value = draw(st.one_of(urls(), st.just(PAYLOAD), st.text(max_size=10)))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote:
        value = value.replace(" ", "").replace(">", "") or "x"
    return f" {name}={quote}{value}{quote}"


@st.composite
def html(draw: st.DrawFn, depth: int = 0) -> str:
    """Markup from a grammar of dangerous elements, attributes, URLs and broken nesting."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5 if depth < 3 else 2))
        if kind == 0:
            parts.append(draw(st.text(max_size=10)))
        elif kind == 1:
            parts.append(draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "</", "<", ">", '"', "'", "&", "`"])))  # fmt: skip
        elif kind == 2:
            parts.append(f"<script>{PAYLOAD}</script>")
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = "".join(draw(st.lists(attributes(), max_size=3)))
            inner = draw(html(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
            parts.append(f"<{tag}{attrs}>{inner}{close}")
    return "".join(parts)


@SETTINGS
@given(html())
def test_sanitized_html_has_no_active_content(markup: str) -> None:
    cleaned = sanitize(markup)
    assert findings(cleaned) == set(), cleaned
    # Cleaning what a browser would re-serialise changes nothing that matters (no mutation XSS).
    assert findings(sanitize(cleaned)) == set()


@SETTINGS
@given(st.text())
def test_sanitizer_never_fails_on_any_text(text: str) -> None:
    assert findings(sanitize(text)) == set()


@st.composite
def markdown_text(draw: st.DrawFn) -> str:
    """Markdown with links, images, references, attribute lists and raw HTML mixed in."""
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        url = draw(urls())
        blocks.append(
            draw(
                st.sampled_from(
                    [
                        f"[link]({url})",
                        f"![img]({url})",
                        f"<{url}>",
                        f"[ref][r]\n\n[r]: {url}",
                        f'para\n{{: onclick="{PAYLOAD}" }}',
                        f'## Head {{: onmouseover="{PAYLOAD}" }}',
                        f"note[^1]\n\n[^1]: {draw(html())}",
                        f"*[HTML]: {draw(html())}",
                        draw(html()),
                        draw(st.text(max_size=30)),
                    ]
                )
            )
        )
    return "\n\n".join(blocks)


@SETTINGS
@given(markdown_text())
def test_rendered_markdown_has_no_active_content(text: str) -> None:
    rendered = render_markdown(text)
    assert findings(rendered) == set(), rendered


# ------------------------------------------------------------------- content contract

_CONTROL = "".join(chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
clean_text = (
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_CONTROL))
    .map(str.strip)
    .filter(bool)
)
terms = st.lists(clean_text.filter(lambda t: len(t) <= 200), max_size=6, unique=True).map(tuple)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
dates = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets)  # fmt: skip
web_urls = st.one_of(
    st.builds(
        lambda path: "https://example.org/" + path, st.text(string.printable.strip(), max_size=20)
    ),  # fmt: skip
    st.builds(lambda path: "/local/" + path, st.text(string.ascii_letters + "?&=#%", max_size=10)),
)
extra_keys = st.text(string.ascii_lowercase + "_", min_size=1, max_size=8).filter(
    lambda k: k not in ARTICLE_FIELDS
)
extra_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), clean_text),
    lambda children: st.lists(children, max_size=3),
    max_leaves=6,
)
optional = st.one_of(st.none(), clean_text)

articles = st.builds(
    Article,
    title=clean_text.filter(lambda t: len(t) <= 1000),
    date=dates,
    body=st.text(st.characters(blacklist_categories=("Cs",))).map(
        lambda b: b.replace("\r", "").strip("\n")
    ),
    slug=st.one_of(st.none(), st.text().map(slugify)),
    updated=st.one_of(st.none(), dates),
    author=optional,
    tags=terms,
    topics=terms,
    countries=terms,
    views=st.one_of(st.none(), st.integers(0, 10**15)),
    source=optional,
    source_url=st.one_of(st.none(), web_urls),
    lang=optional,
    summary=optional,
    image=st.one_of(st.none(), web_urls),
    draft=st.booleans(),
    extra=st.dictionaries(extra_keys, extra_values, max_size=3),
)


@SETTINGS
@given(articles)
def test_dump_then_parse_gives_the_same_article(article: Article) -> None:
    text = dump_article(article)
    parsed, errors = parse_article(text, "a.md", UTC)
    assert errors == []
    assert parsed == article


@SETTINGS
@given(st.text())
def test_parsing_any_text_reports_instead_of_raising(text: str) -> None:
    article, errors = parse_article(text, "x.md", UTC)
    assert (article is None) == bool(errors)
    for error in errors:
        assert "\n" not in error.message and error.message.startswith("x.md")


@SETTINGS
@given(st.text(), st.text())
def test_parsing_any_front_matter_reports_instead_of_raising(head: str, body: str) -> None:
    article, errors = parse_article(f"---\n{head}\n---\n{body}", "x.md", UTC)
    assert (article is None) == bool(errors)
    for error in errors:
        assert "\n" not in error.message and error.message.startswith("x.md")
