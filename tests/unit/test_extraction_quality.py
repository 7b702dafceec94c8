"""The extraction quality floor: scores on saved pages may only go up.

The Russian set lives in tests/fixtures/extraction/ru; a fixed sample of the shared
readability and fundus sets comes from shared/extraction-dev beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.scrape.quality import (
    Case,
    find_dev_sets,
    folder_cases,
    fundus_cases,
    readability_cases,
    run,
    score_body,
)

REPO = Path(__file__).resolve().parents[2]
RU = REPO / "tests" / "fixtures" / "extraction" / "ru"
SAMPLE_STEP = 4  # every 4th page of the shared sets keeps the test short

# Floors a little under the scores measured when they were set; raise them, never lower.
# Field shares count the pages labelled with that field (all pages of our own set).
FLOORS = {
    "ru": {"f1": 0.99, "titles": 1.0, "authors": 1.0, "dates": 1.0},
    # readability's expected titles keep the site's name ("Mozilla - Wikipedia"); digest drops it.
    "readability": {"f1": 0.943, "titles": 0.72, "authors": 0.84, "dates": 0.81},
    "fundus": {"f1": 0.945, "titles": 0.82, "authors": 0.87, "dates": 0.95},
}


def shared_sets() -> Path:
    found = find_dev_sets(REPO.parent)
    if found is None or not found.is_dir():
        pytest.fail(
            "shared/extraction-dev not found beside the repository (or set "
            "DIGEST_EXTRACTION_SETS): the quality floor needs the shared sets"
        )
    return found


def load(name: str) -> list[Case]:
    if name == "ru":
        return list(folder_cases(RU))
    root = shared_sets()
    cases = readability_cases(root / name) if name == "readability" else fundus_cases(root / name)
    return list(cases)[::SAMPLE_STEP]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_stays_above_the_floor(name: str) -> None:
    cases = load(name)
    assert cases, f"no pages in the {name} set"
    score = run(cases)
    got = {
        "f1": score.f1,
        "titles": score.share("titles"),
        "authors": score.share("authors"),
        "dates": score.share("dates"),
    }
    for measure, floor in FLOORS[name].items():
        assert got[measure] >= floor, f"{name} {measure}: {got[measure]:.3f} < floor {floor}"


def test_russian_set_has_every_expected_field() -> None:
    for case in folder_cases(RU):
        assert case.title and case.body and case.url, case.name


def test_scorer_counts_shingles_as_multisets() -> None:
    text = "один два три четыре пять"
    assert score_body(text, text) == (1.0, 1.0)
    assert score_body(text, "") == (0.0, 0.0)
    precision, recall = score_body(text, text + " " + text)
    assert recall == 1.0 and precision < 0.5
    assert score_body("", "") == (1.0, 1.0)
