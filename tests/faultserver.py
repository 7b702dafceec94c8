"""A local web server that misbehaves on purpose, on 127.0.0.1 only.

Paths and what they do:
  /news/<n>       a good news article (HTML)
  /hang           accepts the request and never answers
  /reset          resets the connection (TCP RST) without a response
  /flaky          500 twice, then the article
  /broken         500 every time
  /loop-a         redirects to /loop-b, which redirects back
  /endless        200 text/html with a body that never ends
  /drip           200 with a declared length, one byte every half second
  /pdf            a PDF, not a web page
  /robots.txt     allows everything but /private/
"""

from __future__ import annotations

import io
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{title} — Вестник</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-03-{day:02d}T10:00:00+08:00">
</head><body>
<header><nav><a href="/">Главная</a> <a href="/news/">Новости</a></nav></header>
<article>
<h1>{title}</h1>
<p class="byline">Автор: Анна Петрова. <time datetime="2025-03-{day:02d}T10:00:00+08:00">{day} марта 2025</time></p>
{paragraphs}
</article>
<footer>© Вестник</footer>
</body></html>
"""
WORDS = (
    "Байкал Иркутск Улан-Удэ Листвянка форум учёные туристы рыболовы теплоход нерпа омуль "
    "берег остров Ольхон экология бюджет правительство школа больница дорога мост вокзал "
    "фестиваль выставка музей театр спорт турнир урожай погода мороз паводок пожар лес"
).split()

# How many 500s /flaky answers before it works.
FLAKY_FAILURES = 2


def article(n: int) -> bytes:
    """The HTML of the good article number n: its own title and text, so none is a duplicate."""
    rng = random.Random(n)
    title = f"Новость {n}: {' '.join(rng.sample(WORDS, 4))}"
    paragraphs = "\n".join(
        "<p>" + " ".join(rng.choices(WORDS, k=40)).capitalize() + ".</p>" for _ in range(4)
    )
    return ARTICLE.format(title=title, day=1 + n % 28, paragraphs=paragraphs).encode("utf-8")


class FaultServer(ThreadingHTTPServer):
    """The server, with the stop signal its stuck handlers wait on and per-path hit counts."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stopping = threading.Event()
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        with self.server.lock:
            self.server.hits[self.path] += 1
            hits = self.server.hits[self.path]
        route = self.path.split("?")[0]
        try:
            self._answer(route, hits)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: what the slow routes are for

    def _answer(self, route: str, hits: int) -> None:
        if route.startswith("/news/"):
            self._send(200, article(int(route.rsplit("/", 1)[1] or 0)))
        elif route == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif route == "/hang":
            self.server.stopping.wait()
        elif route == "/reset":
            self._reset()
        elif route == "/flaky":
            self._send(500, b"try again") if hits <= FLAKY_FAILURES else self._send(
                200, article(77)
            )
        elif route == "/broken":
            self._send(500, b"broken")
        elif route in ("/loop-a", "/loop-b"):
            self._redirect("/loop-b" if route == "/loop-a" else "/loop-a")
        elif route == "/endless":
            self._stream(b"<p>" + "бесконечно ".encode() * 500 + b"</p>\n", 0.0)
        elif route == "/drip":
            self._drip()
        elif route == "/pdf":
            self._send(200, b"%PDF-1.4\n" + bytes(range(256)) * 40, "application/pdf")
        else:
            self._send(404, b"not found", "text/plain")

    def _reset(self) -> None:
        # Linger 0 makes close() send RST; every file object on the socket must let go of it.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        for stream in (self.rfile, self.wfile):
            stream.close()
        self.connection.close()
        self.wfile = io.BytesIO()  # what http.server flushes after the handler: nowhere

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self, chunk: bytes, pause: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<!DOCTYPE html><html><body><article><h1>\xd0\x91\xd0\xb5\xd1\x81\xd0\xba\xd0\xbe\xd0\xbd\xd0\xb5\xd1\x87\xd0\xbd\xd0\xbe</h1>")  # fmt: skip
        while not self.server.stopping.is_set():
            self.wfile.write(chunk)
            if pause:
                time.sleep(pause)

    def _drip(self) -> None:
        body = article(88)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for byte in body:
            if self.server.stopping.wait(0.5):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()


@contextmanager
def fault_server() -> Iterator[FaultServer]:
    """The misbehaving server, running in a thread until the block ends."""
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()
