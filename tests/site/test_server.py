"""The preview server over real HTTP on 127.0.0.1: confinement, types, caching, events."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.serve.server import PreviewServer, ServerOptions
from tests.serving import EventStream

BASE = "/digest/"
SECRET = "top secret, outside output"
TAG = b'<script src="/digest/__digest__/reload.js"'
PAGE = "<!DOCTYPE html><html><head><title>A</title></head><body><p>Статья</p></body></html>"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@pytest.fixture
def output(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    out = site / "output"
    files = {
        "index.html": PAGE,
        "a/index.html": PAGE.replace("Статья", "Страница A"),
        "body-only.html": "<p>x</p><body><p>y</p></body>",
        "bare.html": "<p>no head, no body</p>",
        "404.html": "<html><head><title>Не найдено</title></head><body>нет такой</body></html>",
        "static/style.css": "body { color: red }",
        "static/app.js": "console.log(1)",
        "feed.xml": "<feed/>",
        "robots.txt": "User-agent: *",
        "search/index.json": "{}",
        "static/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "static/pixel.png": "\x89PNG",
    }
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    (site / "secret.txt").write_text(SECRET)
    (tmp_path / "secret.txt").write_text(SECRET)
    (site / "private").mkdir()
    (site / "private" / "index.html").write_text(SECRET)
    (out / "leak.txt").symlink_to(site / "secret.txt")
    (out / "linked").symlink_to(site / "private")
    return out


@pytest.fixture
def server(output: Path) -> Iterator[PreviewServer]:
    preview = PreviewServer(ServerOptions(output, BASE, "127.0.0.1", 0, heartbeat=0.2))
    preview.start()
    try:
        yield preview
    finally:
        preview.stop()


def request(
    server: PreviewServer, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> Reply:
    """One request with the path sent exactly as given (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


TRAVERSALS = [
    "/../secret.txt",
    "/digest/../secret.txt",
    "/digest/../../secret.txt",
    "/digest/%2e%2e/secret.txt",
    "/digest/%2E%2E/%2E%2E/secret.txt",
    "/digest/..%2fsecret.txt",
    "/digest/%2e%2e%2fsecret.txt",
    "/digest/..%2F..%2Fsecret.txt",
    "/digest/..\\secret.txt",
    "/digest/..%5csecret.txt",
    "/digest/..%5Csecret.txt",
    "/digest/%2e%2e%5csecret.txt",
    "/digest/%252e%252e/secret.txt",
    "/digest/%c0%ae%c0%ae/secret.txt",
    "/digest//etc/passwd",
    "/digest/%2fetc/passwd",
    "/digest/index.html%00.txt",
    "/digest/%00",
    "/digest/leak.txt",
    "/digest/linked/index.html",
    "/digest/linked/",
    "/digest/linked",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_output_is_served(server: PreviewServer, path: str) -> None:
    reply = request(server, path)
    assert reply.status == 404
    assert SECRET.encode() not in reply.body


def test_a_symlink_inside_output_is_served(server: PreviewServer, output: Path) -> None:
    (output / "alias.css").symlink_to(output / "static" / "style.css")
    assert request(server, "/digest/alias.css").body == b"body { color: red }"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/digest/", "text/html; charset=utf-8"),
        ("/digest/static/style.css", "text/css; charset=utf-8"),
        ("/digest/static/app.js", "text/javascript; charset=utf-8"),
        ("/digest/feed.xml", "application/xml; charset=utf-8"),
        ("/digest/robots.txt", "text/plain; charset=utf-8"),
        ("/digest/search/index.json", "application/json; charset=utf-8"),
        ("/digest/static/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/digest/static/pixel.png", "image/png"),
    ],
)
def test_content_types(server: PreviewServer, path: str, kind: str) -> None:
    reply = request(server, path)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == kind
    assert reply.headers["Cache-Control"] == "no-cache"


def test_pretty_urls(server: PreviewServer) -> None:
    assert "Страница A" in request(server, "/digest/a/").body.decode()
    moved = request(server, "/digest/a?x=1")
    assert moved.status == 301
    assert moved.headers["Location"] == "/digest/a/?x=1"
    assert request(server, "/digest/static").status == 404  # a folder without index.html


def test_root_and_bare_base_redirect_to_the_base_path(server: PreviewServer) -> None:
    for path in ("/", "/digest"):
        reply = request(server, path)
        assert reply.status == 302
        assert reply.headers["Location"] == BASE
    assert request(server, "/other/index.html").status == 404
    assert request(server, "/index.html").status == 404


def test_missing_pages_get_the_sites_404_page(server: PreviewServer) -> None:
    reply = request(server, "/digest/no/such/page/")
    assert reply.status == 404
    assert "нет такой" in reply.body.decode()
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"__digest__/reload.js" in reply.body


def test_without_404_html_the_plain_404_page_still_gets_the_script(
    server: PreviewServer, output: Path
) -> None:
    (output / "404.html").unlink()  # as after a first build that failed
    reply = request(server, "/digest/nothing/")
    assert reply.status == 404
    assert reply.body.endswith(TAG + b' data-file="" defer></script>')


def test_head_sends_the_headers_of_get_without_a_body(server: PreviewServer) -> None:
    get = request(server, "/digest/static/style.css")
    head = request(server, "/digest/static/style.css", "HEAD")
    assert head.status == 200
    assert head.body == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.headers[name] == get.headers[name]
    assert int(head.headers["Content-Length"]) == len(get.body)


def test_etag_and_last_modified_give_304(server: PreviewServer, output: Path) -> None:
    first = request(server, "/digest/static/style.css")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    same = request(server, "/digest/static/style.css", headers={"If-None-Match": etag})
    assert (same.status, same.body) == (304, b"")
    assert same.headers["ETag"] == etag
    since = request(server, "/digest/static/style.css", headers={"If-Modified-Since": modified})
    assert since.status == 304
    page = request(
        server, "/digest/", headers={"If-None-Match": request(server, BASE).headers["ETag"]}
    )
    assert page.status == 304

    (output / "static" / "style.css").write_text("body { color: blue }")
    changed = request(server, "/digest/static/style.css", headers={"If-None-Match": etag})
    assert changed.status == 200
    assert changed.body == b"body { color: blue }"
    assert changed.headers["ETag"] != etag


def test_script_goes_before_head_end(server: PreviewServer) -> None:
    body = request(server, "/digest/").body
    assert body.index(TAG) < body.index(b"</head>") < body.index(b"<body>")
    assert body.count(TAG) == 1
    assert b'data-file="index.html"' in body


def test_script_goes_before_body_end_without_head(server: PreviewServer) -> None:
    body = request(server, "/digest/body-only.html").body
    assert body.endswith(b"</body>")
    assert body.index(b"<p>y</p>") < body.index(TAG) < body.index(b"</body>")


def test_script_is_appended_without_head_or_body(server: PreviewServer) -> None:
    body = request(server, "/digest/bare.html").body
    assert body.startswith(b"<p>no head, no body</p>" + TAG)
    assert body.endswith(b"</script>")


def test_only_html_gets_the_script_and_files_on_disk_never(
    server: PreviewServer, output: Path
) -> None:
    assert request(server, "/digest/static/style.css").body == b"body { color: red }"
    for path in ("/digest/", "/digest/a/", "/digest/bare.html", "/digest/nothing"):
        request(server, path)
    for file in output.rglob("*"):
        if file.is_file():
            assert b"__digest__" not in file.read_bytes(), file


def test_reload_script_and_overlay_style_are_served(server: PreviewServer) -> None:
    script = request(server, "/digest/__digest__/reload.js")
    assert script.status == 200
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"EventSource" in script.body
    style = request(server, "/digest/__digest__/overlay.css")
    assert style.headers["Content-Type"] == "text/css; charset=utf-8"
    assert request(server, "/digest/__digest__/server.py").status == 404


def test_events_reach_every_open_stream(server: PreviewServer) -> None:
    streams = [EventStream(server.url) for _ in range(5)]
    try:
        for stream in streams:
            stream.next("hello")
        server.notify_reload(["a/index.html"], css_only=False)
        for stream in streams:
            assert stream.next("reload") == {"paths": ["a/index.html"], "css_only": False}
        server.notify_error("content/a.md:3: bad date", [{"file": "content/a.md", "line": 3}])
        for stream in streams:
            assert stream.next("error")["message"] == "content/a.md:3: bad date"
    finally:
        for stream in streams:
            stream.close()


def test_a_new_stream_learns_the_current_error_until_a_good_rebuild(server: PreviewServer) -> None:
    server.notify_error("content/a.md: title: missing")
    late = EventStream(server.url)
    try:
        assert late.next("error")["message"] == "content/a.md: title: missing"
    finally:
        late.close()
    server.notify_reload([], css_only=False)
    fresh = EventStream(server.url)
    try:
        fresh.next("hello")
        server.notify_reload(["index.html"])
        # The first event after hello is the new reload, not the old error.
        assert fresh.next("reload")["paths"] == ["index.html"]
    finally:
        fresh.close()


def test_open_streams_do_not_block_page_requests(server: PreviewServer) -> None:
    streams = [EventStream(server.url) for _ in range(12)]
    try:
        for stream in streams:
            stream.next("hello")
        started = time.monotonic()
        replies = [request(server, "/digest/a/") for _ in range(10)]
        assert all(r.status == 200 for r in replies)
        assert time.monotonic() - started < 5
    finally:
        for stream in streams:
            stream.close()


def wait_until(condition: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_dropped_streams_are_cleaned_up(server: PreviewServer) -> None:
    streams = [EventStream(server.url) for _ in range(3)]
    for stream in streams:
        stream.next("hello")
    assert wait_until(lambda: len(server.clients) == 3)
    for stream in streams:
        stream.close()
    assert wait_until(lambda: len(server.clients) == 0)  # found by the next heartbeat


def test_page_requests_wait_for_a_running_rebuild(server: PreviewServer, output: Path) -> None:
    replies: list[Reply] = []
    with server.building():
        thread = threading.Thread(target=lambda: replies.append(request(server, "/digest/a/")))
        thread.start()
        time.sleep(0.3)
        assert not replies  # no half-built site is served
        (output / "a" / "index.html").write_text(PAGE.replace("Статья", "Новая версия"))
    thread.join(10)
    assert "Новая версия" in replies[0].body.decode()


def test_stop_ends_streams_and_frees_the_port(output: Path) -> None:
    preview = PreviewServer(ServerOptions(output, BASE, "127.0.0.1", 0))
    preview.start()
    stream = EventStream(preview.url)
    stream.next("hello")
    preview.stop()
    with pytest.raises(EOFError):
        stream.next("reload")
    stream.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", preview.port), timeout=2)


def test_the_port_in_use_is_an_error(server: PreviewServer, output: Path) -> None:
    with pytest.raises(OSError):
        PreviewServer(ServerOptions(output, BASE, "127.0.0.1", server.port))


def test_listens_on_loopback_by_default(output: Path) -> None:
    preview = PreviewServer(ServerOptions(output, BASE, port=0))
    try:
        assert preview.httpd.server_address[0] == "127.0.0.1"
        assert preview.url == f"http://127.0.0.1:{preview.port}/digest/"
    finally:
        preview.stop()


def test_a_base_path_with_cyrillic_letters(output: Path) -> None:
    preview = PreviewServer(ServerOptions(output, "/дайджест/", "127.0.0.1", 0))
    preview.start()
    try:
        assert preview.url.endswith("/%D0%B4%D0%B0%D0%B9%D0%B4%D0%B6%D0%B5%D1%81%D1%82/")
        assert (
            request(preview, "/%D0%B4%D0%B0%D0%B9%D0%B4%D0%B6%D0%B5%D1%81%D1%82/a/").status == 200
        )
        assert request(preview, "/").headers["Location"] == urlsplit(preview.url).path
    finally:
        preview.stop()
