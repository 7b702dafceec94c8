"""The cleaners never fail on any input, and what they give reads back the same everywhere."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from tests.cleancheck import check_clean, html_pages, text_dumps

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text_dumps())
def test_the_text_dump_cleaner_never_fails_and_round_trips(data: bytes) -> None:
    check_clean(data, ".txt")


@SETTINGS
@given(html_pages())
# Found by bench/fuzz_cleaner.py: a title ending in control characters kept a trailing space.
@example(
    b"<html><head><title>\xf1\x9f\x9e\x91\x1d\x17</title></head><body><article><h1>\xf1\x9f\x9e\x91\x1d\x17</h1>"
    b"<p>word word word word word word word word word word word word word word word.</p></article></body></html>"
)
def test_the_html_cleaner_never_fails_and_round_trips(data: bytes) -> None:
    check_clean(data, ".html")


def test_a_plain_dump_does_clean() -> None:
    # The properties above would hold for a cleaner that refused everything.
    text = "Байкал открыл сезон\n\nПервый абзац о том, как на Байкале открыли сезон теплоходов.\n\nВторой абзац о гостях Листвянки и о береге озера."  # fmt: skip
    markdown = check_clean(text.encode(), ".txt")
    assert markdown is not None and "title: Байкал открыл сезон" in markdown
