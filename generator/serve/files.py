"""Which file of output/ a URL path names (never one outside it), its type, the injected script."""

from __future__ import annotations

import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
}
_TEXT = {".html", ".htm", ".css", ".js", ".mjs", ".xml", ".txt", ".json", ".svg", ".webmanifest"}
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def content_type(path: Path) -> str:
    """The Content-Type of a file, with charset=utf-8 for text."""
    suffix = path.suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if suffix in _TEXT else kind


def inject(page: bytes, tag: bytes) -> bytes:
    """The page with tag before </head>, else before the last </body>, else at the end."""
    head = _HEAD_END.search(page)
    if head:
        return page[: head.start()] + tag + page[head.start() :]
    bodies = list(_BODY_END.finditer(page))
    if bodies:
        at = bodies[-1].start()
        return page[:at] + tag + page[at:]
    return page + tag


@dataclass(frozen=True)
class Located:
    """Where a request path leads: a file, a folder to redirect to with a slash, or nothing."""

    file: Path | None = None
    add_slash: bool = False


def inside(root: Path, path: Path) -> Path | None:
    """The real path of path when it is a file inside root (symlinks followed), else None."""
    real = Path(os.path.realpath(path))
    return real if real.is_relative_to(root) and real.is_file() else None


def locate(root: Path, rel: str) -> Located:
    """The file under root (a real, resolved folder) that serves a URL path relative to the base."""
    try:
        name = unquote(rel, errors="strict")
    except UnicodeDecodeError:
        return Located()
    parts = name.split("/")
    # '..', '.', empty segments ('//' or a leading '/'), backslashes and NUL never name a file.
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part in (".", "..") or "\\" in part or "\x00" in part or (not part and not last):
            return Located()
    folder = name == "" or name.endswith("/")
    target = root.joinpath(*filter(None, parts))
    if folder:
        return Located(inside(root, target / "index.html"))
    found = inside(root, target)
    if found:
        return Located(found)
    return Located(add_slash=inside(root, target / "index.html") is not None)
