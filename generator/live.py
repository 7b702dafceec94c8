"""A site kept in memory between rebuilds, for the preview server.

`LiveSite.update(changed)` runs the same stages as a build, with memoization: only changed
content files are parsed again; an edit that keeps an article's place in the site (date,
slug, terms) patches the Site instead of rebuilding it, and `touched_pages` names the few
pages that can show the edited articles; any other change lets fingerprints decide among
all pages. Pages are written in place, each atomically; the result equals a clean build.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import jinja2

from generator.build import (
    BuildOptions,
    BuildResult,
    build_lock,
    build_result,
    check_assets,
    prepare_work,
    static_files,
)
from generator.cache import BuildCache, CacheCorrupt
from generator.config import CONFIG_NAME, SiteConfig, load_config
from generator.engine import Work, write
from generator.errors import DigestError, raise_all
from generator.fingerprint import template_deps
from generator.loader import Content, ContentReader, content_files, is_content_file
from generator.model import Article, StaticPage
from generator.pages import PageSpec, plan_pages
from generator.render import make_environment, static_dirs, template_dirs
from generator.search import BUNDLE as SEARCH_BUNDLE
from generator.site import Site, build_site
from generator.slugs import slugify
from generator.taxonomy import term_names
from generator.writer import InPlaceOutput, existing_files


@dataclass(frozen=True)
class Change:
    """What a batch of changed paths means for the site."""

    config: bool = False
    content: frozenset[Path] = frozenset()
    templates: bool = False
    static: bool = False


def classify(config: SiteConfig, paths: Iterable[Path]) -> Change:
    """Sort changed paths into config, content, template and static changes (pure)."""
    content: set[Path] = set()
    flags = {"config": False, "templates": False, "static": False}
    templates = _both(template_dirs(config)) + [config.root / "templates"]
    statics = _both(static_dirs(config)) + [config.root / "static"]
    for path in paths:
        if path == config.root / CONFIG_NAME:
            flags["config"] = True
        elif _under(path, config.content_dir):
            content.add(path)
        elif any(_under(p, d) for d in templates for p in (path, path.resolve())):
            flags["templates"] = True
        elif any(_under(p, d) for d in statics for p in (path, path.resolve())):
            flags["static"] = True
    return Change(content=frozenset(content), **flags)


def _both(folders: list[Path]) -> list[Path]:
    return [f for folder in folders for f in (folder, folder.resolve())]


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def place_key(site: Site, article: Article) -> tuple[object, ...]:
    """What decides an article's place in the site: path, date, slug, draft and terms."""
    terms = tuple(term_names(article, t) for t in site.config.taxonomies)
    return (
        article.path,
        article.date,
        article.slug or slugify(article.title),
        article.draft,
        terms,
    )


def showing_pages(site: Site, specs: list[PageSpec]) -> dict[int, tuple[int, ...]]:
    """For each post, the pages that can show it while posts keep their places (pure).

    An article's page, its neighbours' (previous/next links), the pages whose related list
    has it, and every list, feed and the 404 page that lists it. Worked out once per set
    of pages, so an edit finds its pages without looking at all of them.
    """
    found: dict[int, set[int]] = {}
    for index, spec in enumerate(specs):
        if spec.post is not None:
            shown = {spec.post - 1, spec.post, spec.post + 1, *site.related[spec.post]}
        elif spec.kind == "404":
            shown = set(range(min(5, len(site.posts))))
        else:
            shown = set(spec.items)
        for post in shown:
            found.setdefault(post, set()).add(index)
    return {post: tuple(sorted(pages)) for post, pages in found.items()}


def touched_pages(
    site: Site,
    specs: list[PageSpec],
    posts: set[int],
    redated: bool = True,
    showing: dict[int, tuple[int, ...]] | None = None,
) -> list[int]:
    """The pages that can show the given posts, when the posts kept their places (pure).

    Those of showing_pages, and the sitemap when an article's update date (its lastmod
    there) changed.
    """
    showing = showing_pages(site, specs) if showing is None else showing
    touched = {page for post in posts for page in showing.get(post, ())}
    if redated:
        touched.update(i for i, spec in enumerate(specs) if spec.kind == "sitemap")
    return sorted(touched)


@dataclass(frozen=True)
class Patch:
    """A site patched in place: the edited posts (None: any page may have changed)."""

    site: Site
    edited: list[int] | None
    redated: bool


@dataclass
class State:
    """What the preview keeps between rebuilds."""

    config: SiteConfig
    reader: ContentReader
    files: dict[str, Article | StaticPage]  # content file (site-relative) -> what it holds
    site: Site
    specs: list[PageSpec]
    work: Work
    showing: dict[int, tuple[int, ...]] | None = None  # showing_pages(), once needed
    posts_by_file: dict[str, int] | None = None  # content file -> its post, once needed

    def pages_showing(self) -> dict[int, tuple[int, ...]]:
        if self.showing is None:
            self.showing = showing_pages(self.site, self.specs)
        return self.showing

    def post_index(self) -> dict[str, int]:
        if self.posts_by_file is None:
            self.posts_by_file = {p.article.path: i for i, p in enumerate(self.site.posts)}
        return self.posts_by_file

    def warm_up(self) -> None:
        """Do now what the first edit would otherwise wait for: indexes, compiled templates."""
        self.pages_showing()
        self.post_index()
        env = self.work.renderer.env
        for template in env.list_templates(["html", "xml"]):  # partials, which pages include
            try:
                env.get_template(template)
            except jinja2.TemplateError:
                pass  # rendering the page reports it, with its line


class LiveSite:
    """A site kept in memory between rebuilds, for the preview server."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = replace(options, in_place=True)
        self.state: State | None = None
        self.cache: BuildCache | None = None
        self.pending: set[Path] = set()

    def _open_cache(self, config: SiteConfig) -> BuildCache:
        if self.cache is None:
            try:
                self.cache = BuildCache(config.cache_dir if self.options.cache else None)
            except CacheCorrupt:
                BuildCache.remove(config.cache_dir)
                self.cache = BuildCache(config.cache_dir)
        return self.cache

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def build(self) -> BuildResult:
        """A full build, written in place into output/, its state kept in memory."""
        started = time.perf_counter()
        overrides = {"base_url": self.options.base_url} if self.options.base_url else None
        config = load_config(self.options.root, overrides)
        if self.cache is not None and self.state and self.state.config.root != config.root:
            self.close()
        cache = self._open_cache(config)
        reader = ContentReader(config, cache)
        files: dict[str, Article | StaticPage] = {}
        errors: list[DigestError] = []
        for folder in ("articles", "pages"):
            for path in content_files(config.content_dir / folder):
                value, found = reader.read(path)
                errors.extend(found)
                if value is not None:
                    files[value.path] = value
        raise_all(errors)
        reader.flush()
        self.pending.clear()
        result = self._rebuild(config, reader, files, None, started)
        assert self.state is not None
        self.state.warm_up()
        return result

    def update(self, changed: Iterable[Path]) -> BuildResult:
        """Re-read what changed and re-render only the pages it affects, in place."""
        started = time.perf_counter()
        self.pending.update(Path(p).absolute() for p in changed)
        state = self.state
        if state is None:
            return self.build()
        change = classify(state.config, self.pending)
        if change.config:
            return self.build()
        files = dict(state.files)
        errors: list[DigestError] = []
        affected: set[str] = set()
        for path in sorted(change.content):
            # A path may be a folder moved in or out: everything under it is affected.
            where = path.relative_to(state.config.root).as_posix()
            gone = [w for w in files if w == where or w.startswith(where + "/")]
            for name in gone:
                del files[name]
            affected.update(gone)
            found_paths = content_files(path) if path.is_dir() else [path]
            for found in found_paths:
                if _is_listed(state.config, found):
                    value, problems = state.reader.read(found, force=True)
                    errors.extend(problems)
                    name = found.relative_to(state.config.root).as_posix()
                    affected.add(name)
                    if value is not None:
                        files[name] = value
        raise_all(errors)
        state.reader.flush()
        patched = self._patch(state, files, affected)
        if patched is not None and change.static:
            patched = replace(patched, edited=None)  # any page may link a changed asset
        self.pending.clear()
        return self._rebuild(state.config, state.reader, files, patched, started, change)

    def _patch(
        self, state: State, files: dict[str, Article | StaticPage], affected: set[str]
    ) -> Patch | None:
        """The site with edited articles swapped in, and the posts edited; None if places moved."""
        site = state.site
        index = state.post_index()
        posts = list(site.posts)
        edited: list[int] = []
        redated = False
        for where in affected:
            old, new = state.files.get(where), files.get(where)
            if old is None and new is None:
                continue  # not a content file (an editor's backup, say)
            if not isinstance(old, Article) or not isinstance(new, Article):
                return None
            if place_key(site, old) != place_key(site, new):
                return None
            if where in index:
                i = index[where]
                posts[i] = replace(posts[i], article=new)
                edited.append(i)
                redated = redated or old.updated != new.updated
            elif not old.draft or self.options.drafts:
                return None
        facts = dict(site.facts)
        facts.update(state.reader.facts)
        return Patch(replace(site, posts=tuple(posts), facts=facts), edited, redated)

    def _rebuild(
        self,
        config: SiteConfig,
        reader: ContentReader,
        files: dict[str, Article | StaticPage],
        patched: Patch | None,
        started: float,
        change: Change | None = None,
    ) -> BuildResult:
        cache = self._open_cache(config)
        state = self.state
        with build_lock(config):
            candidates: list[int] | None = None
            existing = None
            showing = None
            if patched is not None and state is not None:
                site, specs = patched.site, state.specs
                if patched.edited is not None:
                    showing = state.pages_showing()  # the same places, the same pages
                    edited = set(patched.edited)
                    candidates = touched_pages(site, specs, edited, patched.redated, showing)
            else:
                site = build_site(config, _content(files, reader), self._now(), self.options.drafts)
                specs = plan_pages(site)
            reuse = state is not None and state.config == config
            if reuse and change is not None and not change.templates and state is not None:
                env = state.work.renderer.env
            else:
                env = make_environment(config)
            if not reuse or change is None:
                # output/pagefind/ belongs to the search stage, as in a build.
                keep = (f"{SEARCH_BUNDLE}/",) if config.search else ()
                existing = existing_files(config.output_dir, keep)
            assets = check_assets(static_files(config), specs)
            memo = state.work.memo if reuse and state is not None else None
            work = prepare_work(site, specs, assets, cache, env, memo)
            if patched is not None and state is not None and patched.edited is not None:
                # Same places, same terms: views of posts not edited stay valid.
                work.renderer.views.adopt(state.work.renderer.views, set(patched.edited))
                if specs is state.specs and work.assets == state.work.assets:
                    work._keys = state.work._keys
            if reuse and state is not None and env is state.work.renderer.env:
                work.fingerprinter.reuse(state.work.fingerprinter)
            changed: frozenset[int] = frozenset()
            if candidates is not None and change is not None and change.templates and state:
                changed = pages_using(work, changed_templates(state.work, work))
                candidates = sorted(set(candidates) | changed)
            output = InPlaceOutput(config.output_dir, config.cache_dir / "output.spare")
            outcome = write(work, output, cache, candidates, existing, changed)
        work.memo = outcome.memo
        kept = state.posts_by_file if state is not None and showing is not None else None
        self.state = State(config, reader, files, site, specs, work, showing, kept)
        return build_result(site, specs, outcome, started)

    def _now(self) -> datetime:
        return self.options.now or datetime.now(UTC)


def changed_templates(old: Work, new: Work) -> set[str]:
    """Templates added, removed or edited between two builds (pure)."""
    before, after = old.fingerprinter.sources, new.fingerprinter.sources
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def pages_using(work: Work, templates: set[str]) -> frozenset[int]:
    """The pages whose template uses any of the given templates (pure)."""
    env = work.renderer.env
    names = {spec.template for spec in work.specs if spec.template}
    hit = {name for name in names if template_deps(env, name) & templates}
    return frozenset(i for i, spec in enumerate(work.specs) if spec.template in hit)


def _is_listed(config: SiteConfig, path: Path) -> bool:
    """True when a build would read the file as an article or page."""
    folders = (config.content_dir / "articles", config.content_dir / "pages")
    return (
        path.suffix == ".md"
        and any(folder in path.parents for folder in folders)
        and is_content_file(path)
        and path.is_file()
    )


def _content(files: dict[str, Article | StaticPage], reader: ContentReader) -> Content:
    """The Content a build would read, in its order (articles, then pages, by path)."""
    ordered = sorted(files.items(), key=lambda item: PurePosixPath(item[0]).parts)
    articles = tuple(v for _, v in ordered if isinstance(v, Article))
    pages = tuple(v for _, v in ordered if isinstance(v, StaticPage))
    facts = {a.path: reader.facts[a.path] for a in articles if a.path in reader.facts}
    return Content(articles, pages, facts)
