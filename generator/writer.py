"""Rendered pages -> output/: unchanged files kept as they are, stale ones removed, atomically.

A build writes into a staging folder beside output/ (unchanged files are hard links to the
current ones, so their mtimes stay), then swaps the two folders in one rename: output/ is
always either the previous build or the new one, even if the process is killed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError

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


def existing_files(root: Path, keep: tuple[str, ...] = ()) -> set[str]:
    """Every file under root, as posix paths relative to it, except those under keep."""
    if not root.is_dir():
        return set()
    files = (p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir())
    return {f for f in files if not f.startswith(keep)} if keep else set(files)


def recover(output: Path) -> None:
    """Clean up after a build that was killed: restore output/ or drop a half-made staging."""
    old = output.with_name(f".{output.name}.old")
    staging = output.with_name(f".{output.name}.staging")
    if not output.exists() and old.is_dir():
        os.rename(old, output)
    for leftover in (old, staging):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class StagedOutput:
    """Collects a build's files in a staging folder, then replaces output/ in one step."""

    def __init__(
        self,
        output: Path,
        keep: tuple[str, ...] = (),
        finish: Callable[[Path], None] | None = None,
    ) -> None:
        self.output = output
        self.staging = output.with_name(f".{output.name}.staging")
        self.keep = keep  # folders another stage owns (the search index): carried over as they are
        # Run on the complete staging folder before the swap (the search index), so that what
        # it adds appears in output/ in the same rename as the pages it describes.
        self.finish = finish
        recover(output)
        self.staging.mkdir(parents=True)
        self.previous = existing_files(output, keep)
        self.produced: set[str] = set()
        self.written = 0

    def add(self, path: str, data: bytes) -> None:
        """Stage one file; unchanged bytes become a hard link to the current file."""
        if path in self.produced:
            raise BuildError(path, "two pages would be written to this file")
        self.produced.add(path)
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        current = self.output / path
        if path in self.previous and same_bytes(current, data):
            try:
                os.link(current, target)
                return
            except OSError:
                pass  # a file system without hard links: write a copy instead
        self.written += 1
        target.write_bytes(data)

    def commit(self) -> WriteSummary:
        """Make the staged files the new output/; nothing changes if no file did."""
        removed = len(self.previous - self.produced)
        unchanged = len(self.produced) - self.written
        if self.written == 0 and removed == 0 and self.output.is_dir():
            shutil.rmtree(self.staging)
            return WriteSummary(0, unchanged, 0)
        if self.finish is not None:
            self.finish(self.staging)
        self._carry_over_kept()
        if self.output.is_dir() and _exchange(self.staging, self.output):
            shutil.rmtree(self.staging)  # now the previous output
        else:
            old = self.output.with_name(f".{self.output.name}.old")
            if self.output.exists():
                os.rename(self.output, old)
            os.rename(self.staging, self.output)
            shutil.rmtree(old, ignore_errors=True)
        return WriteSummary(self.written, unchanged, removed)

    def _carry_over_kept(self) -> None:
        for prefix in self.keep:
            source = self.output / prefix
            if source.is_dir() and not (self.staging / prefix).exists():
                shutil.copytree(source, self.staging / prefix, copy_function=_link_or_copy)

    def abort(self) -> None:
        """Drop the staging folder; output/ stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)


class InPlaceOutput:
    """Writes changed files straight into output/, each atomically (for the live preview)."""

    def __init__(self, output: Path, keep: tuple[str, ...] = ()) -> None:
        self.output = output
        self.previous = existing_files(output, keep)
        self.produced: set[str] = set()
        self.written = 0

    def add(self, path: str, data: bytes) -> None:
        if path in self.produced:
            raise BuildError(path, "two pages would be written to this file")
        self.produced.add(path)
        target = self.output / path
        if not same_bytes(target, data):
            write_atomic(target, data)
            self.written += 1

    def commit(self) -> WriteSummary:
        stale = self.previous - self.produced
        for path in stale:
            (self.output / path).unlink(missing_ok=True)
        return WriteSummary(self.written, len(self.produced) - self.written, len(stale))

    def abort(self) -> None:
        """Files already replaced stay; the next good build brings the rest in line."""
