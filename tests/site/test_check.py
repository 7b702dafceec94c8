"""`digest check` on the demo (clean) and on built sites with planted faults."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.check import CheckOptions, Problem, check_site
from generator.cli import main

SUBPATH = "https://example.github.io/digest/"
ROOT = "https://digest.example.org/"
ABOUT = "about/index.html"


@pytest.fixture
def built(demo_site: Path) -> Path:
    build(BuildOptions(root=demo_site, base_url=SUBPATH))
    return demo_site / "output"


def problems(output: Path, base_url: str = SUBPATH) -> list[Problem]:
    return list(check_site(CheckOptions(output, base_url)).problems)


def plant(output: Path, page: str, html: str) -> None:
    """Insert markup at the end of a page's <main>."""
    path = output / page
    text = path.read_text(encoding="utf-8")
    assert "</main>" in text
    path.write_text(text.replace("</main>", html + "</main>", 1), encoding="utf-8")


@pytest.mark.parametrize("base_url", [SUBPATH, ROOT])
def test_the_demo_passes_under_a_subpath_and_at_the_root(demo_site: Path, base_url: str) -> None:
    build(BuildOptions(root=demo_site, base_url=base_url))
    report = check_site(CheckOptions(demo_site / "output", base_url))
    assert report.problems == ()
    assert report.pages > 20 and report.links > 300 and report.feeds >= 5


def test_the_demo_built_under_a_subpath_passes_the_command(demo_site: Path) -> None:
    """What CI runs: build the demo for a project site, then check it from the command line."""
    for command in (["build", "--base-url", SUBPATH], ["check", "--base-url", SUBPATH]):
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command, "--site", str(demo_site)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no problems")


def test_a_broken_link_is_reported_with_its_page(built: Path) -> None:
    plant(built, ABOUT, '<a href="/digest/2025/03/no-such-article/">x</a>')
    assert problems(built) == [Problem(ABOUT, "/digest/2025/03/no-such-article/", "not found")]


def test_a_missing_anchor_is_reported(built: Path) -> None:
    plant(built, ABOUT, '<a href="/digest/feed.xml">f</a><a href="/digest/#nowhere">x</a>')
    plant(built, "index.html", '<a href="#main">ok</a><a href="#lost">x</a>')
    assert problems(built) == [
        Problem(ABOUT, "/digest/#nowhere", "no element with id 'nowhere' on index.html"),
        Problem("index.html", "#lost", "no element with id 'lost' on index.html"),
    ]


def test_a_link_outside_the_base_path_is_reported(built: Path) -> None:
    plant(built, ABOUT, '<a href="/about/">a</a><a href="https://example.github.io/about/">b</a>')
    plant(built, ABOUT, '<a href="https://github.com/about/">external, fine</a>')
    plant(built, ABOUT, '<a href="/digest/../about/">c</a><a href="/digest/x/../about/">ok</a>')
    plant(built, ABOUT, '<a href="http://[::1">d</a>')
    assert [(p.link, p.why) for p in problems(built)] == [
        ("/about/", "outside the base path /digest/"),
        ("https://example.github.io/about/", "outside the base path /digest/"),
        ("/digest/../about/", "outside the base path /digest/"),
        ("http://[::1", "not a valid URL: Invalid IPv6 URL"),
    ]


def test_the_site_built_for_another_base_path_fails(demo_site: Path) -> None:
    build(BuildOptions(root=demo_site, base_url=ROOT))
    found = problems(demo_site / "output", SUBPATH)
    assert len(found) > 100
    assert all("outside the base path /digest/" in p.why or "base URL" in p.why for p in found)


def test_assets_srcset_and_relative_links_resolve(built: Path) -> None:
    plant(
        built,
        ABOUT,
        '<img src="../static/favicon.svg" srcset="/digest/static/favicon.svg 1x, '
        '/digest/static/missing.png 2x" alt=""><script src="/digest/static/app.js"></script>'
        '<a href="../2025/03/">relative, missing</a><a href="../archive/2025/03/">ok</a>',
    )
    assert [(p.link, p.why) for p in problems(built)] == [
        ("/digest/static/missing.png", "not found"),
        ("/digest/static/app.js", "not found"),
        ("../2025/03/", "not found"),
    ]


def test_links_to_localhost_and_local_files_are_reported(built: Path) -> None:
    plant(
        built,
        ABOUT,
        '<a href="http://127.0.0.1:8000/about/">a</a><a href="http://localhost/x">b</a>'
        '<img src="file:///home/me/pic.png" alt=""><a href="mailto:a@example.org">m</a>',
    )
    assert [p.why for p in problems(built)] == [
        "points at localhost",
        "points at localhost",
        "points at a file:// path on a local disk",
    ]


def test_a_site_built_for_localhost_is_reported(demo_site: Path) -> None:
    build(BuildOptions(root=demo_site, base_url="http://127.0.0.1:8000/"))
    found = problems(demo_site / "output", "http://127.0.0.1:8000/")
    assert str(found[0]) == (
        "base_url: http://127.0.0.1:8000/: points at localhost: pass the published address "
        "with --base-url"
    )
    assert any(
        p.link.startswith("http://127.0.0.1:8000/") and p.page.endswith(".html") for p in found
    )


def test_a_relative_link_on_the_404_page_is_reported(built: Path) -> None:
    plant(built, "404.html", '<a href="about/">x</a>')
    [problem] = problems(built)
    assert problem.page == "404.html" and problem.link == "about/"
    assert "relative link on 404.html" in problem.why


def test_pages_need_a_title_and_a_lang(built: Path) -> None:
    page = built / ABOUT
    text = page.read_text(encoding="utf-8")
    start, end = text.index("<title>"), text.index("</title>")
    text = text[:start] + "<title> " + text[end:]
    page.write_text(text.replace('<html lang="ru">', "<html>"), encoding="utf-8")
    assert sorted(p.why for p in problems(built)) == [
        "<html> has no lang attribute",
        "has no <title> or an empty one",
    ]


def test_an_empty_page_is_reported(built: Path) -> None:
    (built / "empty.html").write_bytes(b"")
    assert problems(built) == [Problem("empty.html", "", "is empty or not HTML")]


def test_an_invalid_feed_is_reported(built: Path) -> None:
    feed = built / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    updated = text.index("<updated>")
    text = text[:updated] + text[text.index("</updated>") + len("</updated>") :]
    text = text.replace(f'href="{SUBPATH}2025/', 'href="/digest/2025/', 1)
    feed.write_text(text, encoding="utf-8")
    found = [(p.page, p.why) for p in problems(built)]
    assert ("feed.xml", "the feed has no <updated>") in found
    assert ("feed.xml", "not an absolute URL") in found
    assert len(found) == 2


def test_a_feed_that_does_not_parse_is_reported(built: Path) -> None:
    (built / "topics/politika/feed.xml").write_text("<feed><entry></feed>", encoding="utf-8")
    [problem] = problems(built)
    assert problem.page == "topics/politika/feed.xml"
    assert problem.why.startswith("not well-formed XML")


def test_the_sitemap_lists_only_existing_pages_under_the_base_url(built: Path) -> None:
    sitemap = built / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    extra = f"<url><loc>{SUBPATH}gone/</loc></url><url><loc>https://other.org/</loc></url></urlset>"
    sitemap.write_text(text.replace("</urlset>", extra), encoding="utf-8")
    assert [(p.link, p.why) for p in problems(built)] == [
        (f"{SUBPATH}gone/", "lists a page that does not exist (not found)"),
        ("https://other.org/", f"not under the base URL {SUBPATH}"),
    ]
    sitemap.unlink()
    assert problems(built) == [Problem("sitemap.xml", "", "missing")]


def test_the_command_prints_each_problem_and_fails(built: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    plant(built, ABOUT, '<a href="/digest/nope/">x</a>')
    site = built.parent
    assert main(["check", "--site", str(site)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "about/index.html: /digest/nope/: not found"
    assert out[-1].startswith("checked 24 pages") and out[-1].endswith("1 problem")


def test_the_command_needs_a_built_site(demo_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--site", str(demo_site)]) == 1
    assert "output: not found: build the site first" in capsys.readouterr().err


def test_output_and_base_url_need_no_config(built: Path, tmp_path: Path) -> None:
    assert main(["check", "--output", str(built), "--base-url", "https://example.github.io/digest", "--site", str(tmp_path)]) == 0  # fmt: skip
