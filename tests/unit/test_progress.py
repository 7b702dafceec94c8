"""The progress bar: drawn on a terminal, sparse lines in a log, silent for short runs."""

from __future__ import annotations

import io

from generator.scrape.progress import MANY, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_for_a_short_run_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(3, stream)
    for _ in range(3):
        progress.step("x")
    progress.clear()
    assert stream.getvalue() == ""


def test_bar_on_a_terminal() -> None:
    stream = Terminal()
    progress = Progress(4, stream)
    progress.step("https://example.org/a")
    assert "\r[#######-----" in stream.getvalue() and "1/4" in stream.getvalue()


def test_plain_lines_in_a_log_for_a_long_run() -> None:
    stream = io.StringIO()
    progress = Progress(MANY, stream)
    for _ in range(MANY):
        progress.step()
    lines = stream.getvalue().splitlines()
    assert lines[0] == f"1/{MANY} done" and lines[-1] == f"{MANY}/{MANY} done"
    assert "\r" not in stream.getvalue()
