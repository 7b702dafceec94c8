"""`digest serve`: build, serve output/ with live reload, rebuild on every saved change."""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import traceback
import webbrowser
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from generator.build import BuildOptions, BuildResult
from generator.config import SiteConfig, load_config
from generator.errors import DigestError, ErrorGroup
from generator.live import LiveSite
from generator.render import static_dirs, template_dirs
from generator.search import SearchResult, index_site
from generator.serve.server import PreviewServer, ServerOptions
from generator.serve.watcher import Changes, Debouncer, Layout, Watcher, classify


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="preview the site with live reload",
        description="Build the site, serve it under its base path and rebuild on every change.",
    )
    parser.add_argument(
        "--site", type=Path, default=Path("."), help="site folder (default: current folder)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port (default: %(default)s; 0: any free one)"
    )
    parser.add_argument("--open", action="store_true", help="open the preview in a web browser")
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.set_defaults(run=run)


class Rebuilder(Protocol):
    """Keeps output/ up to date: a first full build, then updates for changed inputs."""

    def build(self) -> BuildResult: ...

    def update(self, changed: Iterable[Path]) -> BuildResult: ...


def site_layout(config: SiteConfig) -> Layout:
    """The folders serve watches for this config, and what each holds."""
    root = config.root
    return Layout(
        root=root,
        content=config.content_dir,
        templates=(root / "templates", *template_dirs(config)),
        static=(root / "static", *static_dirs(config)),
        profiles=root / "profiles",
        ignored=(config.output_dir, config.cache_dir),
    )


def error_payload(error: DigestError) -> dict[str, Any]:
    """The error event's data: the one-line message and each error's file, line and reason."""
    errors = error.errors if isinstance(error, ErrorGroup) else [error]
    items = [{"file": e.where, "line": e.line, "message": e.why} for e in errors]
    return {"message": error.message, "errors": items}


def changed_outputs(result: BuildResult) -> list[str]:
    return list(getattr(result, "changed", ()))


def search_index(config: SiteConfig) -> SearchResult:
    """The search index of output/, brought up to date with its pages."""
    return index_site(config, config.output_dir)


def rebuild(
    site: Rebuilder,
    server: PreviewServer,
    changes: Changes | None,
    index: Callable[[], SearchResult] | None = None,
) -> None:
    """Run one (re)build; tell browsers to reload, or show them what went wrong.

    The search index is brought up to date after the reload event, so an edit shows at
    once and search catches up a moment later (Pagefind reads every page).
    """
    try:
        with server.building():
            result = site.build() if changes is None else site.update(changes.paths)
    except DigestError as exc:
        for line in exc.message.splitlines():  # a group: one line per error
            print(f"error: {line}", file=sys.stderr, flush=True)
        server.notify_error(**error_payload(exc))
        return
    except OSError as exc:  # a file vanished mid-read: the next save retries
        message = f"{exc.filename or ''}: {exc.strerror or exc}"
        print(f"error: {message}", file=sys.stderr, flush=True)
        server.notify_error(message)
        return
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    paths = changed_outputs(result)
    server.notify_reload(paths, css_only=bool(changes and changes.css_only))
    if changes is not None:
        print(f"rebuilt in {result.seconds * 1000:.0f} ms: {len(paths)} files changed", flush=True)
    if index is not None and (changes is None or any(p.endswith(".html") for p in paths)):
        found = index()
        if found.warning:
            print(f"warning: {found.warning}", file=sys.stderr, flush=True)


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM stops the preview as cleanly as Ctrl-C does."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def open_server(config: SiteConfig, args: argparse.Namespace) -> PreviewServer:
    """The bound server, or a one-line error when the address is taken or unknown."""
    options = ServerOptions(config.output_dir, config.base_path, args.host, args.port)
    try:
        return PreviewServer(options)
    except OSError as exc:
        where = f"{args.host}:{args.port}"
        if exc.errno == errno.EADDRINUSE:
            raise DigestError(where, "address already in use; choose another --port") from None
        raise DigestError(where, f"cannot listen: {exc.strerror or exc}") from None


def watch_loop(
    site: Rebuilder, server: PreviewServer, watcher: Watcher, config: SiteConfig
) -> None:
    """Rebuild after every burst of changes, until interrupted."""
    layout = site_layout(config)
    while True:
        changes = classify(watcher.debouncer.wait(), layout)
        if not changes:
            continue
        if changes.layout:
            try:
                config = load_config(config.root)
                layout = site_layout(config)
                watcher.watch(layout)
            except DigestError:
                pass  # the rebuild reports the broken config
            if config.base_path != server.options.base_path:
                print(
                    "warning: base_url changed; restart digest serve to follow it", file=sys.stderr
                )
        try:
            rebuild(site, server, changes, partial(search_index, config))
        except Exception:  # a bug must not end the editor's session; show it and go on
            traceback.print_exc()
            server.notify_error("internal error while rebuilding; see the terminal")


def run(args: argparse.Namespace) -> int:
    root = args.site.resolve()
    config = load_config(root)
    server = open_server(config, args)
    site = LiveSite(BuildOptions(root, drafts=args.drafts, in_place=True))
    watcher = Watcher(site_layout(config), Debouncer())
    try:
        with _stop_on_sigterm():
            watcher.start()
            server.start()
            rebuild(site, server, None, partial(search_index, config))
            print(f"serving {server.url} (Ctrl-C to stop)", flush=True)
            if args.open:
                webbrowser.open(server.url)
            watch_loop(site, server, watcher, config)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        watcher.stop()
        server.stop()
        site.close()
    return 0
