"""Rendered pages -> output/: unchanged files kept as they are, stale ones removed, atomically.

A build that changes anything writes into a staging folder beside output/ (a hard-link copy
of it, so unchanged files keep their mtimes), then swaps the two folders in one rename:
output/ is always either the previous build or the new one, even if the process is killed.
A build that changes nothing touches nothing.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class WriteSummary:
    """What a build did to output/."""

    written: int
    unchanged: int
    removed: int


@functools.cache
def libc() -> ctypes.CDLL | None:
    """The C library of this process, or None where it cannot be loaded.

    CDLL(None) finds it among the symbols already loaded; ctypes.util.find_library would
    run ldconfig in a subprocess, which a freshly forked worker must not do (it inherits
    the build's stdout and may hang in it before it can arrange to die with its parent).
    """
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(libc(), "renameat2", None)
    if renameat2 is None:
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


def existing_files(root: Path, keep: tuple[str, ...] = ()) -> set[str]:
    """Every file under root, as posix paths relative to it, except those under keep."""
    found: set[str] = set()
    if not root.is_dir():
        return found
    for folder, _dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return {f for f in found if not f.startswith(keep)} if keep else found


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
    """Clean up after a build that was killed mid-swap: restore output/ if it is missing."""
    old = output.with_name(f".{output.name}.old")
    if not output.exists() and old.is_dir():
        os.rename(old, output)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


class Spare:
    """The previous output/, kept after a swap to become the next staging folder.

    Its journal records the inodes of output/ and the spare and what the last build wrote
    and removed, so the next build brings the spare up to date in time proportional to
    the last change rather than to the site. Anything unexpected discards it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.journal = folder.with_name(folder.name + ".json")

    def invalidate(self) -> None:
        """Forget the spare's state (output/ is about to change some other way)."""
        self.journal.unlink(missing_ok=True)

    def _state(self, output: Path) -> dict[str, Any] | None:
        try:
            state = json.loads(self.journal.read_text(encoding="utf-8"))
            if (
                state["output"] == output.stat().st_ino
                and state["spare"] == self.folder.stat().st_ino
            ):
                return state
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def checkout(self, output: Path) -> Path:
        """The spare, made equal to output/ (hard links), ready for this build's changes."""
        state = self._state(output)
        self.invalidate()  # from here until the swap, the spare is in flux
        if state is None:
            shutil.rmtree(self.folder, ignore_errors=True)
            if output.is_dir():
                link_tree(output, self.folder)
            else:
                self.folder.mkdir(parents=True)
            return self.folder
        for path in state["written"]:
            relink(output / path, self.folder / path)
        remove_files(self.folder, set(state["removed"]))
        return self.folder

    def record(self, output: Path, written: list[str], removed: set[str]) -> None:
        """After a swap: the spare holds the previous output, which differs by these files."""
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        state = {
            "output": output.stat().st_ino,
            "spare": self.folder.stat().st_ino,
            "written": written,
            "removed": sorted(removed),
        }
        write_atomic(self.journal, json.dumps(state).encode())


def relink(source: Path, target: Path) -> None:
    """Make target a hard link to source, replacing what is there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copy2(source, temporary)
    os.replace(temporary, target)


class StagedOutput:
    """Changes go into a staging copy of output/, which then replaces output/ in one step.

    keep: folders of output/ that another stage owns (the search index); they move into
    the new output/ as they are.
    """

    def __init__(
        self,
        output: Path,
        spare: Path,
        keep: tuple[str, ...] = (),
        finish: Callable[[Path], None] | None = None,
    ) -> None:
        self.output = output
        self.spare = Spare(spare)
        self.keep = keep
        # Run on the complete staging folder before the swap (the search index), so that what
        # it adds appears in output/ in the same rename as the pages it describes.
        self.finish = finish
        recover(output)

    def prepare(self) -> Path:
        """The staging folder: output/ as hard links, so unchanged files keep their mtimes."""
        return self.spare.checkout(self.output)

    def commit(self, stale: set[str], written: list[str]) -> None:
        """Remove stale files from the staging folder and make it the new output/."""
        staging = self.spare.folder
        remove_files(staging, stale)
        # A kept folder in the spare is from an older build: set it aside, let finish make
        # a fresh one, or else carry over output/'s as hard links. output/ is not touched
        # until the swap, so a kill at any moment leaves it whole.
        trash = staging.with_name(staging.name + ".trash")
        shutil.rmtree(trash, ignore_errors=True)
        for folder in self.keep:
            if (staging / folder).exists():
                trash.mkdir(parents=True, exist_ok=True)
                os.rename(staging / folder, trash / folder.strip("/"))
        if self.finish is not None:
            self.finish(staging)
        for folder in self.keep:
            if not (staging / folder).exists() and (self.output / folder).is_dir():
                link_tree(self.output / folder, staging / folder)
        self._swap(staging, written, stale)
        shutil.rmtree(trash, ignore_errors=True)

    def _swap(self, staging: Path, written: list[str], stale: set[str]) -> None:
        if self.output.is_dir() and _exchange(staging, self.output):
            self.spare.record(self.output, written, stale)
            return
        old = self.output.with_name(f".{self.output.name}.old")
        existed = self.output.exists()
        if existed:
            os.rename(self.output, old)
        os.rename(staging, self.output)
        if existed:
            os.rename(old, staging)
        else:  # a first build: keep a linked copy so the next one need not make it
            link_tree(self.output, staging)
            written = []
        self.spare.record(self.output, written, stale)

    def abort(self) -> None:
        """Drop the staging folder's changes; output/ stays as it was."""
        shutil.rmtree(self.spare.folder, ignore_errors=True)


class InPlaceOutput:
    """Changed files go straight into output/, each atomically (for the live preview)."""

    def __init__(self, output: Path, spare: Path) -> None:
        self.output = output
        self.spare = Spare(spare)

    def prepare(self) -> Path:
        self.spare.invalidate()  # the spare no longer matches what output/ will hold
        self.output.mkdir(parents=True, exist_ok=True)
        return self.output

    def commit(self, stale: set[str], written: list[str]) -> None:
        remove_files(self.output, stale)

    def abort(self) -> None:
        """Files already replaced stay; the next good build brings the rest in line."""
