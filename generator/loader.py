"""content/ -> articles and static pages; every bad file reported with its path and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import SiteConfig
from generator.contentfile import parse_article, parse_page
from generator.errors import ContentError, DigestError
from generator.model import Article, StaticPage


@dataclass(frozen=True)
class Content:
    """Everything read from content/, drafts included."""

    articles: tuple[Article, ...]
    pages: tuple[StaticPage, ...]


def _is_content_file(path: Path) -> bool:
    # Editors' backups and hidden files sit next to articles; they are not articles.
    name = path.name
    return not name.startswith((".", "#", "~")) and not name.endswith("~")


def content_files(folder: Path) -> list[Path]:
    """The Markdown files under folder, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and _is_content_file(p))


def read_text(path: Path, where: str) -> str:
    """A content file's text; unreadable or non-UTF-8 files are content errors."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(where, f"not UTF-8 text (byte {exc.start})") from None


def term_fields(config: SiteConfig) -> tuple[str, ...]:
    """Front-matter keys that hold terms of site-defined taxonomies."""
    builtin = {"tags", "topics", "countries", "author"}
    return tuple(t.field for t in config.taxonomies if t.field not in builtin)


def load_content(config: SiteConfig) -> tuple[Content, list[DigestError]]:
    """All articles and pages, plus every error found (the caller decides to stop)."""
    root = config.content_dir
    errors: list[DigestError] = []
    articles: list[Article] = []
    pages: list[StaticPage] = []
    tz = config.tz
    fields = term_fields(config)
    for path in content_files(root / "articles"):
        where = path.relative_to(config.root).as_posix()
        try:
            text = read_text(path, where)
        except ContentError as exc:
            errors.append(exc)
            continue
        article, found = parse_article(text, where, tz, fields)
        errors.extend(found)
        if article is not None:
            articles.append(article)
    for path in content_files(root / "pages"):
        where = path.relative_to(config.root).as_posix()
        try:
            page, found = parse_page(read_text(path, where), where)
        except ContentError as exc:
            errors.append(exc)
            continue
        errors.extend(found)
        if page is not None:
            pages.append(page)
    return Content(tuple(articles), tuple(pages)), errors
