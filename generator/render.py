"""PageSpec -> RenderedPage(path, bytes): Jinja for HTML, generators for XML. No file I/O."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator import contexts
from generator.config import SiteConfig
from generator.errors import TemplateError
from generator.feeds import atom_feed, robots_txt, sitemap_files
from generator.markup import render_markdown
from generator.model import Body, HtmlOf
from generator.pages import PageSpec
from generator.site import Site
from generator.views import Views

# Installed with the package (in the repository, a link to the top-level themes/).
PACKAGED_THEMES = Path(__file__).resolve().parent / "themes"


@dataclass(frozen=True)
class RenderedPage:
    """One output file's path (relative to output/) and bytes."""

    path: str
    data: bytes


def theme_dir(config: SiteConfig, name: str) -> Path | None:
    """The theme folder: the site's themes/ first, then the themes shipped with digest."""
    for root in (config.root / "themes", PACKAGED_THEMES):
        if (root / name / "templates").is_dir():
            return root / name
    return None


def template_dirs(config: SiteConfig) -> list[Path]:
    """The one ordered list of template folders: site templates/, the theme, the default."""
    dirs = [config.root / "templates"]
    for name in dict.fromkeys((config.theme, "default")):
        found = theme_dir(config, name)
        if found:
            dirs.append(found / "templates")
    return [d for d in dirs if d.is_dir()]


def static_dirs(config: SiteConfig) -> list[Path]:
    """Theme static folders, the chosen theme after the default so it wins on a clash."""
    dirs = []
    for name in dict.fromkeys(("default", config.theme)):
        found = theme_dir(config, name)
        if found and (found / "static").is_dir():
            dirs.append(found / "static")
    return dirs


def make_environment(config: SiteConfig) -> jinja2.Environment:
    """Jinja with autoescaping everywhere and StrictUndefined, so a typo fails loudly."""
    if config.theme != "default" and theme_dir(config, config.theme) is None:
        from generator.errors import ConfigError

        raise ConfigError(
            str(config.root / "digest.toml"), f"theme '{config.theme}' not found in themes/"
        )
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(config)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def template_error(exc: Exception, template: str) -> TemplateError:
    """A TemplateError naming the template file and line where Jinja failed."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            exc.filename or exc.name or template,
            f"template syntax error: {exc.message}",
            exc.lineno,
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(template, f"template not found: {exc.name}")
    # Jinja maps runtime errors back to template lines in the traceback it rewrites.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".j2", ".jinja")):
            return TemplateError(frame.filename, f"template error: {exc}", frame.lineno)
    return TemplateError(template, f"template error: {exc}")


def _render_text(body: Body) -> str:
    """A body's HTML without a cache: only bodies held in memory can be rendered so."""
    if not isinstance(body, str):
        raise TypeError("a body kept in the build cache needs the cache to render")
    return render_markdown(body)


class Renderer:
    """Renders the pages of one site; each Markdown body is converted at most once."""

    def __init__(
        self,
        site: Site,
        html_cache: HtmlOf | None = None,
        env: jinja2.Environment | None = None,
    ) -> None:
        self.site = site
        self.views = Views(site)
        self.env = env or make_environment(site.config)
        self.env.globals.update(site=self.views.site_view, t=self.views.t, url=self.views.url)
        self.env.globals["articles_count"] = self.views.count_text
        self.env.globals["asset"] = self.asset_url
        self.html_source: HtmlOf = html_cache or _render_text
        self._assets: dict[str, str] = {}

    def asset_url(self, name: str) -> str:
        """A theme asset's URL with a content hash, so browsers never keep a stale copy."""
        if name not in self._assets:
            digest = ""
            for folder in static_dirs(self.site.config):
                if (folder / name).is_file():
                    digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()[:10]
            self._assets[name] = self.views.url(f"static/{name}") + (
                f"?v={digest}" if digest else ""
            )
        return self._assets[name]

    def html(self, body: Body) -> str:
        return self.html_source(body)

    def render(
        self, spec: PageSpec, all_specs: list[PageSpec] | None = None
    ) -> Iterator[RenderedPage]:
        """The file(s) a spec produces (a sitemap may span several)."""
        if spec.kind == "feed":
            yield RenderedPage(spec.file, atom_feed(self.views, spec, self.html))
        elif spec.kind == "sitemap":
            for name, data in sitemap_files(self.views, all_specs or []).items():
                yield RenderedPage(name, data)
        elif spec.kind == "robots":
            yield RenderedPage(spec.file, robots_txt(self.views))
        else:
            yield RenderedPage(spec.file, self.render_html(spec).encode("utf-8"))

    def render_html(self, spec: PageSpec) -> str:
        context: dict[str, Any] = contexts.BUILDERS[spec.kind](self.views, spec, self.html)
        return self.render_context(spec, context)

    def render_context(self, spec: PageSpec, context: dict[str, Any]) -> str:
        """A templated page from a context already built."""
        try:
            return self.env.get_template(spec.template).render(context)
        except jinja2.TemplateError as exc:
            raise template_error(exc, spec.template) from None
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise template_error(exc, spec.template) from None
