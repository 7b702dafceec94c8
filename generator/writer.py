"""Rendered pages -> output/: unchanged files kept as they are, stale ones removed, atomically.

A build that changes anything writes into a staging folder beside output/ (a hard-link copy
of it, so unchanged files keep their mtimes), then swaps the two folders in one rename:
output/ is always either the previous build or the new one, even if the process is killed.
A build that changes nothing touches nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class WriteSummary:
    """What a build did to output/."""

    written: int
    unchanged: int
    removed: int


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def same_bytes(path: Path, data: bytes) -> bool:
    """True when the file exists and holds exactly data."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new ones, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def existing_files(root: Path) -> set[str]:
    """Every file under root, as posix paths relative to it."""
    found: set[str] = set()
    if not root.is_dir():
        return found
    for folder, _dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def link_tree(source: Path, target: Path) -> None:
    """A copy of source at target made of hard links (plain copies where links fail)."""
    for folder, _dirs, names in os.walk(source):
        relative = os.path.relpath(folder, source)
        into = target if relative == "." else target / relative
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), into / name)
            except OSError:
                shutil.copy2(os.path.join(folder, name), into / name)


def remove_files(root: Path, paths: set[str]) -> None:
    """Delete files under root, and the folders they leave empty."""
    folders: set[Path] = set()
    for path in paths:
        (root / path).unlink(missing_ok=True)
        folders.update((root / path).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder != root and root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty


def recover(output: Path) -> None:
    """Clean up after a build that was killed: restore output/ or drop a half-made staging."""
    old = output.with_name(f".{output.name}.old")
    staging = output.with_name(f".{output.name}.staging")
    if not output.exists() and old.is_dir():
        os.rename(old, output)
    for leftover in (old, staging):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


class StagedOutput:
    """Changes go into a staging copy of output/, which then replaces output/ in one step."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.staging = output.with_name(f".{output.name}.staging")
        recover(output)

    def prepare(self) -> Path:
        """The staging folder: a hard-link copy of output/, so unchanged files keep mtimes."""
        if self.output.is_dir():
            link_tree(self.output, self.staging)
        else:
            self.staging.mkdir(parents=True)
        return self.staging

    def commit(self, stale: set[str]) -> None:
        """Remove stale files from the staging folder and make it the new output/."""
        remove_files(self.staging, stale)
        if self.output.is_dir() and _exchange(self.staging, self.output):
            shutil.rmtree(self.staging)  # now the previous output
        else:
            old = self.output.with_name(f".{self.output.name}.old")
            if self.output.exists():
                os.rename(self.output, old)
            os.rename(self.staging, self.output)
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        """Drop the staging folder; output/ stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)


class InPlaceOutput:
    """Changed files go straight into output/, each atomically (for the live preview)."""

    def __init__(self, output: Path) -> None:
        self.output = output

    def prepare(self) -> Path:
        self.output.mkdir(parents=True, exist_ok=True)
        return self.output

    def commit(self, stale: set[str]) -> None:
        remove_files(self.output, stale)

    def abort(self) -> None:
        """Files already replaced stay; the next good build brings the rest in line."""
