"""Cleaned Russian pages compared with their golden Markdown (regen_extraction rewrites them)."""

from __future__ import annotations

import pytest

from tests.snapshots.regen_extraction import GOLDEN, NAMES, render


@pytest.mark.parametrize("name", NAMES)
def test_cleaned_page_matches_its_snapshot(name: str) -> None:
    expected = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    assert render(name) == expected, (
        f"{name}: output changed; run `python -m tests.snapshots.regen_extraction` and review the diff"
    )
