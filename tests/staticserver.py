"""A small threaded static server for a built site under its base path, as GitHub Pages serves it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class _Handler(SimpleHTTPRequestHandler):
    """Serves output/ at base_path; anything else is a 404 with the site's 404.html."""

    base_path = "/"
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
        ".xml": "application/xml",
    }

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.base_path):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + route[len(self.base_path) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@contextmanager
def serve(output: Path, base_path: str = "/", port: int = 0) -> Iterator[str]:
    """Serve output/ on 127.0.0.1 under base_path; yields the site's URL."""
    handler = type("Handler", (_Handler,), {"base_path": base_path})
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(output))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A port that nothing listens on now (the site is built for it before it is served)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
