"""A realistic digest for benchmarks: N Russian news articles, deterministic for a seed.

    python bench/corpus.py SITE_DIR --articles 10000 [--seed 1]

writes SITE_DIR/digest.toml (search off) and SITE_DIR/content/articles/YYYY/MM/<slug>.md.
Articles have 300-1,200 words in 4-12 paragraphs with links, lists, quotes and images, and
the front-matter of the content format: title, date with a time zone offset over several
years, author from a pool, 1-5 tags of a few hundred, 1-2 topics, 1-3 countries, views,
source and source_url.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.contentfile import dump_front_matter  # noqa: E402
from generator.slugs import slugify  # noqa: E402

NOUNS = (
    "правительство министерство делегация парламент компания инвестиция соглашение проект "
    "сотрудничество граница экономика энергетика торговля рынок бюджет реформа выставка "
    "конференция форум исследование университет больница дорога аэропорт порт железная "
    "электростанция месторождение урожай экспорт импорт кредит банк валюта инфляция налог "
    "закон суд выборы партия оппозиция армия учение переговоры визит саммит договор "
    "санкции пошлина туризм культура фестиваль музей театр спорт чемпионат сборная школа "
    "студент учитель врач вакцина экология загрязнение вода воздух климат засуха наводнение "
    "землетрясение спасатели полиция мэрия губернатор президент премьер министр посол"
).split()
ADJECTIVES = (
    "новый крупный национальный региональный международный двусторонний стратегический "
    "экономический политический культурный энергетический транспортный цифровой "
    "государственный частный совместный долгосрочный ключевой важный значительный "
    "масштабный срочный официальный очередной ежегодный первый последний главный"
).split()
VERBS = (
    "заявил сообщил подписал обсудили утвердил объявил представил начал завершил "
    "увеличил сократил поддержал отметил подчеркнул предложил выделил запустил открыл "
    "провели рассмотрели одобрили направил получил планирует намерен рассчитывает"
).split()
FILLERS = (
    "в рамках визита по данным ведомства в ближайшие годы на этой неделе в прошлом году "
    "по словам экспертов в ходе встречи в столице региона на первом этапе как отмечается"
).split(" ")
PLACES = (
    "Монголия Япония Китай Россия Казахстан Узбекистан Киргизия Таджикистан Туркмения "
    "Корея Индия Турция Иран Азербайджан Армения Грузия Беларусь Украина Германия Франция "
    "Италия Испания США Канада Бразилия Вьетнам Таиланд Индонезия Малайзия Сингапур "
    "Филиппины Пакистан Афганистан Египет Израиль ОАЭ Катар"
).split()
TOPICS = (
    "Политика Экономика Общество Культура Наука Спорт Экология Технологии Здоровье "
    "Образование Транспорт Энергетика Безопасность Туризм"
).split()
FIRST = "Эрнест Анна Борис Валерия Григорий Дарья Егор Жанна Ильдар Карина Лев Мария Нурлан Ольга Павел Роза Сергей Тамара Улан Фарида".split()
LAST = "Баатырев Иванова Петров Смирнова Ким Алиева Тагиров Орлова Сулейменов Юсупова Ли Цой Накамура Бекова Громов".split()
SOURCES = (
    ("Babr24.com", "https://babr24.com/?IDE="),
    ("Газета.uz", "https://www.gazeta.uz/ru/2025/"),
    ("Монцамэ", "https://www.montsame.mn/ru/read/"),
    ("Kun.uz", "https://kun.uz/ru/news/"),
    ("Азаттык", "https://rus.azattyq.org/a/"),
    ("Фергана", "https://fergana.news/news/"),
)
START = datetime(2019, 1, 1, tzinfo=timezone(timedelta(hours=3)))
SPAN_DAYS = 6 * 365
OFFSETS = (3, 5, 6, 8, 9)


@dataclass(frozen=True)
class Pools:
    """The names articles draw their metadata from."""

    authors: tuple[str, ...]
    tags: tuple[str, ...]


def make_pools(rng: random.Random) -> Pools:
    """Forty authors and a few hundred distinct tags."""
    authors = tuple(sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(60)}))[:40]
    tags: set[str] = set(n for n in NOUNS)
    while len(tags) < 300:
        tags.add(f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}")
    return Pools(authors, tuple(sorted(tags)))


def sentence(rng: random.Random) -> str:
    """One plausible news sentence, 8-20 words."""
    words = [rng.choice(ADJECTIVES).capitalize(), rng.choice(NOUNS), rng.choice(PLACES)]
    words += [rng.choice(VERBS), rng.choice(FILLERS)]
    while len(words) < rng.randint(8, 20):
        words.append(rng.choice(NOUNS + ADJECTIVES + FILLERS))
    if rng.random() < 0.3:
        words.append(f"{rng.randint(2, 900)},{rng.randint(1, 9)} млн долларов")
    return " ".join(words) + "."


def paragraph(rng: random.Random, words: int) -> str:
    """Sentences up to about `words` words, sometimes with a link or emphasis."""
    out: list[str] = []
    count = 0
    while count < words:
        text = sentence(rng)
        if rng.random() < 0.08:
            word = rng.choice(NOUNS)
            text = text.replace(word, f"[{word}](https://example.org/{slugify(word)})", 1)
        elif rng.random() < 0.05:
            word = rng.choice(NOUNS)
            text = text.replace(word, f"**{word}**", 1)
        out.append(text)
        count += len(text.split())
    return " ".join(out)


def body(rng: random.Random) -> str:
    """A body of 300-1,200 words in 4-12 blocks with a list, a quote and an image at times."""
    total = rng.randint(300, 1200)
    blocks = rng.randint(4, 12)
    parts = [paragraph(rng, total // blocks) for _ in range(blocks)]
    if rng.random() < 0.4:
        items = "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 5)))
        parts.insert(rng.randint(1, len(parts)), items)
    if rng.random() < 0.5:
        parts.insert(rng.randint(1, len(parts)), f"> «{sentence(rng)}» – {rng.choice(VERBS)} он.")
    if rng.random() < 0.3:
        number = rng.randint(1, 99999)
        parts.insert(1, f"![{rng.choice(NOUNS)}](https://example.org/img/{number}.jpg)")
    return "\n\n".join(parts)


def front_matter(rng: random.Random, pools: Pools, number: int) -> dict[str, object]:
    """An article's front-matter; the number keeps titles distinct."""
    offset = timezone(timedelta(hours=rng.choice(OFFSETS)))
    moment = START + timedelta(seconds=rng.randrange(SPAN_DAYS * 86400))
    place = rng.choice(PLACES)
    title = f"{place}: {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} — {number}"
    source, url = rng.choice(SOURCES)
    return {
        "title": title,
        "date": moment.astimezone(offset).isoformat(),
        "author": rng.choice(pools.authors),
        "tags": rng.sample(pools.tags, rng.randint(1, 5)),
        "topics": rng.sample(TOPICS, rng.randint(1, 2)),
        "countries": [place, *rng.sample(PLACES, rng.randint(0, 2))][:3],
        "views": rng.randint(0, 50_000),
        "source": source,
        "source_url": f"{url}{rng.randint(10_000, 999_999)}",
    }


CONFIG = """\
title = "Дайджест: Азия и партнёры"
description = "Избранные новости о Центральной Азии и её партнёрах"
base_url = "https://example.github.io/digest/"
language = "ru"
timezone = "Europe/Moscow"
author = "Редакция дайджеста"
articles_per_page = 20
search = false
"""


def article_text(rng: random.Random, pools: Pools, number: int) -> tuple[str, str]:
    """The relative path and text of article number `number`."""
    data = front_matter(rng, pools, number)
    date = str(data["date"])
    relative = f"{date[:4]}/{date[5:7]}/{slugify(str(data['title']))}.md"
    return relative, dump_front_matter(data, body(rng))


def write_site(root: Path, articles: int, seed: int = 1) -> Path:
    """Write a whole site folder (replacing its content/) and return root."""
    rng = random.Random(seed)
    pools = make_pools(rng)
    root.mkdir(parents=True, exist_ok=True)
    (root / "digest.toml").write_text(CONFIG, encoding="utf-8")
    folder = root / "content" / "articles"
    shutil.rmtree(root / "content", ignore_errors=True)
    for number in range(1, articles + 1):
        relative, text = article_text(rng, pools, number)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="folder to write the site into")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_site(args.site, args.articles, args.seed)
    print(f"wrote {args.articles} articles into {args.site / 'content'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
