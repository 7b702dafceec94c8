from generator.slugs import is_safe_slug, slugify


def test_cyrillic_terms_transliterate_readably() -> None:
    assert slugify("Монголия") == "mongoliya"
    assert slugify("Япония") == "yaponiya"
    assert slugify("Узбекистан") == "uzbekistan"
    assert slugify("Щёлково, Хабаровск") == "shchyolkovo-khabarovsk"


def test_title_slug_keeps_words_and_drops_punctuation() -> None:
    title = "Стратегическое партнерство: Япония инвестирует в развитие Монголии"
    assert slugify(title) == "strategicheskoe-partnerstvo-yaponiya-investiruet-v-razvitie-mongolii"


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    slug = slugify("слово " * 40)
    assert len(slug) <= 80
    assert slug.endswith("slovo")


def test_text_without_letters_still_gets_a_stable_safe_slug() -> None:
    first = slugify("!!! ???")
    assert first.startswith("n-") and is_safe_slug(first)
    assert slugify("!!! ???") == first
    assert slugify("…") != first
    assert is_safe_slug(slugify("中文标题"))


def test_path_characters_never_survive() -> None:
    for hostile in ("../../etc/passwd", "a/b\\c", "x\x00y", "..", "/"):
        assert is_safe_slug(slugify(hostile)), hostile


def test_accents_are_stripped_from_latin() -> None:
    assert slugify("Café Zürich") == "cafe-zurich"


def test_is_safe_slug_rejects_unsafe_segments() -> None:
    assert is_safe_slug("mongoliya-2")
    assert not is_safe_slug("")
    assert not is_safe_slug("a/b")
    assert not is_safe_slug("-a")
    assert not is_safe_slug("Mongoliya")
