from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError, DigestError, ErrorGroup


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "digest.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_for_everything_but_the_title(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'title = "Дайджест"\n'))
    assert config.language == "ru"
    assert config.articles_per_page == 20
    assert config.permalink == "/{year}/{month}/{slug}/"
    assert [t.name for t in config.taxonomies] == ["topics", "countries", "tags", "authors"]
    assert config.base_path == "/"


def test_base_url_subpath_gives_the_base_path(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'title = "x"\nbase_url = "https://user.github.io/repo"\n'))
    assert config.base_url == "https://user.github.io/repo/"
    assert config.base_path == "/repo/"


def test_unknown_key_is_named_with_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, 'title = "x"\ntitel = "y"\n'))
    assert "titel" in caught.value.message
    assert str(tmp_path / "digest.toml") in caught.value.message


def test_wrong_type_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, 'title = "x"\narticles_per_page = "20"\n'))
    assert "'articles_per_page' must be a whole number" in caught.value.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = 'language = "fr"\nsearch = 1\ntimezone = "Mars/Olympus"\n'
    with pytest.raises(ErrorGroup) as caught:
        load_config(write(tmp_path, text))
    message = caught.value.message
    for part in (
        "'title' is required",
        "'language'",
        "'search' must be true or false",
        "Mars/Olympus",
    ):
        assert part in message


def test_missing_config_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path)
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "title = \n"))


def test_a_site_can_add_a_taxonomy(tmp_path: Path) -> None:
    text = 'title = "x"\n[[taxonomies]]\nname = "regions"\ntitle = "Регионы"\n' + "".join(
        f'[[taxonomies]]\nname = "{n}"\n' for n in ("topics", "countries")
    )
    config = load_config(write(tmp_path, text))
    assert [t.name for t in config.taxonomies] == ["regions", "topics", "countries"]
    assert config.taxonomy("regions").field == "regions"
    assert config.taxonomy("countries").feeds


def test_bad_base_url_and_permalink(tmp_path: Path) -> None:
    text = 'title = "x"\nbase_url = "example.org"\npermalink = "/{year}/"\n'
    with pytest.raises(DigestError) as caught:
        load_config(write(tmp_path, text))
    assert "base_url" in caught.value.message and "permalink" in caught.value.message
