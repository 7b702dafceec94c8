"""Everyday commands: build options, drafts, future articles, new, help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import COMMANDS, main, make_parser
from tests.conftest import SiteWriter, article
from tests.linkcheck import parse


def test_build_prints_a_one_line_summary(demo_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["build", "--site", str(demo_site)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("built ") and "written" in out[0] and "unchanged" in out[0]
    assert "removed" in out[0] and out[0].endswith(" s")


def test_drafts_only_with_the_flag(make_site: SiteWriter) -> None:
    site = make_site({"articles/d.md": article("Черновик", draft=True), "articles/p.md": article("Готово", date="2025-03-07")})  # fmt: skip
    main(["build", "--site", str(site)])
    assert not (site / "output/2025/03/chernovik").exists()
    main(["build", "--site", str(site), "--drafts"])
    assert (site / "output/2025/03/chernovik/index.html").is_file()


def test_future_articles_are_built_and_warned_about(make_site: SiteWriter, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"articles/f.md": article("Из будущего", date="2999-01-01T00:00:00+03:00")})
    assert main(["build", "--site", str(site)]) == 0
    err = capsys.readouterr().err
    assert "f.md: dated in the future" in err
    assert (site / "output/2999/01/iz-budushchego/index.html").is_file()


def test_base_url_override(demo_site: Path) -> None:
    main(["build", "--site", str(demo_site), "--base-url", "https://user.github.io/news"])
    soup = parse(demo_site / "output/index.html")
    assert soup.select_one("a.brand")["href"] == "/news/"
    assert soup.select_one('link[rel="canonical"]')["href"] == "https://user.github.io/news/"


def test_new_creates_a_dated_article_that_builds(demo_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["new", "Новая статья о Монголии", "--site", str(demo_site)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_file() and path.name == "novaya-statya-o-mongolii.md"
    text = path.read_text(encoding="utf-8")
    assert "title: Новая статья о Монголии" in text and "slug: novaya-statya-o-mongolii" in text
    assert "+08:00" in text  # the demo site's time zone
    assert main(["new", "Новая статья о Монголии", "--site", str(demo_site)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["build", "--site", str(demo_site)]) == 0


def test_english_site(make_site: SiteWriter) -> None:
    site = make_site(
        {"articles/a.md": article("Hello", countries=["Japan"])}, config='language = "en"\n'
    )
    main(["build", "--site", str(site)])
    soup = parse(next((site / "output/2025").rglob("index.html")))
    assert soup.html["lang"] == "en"
    assert soup.select_one(".byline time").get_text() == "6 March 2025, 15:44"
    assert "Countries" in soup.select_one(".masthead").get_text()


def test_a_site_defined_taxonomy_gets_its_pages(make_site: SiteWriter) -> None:
    config = '[[taxonomies]]\nname = "regions"\ntitle = "Регионы"\n[[taxonomies]]\nname = "tags"\n'
    site = make_site(
        {"articles/a.md": article("Сибирь", regions=["Восточная Сибирь"])}, config=config
    )
    assert main(["build", "--site", str(site)]) == 0
    soup = parse(site / "output/regions/index.html")
    assert soup.select_one(".term-list a")["href"] == "/regions/vostochnaya-sibir/"
    assert (site / "output/regions/vostochnaya-sibir/index.html").is_file()


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c in make_parser()._subparsers._group_actions[0].choices]
)  # type: ignore[union-attr]
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", command, "--help"], capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0
    assert "usage: digest " + command in result.stdout
