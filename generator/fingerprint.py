"""Fingerprints of a page's inputs: equal fingerprints mean the page renders to equal bytes.

A fingerprint is a hash of everything a page is made from: the template context (built by
the same code that renders, with each Markdown body standing in as its hash), the templates
it uses, the site configuration, asset hashes and the version of digest itself. Comparing
fingerprints is how a build knows which pages it can skip.
"""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.meta

from generator import contexts
from generator.cache import body_key, code_version, digest
from generator.model import Body
from generator.pages import PageSpec
from generator.views import PostView, Views


def template_sources(env: jinja2.Environment) -> dict[str, bytes]:
    """Every template the environment can load: name -> hash of the file that wins."""
    assert env.loader is not None
    found: dict[str, bytes] = {}
    for name in env.loader.list_templates():
        source, _, _ = env.loader.get_source(env, name)
        found[name] = digest(source.encode("utf-8"))
    return found


def template_deps(env: jinja2.Environment, name: str) -> frozenset[str]:
    """The templates `name` extends, includes or imports, itself included (all if unknown)."""
    assert env.loader is not None
    every = frozenset(env.loader.list_templates())
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen or current not in every:
            seen.add(current)
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)
        try:
            parsed = env.parse(source)
        except jinja2.TemplateSyntaxError:
            return every | {name}  # rendering reports the error, with its line
        for ref in jinja2.meta.find_referenced_templates(parsed):
            if ref is None:  # a computed name: any template may be used
                return every | {name}
            todo.append(ref)
    return frozenset(seen)


class Fingerprinter:
    """Fingerprints of one site's pages; each post's view is encoded once."""

    def __init__(self, views: Views, env: jinja2.Environment, assets: bytes) -> None:
        self.views = views
        self.env = env
        sources = template_sources(env)
        base = code_version() + digest(repr(views.config).encode()) + assets
        self._base = base
        self._sources = sources
        self._per_template: dict[str, bytes] = {}
        self._posts: dict[int, str] = {}

    @property
    def sources(self) -> dict[str, bytes]:
        """Template name -> hash of the file that wins, as this fingerprinter saw them."""
        return self._sources

    def reuse(self, previous: Fingerprinter) -> None:
        """Take the template dependencies worked out by a fingerprinter of the same files."""
        if previous._base == self._base and previous._sources == self._sources:
            self._per_template.update(previous._per_template)
        # Encoded post views are keyed by identity: only views this fingerprinter's Views
        # adopted (the very same objects, still alive) may keep their encoding.
        alive = {id(view) for view in self.views.known_posts()}
        self._posts.update((k, v) for k, v in previous._posts.items() if k in alive)

    def template_part(self, name: str) -> bytes:
        """What a page using template `name` depends on besides its context."""
        if name not in self._per_template:
            deps = sorted(template_deps(self.env, name))
            parts = [d.encode() + self._sources.get(d, b"missing") for d in deps]
            self._per_template[name] = digest(self._base + b"\0".join(parts))
        return self._per_template[name]

    def encode(self, value: Any) -> str:
        """A stable text form of a context value; post views are encoded once each."""
        if isinstance(value, PostView):
            key = id(value)
            if key not in self._posts:
                self._posts[key] = digest(repr(value).encode("utf-8")).hex()
            return self._posts[key]
        if isinstance(value, list | tuple):
            return "[" + ",".join(self.encode(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k!r}:{self.encode(v)}" for k, v in value.items()) + "}"
        return repr(value)

    def html_page(self, spec: PageSpec) -> bytes:
        """The fingerprint of a templated page."""
        return self.html_context(spec)[0]

    def html_context(self, spec: PageSpec) -> tuple[bytes, dict[str, Any], dict[str, Body]]:
        """The fingerprint of a templated page, its context with each Markdown body standing
        in as its hash, and those hashes' bodies (so the context can be rendered as well)."""
        bodies: dict[str, Body] = {}

        def token(body: Body) -> str:
            key = body_key(body).hex()
            bodies[key] = body
            return key

        context = contexts.BUILDERS[spec.kind](self.views, spec, token)
        text = repr(spec) + self.encode(context)
        fingerprint = digest(self.template_part(spec.template) + text.encode("utf-8"))
        return fingerprint, context, bodies

    def feed(self, spec: PageSpec) -> bytes:
        """The fingerprint of an Atom feed: its spec, its posts' views and articles."""
        site = self.views.site
        parts = [repr(spec)]
        if spec.taxonomy is not None and spec.term is not None:
            term = site.terms[spec.taxonomy][spec.term]
            parts.append(repr((term.name, term.path)))
        for index in spec.items:
            parts.append(self.encode(self.views.post(index)))
            parts.append(repr(site.posts[index].article))
        return digest(self._base + "\0".join(parts).encode("utf-8"))
