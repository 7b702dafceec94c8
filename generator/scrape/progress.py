"""A progress bar on stderr for long runs: redrawn on a terminal, a line now and then in a log."""

from __future__ import annotations

import sys
import time
from typing import TextIO

MANY = 20  # below this many inputs, and not on a terminal, there is no progress output
LOG_EVERY = 10.0  # seconds between two progress lines in a log


class Progress:
    """Counts finished inputs out of a total."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.tty = self.stream.isatty()
        self.enabled = total > 1 and (self.tty or total >= MANY)
        self._last = 0.0

    def step(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[-40:]:<40}")
            self.stream.flush()
        elif now - self._last >= LOG_EVERY or self.done == self.total:
            self.stream.write(f"{self.done}/{self.total} done\n")
            self.stream.flush()
            self._last = now

    def clear(self) -> None:
        """Erase the bar so the next message starts on a clean line."""
        if self.enabled and self.tty:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()
