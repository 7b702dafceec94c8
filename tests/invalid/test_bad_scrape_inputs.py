"""Broken profiles, data files and pages: one line naming the file and the problem, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

DUMP = Path(__file__).resolve().parents[1] / "data" / "textdumps" / "000_ec5c70cd512d5d58.txt"


def articles(site: Path) -> list[Path]:
    return sorted((site / "content").rglob("*.md")) if (site / "content").exists() else []


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("profiles/bad.toml", "name = [", "profiles/bad.toml: not valid TOML"),
        ("profiles/bad.toml", "[text]\nend = ['(unclosed']\n", "'text.end' has an invalid pattern"),
        ("profiles/bad.toml", "colour = 'red'\n", "unknown key 'colour'"),
        (
            "countries.toml",
            '"Монголия" = { forms = "не список" }\n',
            "countries.toml: 'Монголия.forms' must be a list of text",
        ),  # fmt: skip
        (
            "topics.toml",
            '[topics."X"]\nkeywords = ["a"]\nwhat = 1\n',
            "topics.toml: 'X': unknown key 'what'",
        ),  # fmt: skip
    ],
)
def test_bad_site_data_stops_the_run(make_site, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({})
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text, encoding="utf-8")
    assert main(["scrape", "--site", str(site), str(DUMP)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert len(err.splitlines()) == 1
    assert articles(site) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no title found"),
        ("Заголовок статьи\n\nДобавить комментарий\n", "no article text found"),
        ("- Телеграм\n- ВКонтакте\n", "no title found"),
    ],
)
def test_pages_without_an_article(make_site, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, reason: str) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({})
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    assert main(["scrape", "--site", str(site), str(page)]) == 1
    assert capsys.readouterr().err == f"failed: {page}: {reason}\n"
    assert articles(site) == []


def test_binary_junk_is_a_failure_not_a_crash(make_site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({})
    page = tmp_path / "junk.txt"
    page.write_bytes(bytes(range(256)) * 40)
    assert main(["scrape", "--site", str(site), str(page)]) == 1
    assert capsys.readouterr().err.startswith(f"failed: {page}: ")
    assert articles(site) == []
