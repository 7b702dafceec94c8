"""The shipped profiles and the README's example profile load, and match what they claim."""

from __future__ import annotations

import re
from pathlib import Path

from generator.scrape.profiles import find_profile, load_profile, load_profiles
from generator.scrape.textdump import parse_textdump

README = Path(__file__).resolve().parents[2] / "README.md"


def test_shipped_profiles_load_and_match_their_domains() -> None:
    profiles = {p.name: p for p in load_profiles(None)}
    assert {"babr24", "wordpress"} <= set(profiles)
    listed = list(profiles.values())
    assert find_profile(listed, "https://www.babr24.com/?IDE=1") is profiles["babr24"]
    assert find_profile(listed, "https://ceanres.org/ru/2024/07/07/x/") is profiles["wordpress"]
    assert find_profile(listed, "https://example.org/") is None


def test_readme_example_profile_loads_and_works(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```toml\n# profiles/example.toml\n(.*?)```", text, re.S)
    assert block, "the README lost its example profile"
    path = tmp_path / "example.toml"
    path.write_text(block.group(1), encoding="utf-8")
    profile = load_profile(path)
    assert profile.domains == ("example.ru",) and profile.html.views == (".views-count",)
    dump = (
        "Главная » Новости\n\nЗаголовок статьи\n\nПервый абзац статьи, довольно длинный.\n\n"
        "Реклама\n\nВторой абзац статьи.\n\n"
        "Автор: Иван Петров © Пример.ру ПОЛИТИКА, ОБЩЕСТВО 👁 42\n01.02.2025, 10:30\n\n"
        "URL: <https://example.ru/news/1>\n\nКомментарии\n"
    )
    assert find_profile([profile], None, dump) is profile
    draft = parse_textdump(dump, profile)
    assert draft.title == "Заголовок статьи"
    assert (draft.author, draft.source, draft.views) == ("Иван Петров", "Пример.ру", 42)
    assert draft.tags == ["политика", "общество"]
    assert draft.date is not None and draft.date.isoformat() == "2025-02-01T10:30:00+08:00"
    assert draft.source_url == "https://example.ru/news/1"
    assert draft.markdown == "Первый абзац статьи, довольно длинный.\n\nВторой абзац статьи."
