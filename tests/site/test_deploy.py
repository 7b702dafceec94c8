"""`digest deploy` against a local bare repository, with real git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

CNAME = "news.example.org"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A git identity and no user or system configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Редакция")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "editor@example.org")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    return bare


@pytest.fixture
def repo(demo_site: Path, remote: Path) -> Path:
    """The demo site as a committed git repository with the bare repository as origin."""
    with open(demo_site / "digest.toml", "a", encoding="utf-8") as config:
        config.write(f'cname = "{CNAME}"\n')
    (demo_site / ".gitignore").write_text("output/\n.digest-cache/\n", encoding="utf-8")
    git(demo_site, "init", "-q", "-b", "main")
    git(demo_site, "add", "-A")
    git(demo_site, "commit", "-q", "-m", "Первый выпуск")
    git(demo_site, "remote", "add", "origin", str(remote))
    return demo_site


def deploy(site: Path, *args: str) -> int:
    return main(["deploy", "--site", str(site), *args])


def tree_of(remote: Path, ref: str = "gh-pages") -> dict[str, str]:
    """path -> blob id of every file in the remote branch."""
    listing = git(remote, "ls-tree", "-r", "--format=%(objectname) %(path)", ref)
    return {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in listing.splitlines()}


def blob_ids(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    ids = git(folder, "hash-object", "--no-filters", *map(str, files)).split()
    return {p.relative_to(folder).as_posix(): i for p, i in zip(files, ids, strict=True)}


def state(site: Path) -> dict[str, str]:
    """Everything a deploy must leave alone: HEAD, branch, index, working tree."""
    return {
        "head": git(site, "rev-parse", "HEAD"),
        "branch": git(site, "symbolic-ref", "HEAD"),
        "status": git(site, "status", "--porcelain", "--untracked-files=all"),
        "index": git(site, "ls-files", "--stage"),
        "index tree": git(site, "write-tree"),
        "worktree diff": git(site, "diff"),
        "main": git(site, "rev-parse", "refs/heads/main"),
    }


def test_deploy_publishes_output_with_nojekyll_and_cname(repo: Path, remote: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert deploy(repo) == 0
    out = capsys.readouterr().out
    assert "committed" in out and "pushed gh-pages to origin" in out
    published = tree_of(remote)
    expected = blob_ids(repo / "output")
    assert published.pop(".nojekyll") == git(repo, "hash-object", "/dev/null")
    assert git(remote, "cat-file", "-p", published.pop("CNAME")) == CNAME
    assert published == expected
    source = git(repo, "rev-parse", "--short=7", "HEAD")
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == f"Deploy {source}: Первый выпуск"
    assert git(remote, "rev-list", "--count", "gh-pages") == "1"


def test_a_deploy_without_changes_makes_no_commit(repo: Path, remote: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert deploy(repo) == 0
    tip = git(remote, "rev-parse", "gh-pages")
    capsys.readouterr()
    assert deploy(repo) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert git(remote, "rev-parse", "gh-pages") == tip
    assert git(repo, "rev-parse", "gh-pages") == tip


def test_a_deploy_after_a_change_makes_exactly_one_commit(repo: Path, remote: Path) -> None:
    assert deploy(repo) == 0
    first = git(remote, "rev-parse", "gh-pages")
    about = repo / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nНовый абзац.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "О дайджесте: новый абзац")
    assert deploy(repo) == 0
    assert git(remote, "rev-list", "--count", "gh-pages") == "2"
    assert git(remote, "rev-parse", "gh-pages^") == first
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").endswith(
        ": О дайджесте: новый абзац"
    )
    assert tree_of(remote)["about/index.html"] == blob_ids(repo / "output")["about/index.html"]
    source = git(repo, "rev-parse", "HEAD")
    assert git(remote, "log", "-1", "--format=%b", "gh-pages") == f"Built from {source}."


def test_message_replaces_the_first_line(repo: Path, remote: Path) -> None:
    assert deploy(repo, "--message", "Выпуск 1") == 0
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == "Выпуск 1"
    source = git(repo, "rev-parse", "HEAD")
    assert git(remote, "log", "-1", "--format=%b", "gh-pages") == f"Built from {source}."


def test_the_source_branch_index_and_working_tree_are_untouched(repo: Path, remote: Path) -> None:
    (repo / "content/pages/staged.md").write_text("---\ntitle: Staged\n---\n", encoding="utf-8")
    git(repo, "add", "content/pages/staged.md")
    digest_toml = repo / "digest.toml"
    digest_toml.write_text(
        digest_toml.read_text(encoding="utf-8") + "# unstaged\n", encoding="utf-8"
    )
    (repo / "notes.txt").write_text("untracked\n", encoding="utf-8")
    before = state(repo)
    mtimes = {p: p.stat().st_mtime_ns for p in repo.rglob("*") if ".git" not in p.parts and "output" not in p.parts and ".digest-cache" not in p.parts}  # fmt: skip
    assert deploy(repo, "--allow-dirty") == 0
    assert state(repo) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    assert "content/pages/staged.md" not in tree_of(remote) and "staged/index.html" in tree_of(
        remote
    )
    assert "uncommitted changes in 3 file(s)" in git(remote, "log", "-1", "--format=%b", "gh-pages")


def test_a_dirty_tree_is_refused_with_the_files_named(repo: Path, remote: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (repo / "content/pages/about.md").write_text("---\ntitle: О\n---\n", encoding="utf-8")
    (repo / "draft.md").write_text("x\n", encoding="utf-8")
    assert deploy(repo) == 1
    err = capsys.readouterr().err
    assert "uncommitted changes in content/pages/about.md, draft.md" in err
    assert "--allow-dirty" in err and len(err.strip().splitlines()) == 1
    assert git(remote, "branch", "--list") == ""
    assert not (repo / "output").exists()


def test_history_continues_from_the_remote_branch(repo: Path, remote: Path) -> None:
    """A fresh clone has no local gh-pages: the deploy builds on the remote one."""
    assert deploy(repo) == 0
    first = git(remote, "rev-parse", "gh-pages")
    git(repo, "branch", "-D", "gh-pages")
    (repo / "content/pages/more.md").write_text("---\ntitle: Ещё\n---\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Ещё страница")
    assert deploy(repo) == 0
    assert git(remote, "rev-parse", "gh-pages^") == first


def test_a_branch_deleted_on_the_remote_is_pushed_again(repo: Path, remote: Path) -> None:
    assert deploy(repo) == 0
    tip = git(remote, "rev-parse", "gh-pages")
    git(remote, "branch", "-D", "gh-pages")
    assert deploy(repo) == 0
    assert git(remote, "rev-parse", "gh-pages") == tip


def test_a_rejected_push_quotes_the_remote(repo: Path, remote: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    hook = remote / "hooks/pre-receive"
    hook.write_text("#!/bin/sh\necho 'publishing is frozen until Monday' >&2\nexit 1\n")
    hook.chmod(0o755)
    assert deploy(repo) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("error: git push origin gh-pages: the remote rejected the push:")
    assert "pre-receive hook declined" in err and "publishing is frozen until Monday" in err


def test_a_diverged_remote_branch_is_a_rejected_push(
    repo: Path, remote: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    assert deploy(repo) == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(remote), str(other))
    (other / "x.txt").write_text("x\n")
    git(other, "add", "x.txt")
    git(other, "commit", "-q", "-m", "hand edit")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    git(repo, "update-ref", "refs/heads/gh-pages", git(repo, "commit-tree", "-m", "local", git(repo, "rev-parse", "gh-pages^{tree}")))  # fmt: skip
    git(other, "push", "-q", "origin", "gh-pages")
    (repo / "content/pages/about.md").write_text("---\ntitle: Другое\n---\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "change")
    assert deploy(repo) == 1
    assert "rejected the push: [rejected] (non-fast-forward)" in capsys.readouterr().err


def test_not_a_repository_and_no_remote_are_clear_errors(demo_site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert deploy(demo_site) == 1
    assert "not inside a git repository" in capsys.readouterr().err
    git(demo_site, "init", "-q")
    assert deploy(demo_site) == 1
    assert "has no remote 'origin'" in capsys.readouterr().err
    assert deploy(demo_site, "--remote", "pages") == 1
    assert "git remote add pages URL" in capsys.readouterr().err


def test_a_local_base_url_is_refused_and_a_cname_mismatch_warned(
    repo: Path, remote: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    config = repo / "digest.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("https://example.github.io/digest/", "http://127.0.0.1:8000/"), encoding="utf-8")  # fmt: skip
    git(repo, "commit", "-q", "-am", "local")
    assert deploy(repo) == 1
    assert "base_url is http://127.0.0.1:8000/, a local address" in capsys.readouterr().err
    assert git(remote, "branch", "--list") == ""
    config.write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "back")
    assert deploy(repo) == 0
    err = capsys.readouterr().err
    assert f"cname is {CNAME} but base_url is https://example.github.io/digest/" in err


def test_git_is_required(demo_site: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(demo_site))
    assert shutil.which("git") is None
    assert deploy(demo_site) == 1
    assert "git: not found" in capsys.readouterr().err
