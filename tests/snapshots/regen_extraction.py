"""Golden Markdown of cleaned Russian pages. Regenerate with:

    python -m tests.snapshots.regen_extraction

then review the diff (git diff tests/snapshots/extraction) before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.scrape.extract import extract_html

HERE = Path(__file__).resolve().parent
PAGES = HERE.parent / "fixtures" / "extraction" / "ru"
GOLDEN = HERE / "extraction"
NAMES = (
    "babr24-mongolia",
    "wp-uzbekistan-japan",
    "modern-tomsk-sorbent",
    "dle-novosibirsk-ambulance",
)


def render(name: str) -> str:
    """The Draft of one saved page: its fields as JSON, a blank line, then the Markdown body."""
    page = PAGES / f"{name}.html"
    url = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    draft = extract_html(page.read_text(encoding="utf-8"), url)
    fields = {
        "title": draft.title,
        "author": draft.author,
        "date": draft.date.isoformat() if draft.date else None,
        "tags": draft.tags,
        "views": draft.views,
        "source": draft.source,
        "source_url": draft.source_url,
        "lang": draft.lang,
        "summary": draft.summary,
        "image": draft.image,
    }
    return json.dumps(fields, ensure_ascii=False, indent=2) + "\n\n" + draft.markdown + "\n"


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name in NAMES:
        (GOLDEN / f"{name}.md").write_text(render(name), encoding="utf-8")
        print(f"wrote {GOLDEN / name}.md")


if __name__ == "__main__":
    main()
