"""File events -> Changes: what an edit touched, with editors' temporary files left out."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

KINDS = ("content", "template", "static", "config", "profile")
CONFIG_NAME = "digest.toml"

# Event types that may change what a build reads: opening or reading a file does not, but a
# change of attributes does (`touch digest.toml` is how people ask for a rebuild).
_CHANGING = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})

# Names editors write beside the file they save, then rename or delete.
_TEMPORARY = re.compile(
    r"""(
        \.sw[a-p]$ | \.swx$ | \.swpx$           # vim swap files
      | ~$                                       # vim/emacs backups
      | ^\.\#                                    # emacs lock links
      | ^\#.*\#$                                 # emacs auto-save
      | \.tmp$ | \.temp$                         # atomic-rename temporaries (vim, IDEs, tools)
      | ___jb_(tmp|old|bak)___$                  # JetBrains safe write
      | ^\.goutputstream-                        # GIO/gedit
      | \.kate-swp$ | \.crswap$ | \.part$        # kate, Chrome's File System Access, downloads
      | ^sed[A-Za-z0-9]{6}$                      # sed -i
      | ^\.DS_Store$
    )""",
    re.VERBOSE,
)


def is_temporary(name: str, is_directory: bool = False) -> bool:
    """True for files that editors create while saving, which never hold the saved text."""
    if _TEMPORARY.search(name):
        return True
    # Vim checks it may write in a folder by creating 4913 (then 5036, 5159, ... if taken).
    return (
        not is_directory and name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0
    )


@dataclass(frozen=True)
class FileEvent:
    """One raw file-system event: its type, path(s) and whether it is about a folder."""

    type: str  # created, modified, deleted, moved, closed, ...
    src: Path
    dest: Path | None = None
    is_directory: bool = False


@dataclass(frozen=True)
class Layout:
    """Which watched folder holds which kind of input, and what is never an input."""

    root: Path
    content: Path
    templates: tuple[Path, ...]
    static: tuple[Path, ...]
    profiles: Path
    ignored: tuple[Path, ...]  # output/ and the cache

    def folders(self) -> list[Path]:
        """The folders to watch recursively (the site root itself is watched shallowly)."""
        wanted = [self.content, *self.templates, *self.static, self.profiles]
        return [p for p in dict.fromkeys(wanted) if p.is_dir()]

    def kind(self, path: Path) -> str | None:
        """The kind of input a path is, or None when it is not an input."""
        if any(path.is_relative_to(p) for p in self.ignored):
            return None
        if path == self.root / CONFIG_NAME:
            return "config"
        for kind, folders in (
            ("content", (self.content,)),
            ("template", self.templates),
            ("static", self.static),
            ("profile", (self.profiles,)),
        ):
            if any(path.is_relative_to(p) for p in folders):
                return kind
        return None


@dataclass(frozen=True)
class Changes:
    """Paths created, modified or deleted (folders too: a folder moved out of content/ counts)."""

    paths: frozenset[Path] = frozenset()
    kinds: frozenset[str] = frozenset()
    layout: bool = False  # the config or a top-level watched folder changed: watch anew

    def __bool__(self) -> bool:
        return bool(self.paths)

    @property
    def css_only(self) -> bool:
        """Only stylesheets changed: browsers can swap them without reloading."""
        return self.kinds == {"static"} and all(p.suffix == ".css" for p in self.paths)


def _ends(event: FileEvent) -> list[Path]:
    """The paths an event touches: both ends of a move."""
    if event.type not in _CHANGING:
        return []
    if event.type == "modified" and event.is_directory:
        return []  # a folder's mtime changes with every file in it; the file event says more
    return [event.src] if event.dest is None else [event.src, event.dest]


def classify(events: Iterable[FileEvent], layout: Layout) -> Changes:
    """The inputs a batch of events touched; editors' temporaries and outputs are left out."""
    paths: set[Path] = set()
    kinds: set[str] = set()
    relayout = False
    for event in events:
        for path in _ends(event):
            if is_temporary(path.name, event.is_directory):
                continue
            kind = layout.kind(path)
            if kind is None:
                continue
            paths.add(path)
            kinds.add(kind)
            top_level = event.is_directory and path.parent == layout.root
            relayout = relayout or kind == "config" or top_level
    return Changes(frozenset(paths), frozenset(kinds), relayout)


class Debouncer:
    """Gathers a burst of events (one save is often several) into one batch."""

    def __init__(self, quiet: float = 0.02, cap: float = 0.5) -> None:
        self.quiet = quiet  # seconds without an event that end a burst
        self.cap = cap  # longest a burst may delay a rebuild
        self._events: list[FileEvent] = []
        self._first = 0.0
        self._last = 0.0
        self._cond = threading.Condition()

    def add(self, event: FileEvent) -> None:
        """Record one event (called from the watching thread)."""
        with self._cond:
            now = time.monotonic()
            if not self._events:
                self._first = now
            self._last = now
            self._events.append(event)
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> list[FileEvent]:
        """The next complete burst; empty when timeout passes with no event at all."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                now = time.monotonic()
                if self._events:
                    settle = min(self._last + self.quiet, self._first + self.cap)
                    if now >= settle:
                        events, self._events = self._events, []
                        return events
                    self._cond.wait(settle - now)
                elif deadline is not None and now >= deadline:
                    return []
                else:
                    # Short waits so Ctrl-C reaches the main thread promptly.
                    left = 0.5 if deadline is None else min(0.5, deadline - now)
                    self._cond.wait(left)


class _Forward(FileSystemEventHandler):
    """Hands every watchdog event to a callback as a FileEvent."""

    def __init__(self, callback: Callable[[FileEvent], None]) -> None:
        self.callback = callback

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGING:
            return  # every build reads every input: those reads must not prolong a burst
        dest = getattr(event, "dest_path", "") or None
        self.callback(
            FileEvent(
                type=event.event_type,
                src=Path(_text(event.src_path)),
                dest=Path(_text(dest)) if dest else None,
                is_directory=event.is_directory,
            )
        )


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


class Watcher:
    """A watchdog observer over a site's inputs, feeding a Debouncer."""

    def __init__(self, layout: Layout, debouncer: Debouncer) -> None:
        self.debouncer = debouncer
        self.observer: BaseObserver = Observer()
        self._handler = _Forward(debouncer.add)
        self.watch(layout)

    def watch(self, layout: Layout) -> None:
        """Watch the folders of this layout (again: a new theme or a new templates/)."""
        self.observer.unschedule_all()
        self.observer.schedule(self._handler, str(layout.root), recursive=False)
        for folder in layout.folders():
            self.observer.schedule(self._handler, str(folder), recursive=True)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        """Stop watching and wait for the observer's thread to end."""
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(timeout=5)
