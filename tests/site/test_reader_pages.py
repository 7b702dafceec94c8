"""Reader features in the built demo, checked by parsing its output: search, aids, metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.cli import main
from tests.linkcheck import parse

MONGOLIA = "2025/03/strategicheskoe-partnerstvo-yaponiya-investiruet-v-razvitie-mongolii/index.html"
BASE = "https://example.github.io/digest/"


@pytest.fixture
def built(demo_site: Path) -> Path:
    result = build(BuildOptions(root=demo_site, base_url=BASE))
    assert result.search.indexed == 2 and result.search.warning is None
    return demo_site / "output"


def structured(path: Path) -> dict[str, dict]:
    """The page's JSON-LD documents by @type."""
    scripts = parse(path).select('script[type="application/ld+json"]')
    documents = [json.loads(s.string) for s in scripts]
    return {d["@type"]: d for d in documents}


def meta(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in parse(path).select("meta[property], meta[name]"):
        found.setdefault(tag.get("property") or tag["name"], []).append(tag["content"])
    return found


def test_the_index_is_built_in_the_output_with_russian_pages(built: Path) -> None:
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["ru"]["page_count"] == 2
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css"):
        assert (built / "pagefind" / name).is_file()


def test_only_article_bodies_are_indexed_with_meta_and_filters(built: Path) -> None:
    soup = parse(built / MONGOLIA)
    body = soup.select("[data-pagefind-body]")
    assert [tag.name for tag in body] == ["article"]
    assert body[0].select_one("[data-pagefind-meta=title]").get_text().startswith("Стратегическое")
    assert soup.select_one("[data-pagefind-meta^='date:']")["data-pagefind-meta"] == (
        "date:6 марта 2025"
    )
    filters = sorted(t["data-pagefind-filter"] for t in soup.select("[data-pagefind-filter]"))
    assert filters == [
        "countries:Монголия",
        "countries:Япония",
        "topics:Общество",
        "topics:Политика",
    ]
    for other in ("index.html", "countries/mongoliya/index.html", "about/index.html"):
        assert not parse(built / other).select("[data-pagefind-body]"), other


def test_search_page_points_at_the_bundle_under_the_base_path(built: Path) -> None:
    soup = parse(built / "search/index.html")
    form = soup.select_one("form[role=search]")
    assert form["action"] == "/digest/search/" and form.select_one("input[name=q]")
    box = soup.select_one("#search")
    assert box["data-bundle"] == "/digest/pagefind/" and box["data-base"] == "/digest/"
    assert [f["data-filter"] for f in box.select("fieldset")] == ["topics", "countries"]
    assert "нужен JavaScript" in soup.select_one("noscript").get_text()
    assert soup.select_one("script[type=module]")["src"].startswith("/digest/static/search.js?v=")
    assert parse(built / "index.html").select_one(".nav-search a")["href"] == "/digest/search/"


def test_without_pagefind_the_build_works_and_says_so_once(
    demo_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(demo_site / "no-pagefind-here"))
    assert main(["build", "--site", str(demo_site)]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "Pagefind is not installed" in err
    output = demo_site / "output"
    assert not (output / "pagefind").exists()
    notice = parse(output / "search/index.html").select_one("main .notice").get_text()
    assert "Поиск временно недоступен" in notice
    assert not parse(output / "search/index.html").select("#search")


def test_a_failing_indexer_leaves_no_partial_index(
    demo_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = demo_site / "pagefind"
    failing.write_text("#!/bin/sh\necho 'pagefind: disk full' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    result = build(BuildOptions(root=demo_site))
    assert result.search.warning is not None and "disk full" in result.search.warning
    assert result.search.warning in result.warnings
    assert not (demo_site / "output/pagefind").exists()
    assert not list(demo_site.glob(".output.*"))
    assert (demo_site / "output/index.html").is_file()


def test_search_turned_off_builds_no_page_link_or_index(demo_site: Path) -> None:
    config = demo_site / "digest.toml"
    config.write_text(config.read_text() + "search = false\n", encoding="utf-8")
    build(BuildOptions(root=demo_site))
    build(BuildOptions(root=demo_site))
    output = demo_site / "output"
    assert not (output / "search").exists() and not (output / "pagefind").exists()
    assert not parse(output / "index.html").select(".nav-search")


def test_article_metadata_for_sharing(built: Path) -> None:
    tags = meta(built / MONGOLIA)
    url = BASE + MONGOLIA.removesuffix("index.html")
    assert tags["og:type"] == ["article"] and tags["og:url"] == [url]
    assert tags["og:title"] == [
        "Стратегическое партнерство: Япония инвестирует в развитие Монголии"
    ]
    assert tags["og:description"][0].startswith("Япония выделит Монголии")
    assert tags["description"] == tags["og:description"]
    assert tags["og:image"] == [BASE + "static/share.png"]
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
    assert tags["og:locale"] == ["ru_RU"]
    assert tags["article:published_time"] == ["2025-03-06T15:44:00+08:00"]
    assert tags["article:section"] == ["Политика"]
    assert tags["article:tag"] == ["благоустройство", "общество", "политика", "монголия"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]
    assert parse(built / MONGOLIA).select_one("link[rel=canonical]")["href"] == url
    assert (built / "static/share.png").is_file() and (built / "static/logo.png").is_file()


def test_article_json_ld(built: Path) -> None:
    data = structured(built / MONGOLIA)
    article = data["NewsArticle"]
    assert article["headline"].startswith("Стратегическое партнерство")
    assert article["author"][0]["name"] == "Эрнест Баатырев"
    assert article["datePublished"] == "2025-03-06T15:44:00+08:00"
    assert article["publisher"]["name"] == "Редакция дайджеста"
    assert article["mainEntityOfPage"]["@id"].endswith("razvitie-mongolii/")
    crumbs = [i["name"] for i in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Главная", "Темы", "Политика", article["headline"]]


def test_every_page_has_breadcrumbs_in_json_ld(built: Path) -> None:
    pages = [p for p in built.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        items = structured(page)["BreadcrumbList"]["itemListElement"]
        assert items[0]["item"] == BASE, page
    assert structured(built / "index.html")["WebSite"]["potentialAction"]["target"] == (
        BASE + "search/?q={query}"
    )


def test_front_matter_cannot_inject_markup_into_json_ld(make_site) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import article

    title = "</script><script>alert(1)</script>"
    site = make_site({"articles/a.md": article(title, author="<b>x</b>")})
    build(BuildOptions(root=site))
    page = next((site / "output").rglob("2025/**/index.html"))
    soup = parse(page)
    assert not [
        s for s in soup.find_all("script") if "alert" in (s.string or "") and not s.get("type")
    ]
    assert structured(page)["NewsArticle"]["headline"] == title


def test_feeds_are_announced_site_wide_and_per_term(built: Path) -> None:
    def feeds(path: str) -> list[str]:
        links = parse(built / path).select('link[rel=alternate][type="application/atom+xml"]')
        return [link["href"] for link in links]

    assert feeds("index.html") == ["/digest/feed.xml"]
    assert feeds("countries/mongoliya/index.html") == [
        "/digest/feed.xml",
        "/digest/countries/mongoliya/feed.xml",
    ]


def test_country_pages_are_headed_by_flag_and_name(built: Path) -> None:
    heading = parse(built / "countries/mongoliya/index.html").h1
    assert heading.select_one(".flag").get_text() == "🇲🇳"
    assert heading.get_text(" ", strip=True) == "🇲🇳 Монголия"
    assert not parse(built / "topics/politika/index.html").h1.select(".flag")


def test_most_read_on_home_and_term_pages(built: Path) -> None:
    for path in ("index.html", "countries/yaponiya/index.html"):
        block = parse(built / path).select_one(".most-read")
        items = [li.get_text(" ", strip=True) for li in block.select("li")]
        assert items == [
            "Стратегическое партнерство: Япония инвестирует в развитие Монголии 578 просмотров"
        ], path
    assert not parse(built / "countries/uzbekistan/index.html").select(".most-read")


def test_reading_time_and_summaries_on_lists(built: Path) -> None:
    card = parse(built / "index.html").select(".card")[1]
    assert "2 мин чтения" in card.select_one(".meta").get_text()
    assert card.select_one(".summary").get_text().startswith("Япония выделит Монголии")
    assert "2 мин чтения" in parse(built / MONGOLIA).select_one(".article .meta").get_text()


def test_previous_and_next_within_the_topic(built: Path) -> None:
    nav = parse(built / MONGOLIA).select_one(".prev-next")
    assert nav.select_one(".prev-next-title").get_text() == "Ещё в теме «Политика»"
    assert "uzbeksko" in nav.select_one("a[rel=next]")["href"]


def test_most_read_is_on_the_first_page_of_a_list_only(make_site) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import article

    site = make_site(
        {
            "articles/a.md": article("Первая", date="2025-03-01T10:00:00+03:00", views=10),
            "articles/b.md": article("Вторая", date="2025-03-02T10:00:00+03:00", views=99),
        },
        config="articles_per_page = 1\n",
    )
    build(BuildOptions(root=site))
    first = parse(site / "output/index.html").select(".most-read li a")
    assert [a.get_text() for a in first] == ["Вторая", "Первая"]
    assert not parse(site / "output/page/2/index.html").select(".most-read")
