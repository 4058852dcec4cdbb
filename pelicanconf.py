"""Pelican settings for development builds and previews of the CCHC news section."""

import logging
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The ward -------------------------------------------------------------------
SITENAME = "Chuyên mục Cải cách hành chính"
WARD_NAME = "Phường Hoa Mai"
WARD_FULL_NAME = "Ủy ban nhân dân phường Hoa Mai"
CONTENT_OWNER = "Phòng Văn hóa - Xã hội, Ủy ban nhân dân phường Hoa Mai"
WARD_ADDRESS = "Số 1 đường Hoa Mai, phường Hoa Mai (địa chỉ hư cấu)"
WARD_PHONE = "0200 000 000"
WARD_EMAIL = "cchc@hoamai.example"
SAMPLE_SITE = True  # a fictional sample ward: the theme says so on every page
AUTHOR = WARD_FULL_NAME

# Paths and language ---------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["tin-bai"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "audio"]
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["cchc_content", "cchc_images", "cchc_tally", "cchc_feeds", "cchc_search"]
CCHC_SETTINGS_DIR = str(HERE)  # CCHC_DATA_DIR is relative to this file (CONTRACT §3)
CCHC_DATA_DIR = "data"
CCHC_STRICT = False  # preview builds are forgiving (CONTRACT §5)

DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
SITEURL = ""
RELATIVE_URLS = False
LOG_FILTER = [(logging.WARNING, "Docutils has no localization for '%s'. Using 'en' instead.")]

# Content handling -------------------------------------------------------------
WITH_FUTURE_DATES = False  # a post dated in the future waits for its date
SLUGIFY_SOURCE = "title"  # the reader replaces Pelican's slug with our Vietnamese one
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 40
CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "reader"  # not "generator": it skips our signals (PITFALLS.md)
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
GZIP_CACHE = False  # compressing the reader cache (3 MB at N=1,000) took 0.2 s of every rebuild

# URLs (docs/theme.md) ---------------------------------------------------------
ARTICLE_URL = "tin-bai/{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
DRAFT_URL = "ban-nhap/{slug}.html"  # previews only; publishconf.py writes no drafts
DRAFT_SAVE_AS = DRAFT_URL
DRAFT_PAGE_URL = "ban-nhap/trang/{slug}.html"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = ""  # tag listings are written by the cchc_content listings generator
TAGS_SAVE_AS = "the/index.html"
TAGS_URL = "the/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
ARCHIVES_URL = "luu-tru/"
DIRECT_TEMPLATES = ["index", "tags", "archives", "404"]
globals()["404_SAVE_AS"] = "404.html"  # not a valid identifier, hence globals()
CATEGORY_SAVE_AS = ""
# Pelican gives a category only when CATEGORY_SAVE_AS is set, and draft pages need one.
DEFAULT_METADATA = {"category": "tin-bai"}
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"

# One feed system (the feeds plugin) replaces Pelican's own feeds.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Escape every value in templates; post bodies pass only through an explicit `| safe`.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
