"""HTML extraction: metadata cascade, boilerplate removal, Markdown body, robustness."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.scrape.extract import extract_html
from generator.scrape.profiles import HtmlRules, Profile

PROSE = (
    "Япония выделит Монголии безвозмездный грант на сумму 3,7 миллиона долларов для реализации "
    "инфраструктурных проектов, модернизации мониторинга и развития коммунальных систем."
)


def page(body: str, head: str = "", lang: str = "ru") -> str:
    return f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def article(*paragraphs: str) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


def test_jsonld_graph_gives_the_article_fields() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Сайт"},
            {
                "@type": "NewsArticle",
                "headline": "Япония инвестирует в Монголию",
                "author": [{"@type": "Person", "name": "Эрнест Баатырев"}],
                "datePublished": "2025-03-06T15:44:00+08:00",
                "keywords": "политика, Монголия",
                "publisher": {"@type": "Organization", "name": "Бабр24"},
                "mainEntityOfPage": {"@id": "https://babr24.com/?IDE=274354"},
                "image": {"@type": "ImageObject", "url": "/i/1.jpg"},
                "description": "Грант на 3,7 миллиона долларов",
                "interactionStatistic": {
                    "@type": "InteractionCounter",
                    "interactionType": "https://schema.org/ViewAction",
                    "userInteractionCount": "578",
                },
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    draft = extract_html(page(article(PROSE, PROSE), head), "https://babr24.com/n/1")
    assert draft.title == "Япония инвестирует в Монголию"
    assert draft.author == "Эрнест Баатырев"
    assert draft.date == datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=8)))
    assert draft.tags == ["политика", "Монголия"]
    assert draft.views == 578
    assert draft.source == "Бабр24"
    assert draft.source_url == "https://babr24.com/?IDE=274354"
    assert draft.image == "https://babr24.com/i/1.jpg"
    assert draft.summary == "Грант на 3,7 миллиона долларов"
    assert draft.lang == "ru"


def test_opengraph_and_meta_tags_when_there_is_no_jsonld() -> None:
    head = (
        '<meta property="og:title" content="Заголовок из OpenGraph">'
        '<meta property="og:site_name" content="Вести">'
        '<meta property="article:published_time" content="2025-03-06T10:00:00+03:00">'
        '<meta property="article:tag" content="экономика">'
        '<meta property="article:tag" content="Монголия">'
        '<meta name="author" content="Анна Иванова">'
        '<meta name="description" content="Кратко">'
        '<link rel="canonical" href="/news/1">'
    )
    draft = extract_html(page(article(PROSE), head), "https://vesti.example/news/1?utm=x")
    assert draft.title == "Заголовок из OpenGraph"
    assert draft.source == "Вести"
    assert draft.author == "Анна Иванова"
    assert draft.date == datetime(2025, 3, 6, 7, 0, tzinfo=UTC)
    assert draft.tags == ["экономика", "Монголия"]
    assert draft.summary == "Кратко"
    assert draft.source_url == "https://vesti.example/news/1"


def test_time_element_gives_the_date_with_the_page_offset() -> None:
    body = (
        '<article><time datetime="2025-03-06T15:44+08:00">6 марта</time>'
        + f"<p>{PROSE}</p></article>"
    )
    draft = extract_html(page(body))
    assert draft.date == datetime(2025, 3, 6, 15, 44, tzinfo=timezone(timedelta(hours=8)))


def test_russian_date_in_text_takes_the_profile_timezone() -> None:
    body = f'<div class="date">6 марта 2025, 15:44</div>{article(PROSE, PROSE)}'
    profile = Profile(name="babr24", path="babr24.toml", timezone="Asia/Irkutsk")
    draft = extract_html(page(body), profile=profile)
    assert draft.date == datetime(2025, 3, 6, 15, 44, tzinfo=ZoneInfo("Asia/Irkutsk"))
    assert extract_html(page(body)).date == datetime(2025, 3, 6, 15, 44)  # no zone: naive


def test_a_field_the_page_does_not_give_is_none() -> None:
    draft = extract_html(page(article(PROSE, PROSE)))
    assert draft.author is None
    assert draft.date is None
    assert draft.views is None
    assert draft.source is None
    assert draft.source_url is None
    assert draft.image is None
    assert draft.summary is None
    assert draft.tags == []
    assert PROSE in draft.markdown


BOILERPLATE = """
<div class="cookie-banner">Мы используем cookie, соглашайтесь</div>
<header class="site-header"><a href="/">Логотип сайта</a></header>
<nav><a href="/a">Раздел навигации</a></nav>
<div class="breadcrumbs"><a href="/">Главная хлебных крошек</a></div>
<main><article>
  <h1>Заголовок статьи</h1>
  <p>{p}</p>
  <div class="share-buttons"><a href="#">Поделиться ВКонтакте</a></div>
  <p>{p}</p>
  <p>Фото: РИА Новости</p>
  <div class="read-also"><h3>Читайте также</h3>
    <ul><li><a href="/x">Другая новость про что-то</a></li><li><a href="/y">Еще одна новость</a></li></ul></div>
  <div class="subscribe">Подписывайтесь на наш канал в Telegram</div>
  <div class="contacts">Связаться с редакцией Бабра</div>
  <p>Телеграм: @babr24_link_bot</p>
  <p>newsbabr@gmail.com</p>
</article>
<section id="comments" class="comments"><p>Комментарий читателя с мнением о статье</p>
  <form class="comment-form"><textarea></textarea></form></section>
</main>
<aside class="sidebar"><a href="/z">Популярное в сайдбаре</a></aside>
<div class="adv-banner">Рекламный блок</div>
<footer class="site-footer">Контакты редакции: info@example.org</footer>
"""


def test_boilerplate_is_removed_and_the_article_kept() -> None:
    markdown = extract_html(page(BOILERPLATE.format(p=PROSE))).markdown
    assert markdown.count("Япония выделит Монголии") == 2
    for junk in (
        "cookie",
        "Логотип",
        "Раздел навигации",
        "хлебных крошек",
        "Поделиться",
        "Фото:",
        "Читайте также",
        "Другая новость",
        "Подписывайтесь",
        "Комментарий читателя",
        "сайдбаре",
        "Рекламный",
        "Контакты",
        "Связаться",
        "@babr24_link_bot",
        "newsbabr",
        "Заголовок статьи",  # the title is a field, not part of the body
    ):
        assert junk not in markdown, junk


def test_headings_lists_tables_quotes_and_figures_are_kept() -> None:
    body = f"""<article>
      <p>{PROSE}</p>
      <h2>Подробности</h2>
      <ul><li>первый пункт</li><li>второй пункт</li></ul>
      <ol><li>раз</li><li>два</li></ol>
      <blockquote><p>Цитата министра</p></blockquote>
      <table><tr><th>Год</th><th>Сумма</th></tr><tr><td>2025</td><td>3,7</td></tr></table>
      <figure><img src="/img/a.jpg" alt="Министр"><figcaption>Министр иностранных дел</figcaption></figure>
      <p>{PROSE} <a href="/about">подробнее</a> и <a href="https://other.example/x">там</a></p>
    </article>"""
    markdown = extract_html(page(body), "https://site.example/news/1.html").markdown
    assert "## Подробности" in markdown
    assert "- первый пункт\n- второй пункт" in markdown
    assert "1. раз\n2. два" in markdown
    assert "> Цитата министра" in markdown
    assert "| Год | Сумма |\n| --- | --- |\n| 2025 | 3,7 |" in markdown
    assert "![Министр](https://site.example/img/a.jpg)\n\n*Министр иностранных дел*" in markdown
    assert "[подробнее](https://site.example/about)" in markdown
    assert "[там](https://other.example/x)" in markdown


def test_base_element_moves_relative_links() -> None:
    body = f'<article><p>{PROSE} <a href="page.html">ссылка</a></p></article>'
    html = page(body, '<base href="https://cdn.example/dir/">')
    assert (
        "[ссылка](https://cdn.example/dir/page.html)"
        in extract_html(html, "https://a.example/").markdown
    )


def test_profile_selectors_win_over_heuristics() -> None:
    body = f"""
      <div class="author">Эвристический Автор</div>
      <div class="story"><p>{PROSE}</p><div class="promo">Промо внутри текста</div></div>
      <div class="longer"><p>{PROSE} {PROSE}</p><p>{PROSE} {PROSE}</p><p>{PROSE}</p></div>
      <span class="who">Автор: Эрнест Баатырев</span>
      <span class="when">06.03.2025, 15:44</span>
      <span class="hits">👁 578</span>
      <div class="kw"><a>ПОЛИТИКА</a><a>Монголия</a></div>
      <h2 class="headline">Заголовок из профиля</h2>"""
    rules = HtmlRules(
        body=(".story",),
        title=(".headline",),
        author=(".who",),
        date=(".when",),
        views=(".hits",),
        tags=(".kw a",),
        remove=(".promo",),
    )
    profile = Profile(name="p", path="p.toml", timezone="Asia/Irkutsk", html=rules)
    draft = extract_html(page(body), profile=profile)
    assert draft.markdown == PROSE
    assert draft.title == "Заголовок из профиля"
    assert draft.author == "Эрнест Баатырев"
    assert draft.date == datetime(2025, 3, 6, 15, 44, tzinfo=ZoneInfo("Asia/Irkutsk"))
    assert draft.views == 578
    assert draft.tags == ["политика", "монголия"]
    without = extract_html(page(body))
    assert without.author == "Эвристический Автор"
    assert "Промо" not in draft.markdown


def test_byline_line_in_text_becomes_the_author() -> None:
    draft = extract_html(page(article(PROSE, PROSE, "<b>Автор:</b> Ирина Манская")))
    assert draft.author == "Ирина Манская"
    assert "Манская" not in draft.markdown


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "not html at all",
        "\x00\x01\x02\xff\xfe",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<html><body>" + "<div>" * 10_000 + "глубоко" + "</div>" * 10_000 + "</body></html>",
        "<html><body>" + "<span><b>" * 5_000 + "глубоко" + "</b></span>" * 5_000 + "</body></html>",
        "<html><body>" + "<i><b>" * 1_000 + "глубоко" + "</b></i>" * 1_000 + "</body></html>",
        "<table><tr><td><table><tr><td>вложенная</td></tr></table></td></tr></table>",
        '<script type="application/ld+json">{"@graph": [[[[{"@type": "Article"}]]]]}</script>',
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
        "<p>\ud800 lone surrogate</p>",
        '<a href="http://[bad">x</a><img src="http://[bad"><base href="http://[x">',
    ],
)
def test_never_raises_on_hostile_input(html: str) -> None:
    draft = extract_html(html, "https://example.org/a")
    assert isinstance(draft.markdown, str)


def test_deep_nesting_keeps_the_text() -> None:
    html = "<html><body>" + "<div>" * 10_000 + PROSE + "</div>" * 10_000 + "</body></html>"
    assert "Япония выделит Монголии" in extract_html(html).markdown


_PIECES = list("<>/=\"' abcdpivtale-:;&#\n\x00") + ["<p>", "</div>", "<table>", "<li>", "<a href="]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=200).map("".join))
def test_never_raises_on_random_markup(html: str) -> None:
    assert isinstance(extract_html(html).markdown, str)


def test_site_name_is_cut_from_the_metadata_title() -> None:
    head = (
        '<meta property="og:title" content="Грант для Монголии | Вести Сибири">'
        '<meta property="og:site_name" content="Вести Сибири">'
    )
    assert extract_html(page(article(PROSE), head)).title == "Грант для Монголии"
    suffixed = '<meta property="og:title" content="Грант для Монголии - Сайт.ру">'
    shown = page("<h1>Грант для Монголии</h1>" + article(PROSE), suffixed)
    assert extract_html(shown).title == "Грант для Монголии"  # the page's <h1> shows the cut


def test_an_address_or_a_number_is_not_an_author() -> None:
    for author in ("news@example.org", "105092"):
        head = f'<meta name="author" content="{author}">'
        assert extract_html(page(article(PROSE), head)).author is None


def test_inline_markup_keeps_the_text_spacing() -> None:
    body = (
        f"<article><p>{PROSE}</p><p>元タレントの<a href='/t/1'>中居正広</a>氏の問題が"
        "<b>スポーツ界</b>に飛び火している。</p><p>Слово <b> жирное </b>, затем <i>курсив</i>.</p>"
        "</article>"
    )
    markdown = extract_html(page(body), "https://jp.example/a").markdown
    assert "元タレントの[中居正広](https://jp.example/t/1)氏の問題が**スポーツ界**に" in markdown
    assert "Слово **жирное** , затем *курсив*." in markdown


def test_repeated_title_goes_but_a_subheading_like_it_stays() -> None:
    head = '<meta property="og:title" content="Что такое НАТО и кто в него входит">'
    body = f"<article><h1>Что такое НАТО и кто в него входит</h1><p>{PROSE}</p><h2>Что такое НАТО?</h2><p>{PROSE}</p></article>"
    markdown = extract_html(page(body, head)).markdown
    assert "входит" not in markdown
    assert "## Что такое НАТО?" in markdown


def test_lead_image_from_metadata_else_the_first_figure() -> None:
    figure = '<figure><img src="/a.jpg"><figcaption>Министр на встрече</figcaption></figure>'
    html = page(f"<article><p>{PROSE}</p>{figure}<p>{PROSE}</p></article>")
    draft = extract_html(html, "https://site.example/n/1")
    assert (draft.image, draft.image_caption) == (
        "https://site.example/a.jpg",
        "Министр на встрече",
    )
    head = '<meta property="og:image" content="https://cdn.example/lead.jpg">'
    with_meta = extract_html(html.replace("<head>", "<head>" + head), "https://site.example/n/1")
    assert (with_meta.image, with_meta.image_caption) == ("https://cdn.example/lead.jpg", None)
