"""A local HTTP server for fetch tests: routes answer with canned responses; requests are logged."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Reply:
    """One canned response."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})  # fmt: skip


Route = Reply | Callable[[int], Reply]  # a reply, or one made from the request's count


@dataclass
class Server:
    """The running server: its base URL, its routes and the requests it got (path, time)."""

    base: str
    routes: dict[str, Route]
    log: list[tuple[str, float]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[float]:
        return [when for p, when in self.log if p == path]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            server.log.append((self.path, time.monotonic()))
            route = server.routes.get(self.path, Reply(404, b"not found", {"Content-Type": "text/plain"}))  # fmt: skip
            reply = route(len(server.hits(self.path))) if callable(route) else route
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                if value:  # an empty value leaves the header out (a body read until EOF)
                    self.send_header(name, value)
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            try:
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (the size cap): expected

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet tests

    return Handler


@pytest.fixture
def http_server() -> Iterator[Server]:
    """A threaded HTTP server on 127.0.0.1 with an empty set of routes."""
    server = Server("", {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
