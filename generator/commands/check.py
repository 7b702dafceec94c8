"""`digest check`: a built site verified as GitHub Pages will serve it."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator.check import CheckOptions, check_site
from generator.config import load_config


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="check links, anchors, feeds and the sitemap of the built site",
        description="Check the built site as GitHub Pages will serve it: every internal link, "
        "anchor and asset resolves under the base path, no link points at localhost or a local "
        "file, feeds are valid Atom, the sitemap lists only existing pages, every page has a "
        "title and a lang. Exits with status 1 if anything is wrong.",
    )
    parser.add_argument(
        "--site", type=Path, default=Path("."), help="site folder (default: current folder)"
    )
    parser.add_argument(
        "--base-url", help="the URL the site was built for (default: base_url from digest.toml)"
    )
    parser.add_argument("--output", type=Path, help="the built site (default: the site's output/)")
    parser.set_defaults(run=run)


def options_for(args: argparse.Namespace) -> CheckOptions:
    """The folder and base URL to check; digest.toml is read only for what is not given."""
    if args.output is not None and args.base_url:
        return CheckOptions(output=args.output.resolve(), base_url=args.base_url)
    overrides = {"base_url": args.base_url} if args.base_url else None
    config = load_config(args.site.resolve(), overrides)
    output = args.output.resolve() if args.output is not None else config.output_dir
    return CheckOptions(output=output, base_url=config.base_url)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    options = options_for(args)
    report = check_site(options)
    for problem in report.problems:
        print(problem)
    seconds = time.perf_counter() - started
    count = len(report.problems)
    verdict = "no problems" if not count else f"{count} problem{'s' if count > 1 else ''}"
    print(
        f"checked {report.pages} pages, {report.links} links and {report.feeds} feeds "
        f"for {options.base_url} in {seconds:.2f} s: {verdict}"
    )
    return 1 if count else 0
