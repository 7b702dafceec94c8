"""Broken sites: each gives the exact error, a non-zero exit and no output written."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main
from tests.conftest import SiteWriter, article


def run_build(site: Path, capsys, *extra: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["build", "--site", str(site), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_bad_file_is_reported_in_one_run(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {
            "articles/good.md": article("Хорошая"),
            "articles/no-title.md": "---\ndate: 2025-01-01\n---\nтекст\n",
            "articles/bad-date.md": "---\ntitle: x\ndate: 31.02.2025\n---\n",
            "articles/list.md": "---\ntitle: x\ndate: 2025-01-01\nauthor: [a, b]\n---\n",
            "articles/yaml.md": "---\ntitle: 'x\n---\n",
        }
    )
    code, _, err = run_build(site, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 4
    expected = {
        "no-title.md": "title: missing",
        "bad-date.md": "date: not an ISO 8601 date",
        "list.md": "author: expected text, got a list",
        "yaml.md": "not valid YAML",
    }
    for name, why in expected.items():
        assert any(name in line and why in line for line in lines), (name, lines)
    assert "Traceback" not in err
    assert not (site / "output").exists()


def test_bad_config_is_one_line_per_problem(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({}, config='colour = "red"\narticles_per_page = 0\n')
    code, _, err = run_build(site, capsys)
    assert code == 1
    assert "unknown key 'colour'" in err and "'articles_per_page' must be at least 1" in err
    assert "digest.toml" in err


def test_not_utf8_article(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    path = site / "content/articles/cp1251.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("---\ntitle: Привет\ndate: 2025-01-01\n---\n".encode("cp1251"))
    code, _, err = run_build(site, capsys)
    assert code == 1 and "cp1251.md: not UTF-8 text" in err


def test_static_page_cannot_take_a_section_path(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"pages/archive.md": "---\ntitle: Архив\n---\n"})
    code, _, err = run_build(site, capsys)
    assert code == 1 and "content/pages/archive.md" in err and "reserved" in err


def test_missing_theme(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({}, config='theme = "nope"\n')
    code, _, err = run_build(site, capsys)
    assert code == 1 and "theme 'nope' not found" in err
