"""The build, as a recipe: config, content, site, pages, render, write, search index."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from generator.config import SiteConfig, load_config
from generator.errors import BuildError, raise_all
from generator.loader import Content, load_content
from generator.pages import PageSpec, plan_pages
from generator.render import RenderedPage, Renderer, static_dirs
from generator.search import BUNDLE as SEARCH_BUNDLE
from generator.search import SearchResult, index_site
from generator.site import Site, build_site
from generator.urls import is_inside
from generator.writer import InPlaceOutput, StagedOutput, WriteSummary


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which site, drafts or not, an overriding base URL."""

    root: Path
    drafts: bool = False
    base_url: str | None = None
    in_place: bool = False  # write changed files straight into output/ (the live preview)
    now: datetime | None = None  # the moment that decides which articles are in the future


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary line."""

    pages: int
    summary: WriteSummary
    seconds: float
    warnings: list[str] = field(default_factory=list)
    search: SearchResult = SearchResult()


def read_content(config: SiteConfig) -> Content:
    """Everything in content/, or every problem in it at once."""
    content, errors = load_content(config)
    raise_all(list(errors))
    return content


def static_files(config: SiteConfig) -> dict[str, Path]:
    """Theme assets under static/, then the site's own static/ folder at the site root."""
    files: dict[str, Path] = {}
    for folder in static_dirs(config):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files["static/" + path.relative_to(folder).as_posix()] = path
    own = config.root / "static"
    for path in sorted(own.rglob("*")) if own.is_dir() else []:
        if path.is_file():
            files[path.relative_to(own).as_posix()] = path
    return files


def render_pages(site: Site, specs: list[PageSpec]) -> Iterator[RenderedPage]:
    """Every rendered page, one at a time, so they can stream to disk."""
    renderer = Renderer(site)
    for spec in specs:
        yield from renderer.render(spec, specs)


def write_output(
    config: SiteConfig,
    pages: Iterator[RenderedPage],
    assets: dict[str, Path],
    in_place: bool,
    finish: Callable[[Path], None] | None = None,
) -> WriteSummary:
    """Pages and assets into output/; on any error the previous output/ stays intact.

    finish runs on the staged site before it replaces output/ (not for in-place writes).
    """
    # The search stage owns output/pagefind/: the writer leaves it to that stage.
    keep = (f"{SEARCH_BUNDLE}/",) if config.search else ()
    output = (
        InPlaceOutput(config.output_dir, keep)
        if in_place
        else StagedOutput(config.output_dir, keep, finish)
    )
    try:
        try:
            produced: set[str] = set()
            for page in pages:
                produced.add(page.path)
                output.add(page.path, page.data)
            for path, source in assets.items():
                if path in produced:
                    raise BuildError(str(source), f"static file would overwrite the page {path}")
                if not is_inside(path):
                    raise BuildError(str(source), "static file path would leave the output folder")
                output.add(path, source.read_bytes())
        except BaseException:
            output.abort()
            raise
        return output.commit()
    except OSError as exc:
        # A failed write (disk full) names no file: the message names the folder instead.
        if exc.filename is None:
            exc.filename = str(config.output_dir)
        raise


@contextmanager
def build_lock(config: SiteConfig) -> Iterator[None]:
    """One build of a site at a time: a second one stops with a clear message."""
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    with open(config.cache_dir / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                str(config.root),
                "another digest build is running for this site; wait for it to finish",
            ) from None
        yield


def future_warnings(site: Site) -> list[str]:
    """Articles dated after now are built; the editor is told which."""
    return [
        f"{p.article.path}: dated in the future ({p.article.date.isoformat()}), built anyway"
        for p in site.future
    ]


def build(options: BuildOptions) -> BuildResult:
    """Build the site at options.root into its output/ folder."""
    started = time.perf_counter()
    overrides = {"base_url": options.base_url} if options.base_url else None
    config = load_config(options.root, overrides)
    with build_lock(config):
        content = read_content(config)
        site = build_site(config, content, options.now or datetime.now(UTC), options.drafts)
        specs = plan_pages(site)
        pages = render_pages(site, specs)
        staged: list[SearchResult] = []  # indexed in the staging folder, swapped in with it
        summary = write_output(
            config,
            pages,
            static_files(config),
            options.in_place,
            lambda folder: staged.append(index_site(config, folder)),
        )
        changed = summary.written > 0 or summary.removed > 0
        search = staged[0] if staged else index_site(config, config.output_dir, changed)
    return BuildResult(
        pages=len(specs),
        summary=summary,
        seconds=time.perf_counter() - started,
        warnings=future_warnings(site) + ([search.warning] if search.warning else []),
        search=search,
    )
