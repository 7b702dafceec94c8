"""Fetching against a local server: caps, errors, retries, robots.txt, cache and politeness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.config import ScrapeConfig
from generator.errors import ScrapeError
from generator.scrape.fetch import Fetcher, FetchOptions
from tests.httpserver import Reply, Server

PAGE = "<html><body><p>Привет</p></body></html>".encode()


def fetcher(tmp_path: Path | None = None, refresh: bool = False, **config: object) -> Fetcher:
    settings = {"delay": 0.0, "retries": 2, **config}
    return Fetcher(
        FetchOptions(
            ScrapeConfig(**settings),  # type: ignore[arg-type]
            cache_dir=tmp_path / "pages" if tmp_path else None,
            refresh=refresh,
            backoff=0.01,
        )
    )


def test_fetches_a_page_with_its_headers(http_server: Server) -> None:
    http_server.routes["/a"] = Reply(body=PAGE)
    with fetcher() as f:
        page = f.fetch(http_server.url("/a"))
    assert page.content == PAGE
    assert page.content_type == "text/html; charset=utf-8"
    assert page.url == http_server.url("/a")
    assert page.fetched_at.tzinfo is not None


def test_sends_the_configured_user_agent(http_server: Server) -> None:
    seen: list[str] = []

    def reply(_count: int) -> Reply:
        return Reply(body=PAGE)

    http_server.routes["/ua"] = reply
    with fetcher(user_agent="digest-test/1.0") as f:
        f._client.event_hooks["request"] = [lambda r: seen.append(r.headers["user-agent"])]
        f.fetch(http_server.url("/ua"))
    assert seen and all(ua == "digest-test/1.0" for ua in seen)


def test_size_cap_stops_reading(http_server: Server) -> None:
    # No Content-Length: the cap must be enforced while streaming.
    http_server.routes["/big"] = Reply(body=b"<p>" + b"x" * 200_000, headers={"Content-Type": "text/html", "Content-Length": ""})  # fmt: skip
    http_server.routes["/declared"] = Reply(body=b"<p>" + b"x" * 5000)
    with fetcher(max_bytes=1000) as f:
        with pytest.raises(ScrapeError, match="too big: more than 1000 bytes"):
            f.fetch(http_server.url("/big"))
        with pytest.raises(ScrapeError, match=r"too big: 5003 bytes \(limit 1000\)"):
            f.fetch(http_server.url("/declared"))


def test_redirects_are_followed_up_to_the_cap(http_server: Server) -> None:
    for n in range(4):
        http_server.routes[f"/r{n}"] = Reply(302, headers={"Location": f"/r{n + 1}"})
    http_server.routes["/r4"] = Reply(body=PAGE)
    with fetcher(max_redirects=4) as f:
        assert f.fetch(http_server.url("/r0")).url == http_server.url("/r4")
    with fetcher(max_redirects=3) as f, pytest.raises(ScrapeError, match="more than 3 redirects"):
        f.fetch(http_server.url("/r0"))


def test_redirect_to_another_scheme_is_refused(http_server: Server) -> None:
    http_server.routes["/ftp"] = Reply(301, headers={"Location": "ftp://127.0.0.1/x"})
    with fetcher() as f, pytest.raises(ScrapeError, match="not http"):
        f.fetch(http_server.url("/ftp"))


def test_only_http_and_https() -> None:
    with fetcher() as f, pytest.raises(ScrapeError, match="only http and https"):
        f.fetch("file:///etc/passwd")


def test_non_html_and_http_errors_say_why(http_server: Server) -> None:
    http_server.routes["/pdf"] = Reply(body=b"%PDF", headers={"Content-Type": "application/pdf"})
    with fetcher() as f:
        with pytest.raises(
            ScrapeError, match=r"not an HTML page \(Content-Type: application/pdf\)"
        ):
            f.fetch(http_server.url("/pdf"))
        with pytest.raises(ScrapeError, match="HTTP 404 Not Found") as error:
            f.fetch(http_server.url("/missing"))
    assert error.value.where == http_server.url("/missing")
    assert len(http_server.hits("/missing")) == 1  # a 404 is not retried


def test_retries_after_500_then_succeeds(http_server: Server) -> None:
    http_server.routes["/flaky"] = lambda n: Reply(500, b"oops") if n < 3 else Reply(body=PAGE)
    with fetcher(retries=2) as f:
        assert f.fetch(http_server.url("/flaky")).content == PAGE
    assert len(http_server.hits("/flaky")) == 3


def test_gives_up_after_the_retries(http_server: Server) -> None:
    http_server.routes["/down"] = Reply(503, b"down")
    with fetcher(retries=2) as f, pytest.raises(ScrapeError, match="HTTP 503 Service Unavailable after 2 retries"):  # fmt: skip
        f.fetch(http_server.url("/down"))
    assert len(http_server.hits("/down")) == 3


def test_429_waits_as_long_as_retry_after_says(http_server: Server) -> None:
    slow = {"Retry-After": "0.3", "Content-Type": "text/plain"}
    http_server.routes["/busy"] = lambda n: Reply(429, b"", slow) if n == 1 else Reply(body=PAGE)
    with fetcher() as f:
        assert f.fetch(http_server.url("/busy")).content == PAGE
    first, second = http_server.hits("/busy")
    assert second - first >= 0.2  # server-side arrival times: a little slack for scheduling


def test_robots_txt_disallow_is_respected(http_server: Server) -> None:
    http_server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})  # fmt: skip
    http_server.routes["/private/a"] = Reply(body=PAGE)
    http_server.routes["/public"] = Reply(body=PAGE)
    with fetcher() as f:
        with pytest.raises(ScrapeError, match="robots.txt .* disallows"):
            f.fetch(http_server.url("/private/a"))
        assert f.fetch(http_server.url("/public")).content == PAGE
    assert http_server.hits("/private/a") == []
    assert len(http_server.hits("/robots.txt")) == 1  # read once per host
    with fetcher(respect_robots=False) as f:
        assert f.fetch(http_server.url("/private/a")).content == PAGE


def test_a_missing_robots_txt_allows_everything(http_server: Server) -> None:
    http_server.routes["/a"] = Reply(body=PAGE)
    with fetcher() as f:
        assert f.fetch(http_server.url("/a")).content == PAGE
    assert len(http_server.hits("/robots.txt")) == 1


def test_cache_hit_makes_no_second_request(http_server: Server, tmp_path: Path) -> None:
    http_server.routes["/c"] = Reply(body=PAGE)
    with fetcher(tmp_path) as f:
        first = f.fetch(http_server.url("/c"))
    with fetcher(tmp_path) as f:
        again = f.fetch(http_server.url("/c"))
    assert len(http_server.hits("/c")) == 1
    assert again.from_cache and not first.from_cache
    assert (again.content, again.url, again.content_type) == (first.content, first.url, first.content_type)  # fmt: skip
    with fetcher(tmp_path, refresh=True) as f:
        assert not f.fetch(http_server.url("/c")).from_cache
    assert len(http_server.hits("/c")) == 2


def test_failures_are_not_cached(http_server: Server, tmp_path: Path) -> None:
    http_server.routes["/x"] = lambda n: Reply(404) if n == 1 else Reply(body=PAGE)
    with fetcher(tmp_path) as f:
        with pytest.raises(ScrapeError):
            f.fetch(http_server.url("/x"))
        assert f.fetch(http_server.url("/x")).content == PAGE


def test_per_host_delay_spaces_requests(http_server: Server) -> None:
    for name in ("/1", "/2", "/3"):
        http_server.routes[name] = Reply(body=PAGE)
    with fetcher(delay=0.3, respect_robots=False) as f:
        for name in ("/1", "/2", "/3"):
            f.fetch(http_server.url(name))
    times = [http_server.hits(n)[0] for n in ("/1", "/2", "/3")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(gap >= 0.2 for gap in gaps), gaps  # 0.3 s asked; arrival times jitter


def test_robots_crawl_delay_lengthens_the_pause(http_server: Server) -> None:
    http_server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nCrawl-delay: 1\n", headers={"Content-Type": "text/plain"})  # fmt: skip
    http_server.routes["/1"] = Reply(body=PAGE)
    http_server.routes["/2"] = Reply(body=PAGE)
    with fetcher(delay=0.0) as f:
        f.fetch(http_server.url("/1"))
        f.fetch(http_server.url("/2"))
    assert http_server.hits("/2")[0] - http_server.hits("/1")[0] >= 0.8


def test_retry_after_as_seconds_or_http_date() -> None:
    from email.utils import format_datetime

    from generator.scrape.fetch import _retry_after

    assert _retry_after("2", 60) == 2.0
    assert _retry_after("3600", 60) == 60.0
    assert _retry_after("soon", 60) is None
    later = datetime.now(UTC) + timedelta(seconds=30)
    wait = _retry_after(format_datetime(later, usegmt=True), 60)
    assert wait is not None and 25 <= wait <= 31


def test_a_broken_response_is_an_error_not_a_crash(http_server: Server) -> None:
    http_server.routes["/gz"] = Reply(body=b"not gzip at all", headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})  # fmt: skip
    with fetcher() as f, pytest.raises(ScrapeError, match="DecodingError"):
        f.fetch(http_server.url("/gz"))
    with fetcher() as f, pytest.raises(ScrapeError):
        f.fetch("http://127.0.0.1:99999/")
