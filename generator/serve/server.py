"""The preview's file server: output/ under the base path, reload events, the reload script.

It knows nothing of the build: it is handed a folder, a base path and an address, and told
when a rebuild starts, finishes or fails.
"""

from __future__ import annotations

import html
import json
import os
import queue
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, unquote, urlsplit

from generator.serve.files import content_type, inject, inside, locate

HERE = Path(__file__).resolve().parent
ENDPOINT = "__digest__/"
ASSETS = {"reload.js": "text/javascript", "overlay.css": "text/css"}
BUILD_WAIT = 30.0  # seconds a page request waits for a running rebuild before serving anyway


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class Clients:
    """The open event streams; each gets every message; new ones learn the current error."""

    def __init__(self) -> None:
        self._queues: set[queue.Queue[bytes | None]] = set()
        self._lock = threading.Lock()
        self._error: bytes | None = None
        self.server_id = f"{os.getpid()}-{time.time_ns()}"

    def subscribe(self) -> queue.Queue[bytes | None]:
        """A new stream's queue, starting with hello (and the error, if the site is broken)."""
        stream: queue.Queue[bytes | None] = queue.Queue()
        stream.put(b"retry: 1000\n\n" + _event("hello", {"server": self.server_id}))
        with self._lock:
            if self._error:
                stream.put(self._error)
            self._queues.add(stream)
        return stream

    def unsubscribe(self, stream: queue.Queue[bytes | None]) -> None:
        with self._lock:
            self._queues.discard(stream)

    def __len__(self) -> int:
        with self._lock:
            return len(self._queues)

    def send(self, name: str, data: dict[str, Any]) -> None:
        """Send one event to every open stream."""
        message = _event(name, data)
        with self._lock:
            self._error = message if name == "error" else None
            for stream in self._queues:
                stream.put(message)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._lock:
            for stream in self._queues:
                stream.put(None)


@dataclass(frozen=True)
class ServerOptions:
    """What the server needs: the folder it serves, the base path, where it listens."""

    output: Path
    base_path: str = "/"
    host: str = "127.0.0.1"
    port: int = 8000
    heartbeat: float = 15.0  # seconds between keep-alive comments on idle event streams


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    request_queue_size = (
        128  # many tabs connecting at once (a restart) must not wait for SYN retries
    )
    preview: PreviewServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that goes away mid-response is normal in a preview, not worth a traceback.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class PreviewServer:
    """A threaded HTTP server over output/, with a reload event stream for browsers."""

    def __init__(self, options: ServerOptions) -> None:
        self.options = options
        self.root = Path(os.path.realpath(options.output))
        # As browsers send it: a base path with Cyrillic letters arrives percent-encoded.
        self.base_path = quote(unquote(options.base_path), safe="/!$&'()*+,;=:@-._~")
        self.clients = Clients()
        self._built = threading.Event()
        self._built.set()
        server_class = _HTTPServer6 if ":" in options.host else _HTTPServer
        self.httpd = server_class((options.host, options.port), _Handler)  # binds now
        self.httpd.preview = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.options.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}{self.base_path}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End every event stream, stop serving and close the listening socket."""
        self.clients.close()
        if self._thread:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()

    @contextmanager
    def building(self) -> Iterator[None]:
        """Page requests wait while output/ is being rewritten, so none sees a half-built site."""
        self._built.clear()
        try:
            yield
        finally:
            self._built.set()

    def wait_built(self) -> None:
        self._built.wait(BUILD_WAIT)

    def notify_reload(self, paths: Sequence[str], css_only: bool = False) -> None:
        """Tell browsers a rebuild finished writing these output files."""
        self.clients.send("reload", {"paths": list(paths), "css_only": css_only})

    def notify_error(self, message: str, errors: Sequence[dict[str, Any]] = ()) -> None:
        """Tell browsers the last rebuild failed, so they show the overlay."""
        self.clients.send("error", {"message": message, "errors": list(errors)})


class _Handler(BaseHTTPRequestHandler):
    """One request: a file from output/, the event stream, or the reload script."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, without a 40 ms stall
    server_version = "digest-serve"
    timeout = 60  # an idle keep-alive connection, or a stream nobody reads, frees its thread

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for build results and errors, not every request

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        preview = self.server.preview
        split = urlsplit(self.path)
        base = preview.base_path
        if not split.path.startswith(base):
            if split.path in ("/", base.rstrip("/")):
                self._redirect(base, HTTPStatus.FOUND)
            else:
                self._not_found(head)
            return
        rel = split.path[len(base) :]
        if rel == ENDPOINT + "events":
            self._stream(head)
        elif rel.startswith(ENDPOINT) and rel[len(ENDPOINT) :] in ASSETS:
            name = rel[len(ENDPOINT) :]
            self._send(HERE / name, head, ASSETS[name] + "; charset=utf-8")
        else:
            preview.wait_built()
            found = locate(preview.root, rel)
            if found.file:
                self._send(found.file, head, page=found.file.relative_to(preview.root))
            elif found.add_slash:
                query = f"?{split.query}" if split.query else ""
                self._redirect(split.path + "/" + query, HTTPStatus.MOVED_PERMANENTLY)
            else:
                self._not_found(head)

    def _redirect(self, location: str, status: HTTPStatus) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def _not_found(self, head: bool) -> None:
        page = inside(self.server.preview.root, self.server.preview.root / "404.html")
        if page:
            self._send(page, head, status=HTTPStatus.NOT_FOUND, page=Path("404.html"))
            return
        # No 404.html (the first build failed): the page still needs the script for the overlay.
        body = inject(
            b"<!DOCTYPE html><title>404 Not Found</title><h1>404 Not Found</h1>", self._tag("")
        )
        self._reply(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body, head, {})

    def _send(
        self,
        path: Path,
        head: bool,
        kind: str | None = None,
        status: HTTPStatus = HTTPStatus.OK,
        page: Path | None = None,
    ) -> None:
        """A file; HTML gets the reload script; 200s answer conditional requests with 304."""
        try:
            with open(path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                headers = {
                    "ETag": f'"{stat.st_ino:x}-{stat.st_mtime_ns:x}-{stat.st_size:x}"',
                    "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
                }
                if status == HTTPStatus.OK and self._not_modified(headers["ETag"], stat.st_mtime):
                    self._reply(HTTPStatus.NOT_MODIFIED, None, b"", True, headers)
                    return
                body = self._body(handle, path, page)
        except FileNotFoundError:  # removed by a rebuild between locating and opening
            self._not_found(head)
            return
        self._reply(status, kind or content_type(path), body, head, headers)

    def _body(self, handle: BinaryIO, path: Path, page: Path | None) -> bytes:
        data = handle.read()
        if page is None or content_type(path).split(";")[0] != "text/html":
            return data
        return inject(data, self._tag(page.as_posix()))

    def _tag(self, page: str) -> bytes:
        """The reload script's tag, naming the output file the page was served from."""
        base = self.server.preview.base_path
        src = html.escape(base + ENDPOINT + "reload.js")
        return f'<script src="{src}" data-file="{html.escape(page)}" defer></script>'.encode()

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _reply(
        self, status: HTTPStatus, kind: str | None, body: bytes, head: bool, headers: dict[str, str]
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _stream(self, head: bool) -> None:
        """Server-Sent Events until the browser leaves or the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        preview = self.server.preview
        stream = preview.clients.subscribe()
        try:
            while True:
                try:
                    message = stream.get(timeout=preview.options.heartbeat)
                except queue.Empty:
                    message = b": ping\n\n"  # finds browsers that left without a goodbye
                if message is None:
                    break
                self.wfile.write(message)
                self.wfile.flush()
        except OSError:
            pass  # the browser went away
        finally:
            preview.clients.unsubscribe(stream)
