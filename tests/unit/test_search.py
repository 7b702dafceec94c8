"""The search stage: finding Pagefind, indexing a folder of HTML, and doing without."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.search import find_pagefind, index_site

PAGE = """<!DOCTYPE html><html lang="ru"><head><title>{title}</title></head><body>
<nav>Меню сайта</nav><article data-pagefind-body><h1>{title}</h1><p>{text}</p></article>
</body></html>"""


def site(tmp_path: Path, **values: object) -> SiteConfig:
    return SiteConfig(root=tmp_path, title="t", **values)  # type: ignore[arg-type]


def write_pages(output: Path, pages: dict[str, tuple[str, str]]) -> None:
    for path, (title, text) in pages.items():
        target = output / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(title=title, text=text), encoding="utf-8")


def test_pagefind_binary_path_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    assert find_pagefind() == binary
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    assert find_pagefind() is None


def test_the_package_brings_a_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    found = find_pagefind()
    assert found is not None and found.is_file()


def test_index_counts_pages_and_leaves_nothing_beside_the_output(tmp_path: Path) -> None:
    output = tmp_path / "output"
    write_pages(output, {"a": ("Монголия", "Грант Монголии."), "b": ("Япония", "Токио.")})
    (output / "pagefind").mkdir()
    (output / "pagefind" / "stale.txt").write_text("old index")
    result = index_site(site(tmp_path), output)
    assert result.warning is None and result.indexed == 2
    assert not (output / "pagefind" / "stale.txt").exists()
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["ru"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_search_turned_off_removes_an_old_index(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "pagefind").mkdir(parents=True)
    result = index_site(site(tmp_path, search=False), output)
    assert result.warning is None and result.indexed == 0
    assert not (output / "pagefind").exists()
