"""output/ -> a commit on the gh-pages branch, made with git plumbing, then pushed.

The commit is assembled in a temporary index (hash-object, update-index, write-tree,
commit-tree, update-ref): the user's working tree, index and current branch are never
touched, and the branch keeps its history, one commit per deploy.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.build import BuildOptions, BuildResult, build
from generator.check import LOCAL_HOSTS
from generator.config import CONFIG_NAME, SiteConfig, load_config
from generator.errors import DeployError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
KEEP_OUT = ("output", ".digest-cache")  # build products: never part of the "dirty" question


@dataclass(frozen=True)
class DeployOptions:
    """Which site to publish, to which branch of which remote."""

    site: Path
    remote: str = "origin"
    branch: str = "gh-pages"
    allow_dirty: bool = False
    message: str | None = None  # the commit's first line; default names the source commit


@dataclass(frozen=True)
class Source:
    """The commit the site was built from, and whether the tree had uncommitted changes."""

    commit: str
    subject: str
    dirty: tuple[str, ...]

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class DeployResult:
    """What a deploy did: the build, the branch tip, whether it committed and pushed."""

    build: BuildResult
    source: Source
    tip: str
    committed: bool
    pushed: bool
    files: int
    warnings: tuple[str, ...] = ()


class Git:
    """Runs git in one repository; a failure becomes a DeployError quoting git."""

    def __init__(self, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.cwd = cwd
        # English messages, so that git's reasons can be recognised and quoted.
        self.env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}

    def run(
        self, *args: str, input: bytes | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            result = subprocess.run(
                ["git", *args], cwd=self.cwd, env=self.env, input=input, capture_output=True
            )
        except FileNotFoundError:
            raise DeployError("git", "not found: install git to deploy") from None
        if check and result.returncode != 0:
            raise DeployError(f"git {args[0]}", _git_reason(result.stderr))
        return result

    def out(self, *args: str, input: bytes | None = None) -> str:
        return self.run(*args, input=input).stdout.decode("utf-8", "replace").strip()

    def ref(self, name: str) -> str | None:
        """The commit a ref points at, or None when it does not exist."""
        result = self.run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
        return result.stdout.decode().strip() or None


def _git_reason(stderr: bytes) -> str:
    """git's own explanation: its fatal/error lines, else its last line."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    reasons = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return " ".join(reasons or lines[-1:]) or "failed"


def open_repository(site: Path, remote: str) -> Git:
    """The git repository holding the site, checked to have the remote."""
    git = Git(site)
    probe = git.run("rev-parse", "--show-toplevel", check=False)
    if probe.returncode != 0:
        raise DeployError(
            str(site), "not inside a git repository: run 'git init' and commit the site first"
        )
    if git.run("remote", "get-url", remote, check=False).returncode != 0:
        raise DeployError(
            str(site),
            f"the repository has no remote '{remote}': add it with 'git remote add {remote} URL'",
        )
    return git


def source_commit(git: Git, branch: str, allow_dirty: bool) -> Source:
    """The commit the site is built from; refuses uncommitted changes unless allowed."""
    head = git.ref("HEAD")
    if head is None:
        raise DeployError(str(git.cwd), "the repository has no commit yet: commit the site first")
    current = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if current.stdout.decode().strip() == branch:
        raise DeployError(
            str(git.cwd), f"the current branch is {branch}: deploy from the site's source branch"
        )
    excludes = [f":(exclude){name}" for name in KEEP_OUT]
    status = git.run(
        "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".", *excludes
    )
    dirty = tuple(sorted({entry[3:] for entry in _split_status(status.stdout)}))
    if dirty and not allow_dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise DeployError(
            str(git.cwd),
            f"uncommitted changes in {shown}: commit them, or deploy anyway with --allow-dirty",
        )
    subject = git.out("log", "-1", "--format=%s", head)
    return Source(head, subject, dirty)


def _split_status(raw: bytes) -> list[str]:
    """Entries of `git status -z`; a rename's second path is its own NUL-field, dropped."""
    fields = raw.decode("utf-8", "replace").split("\0")
    entries: list[str] = []
    skip = False
    for entry in fields:
        if skip or not entry:
            skip = False
            continue
        entries.append(entry)
        skip = entry[0] in "RC"
    return entries


def _site_files(output: Path, cname: str) -> dict[str, Path | bytes]:
    """Every file to publish: output/, an empty .nojekyll, CNAME from the config."""
    files: dict[str, Path | bytes] = {}
    for folder, _dirs, names in os.walk(output):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(output).as_posix()] = path
    # Without .nojekyll GitHub Pages runs Jekyll, which drops files and folders starting with _.
    files[".nojekyll"] = b""
    if cname:
        files["CNAME"] = cname.strip().encode() + b"\n"
    return files


def write_tree(git: Git, files: dict[str, Path | bytes]) -> str:
    """Store every file as a blob and return the tree holding them, in a temporary index."""
    names = sorted(files)
    on_disk = {n: f for n, f in files.items() if isinstance(f, Path)}
    paths = sorted(on_disk)
    listing = "".join(f"{on_disk[n]}\n" for n in paths).encode()
    # --no-filters: publish the bytes the build wrote, whatever .gitattributes says.
    hashed = git.out("hash-object", "-w", "--no-filters", "--stdin-paths", input=listing)
    blobs = dict(zip(paths, hashed.split(), strict=True))
    for name in names:
        data = files[name]
        if isinstance(data, bytes):
            blobs[name] = git.out("hash-object", "-w", "--stdin", input=data)
    entries = []
    for name in names:
        data = files[name]
        executable = isinstance(data, Path) and data.stat().st_mode & 0o111
        entries.append(f"{'100755' if executable else '100644'} {blobs[name]}\t{name}\0")
    with tempfile.TemporaryDirectory(prefix="digest-deploy-") as scratch:
        index = Git(git.cwd, {"GIT_INDEX_FILE": os.path.join(scratch, "index")})
        index.run("update-index", "-z", "--index-info", input="".join(entries).encode())
        return index.out("write-tree")


def branch_parent(git: Git, remote: str, branch: str) -> str | None:
    """The branch's latest commit, here or on the remote, so its history continues."""
    tracking = f"refs/remotes/{remote}/{branch}"
    fetched = git.run("fetch", "--quiet", remote, f"+refs/heads/{branch}:{tracking}", check=False)
    if fetched.returncode != 0:
        if b"couldn't find remote ref" not in fetched.stderr:
            raise DeployError(f"git fetch {remote}", _git_reason(fetched.stderr))
        # The remote has no such branch (any more): forget a stale copy so it gets pushed.
        git.run("update-ref", "-d", tracking, check=False)
    local = git.ref(f"refs/heads/{branch}")
    upstream = git.ref(tracking)
    if local is None or upstream is None or local == upstream:
        return local or upstream
    # The remote moved on (a deploy from elsewhere): build on it if ours is behind.
    behind = git.run("merge-base", "--is-ancestor", local, upstream, check=False)
    return upstream if behind.returncode == 0 else local


def commit_message(options: DeployOptions, source: Source) -> str:
    """The first line names the source commit; the body says how it was built."""
    title = options.message or f"Deploy {source.short}: {source.subject}"
    body = f"Built from {source.commit}"
    if source.dirty:
        body += f" with uncommitted changes in {len(source.dirty)} file(s)"
    return f"{title}\n\n{body}.\n"


def push(git: Git, remote: str, branch: str) -> None:
    """Push the branch; a rejection becomes one line quoting git's reason."""
    ref = f"refs/heads/{branch}"
    result = git.run("push", "--porcelain", remote, f"{ref}:{ref}", check=False)
    if result.returncode == 0:
        return
    reason = ""
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("!\t"):  # "!<TAB>from:to<TAB>[rejected] (non-fast-forward)"
            reason = line.split("\t")[-1]
    remote_says = [
        line.removeprefix("remote:").strip()
        for line in result.stderr.decode("utf-8", "replace").splitlines()
        if line.startswith("remote:") and line.removeprefix("remote:").strip()
    ]
    detail = "; ".join(filter(None, [reason, *remote_says[:2]])) or _git_reason(result.stderr)
    raise DeployError(f"git push {remote} {branch}", f"the remote rejected the push: {detail}")


def publish(
    git: Git, options: DeployOptions, files: dict[str, Path | bytes], source: Source
) -> tuple[str, bool, bool]:
    """Commit the files to the branch if they changed, then push: (tip, committed, pushed)."""
    tree = write_tree(git, files)
    ref = f"refs/heads/{options.branch}"
    local = git.ref(ref)
    parent = branch_parent(git, options.remote, options.branch)
    committed = parent is None or git.out("rev-parse", f"{parent}^{{tree}}") != tree
    tip = parent or ""
    if committed:
        parents = ["-p", parent] if parent else []
        message = commit_message(options, source).encode()
        tip = git.out("commit-tree", tree, *parents, input=message)
    if tip != local:
        git.run("update-ref", "-m", f"digest deploy {source.short}", ref, tip, local or "")
    pushed = git.ref(f"refs/remotes/{options.remote}/{options.branch}") != tip
    if pushed:
        push(git, options.remote, options.branch)
    return tip, committed, pushed


def address_warnings(config: SiteConfig) -> list[str]:
    """A base_url that cannot be right for GitHub Pages stops the deploy; a doubtful one warns."""
    host = (urlsplit(config.base_url).hostname or "").lower()
    where = str(config.root / CONFIG_NAME)
    if host in LOCAL_HOSTS:
        raise DeployError(
            where,
            f"base_url is {config.base_url}, a local address: set it to the address GitHub "
            "Pages serves the site at, such as https://user.github.io/repo/",
        )
    cname = config.cname.strip().lower()
    if cname and host != cname:
        return [f"{where}: cname is {cname} but base_url is {config.base_url}: links will point there"]  # fmt: skip
    return []


def deploy(options: DeployOptions) -> DeployResult:
    """Build the site, commit output/ to the branch if it changed, push the branch."""
    config = load_config(options.site)
    warnings = address_warnings(config)
    git = open_repository(options.site, options.remote)
    if git.run("check-ref-format", "--branch", options.branch, check=False).returncode != 0:
        raise DeployError(options.branch, "not a valid branch name")
    source = source_commit(git, options.branch, options.allow_dirty)
    built = build(BuildOptions(root=options.site))
    files = _site_files(config.output_dir, config.cname)
    tip, committed, pushed = publish(git, options, files, source)
    warnings += built.warnings
    return DeployResult(built, source, tip, committed, pushed, len(files), tuple(warnings))
