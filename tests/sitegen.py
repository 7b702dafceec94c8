"""Generated sites of any size, in two versions that differ in every article page."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.conftest import article

WORDS = (
    "политика экономика общество культура спорт наука образование здоровье транспорт "
    "Монголия Япония Китай Россия Казахстан Узбекистан Бурятия Иркутск Байкал"
).split()
CONFIG = 'title = "Большой дайджест"\nbase_url = "https://example.org/"\n'


def write_articles(site: Path, count: int, version: int = 0, seed: int = 7) -> None:
    """content/articles/ with `count` articles.

    Another version drops every 25th article, which shifts the random draws after it:
    most titles, slugs, terms and bodies change, so most output files do.
    """
    folder = site / "content/articles"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    for index in range(count):
        tags = rng.sample(WORDS, 5)
        paragraphs = [
            f"Абзац {n} статьи {index}, версия {version}. " + " ".join(rng.choices(WORDS, k=60))
            for n in range(6)
        ]
        if version and index % 25 == 0:
            continue  # removed articles: their pages must disappear in the same step
        text = article(
            f"Статья {index}: {tags[0]} и {tags[1]}",
            date=f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:00:00+03:00",
            body="\n\n".join(paragraphs),
            tags=tags,
            countries=tags[:2],
            topics=tags[2:4],
            author=rng.choice(["Анна Петрова", "Иван Сидоров", "Эрнест Баатырев"]),
        )
        (folder / f"a{index:04d}.md").write_text(text, encoding="utf-8")


def generated_site(root: Path, count: int, version: int = 0) -> Path:
    """A site folder with digest.toml and `count` generated articles."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "digest.toml").write_text(CONFIG, encoding="utf-8")
    write_articles(root, count, version)
    return root
