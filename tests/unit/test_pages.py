from generator.pages import paginate
from generator.urls import article_path, is_inside, output_file, paged


def test_an_empty_list_still_has_one_page() -> None:
    pages = paginate("", (), 20, kind="home", template="home.html")
    assert [(p.path, p.items, p.total) for p in pages] == [("", (), 1)]


def test_exactly_one_full_page() -> None:
    pages = paginate("tags/x/", tuple(range(20)), 20, kind="term", template="term.html")
    assert len(pages) == 1 and len(pages[0].items) == 20


def test_one_more_item_starts_page_two() -> None:
    pages = paginate("tags/x/", tuple(range(21)), 20, kind="term", template="term.html")
    assert [p.path for p in pages] == ["tags/x/", "tags/x/page/2/"]
    assert pages[1].items == (20,)
    assert [p.number for p in pages] == [1, 2] and {p.total for p in pages} == {2}


def test_paths_and_files() -> None:
    assert paged("", 3) == "page/3/"
    assert output_file("") == "index.html"
    assert output_file("2025/03/x/") == "2025/03/x/index.html"
    assert output_file("feed.xml") == "feed.xml"


def test_article_path_pattern() -> None:
    from datetime import datetime

    date = datetime(2025, 3, 6)
    assert article_path("/{year}/{month}/{slug}/", date, "x") == "2025/03/x/"
    assert article_path("/news/{year}/{month}/{day}/{slug}/", date, "x") == "news/2025/03/06/x/"


def test_is_inside_rejects_escapes() -> None:
    assert is_inside("a/b/index.html")
    for bad in ("../x", "/etc/passwd", "a/../../b", "a\\b", ""):
        assert not is_inside(bad), bad
