"""Every reference from the site to itself resolves: links, images, srcset, feeds, CSS url(), anchors.

Read from the files, not crawled: every HTML page, feed, sitemap, stylesheet, JSON and CSV file of
the folder is looked at, so a page nothing links to is checked too. A reference to this site must
name a file of the folder (a folder means its index.html) and, with a #fragment into an HTML page,
an id of that page. References to other hosts are counted, not fetched (the checks work offline).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlsplit

from checks import Report
from checks.site import Site, parse_html, scheme_of, srcset_urls

URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "script": ("src",), "iframe": ("src",),
    "embed": ("src",), "object": ("data",), "form": ("action",), "input": ("src", "formaction"),
    "button": ("formaction",), "blockquote": ("cite",), "q": ("cite",), "del": ("cite",), "ins": ("cite",),
}
META_URLS = {"og:image", "og:image:url", "og:image:secure_url", "og:url", "og:audio", "og:video", "twitter:image"}
WHAT = {"a": "liên kết", "area": "liên kết", "link": "tệp liên kết (<link>)", "img": "ảnh", "source": "ảnh/tệp nguồn",
        "audio": "tệp âm thanh", "video": "tệp video", "script": "tệp mã", "meta": "địa chỉ trong thẻ meta",
        "form": "địa chỉ gửi biểu mẫu", "css": "tệp trong CSS", "feed": "địa chỉ trong bảng tin/sơ đồ trang",
        "json": "địa chỉ trong JSON", "csv": "địa chỉ trong CSV"}
NOT_FETCHED = {"mailto", "tel", "sms", "data", "javascript", "vbscript", "about", "blob"}
FEED_TEXT_URLS = {"loc", "link", "guid", "icon", "logo", "comments", "url"}
FEED_HTML = {"content", "summary", "description", "encoded"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


class _Links:
    def __init__(self, site: Site, report: Report) -> None:
        self.site, self.report = site, report
        self.internal = self.external = self.anchors = 0

    def check(self, where: str, base: str, reference: str | None, what: str, absolute_only: bool = False) -> None:
        """Check one reference found in `where`, relative to the address `base`."""
        if reference is None:
            return
        reference = reference.strip()
        if not reference or scheme_of(reference) in NOT_FETCHED:
            return
        if absolute_only and not urlsplit(reference).scheme:
            self.report.add(where, f"{what} “{reference}” là đường dẫn tương đối: bảng tin phải dùng địa chỉ đầy đủ")
            return
        absolute = urljoin(base, reference)
        path = self.site.internal(absolute)
        if path is None:
            self.external += 1
            return
        self.internal += 1
        target = self.site.target(path)
        if target is None:
            self.report.add(where, f"{what} “{reference}” không dẫn tới tệp nào (thiếu /{path})")
            return
        fragment = unquote(urlsplit(absolute).fragment)
        if fragment and target.suffix == ".html" and fragment != "top" and not fragment.startswith(":~:"):
            self.anchors += 1
            if fragment not in self.site.document(self.site.rel(target)).ids:
                self.report.add(where, f"{what} “{reference}”: trang {self.site.rel(target)} không có id “{fragment}”")

    def page(self, rel: str) -> None:
        document = self.site.document(rel)
        base = self.site.url_of(rel)
        for tag in document.find("base"):
            base = urljoin(base, tag.get("href") or "")
        for tag in document.tags:
            what = WHAT.get(tag.name, f"địa chỉ trong <{tag.name}>")
            for attribute in URL_ATTRIBUTES.get(tag.name, ()):
                value = tag.get(attribute)
                if attribute == "srcset" and value is not None:
                    for url in srcset_urls(value):
                        self.check(rel, base, url, what)
                else:
                    self.check(rel, base, value, what)
            if tag.name == "meta" and (tag.get("property") or tag.get("name") or "").lower() in META_URLS:
                self.check(rel, base, tag.get("content"), WHAT["meta"])

    def feed(self, rel: str) -> None:
        """A feed or sitemap: every URL in it is absolute and, if it is ours, resolves."""
        try:
            root = ET.parse(self.site.root / rel).getroot()
        except ET.ParseError:
            return  # the security check reports XML that does not parse
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1]
            for attribute in ("href", "url", "src"):
                self.check(rel, self.site.base, element.get(attribute), WHAT["feed"], absolute_only=True)
            text = (element.text or "").strip()
            if local in FEED_TEXT_URLS and text and element.get("isPermaLink") != "false" and len(element) == 0:
                self.check(rel, self.site.base, text, WHAT["feed"], absolute_only=True)
            if local in FEED_HTML and text and "<" in text:
                for tag in parse_html(text).tags:
                    for attribute in URL_ATTRIBUTES.get(tag.name, ()):
                        value = tag.get(attribute)
                        urls = srcset_urls(value) if attribute == "srcset" and value else [value]
                        what = f"{WHAT.get(tag.name, 'địa chỉ')} trong nội dung bảng tin"
                        for url in urls:
                            self.check(rel, self.site.base, url, what, absolute_only=True)

    def stylesheet(self, rel: str) -> None:
        text = (self.site.root / rel).read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        for match in CSS_URL.finditer(text):
            self.check(rel, self.site.url_of(rel), match.group(2) or match.group(4), WHAT["css"])

    def json_file(self, rel: str) -> None:
        try:
            document = json.loads((self.site.root / rel).read_text(encoding="utf-8-sig"))
        except ValueError:
            return  # the security check reports JSON that does not parse
        stack = [document]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                for key, item in value.items():
                    if key in ("url", "href") and isinstance(item, str):
                        self.check(rel, self.site.base, item, WHAT["json"])  # relative to the site root (CONTRACT §4)
                    else:
                        stack.append(item)
            elif isinstance(value, list):
                stack.extend(value)

    def csv_file(self, rel: str) -> None:
        text = (self.site.root / rel).read_text(encoding="utf-8-sig", errors="replace")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                if self.site.internal(cell.strip()) is not None:
                    self.check(rel, self.site.base, cell, WHAT["csv"])


def run(site: Site) -> Report:
    """Check every internal reference of every file that can hold one."""
    report = Report("links")
    links = _Links(site, report)
    pages = site.html_files()
    for path in pages:
        links.page(site.rel(path))
    feeds = site.files(".xml", ".atom", ".rss")
    for path in feeds:
        links.feed(site.rel(path))
    for path in site.files(".css"):
        links.stylesheet(site.rel(path))
    for path in site.files(".json"):
        links.json_file(site.rel(path))
    for path in site.files(".csv"):
        links.csv_file(site.rel(path))
    report.checked = (f"{len(pages)} trang HTML, {len(feeds)} bảng tin/sơ đồ trang; {links.internal} địa chỉ nội bộ "
                      f"(trong đó {links.anchors} neo #), {links.external} địa chỉ ngoài không tải")
    return report
