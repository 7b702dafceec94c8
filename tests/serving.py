"""`digest serve` in a subprocess for tests: start it, read its output, stop it."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.render import PACKAGED_THEMES

ARTICLE = "content/articles/2025/03/strategicheskoe-partnerstvo-yaponiya-investiruet-v-razvitie-mongolii.md"
PAGE = "2025/03/strategicheskoe-partnerstvo-yaponiya-investiruet-v-razvitie-mongolii/"
STYLE = "themes/local/static/style.css"
SERVING = re.compile(r"^serving (http://\S+) \(Ctrl-C to stop\)$")


def with_local_theme(site: Path) -> Path:
    """The site using a theme of its own (the default's templates, an editable stylesheet)."""
    theme = site / "themes" / "local"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    shutil.copy(PACKAGED_THEMES / "default/static/style.css", theme / "static/style.css")
    config = site / "digest.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\ntheme = "local"\n', encoding="utf-8")
    return site


class Serve:
    """A running `digest serve --port 0` on a site, with its output collected line by line."""

    def __init__(self, site: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.site = site
        command = [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", "0"]
        self.process = subprocess.Popen(
            [*command, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        assert self.process.stdout and self.process.stderr
        for stream, lines in (
            (self.process.stdout, self.stdout),
            (self.process.stderr, self.stderr),
        ):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()
        self.url = self._wait_url()

    @staticmethod
    def _collect(stream: object, lines: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line.rstrip("\n"))

    def wait_for(self, lines: list[str], pattern: str, timeout: float = 15.0) -> str:
        """The first line matching pattern, waiting for it to be printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(lines):
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None and not any(re.search(pattern, x) for x in lines):
                break
            time.sleep(0.02)
        raise AssertionError(
            f"no line matching {pattern!r}; stdout={self.stdout} stderr={self.stderr}"
        )

    def _wait_url(self) -> str:
        line = self.wait_for(self.stdout, SERVING.pattern, timeout=60)
        match = SERVING.match(line)
        assert match
        return match.group(1)

    def stop(self) -> int:
        """Ctrl-C, then the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


@contextmanager
def serving(site: Path) -> Iterator[Serve]:
    """`digest serve` on the site, given a theme of its own; stopped (exit 0) afterwards."""
    running = Serve(with_local_theme(site))
    try:
        yield running
    finally:
        assert running.stop() == 0


class EventStream:
    """A raw Server-Sent Events connection to `<base>__digest__/events`, parsing events."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=15)
        request = f"GET {parts.path}__digest__/events HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n"
        self.sock.sendall(request.encode())
        self.buffer = b""

    def next(self, name: str) -> dict[str, Any]:
        """The data of the next event called name (others are skipped)."""
        while True:
            while b"\n\n" not in self.buffer:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError("stream closed")
                self.buffer += chunk
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            lines = block.decode().splitlines()
            event = next((ln[7:] for ln in lines if ln.startswith("event: ")), None)
            if event == name:
                data: dict[str, Any] = json.loads(
                    next(ln[6:] for ln in lines if ln.startswith("data: "))
                )
                return data

    def close(self) -> None:
        self.sock.close()
