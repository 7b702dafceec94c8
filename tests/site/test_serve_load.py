"""The preview server under a short load, through bench/serve_load.py (loopback only)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_a_short_load_has_no_failures_and_a_stalled_client_blocks_nobody() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "bench/serve_load.py",
            "--seconds",
            "4",
            "--clients",
            "20",
            "--streams",
            "5",
            "--stalled",
            "3",
            "--edit-every",
            "1",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=180,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert re.search(r"^server: http://127\.0\.0\.1:\d+/", out, re.M)
    requests, failures = map(int, re.search(r"^requests: (\d+) .*failures: (\d+)$", out, re.M).groups())  # type: ignore[union-attr]  # fmt: skip
    assert requests > 100 and failures == 0
    streams = re.search(r"^reload streams: (\d+) open to the end, (\d+) dropped; reload events per stream: (\d+)\.\.(\d+)$", out, re.M)  # fmt: skip
    assert streams is not None and streams.groups()[:2] == ("5", "0")
    assert int(streams.group(3)) >= 1  # every open tab heard about the edits
    beside = float(re.search(r"a request beside them took ([\d.]+) ms", out).group(1))  # type: ignore[union-attr]
    assert beside < 2000
    start, end, peak = map(float, re.search(r"^server RSS MB: start ([\d.]+), end ([\d.]+), max ([\d.]+)$", out, re.M).groups())  # type: ignore[union-attr]  # fmt: skip
    assert 0 < start <= peak and end <= peak
