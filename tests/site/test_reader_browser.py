"""What a reader sees in a real browser: search, related reading, pages without JavaScript."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPO
from tests.site.browser import MONGOLIA, UZBEKISTAN, ServedSite, chromium, html_pages, served_demo

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    with served_demo(tmp_path_factory.mktemp("reader")) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def open_search(page: Page, site: ServedSite, query: str = "") -> None:
    page.goto(site.url + "search/" + (f"?q={query}" if query else ""))
    expect(page.locator("#search")).to_have_attribute("data-state", "ready")


def result_titles(page: Page) -> list[str]:
    return page.locator("#search-results .card-title a").all_inner_texts()


def test_search_finds_an_inflected_form_and_filters_narrow_it(
    browser: Browser, site: ServedSite
) -> None:
    page = browser.new_page()
    open_search(page, site)
    page.get_by_label("Что найти").fill("Япония")
    expect(page.locator("#search-status")).to_have_text("Найдено: 2")
    page.get_by_label("Что найти").fill("Монголии")
    expect(page.locator("#search-results li")).to_have_count(1)
    link = page.locator("#search-results .card-title a")
    expect(link).to_have_text("Стратегическое партнерство: Япония инвестирует в развитие Монголии")
    assert link.get_attribute("href") == f"/digest/{MONGOLIA}"
    expect(page.locator("#search-results .meta")).to_have_text("6 марта 2025")
    expect(page.locator("#search-results mark").first).to_contain_text("Монголи")
    # "Япония" is in both articles; a country filter keeps the one about Uzbekistan.
    page.get_by_label("Что найти").fill("Япония")
    expect(page.locator("#search-results li")).to_have_count(2)
    page.locator("fieldset[data-filter=countries]").get_by_label("Узбекистан").check()
    expect(page.locator("#search-results li")).to_have_count(1)
    assert result_titles(page)[0].startswith("Узбекско-японское")
    page.locator("fieldset[data-filter=topics]").get_by_label("Общество").check()
    expect(page.locator("#search-status")).to_contain_text("Ничего не найдено")
    page.close()


def test_search_query_in_the_address_is_run_and_the_result_opens(
    browser: Browser, site: ServedSite
) -> None:
    page = browser.new_page()
    open_search(page, site, "Монголия")
    expect(page.locator("#search-results li")).to_have_count(1)
    page.locator("#search-results .card-title a").click()
    expect(page.locator("h1")).to_contain_text("Япония инвестирует в развитие Монголии")
    page.close()


def test_related_block_of_the_mongolia_article_links_to_the_other_japan_article(
    browser: Browser, site: ServedSite
) -> None:
    page = browser.new_page()
    page.goto(site.url + MONGOLIA)
    related = page.locator(".related a")
    expect(related).to_have_count(1)
    related.click()
    assert page.url == site.url + UZBEKISTAN
    expect(page.locator("h1")).to_contain_text("Узбекско-японское сотрудничество")
    page.close()


def test_without_javascript_every_page_works_and_search_says_why(
    browser: Browser, site: ServedSite
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in html_pages(site.output):
        response = page.goto(site.url + path)
        assert response is not None
        assert response.status == 200, path
        expect(page.locator("main h1")).to_be_visible()
        for href in page.locator("main a[href^='/digest/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        ):
            assert (site.output / href.removeprefix("/digest/")).exists() or (
                site.output / href.removeprefix("/digest/") / "index.html"
            ).exists(), (path, href)
    page.goto(site.url + MONGOLIA)
    expect(page.locator(".body")).to_contain_text("Япония выделит Монголии")
    page.locator(".related a").click()
    expect(page.locator("h1")).to_contain_text("Узбекско-японское сотрудничество")
    missing = page.goto(site.url + "no/such/page/")
    assert missing is not None and missing.status == 404
    expect(page.locator("h1")).to_have_text("Страница не найдена")
    page.goto(site.url + "search/")
    notice = page.locator("main .notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("нужен JavaScript")
    expect(page.locator("#search")).to_be_hidden()
    context.close()


def test_search_page_says_search_is_unavailable_when_the_index_fails_to_load(
    browser: Browser, site: ServedSite
) -> None:
    page = browser.new_page()
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(site.url + "search/")
    expect(page.locator("#search")).to_have_attribute("data-state", "unavailable")
    expect(page.locator("#search-status")).to_contain_text("Поиск временно недоступен")
    page.close()


def keep(shot: Path) -> None:
    """Copy a screenshot into docs/screenshots/, made small with pngquant where it exists."""
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    kept = DOCS_SCREENSHOTS / shot.name
    shutil.copy(shot, kept)
    if shutil.which("pngquant"):
        subprocess.run(
            [
                "pngquant",
                "--force",
                "--skip-if-larger",
                "--strip",
                "--output",
                str(kept),
                str(kept),
            ],
            check=False,
        )


SHOTS = {
    "home": "",
    "article": MONGOLIA,
    "country": "countries/yaponiya/",
    "search": "search/?q=Япония",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots(browser: Browser, site: ServedSite, width: str, scheme: str) -> None:
    """Home, article, country page and search results, saved for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900 if width == "desktop" else 844},
        color_scheme=scheme,  # type: ignore[arg-type]
        device_scale_factor=1,
    )
    page = context.new_page()
    for name, path in SHOTS.items():
        page.goto(site.url + path)
        if name == "search":
            expect(page.locator("#search-results li").first).to_be_visible()
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(22, 23, 26)") == (scheme == "dark"), background
        target = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 5_000
        if os.environ.get("DIGEST_UPDATE_SCREENSHOTS"):
            keep(target)
    context.close()


def test_docs_keep_a_current_set_of_screenshots() -> None:
    names = {f"{n}-{w}-{s}.png" for n in SHOTS for w in WIDTHS for s in ("light", "dark")}
    kept = {p.name for p in Path(DOCS_SCREENSHOTS).glob("*.png")}
    assert names <= kept, sorted(names - kept)
