"""Live reload in headless Chromium: edits appear, styles swap in place, errors overlay."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.serving import ARTICLE, PAGE, STYLE, Serve, serving
from tests.site.browser import chromium

pytestmark = pytest.mark.browser

WAIT = 10_000  # ms


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:  # fails, never skips, when Chromium is missing
        yield launched


@pytest.fixture
def serve(demo_site: Path) -> Iterator[Serve]:
    with serving(demo_site) as running:
        yield running


@pytest.fixture
def page(browser: Browser, serve: Serve) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 480, "height": 360})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == []  # the reload script never throws


def open_live(page: Page, url: str) -> None:
    """Open a page and wait until its reload stream is connected."""
    page.goto(url)
    page.wait_for_function("window.__digestReload && window.__digestReload.connected", timeout=WAIT)
    page.evaluate("window.__marker = 'still here'")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_article_shows_its_new_text(page: Page, serve: Serve) -> None:
    open_live(page, serve.url + PAGE)
    page.evaluate("window.scrollTo(0, 200)")
    page.wait_for_function("window.scrollY >= 200", timeout=WAIT)
    article = serve.site / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8") + "\nСтрока, появившаяся сама собой.\n",
        encoding="utf-8",
    )
    expect(page.get_by_text("Строка, появившаяся сама собой.")).to_be_visible(timeout=WAIT)
    assert page.evaluate("window.__marker") is None  # it was a reload
    page.wait_for_function("window.scrollY >= 200", timeout=WAIT)  # at the same place


def test_a_stylesheet_change_applies_without_navigation(page: Page, serve: Serve) -> None:
    open_live(page, serve.url + PAGE)
    style = serve.site / STYLE
    style.write_text(style.read_text() + "\nbody { background-color: rgb(1, 2, 3) !important; }\n")
    page.wait_for_function(
        "getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'", timeout=WAIT
    )
    assert page.evaluate("window.__marker") == "still here"  # no reload happened
    assert page.locator('link[rel="stylesheet"]').count() == 1  # the old sheet was replaced


def test_broken_front_matter_shows_an_overlay_until_fixed(page: Page, serve: Serve) -> None:
    open_live(page, serve.url + PAGE)
    article = serve.site / ARTICLE
    edit(article, "title:", "title: [unclosed")
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_be_visible(timeout=WAIT)
    expect(overlay).to_contain_text(ARTICLE)
    expect(page.get_by_role("button", name="Закрыть")).to_be_focused()

    edit(article, "title: [unclosed", "title:")
    expect(overlay).to_be_hidden(timeout=WAIT)
    assert page.evaluate("window.__marker") == "still here"  # same output: nothing to reload


def test_the_overlay_can_be_dismissed(page: Page, serve: Serve) -> None:
    open_live(page, serve.url)
    edit(serve.site / ARTICLE, "date:", "date: not-a-date\nx:")
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_be_visible(timeout=WAIT)
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden(timeout=WAIT)


def test_a_page_opened_while_the_site_is_broken_shows_the_error(
    browser: Browser, serve: Serve
) -> None:
    edit(serve.site / ARTICLE, "title:", "title: [unclosed")
    serve.wait_for(serve.stderr, "^error: ")
    context = browser.new_context()
    try:
        late = context.new_page()
        late.goto(serve.url)
        expect(late.get_by_role("alertdialog")).to_contain_text(ARTICLE, timeout=WAIT)
    finally:
        context.close()


def test_a_tab_reconnects_when_the_server_restarts(browser: Browser, demo_site: Path) -> None:
    context = browser.new_context()
    try:
        tab = context.new_page()
        with serving(demo_site) as first:
            open_live(tab, first.url)
            port = urlsplit(first.url).port
        tab.wait_for_function("!window.__digestReload.connected", timeout=WAIT)
        second = Serve(demo_site, "--port", str(port))
        try:
            # The new server may have built another site: the tab reloads, then listens again.
            tab.wait_for_function(
                "window.__marker === undefined && window.__digestReload.connected", timeout=WAIT
            )
        finally:
            assert second.stop() == 0
    finally:
        context.close()


def test_a_deleted_page_says_so_instead_of_reloading_into_a_404(page: Page, serve: Serve) -> None:
    open_live(page, serve.url + PAGE)
    (serve.site / ARTICLE).unlink()
    expect(page.get_by_role("alertdialog")).to_contain_text("больше нет", timeout=WAIT)
    assert page.evaluate("window.__marker") == "still here"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Стратегическое партнерство")
