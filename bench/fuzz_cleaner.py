"""Fuzz the cleaners for a fixed time: random pages through `clean`, every result checked.

Each case is a saved page (HTML or text dump; random bytes, random text, or page-shaped text
in several encodings) run through the same cleaner as `digest clean`. A failure is anything
but a one-line refusal escaping, or output whose front-matter python-frontmatter and digest
read differently. Prints cases run, cleaned, refused and failed, and the first failures.

    python bench/fuzz_cleaner.py --seconds 60
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.cleancheck import check_clean, html_pages, text_dumps  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to run")
    args = parser.parse_args()
    counts = {"cases": 0, "cleaned": 0, "refused": 0, "failed": 0}
    failures: list[str] = []
    until = time.monotonic() + args.seconds
    cases = st.one_of(
        html_pages().map(lambda data: (data, ".html")),
        text_dumps().map(lambda data: (data, ".txt")),
    )

    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(cases)
    def one(case: tuple[bytes, str]) -> None:
        if time.monotonic() > until:
            return
        data, suffix = case
        counts["cases"] += 1
        try:
            result = check_clean(data, suffix)
        except Exception:  # noqa: BLE001 - a fuzzer records every failure and goes on
            counts["failed"] += 1
            failures.append(f"{suffix} {data[:80]!r}: {traceback.format_exc(limit=3)}")
            return
        counts["cleaned" if result is not None else "refused"] += 1

    while time.monotonic() < until:
        one()
    print(f"fuzzed the cleaners for {args.seconds:g} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))  # fmt: skip
    for failure in failures[:5]:
        print("failure:", failure)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
