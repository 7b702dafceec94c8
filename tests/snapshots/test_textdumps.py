"""Cleaned text dumps compared to golden Markdown files in tests/snapshots/textdumps/.

Regenerate them with:  UPDATE_SNAPSHOTS=1 python -m pytest tests/snapshots/test_textdumps.py
then review the diff (git diff tests/snapshots/) before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.commands.clean import as_json
from generator.contentfile import dump_front_matter
from generator.scrape.pipeline import Input, make_cleaner

DUMPS = Path(__file__).resolve().parents[1] / "data" / "textdumps"
GOLDEN = Path(__file__).resolve().parent / "textdumps"
NAMES = sorted(p.name for p in DUMPS.glob("*.txt"))


def render(path: Path) -> str:
    """The cleaned dump as front-matter (every JSON field but the body) and Markdown body."""
    cleaner = make_cleaner(None)
    try:
        data = as_json(cleaner.clean(Input(str(path), path=path)))
    finally:
        assert cleaner.fetcher is not None
        cleaner.fetcher.close()
    body = data.pop("markdown")
    data.pop("text")
    return dump_front_matter(data, body)


@pytest.mark.parametrize("name", NAMES)
def test_textdump_snapshot(name: str) -> None:
    golden = GOLDEN / name.replace(".txt", ".md")
    actual = render(DUMPS / name)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no snapshot yet: run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert actual == golden.read_text(encoding="utf-8")
