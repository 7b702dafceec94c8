"""The scraper's only network I/O: polite, bounded HTTP fetching with an on-disk cache."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from generator.config import ScrapeConfig
from generator.errors import ScrapeError
from generator.writer import write_atomic

HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class RawPage:
    """One fetched page: where it ended up, its bytes and headers, and when."""

    url: str  # the final URL, after redirects
    content: bytes
    headers: Mapping[str, str]  # lowercase names
    fetched_at: datetime
    from_cache: bool = False

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch: the site's [scrape] settings plus this run's choices."""

    config: ScrapeConfig = ScrapeConfig()
    cache_dir: Path | None = None  # None: no cache
    refresh: bool = False  # ignore cached pages (and replace them)
    backoff: float = 1.0  # first wait before a retry, doubled each time
    max_wait: float = 60.0  # the longest Retry-After honoured


def is_web_url(text: str) -> bool:
    """True for an http or https URL with a host."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class PageCache:
    """Fetched pages on disk, one body and one metadata file per URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        base = self.folder / key[:2] / key
        return base.with_suffix(".json"), base.with_suffix(".body")

    def get(self, url: str) -> RawPage | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            content = body_path.read_bytes()
        except (OSError, ValueError):
            return None  # absent or damaged: fetch again
        if hashlib.sha256(content).hexdigest() != meta.get("sha256"):
            return None
        return RawPage(
            url=meta["url"],
            content=content,
            headers=meta["headers"],
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            from_cache=True,
        )

    def put(self, requested: str, page: RawPage) -> None:
        meta_path, body_path = self._paths(requested)
        # The body first: a metadata file only ever points at a complete body.
        write_atomic(body_path, page.content)
        meta = {
            "requested": requested,
            "url": page.url,
            "headers": dict(page.headers),
            "fetched_at": page.fetched_at.isoformat(),
            "sha256": hashlib.sha256(page.content).hexdigest(),
        }
        write_atomic(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))


def _retry_after(value: str | None, limit: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), limit)


@dataclass(frozen=True)
class _Response:
    status: int
    reason: str
    headers: Mapping[str, str]
    content: bytes


class Fetcher:
    """Fetches pages one at a time, honouring robots.txt, delays, caps and the cache."""

    def __init__(
        self,
        options: FetchOptions,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self.config = options.config
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host -> when the last request to it started
        self._robots: dict[str, RobotFileParser] = {}
        self._crawl_delay: dict[str, float] = {}  # host -> robots.txt Crawl-delay, when longer
        self._cache = PageCache(options.cache_dir) if options.cache_dir else None
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,  # followed by hand: capped, and checked hop by hop
            headers={"User-Agent": self.config.user_agent},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> RawPage:
        """The page at url (from the cache unless refreshing); ScrapeError says why not."""
        if not is_web_url(url):
            raise ScrapeError(url, "only http and https URLs can be fetched")
        if self._cache and not self.options.refresh:
            cached = self._cache.get(url)
            if cached is not None:
                return cached
        try:
            page = self._follow(url)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            # Not a network hiccup worth retrying: a broken response or an unusable URL.
            raise ScrapeError(url, f"{type(exc).__name__}: {exc}") from None
        if self._cache:
            self._cache.put(url, page)
        return page

    def _follow(self, url: str) -> RawPage:
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if not is_web_url(current):
                raise ScrapeError(url, f"redirected to a URL that is not http(s): {current}")
            self._check_robots(current, url)
            response = self._get(current, url)
            location = response.headers.get("location")
            if response.status in _REDIRECTS and location:
                current = urljoin(current, location)
                continue
            return RawPage(current, response.content, response.headers, datetime.now(UTC))
        raise ScrapeError(url, f"more than {self.config.max_redirects} redirects")

    def _get(self, url: str, original: str) -> _Response:
        """One GET with retries on 429, 5xx and network errors."""
        attempt = 0
        while True:
            try:
                response = self._request(url, original)
            except httpx.TransportError as exc:
                if attempt >= self.config.retries:
                    raise ScrapeError(
                        original, f"network error: {exc or type(exc).__name__}"
                    ) from None
                self._sleep(self.options.backoff * 2**attempt)
                attempt += 1
                continue
            if response.status not in _RETRY or attempt >= self.config.retries:
                break
            wait = _retry_after(response.headers.get("retry-after"), self.options.max_wait)
            self._sleep(self.options.backoff * 2**attempt if wait is None else wait)
            attempt += 1
        if response.status >= 400:
            tries = f" after {attempt} retries" if attempt else ""
            raise ScrapeError(original, f"HTTP {response.status} {response.reason}{tries}".rstrip())
        return response

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            delay = max(self.config.delay, self._crawl_delay.get(host, 0.0))
            remaining = last + delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = self._clock()

    def _request(self, url: str, original: str, check_type: bool = True) -> _Response:
        """One request, its body read up to the size cap."""
        self._wait_turn(urlsplit(url).netloc.lower())
        limit = self.config.max_bytes
        # The timeout bounds each wait for bytes; this bounds the whole response, so a server
        # that drips a byte at a time cannot hold the run.
        deadline = self._clock() + self.config.timeout
        with self._client.stream("GET", url) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            status = response.status_code
            if status in _REDIRECTS or status >= 400 or not check_type:
                wanted = not check_type and status < 300  # robots.txt; error pages are not read
                body = self._read(response, original, deadline) if wanted else b""
                return _Response(status, response.reason_phrase, headers, body)
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and kind not in HTML_TYPES:
                raise ScrapeError(original, f"not an HTML page (Content-Type: {kind})")
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise ScrapeError(original, f"too big: {int(declared)} bytes (limit {limit})")
            body = self._read(response, original, deadline)
        return _Response(status, response.reason_phrase, headers, body)

    def _read(self, response: httpx.Response, where: str, deadline: float) -> bytes:
        """The body, streamed; reading stops as soon as it passes the size cap or the deadline."""
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > self.config.max_bytes:
                raise ScrapeError(where, f"too big: more than {self.config.max_bytes} bytes")
            if self._clock() > deadline:
                raise ScrapeError(where, f"too slow: not all sent within {self.config.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_robots(self, url: str, original: str) -> None:
        if not self.config.respect_robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            self._robots[origin] = rules
            wanted = rules.crawl_delay(self.config.user_agent)
            if wanted is not None:
                # A site asking for a longer pause gets it (capped: a typo must not stall a run).
                self._crawl_delay[parts.netloc.lower()] = min(float(wanted), self.options.max_wait)
        if not rules.can_fetch(self.config.user_agent, url):
            raise ScrapeError(original, f"robots.txt of {origin} disallows fetching it")

    def _load_robots(self, origin: str) -> RobotFileParser:
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._request(origin + "/robots.txt", origin, check_type=False)
        except (httpx.HTTPError, ScrapeError):
            rules.parse([])  # no robots.txt to be had: nothing is disallowed
            return rules
        # The convention urllib.robotparser follows: 401/403 forbid all, other errors allow all.
        if response.status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif response.status >= 300:
            rules.parse([])
        else:
            rules.parse(response.content.decode("utf-8", errors="replace").splitlines())
        return rules
