"""The `digest` command: parses arguments, runs one command, turns errors into one line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from generator import __version__
from generator.errors import DigestError

# Each module in generator/commands/ adds its own subparser and handles its arguments.
COMMANDS = ("build", "new", "serve", "scrape", "clean", "init", "deploy", "check")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every available command."""
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Static site generator for a curated news digest.",
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"generator.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"generator.commands.{name}":
                continue  # a command this installation does not have
            raise
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = make_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except DigestError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        # Disk full, permission denied, missing folder: the user's environment, not a bug.
        where = exc.filename or ""
        print(f"error: {where}{': ' if where else ''}{exc.strerror or exc}", file=sys.stderr)
        return 1
