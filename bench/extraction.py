"""Extraction quality and speed of digest's HTML cleaner next to trafilatura's, on saved pages.

Usage: python bench/extraction.py [DEV_SETS_FOLDER] [--set NAME]...
DEV_SETS_FOLDER holds readability/ and fundus/ (default: shared/extraction-dev beside the
repository or one of its parents, or $DIGEST_EXTRACTION_SETS); the Russian set comes from
tests/fixtures/extraction/ru/.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from generator.scrape.quality import (  # noqa: E402
    Case,
    Result,
    Score,
    digest_result,
    find_dev_sets,
    folder_cases,
    fundus_cases,
    readability_cases,
    run,
    run_side_by_side,
)

DEFAULT_SETS = find_dev_sets(REPO.parent) or REPO.parent / "shared" / "extraction-dev"
RU_SET = REPO / "tests" / "fixtures" / "extraction" / "ru"


def trafilatura_result(case: Case) -> Result:
    out = trafilatura.extract(
        case.html,
        url=case.url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    data = json.loads(out) if out else {}
    return Result(data.get("title"), data.get("author"), data.get("date"), data.get("text") or "")


def row(set_name: str, tool: str, s: Score) -> str:
    return (
        f"| {set_name} | {tool} | {s.pages} | {s.avg_precision:.3f} | {s.avg_recall:.3f} | "
        f"{s.f1:.3f} | {s.share('titles'):.2f} | {s.share('authors'):.2f} | "
        f"{s.share('dates'):.2f} | {s.speed:.1f} |"
    )


def sets(root: Path, only: Iterable[str]) -> dict[str, list[Case]]:
    loaders = {
        "readability": lambda: readability_cases(root / "readability"),
        "fundus": lambda: fundus_cases(root / "fundus"),
        "ru": lambda: folder_cases(RU_SET),
    }
    chosen = list(only) or list(loaders)
    return {name: list(loaders[name]()) for name in chosen}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_SETS)
    parser.add_argument(
        "--set", action="append", default=[], choices=["readability", "fundus", "ru"]
    )
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"error: {args.root}: no such folder (the shared extraction sets)", file=sys.stderr)
        return 1
    print(
        "| set | cleaner | pages | precision | recall | F1 | titles | authors | dates | pages/CPU s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = {"digest": Score(), "trafilatura": Score()}
    chosen = sets(args.root, args.set)
    warm = next(iter(chosen.values()))[:1]
    run(warm, digest_result), run(warm, trafilatura_result)  # first calls load lazy modules
    for name, cases in chosen.items():
        scores = run_side_by_side(cases, [digest_result, trafilatura_result])
        for tool, score in zip(("digest", "trafilatura"), scores, strict=True):
            totals[tool].merge(score)
            print(row(name, tool, score), flush=True)
    for tool, score in totals.items():
        print(row("all", tool, score))
    return 0


if __name__ == "__main__":
    sys.exit(main())
