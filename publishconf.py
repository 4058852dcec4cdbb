"""Settings for publishing builds: pelicanconf.py plus only what differs."""

import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("CCHC_SITEURL", "").rstrip("/")
if urlsplit(SITEURL).scheme not in ("http", "https") or not urlsplit(SITEURL).netloc:
    raise SystemExit(
        "Thiếu hoặc sai biến môi trường CCHC_SITEURL: cần địa chỉ đầy đủ của trang, "
        f"ví dụ https://cchc.phuong.example; đang có: “{SITEURL}”."
    )
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL  # feeds carry absolute links

CCHC_STRICT = True  # any content problem stops the build (CONTRACT §5)

# Drafts are never written where a publish build uploads.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# A fresh, uncached build every time.
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
