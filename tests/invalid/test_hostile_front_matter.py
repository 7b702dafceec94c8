"""Hostile front-matter: every case has one defined outcome.

Either the build stops with one line naming the file and the problem (exit 1, no traceback,
output/ exactly as before), or it succeeds with safe output: no page outside its folder,
no two articles in one file, nothing written outside output/ and the cache.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.slugs import is_safe_slug
from tests.conftest import SiteWriter, article
from tests.fstree import snapshot, tree_hash
from tests.linkcheck import parse

GOOD = article("Хорошая статья", date="2025-01-10T10:00:00+03:00")


def _head(lines: str) -> str:
    return "---\n" + lines + "\n---\n\nТекст.\n"


# Ten lines of aliases that expand to 9**10 values.
_LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "\n".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)
)

# name -> (file text, what the one error line must say)
ERRORS: dict[str, tuple[str, str]] = {
    "not-yaml": (_head("title: [не закрыто\ndate: 2025-01-01"), "front-matter is not valid YAML"),
    "yaml-tab-indent": (_head("title: x\n\tdate: 2025-01-01"), "front-matter is not valid YAML"),
    "yaml-text-not-mapping": (_head("просто строка текста"), "front-matter must be a mapping"),
    "yaml-list-not-mapping": (_head("- title\n- date"), "front-matter must be a mapping"),
    "yaml-number-not-mapping": (_head("42"), "front-matter must be a mapping"),
    "no-front-matter": ("Просто текст без заголовка.\n", "no front-matter"),
    "unclosed-front-matter": ("---\ntitle: x\ndate: 2025-01-01\n", "no front-matter"),
    "raw-nul-in-yaml": (
        _head("title: a\x00b\ndate: 2025-01-01"),
        "character 0x0000 is not allowed",
    ),  # fmt: skip
    "raw-escape-in-yaml": (
        _head("title: a\x1b[31mb\ndate: 2025-01-01"),
        "character 0x001b is not allowed",
    ),  # fmt: skip
    "missing-date": (_head("title: Без даты"), "date: missing"),
    "empty-date": (_head("title: x\ndate: ''"), "date: missing"),
    "impossible-date": (
        _head("title: x\ndate: 2025-02-30"),
        "date: impossible date '2025-02-30': day is out of range for month",
    ),  # fmt: skip
    "impossible-month": (
        _head("title: x\ndate: 2025-13-01T10:00:00+03:00"),
        "date: impossible date",
    ),  # fmt: skip
    "impossible-hour": (_head("title: x\ndate: 2025-01-01T25:00:00"), "date: impossible date"),
    "not-a-date": (_head("title: x\ndate: вчера"), "date: not an ISO 8601 date: 'вчера'"),
    "date-is-a-list": (
        _head("title: x\ndate: [2025, 1, 1]"),
        "date: expected an ISO 8601 date, got list",
    ),  # fmt: skip
    "missing-title": (_head("date: 2025-01-01"), "title: missing"),
    "title-is-a-mapping": (
        _head("title: {a: 1}\ndate: 2025-01-01"),
        "title: expected text, got a mapping",
    ),  # fmt: skip
    "title-only-controls": (_head('title: "\\x01\\x02"\ndate: 2025-01-01'), "title: empty"),
    "huge-title": (
        _head("title: " + "Я" * 100_000 + "\ndate: 2025-01-01"),
        "title: longer than 1000 characters (100000)",
    ),  # fmt: skip
    "huge-date": (
        _head("title: x\ndate: '" + "9" * 100_000 + "'"),
        "date: not an ISO 8601 date: '9999",
    ),
    "huge-number": (
        _head("title: x\ndate: 2025-01-01\nviews: " + "9" * 100_000),
        "front-matter holds a number too long to read",
    ),  # fmt: skip
    "yaml-deep-nesting": (
        _head("title: x\ndate: 2025-01-01\nx: " + "[" * 10_000 + "]" * 10_000),
        "front-matter is nested too deeply",
    ),  # fmt: skip
    "yaml-billion-laughs": (
        _head("title: x\ndate: 2025-01-01\n" + _LAUGHS),
        "front-matter holds more than 100000 values",
    ),  # fmt: skip
    "huge-tag-list": (
        _head(
            "title: x\ndate: 2025-01-01\ntags: [" + ", ".join(f"t{i}" for i in range(10_000)) + "]"
        ),
        "tags: more than 200 entries (10000)",
    ),  # fmt: skip
    "huge-tag": (
        _head("title: x\ndate: 2025-01-01\ntags: [" + "a" * 5000 + "]"),
        "tags: longer than 200 characters (5000)",
    ),  # fmt: skip
    "tags-a-mapping": (
        _head("title: x\ndate: 2025-01-01\ntags: {a: b}"),
        "tags: expected a list of text, got a mapping",
    ),  # fmt: skip
    "tags-nested-list": (
        _head("title: x\ndate: 2025-01-01\ntags: [[a]]"),
        "tags: expected a list of text, found a list in it",
    ),  # fmt: skip
    "views-negative": (
        _head("title: x\ndate: 2025-01-01\nviews: -5"),
        "views: expected a whole number of views, got -5",
    ),  # fmt: skip
    "draft-text": (
        _head("title: x\ndate: 2025-01-01\ndraft: 'maybe'"),
        "draft: expected true or false",
    ),  # fmt: skip
    "source-url-javascript": (
        _head("title: x\ndate: 2025-01-01\nsource_url: javascript:alert(1)"),
        "source_url: must be an http(s) URL or a relative path, got 'javascript:alert(1)'",
    ),  # fmt: skip
    "source-url-javascript-disguised": (
        _head('title: x\ndate: 2025-01-01\nsource_url: " JaVa\\tScRiPt:alert(1)"'),
        "source_url: must be an http(s) URL",
    ),  # fmt: skip
    "source-url-data": (
        _head("title: x\ndate: 2025-01-01\nsource_url: 'data:text/html,<script>alert(1)</script>'"),
        "source_url: must be an http(s) URL",
    ),  # fmt: skip
    "source-url-vbscript": (
        _head("title: x\ndate: 2025-01-01\nsource_url: vbscript:msgbox(1)"),
        "source_url: must be an http(s) URL",
    ),  # fmt: skip
    "image-javascript": (
        _head("title: x\ndate: 2025-01-01\nimage: javascript:alert(1)"),
        "image: must be an http(s) URL or a relative path",
    ),  # fmt: skip
    "image-data-svg": (
        _head("title: x\ndate: 2025-01-01\nimage: 'data:image/svg+xml,<svg onload=alert(1)>'"),
        "image: must be an http(s) URL",
    ),  # fmt: skip
    "author-a-list": (
        _head("title: x\ndate: 2025-01-01\nauthor: [a, b]"),
        "author: expected text, got a list",
    ),  # fmt: skip
}


def _hashes(site: Path) -> tuple[str, dict[str, str]]:
    """output/'s hash and a snapshot of everything else in the site but the cache."""
    return tree_hash(site / "output"), snapshot(site, skip=("output", ".digest-cache"))


@pytest.fixture
def good_site(make_site: SiteWriter) -> Path:
    """A site that builds, with its output/ already there."""
    site = make_site({"articles/good.md": GOOD})
    assert main(["build", "--site", str(site)]) == 0
    return site


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_front_matter_is_one_line_naming_file_and_problem(
    name: str,
    good_site: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text, why = ERRORS[name]
    path = good_site / f"content/articles/{name}.md"
    path.write_text(text, encoding="utf-8")
    output_before, rest_before = _hashes(good_site)
    capsys.readouterr()
    assert main(["build", "--site", str(good_site)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: content/articles/{name}.md")
    assert why in lines[0]
    assert len(lines[0]) < 300  # a hostile value is quoted short, never whole
    assert captured.out == ""
    assert _hashes(good_site) == (output_before, rest_before)


def test_the_whole_corpus_at_once_in_a_real_process(make_site: SiteWriter) -> None:
    files = {f"articles/{name}.md": text for name, (text, _) in ERRORS.items()}
    site = make_site({**files, "articles/good.md": GOOD})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(ERRORS)
    assert lines[0].startswith("error: ")
    for name, (_, why) in ERRORS.items():
        assert sum(f"content/articles/{name}.md:" in line and why in line for line in lines) == 1
    assert not (site / "output").exists()


def test_two_explicit_slugs_that_clash_name_both_files(good_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for name in ("one", "two"):
        (good_site / f"content/articles/{name}.md").write_text(
            article(name, date="2025-01-05T10:00:00+03:00", slug="same"), encoding="utf-8"
        )
    before = _hashes(good_site)
    capsys.readouterr()
    assert main(["build", "--site", str(good_site)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "slug 'same'" in err
    assert "content/articles/one.md" in err and "content/articles/two.md" in err
    assert _hashes(good_site) == before


def test_a_file_name_with_a_newline_is_still_one_line(good_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (good_site / "content/articles/bad\nname.md").write_text(_head("title: x"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--site", str(good_site)]) == 1
    err = capsys.readouterr().err
    assert err == "error: content/articles/bad\\x0aname.md: date: missing (every article needs a date)\n"  # fmt: skip


# ---------------------------------------------------------------- built, safely

NASTY_TERMS = [
    "../x",
    "../../../../etc/passwd",
    "a/b",
    "a\\b",
    "..\\..\\windows",
    "nul\x00byte",
    "bell\x07and\x1bescape",
    "!!!",
    "...",
    "..",
    ".",
    "/",
    "\\",
    "—«»…",
    "<b>",
    "%2e%2e%2f",
    "CON",
    "😀",
]


def _built(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    before = snapshot(site, skip=("output", ".digest-cache"))
    assert main(["build", "--site", str(site)]) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # Nothing but output/ and the cache changed: no file escaped the output folder.
    assert snapshot(site, skip=("output", ".digest-cache")) == before
    assert sorted(p.name for p in site.iterdir()) == [".digest-cache", "content", "digest.toml", "output"]  # fmt: skip
    output = site / "output"
    for path in output.rglob("*"):
        assert not path.is_symlink()
        assert path.resolve().is_relative_to(output.resolve())
    return output, err


def test_nasty_terms_become_safe_folders_one_level_deep(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {
            "articles/a.md": article(
                "Термины",
                tags=NASTY_TERMS,
                topics=NASTY_TERMS,
                countries=NASTY_TERMS,
                author="../../x",
            ),  # fmt: skip
        }
    )
    output, _ = _built(site, capsys)
    for taxonomy in ("tags", "topics", "countries", "authors"):
        folder = output / taxonomy
        pages = [p for p in folder.rglob("index.html") if p.parent != folder]
        assert pages, taxonomy
        for page in pages:
            slug = page.parent.relative_to(folder).as_posix()
            assert is_safe_slug(slug), (taxonomy, slug)  # one segment of [a-z0-9-]
    tags = output / "tags"
    # Empty after dropping control characters: not a term. Everything else: one page each.
    names = {a.get_text() for a in parse(tags / "index.html").select(".term-list a")}
    assert "../x" in names and "a/b" in names and "a\\b" in names and "<b>" in names
    assert "nulbyte" in names and "bellandescape" in names  # control characters dropped
    assert len(names) == len(NASTY_TERMS)  # none merged into another, none lost
    for href in (a["href"] for a in parse(tags / "index.html").select(".term-list a")):
        assert re.fullmatch(r"/tags/[a-z0-9-]+/", href), href


def test_nasty_slugs_and_titles_stay_inside_their_folder(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    files = {
        f"articles/s{i}.md": article(
            f"Статья {i}", date=f"2025-02-{i + 1:02d}T10:00:00+03:00", slug=slug
        )  # fmt: skip
        for i, slug in enumerate(
            ["../../../../tmp/evil", "/etc/passwd", "a\\..\\b", "nul\x00", "!!!", "..", "CON"]
        )  # fmt: skip
    }
    files["articles/p.md"] = article("?!…", date="2025-03-01T10:00:00+03:00")
    files["articles/c.md"] = article("Звонок\x07 и\x1b[31m цвет", date="2025-03-02T10:00:00+03:00")
    site = make_site(files)
    output, _ = _built(site, capsys)
    articles = sorted(p.parent for p in output.glob("2025/*/*/index.html"))
    assert len(articles) == len(files)
    for folder in articles:
        assert is_safe_slug(folder.name), folder.name
    assert (output / "2025/02/tmp-evil/index.html").is_file()
    assert (output / "2025/02/etc-passwd/index.html").is_file()
    punctuation = [f.name for f in articles if f.name.startswith("n-")]
    assert len(punctuation) == 3  # '!!!', '..' and the title '?!…' get stable hashed slugs
    control = parse(output / "2025/03/zvonok-i-31m-tsvet/index.html")
    assert control.h1.get_text() == "Звонок и[31m цвет"


def test_two_articles_with_one_title_get_two_pages(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {
            "articles/first.md": article(
                "Одно и то же", date="2025-03-01T10:00:00+03:00", body="Первая."
            ),  # fmt: skip
            "articles/second.md": article(
                "Одно и то же", date="2025-03-02T10:00:00+03:00", body="Вторая."
            ),  # fmt: skip
            "articles/third.md": article(
                "Одно и то же",
                date="2025-03-03T10:00:00+03:00",
                body="Третья.",
                slug="odno-i-to-zhe-2",
            ),  # fmt: skip
        }
    )
    output, _ = _built(site, capsys)
    bodies = {
        page.parent.name: parse(page).select_one(".body").get_text(strip=True)
        for page in output.glob("2025/03/*/index.html")
    }
    # The explicit slug keeps its path; the older of the others keeps the plain slug.
    assert bodies == {"odno-i-to-zhe": "Первая.", "odno-i-to-zhe-2": "Третья.", "odno-i-to-zhe-3": "Вторая."}  # fmt: skip


def test_a_future_article_is_built_with_a_warning(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"articles/f.md": article("Завтра", date="2999-12-31T23:59:00+03:00")})
    output, err = _built(site, capsys)
    assert err.splitlines() == [
        "warning: content/articles/f.md: dated in the future (2999-12-31T23:59:00+03:00), built anyway"
    ]
    assert (output / "2999/12/zavtra/index.html").is_file()


def test_relative_and_web_urls_are_kept(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {
            "articles/a.md": article(
                "Ссылки",
                source="Сайт",
                source_url="https://example.org/a?b=1&c=<2>",
                image="img/a.png",
            ),  # fmt: skip
            "articles/b.md": article("Ещё", date="2025-03-07", source="Тут", source_url="/about/"),
        }
    )
    output, _ = _built(site, capsys)
    link = parse(output / "2025/03/ssylki/index.html").select_one('.byline a[rel="external"]')
    assert link["href"] == "https://example.org/a?b=1&c=<2>"
    assert parse(output / "2025/03/eshchyo/index.html").select_one('a[rel="external"]')["href"] == "/about/"  # fmt: skip


def test_a_long_title_at_the_limit_builds_with_a_short_slug(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    title = " ".join(["Слово"] * 166)[:1000]
    site = make_site({"articles/a.md": article(title)})
    output, _ = _built(site, capsys)
    [page] = output.glob("2025/03/*/index.html")
    assert len(page.parent.name) <= 80 and is_safe_slug(page.parent.name)
    assert parse(page).h1.get_text() == title.strip()
