"""Where each page lives: site-relative paths ('2025/03/slug/') and their output files."""

from __future__ import annotations

from datetime import datetime

from generator.slugs import is_safe_slug


def article_path(permalink: str, date: datetime, slug: str) -> str:
    """The article's site-relative path from the permalink pattern: '2025/03/slug/'."""
    path = permalink.format(
        year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}", slug=slug
    )
    return path.strip("/") + "/"


def paged(path: str, number: int) -> str:
    """The path of page `number` of a list that starts at `path` ('' is the home page)."""
    return path if number <= 1 else f"{path}page/{number}/"


def output_file(path: str) -> str:
    """The file that serves a site-relative path: 'x/' -> 'x/index.html', 'feed.xml' as is."""
    if path == "" or path.endswith("/"):
        return f"{path}index.html"
    return path


def is_inside(path: str) -> bool:
    """True when a site-relative output path cannot escape the output folder."""
    # Split by hand rather than with PurePosixPath: this runs once per page. Empty and '.'
    # segments are dropped, as PurePosixPath does.
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return (
        bool(parts)
        and not path.startswith("/")
        and all(part != ".." and "\\" not in part and "\x00" not in part for part in parts)
    )


def term_path(taxonomy: str, slug: str) -> str:
    """'countries/mongoliya/'."""
    assert is_safe_slug(slug), slug
    return f"{taxonomy}/{slug}/"
