"""Load on the preview server: page clients, open reload streams and stalled clients at once.

Starts `digest serve` on 127.0.0.1 (loopback only) for a temporary copy of a site (default:
the demo digest), then for --seconds: --clients keep-alive connections fetch random pages,
--streams connections hold the reload event stream open, --stalled connections send half a
request and never finish it, and an article is edited every --edit-every seconds so the
streams carry reload events. Prints requests, failures, latency percentiles, reload events
per stream and the server's memory at start and end. Exits 1 on any failure.

    python bench/serve_load.py                      # 200 clients, 50 streams, 30 s
    python bench/serve_load.py --seconds 5 --clients 20 --streams 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("digest.toml", "content", "templates", "static", "themes", "profiles")


@dataclass
class Tally:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reloads: list[int] = field(default_factory=list)  # events per stream that lasted the run
    dropped_streams: int = 0
    stalled_open: int = 0
    beside_stalled_ms: float = 0.0
    rss_kb: list[int] = field(default_factory=list)


def copy_site(source: Path, target: Path) -> Path:
    """The site's inputs (not its output/) copied, so edits never touch the original."""
    target.mkdir(parents=True)
    for name in SITE_PARTS:
        part = source / name
        if part.is_dir():
            shutil.copytree(part, target / name)
        elif part.is_file():
            shutil.copy(part, target / name)
    return target


def start_server(site: Path) -> tuple[subprocess.Popen[str], str]:
    """`digest serve` on a free loopback port; its process and the URL it prints."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--site",
            str(site),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("serving "):
            return server, line.split()[1]
    server.kill()
    raise SystemExit("digest serve stopped before it printed its URL")


def page_paths(output: Path, base_path: str) -> list[str]:
    """The URL path of every HTML page in output/."""
    paths = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        paths.append(base_path + relative.removesuffix("index.html"))
    return paths


def rss_kb(pid: int) -> int:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Status code of one response, its body read; False when the server closes after it."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed before a response")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readline()).strip() or b"0", 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection") != "close" and status_line.startswith(b"HTTP/1.1")


async def page_client(host: str, port: int, paths: list[str], until: float, tally: Tally, timeout: float) -> None:  # fmt: skip
    """One browser-like client: a keep-alive connection fetching random pages until the end."""
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.monotonic() < until:
        path = random.choice(paths)
        started = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
            reader, writer = connection
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            status, keep = await asyncio.wait_for(read_response(reader), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            tally.failures.append(f"{path}: {type(exc).__name__} {exc}")
            _close(connection)
            connection = None
            continue
        tally.latencies.append(time.perf_counter() - started)
        if status != 200:
            tally.failures.append(f"{path}: HTTP {status}")
        if not keep:
            _close(connection)
            connection = None
    _close(connection)


def _close(connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    if connection is not None:
        connection[1].close()


async def reload_stream(host: str, port: int, path: str, until: float, tally: Tally) -> None:
    """One open tab: the reload event stream held until the end, events counted."""
    events = 0
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())  # fmt: skip
        status = int((await reader.readline()).split()[1])
        if status != 200:
            tally.failures.append(f"{path}: HTTP {status}")
            return
        while (left := until - time.monotonic()) > 0:
            try:
                line = await asyncio.wait_for(reader.readline(), left)
            except TimeoutError:
                break
            if not line:
                tally.dropped_streams += 1
                return
            events += line.startswith(b"event: reload")
        writer.close()
    except (OSError, ValueError, IndexError) as exc:
        tally.failures.append(f"{path}: {type(exc).__name__} {exc}")
        return
    tally.reloads.append(events)


async def stalled_client(host: str, port: int, until: float, tally: Tally) -> None:
    """A client that sends half a request and then nothing, to the end of the run."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nX-Slow: ".encode())
    try:
        await asyncio.wait_for(reader.read(1), until - time.monotonic())
    except TimeoutError:
        tally.stalled_open += 1  # still held by the server at the end, as a real one would be
    writer.close()


async def editor(site: Path, every: float, until: float) -> int:
    """Touches an article every few seconds so that the server rebuilds under load."""
    articles = sorted((site / "content/articles").rglob("*.md"))
    edits = 0
    while every > 0 and articles and time.monotonic() + every < until:
        await asyncio.sleep(every)
        path = articles[edits % len(articles)]
        path.write_text(path.read_text(encoding="utf-8") + "\nПравка.\n", encoding="utf-8")
        edits += 1
    return edits


async def memory(pid: int, until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        tally.rss_kb.append(rss_kb(pid))
        await asyncio.sleep(1)
    tally.rss_kb.append(rss_kb(pid))


async def run_load(args: argparse.Namespace, site: Path, url: str, pid: int) -> tuple[Tally, int]:
    parts = urlsplit(url)
    host, port, base = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    paths = page_paths(site / "output", base)
    tally = Tally()
    until = time.monotonic() + args.seconds
    stalled = [asyncio.create_task(stalled_client(host, port, until, tally)) for _ in range(args.stalled)]  # fmt: skip
    await asyncio.sleep(0.5)
    # A fresh client while the stalled ones hold their sockets: one request, timed.
    probe = Tally()
    await page_client(host, port, paths[:1], time.monotonic() + 0.001, probe, args.timeout)
    tally.beside_stalled_ms = probe.latencies[0] * 1000 if probe.latencies else float("inf")
    tally.failures += probe.failures
    events = base + "__digest__/events"
    tasks = [reload_stream(host, port, events, until, tally) for _ in range(args.streams)]
    tasks += [page_client(host, port, paths, until, tally, args.timeout) for _ in range(args.clients)]  # fmt: skip
    tasks += [memory(pid, until, tally)]
    edit_task = asyncio.create_task(editor(site, args.edit_every, until))
    await asyncio.gather(*tasks, *stalled)
    return tally, await edit_task


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def report(args: argparse.Namespace, tally: Tally, edits: int) -> None:
    requests = len(tally.latencies)
    failures = len(tally.failures) + tally.dropped_streams
    mb = [kb / 1024 for kb in tally.rss_kb] or [0.0]
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")  # fmt: skip
    print(f"load: {args.clients} page clients, {args.streams} reload streams, {args.stalled} stalled clients, {args.seconds:g} s, {edits} edits")  # fmt: skip
    print(f"requests: {requests} ({requests / args.seconds:.0f}/s), failures: {failures}")
    print(
        f"latency ms: p50 {percentile(tally.latencies, 0.5):.1f}, p90 {percentile(tally.latencies, 0.9):.1f}, "
        f"p99 {percentile(tally.latencies, 0.99):.1f}, max {percentile(tally.latencies, 1):.1f}"
    )
    reloads = tally.reloads or [0]
    print(f"reload streams: {len(tally.reloads)} open to the end, {tally.dropped_streams} dropped; reload events per stream: {min(reloads)}..{max(reloads)}")  # fmt: skip
    print(f"stalled clients: {tally.stalled_open} of {args.stalled} still open at the end; a request beside them took {tally.beside_stalled_ms:.1f} ms")  # fmt: skip
    print(f"server RSS MB: start {mb[0]:.1f}, end {mb[-1]:.1f}, max {max(mb):.1f}")
    # One sample a second: every fifth shows whether memory settles once clients are connected.
    print("server RSS MB every 5 s: " + " ".join(f"{m:.1f}" for m in mb[::5]))
    for failure in tally.failures[:10]:
        print(f"failure: {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO, help="site to serve (copied first)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--stalled", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--edit-every", type=float, default=10, help="seconds; 0: no edits")
    parser.add_argument("--timeout", type=float, default=10, help="per request, seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-load-") as folder:
        site = copy_site(args.site.resolve(), Path(folder) / "site")
        server, url = start_server(site)
        try:
            print(f"command: {' '.join(sys.argv)}")
            print(f"server: {url}")
            tally, edits = asyncio.run(run_load(args, site, url, server.pid))
        finally:
            server.send_signal(signal.SIGTERM)  # SIGINT is ignored when started in the background
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    report(args, tally, edits)
    return 0 if not tally.failures and not tally.dropped_streams else 1


if __name__ == "__main__":
    sys.exit(main())
