"""The build benchmark runs end to end on a small corpus (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_build_bench_smoke(tmp_path: Path) -> None:
    command = [sys.executable, "bench/build.py", "--sizes", "100", "200", "--runs", "1"]
    command += ["--tools", "digest", "--work", str(tmp_path)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    rows = {
        line.split("|")[1].strip(): line for line in done.stdout.splitlines() if "| digest" in line
    }
    assert set(rows) == {"digest cold", "digest warm", "digest edit"}
    assert "0 files written" in done.stdout  # the warm build wrote nothing
    assert "digest cold: 100 → 200 articles" in done.stdout  # growth against linear
    assert (tmp_path / "digest-200" / "output" / "index.html").is_file()
    assert len(list((tmp_path / "digest-200" / "content").rglob("*.md"))) == 200
