"""Share-ready metadata: Open Graph and Twitter card values, and JSON-LD structured data."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from generator.views import Link, PostView, Views

SHARE_IMAGE = "static/share.png"  # the theme's picture for pages without their own image
SHARE_IMAGE_SIZE = (1200, 630)  # what link previews show best, and the size of share.png
LOGO = "static/logo.png"
LOCALES = {"ru": "ru_RU", "en": "en_US"}
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class ShareView:
    """What a link preview shows: Open Graph and Twitter card values, URLs absolute."""

    type: str  # 'website' or 'article'
    title: str
    description: str
    url: str
    image: str
    site_name: str
    locale: str
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image_size: tuple[int, int] | None = None  # known for the theme's own picture only


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a <script> element: '<', '>' and '&' escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def absolute(views: Views, href: str) -> str:
    """A link as a full URL: hrefs already carry the base path, other URLs stay as they are."""
    return views.joined(href)


def page_share(views: Views, title: str, description: str, canonical: str) -> ShareView:
    """Link preview values for any page."""
    config = views.config
    return ShareView(
        type="website",
        title=title,
        description=description,
        url=canonical,
        image=views.absolute(SHARE_IMAGE),
        site_name=config.title,
        locale=LOCALES.get(config.language, config.language),
        image_size=SHARE_IMAGE_SIZE,
    )


def article_share(views: Views, post: PostView) -> ShareView:
    """Link preview values for an article: its image, dates, section and tags."""
    base = page_share(views, post.title, post.summary, post.permalink)
    return replace(
        base,
        type="article",
        image=absolute(views, post.image) if post.image else base.image,
        image_size=None if post.image else base.image_size,
        published=post.date_iso,
        modified=post.updated_iso or post.date_iso,
        section=post.topics[0].name if post.topics else None,
        tags=tuple(t.name for t in post.tags),
    )


def breadcrumb_list(views: Views, crumbs: tuple[Link, ...]) -> dict[str, Any]:
    """schema.org BreadcrumbList of the page's trail (the home page alone on the home page)."""
    trail = crumbs or (Link(views.t("home"), views.url("")),)
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": c.title, "item": absolute(views, c.href)}
            for n, c in enumerate(trail, 1)
        ],
    }


def publisher(views: Views) -> dict[str, Any]:
    """The digest as a schema.org Organization."""
    config = views.config
    return {
        "@type": "Organization",
        "name": config.author or config.title,
        "url": config.base_url,
        "logo": {"@type": "ImageObject", "url": views.absolute(LOGO)},
    }


def website(views: Views) -> dict[str, Any]:
    """schema.org WebSite for the home page, with the search page as its search action."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": views.config.title,
        "url": views.config.base_url,
        "inLanguage": views.config.language,
        "publisher": publisher(views),
    }
    if views.config.search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": views.absolute("search/") + "?q={query}",
            "query-input": "required name=query",
        }
    return data


def news_article(views: Views, post: PostView, share: ShareView) -> dict[str, Any]:
    """schema.org NewsArticle: headline, author, dates, publisher, image, the page it is on."""
    author: dict[str, Any] = publisher(views)
    if post.author:
        author = {"@type": "Person", "name": post.author}
        if post.author_url:
            author["url"] = absolute(views, post.author_url)
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.summary,
        "author": [author],
        "datePublished": post.date_iso,
        "dateModified": post.updated_iso or post.date_iso,
        "publisher": publisher(views),
        "image": [share.image],
        "mainEntityOfPage": {"@type": "WebPage", "@id": post.permalink},
        "inLanguage": views.config.language,
    }
    if share.section:
        data["articleSection"] = share.section
    if post.tags:
        data["keywords"] = [t.name for t in post.tags]
    if post.source_url:
        data["isBasedOn"] = post.source_url
    return data
