"""`digest serve` end to end: build, serve, rebuild on edits, report errors, stop cleanly."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.commands.serve import site_layout
from generator.config import load_config
from generator.serve.watcher import Debouncer, Watcher, classify
from tests.conftest import SiteWriter, article
from tests.serving import ARTICLE, PAGE, STYLE, EventStream, Serve, serving


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=15) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def serve(demo_site: Path) -> Iterator[Serve]:
    with serving(demo_site) as running:
        yield running


def test_serves_the_built_site_under_its_base_path(serve: Serve) -> None:
    assert serve.url.endswith("/digest/")
    home = fetch(serve.url)
    assert "__digest__/reload.js" in home
    assert "Стратегическое партнерство" in home
    root = serve.url.removesuffix("digest/")
    with urllib.request.urlopen(root, timeout=15) as response:  # follows the redirect
        assert response.geturl() == serve.url
    assert "__digest__" not in (serve.site / "output/index.html").read_text(encoding="utf-8")


def test_an_edit_is_rebuilt_before_browsers_are_told(serve: Serve) -> None:
    stream = EventStream(serve.url)
    try:
        stream.next("hello")
        article = serve.site / ARTICLE
        article.write_text(
            article.read_text(encoding="utf-8") + "\nАбзац, дописанный при просмотре.\n",
            encoding="utf-8",
        )
        event = stream.next("reload")
        assert PAGE + "index.html" in event["paths"]
        assert event["css_only"] is False
        # The event comes after the writing: the page already has the new text.
        assert "Абзац, дописанный при просмотре." in fetch(serve.url + PAGE)
    finally:
        stream.close()
    serve.wait_for(serve.stdout, r"^rebuilt in \d+ ms")


def indexed_pages(site: Path) -> int:
    entry = site / "output/pagefind/pagefind-entry.json"
    try:  # between the two renames that swap the index in, there is none for a moment
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    except FileNotFoundError:
        return -1
    return sum(int(language["page_count"]) for language in languages)


def test_the_search_index_follows_new_articles(serve: Serve) -> None:
    before = indexed_pages(serve.site)
    assert before == 2
    new = serve.site / "content/articles/2025/03/novaya.md"
    new.write_text(article("Новая статья о Монголии", body="Текст новой статьи."), "utf-8")
    deadline = time.monotonic() + 30
    while indexed_pages(serve.site) != before + 1:
        assert time.monotonic() < deadline, "the search index did not follow the new article"
        time.sleep(0.1)


def test_a_stylesheet_edit_is_css_only(serve: Serve) -> None:
    stream = EventStream(serve.url)
    try:
        stream.next("hello")
        style = serve.site / STYLE
        style.write_text(style.read_text() + "\nbody { outline: 1px solid red; }\n")
        event = stream.next("reload")
        assert event["css_only"] is True
        assert "static/style.css" in event["paths"]
    finally:
        stream.close()


def test_a_broken_article_is_reported_and_serving_goes_on(serve: Serve) -> None:
    article = serve.site / ARTICLE
    good = article.read_text(encoding="utf-8")
    stream = EventStream(serve.url)
    try:
        stream.next("hello")
        article.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
        error = stream.next("error")
        assert ARTICLE in error["message"]
        assert error["errors"][0]["file"].endswith(ARTICLE)
        line = serve.wait_for(serve.stderr, r"^error: .*strategicheskoe-partnerstvo")
        assert "\n" not in line
        assert "Стратегическое партнерство" in fetch(serve.url)  # the last good site is served

        article.write_text(good, encoding="utf-8")
        stream.next("reload")
    finally:
        stream.close()
    assert serve.process.poll() is None


def test_ctrl_c_stops_cleanly(demo_site: Path) -> None:
    running = Serve(demo_site)
    stream = EventStream(running.url)
    stream.next("hello")
    assert running.stop() == 0
    with pytest.raises(EOFError):  # open event streams are closed, not left hanging
        stream.next("reload")
    stream.close()
    port = int(running.url.split(":")[2].split("/")[0])
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
    assert "Traceback" not in "\n".join(running.stderr)


def test_a_port_in_use_is_a_one_line_error(demo_site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                "--site",
                str(demo_site),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert (
        result.stderr == f"error: 127.0.0.1:{port}: address already in use; choose another --port\n"
    )
    assert not (demo_site / "output").exists()  # nothing built for a server that cannot start


def test_the_watcher_sees_saves_and_moves_in_and_out(demo_site: Path, tmp_path: Path) -> None:
    layout = site_layout(load_config(demo_site))
    watcher = Watcher(layout, Debouncer(quiet=0.1, cap=1.0))
    watcher.start()
    article = demo_site / ARTICLE

    def next_changes() -> set[Path]:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            changes = classify(watcher.debouncer.wait(timeout=1), layout)
            if changes:
                return set(changes.paths)
        raise AssertionError("no change seen")

    try:
        # An editor's atomic save: a temporary file renamed over the article.
        temporary = article.with_name(article.name + ".tmp")
        temporary.write_text(article.read_text(encoding="utf-8") + "\nещё\n", encoding="utf-8")
        os.replace(temporary, article)
        assert next_changes() == {article}

        outside = tmp_path / "elsewhere.md"
        shutil.move(article, outside)
        assert next_changes() == {article}
        shutil.move(outside, article)
        assert next_changes() == {article}

        (demo_site / "output").mkdir(exist_ok=True)
        (demo_site / "output" / "index.html").write_text("not an input")
        (demo_site / "digest.toml").touch()  # the usual way to ask for a rebuild
        assert next_changes() == {demo_site / "digest.toml"}
    finally:
        watcher.stop()
    assert not watcher.observer.is_alive()


def test_drafts_and_open(make_site: SiteWriter, tmp_path: Path) -> None:
    site = make_site(
        {
            "articles/a.md": article("Опубликовано", slug="a"),
            "articles/b.md": article("Черновик", slug="b", draft=True),
        }
    )
    opened = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open('{opened}', 'w').write(sys.argv[1])\" %s"
    running = Serve(site, "--drafts", "--open", env={"BROWSER": browser})
    try:
        assert urlsplit(running.url).path == "/"
        assert "Черновик" in fetch(running.url + "2025/03/b/")
        deadline = time.monotonic() + 15
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == running.url
    finally:
        assert running.stop() == 0
