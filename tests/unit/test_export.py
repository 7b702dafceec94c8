"""Export: new files, refreshes, conflicts with an editor, same slugs, near-duplicates."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from generator.config import load_config
from generator.model import Article
from generator.scrape.export import Exporter, ExportItem

NOW = datetime.fromisoformat("2025-04-01T10:00:00+03:00")
BODY = " ".join(f"Предложение номер {n} о сотрудничестве Японии и Монголии." for n in range(40))
ARTICLE = Article(
    title="Япония и Монголия",
    date=datetime.fromisoformat("2025-03-06T15:44:00+08:00"),
    body=BODY,
    views=578,
    source_url="https://babr24.com/?IDE=1",
)


def exporter(site: Path, dry_run: bool = False) -> Exporter:
    return Exporter(load_config(site), NOW, dry_run=dry_run)


def run(site: Path, *articles: Article, dry_run: bool = False) -> list[tuple[str, str]]:
    ex = exporter(site, dry_run)
    try:
        outcomes = [ex.export(ExportItem(a)) for a in articles]
    finally:
        ex.close()
    return [(o.action, o.path.relative_to(site).as_posix() if o.path else "") for o in outcomes]


def test_new_article_goes_to_year_month_slug(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    assert run(site, ARTICLE) == [("written", "content/articles/2025/03/yaponiya-i-mongoliya.md")]
    text = (site / "content/articles/2025/03/yaponiya-i-mongoliya.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Япония и Монголия\n")
    assert not list(site.rglob(".*.tmp"))


def test_rerun_changes_nothing(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    run(site, ARTICLE)
    path = site / "content/articles/2025/03/yaponiya-i-mongoliya.md"
    before = path.stat().st_mtime_ns
    assert run(site, ARTICLE) == [("unchanged", "content/articles/2025/03/yaponiya-i-mongoliya.md")]
    assert path.stat().st_mtime_ns == before


def test_views_are_refreshed_and_nothing_else_moves(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    run(site, ARTICLE)
    path = site / "content/articles/2025/03/yaponiya-i-mongoliya.md"
    before = path.read_text(encoding="utf-8")
    assert run(site, replace(ARTICLE, views=600))[0][0] == "updated"
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("views: 578", "views: 600")


def test_source_text_change_refreshes_an_untouched_file_and_stamps_updated(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    run(site, ARTICLE)
    run(site, replace(ARTICLE, body=BODY + " Дополнение."))
    text = (site / "content/articles/2025/03/yaponiya-i-mongoliya.md").read_text(encoding="utf-8")
    assert "Дополнение." in text
    assert "updated: '2025-04-01T10:00:00+03:00'" in text


def test_an_edited_file_is_never_overwritten(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    run(site, ARTICLE)
    path = site / "content/articles/2025/03/yaponiya-i-mongoliya.md"
    edited = path.read_text(encoding="utf-8").replace("Предложение номер 3", "Правка редактора")
    path.write_text(edited, encoding="utf-8")
    ex = exporter(site)
    outcome = ex.export(ExportItem(replace(ARTICLE, views=700)))
    ex.close()
    assert outcome.action == "skipped"
    assert "conflict" in outcome.note and "views" in outcome.note
    assert path.read_text(encoding="utf-8") == edited
    # The source has nothing new: the edit simply stands.
    assert run(site, ARTICLE)[0][0] == "unchanged"
    assert path.read_text(encoding="utf-8") == edited


def test_a_file_the_scraper_did_not_write_is_kept(make_site) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import article

    site = make_site({"articles/mine.md": article("Моя статья", body=BODY, source_url=ARTICLE.source_url)})  # fmt: skip
    assert run(site, ARTICLE)[0] == ("skipped", "content/articles/mine.md")
    assert "Моя статья" in (site / "content/articles/mine.md").read_text(encoding="utf-8")


def test_same_slug_different_articles_get_two_files(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    other = replace(ARTICLE, body="Совсем другой текст о другом событии. " * 30, source_url="https://babr24.com/?IDE=2")  # fmt: skip
    assert run(site, ARTICLE, other) == [
        ("written", "content/articles/2025/03/yaponiya-i-mongoliya.md"),
        ("written", "content/articles/2025/03/yaponiya-i-mongoliya-2.md"),
    ]
    assert run(site, other) == [("unchanged", "content/articles/2025/03/yaponiya-i-mongoliya-2.md")]


def test_near_duplicate_under_another_url_is_not_written(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    copy = replace(ARTICLE, title="Перепечатка", body=BODY + " Источник: Бабр.", source_url="https://other.example/1")  # fmt: skip
    ex = exporter(site)
    ex.export(ExportItem(ARTICLE))
    outcome = ex.export(ExportItem(copy))
    ex.close()
    assert outcome.action == "skipped"
    assert outcome.note.startswith(
        "near-duplicate of content/articles/2025/03/yaponiya-i-mongoliya.md ("
    )
    assert len(list((site / "content").rglob("*.md"))) == 1


def test_page_without_url_is_found_again_by_its_text(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    undated = replace(ARTICLE, source_url=None)
    run(site, undated)
    later = replace(undated, date=datetime.fromisoformat("2026-01-01T00:00:00+03:00"))
    ex = exporter(site)
    outcome = ex.export(ExportItem(later, date_known=False))
    ex.close()
    assert outcome.action == "unchanged"  # the date it got first is kept


def test_dry_run_writes_nothing(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    assert run(site, ARTICLE, dry_run=True)[0][0] == "written"
    assert not (site / "content").exists() or not list((site / "content").rglob("*.md"))
    assert not (site / ".digest-cache").exists()


def test_new_classification_refreshes_without_stamping_updated(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({})
    run(site, ARTICLE)
    assert run(site, replace(ARTICLE, countries=("Монголия",)))[0][0] == "updated"
    text = (site / "content/articles/2025/03/yaponiya-i-mongoliya.md").read_text(encoding="utf-8")
    assert "countries:\n- Монголия\n" in text and "updated:" not in text
