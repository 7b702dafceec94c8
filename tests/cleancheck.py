"""One check shared by the cleaner's property tests and bench/fuzz_cleaner.py."""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import frontmatter
from hypothesis import strategies as st

from generator.commands.clean import as_markdown
from generator.contentfile import parse_article
from generator.errors import ScrapeError
from generator.scrape.pipeline import Cleaner, Input, make_cleaner

NOW = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@lru_cache(maxsize=1)
def cleaner() -> Cleaner:
    """The cleaner without a site: shipped profiles and vocabulary."""
    return make_cleaner(None)


def check_clean(data: bytes, suffix: str) -> str | None:
    """Clean data saved as a page with this suffix; None when it is refused with a reason.

    Raises AssertionError when the result breaks the contract: anything but ScrapeError
    escaping, control characters, or front-matter python-frontmatter and digest read apart.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        try:
            cleaned = cleaner().clean(Input(str(path), path=path))
        except ScrapeError as exc:
            assert "\n" not in exc.message, exc.message
            return None
    markdown = as_markdown(cleaned, NOW)
    assert not _CONTROL.search(markdown.replace("\t", "")), markdown[:200]
    post = frontmatter.loads(markdown)
    article, errors = parse_article(markdown, "page.md", UTC)
    assert errors == [] and article is not None, errors
    assert post.metadata["title"] == article.title
    assert post.content.strip("\n") == article.body
    assert frontmatter.loads(frontmatter.dumps(post)).metadata == post.metadata
    return markdown


WORDS = "Байкал озеро форум учёные Иркутск туристы сезон берег правительство решение новости год и в на о".split()  # fmt: skip
# Prose-like runs of words, with arbitrary text mixed in: enough to pass as an article.
prose = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=6, max_size=40).map(lambda w: " ".join(w) + "."),
    st.text(max_size=200),
)


def html_pages() -> st.SearchStrategy[bytes]:
    """Arbitrary text, and article-shaped markup with arbitrary pieces in it."""
    text = prose
    shaped = st.builds(
        lambda title, paragraphs, junk: (
            f"<html><head><title>{title}</title></head><body>{junk}<article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>"
        ),
        text,
        st.lists(text, max_size=5),
        text,
    )
    encoded = st.one_of(text, shaped).flatmap(
        lambda page: st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16"]).map(
            lambda codec: page.encode(codec, "replace")
        )
    )
    return st.one_of(st.binary(max_size=2000), encoded)


def text_dumps() -> st.SearchStrategy[bytes]:
    """Arbitrary text, and dump-shaped text: a title line, then paragraphs."""
    text = prose
    shaped = st.builds(
        lambda lines, paragraphs: "\n".join(lines) + "\n\n" + "\n\n".join(paragraphs),
        st.lists(text, max_size=4),
        st.lists(text, max_size=6),
    )
    encoded = st.one_of(text, shaped).flatmap(
        lambda page: st.sampled_from(["utf-8", "cp1251", "koi8-r"]).map(
            lambda codec: page.encode(codec, "replace")
        )
    )
    return st.one_of(st.binary(max_size=2000), encoded)
