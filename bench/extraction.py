"""Extraction quality and speed of digest's HTML cleaner next to trafilatura's, on saved pages.

Usage: python bench/extraction.py [DEV_SETS_FOLDER] [--set NAME] [--show-misses]
DEV_SETS_FOLDER holds readability/ and fundus/ (default: ../shared/extraction-dev beside the
repository); the Russian set comes from tests/fixtures/extraction/ru/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from generator.scrape.extract import extract_html  # noqa: E402
from generator.scrape.htmlmd import markdown_to_text  # noqa: E402
from generator.scrape.quality import (  # noqa: E402
    Case,
    Result,
    Score,
    folder_cases,
    fundus_cases,
    iso,
    readability_cases,
)

DEFAULT_SETS = Path(__file__).resolve().parents[2] / "shared" / "extraction-dev"
RU_SET = REPO / "tests" / "fixtures" / "extraction" / "ru"


def ours(case: Case) -> Result:
    draft = extract_html(case.html, case.url)
    return Result(draft.title, draft.author, iso(draft.date), markdown_to_text(draft.markdown))


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


def run(cases: list[Case], cleaner: Callable[[Case], Result], misses: bool) -> Score:
    score = Score()
    for case in cases:
        started = time.perf_counter()
        got = cleaner(case)
        score.seconds += time.perf_counter() - started
        score.add(case, got)
        if misses and got.title != case.title:
            score.misses.append(f"{case.name}: title {got.title!r} != {case.title!r}")
    return score


def row(set_name: str, tool: str, s: Score) -> str:
    return (
        f"| {set_name} | {tool} | {s.pages} | {s.avg_precision:.3f} | {s.avg_recall:.3f} | "
        f"{s.f1:.3f} | {s.titles / s.pages:.2f} | {s.authors / s.pages:.2f} | "
        f"{s.dates / s.pages:.2f} | {s.speed:.1f} |"
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
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"error: {args.root}: no such folder (the shared extraction sets)", file=sys.stderr)
        return 1
    print(
        "| set | cleaner | pages | precision | recall | F1 | titles | authors | dates | pages/s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = {"digest": Score(), "trafilatura": Score()}
    for name, cases in sets(args.root, args.set).items():
        for tool, cleaner in (("digest", ours), ("trafilatura", trafilatura_result)):
            score = run(cases, cleaner, args.show_misses and tool == "digest")
            totals[tool].merge(score)
            print(row(name, tool, score), flush=True)
            for miss in score.misses:
                print("   ", miss, file=sys.stderr)
    for tool, score in totals.items():
        print(row("all", tool, score))
    return 0


if __name__ == "__main__":
    sys.exit(main())
