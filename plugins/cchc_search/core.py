"""Site search: the setting, the records of pages Pagefind reads, its command and the bundle we publish.

Pure: no Pelican, no files, no clock; plugin.py runs the command and applies the results.

Vietnamese folding needs nothing here (docs/search.md): Pagefind 1.5 indexes each word without
its combining marks and ranks exact marks first, which matches `cchc_content.text.strip_marks`
except for Đ/đ; the search page's script (theme/static/js/search.js) makes up for that on the
query side, so the index holds the editors' text once, as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cchc_content.core import ContentError, Problem

SETTING = "CCHC_SEARCH"
PAGE_SAVE_AS = "tim-kiem/index.html"  # the search page; base.html's menu links to it
DEFAULTS = {
    "bundle_dir": "pagefind",  # the search bundle, relative to the output folder
    "keep_default_ui": False,  # also publish Pagefind's own UI files (the page uses its own script)
    # The pages that may carry search markers: posts and static pages (not listings or dashboards).
    "glob": "{tin-bai/**/*.html,*/index.html}",
}

# What of a page Pagefind reads: the parts the theme puts between these markers (article.html,
# page.html). Only they hold data-pagefind-* attributes and the first picture, so a record of
# them gives Pagefind what the whole page would, and it reads a fifth of the HTML.
RECORD_START, RECORD_END = "<!--search-->", "<!--/search-->"
_HTML_START = re.compile(r"<html\b[^>]*>", re.IGNORECASE)

# The files of Pagefind's own user interfaces: the search page uses only pagefind.js,
# its worker, the WebAssembly module and the index, so these are not published.
DEFAULT_UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def settings(user: dict | None) -> dict:
    """The plugin's setting: DEFAULTS with the site's own values over them."""
    unknown = sorted(set(user or {}) - set(DEFAULTS))
    if unknown:
        raise ContentError([Problem("pelicanconf.py", SETTING, "có khóa không được hỗ trợ", ", ".join(unknown),
                                    ", ".join(DEFAULTS))])
    return {**DEFAULTS, **(user or {})}


def pagefind_command(executable: str, site: str, bundle_path: str, glob: str = DEFAULTS["glob"]) -> list[str]:
    """The Pagefind command line that indexes the built site's posts and pages into bundle_path
    (a folder beside the published bundle, moved into its place when the index is complete)."""
    return [executable, "--site", site, "--output-path", bundle_path, "--glob", glob]


def search_record(page: str, name: str) -> str | None:
    """The page as Pagefind needs it: its <html> tag (the language) and each part between the
    search markers, in order; None when the page has no markers (it is not indexed). Markers
    that do not pair up are the theme's mistake: ValueError, in Vietnamese, naming the page."""
    parts, position = [], 0
    while (start := page.find(RECORD_START, position)) >= 0:
        end = page.find(RECORD_END, start)
        following = page.find(RECORD_START, start + len(RECORD_START))
        if end < 0 or 0 <= following < end:
            raise ValueError(f"{name}: dấu “{RECORD_START}” mở phần cần lập chỉ mục tìm kiếm nhưng không có "
                             f"“{RECORD_END}” đóng lại trước dấu mở kế tiếp; mẫu giao diện cần đặt mỗi cặp dấu "
                             "quanh phần được tìm kiếm (xem theme/templates/article.html).")
        parts.append(page[start + len(RECORD_START):end])
        position = end + len(RECORD_END)
    if page.find(RECORD_END, position) >= 0:
        raise ValueError(f"{name}: dấu “{RECORD_END}” đóng một phần chưa được mở bằng “{RECORD_START}”; mẫu giao "
                         "diện cần đặt mỗi cặp dấu quanh phần được tìm kiếm (xem theme/templates/article.html).")
    if not parts:
        return None
    html = _HTML_START.search(page)
    return "".join(["<!DOCTYPE html>\n", html.group(0) if html else "<html>",
                    '\n<head><meta charset="utf-8"></head>\n<body>\n', "\n".join(parts), "\n</body>\n</html>\n"])


def glob_matcher(glob: str) -> Callable[[str], bool]:
    """Whether an output path (relative, with /) is one that Pagefind's --glob reads: one level of
    {a,b} alternatives, `**/` for any folders, `*` within a name."""
    match = re.fullmatch(r"\{([^{}]*)\}", glob)
    parts = match.group(1).split(",") if match else [glob]
    patterns = []
    for part in parts:
        pattern = re.escape(part).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
        patterns.append(pattern)
    compiled = re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
    return lambda path: compiled.fullmatch(path) is not None


def indexed_pages(log: str) -> int | None:
    """The number of pages Pagefind says it indexed, read from its log."""
    match = re.search(r"Indexed (\d+) pages?", log)
    return int(match.group(1)) if match else None


def unused_files(names: Iterable[str], keep_default_ui: bool) -> list[str]:
    """Names in the bundle's top folder that the site does not use (Pagefind's own UIs)."""
    return [] if keep_default_ui else sorted(name for name in names if name in DEFAULT_UI_FILES)


def bundle_summary(sizes: dict[str, int]) -> dict[str, int]:
    """Bytes of the bundle by part: `index` (words), `fragment` (pages), `filter`, `code`, `total`."""
    parts = {"index": 0, "fragment": 0, "filter": 0, "code": 0}
    for path, size in sizes.items():
        top = path.split("/", 1)[0] if "/" in path else ""
        parts[top if top in ("index", "fragment", "filter") else "code"] += size
    return {**parts, "total": sum(sizes.values())}
