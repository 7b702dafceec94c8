"""The built demo audited by real tools: Lighthouse, axe-core and the Nu HTML checker.

The tools are npm packages pinned in tests/tools/package-lock.json; scripts/test installs
them with `npm ci`. Reports are kept in test-artifacts/ for a person to read.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.conftest import REPO
from tests.site.browser import CHROMIUM, MONGOLIA, ServedSite, chromium, html_pages, served_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NODE_MODULES = REPO / "tests" / "tools" / "node_modules"
REPORTS = REPO / "test-artifacts" / "lighthouse"
AUDITED = {"home": "", "article": MONGOLIA, "term": "countries/mongoliya/", "search": "search/"}
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# Lighthouse's performance score moves with the load on the machine; a page that misses it
# is measured again before the test fails. The other categories are deterministic.
PERFORMANCE_TRIES = 3


def tool(relative: str) -> Path:
    path = NODE_MODULES / relative
    assert path.exists(), f"{path} is missing: run scripts/test (it runs npm ci in tests/tools)"
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    with served_demo(tmp_path_factory.mktemp("audit")) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def lighthouse(url: str, preset: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run in Debian's Chromium; returns the JSON report."""
    command = [
        "node",
        str(tool("lighthouse/cli/index.js")),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(report.read_text(encoding="utf-8"))


def shortfalls(report: dict[str, Any]) -> list[str]:
    """Each category under its minimum, with the audits that cost it points."""
    problems = []
    for name, minimum in MINIMUM.items():
        category = report["categories"][name]
        if category["score"] is None or category["score"] < minimum:
            failing = [
                f"{ref['id']}={report['audits'][ref['id']]['score']}"
                for ref in category["auditRefs"]
                if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
            ]
            problems.append(f"{name} {category['score']}: {', '.join(failing)}")
    return problems


@pytest.mark.parametrize("preset", ["desktop", "mobile"])
@pytest.mark.parametrize("name", list(AUDITED))
def test_lighthouse_scores(site: ServedSite, name: str, preset: str) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report_path = REPORTS / f"{name}-{preset}.json"
    for _ in range(PERFORMANCE_TRIES):
        report = lighthouse(site.url + AUDITED[name], preset, report_path)
        assert report["finalDisplayedUrl"].startswith(site.url)
        problems = shortfalls(report)
        if not problems or any(not p.startswith("performance") for p in problems):
            break
    assert problems == [], f"{name} ({preset}): {problems}"


def axe_violations(browser: Browser, site: ServedSite, scheme: str) -> list[str]:
    """Every axe-core violation on every page of the site, in one colour scheme."""
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    script = tool("axe-core/axe.min.js").read_text(encoding="utf-8")
    found = []
    for path in html_pages(site.output) + ["search/?q=Япония"]:
        page.goto(site.url + path)
        if "?q=" in path:
            page.wait_for_selector("#search-results li")
        page.add_script_tag(content=script)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]]
            found.append(f"{path or '/'} [{scheme}]: {violation['id']} at {targets}")
    context.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page(
    browser: Browser, site: ServedSite, scheme: str
) -> None:
    assert axe_violations(browser, site, scheme) == []


def test_every_page_is_valid_html_and_the_css_valid_css(site: ServedSite) -> None:
    files = [
        str(site.output / (path if path.endswith(".html") else path + "index.html"))
        for path in html_pages(site.output)
    ]
    files.append(str(site.output / "static" / "style.css"))
    jar = tool("vnu-jar/build/dist/vnu.jar")
    command = ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *files]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr)["messages"]
    problems = [
        f"{m['url'].rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
    ]
    assert problems == []
    assert run.returncode == 0
    assert len(files) > 20  # every page of the demo was checked, not an empty list
