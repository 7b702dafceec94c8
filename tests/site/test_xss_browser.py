"""The XSS corpus opened in headless Chromium: no injected script ever runs.

Every HTML page of a site built from tests/invalid/hostile/xss*/ is loaded from a local
server; the test fails on any dialog, console message, page error, popup or request to
another host. Inline event handlers that might have survived are provoked by dispatching
the events they listen for on every element.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, Route, sync_playwright

from generator.cli import main
from tests.site.browser import CHROMIUM, CHROMIUM_ARGS
from tests.xsssite import xss_site

# Fired on every element after load: an on* attribute that slipped through would run.
PROVOKE = """() => {
  const kinds = ['mouseover', 'mouseenter', 'mousemove', 'focus', 'blur', 'error', 'load',
                 'toggle', 'animationstart', 'input', 'change', 'pointerover', 'begin'];
  for (const element of document.querySelectorAll('*')) {
    for (const kind of kinds) element.dispatchEvent(new Event(kind));
  }
  return document.querySelectorAll('*').length;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The corpus site built and served from 127.0.0.1 (base URL, output folder)."""
    site = xss_site(tmp_path / "site")
    assert main(["build", "--site", str(site)]) == 0
    output = site / "output"
    handler = functools.partial(_Quiet, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", output
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _page_urls(base: str, output: Path) -> list[str]:
    urls = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        urls.append(base + relative.removesuffix("index.html"))
    return urls


@pytest.mark.browser
def test_no_injected_script_runs_on_any_page(served: tuple[str, Path]) -> None:
    base, output = served
    urls = _page_urls(base, output)
    assert len(urls) > 20
    events: list[str] = []
    missing: list[str] = []  # same-host files the sanitized <img src="x"> ask for

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # Chromium logs a 404 for an image it asked our own server for: not script.
        if message.text.startswith("Failed to load resource") and where.startswith(base):
            missing.append(where)
            return
        events.append(f"console {message.type}: {message.text} ({where})")

    def on_dialog(dialog: Dialog) -> None:
        events.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_route(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host != "127.0.0.1":
            events.append(f"request to another host: {route.request.url}")
            route.abort()
        else:
            route.continue_()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route("**/*", on_route)
        page: Page = context.new_page()
        context.on("page", lambda other: events.append(f"a new page opened: {other.url}"))
        page.on("console", on_console)
        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: events.append(f"page error: {error}"))
        checked = 0
        for url in urls:
            response = page.goto(url, wait_until="load")
            assert response is not None and response.status == 200, url
            assert page.url == url, f"{url} navigated away to {page.url}"
            assert page.evaluate(PROVOKE) > 10
            page.wait_for_timeout(50)  # let SVG animations and marquees start
            checked += 1
        browser.close()
    assert checked == len(urls)
    assert events == []
    assert all(url.startswith(base) for url in missing)
