"""Hostile raw pages through `digest clean` and `digest scrape`: an error line or safe output.

The pages are made at test time (the 20 MB one is never committed). Each one either fails
with one line `failed: <input>: <reason>` or gives front-matter that python-frontmatter
reads and the content contract accepts, with no control characters; scrape writes
nothing outside content/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import frontmatter
import pytest

from generator.cli import main
from generator.contentfile import parse_article
from tests.conftest import SiteWriter
from tests.faultserver import article
from tests.fstree import snapshot

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
GOOD_HTML = article(5)
GOOD_TEXT = (
    "Главная / Новости\n\nБайкал открыл сезон\n\nПервый абзац о том, как на Байкале открыли "
    "туристический сезон: пришли первые теплоходы.\n\nВторой абзац: в Листвянке ждут "
    "рекордное число гостей, а учёные просят беречь берег.\n"
)


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2 + 1]  # +1: the cut falls inside a two-byte letter


def _mixed(text: str) -> bytes:
    middle = len(text) // 2
    return text[:middle].encode("utf-8") + text[middle:].encode("cp1251", "replace")


def _huge(size: int) -> bytes:
    paragraph = ("<p>" + "Очень длинный абзац о Байкале. " * 40 + "</p>\n").encode()
    return GOOD_HTML.replace(b"</article>", paragraph * (size // len(paragraph)) + b"</article>")


# name -> (bytes, what a failure must say, or None when the page may also clean to safe output)
PAGES: dict[str, tuple[Callable[[], bytes], str | None]] = {
    "truncated.html": (lambda: _half(GOOD_HTML), None),
    "malformed.html": (
        lambda: b"<html><body><article><h1>T</h2><p>text <b><i>x <div></p></span></table>" * 5,
        None,
    ),  # fmt: skip
    "binary.html": (lambda: os.urandom(50_000), None),
    "empty.html": (lambda: b"", None),
    "huge.html": (lambda: _huge(20_000_000), "too big: more than 10000000 bytes"),
    "nested.html": (
        lambda: (
            b"<html><body><article><h1>Deep</h1>"
            + b"<div>" * 10_000
            + b"<p>deep text</p>"
            + b"</div>" * 10_000
            + b"</article></body></html>"
        ),
        None,
    ),  # fmt: skip
    "wrong-charset.html": (
        lambda: GOOD_HTML.replace(b'charset="utf-8"', b'charset="koi8-r"'),
        None,
    ),  # fmt: skip
    "mixed.html": (lambda: _mixed(GOOD_HTML.decode()), None),
    "no-article.html": (
        lambda: (
            b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
        ),
        None,
    ),  # fmt: skip
    "controls.html": (
        lambda: GOOD_HTML.replace(b"<p>", b"<p>\x00\x07\x1b[31m\x1b]0;title\x07", 3),
        None,
    ),  # fmt: skip
    "empty.txt": (lambda: b"", "no title found"),
    "binary.txt": (lambda: os.urandom(5000), None),
    "huge.txt": (
        lambda: ("Заголовок\n\n" + "Абзац текста. " * 1_500_000).encode(),
        "too big: more than 10000000 bytes",
    ),  # fmt: skip
    "truncated.txt": (lambda: _half(GOOD_TEXT.encode()), None),
    "cp1251.txt": (lambda: GOOD_TEXT.encode("cp1251"), None),
    "koi8.txt": (lambda: GOOD_TEXT.encode("koi8-r"), None),
    "mixed.txt": (lambda: _mixed(GOOD_TEXT), None),
    "controls.txt": (
        lambda: GOOD_TEXT.replace("Первый", "\x1b[2J\x1b]52;c;ZXZpbA==\x07Первый").encode(),
        None,
    ),  # fmt: skip
    "one-long-line.txt": (lambda: ("слово " * 200_000).encode(), None),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("raw")
    for name, (make, _) in PAGES.items():
        (folder / name).write_bytes(make())
    return folder


def _check_safe(markdown: str) -> None:
    """Output of clean: front-matter that both readers accept, and nothing a terminal runs."""
    assert not _CONTROL.search(markdown.replace("\t", "")), "control characters in the output"
    post = frontmatter.loads(markdown)
    assert isinstance(post.metadata.get("title"), str) and post.metadata["title"].strip()
    article, errors = parse_article(markdown, "x.md", UTC)
    assert errors == [] and article is not None
    assert article.title == post.metadata["title"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_hostile_page_cleans_to_an_error_line_or_safe_output(
    name: str, pages: Path, make_site: SiteWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    _, failure = PAGES[name]
    code = main(["clean", "--site", str(site), str(pages / name)])
    captured = capsys.readouterr()
    if code == 1:
        lines = captured.err.splitlines()
        assert lines == [lines[0]] and lines[0].startswith(f"failed: {pages / name}: ")
        assert not _CONTROL.search(lines[0])
        if failure:
            assert failure in lines[0]
        assert captured.out == ""
    else:
        assert code == 0 and failure is None, captured.err
        _check_safe(captured.out)


def test_text_in_other_encodings_is_read_right(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    for name in ("cp1251.txt", "koi8.txt", "mixed.txt", "controls.txt"):
        assert main(["clean", str(pages / name)]) == 0, name
        out = capsys.readouterr().out
        assert "title: Байкал открыл сезон" in out, (name, out[:300])
        assert "Первый абзац о том, как на Байкале" in out, name


def test_scrape_of_the_whole_corpus_writes_only_whole_articles_in_content(
    pages: Path, make_site: SiteWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({})
    before = snapshot(site, skip=("content", ".digest-cache"))
    code = main(["scrape", "--site", str(site), str(pages)])
    captured = capsys.readouterr()
    assert code == 1  # some pages cannot be cleaned: the run says so and goes on
    failed = [line for line in captured.err.splitlines() if line.startswith("failed: ")]
    written = [line for line in captured.out.splitlines() if line.startswith("written ")]
    assert failed and written
    assert len(failed) + len(written) + captured.err.count("skipped: ") <= len(PAGES)
    assert "Traceback" not in captured.err
    assert snapshot(site, skip=("content", ".digest-cache")) == before
    files = [p for p in (site / "content").rglob("*") if p.is_file()]
    assert len(files) == len(written)
    for path in files:
        assert path.resolve().is_relative_to((site / "content/articles").resolve())
        _check_safe(path.read_text(encoding="utf-8"))
    assert main(["build", "--site", str(site)]) == 0


def test_a_file_name_with_escape_codes_is_reported_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "bad\x1b[31m\nname.txt"
    page.write_bytes(b"")
    assert main(["clean", str(page)]) == 1
    err = capsys.readouterr().err
    assert err == f"failed: {tmp_path}/bad\\x1b[31m\\x0aname.txt: no title found\n"
