"""`digest clean INPUT...`: print what scrape would write, as Markdown or JSON; write nothing."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from generator.commands.scrape import add_inputs
from generator.contentfile import article_front_matter, dump_front_matter
from generator.errors import DigestError, one_line
from generator.model import body_text
from generator.scrape.export import item_of
from generator.scrape.pipeline import Cleaned, find_site, make_cleaner, resolve_inputs

# The JSON object's keys, in this order; nothing more, nothing less.
JSON_KEYS = ("title", "author", "date", "tags", "topics", "countries", "views", "source",
             "source_url", "lang", "summary", "text", "markdown")  # fmt: skip


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "clean",
        help="print a cleaned page as Markdown or JSON",
        description="Clean raw pages and print the result (front-matter and body, or JSON) without writing anything.",
    )
    add_inputs(parser)
    parser.add_argument(
        "--format", choices=("md", "json"), default="md", help="output format (default: md)"
    )
    parser.set_defaults(run=run)


def iso_date(moment: datetime) -> str:
    """ISO 8601 with the offset, to the minute unless the seconds say more (2025-03-06T15:44+08:00)."""
    spec = "minutes" if moment.second == 0 and moment.microsecond == 0 else "seconds"
    return moment.isoformat(timespec=spec)


def as_json(cleaned: Cleaned) -> dict[str, Any]:
    """The cleaned page as the documented JSON object."""
    draft = cleaned.draft
    return {
        "title": draft.title,
        "author": draft.author,
        "date": iso_date(draft.date) if draft.date else None,
        "tags": list(draft.tags),
        "topics": list(draft.topics),
        "countries": list(draft.countries),
        "views": draft.views,
        "source": draft.source,
        "source_url": draft.source_url,
        "lang": draft.lang,
        "summary": draft.summary,
        "text": cleaned.text,
        "markdown": draft.markdown,
    }


def as_markdown(cleaned: Cleaned, now: datetime) -> str:
    """The file scrape would write for the page; `now` is aware, in the site's time zone."""
    fallback = (cleaned.retrieved or now).astimezone(now.tzinfo)
    article = item_of(cleaned.draft, fallback).article
    return dump_front_matter(article_front_matter(article), body_text(article))


def run(args: argparse.Namespace) -> int:
    config = find_site(args.site.resolve())
    inputs = resolve_inputs(list(args.inputs), args.list)
    if not inputs:
        raise DigestError("clean", "no inputs: name URLs, files or folders, or --list FILE")
    cleaner = make_cleaner(config, refresh=args.refresh)
    now = datetime.now(cleaner.tz).replace(microsecond=0)
    failed = 0
    try:
        for index, item in enumerate(inputs):
            try:
                cleaned = cleaner.clean(item)
            except DigestError as exc:
                failed += 1
                if args.format == "json":
                    print(json.dumps({"input": item.name, "error": exc.why}, ensure_ascii=False))
                else:
                    print(one_line(f"failed: {item.name}: {exc.why}"), file=sys.stderr)
                continue
            if args.format == "json":
                print(json.dumps(as_json(cleaned), ensure_ascii=False))
            else:
                print(("\n" if index else "") + as_markdown(cleaned, now), end="")
    finally:
        if cleaner.fetcher is not None:
            cleaner.fetcher.close()
    return 1 if failed else 0
