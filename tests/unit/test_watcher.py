"""Classifying file events: kinds, moves in and out, editors' temporaries, debouncing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from generator.serve.watcher import Changes, Debouncer, FileEvent, Layout, classify, is_temporary

ROOT = Path("/site")
THEME = Path("/themes/default")
LAYOUT = Layout(
    root=ROOT,
    content=ROOT / "content",
    templates=(ROOT / "templates", THEME / "templates"),
    static=(ROOT / "static", THEME / "static"),
    profiles=ROOT / "profiles",
    ignored=(ROOT / "output", ROOT / ".digest-cache"),
)
ARTICLE = ROOT / "content/articles/2025/03/a.md"


def one(kind: str, path: Path, dest: Path | None = None, folder: bool = False) -> Changes:
    return classify([FileEvent(kind, path, dest, folder)], LAYOUT)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (ARTICLE, "content"),
        (ROOT / "content/pages/about.md", "content"),
        (ROOT / "templates/article.html", "template"),
        (THEME / "templates/partials/post_list.html", "template"),
        (THEME / "static/style.css", "static"),
        (ROOT / "static/CNAME", "static"),
        (ROOT / "profiles/babr24.toml", "profile"),
        (ROOT / "digest.toml", "config"),
    ],
)
def test_each_watched_place_has_its_kind(path: Path, kind: str) -> None:
    changes = one("modified", path)
    assert changes.paths == {path}
    assert changes.kinds == {kind}


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "output/index.html",
        ROOT / ".digest-cache/build.lock",
        ROOT / "notes.txt",
        Path("/elsewhere/a.md"),
    ],
)
def test_outputs_cache_and_unwatched_files_are_not_changes(path: Path) -> None:
    assert not one("modified", path)


@pytest.mark.parametrize(
    "name",
    [
        ".a.md.swp",
        ".a.md.swx",
        ".a.md.swpx",
        ".a.md.swo",
        "a.md~",
        ".#a.md",
        "#a.md#",
        "4913",
        "5036",
        "a.md.tmp",
        "a.md___jb_tmp___",
        "a.md___jb_old___",
        ".goutputstream-XK3JZ2",
        "sedAb12Cd",
        ".DS_Store",
    ],
)
def test_editor_temporaries_are_ignored(name: str) -> None:
    assert is_temporary(name)
    for kind in ("created", "modified", "deleted"):
        assert not one(kind, ARTICLE.with_name(name))


@pytest.mark.parametrize("name", ["a.md", "4912", "2025.md", "swap.md", "tmp.md", "a.mdtmp"])
def test_ordinary_names_are_not_temporaries(name: str) -> None:
    assert not is_temporary(name)


def test_a_numbered_folder_is_not_vims_probe_file() -> None:
    folder = ROOT / "content/articles/4913"
    assert one("created", folder, folder=True).paths == {folder}


def test_vim_save_by_rename_is_one_change_to_the_file() -> None:
    backup = ARTICLE.with_name("a.md~")
    events = [
        FileEvent("created", ARTICLE.with_name("4913")),
        FileEvent("deleted", ARTICLE.with_name("4913")),
        FileEvent("moved", ARTICLE, backup),
        FileEvent("created", ARTICLE),
        FileEvent("modified", ARTICLE),
        FileEvent("closed", ARTICLE),
        FileEvent("deleted", backup),
    ]
    assert classify(events, LAYOUT).paths == {ARTICLE}


def test_jetbrains_safe_write_counts_the_renamed_temporary_as_the_file() -> None:
    temporary = ARTICLE.with_name("a.md___jb_tmp___")
    old = ARTICLE.with_name("a.md___jb_old___")
    events = [
        FileEvent("created", temporary),
        FileEvent("modified", temporary),
        FileEvent("moved", ARTICLE, old),
        FileEvent("moved", temporary, ARTICLE),
        FileEvent("deleted", old),
    ]
    assert classify(events, LAYOUT).paths == {ARTICLE}


def test_a_move_counts_both_ends() -> None:
    other = ROOT / "content/articles/2025/04/a.md"
    assert one("moved", ARTICLE, other).paths == {ARTICLE, other}


def test_moves_out_of_and_into_watched_folders_count_the_watched_end() -> None:
    outside = Path("/tmp/a.md")
    assert one("moved", ARTICLE, outside).paths == {ARTICLE}
    assert one("moved", outside, ARTICLE).paths == {ARTICLE}
    # Moved out entirely, the watcher reports a deletion; moved in, a creation.
    assert one("deleted", ARTICLE).paths == {ARTICLE}
    assert one("created", ARTICLE).paths == {ARTICLE}


def test_a_folder_moved_out_counts_but_folder_mtime_changes_do_not() -> None:
    folder = ROOT / "content/articles/2025"
    assert one("deleted", folder, folder=True).paths == {folder}
    assert not one("modified", folder, folder=True)


def test_opening_and_reading_are_not_changes_but_touching_is() -> None:
    for kind in ("opened", "closed_no_write"):
        assert not one(kind, ARTICLE)
    assert one("attrib", ARTICLE).paths == {ARTICLE}


def test_kinds_of_a_mixed_batch() -> None:
    events = [
        FileEvent("modified", ARTICLE),
        FileEvent("modified", THEME / "templates/base.html"),
        FileEvent("modified", ROOT / "output/index.html"),
    ]
    changes = classify(events, LAYOUT)
    assert changes.kinds == {"content", "template"}
    assert not changes.css_only
    assert not changes.layout


def test_css_only() -> None:
    assert one("modified", THEME / "static/style.css").css_only
    assert not one("modified", THEME / "static/favicon.svg").css_only
    styles = [FileEvent("modified", THEME / "static/style.css"), FileEvent("modified", ARTICLE)]
    assert not classify(styles, LAYOUT).css_only


def test_config_and_new_top_level_folders_ask_to_watch_anew() -> None:
    assert one("modified", ROOT / "digest.toml").layout
    assert one("created", ROOT / "templates", folder=True).layout
    assert not one("created", ROOT / "templates/article.html").layout


def test_debouncer_turns_a_burst_into_one_batch() -> None:
    debouncer = Debouncer(quiet=0.05, cap=2.0)

    def save() -> None:
        for kind in ("created", "modified", "modified", "closed"):
            debouncer.add(FileEvent(kind, ARTICLE))
            time.sleep(0.01)

    thread = threading.Thread(target=save)
    thread.start()
    batch = debouncer.wait(timeout=5)
    thread.join()
    assert [e.type for e in batch] == ["created", "modified", "modified", "closed"]
    assert debouncer.wait(timeout=0.1) == []


def test_debouncer_cap_bounds_an_endless_burst() -> None:
    debouncer = Debouncer(quiet=0.2, cap=0.3)
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            debouncer.add(FileEvent("modified", ARTICLE))
            time.sleep(0.02)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    started = time.monotonic()
    try:
        batch = debouncer.wait(timeout=5)
        waited = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
    assert batch
    assert waited < 2.0  # a never-ending stream of events still yields a rebuild
