"""`digest init DIR`: a new digest with an example article, a profile and a Pages workflow."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from generator.errors import ConfigError
from generator.slugs import slugify

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
# Files with $placeholders; every other scaffold file is copied as it is.
TEMPLATES = {"digest.toml", "requirements.txt", "content/articles/YYYY/MM/kak-ustroen-etot-daydzhest.md"}  # fmt: skip
SCAFFOLD_TIMEZONE = "Europe/Moscow"  # the zone digest.toml of the scaffold names
UNKNOWN_SOURCE = (
    "# `digest init` could not tell where this digest was installed from (not from a git\n"
    "# repository with a remote): write the requirement line here yourself."
)


@dataclass(frozen=True)
class InitOptions:
    """Where to create the site and what to fill in."""

    folder: Path
    title: str
    base_url: str
    requirement: str | None  # the pip requirement the workflow installs digest from
    now: datetime
    force: bool = False


@dataclass(frozen=True)
class InitResult:
    """Which files were written and which already existed and were kept."""

    created: tuple[str, ...]
    skipped: tuple[str, ...]


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "init",
        help="create a new digest with a GitHub Pages workflow",
        description="Create a new digest in DIR: digest.toml, an example article, an about "
        "page, an example site profile, .gitignore, requirements.txt and a GitHub Pages "
        "workflow. DIR must be empty unless --force; an existing file is never overwritten.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="folder of the new site")
    parser.add_argument(
        "--force", action="store_true", help="add the missing files to a non-empty folder"
    )
    parser.add_argument("--title", help="the digest's name (default: the folder's name)")
    parser.add_argument(
        "--base-url",
        help="the URL the site will be published at (default: the GitHub Pages address of "
        "the folder's git remote, else https://example.github.io/<folder>/)",
    )
    parser.add_argument(
        "--requirement",
        help="the pip requirement the Pages workflow installs digest from, e.g. "
        "'digest @ git+https://github.com/OWNER/digest@v0.1.0' (default: where this digest "
        "was installed from)",
    )
    parser.set_defaults(run=run)


def git_output(folder: Path, *args: str) -> str:
    """A git command's output in folder, or '' when git or the repository is missing."""
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
    except (FileNotFoundError, NotADirectoryError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def https_remote(url: str) -> str | None:
    """A git remote as an https URL anyone can fetch: git@github.com:o/r.git -> https://..."""
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(?!//)(.+)", url)
    if scp:
        return f"https://{scp[1]}/{scp[2]}"
    parts = urlsplit(url)
    if parts.scheme in ("https", "http", "ssh", "git") and parts.hostname:
        return f"https://{parts.hostname}{parts.path}"
    return None


def pages_url(folder: Path) -> str | None:
    """The GitHub Pages address of the folder's repository, from its origin remote."""
    remote = https_remote(git_output(folder, "remote", "get-url", "origin"))
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", remote or "")
    if not match:
        return None
    owner, repo = match[1].lower(), match[2]
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def git_requirement(folder: Path) -> str | None:
    """digest from the remote of the git checkout it was installed from, at its commit."""
    remote = https_remote(git_output(folder, "remote", "get-url", "origin"))
    if remote is None:
        return None
    commit = git_output(folder, "rev-parse", "HEAD")
    # Pin the commit only if the remote has it; an unpushed commit cannot be installed.
    published = commit and git_output(folder, "branch", "--remotes", "--contains", commit)
    prefix = git_output(folder, "rev-parse", "--show-prefix").rstrip("/")
    return (
        f"digest @ git+{remote}"
        + (f"@{commit}" if published else "")
        + (f"#subdirectory={prefix}" if prefix else "")
    )


def requirement_from(direct_url: dict[str, Any]) -> str | None:
    """The requirement that installs digest again, from its PEP 610 direct_url.json."""
    url = str(direct_url.get("url", ""))
    subdirectory = direct_url.get("subdirectory")
    suffix = f"#subdirectory={subdirectory}" if subdirectory else ""
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict):
        return f"digest @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}{suffix}"
    if "archive_info" in direct_url and url.startswith(("https://", "http://")):
        return f"digest @ {url}{suffix}"
    if "dir_info" in direct_url and url.startswith("file://"):
        return git_requirement(Path(unquote(urlsplit(url).path)))
    return None


def installed_requirement() -> str | None:
    """Where the running digest was installed from, as a pip requirement, if that is known."""
    try:
        text = metadata.distribution("digest").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return requirement_from(json.loads(text)) if text else None


def scaffold_files(options: InitOptions) -> dict[str, str | bytes]:
    """Every file of the new site, by its path in the site, filled in."""
    moment = options.now.astimezone(ZoneInfo(SCAFFOLD_TIMEZONE)).replace(microsecond=0)
    values = {
        "title": json.dumps(options.title, ensure_ascii=False),
        "base_url": json.dumps(options.base_url),
        "requirement": options.requirement or UNKNOWN_SOURCE,
        "date": moment.isoformat(),
    }
    files: dict[str, str | bytes] = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        source = path.relative_to(SCAFFOLD).as_posix()
        # Hidden files are stored as dot-* so that packaging tools do not leave them out.
        target = re.sub(r"(^|/)dot-", r"\1.", source)
        target = target.replace("YYYY/MM", f"{moment.year:04d}/{moment.month:02d}")
        if source in TEMPLATES:
            files[target] = Template(path.read_text(encoding="utf-8")).substitute(values)
        else:
            files[target] = path.read_bytes()
    return files


def init_site(options: InitOptions) -> InitResult:
    """Write the scaffold into options.folder; existing files are kept and listed."""
    folder = options.folder
    if folder.exists() and not folder.is_dir():
        raise ConfigError(str(folder), "exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not options.force:
        raise ConfigError(
            str(folder),
            "is not empty: choose a new folder, or pass --force to add the missing files "
            "(existing files are never overwritten)",
        )
    created: list[str] = []
    skipped: list[str] = []
    for name, content in scaffold_files(options).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            with open(path, "xb") as handle:
                handle.write(data)
        except FileExistsError:
            skipped.append(name)
            continue
        created.append(name)
    return InitResult(tuple(created), tuple(skipped))


def options_for(args: argparse.Namespace) -> InitOptions:
    """The options, with a title, base URL and requirement found where not given."""
    folder = args.folder.resolve()
    name = folder.name or "digest"
    base_url = args.base_url or pages_url(folder.parent if not folder.exists() else folder)
    if base_url is None:
        base_url = f"https://example.github.io/{slugify(name)}/"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            "--base-url",
            f"must be an absolute http(s) URL such as https://user.github.io/repo/, got {base_url!r}",
        )
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    return InitOptions(
        folder=folder,
        title=(args.title or "").strip() or name,
        base_url=base_url,
        requirement=args.requirement or installed_requirement(),
        now=datetime.now().astimezone(),
        force=args.force,
    )


def run(args: argparse.Namespace) -> int:
    options = options_for(args)
    result = init_site(options)
    for name in result.created:
        print(f"created {name}")
    for name in result.skipped:
        print(f"skipped {name}: already exists")
    if options.requirement is None:
        print(
            "note: requirements.txt does not say where the Pages workflow installs digest "
            "from: add the requirement line (see the comment in it)"
        )
    if "://example.github.io/" in options.base_url:
        print(f"note: base_url is {options.base_url}: set it in digest.toml before 'digest deploy'")
    top = git_output(options.folder, "rev-parse", "--show-toplevel")
    if top and Path(top).resolve() != options.folder:
        print(
            f"note: the site is inside the git repository {top}: GitHub runs workflows only "
            "from .github/workflows/ at the root of a repository"
        )
    print(f"next: cd {args.folder} && digest build && digest check")
    return 0
