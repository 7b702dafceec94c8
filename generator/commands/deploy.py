"""`digest deploy`: build, commit output/ to the gh-pages branch, push it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.deploy import DeployOptions, deploy


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "deploy",
        help="build and publish output/ to the gh-pages branch",
        description="Build the site, commit output/ (with .nojekyll and CNAME) to the gh-pages "
        "branch without touching the working tree, the index or the current branch, and push "
        "it. Nothing is committed when the built site did not change.",
    )
    parser.add_argument(
        "--site", type=Path, default=Path("."), help="site folder (default: current folder)"
    )
    parser.add_argument("--remote", default="origin", help="remote to push to (default: origin)")
    parser.add_argument("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")  # fmt: skip
    parser.add_argument(
        "--allow-dirty", action="store_true", help="deploy even with uncommitted changes"
    )
    parser.add_argument("--message", help="first line of the commit message")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = DeployOptions(
        site=args.site.resolve(),
        remote=args.remote,
        branch=args.branch,
        allow_dirty=args.allow_dirty,
        message=args.message,
    )
    result = deploy(options)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.source.dirty:
        print(f"warning: deployed with uncommitted changes in {len(result.source.dirty)} file(s)", file=sys.stderr)  # fmt: skip
    print(f"built {result.build.pages} pages in {result.build.seconds:.2f} s")
    short = result.tip[:7]
    if result.committed:
        print(f"committed {result.files} files to {options.branch} as {short} (from {result.source.short})")  # fmt: skip
    else:
        print(f"nothing changed: {options.branch} already holds this build ({short}); no commit made")  # fmt: skip
    if result.pushed:
        print(f"pushed {options.branch} to {options.remote}")
    else:
        print(f"{options.remote} is up to date")
    return 0
