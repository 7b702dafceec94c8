"""A built site checked as GitHub Pages will serve it: links, anchors, assets, feeds, sitemap.

One pass over output/: every HTML page is parsed once with lxml (its ids, title, lang and
links are kept), then every link is resolved against the set of files, the way GitHub
Pages maps URLs to files under the site's base path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from generator.errors import DigestError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SKIPPED_SCHEMES = {"mailto", "tel", "sms", "data", "javascript", "about", "blob"}
# Link-bearing attributes; srcset holds a comma-separated list of "url width" candidates.
LINK_XPATH = "//@href | //@src | //@srcset | //@poster | //@data | //@action | //@cite"
ID_XPATH = "//@id | //a/@name"
# Plain lxml elements: lxml.html's element classes cost a lookup per element.
HTML_PARSER = etree.HTMLParser(encoding="utf-8", no_network=True)


@dataclass(frozen=True)
class CheckOptions:
    """Which built site to check and the URL it will be published at."""

    output: Path
    base_url: str


@dataclass(frozen=True)
class Problem:
    """One thing GitHub Pages would serve wrong: where it is, the link, what is wrong."""

    page: str
    link: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.why}" if self.link else f"{self.page}: {self.why}"


@dataclass(frozen=True)
class CheckReport:
    """What was checked and every problem found."""

    pages: int
    links: int
    feeds: int
    problems: tuple[Problem, ...]


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """Where an internal URL leads: the output file that serves it, or why none does."""

    file: str | None
    why: str = ""


class SiteMap:
    """The output folder as GitHub Pages sees it: files under a base URL."""

    def __init__(self, output: Path, base_url: str) -> None:
        self.output = output
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self.host = (parts.hostname or "").lower()
        self.base_path = parts.path or "/"
        self.files = _all_files(output)

    def page_url(self, file: str) -> str:
        """The URL path a file is served at: 'a/index.html' -> '/base/a/'."""
        if file == "index.html" or file.endswith("/index.html"):
            file = file[: -len("index.html")]
        return self.base_path + file

    def classify(self, url: str) -> str:
        """'internal', 'external', 'skip' or a reason the link is wrong."""
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError as exc:  # e.g. an unclosed IPv6 bracket
            return f"not a valid URL: {exc}"
        scheme = parts.scheme.lower()
        if scheme in SKIPPED_SCHEMES:
            return "skip"
        if scheme == "file":
            return "points at a file:// path on a local disk"
        host = (hostname or "").lower() if parts.netloc else ""
        if host in LOCAL_HOSTS or host.endswith(".localhost"):
            return "points at localhost"
        if scheme and scheme not in ("http", "https"):
            return "skip"
        if parts.netloc and host != self.host:
            return "external"
        return "internal"

    def resolve(self, path: str) -> Target:
        """The file GitHub Pages serves for an absolute URL path, or why there is none."""
        path = unquote(path)
        if "/." in path:  # a browser removes dot segments before asking: /news/../x is /x
            path = urljoin(self.base_path, path)
        if not path.startswith(self.base_path):
            if path + "/" == self.base_path:
                return Target("index.html")
            return Target(None, f"outside the base path {self.base_path}")
        relative = path[len(self.base_path) :]
        if relative == "" or relative.endswith("/"):
            candidates = [relative + "index.html"]
        else:  # Pages also serves /x from x.html and redirects /x to /x/
            candidates = [relative, relative + ".html", relative + "/index.html"]
        for candidate in candidates:
            if candidate in self.files:
                return Target(candidate)
        return Target(None, "not found")


def _all_files(output: Path) -> set[str]:
    found: set[str] = set()
    prefix = len(str(output)) + 1
    for folder, _dirs, names in os.walk(output):
        for name in names:
            found.add(os.path.join(folder, name)[prefix:].replace(os.sep, "/"))
    return found


def _link_values(attribute: etree._ElementUnicodeResult) -> list[str]:
    value = str(attribute).strip()
    if attribute.attrname == "srcset":
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    if attribute.attrname == "data" and attribute.getparent().tag != "object":
        return []
    return [value]


def read_page(path: Path, name: str, problems: list[Problem]) -> _Page:
    """One HTML page's ids and links; a missing title or lang is a problem."""
    page = _Page()
    try:
        root = etree.fromstring(path.read_bytes(), HTML_PARSER)
    except etree.LxmlError:
        root = None
    if root is None:
        problems.append(Problem(name, "", "is empty or not HTML"))
        return page
    if not root.get("lang", "").strip():
        problems.append(Problem(name, "", "<html> has no lang attribute"))
    title = root.find(".//title")
    if title is None or not "".join(title.itertext()).strip():
        problems.append(Problem(name, "", "has no <title> or an empty one"))
    page.ids.update(str(v) for v in root.xpath(ID_XPATH))
    for attribute in root.xpath(LINK_XPATH):
        page.links.extend(_link_values(attribute))
    return page


class Checker:
    """Resolves every link of every page against the site map, caching what it learns."""

    def __init__(self, site: SiteMap, pages: dict[str, _Page]) -> None:
        self.site = site
        self.pages = pages
        self.resolved: dict[str, Target] = {}
        self.verdicts: dict[tuple[str, str], str | None] = {}

    def target(self, path: str) -> Target:
        if path not in self.resolved:
            self.resolved[path] = self.site.resolve(path)
        return self.resolved[path]

    def check_link(self, name: str, link: str) -> str | None:
        """Why a link on page `name` is broken, or None when it works."""
        if not link or link.startswith("#"):
            return self.check_fragment(name, link[1:])
        # A link means the same on every page unless it is relative: check it once.
        scheme = link.split("/", 1)[0]
        relative = not link.startswith("/") and ":" not in scheme
        key = (self.site.page_url(name) if relative else "", link)
        if key not in self.verdicts:
            self.verdicts[key] = self._check(name, link)
        return self.verdicts[key]

    def _check(self, name: str, link: str) -> str | None:
        kind = self.site.classify(link)
        if kind in ("skip", "external"):
            return None
        if kind != "internal":
            return kind
        parts = urlsplit(link)
        if name == "404.html" and not parts.netloc and not parts.path.startswith("/"):
            return "relative link on 404.html: it breaks when the page is served at another depth"
        path = (
            parts.path
            if parts.path.startswith("/")
            else urljoin(self.site.page_url(name), parts.path)
        )
        target = self.target(path)
        if target.file is None:
            return target.why
        return self.check_fragment(target.file, parts.fragment)

    def check_fragment(self, file: str, fragment: str) -> str | None:
        fragment = unquote(fragment)
        if not fragment or fragment == "top" or file not in self.pages:
            return None
        if fragment not in self.pages[file].ids:
            return f"no element with id '{fragment}' on {file}"
        return None


def _valid_date(text: str | None) -> bool:
    """An RFC 3339 date-time with a time zone, as Atom requires."""
    try:
        return datetime.fromisoformat((text or "").strip()).tzinfo is not None
    except ValueError:
        return False


def _check_atom_dates(element: etree._Element, where: str, problems: list[str]) -> None:
    for tag in ("id", "title", "updated"):
        child = element.find(ATOM + tag)
        if child is None or not "".join(child.itertext()).strip():
            problems.append(f"{where} has no <{tag}>")
    for tag in ("updated", "published"):
        child = element.find(ATOM + tag)
        if child is not None and child.text and not _valid_date(child.text):
            problems.append(f"{where} has an invalid <{tag}> {child.text.strip()!r}")


def atom_problems(root: etree._Element) -> list[str]:
    """Why an Atom feed is invalid: required elements, dates, authors, content."""
    found: list[str] = []
    _check_atom_dates(root, "the feed", found)
    feed_author = root.find(ATOM + "author") is not None
    for number, entry in enumerate(root.iter(ATOM + "entry"), 1):
        where = f"entry {number}"
        _check_atom_dates(entry, where, found)
        if not feed_author and entry.find(ATOM + "author") is None:
            found.append(f"{where} has no <author> and the feed has none")
        alternate = [
            link
            for link in entry.iter(ATOM + "link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if entry.find(ATOM + "content") is None and not alternate:
            found.append(f"{where} has neither <content> nor a link rel=alternate")
        entry_id = entry.findtext(ATOM + "id") or ""
        if entry_id and not urlsplit(entry_id.strip()).scheme:
            found.append(f"{where} has an <id> that is not an absolute IRI: {entry_id.strip()!r}")
    return found


def _check_absolute(name: str, url: str, checker: Checker, problems: list[Problem]) -> None:
    if not urlsplit(url).scheme:
        problems.append(Problem(name, url, "not an absolute URL"))
        return
    why = checker.check_link(name, url)
    if why:
        problems.append(Problem(name, url, why))


def _check_sitemap(
    name: str, root: etree._Element, checker: Checker, problems: list[Problem]
) -> None:
    base = checker.site.base_url
    index = root.tag == SITEMAP + "sitemapindex"
    for loc in root.iter(SITEMAP + "loc"):
        url = (loc.text or "").strip()
        if not url.startswith(base):
            problems.append(Problem(name, url, f"not under the base URL {base}"))
            continue
        target = checker.target(urlsplit(url).path)
        if target.file is None:
            problems.append(Problem(name, url, f"lists a page that does not exist ({target.why})"))
        elif target.file.endswith(".xml") != index:
            wanted = "a sitemap" if index else "an HTML page"
            problems.append(Problem(name, url, f"lists {target.file}, which is not {wanted}"))


def check_xml(path: Path, name: str, checker: Checker, problems: list[Problem]) -> str:
    """Check one XML file; return its kind: 'feed', 'sitemap' or 'other'."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        problems.append(Problem(name, "", f"not well-formed XML: {exc}"))
        return "other"
    if root.tag == ATOM + "feed":
        problems.extend(Problem(name, "", why) for why in atom_problems(root))
        for link in root.iter(ATOM + "link"):
            _check_absolute(name, link.get("href", ""), checker, problems)
        return "feed"
    if root.tag in (SITEMAP + "urlset", SITEMAP + "sitemapindex"):
        _check_sitemap(name, root, checker, problems)
        return "sitemap"
    if name == "sitemap.xml":
        problems.append(Problem(name, "", f"the root element is {root.tag}, not a sitemap urlset"))
    return "other"


def check_site(options: CheckOptions) -> CheckReport:
    """Every problem in the built site at options.output, for the given base URL."""
    output = options.output
    if not output.is_dir():
        raise DigestError(str(output), "not found: build the site first with 'digest build'")
    site = SiteMap(output, options.base_url)
    problems: list[Problem] = []
    if site.host in LOCAL_HOSTS:
        local = "points at localhost: pass the published address with --base-url"
        problems.append(Problem("base_url", options.base_url, local))
    pages = {
        name: read_page(output / name, name, problems)
        for name in sorted(site.files)
        if name.endswith((".html", ".htm"))
    }
    checker = Checker(site, pages)
    links = 0
    for name, page in pages.items():
        for link in page.links:
            links += 1
            why = checker.check_link(name, link)
            if why:
                problems.append(Problem(name, link, why))
    feeds = 0
    if "sitemap.xml" not in site.files:
        problems.append(Problem("sitemap.xml", "", "missing"))
    for name in sorted(n for n in site.files if n.endswith(".xml")):
        feeds += check_xml(output / name, name, checker, problems) == "feed"
    return CheckReport(len(pages), links, feeds, tuple(problems))
