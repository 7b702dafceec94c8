"""`digest new "Заголовок"`: a dated article file with its front-matter filled in."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from generator.config import load_config
from generator.contentfile import dump_front_matter
from generator.errors import ContentError
from generator.slugs import slugify


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="create a new article file",
        description="Create content/articles/YYYY/MM/<slug>.md with its front-matter filled in and print its path.",
    )
    parser.add_argument("title", help="the article's title")
    parser.add_argument(
        "--site", type=Path, default=Path("."), help="site folder (default: current folder)"
    )
    parser.add_argument("--draft", action="store_true", help="mark the article as a draft")
    parser.set_defaults(run=run)


def new_article(root: Path, title: str, now: datetime, draft: bool = False) -> Path:
    """Create the article file and return its path; never overwrites an existing file."""
    config = load_config(root)
    title = title.strip()
    if not title:
        raise ContentError("title", "an article needs a non-empty title")
    slug = slugify(title)
    moment = now.astimezone(config.tz).replace(microsecond=0)
    folder = config.content_dir / "articles" / f"{moment.year:04d}" / f"{moment.month:02d}"
    data: dict[str, object] = {"title": title, "slug": slug, "date": moment.isoformat()}
    data.update(
        {"author": "", "tags": [], "topics": [], "countries": [], "source": "", "source_url": ""}
    )
    if draft:
        data["draft"] = True
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(dump_front_matter(data, ""))
    except FileExistsError:
        raise ContentError(
            str(path), "already exists: choose another title or edit that file"
        ) from None
    return path


def run(args: argparse.Namespace) -> int:
    path = new_article(args.site.resolve(), args.title, datetime.now().astimezone(), args.draft)
    print(path)
    return 0
