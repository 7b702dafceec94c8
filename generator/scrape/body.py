"""Finding the article body in a page and stripping what is not the article.

Generic heuristics in the spirit of Readability: boilerplate removed by tag, role and
class names; paragraphs scored by length and commas, their scores given to their
containers, weighted by link density; the best container taken with its siblings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, Tag

_DROP_TAGS = ["nav", "button", "input", "select", "textarea", "iframe", "object", "embed",
              "dialog", "menu", "noscript", "canvas", "map", "audio", "video", "source"]  # fmt: skip
_GUARDED_TAGS = ["aside", "header", "footer"]
_ROLES = re.compile(
    r"^(navigation|banner|contentinfo|complementary|dialog|alertdialog|search|menu|menubar)$"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
UNLIKELY = re.compile(
    r"-ad-|^ads?$|^ads?[-_]|[-_]ads?$|advert|ai2html|banner|breadcrumb|combx|comment|community|"
    r"cookie|consent|gdpr|disqus|footer|header|masthead|menu|navbar|^nav|[-_]nav|related|remark|"
    r"replies|reply|respond|rss|share|sharing|shoutbox|sidebar|skyscraper|social|sponsor|"
    r"subscri|newsletter|promo|popup|modal|pagination|pager|recommend|read-?also|readmore|"
    r"more-news|toolbar|signup|login|author-?bio|tags|rating|teaser|contact|"
    r"agegate|supplemental|extra|yom-remote|partner|infinite|poll|hidden|[-_]hide\b|^hide|"
    r"sr-only|d-none|popover|tooltip|skip-link|screen-reader",
    re.I,
)
MAYBE = re.compile(r"and|article|body|column|content|main|shadow|text|entry|story|post", re.I)
POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|news-?text|"
    r"articlebody|материал",
    re.I,
)
NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|"
    r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
    r"sponsor|shopping|tags|widget|social|subscri|caption|credit|byline|author|date|time",
    re.I,
)
_PARAGRAPHS = frozenset(["p", "pre", "td", "h2", "h3", "h4"])
_CONTAINERS = frozenset(
    ["p", "div", "section", "table", "ul", "ol", "blockquote", "pre", "article"]
)
COMMAS = re.compile(r"[,，、،]")


def attrs_of(tag: Tag) -> str:
    """The element's class and id, as one string to match name patterns against."""
    attrs = tag.attrs
    if not attrs:  # most elements: asked for on every element by several passes
        return ""
    cls = attrs.get("class")
    text = " ".join(cls) if isinstance(cls, list) else str(cls or "")
    return f"{text} {attrs.get('id') or ''}".strip()


def text_len(tag: Tag) -> int:
    """Characters of the element's text, whitespace at the ends of its pieces not counted (the
    strings stripped_strings gives, counted without its generator chain: a hot path)."""
    kinds = tag.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    wanted = {kinds} if isinstance(kinds, type) else kinds
    return sum(
        len(piece.strip())
        for piece in tag.descendants
        if type(piece) in wanted and isinstance(piece, NavigableString)
    )


class Measure:
    """Text and link-text lengths of every element under root, in one bottom-up pass (asking
    each element for its text again would walk the same subtrees over and over)."""

    def __init__(self, root: Tag) -> None:
        self.text: dict[int, int] = {}
        self.links: dict[int, int] = {}
        for tag in reversed([root, *all_tags(root)]):
            length = linked = 0
            for child in tag.contents:
                if isinstance(child, Tag):
                    length += self.text.get(id(child), 0)
                    linked += self.links.get(id(child), 0)
                elif type(child) is NavigableString:
                    length += len(child.strip())
            if tag.name == "a" and not _is_anchor(tag):
                linked = length
            self.text[id(tag)] = length
            self.links[id(tag)] = linked

    def length(self, tag: Tag) -> int:
        return self.text.get(id(tag), 0)

    def density(self, tag: Tag) -> float:
        total = self.text.get(id(tag), 0)
        return min(self.links.get(id(tag), 0) / total, 1.0) if total else 0.0


def link_density(tag: Tag, length: int | None = None) -> float:
    """Share of the element's text that sits inside links."""
    total = text_len(tag) if length is None else length
    if not total:
        return 0.0
    linked = sum(
        text_len(a)
        for a in tag.descendants
        if isinstance(a, Tag) and a.name == "a" and not _is_anchor(a)
    )
    return min(linked / total, 1.0)


def _is_anchor(link: Tag) -> bool:
    href = link.get("href")
    return isinstance(href, str) and href.startswith("#")


def gone(tag: Tag) -> bool:
    """Whether the element was decomposed (its name is wiped; bs4's property searches the tree)."""
    return not tag.name


def decompose(tags: Iterable[Tag]) -> None:
    for tag in list(tags):
        if not gone(tag):
            tag.decompose()


def prose_by_element(root: Tag, tags: list[Tag] | None = None) -> dict[int, int]:
    """Characters of paragraph text under each element (a paragraph gives to all its ancestors)."""
    prose: dict[int, int] = {}
    for paragraph in [t for t in (all_tags(root) if tags is None else tags) if t.name == "p"]:
        length = text_len(paragraph)
        if length < 40:
            continue
        parent: Tag | None = paragraph
        while parent is not None:
            prose[id(parent)] = prose.get(id(parent), 0) + length
            parent = parent.parent
    return prose


class _Guard:
    """Whether an element holds most of the page's prose, and so stays whatever it is called."""

    def __init__(self, root: Tag, prose: dict[int, int]) -> None:
        self.prose = prose
        self.total = self.prose.get(id(root), 0)
        self.page_len = max(text_len(root), 1)

    def keeps(self, tag: Tag) -> bool:
        if self.total >= 500:
            return self.prose.get(id(tag), 0) >= 0.5 * self.total
        length = text_len(tag)
        return length > 0.5 * self.page_len and length > 500 and link_density(tag, length) < 0.3


def all_tags(root: Tag) -> list[Tag]:
    """Every element under root in document order (faster than find_all(True))."""
    return [t for t in root.descendants if isinstance(t, Tag)]


def _hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    return bool(
        "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or _ROLES.match(str(attrs.get("role") or ""))
        or ("style" in attrs and _HIDDEN_STYLE.search(str(attrs["style"])))
    )


def strip_boilerplate(
    root: Tag,
    by_name: bool = True,
    prose: dict[int, int] | None = None,
    tags: list[Tag] | None = None,
) -> None:
    """Navigation, chrome, hidden elements and (by_name) blocks named like boilerplate, removed.
    tags: every element under root when the caller has them already."""
    tags = all_tags(root) if tags is None else tags
    guard = _Guard(root, prose_by_element(root, tags) if prose is None else prose)
    for tag in tags:
        if gone(tag) or tag.name in ("html", "body", "article", "main"):
            continue
        if tag.name in _DROP_TAGS:
            tag.decompose()
            continue
        names = attrs_of(tag)
        unlikely = _hidden(tag) or (
            by_name
            and (
                tag.name in _GUARDED_TAGS
                or (tag.name not in ("a", "table") and _unlikely_name(names))
            )
        )
        if unlikely and not guard.keeps(tag):
            tag.decompose()


# Pages repeat their class names over and over, and the patterns are slow: answers are cached.
@lru_cache(maxsize=4096)
def _unlikely_name(names: str) -> bool:
    return bool(UNLIKELY.search(names)) and not MAYBE.search(names)


@lru_cache(maxsize=4096)
def _name_weight(names: str) -> int:
    return (-25 if NEGATIVE.search(names) else 0) + (25 if POSITIVE.search(names) else 0)


def class_weight(tag: Tag) -> int:
    names = attrs_of(tag)
    if not names:
        return 0
    weight = _name_weight(names)
    if tag.get("itemprop") == "articleBody":
        weight += 50
    return weight


_TAG_BASE = {"div": 5, "article": 10, "main": 5, "section": 2, "pre": 3, "td": 3, "blockquote": 3}
_TAG_BASE.update(dict.fromkeys(["address", "ol", "ul", "dl", "dd", "dt", "li", "form"], -3))
_TAG_BASE.update(dict.fromkeys(["h1", "h2", "h3", "h4", "h5", "h6", "th"], -5))


def _paragraph_nodes(root: Tag) -> list[Tag]:
    """Elements that hold prose directly: p and friends, and divs with no block children."""
    nodes = []
    for tag in all_tags(root):
        if tag.name in _PARAGRAPHS:
            nodes.append(tag)
        elif tag.name in ("div", "section") and not any(
            getattr(c, "name", None) in _CONTAINERS for c in tag.children
        ):
            nodes.append(tag)
    return nodes


def score_candidates(root: Tag, measure: Measure) -> dict[int, tuple[Tag, float]]:
    """Containers with their content score, as Readability computes it."""
    scores: dict[int, tuple[Tag, float]] = {}
    for node in _paragraph_nodes(root):
        text = " ".join(node.get_text(" ").split())
        if len(text) < 25:
            continue
        score = 1 + len(COMMAS.findall(text)) + min(len(text) // 100, 3)
        for level, ancestor in enumerate(node.parents):
            if level > 4 or not isinstance(ancestor, Tag) or ancestor.name in ("[document]", None):
                break
            key = id(ancestor)
            if key not in scores:
                base = _TAG_BASE.get(ancestor.name, 0) + class_weight(ancestor)
                scores[key] = (ancestor, float(base))
            share = score if level == 0 else score / 2 if level == 1 else score / (level * 3)
            scores[key] = (ancestor, scores[key][1] + share)
    return {k: (t, s * (1 - measure.density(t))) for k, (t, s) in scores.items()}


def similar(heading: str, title: str) -> bool:
    """A heading repeating the title, perhaps without the site name or with a kicker."""
    a, b = set(_TOKEN.findall(heading.casefold())), set(_TOKEN.findall(title.casefold()))
    common = len(a & b)
    return bool(a and b) and common >= 0.8 * min(len(a), len(b)) and common >= 0.6 * len(b)


def title_anchor(tags: list[Tag], title: str | None, prose: dict[int, int]) -> Tag | None:
    """The closest ancestor of the heading that repeats the title and holds real prose (found
    before the boilerplate pass, which may take the heading's <header> away)."""
    if not title:
        return None
    headings = [t for t in tags if t.name in ("h1", "h2")][:30]
    heading = next((h for h in headings if similar(h.get_text(" "), title)), None)
    if heading is None:
        return None
    for ancestor in heading.parents:
        if ancestor.name in ("body", "html", "[document]"):
            return None
        if prose.get(id(ancestor), 0) >= 500:
            return ancestor
    return None


def _near_title(scores: dict[int, tuple[Tag, float]], anchor: Tag | None) -> None:
    """Candidates inside the article under the title's heading gain: a page may show more than
    one article, and the one under its title is the page's own."""
    if anchor is None or anchor.parent is None:
        return
    for key, (tag, score) in scores.items():
        if tag is anchor or any(a is anchor for a in tag.parents):
            scores[key] = (tag, score * 1.5)


def best_container(root: Tag, near_title: Tag | None = None) -> Tag | None:
    """The highest-scoring container, widened to a parent that holds several good ones."""
    measure = Measure(root)
    every = score_candidates(root, measure)
    _near_title(every, near_title)
    scores = {k: v for k, v in every.items() if measure.length(v[0]) >= 140} or every
    if not scores:
        return root if text_len(root) else None
    ranked = sorted(scores.values(), key=lambda item: item[1], reverse=True)
    top, top_score = ranked[0]
    # Several strong candidates sharing an ancestor: the article is split in parts.
    strong = [t for t, s in ranked[1:6] if s >= 0.75 * top_score]
    if len(strong) >= 2:
        parent = top.parent
        while isinstance(parent, Tag) and parent.name not in ("body", "[document]"):
            shared = sum(1 for t in strong if t is parent or any(a is parent for a in t.parents))
            if shared >= 2:
                top = parent
                break
            parent = parent.parent
    top = _climb(top, prose_by_element(root), measure)
    return _with_parent_if_sibling_rich(top, scores, top_score)


def _climb(top: Tag, prose: dict[int, int], measure: Measure) -> Tag:
    """Up to an ancestor that adds clean prose: an article split into several page modules."""
    chosen, chosen_len = top, measure.length(top)
    ancestor = top.parent
    for _ in range(6):
        if not isinstance(ancestor, Tag) or ancestor.name in ("body", "html", "[document]"):
            break
        gained = prose.get(id(ancestor), 0) - prose.get(id(chosen), 0)
        length = measure.length(ancestor)
        extra = length - chosen_len
        if extra > 3 * gained + 300:
            break  # what the ancestor adds is mostly not prose: teasers, lists, widgets
        if gained >= 200 and extra <= 1.5 * gained + 100 and measure.density(ancestor) < 0.25:
            chosen, chosen_len = ancestor, length
        ancestor = ancestor.parent
    return chosen


def _with_parent_if_sibling_rich(
    top: Tag, scores: dict[int, tuple[Tag, float]], top_score: float
) -> Tag:
    """The top candidate with the siblings that carry content too (an article split by an embed)."""
    parent = top.parent
    if not isinstance(parent, Tag) or parent.name in ("body", "[document]", "html"):
        return top
    threshold = max(10.0, top_score * 0.2)
    top_class = top.get("class")
    kept = []
    for sibling in parent.find_all(recursive=False):
        if sibling is top:
            kept.append(sibling)
            continue
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0.0
        score = scores.get(id(sibling), (sibling, 0.0))[1] + bonus
        if score >= threshold or _good_paragraph(sibling):
            kept.append(sibling)
    return top if len(kept) == 1 else new_root(kept)


_TOKEN = re.compile(r"\w+")
_PROBE = 6  # words


def _words(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(text.casefold())) + " "


def container_of(root: Tag, text: str) -> Tag | None:
    """The smallest element holding both the first and the last words of text (JSON-LD
    articleBody), or None when the page does not show them."""
    words = _TOKEN.findall(text.casefold())
    if len(words) < 40:
        return None
    nodes = [(n, _words(n.get_text(" "))) for n in _paragraph_nodes(root)]
    head = " " + " ".join(words[:_PROBE]) + " "
    first = next((n for n, w in nodes if head in w), None)
    last = None
    for end in range(len(words), max(len(words) - 60, _PROBE), -10):
        tail = " " + " ".join(words[end - _PROBE : end]) + " "
        last = next((n for n, w in reversed(nodes) if tail in w), None)
        if last is not None:
            break
    if first is None or last is None:
        return None
    ancestors = {id(a) for a in [first, *first.parents]}
    common = next((a for a in [last, *last.parents] if id(a) in ancestors), None)
    if not isinstance(common, Tag) or text_len(common) > 3 * len(text) + 2000:
        return None
    return common


def _good_paragraph(tag: Tag) -> bool:
    if tag.name != "p":
        return False
    length = text_len(tag)
    density = link_density(tag, length)
    return (length > 80 and density < 0.25) or (
        0 < length <= 80 and density == 0 and ". " in tag.get_text()
    )


def new_root(tags: list[Tag]) -> Tag:
    """One container holding the given elements in document order."""
    soup = BeautifulSoup("<div></div>", "lxml")
    holder = soup.div
    assert holder is not None
    for tag in tags:
        holder.append(tag.extract())
    return holder


def plain(tag: Tag | NavigableString | None) -> str | None:
    """The element's text on one line, or None."""
    if tag is None:
        return None
    text = " ".join(tag.get_text(" ").split())
    return text or None
