"""`digest clean` and `digest scrape` end to end: the samples, re-runs, edits, failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.cli import main
from generator.contentfile import parse_article
from tests.httpserver import Reply, Server

DUMPS = Path(__file__).resolve().parents[1] / "data" / "textdumps"
MONGOLIA = str(DUMPS / "000_ec5c70cd512d5d58.txt")
UZBEKISTAN = str(DUMPS / "003_4558b425ee2d5e55.txt")
KEYS = ["title", "author", "date", "tags", "topics", "countries", "views", "source",
        "source_url", "lang", "summary", "text", "markdown"]  # fmt: skip
FAST = "[scrape]\ndelay = 0\nretries = 0\n"


def clean_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code = main(["clean", "--format", "json", *args])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_clean_json_of_the_babr24_sample(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, [data] = clean_json(capsys, "--site", str(tmp_path), MONGOLIA)
    assert code == 0
    assert list(data) == KEYS
    assert data["title"] == "Стратегическое партнерство: Япония инвестирует в развитие Монголии"
    assert data["author"] == "Эрнест Баатырев"
    assert data["date"] == "2025-03-06T15:44+08:00"
    assert data["tags"] == ["благоустройство", "общество", "политика", "монголия"]
    assert data["views"] == 578
    assert data["source"] == "Babr24.com"
    assert data["source_url"] == "https://babr24.com/?IDE=274354"
    assert data["countries"] == ["Монголия", "Япония"]
    assert data["lang"] == "ru"
    assert data["summary"] is None
    assert data["text"].startswith("Япония выделит Монголии")
    assert data["text"].endswith("взаимовыгодных отношений.")
    assert "но судьба остальных остается неизвестной" in data["text"]
    assert "Иваэ\n" not in data["text"] and "Фото" not in data["text"]
    assert data["text"].count("\n\n") == 6 and "\n\n\n" not in data["text"]


def test_clean_json_of_the_wordpress_sample(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, [data] = clean_json(capsys, "--site", str(tmp_path), UZBEKISTAN)
    assert code == 0
    assert data["title"] == "Узбекско-японское сотрудничество в современных условиях: достижения и перспективы"  # fmt: skip
    assert (data["author"], data["date"], data["views"]) == (None, None, None)
    assert data["countries"] == ["Узбекистан", "Япония"]
    assert data["text"].startswith("Узбекско-японские отношения прошли")
    assert data["text"].endswith("политической сферах.")


def test_clean_json_one_line_per_input_and_failures_in_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # fmt: skip
    missing = str(tmp_path / "missing.txt")
    code, rows = clean_json(capsys, "--site", str(tmp_path), UZBEKISTAN, missing, "ftp://x/y", MONGOLIA)  # fmt: skip
    assert code == 1
    assert [r.get("title", "")[:5] for r in rows] == ["Узбек", "", "", "Страт"]
    assert rows[1] == {"input": missing, "error": "no such file or folder"}
    assert rows[2] == {"input": "ftp://x/y", "error": "only http and https URLs can be fetched"}


def test_clean_markdown_is_what_scrape_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_site: Path) -> None:  # fmt: skip
    assert main(["clean", "--site", str(demo_site), MONGOLIA]) == 0
    printed = capsys.readouterr().out
    written = next((demo_site / "content/articles/2025/03").glob("strategicheskoe*.md"))
    assert printed == written.read_text(encoding="utf-8")


def scrape(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["scrape", "--site", str(site), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_scrape_the_samples_twice(make_site, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    site = make_site({}, config=FAST)
    code, out, err = scrape(site, capsys, MONGOLIA, UZBEKISTAN)
    assert code == 0
    assert (
        out.splitlines()[-1] == "2 inputs: 2 written, 0 updated, 0 unchanged, 0 skipped, 0 failed"
    )
    assert "the page gives no date" in err and "\r" not in err
    files = sorted((site / "content/articles").rglob("*.md"))
    snapshot = {p: p.read_bytes() for p in files}
    code, out, err = scrape(site, capsys, MONGOLIA, UZBEKISTAN)
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[-1] == "2 inputs: 0 written, 0 updated, 2 unchanged, 0 skipped, 0 failed"
    )
    assert {p: p.read_bytes() for p in sorted((site / "content/articles").rglob("*.md"))} == snapshot  # fmt: skip
    assert build(BuildOptions(root=site)).pages > 5


def test_the_demo_articles_are_what_scrape_makes(demo_site: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    shutil.rmtree(demo_site / ".digest-cache", ignore_errors=True)
    before = {p: p.read_bytes() for p in (demo_site / "content").rglob("*.md")}
    code, out, _ = scrape(demo_site, capsys, MONGOLIA, UZBEKISTAN)
    assert code == 0 and "2 unchanged" in out
    assert {p: p.read_bytes() for p in (demo_site / "content").rglob("*.md")} == before


def test_an_edited_article_survives_a_rescrape(make_site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({}, config=FAST)
    scrape(site, capsys, MONGOLIA)
    path = next((site / "content/articles").rglob("*.md"))
    edited = path.read_text(encoding="utf-8").replace("безвозмездный грант", "грант (правка)")
    path.write_text(edited, encoding="utf-8")
    code, out, err = scrape(site, capsys, MONGOLIA)
    assert code == 0 and "1 unchanged" in out
    assert path.read_text(encoding="utf-8") == edited
    # The source changes (more views): the edit still stays, and the conflict is reported.
    newer = tmp_path / "newer.txt"
    newer.write_text(Path(MONGOLIA).read_text(encoding="utf-8").replace("👁 578", "👁 600"), encoding="utf-8")  # fmt: skip
    code, out, err = scrape(site, capsys, str(newer))
    assert code == 0 and "1 skipped" in out
    assert f"skipped: {newer}: conflict" in err and "views" in err
    assert path.read_text(encoding="utf-8") == edited


def test_views_refresh_in_an_untouched_file(make_site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({}, config=FAST)
    scrape(site, capsys, MONGOLIA)
    path = next((site / "content/articles").rglob("*.md"))
    before = path.read_text(encoding="utf-8")
    newer = tmp_path / "newer.txt"
    newer.write_text(Path(MONGOLIA).read_text(encoding="utf-8").replace("👁 578", "👁 600"), encoding="utf-8")  # fmt: skip
    code, out, _ = scrape(site, capsys, str(newer))
    assert "updated content/articles/2025/03/" in out and "1 updated" in out
    assert path.read_text(encoding="utf-8") == before.replace("views: 578", "views: 600")


def test_dry_run_folder_and_list_inputs(make_site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({}, config=FAST)
    folder = tmp_path / "dumps"
    folder.mkdir()
    shutil.copy(MONGOLIA, folder / "a.txt")
    listing = tmp_path / "list.txt"
    listing.write_text(f"# samples\n{UZBEKISTAN}\n\n", encoding="utf-8")
    code, out, _ = scrape(site, capsys, "--dry-run", str(folder), "--list", str(listing))
    assert code == 0
    assert "would write content/articles/2025/03/strategicheskoe" in out
    assert out.splitlines()[-1] == "dry run: 2 inputs: 2 written, 0 updated, 0 unchanged, 0 skipped, 0 failed (nothing was written)"  # fmt: skip
    assert not (site / "content").exists()


def test_failures_are_one_line_each_and_the_run_goes_on(make_site, capsys: pytest.CaptureFixture[str], http_server: Server) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    site = make_site({}, config=FAST)
    http_server.routes["/pdf"] = Reply(body=b"%PDF", headers={"Content-Type": "application/pdf"})
    missing, pdf = http_server.url("/missing"), http_server.url("/pdf")
    code, out, err = scrape(site, capsys, missing, MONGOLIA, pdf, "nowhere.txt")
    assert code == 1
    assert err.splitlines() == [
        f"failed: {missing}: HTTP 404 Not Found",
        f"failed: {pdf}: not an HTML page (Content-Type: application/pdf)",
        "failed: nowhere.txt: no such file or folder",
    ]
    assert (
        out.splitlines()[-1] == "4 inputs: 1 written, 0 updated, 0 unchanged, 0 skipped, 3 failed"
    )


def test_scrape_needs_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scrape", "--site", str(tmp_path), MONGOLIA]) == 1
    assert "digest.toml: not found" in capsys.readouterr().err


CP1251_PAGE = """<!doctype html><html lang="ru"><head><meta charset="windows-1251">
<title>Монголия получит грант</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Монголия получит грант",
"datePublished": "2025-03-06T15:44:00+08:00", "author": {"@type": "Person", "name": "Эрнест Баатырев"}}</script>
</head><body><nav><a href="/">Главная</a></nav><article><h1>Монголия получит грант</h1>
<p>Япония выделит Монголии безвозмездный грант на сумму 3,7 миллиона долларов для реализации инфраструктурных проектов в Улан-Баторе и других городах страны.</p>
<p>Эти средства пойдут на модернизацию экологического мониторинга и развитие коммунальных систем Монголии, сообщили в посольстве Японии.</p>
</article><footer>Контакты редакции</footer></body></html>"""


def test_html_pages_through_the_cli(make_site, capsys: pytest.CaptureFixture[str], http_server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    pytest.importorskip("generator.scrape.extract")
    saved = tmp_path / "page.html"
    saved.write_bytes(CP1251_PAGE.encode("cp1251"))
    http_server.routes["/news/1"] = Reply(body=CP1251_PAGE.encode("cp1251"), headers={"Content-Type": "text/html; charset=windows-1251"})  # fmt: skip
    url = http_server.url("/news/1")
    code, rows = clean_json(capsys, "--site", str(make_site({}, config=FAST)), str(saved), url)
    assert code == 0
    for row in rows:
        assert row["title"] == "Монголия получит грант"
        assert row["author"] == "Эрнест Баатырев"
        assert row["date"] == "2025-03-06T15:44+08:00"
        assert row["text"].startswith("Япония выделит Монголии")
        assert "Главная" not in row["text"] and "Контакты" not in row["text"]
        assert "Монголия" in row["countries"]
    assert rows[1]["source_url"] == url


def test_scraped_file_parses_back(make_site, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    site = make_site({}, config=FAST)
    scrape(site, capsys, MONGOLIA)
    path = next((site / "content/articles").rglob("*.md"))
    article, errors = parse_article(path.read_text(encoding="utf-8"), str(path), ZoneInfo("UTC"))
    assert errors == [] and article is not None
    assert article.countries == ("Монголия", "Япония") and article.views == 578


def test_a_rescrape_of_urls_uses_the_cache(make_site, capsys: pytest.CaptureFixture[str], http_server: Server) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    pytest.importorskip("generator.scrape.extract")
    site = make_site({}, config=FAST)
    http_server.routes["/news/1"] = Reply(body=CP1251_PAGE.encode("cp1251"), headers={"Content-Type": "text/html; charset=windows-1251"})  # fmt: skip
    url = http_server.url("/news/1")
    assert scrape(site, capsys, url)[0] == 0
    code, out, _ = scrape(site, capsys, url)
    assert code == 0 and "1 unchanged" in out
    assert len(http_server.hits("/news/1")) == 1
    scrape(site, capsys, "--refresh", url)
    assert len(http_server.hits("/news/1")) == 2


def test_json_dates_keep_seconds_only_when_there_are_some() -> None:
    from datetime import datetime

    from generator.commands.clean import iso_date

    assert iso_date(datetime.fromisoformat("2025-03-06T15:44:00+08:00")) == "2025-03-06T15:44+08:00"
    assert iso_date(datetime.fromisoformat("2025-03-06T15:44:07+03:00")) == "2025-03-06T15:44:07+03:00"  # fmt: skip


def test_an_article_file_is_not_a_page(capsys: pytest.CaptureFixture[str], demo_site: Path) -> None:
    article = next((demo_site / "content/articles").rglob("*.md"))
    code, [row] = clean_json(capsys, "--site", str(demo_site), str(article))
    assert code == 1 and "has front-matter" in row["error"]


def test_clean_markdown_dates_an_undated_page_in_the_site_zone(capsys: pytest.CaptureFixture[str], demo_site: Path) -> None:  # fmt: skip
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    assert main(["clean", "--site", str(demo_site), UZBEKISTAN]) == 0
    article, errors = parse_article(capsys.readouterr().out, "x.md", ZoneInfo("UTC"))
    assert errors == [] and article is not None
    assert article.date.utcoffset() == timedelta(hours=8)  # the demo digest is in Irkutsk
