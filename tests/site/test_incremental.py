"""Live updates after a series of edits give exactly the output of a clean build."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.corpus import write_site
from generator.build import BuildOptions, build
from generator.live import LiveSite, classify, touched_pages
from generator.render import PACKAGED_THEMES
from tests.conftest import article

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def clean_build(site: Path, elsewhere: Path) -> dict[str, bytes]:
    """What `digest build` writes for the same files, from scratch, in another folder."""
    shutil.rmtree(elsewhere, ignore_errors=True)
    elsewhere.mkdir(parents=True)
    for name in ("digest.toml", "content", "themes", "static"):
        source = site / name
        if source.is_dir():
            shutil.copytree(source, elsewhere / name)
        elif source.is_file():
            shutil.copy2(source, elsewhere / name)
    build(BuildOptions(root=elsewhere, now=NOW, cache=False))
    return tree(elsewhere / "output")


def assert_same(site: Path, elsewhere: Path, result_changed: tuple[str, ...]) -> None:
    live = tree(site / "output")
    clean = clean_build(site, elsewhere)
    assert sorted(live) == sorted(clean)
    different = [name for name in clean if live[name] != clean[name]]
    assert different == []


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", 40, seed=7)
    shutil.copytree(PACKAGED_THEMES / "default", root / "themes" / "mine")
    with open(root / "digest.toml", "a", encoding="utf-8") as handle:
        handle.write('theme = "mine"\n')
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text("---\ntitle: О нас\nmenu: 1\n---\n\nМы.\n", "utf-8")
    (root / "static").mkdir()
    (root / "static" / "robots-extra.txt").write_text("x\n", "utf-8")
    return root


def articles(site: Path) -> list[Path]:
    return sorted((site / "content" / "articles").rglob("*.md"))


def test_a_series_of_edits_equals_clean_builds(site: Path, tmp_path: Path) -> None:
    live = LiveSite(BuildOptions(root=site, now=NOW))
    live.build()
    other = tmp_path / "clean"
    first = articles(site)[3]

    def step(*paths: Path) -> tuple[str, ...]:
        result = live.update(paths)
        assert_same(site, other, result.changed)
        return result.changed

    # Edit the body, first paragraph included: the article and the lists showing it.
    text = first.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    first.write_text(head + "\n---\n\nСовершенно новый первый абзац.\n" + body, "utf-8")
    changed = step(first)
    assert 0 < len(changed) < 40
    assert not any(name.startswith("tags/") and name.endswith("feed.xml") for name in changed)

    # Change a title: the slug and the article's URL move.
    text = first.read_text("utf-8")
    first.write_text(text.replace("title: ", "title: 'Новый заголовок'\nold_title: ", 1), "utf-8")
    step(first)

    # Add an article with a tag of its own, then take the tag away: the term page goes.
    new = site / "content" / "articles" / "2024" / "05" / "novaya.md"
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_text(article("Новая статья", "2024-05-05T10:00:00+03:00", tags=["одинокий тег"]))
    step(new)
    assert (site / "output" / "tags" / "odinokiy-teg" / "index.html").is_file()
    new.write_text(article("Новая статья", "2024-05-05T10:00:00+03:00", tags=["экономика"]))
    changed = step(new)
    assert "tags/odinokiy-teg/index.html" in changed
    assert not (site / "output" / "tags" / "odinokiy-teg").exists()

    # Delete an article.
    gone = articles(site)[10]
    gone.unlink()
    step(gone)

    # A template, then the theme's CSS, then the site's own static file.
    template = site / "themes" / "mine" / "templates" / "article.html"
    text = template.read_text("utf-8")
    assert "{% block main %}" in text
    template.write_text(text.replace("{% block main %}", "{% block main %}<!-- x -->", 1), "utf-8")
    changed = step(template)
    assert sum(1 for name in changed if name.count("/") == 3) >= 39  # every article page
    css = site / "themes" / "mine" / "static" / "style.css"
    css.write_text(css.read_text("utf-8") + "\nbody { color: red; }\n", "utf-8")
    assert "static/style.css" in step(css)
    extra = site / "static" / "robots-extra.txt"
    extra.write_text("y\n", "utf-8")
    assert step(extra) == ("robots-extra.txt",)

    # The configuration: everything is rebuilt.
    config = site / "digest.toml"
    config.write_text(config.read_text("utf-8").replace("Дайджест", "Обзор", 1), "utf-8")
    step(config)
    live.close()


def test_a_broken_file_raises_and_the_next_update_retries(site: Path, tmp_path: Path) -> None:
    from generator.errors import DigestError

    live = LiveSite(BuildOptions(root=site, now=NOW))
    live.build()
    target = articles(site)[0]
    good = target.read_text("utf-8")
    target.write_text("---\ntitle: [broken\n---\n", "utf-8")
    with pytest.raises(DigestError, match="front-matter"):
        live.update([target])
    target.write_text(good.replace("\n---\n\n", "\n---\n\nИсправлено.\n\n", 1), "utf-8")
    live.update([])  # the failed path is retried even if the watcher does not repeat it
    assert_same(site, tmp_path / "clean", ())
    live.close()


def test_body_edit_touches_only_nearby_pages(site: Path) -> None:
    live = LiveSite(BuildOptions(root=site, now=NOW))
    live.build()
    state = live.state
    assert state is not None
    touched = touched_pages(state.site, state.specs, {20})
    kinds = {state.specs[i].kind for i in touched}
    assert {"article", "home", "sitemap"} <= kinds
    articles_touched = [state.specs[i].post for i in touched if state.specs[i].kind == "article"]
    assert {19, 20, 21} <= set(articles_touched)
    assert len(articles_touched) < 20
    live.close()


def test_classify_sorts_paths(site: Path) -> None:
    from generator.config import load_config

    config = load_config(site)
    change = classify(
        config,
        [
            site / "digest.toml",
            site / "content" / "articles" / "a.md",
            site / "themes" / "mine" / "templates" / "base.html",
            site / "themes" / "mine" / "static" / "style.css",
            site / "output" / "index.html",
        ],
    )
    assert change.config and change.templates and change.static
    assert change.content == frozenset({site / "content" / "articles" / "a.md"})
