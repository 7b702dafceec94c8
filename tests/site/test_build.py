"""The demo digest built end to end, checked by parsing its output."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest

from generator.build import BuildOptions, build
from generator.check import SiteMap
from generator.cli import main
from tests.linkcheck import parse

MONGOLIA = "2025/03/strategicheskoe-partnerstvo-yaponiya-investiruet-v-razvitie-mongolii/index.html"
SUBPATH = "https://example.github.io/digest/"


@pytest.fixture
def built(demo_site: Path) -> Path:
    build(BuildOptions(root=demo_site, base_url=SUBPATH))
    return demo_site / "output"


def test_every_kind_of_page_is_there(built: Path) -> None:
    for name in (
        "index.html",
        MONGOLIA,
        "topics/index.html",
        "countries/index.html",
        "countries/mongoliya/index.html",
        "countries/yaponiya/index.html",
        "countries/uzbekistan/index.html",
        "tags/index.html",
        "authors/index.html",
        "authors/ernest-baatyrev/index.html",
        "archive/index.html",
        "archive/2025/03/index.html",
        "about/index.html",
        "404.html",
        "feed.xml",
        "countries/mongoliya/feed.xml",
        "topics/politika/feed.xml",
        "sitemap.xml",
        "robots.txt",
        "static/style.css",
    ):
        assert (built / name).is_file(), name


def test_article_page_shows_what_a_reader_needs(built: Path) -> None:
    soup = parse(built / MONGOLIA)
    assert soup.html["lang"] == "ru"
    assert (
        soup.h1.get_text() == "Стратегическое партнерство: Япония инвестирует в развитие Монголии"
    )
    time = soup.select_one(".byline time")
    assert time.get_text() == "6 марта 2025, 15:44"
    assert time["datetime"] == "2025-03-06T15:44:00+08:00"
    byline = soup.select_one(".byline").get_text(" ", strip=True)
    assert "Эрнест Баатырев" in byline and "578" in byline
    source = soup.select_one('.byline a[rel="external"]')
    assert source["href"] == "https://babr24.com/?IDE=274354"
    term_links = {a["href"] for a in soup.select(".terms a")}
    assert "/digest/countries/mongoliya/" in term_links
    assert "/digest/tags/blagoustroystvo/" in term_links
    related = [a["href"] for a in soup.select(".related a")]
    assert any("uzbeksko-yaponskoe" in href for href in related)
    body = soup.select_one(".body").get_text()
    assert body.strip().startswith("Япония выделит Монголии")
    assert body.strip().endswith("взаимовыгодных отношений.")


def test_previous_and_next_link_neighbours(built: Path) -> None:
    soup = parse(built / MONGOLIA)
    assert "uzbeksko" in soup.select_one('.prev-next a[rel="next"]')["href"]
    assert soup.select_one('.prev-next a[rel="prev"]') is None


def test_term_list_counts_articles(built: Path) -> None:
    soup = parse(built / "countries/index.html")
    rows = {a.get_text(): a.find_next("span").get_text() for a in soup.select(".term-list a")}
    assert rows["Япония"] == "2 статьи"
    assert rows["Монголия"] == "1 статья"


def test_home_lists_newest_first(built: Path) -> None:
    titles = [a.get_text() for a in parse(built / "index.html").select(".card-title a")]
    assert titles[0].startswith("Узбекско-японское")
    assert titles[1].startswith("Стратегическое партнерство")


def test_feeds_are_valid_atom_with_absolute_urls(built: Path) -> None:
    for name in ("feed.xml", "countries/mongoliya/feed.xml"):
        feed = feedparser.parse((built / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.updated
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids)) and ids
        for entry in feed.entries:
            assert entry.link.startswith(SUBPATH)
            assert entry.updated
    feed = feedparser.parse((built / "countries/mongoliya/feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == [
        "Стратегическое партнерство: Япония инвестирует в развитие Монголии"
    ]


def test_sitemap_lists_every_page_with_lastmod(built: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(built / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
    html_pages = [p for p in built.rglob("index.html")]
    assert len(locs) == len(html_pages)
    served = SiteMap(built, SUBPATH)
    for url in urls:
        loc = url.findtext("s:loc", namespaces=ns)
        assert served.resolve(loc.removeprefix("https://example.github.io")).file, loc
        assert url.findtext("s:lastmod", namespaces=ns)
    robots = (built / "robots.txt").read_text()
    assert f"Sitemap: {SUBPATH}sitemap.xml" in robots


def test_404_links_are_absolute_under_the_base_path(built: Path) -> None:
    soup = parse(built / "404.html")
    for tag in soup.find_all(href=True):
        href = tag["href"]
        if not href.startswith(("http", "#")):
            assert href.startswith("/digest/"), href


def test_user_html_is_sanitized_and_variables_escaped(make_site) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import article

    body = 'Текст <script>alert(1)</script><img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>'
    site = make_site(
        {"articles/a.md": article("<b>Жирный</b> заголовок", body=body, author="<i>a</i>")}
    )
    build(BuildOptions(root=site))
    html = next((site / "output").rglob("2025/**/index.html")).read_text()
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert "&lt;b&gt;Жирный&lt;/b&gt; заголовок" in html
    assert "<i>a</i>" not in html


def test_markdown_extensions(make_site) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import article

    body = "## Раздел\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nСноска[^1]\n\n[^1]: текст\n\n```\ncode\n```\n"
    site = make_site({"articles/a.md": article("Статья", body=body)})
    build(BuildOptions(root=site))
    soup = parse(next((site / "output").rglob("2025/**/index.html")))
    assert soup.select_one(".body h2")["id"] == "razdel"
    assert soup.select_one(".body table td").get_text() == "1"
    assert soup.select_one(".body .footnote")
    assert soup.select_one(".body pre code").get_text().strip() == "code"


def test_deleted_articles_leave_no_pages_behind(demo_site: Path) -> None:
    build(BuildOptions(root=demo_site))
    output = demo_site / "output"
    assert (output / "countries/mongoliya/index.html").exists()
    next((demo_site / "content/articles").rglob("strategicheskoe*.md")).unlink()
    result = build(BuildOptions(root=demo_site))
    assert not (output / MONGOLIA).exists()
    assert not (output / "countries/mongoliya").exists()
    assert not (output / "authors/ernest-baatyrev").exists()
    assert result.summary.removed >= 3


def test_unchanged_files_are_not_rewritten(demo_site: Path) -> None:
    build(BuildOptions(root=demo_site))
    page = demo_site / "output" / MONGOLIA
    before = page.stat().st_mtime_ns
    result = build(BuildOptions(root=demo_site))
    assert result.summary.written == 0
    assert page.stat().st_mtime_ns == before


def test_a_failing_build_leaves_the_previous_output(demo_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    build(BuildOptions(root=demo_site))
    before = {p: p.read_bytes() for p in (demo_site / "output").rglob("*") if p.is_file()}
    bad = demo_site / "content/articles/2025/03/bad.md"
    bad.write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    assert main(["build", "--site", str(demo_site)]) == 1
    after = {p: p.read_bytes() for p in (demo_site / "output").rglob("*") if p.is_file()}
    assert after == before
    assert "bad.md" in capsys.readouterr().err


def test_template_error_names_the_template_and_line(demo_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    templates = demo_site / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ static.titel }}\n{% endblock %}\n'
    )
    assert main(["build", "--site", str(demo_site)]) == 1
    err = capsys.readouterr().err
    assert "page.html:3" in err and "titel" in err
    assert "Traceback" not in err


def test_site_templates_override_the_theme(demo_site: Path) -> None:
    templates = demo_site / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="mine">{{ static.title }}</p>{% endblock %}'
    )
    build(BuildOptions(root=demo_site))
    soup = parse(demo_site / "output/about/index.html")
    assert soup.select_one("#mine").get_text() == "О дайджесте"
    assert soup.select_one(".masthead")  # the rest still comes from the theme


def test_pages_request_nothing_from_other_hosts(built: Path) -> None:
    for page in built.rglob("*.html"):
        soup = parse(page)
        resources = [t.get("src") for t in soup.find_all(["script", "img", "iframe", "source"])]
        resources += [t.get("href") for t in soup.find_all("link") if t.get("rel") != ["canonical"]]
        for url in filter(None, resources):
            assert url.startswith("/digest/"), (page, url)
