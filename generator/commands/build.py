"""`digest build`: content/ and the theme into output/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.build import BuildOptions, build


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build the site into output/",
        description="Build content/ with the theme into output/.",
    )
    parser.add_argument(
        "--site", type=Path, default=Path("."), help="site folder (default: current folder)"
    )
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--base-url", help="override base_url from digest.toml (for CI)")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="build from scratch: the build cache (.digest-cache/build.sqlite) is not used",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    result = build(
        BuildOptions(
            root=args.site.resolve(),
            drafts=args.drafts,
            base_url=args.base_url,
            cache=not args.no_cache,
        )
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    s = result.summary
    print(
        f"built {result.pages} pages: {s.written} files written, {s.unchanged} unchanged, {s.removed} removed in {result.seconds:.2f} s"
    )
    return 0
