"""Dates as pages write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from generator.scrape.dates import parse_machine, parse_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 марта 2025, 15:44", datetime(2025, 3, 6, 15, 44)),
        ("06.03.2025 15:44", datetime(2025, 3, 6, 15, 44)),
        ("06.03.2025, 15:44", datetime(2025, 3, 6, 15, 44)),
        ("15:44 06.03.2025", datetime(2025, 3, 6, 15, 44)),
        ("Опубликовано 21 ноября 2025 в 16:40", datetime(2025, 11, 21, 16, 40)),
        ("1 мая 2024 года", datetime(2024, 5, 1)),
        ("12 Feb 2025", datetime(2025, 2, 12)),
        ("2025-03-06", datetime(2025, 3, 6)),
    ],
)
def test_dates_in_text(text: str, expected: datetime) -> None:
    assert parse_text(text) == expected


@pytest.mark.parametrize(
    "text", ["", "6 марта", "32.13.2025", "просмотров: 578", "30 февраля 2025"]
)
def test_text_without_a_whole_date_gives_none(text: str) -> None:
    assert parse_text(text) is None


def test_profile_formats_are_tried_first() -> None:
    assert parse_text("2025/03/06 15h44", ("%Y/%m/%d %Hh%M",)) == datetime(2025, 3, 6, 15, 44)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2025-03-06T15:44:00+08:00",
            datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("2025-03-06T07:44:00Z", datetime(2025, 3, 6, 7, 44, tzinfo=UTC)),
        (
            "2025-03-06T15:44:00+0300",
            datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=3))),
        ),
        (
            "Thu, 06 Mar 2025 15:44:00 +0300",
            datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=3))),
        ),
        ("2025-03-06 15:44", datetime(2025, 3, 6, 15, 44)),
    ],
)
def test_machine_timestamps(text: str, expected: datetime) -> None:
    assert parse_machine(text) == expected
