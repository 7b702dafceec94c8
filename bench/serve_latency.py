"""Preview latency: from saving a file to the new page served and to the reload event.

    python bench/serve_latency.py [--articles 10000] [--edits 20] [--template-edits 20]

Writes a generated site (bench/corpus.py), times one cold `digest build` (the figure the
template edits are compared with, divided by 3), then starts `digest serve` and:
  - edits one article's body again and again: save-to-served is the time until the
    article's URL returns the new text over HTTP; save-to-reload the time until the
    server's Server-Sent Events stream sends `reload` naming that page;
  - edits the site's article template (every article page uses it) the same way: the
    reload event comes once every page has been rewritten.
Prints p50 and p95 of each.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import write_site  # noqa: E402
from generator.render import PACKAGED_THEMES  # noqa: E402

DIGEST = [sys.executable, "-m", "generator"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Events(threading.Thread):
    """Reads the server's event stream; each reload lands in a queue with its arrival time."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = urlsplit(url)
        self.reloads: queue.Queue[tuple[float, list[str]]] = queue.Queue()
        self.ready = threading.Event()
        self.connection = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=3600)

    def close(self) -> None:
        """Drop the stream, so the server can stop without waiting for it."""
        try:
            if self.connection.sock is not None:
                self.connection.sock.shutdown(2)
        except OSError:
            pass
        self.connection.close()

    def run(self) -> None:
        self.connection.request("GET", self.url.path, headers={"Accept": "text/event-stream"})
        response = self.connection.getresponse()
        self.ready.set()
        event = ""
        while True:
            try:
                line = response.readline()
            except (OSError, ValueError):
                return
            if not line:
                return
            text = line.decode("utf-8").rstrip("\r\n")
            if text.startswith("event:"):
                event = text.split(":", 1)[1].strip()
            elif text.startswith("data:") and event == "reload":
                paths = json.loads(text.split(":", 1)[1]).get("paths", [])
                self.reloads.put((time.perf_counter(), paths))
            elif not text:
                event = ""

    def wait_for(self, path: str, since: float, timeout: float) -> float:
        """Seconds from `since` to the first reload naming path."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SystemExit(f"no reload event for {path} within {timeout} s")
            try:
                moment, paths = self.reloads.get(timeout=left)
            except queue.Empty:
                continue
            if moment >= since and path in paths:
                return moment - since


def served(url: str, marker: str, since: float, timeout: float) -> float:
    """Seconds from `since` until the page at url contains marker."""
    deadline = since + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
                if marker in response.read().decode("utf-8"):
                    return time.perf_counter() - since
        except OSError:
            pass
        time.sleep(0.002)
    raise SystemExit(f"{url} did not show {marker!r} within {timeout} s")


def start_server(site: Path) -> tuple[subprocess.Popen[str], str]:
    """`digest serve` on a free port; its URL once the first build is done."""
    command = [*DIGEST, "serve", "--site", str(site), "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(
        command, cwd=HERE.parent, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("serving "):
            return process, line.split()[1]
    raise SystemExit("digest serve stopped before serving")


def drain(process: subprocess.Popen[str]) -> None:
    """Keep reading the server's output, so its one line per rebuild never blocks it."""
    assert process.stdout is not None
    threading.Thread(target=process.stdout.read, daemon=True).start()


def article_page(site: Path, path: Path) -> str:
    """The output path of an article written by bench/corpus.py (YYYY/MM/slug/)."""
    relative = path.relative_to(site / "content" / "articles")
    return f"{relative.parent.as_posix()}/{relative.stem}/index.html"


def edit_article(path: Path, marker: str) -> None:
    text = path.read_text("utf-8")
    head, _, body = text.partition("\n---\n")
    lines = body.rstrip("\n").split("\n")
    if lines and lines[-1].startswith("Маркер "):
        lines = lines[:-2]
    path.write_text(head + "\n---\n" + "\n".join(lines) + f"\n\nМаркер {marker}\n", "utf-8")


def edit_template(path: Path, marker: str) -> None:
    """Put a new marker at the start of the template's main block (outside it, a child
    template's text is never rendered)."""
    text = re.sub(r"<!-- marker [^>]* -->", "", path.read_text("utf-8"))
    block = "{% block main %}"
    assert block in text, f"{path} has no {block}"
    path.write_text(text.replace(block, f"{block}<!-- marker {marker} -->", 1), "utf-8")


def measure(
    count: int, edit: Callable[[str], None], url: str, page: str, events: Events, timeout: float
) -> tuple[list[float], list[float]]:
    """Save-to-served and save-to-reload times over `count` edits."""
    to_served, to_reload = [], []
    for number in range(count):
        marker = f"{number}-{time.time_ns()}"
        since = time.perf_counter()
        edit(marker)
        to_served.append(served(url, marker, since, timeout))
        to_reload.append(events.wait_for(page, since, timeout))
        print(
            f"  edit {number + 1}: served {to_served[-1] * 1000:.0f} ms, "
            f"reload {to_reload[-1] * 1000:.0f} ms",
            flush=True,
        )
        time.sleep(0.3)  # let the watcher settle, as between an editor's saves
    return to_served, to_reload


def line(name: str, values: list[float]) -> str:
    return (
        f"| {name} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
        f"{percentile(values, 0.95) * 1000:.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--template-edits", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/digest-latency"))
    args = parser.parse_args(argv)
    site = write_site(args.work / f"site-{args.articles}", args.articles, seed=2)
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".digest-cache", ignore_errors=True)
    template = site / "templates" / "article.html"
    template.parent.mkdir(exist_ok=True)
    shutil.copy(PACKAGED_THEMES / "default" / "templates" / "article.html", template)
    started = time.perf_counter()
    subprocess.run([*DIGEST, "build", "--site", str(site)], cwd=HERE.parent, check=True)
    cold = time.perf_counter() - started
    print(f"cold build: {cold:.2f} s", flush=True)

    files = sorted((site / "content" / "articles").rglob("*.md"))
    target = files[len(files) // 2]
    page = article_page(site, target)
    assert (site / "output" / page).is_file(), page
    server, url = start_server(site)
    drain(server)
    events = Events(url + "__digest__/events")
    try:
        events.start()
        events.ready.wait(30)
        article_times = measure(
            args.edits,
            lambda m: edit_article(target, m),
            url + page[: -len("index.html")],
            page,
            events,
            60,
        )
        other = files[len(files) // 3]
        other_page = article_page(site, other)
        template_times = measure(
            args.template_edits,
            lambda m: edit_template(template, m),
            url + other_page[: -len("index.html")],
            other_page,
            events,
            600,
        )
    finally:
        events.close()
        server.send_signal(signal.SIGTERM)  # SIGINT is ignored when started in the background
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"command: python bench/serve_latency.py {' '.join(argv or sys.argv[1:])}")
    print(f"cold build of {args.articles:,} articles: {cold:.2f} s (/3 = {cold / 3:.2f} s)\n")
    print("| edit | edits | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    print(line("article: save to served", article_times[0]))
    print(line("article: save to reload event", article_times[1]))
    print(line("template: save to served (one article page)", template_times[0]))
    print(line("template: save to reload event (all pages written)", template_times[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
