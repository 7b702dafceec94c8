"""Test helpers that look at folders as a whole: snapshots, hashes, files written where."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and symlink under root (relative posix path -> sha256 of its bytes or target).

    Top-level entries named in `skip` are left out.
    """
    found: dict[str, str] = {}
    if not root.exists():
        return found
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in skip]
        for name in files + [d for d in dirs if (here / d).is_symlink()]:
            path = here / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "link:" + os.readlink(path)
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def tree_hash(root: Path) -> str:
    """One hash for a whole folder: its file names and contents ('' for a missing folder)."""
    if not root.exists():
        return ""
    digest = hashlib.sha256()
    for key, value in sorted(snapshot(root).items()):
        digest.update(f"{key}\0{value}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
