# Pelican's side of the benchmark: the same corpus (converted by bench/build.py into
# content/), paginated by 20, with tag, category (first topic), author and monthly pages,
# Atom feeds, and Pelican's built-in "simple" theme. SITEURL is filled in by the script.
AUTHOR = "Редакция дайджеста"
SITENAME = "Дайджест: Азия и партнёры"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Moscow"
DEFAULT_LANG = "ru"
THEME = "simple"
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "author": None,
    "period_archives": None,
}
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
MONTH_ARCHIVE_SAVE_AS = "archive/{date:%Y}/{date:%m}/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "topics/{slug}/feed.xml"
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 30
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
