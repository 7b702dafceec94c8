"""The build, as a recipe: config, content, site, pages, render, write, search index."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from generator.cache import FILE_NAME, BuildCache, CacheCorrupt, PageMemo, digest
from generator.config import SiteConfig, load_config
from generator.engine import Asset, HtmlCache, Outcome, Work, write
from generator.errors import BuildError, raise_all
from generator.fingerprint import Fingerprinter
from generator.loader import Content, ContentReader, load_content
from generator.pages import PageSpec, plan_pages
from generator.render import Renderer, static_dirs
from generator.search import BUNDLE as SEARCH_BUNDLE
from generator.search import SearchResult, index_site
from generator.site import Site, build_site
from generator.urls import is_inside
from generator.writer import InPlaceOutput, StagedOutput, WriteSummary, existing_files


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which site, drafts or not, an overriding base URL."""

    root: Path
    drafts: bool = False
    base_url: str | None = None
    in_place: bool = False  # write changed files straight into output/ (the live preview)
    cache: bool = True  # keep the build cache in .digest-cache/ (False: start from nothing)
    now: datetime | None = None  # the moment that decides which articles are in the future


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary line."""

    pages: int
    summary: WriteSummary
    seconds: float
    warnings: list[str] = field(default_factory=list)
    changed: tuple[str, ...] = ()  # output-relative paths written or removed by this build
    search: SearchResult = SearchResult()


def read_content(config: SiteConfig, cache: BuildCache | None = None) -> Content:
    """Everything in content/, or every problem in it at once."""
    content, errors = load_content(config, ContentReader(config, cache))
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


def check_assets(assets: dict[str, Path], specs: list[PageSpec]) -> list[Asset]:
    """Static files as output items; one that would overwrite a page stops the build."""
    pages = {spec.file for spec in specs}
    checked = []
    for path, source in assets.items():
        if path in pages:
            raise BuildError(str(source), f"static file would overwrite the page {path}")
        if not is_inside(path):
            raise BuildError(str(source), "static file path would leave the output folder")
        checked.append(Asset(path, source))
    return checked


def prepare_work(
    site: Site,
    specs: list[PageSpec],
    assets: list[Asset],
    cache: BuildCache,
    env: jinja2.Environment | None = None,
    memo: dict[str, PageMemo] | None = None,
) -> Work:
    """The renderer, fingerprints and memo of one build."""
    renderer = Renderer(site, HtmlCache(cache.path, cache), env)
    # Pages link theme assets with a hash of their bytes (asset()), so those are inputs.
    theme_assets = [a for a in assets if a.path.startswith("static/")]
    asset_hashes = b"".join(a.path.encode() + digest(a.source.read_bytes()) for a in theme_assets)
    fingerprinter = Fingerprinter(renderer.views, renderer.env, digest(asset_hashes))
    memo = cache.pages() if memo is None else memo
    return Work(site, specs, assets, renderer, fingerprinter, memo, site.config.output_dir)


def write_output(
    work: Work, cache: BuildCache, in_place: bool, finish: Callable[[Path], None] | None = None
) -> Outcome:
    """Pages and assets into output/; on any error the previous output/ stays intact.

    finish runs on the staged site before it replaces output/ (not for in-place writes).
    """
    config = work.site.config
    spare = config.cache_dir / "output.spare"
    # The search stage owns output/pagefind/: the writer leaves it to that stage.
    keep = (f"{SEARCH_BUNDLE}/",) if config.search else ()
    if in_place:
        output: InPlaceOutput | StagedOutput = InPlaceOutput(config.output_dir, spare)
    else:
        output = StagedOutput(config.output_dir, spare, keep, finish)
    try:
        return write(work, output, cache, existing=existing_files(config.output_dir, keep))
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


@contextmanager
def open_cache(config: SiteConfig, enabled: bool, warnings: list[str]) -> Iterator[BuildCache]:
    """The site's build cache (or a throwaway one); a damaged cache is deleted and rebuilt."""
    folder = config.cache_dir if enabled else None
    try:
        cache = BuildCache(folder)
    except CacheCorrupt as exc:
        assert folder is not None
        warnings.append(f"{folder / FILE_NAME}: build cache unreadable ({exc}); rebuilt")
        BuildCache.remove(folder)
        try:
            cache = BuildCache(folder)
        except CacheCorrupt:  # the disk itself refuses (full, or a file size limit)
            cache = BuildCache(None)
    try:
        yield cache
    finally:
        cache.close()


def build_once(
    options: BuildOptions,
    config: SiteConfig,
    cache: BuildCache,
    finish: Callable[[Path], None] | None = None,
) -> BuildResult:
    """The stages of one build, from content/ to output/."""
    started = time.perf_counter()
    content = read_content(config, cache)
    site = build_site(config, content, options.now or datetime.now(UTC), options.drafts)
    specs = plan_pages(site)
    assets = check_assets(static_files(config), specs)
    work = prepare_work(site, specs, assets, cache)
    outcome = write_output(work, cache, options.in_place, finish)
    return build_result(site, specs, outcome, started)


def build_result(
    site: Site, specs: list[PageSpec], outcome: Outcome, started: float
) -> BuildResult:
    """What a build or a preview update did, for the summary line and the browsers."""
    return BuildResult(
        pages=len(specs),
        summary=WriteSummary(len(outcome.written), outcome.unchanged, len(outcome.removed)),
        seconds=time.perf_counter() - started,
        warnings=future_warnings(site),
        changed=outcome.written + outcome.removed,
    )


def build(options: BuildOptions) -> BuildResult:
    """Build the site at options.root into its output/ folder."""
    started = time.perf_counter()
    overrides = {"base_url": options.base_url} if options.base_url else None
    config = load_config(options.root, overrides)
    warnings: list[str] = []
    staged: list[SearchResult] = []  # indexed in the staging folder, swapped in with it

    def index_staged(folder: Path) -> None:
        staged.append(index_site(config, folder))

    with build_lock(config):
        try:
            with open_cache(config, options.cache, warnings) as cache:
                result = build_once(options, config, cache, index_staged)
        except CacheCorrupt as exc:
            # Damage found mid-build: nothing was committed; start again from an empty cache.
            warnings.append(
                f"{config.cache_dir / FILE_NAME}: build cache unreadable ({exc}); rebuilt"
            )
            BuildCache.remove(config.cache_dir)
            staged.clear()
            with open_cache(config, options.cache, warnings) as cache:
                result = build_once(options, config, cache, index_staged)
        changed = bool(result.changed)
        search = staged[-1] if staged else index_site(config, config.output_dir, changed)
    return replace(
        result,
        seconds=time.perf_counter() - started,
        warnings=warnings + result.warnings + ([search.warning] if search.warning else []),
        search=search,
    )
