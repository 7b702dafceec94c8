"""`digest scrape INPUT...`: raw pages into articles in content/."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig, load_config
from generator.errors import DigestError, one_line
from generator.scrape.export import Exporter, Outcome, item_of
from generator.scrape.pipeline import Cleaned, Input, make_cleaner, resolve_inputs
from generator.scrape.progress import Progress

ACTIONS = ("written", "updated", "unchanged", "skipped", "failed")


def add_inputs(parser: argparse.ArgumentParser) -> None:
    """The INPUT arguments shared by scrape and clean."""
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="a URL, a saved .html/.htm page, a .txt/.md text dump of a page, or a folder of them",
    )
    parser.add_argument(
        "--list", type=Path, metavar="FILE", help="read more inputs from FILE, one per line"
    )
    parser.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="site folder (default: current folder)",
    )
    parser.add_argument(
        "--refresh", action="store_true", help="fetch URLs again instead of using the cache"
    )


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "scrape",
        help="clean raw pages into articles in content/",
        description="Clean raw pages (URLs, saved HTML, text dumps) into articles in content/articles/YYYY/MM/.",
    )
    add_inputs(parser)
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be written; write nothing"
    )
    parser.set_defaults(run=run)


def _where(config: SiteConfig, path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _report(config: SiteConfig, item: Input, outcome: Outcome, dry_run: bool) -> None:
    where = _where(config, outcome.path)
    note = f" ({outcome.note})" if outcome.note else ""
    if outcome.action in ("written", "updated"):
        verb = {"written": "would write", "updated": "would update"} if dry_run else {}
        print(f"{verb.get(outcome.action, outcome.action)} {where}{note}")
    elif outcome.action == "skipped":
        print(one_line(f"skipped: {item.name}: {outcome.note}"), file=sys.stderr)
    elif outcome.note:
        print(f"unchanged {where}{note}")


def _scrape_one(config: SiteConfig, cleaned: Cleaned, exporter: Exporter) -> Outcome:
    fallback = cleaned.retrieved or exporter.now
    item = item_of(cleaned.draft, fallback.astimezone(config.tz))
    outcome = exporter.export(item)
    if not item.date_known and outcome.action == "written":
        when = item.article.date.isoformat()
        where = _where(config, outcome.path)
        print(
            f"warning: {cleaned.input.name}: the page gives no date; dated {when}, when it was fetched or saved (edit 'date' in {where})",
            file=sys.stderr,
        )
    return outcome


def run(args: argparse.Namespace) -> int:
    config = load_config(args.site.resolve())
    inputs = resolve_inputs(list(args.inputs), args.list)
    if not inputs:
        raise DigestError("scrape", "no inputs: name URLs, files or folders, or --list FILE")
    cleaner = make_cleaner(config, refresh=args.refresh)
    exporter = Exporter(config, datetime.now().astimezone(), dry_run=args.dry_run)
    counts: Counter[str] = Counter()
    progress = Progress(len(inputs))
    try:
        for item in inputs:
            try:
                outcome = _scrape_one(config, cleaner.clean(item), exporter)
            except DigestError as exc:
                progress.clear()
                print(one_line(f"failed: {item.name}: {exc.why}"), file=sys.stderr)
                counts["failed"] += 1
            else:
                progress.clear()
                _report(config, item, outcome, args.dry_run)
                counts[outcome.action] += 1
            progress.step(item.name)
    finally:
        progress.clear()
        exporter.close()
        if cleaner.fetcher is not None:
            cleaner.fetcher.close()
    summary = ", ".join(f"{counts[a]} {a}" for a in ACTIONS)
    if args.dry_run:
        print(f"dry run: {len(inputs)} inputs: {summary} (nothing was written)")
    else:
        print(f"{len(inputs)} inputs: {summary}")
    return 1 if counts["failed"] else 0
