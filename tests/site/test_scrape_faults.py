"""Network faults while scraping, against a misbehaving server on 127.0.0.1.

Every bad URL is reported with its reason within bounded time, the good ones are scraped,
and nothing half-written is left in content/; a scrape killed mid-way leaves only whole
files.
"""

from __future__ import annotations

import importlib.util
import random
import signal
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest

from generator.contentfile import parse_article
from tests.conftest import SiteWriter
from tests.faultserver import FLAKY_FAILURES, fault_server

# Short limits keep the test quick; the bound below follows from them.
SCRAPE = "[scrape]\ntimeout = 1.5\nretries = 2\ndelay = 0\nmax_bytes = 2000000\nmax_redirects = 4\n"
REASONS = {
    "/hang": "network error: timed out",
    "/reset": "network error",
    "/broken": "HTTP 500 Internal Server Error after 2 retries",
    "/loop-a": "more than 4 redirects",
    "/endless": "too big: more than 2000000 bytes",
    "/drip": "too slow: not all sent within 1.5 s",
    "/pdf": "not an HTML page (Content-Type: application/pdf)",
    "/private/page": "robots.txt of http://127.0.0.1:",
}
GOOD = ["/news/1", "/flaky", "/news/2"]
# Fetching is tested either way; without the HTML extraction stage installed, a fetched
# page is refused with this reason instead of being written.
EXTRACTS = importlib.util.find_spec("generator.scrape.extract") is not None
NO_EXTRACTION = "this installation cannot read HTML pages"


def whole_articles(site: Path) -> list[Path]:
    """Every file in content/, each checked to be a complete article."""
    files = sorted(p for p in (site / "content").rglob("*") if p.is_file())
    for path in files:
        article, errors = parse_article(path.read_text(encoding="utf-8"), str(path), UTC)
        assert errors == [] and article is not None, (path, errors)
    return files


def test_each_bad_url_is_reported_with_its_reason_and_the_rest_are_scraped(
    make_site: SiteWriter,
) -> None:
    site = make_site({}, config=SCRAPE)
    with fault_server() as server:
        urls = [server.base + path for path in [*GOOD[:1], *REASONS, *GOOD[1:]]]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "generator", "scrape", "--site", str(site), *urls],
            capture_output=True,
            text=True,
            timeout=120,
        )
        seconds = time.monotonic() - started
        assert server.hits["/flaky"] == FLAKY_FAILURES + 1  # retried, then it worked
    # Worst case: 3 tries of the hanging URL at 1.5 s with 1 + 2 s of backoff; the rest is fast.
    assert seconds < 45, seconds
    assert result.returncode == 1 and "Traceback" not in result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == len(REASONS) + (0 if EXTRACTS else len(GOOD)), result.stderr
    for path, reason in REASONS.items():
        [line] = [f for f in failed if f.startswith(f"failed: {server.base}{path}: ")]
        assert reason in line, line
    good = len(GOOD) if EXTRACTS else 0
    written = [line for line in result.stdout.splitlines() if line.startswith("written ")]
    assert len(written) == good, result.stdout
    assert f"{len(urls)} inputs: {good} written" in result.stdout
    assert len(whole_articles(site)) == good
    if not EXTRACTS:
        assert sum(NO_EXTRACTION in line for line in failed) == len(GOOD)


@pytest.mark.slow
def test_a_scrape_killed_mid_way_leaves_only_whole_files(make_site: SiteWriter) -> None:
    site = make_site({}, config=SCRAPE.replace("delay = 0", "delay = 0.01"))
    rng = random.Random()
    with fault_server() as server:
        urls = [f"{server.base}/news/{n}" for n in range(60)]
        for _ in range(6):
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "scrape",
                    "--refresh",
                    "--site",
                    str(site),
                    *urls,
                ],  # fmt: skip
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.5, 3.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
            whole_articles(site)
        # A full run afterwards completes the set and needs nothing cleaned up by hand.
        done = subprocess.run(
            [sys.executable, "-m", "generator", "scrape", "--site", str(site), *urls],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == (0 if EXTRACTS else 1), done.stderr
    assert len(whole_articles(site)) == (len(urls) if EXTRACTS else 0)
