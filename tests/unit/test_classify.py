"""Countries from the gazetteer (inflected, adjectival, main ones only) and topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.scrape.classify import load_vocabulary, main_countries, mentions, topics_of

VOCABULARY = load_vocabulary()


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("грант Монголии", "Монголия"),
        ("вопрос японских граждан", "Япония"),
        ("Узбекско-японское сотрудничество", "Узбекистан"),
        ("Узбекско-японское сотрудничество", "Япония"),
        ("похищенных Северной Кореей", "Северная Корея"),
        ("зависит от Китая", "Китай"),
        ("с Израилем", "Израиль"),
        ("в Соединённых Штатах", "США"),
        ("поддержку со стороны США", "США"),
        ("в Филиппинах", "Филиппины"),
        ("Japan and Mongolia", "Япония"),
        ("Kazakh steppe", "Казахстан"),
        ("13 японцев", "Япония"),
    ],
)
def test_inflected_and_adjectival_forms(text: str, country: str) -> None:
    assert country in mentions(text, VOCABULARY)


def test_a_longer_name_wins_over_the_one_inside_it() -> None:
    found = mentions("Папуа — Новая Гвинея и Экваториальная Гвинея", VOCABULARY)
    assert set(found) == {"Папуа — Новая Гвинея", "Экваториальная Гвинея"}
    assert set(mentions("Южной Кореи", VOCABULARY)) == {"Южная Корея"}


def test_common_words_are_not_countries() -> None:
    text = "Того же мнения был министр; перу писателя принадлежит роман; чили соус. Нигерия"
    assert set(mentions(text, VOCABULARY)) == {"Нигерия"}
    assert mentions("us and them", VOCABULARY) == {}


def test_every_un_member_state_is_there() -> None:
    names = {c.name for c in VOCABULARY.countries}
    assert len(names) >= 193
    for name in ("Монголия", "Узбекистан", "Тувалу", "Южный Судан", "Кот-д’Ивуар", "Тайвань"):
        assert name in names


def test_main_countries_not_every_one_named_in_passing() -> None:
    body = ("Монголия и Япония подписали договор. " * 5) + "Это не касается Китая и России."
    countries = main_countries("Япония и Монголия", [], body, VOCABULARY)
    assert countries == ["Монголия", "Япония"]


def test_a_country_in_the_title_or_tags_always_counts() -> None:
    body = "Переговоры продолжатся. " * 10
    assert main_countries("Визит в Бразилию", ["монголия"], body, VOCABULARY) == ["Бразилия", "Монголия"]  # fmt: skip


def test_topics_from_tags_in_vocabulary_order() -> None:
    tags = ["благоустройство", "общество", "политика", "монголия"]
    assert topics_of(tags, "", VOCABULARY) == ["Политика", "Общество"]


def test_topics_inferred_from_keywords_without_known_tags() -> None:
    text = "Министр провёл переговоры с президентом. Парламент одобрил санкции. Футбол."
    assert topics_of([], text, VOCABULARY) == ["Политика"]
    assert topics_of([], "Короткий текст.", VOCABULARY) == []


def test_a_site_extends_the_data(tmp_path: Path) -> None:
    (tmp_path / "countries.toml").write_text('"Монголия" = { forms = ["Улан-Батор\\\\w*"] }\n"Атлантида" = { adj = ["атлантическ"] }\n', encoding="utf-8")  # fmt: skip
    (tmp_path / "topics.toml").write_text('[topics."Туризм"]\ntags = ["туризм"]\n', encoding="utf-8")  # fmt: skip
    vocabulary = load_vocabulary(tmp_path)
    assert set(mentions("в Улан-Баторе и атлантической", vocabulary)) == {"Монголия", "Атлантида"}
    assert "Монголия" in mentions("Монголии", vocabulary)  # the shipped forms are kept
    assert topics_of(["Туризм"], "", vocabulary) == ["Туризм"]


def test_a_bad_site_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "countries.toml").write_text('"X" = { colour = ["red"] }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="countries.toml.*unknown key 'colour'"):
        load_vocabulary(tmp_path)


def test_english_sites_get_english_terms() -> None:
    english = load_vocabulary(None, "en")
    text = "Япония и Монголия подписали соглашение о сотрудничестве. " * 3
    assert main_countries("Japan and Mongolia", [], text, english) == ["Japan", "Mongolia"]
    assert topics_of(["politics", "общество"], "", english) == ["Politics", "Society"]
