"""`digest init`: the scaffold builds, checks, documents its config and publishes with Actions."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.commands.init import (
    InitOptions,
    https_remote,
    init_site,
    pages_url,
    requirement_from,
)
from generator.config import ScrapeConfig, SiteConfig, TaxonomyConfig, load_config
from generator.scrape.profiles import load_profile

WORKFLOW = ".github/workflows/pages.yml"
REQUIREMENT = (
    "digest @ git+https://github.com/editors/digest@0123456789abcdef0123456789abcdef01234567"
)


def digest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True
    )


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "novosti"
    assert main(["init", str(folder), "--requirement", REQUIREMENT]) == 0
    return folder


def test_a_new_site_builds_and_passes_check_out_of_the_box(tmp_path: Path) -> None:
    made = digest(tmp_path, "init", "mysite")
    assert made.returncode == 0, made.stderr
    assert "created digest.toml" in made.stdout
    for command in (["build"], ["check"]):
        result = digest(tmp_path / "mysite", *command)
        assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no problems")
    output = tmp_path / "mysite/output"
    assert (output / "about/index.html").is_file()
    assert len(list(output.glob("20*/*/kak-ustroen-etot-daydzhest/index.html"))) == 1


def test_the_scaffold_has_every_part(site: Path) -> None:
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    [article] = [n for n in names if n.startswith("content/articles/")]
    assert re.fullmatch(r"content/articles/\d{4}/\d{2}/kak-ustroen-etot-daydzhest\.md", article)
    assert names == {
        "digest.toml",
        article,
        "content/pages/about.md",
        "profiles/example.toml",
        ".gitignore",
        "requirements.txt",
        WORKFLOW,
    }
    ignored = (site / ".gitignore").read_text().split()
    assert {"/output/", "/.digest-cache/", "/.venv/"} <= set(ignored)
    assert REQUIREMENT in (site / "requirements.txt").read_text().splitlines()


def test_the_example_profile_loads(site: Path) -> None:
    profile = load_profile(site / "profiles/example.toml")
    assert profile.source == "Новости Примера"
    assert profile.matches_url("https://www.news.example.org/2025/03/x.html")
    assert profile.html.body and profile.text.metadata
    match = profile.text.metadata[0].search("Автор: Иван Петров · 06.03.2025 15:44")
    assert match and match["author"] == "Иван Петров" and match["date"] == "06.03.2025 15:44"


def test_digest_toml_documents_every_key(site: Path) -> None:
    text = (site / "digest.toml").read_text(encoding="utf-8")
    config = load_config(site)
    assert config.title == "novosti" and config.base_url == "https://example.github.io/novosti/"
    keys = [f.name for f in dataclasses.fields(SiteConfig) if f.name != "root"]
    keys += [f.name for f in dataclasses.fields(ScrapeConfig)]
    keys += [f.name for f in dataclasses.fields(TaxonomyConfig)]
    lines = text.splitlines()
    for key in keys:
        at = next(
            (i for i, line in enumerate(lines) if re.match(rf"#? ?({key} = |\[{key}\]$)", line)),
            None,
        )
        assert at is not None, f"{key} is not in digest.toml"
        assert lines[at - 1].startswith("#"), f"{key} has no comment above it"


def test_the_workflow_publishes_with_the_official_pages_actions(site: Path) -> None:
    workflow = yaml.safe_load((site / WORKFLOW).read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    versions = [step["uses"] for step in build["steps"] + deploy["steps"] if "uses" in step]
    assert versions == [
        "actions/checkout@v7",
        "actions/setup-python@v7",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
    ]
    assert uses["actions/setup-python"]["with"]["cache"] == "pip"
    assert uses["actions/configure-pages"]["id"] == "pages"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "output/"
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "pip install -r requirements.txt" in runs
    assert 'digest build --base-url "${{ steps.pages.outputs.base_url }}"' in runs
    assert 'digest check --base-url "${{ steps.pages.outputs.base_url }}"' in runs
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def install_guard(site: Path) -> subprocess.CompletedProcess[str]:
    """The workflow's check that requirements.txt names digest, run as the runner would."""
    workflow = yaml.safe_load((site / WORKFLOW).read_text(encoding="utf-8"))
    [script] = [s["run"] for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install digest"]  # fmt: skip
    guard = script.split("python -m pip")[0]
    return subprocess.run(["bash", "-e", "-c", guard], cwd=site, capture_output=True, text=True)


def test_the_workflow_stops_when_requirements_name_no_digest(site: Path, tmp_path: Path) -> None:
    assert install_guard(site).returncode == 0
    bare = tmp_path / "bare"
    options = InitOptions(bare, "Т", "https://example.org/", None, datetime.now(UTC))
    init_site(options)
    text = (bare / "requirements.txt").read_text()
    assert all(line.startswith("#") for line in text.splitlines())
    failed = install_guard(bare)
    assert failed.returncode == 1
    assert "::error file=requirements.txt::" in failed.stdout


def test_a_non_empty_folder_is_refused_and_force_never_overwrites(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "site"
    (folder / "content/pages").mkdir(parents=True)
    (folder / "content/pages/about.md").write_text("---\ntitle: Моё\n---\n", encoding="utf-8")
    assert main(["init", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "is not empty" in err and "--force" in err
    assert not (folder / "digest.toml").exists()
    assert main(["init", str(folder), "--force", "--title", "Вести"]) == 0
    out = capsys.readouterr().out
    assert "skipped content/pages/about.md: already exists" in out
    assert (folder / "content/pages/about.md").read_text(
        encoding="utf-8"
    ) == "---\ntitle: Моё\n---\n"
    assert load_config(folder).title == "Вести"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert main(["init", str(folder), "--force", "--title", "Другое"]) == 0
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert "created" not in capsys.readouterr().out


def test_base_url_and_title_options(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["init", str(tmp_path / "a"), "--base-url", "user.github.io/news"]) == 1
    assert "--base-url: must be an absolute http(s) URL" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    assert main(["init", str(tmp_path / "b"), "--base-url", "https://user.github.io/news", "--title", "Вести \"Севера\""]) == 0  # fmt: skip
    config = load_config(tmp_path / "b")
    assert config.base_url == "https://user.github.io/news/" and config.title == 'Вести "Севера"'


def test_a_file_is_not_a_folder(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x").write_text("")
    assert main(["init", str(tmp_path / "x"), "--force"]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err


def test_the_requirement_comes_from_where_digest_was_installed(tmp_path: Path) -> None:
    commit = "89abcdef" * 5
    vcs = {"url": "https://github.com/editors/digest.git", "vcs_info": {"vcs": "git", "commit_id": commit}}  # fmt: skip
    assert requirement_from(vcs) == f"digest @ git+https://github.com/editors/digest.git@{commit}"
    archive = {"url": "https://example.org/digest-0.1.0.tar.gz", "archive_info": {}}
    assert requirement_from(archive) == "digest @ https://example.org/digest-0.1.0.tar.gz"
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    local = {"url": checkout.as_uri(), "dir_info": {"editable": True}}
    assert requirement_from(local) is None  # not a git repository
    git(checkout, "init", "-q", "-b", "main")
    git(checkout, "-c", "user.name=a", "-c", "user.email=a@example.org", "commit", "-q", "--allow-empty", "-m", "x")  # fmt: skip
    git(checkout, "remote", "add", "origin", "git@github.com:editors/digest.git")
    assert requirement_from(local) == "digest @ git+https://github.com/editors/digest.git"
    head = git(checkout, "rev-parse", "HEAD").strip()
    git(checkout, "update-ref", "refs/remotes/origin/main", head)  # the remote has the commit
    assert requirement_from(local) == f"digest @ git+https://github.com/editors/digest.git@{head}"


def test_remote_urls_and_pages_addresses(tmp_path: Path) -> None:
    assert https_remote("git@github.com:o/r.git") == "https://github.com/o/r.git"
    assert https_remote("ssh://git@github.com/o/r.git") == "https://github.com/o/r.git"
    assert https_remote("/srv/git/r.git") is None
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    assert pages_url(repo) is None
    git(repo, "remote", "add", "origin", "https://github.com/Editors/news.git")
    assert pages_url(repo) == "https://editors.github.io/news/"
    git(repo, "remote", "set-url", "origin", "git@github.com:editors/Editors.github.io.git")
    assert pages_url(repo) == "https://editors.github.io/"
    assert main(["init", str(repo / "site")]) == 0
    assert load_config(repo / "site").base_url == "https://editors.github.io/"
