"""Nothing in the built site can run code or fetch from elsewhere, and its data files cannot be turned on readers.

HTML: no script but the site's own files (and JSON data blocks that parse), no on* event handler, no
javascript: URL, no style attribute or <style> element, no iframe/object/embed, no resource from
another host, a Content-Security-Policy meta tag first in <head> that allows only the site itself, and
meta descriptions that are plain escaped text. Data: every JSON and XML file parses, and no CSV cell
starts with a character that makes a spreadsheet read it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from checks import Report
from checks.site import Site, scheme_of, srcset_urls

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "cite", "xlink:href",
                  "background", "longdesc", "manifest", "ping", "codebase", "archive", "lowsrc", "dynsrc"}
SCRIPT_SCHEMES = {"javascript", "vbscript", "livescript"}
# data: is harmless where it can only be an image (CSP img-src allows it); a link or frame to it can carry a page.
DATA_ALLOWED = {("img", "src"), ("img", "srcset"), ("source", "srcset"), ("link", "href")}
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"}
# Tags and attributes whose address the browser fetches while showing the page.
FETCHED = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("audio", "src"),
           ("video", "src"), ("video", "poster"), ("track", "src"), ("script", "src"), ("input", "src"),
           ("iframe", "src"), ("embed", "src"), ("object", "data"), ("image", "href"), ("use", "href")}
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                     "manifest", "mask-icon", "preconnect", "dns-prefetch"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
# What a CSP may allow, directive by directive: the site itself and nothing else.
CSP_SOURCES = {"'self'", "'none'"}
CSP_EXTRA = {"img-src": {"data:"}, "font-src": {"data:"}, "script-src": {"'wasm-unsafe-eval'"}}
CSP_REQUIRED = {"default-src": None, "object-src": {"'none'"}, "base-uri": {"'self'", "'none'"}}
TEXT_META = {"description", "og:description", "og:title", "twitter:title", "twitter:description", "keywords"}
META_ATTRIBUTES = {"name", "property", "content", "charset", "http-equiv", "itemprop", "lang", "media"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def _csp_problems(policy: str) -> list[str]:
    """What in a Content-Security-Policy lets anything but the site itself in (Vietnamese)."""
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    problems = []
    for name, required in CSP_REQUIRED.items():
        if name not in directives:
            problems.append(f"thiếu chỉ thị {name}")
        elif required is not None and not set(directives[name]) <= required:
            problems.append(f"{name} phải là {' hoặc '.join(sorted(required))}, đang là “{' '.join(directives[name])}”")
    for name, sources in directives.items():
        extra = [source for source in sources if source not in CSP_SOURCES | CSP_EXTRA.get(name, set())]
        if extra:
            problems.append(f"{name} cho phép {' '.join(extra)}: chỉ được phép chính trang này ('self')")
    return problems


def _page(site: Site, rel: str, report: Report) -> None:
    document = site.document(rel)
    csp_seen = early_resource = False
    in_head = True
    for tag in document.tags:
        where = f"{rel}:{tag.line}"
        if tag.name == "body":
            in_head = False
        for name, value in tag.attrs:
            value = value or ""
            if name.startswith("on"):
                report.add(where, f"thuộc tính sự kiện {name}= trên <{tag.name}>: mã JavaScript nhúng trong trang")
            elif name == "style":
                report.add(where, f"thuộc tính style= trên <{tag.name}>: định dạng phải nằm trong tệp CSS")
            elif name in URL_ATTRIBUTES:
                urls = srcset_urls(value) if name == "srcset" else [value]
                for url in urls:
                    scheme = scheme_of(url)
                    if scheme in SCRIPT_SCHEMES:
                        report.add(where, f"địa chỉ {scheme}: trong {name}= của <{tag.name}>")
                    elif scheme == "data" and (tag.name, name) not in DATA_ALLOWED:
                        report.add(where, f"địa chỉ data: trong {name}= của <{tag.name}>")
                    elif _fetched(tag, name) and site.is_external(url):
                        report.add(where, f"<{tag.name}> tải “{url}” từ máy chủ khác")
                    elif name in ("action", "formaction") and site.is_external(url):
                        report.add(where, f"biểu mẫu gửi dữ liệu tới máy chủ khác: “{url}”")
        if tag.name == "script":
            _script(site, rel, tag, where, report)
        elif tag.name == "style":
            report.add(where, "thẻ <style> trong trang: định dạng phải nằm trong tệp CSS của trang")
        elif tag.name in EMBEDDING:
            report.add(where, f"khung nhúng <{tag.name}>")
        elif tag.name == "meta":
            csp_seen = _meta(tag, where, report, csp_seen, in_head) or csp_seen
        elif tag.name in ("link", "img", "source", "audio", "video") and not csp_seen and not early_resource:
            report.add(where, f"<{tag.name}> đứng trước thẻ meta Content-Security-Policy: CSP không áp dụng cho nó")
            early_resource = True  # say it once a page
    if not csp_seen:
        report.add(rel, "thiếu thẻ <meta http-equiv=\"Content-Security-Policy\">")


def _fetched(tag, attribute: str) -> bool:
    if tag.name == "link" and attribute == "href":
        return bool(set((tag.get("rel") or "").lower().split()) & FETCHED_LINK_RELS)
    return (tag.name, attribute) in FETCHED


def _script(site: Site, rel: str, tag, where: str, report: Report) -> None:
    kind = (tag.get("type") or "").strip().lower()
    if kind in DATA_SCRIPT_TYPES and tag.get("src") is None:
        try:
            json.loads(tag.text, parse_constant=_no_constant)
        except ValueError as error:
            report.add(where, f"khối dữ liệu <script type=\"{kind}\"> không phải JSON hợp lệ: {error}")
        return
    src = tag.get("src")
    if src is None:
        report.add(where, "thẻ <script> nội tuyến: chỉ được dùng tệp mã của chính trang")
    elif tag.text.strip():
        report.add(where, "thẻ <script src> có mã bên trong")
    elif site.internal(site.resolve(rel, src)) is None:
        report.add(where, f"thẻ <script> tải mã từ nơi khác: “{src}”")


def _meta(tag, where: str, report: Report, csp_seen: bool, in_head: bool) -> bool:
    """Check one <meta>; True when it is the page's CSP."""
    if (tag.get("http-equiv") or "").lower() == "content-security-policy":
        if csp_seen:
            report.add(where, "thẻ meta Content-Security-Policy thứ hai, hoặc đứng sau tài nguyên đầu tiên")
        if not in_head:
            report.add(where, "thẻ meta Content-Security-Policy nằm ngoài <head>: trình duyệt bỏ qua")
        for problem in _csp_problems(tag.get("content") or ""):
            report.add(where, f"Content-Security-Policy: {problem}")
        return True
    key = (tag.get("name") or tag.get("property") or "").lower()
    if key in TEXT_META:
        strange = [name for name, _ in tag.attrs if name not in META_ATTRIBUTES]
        if strange or "<" in tag.raw[1:] or ">" in tag.raw[:-1]:
            report.add(where, f"thẻ meta {key} không được thoát đúng: {tag.raw[:160]}")
        elif MARKUP.search(tag.get("content") or ""):
            report.add(where, f"mô tả {key} chứa mã HTML: “{(tag.get('content') or '')[:120]}”")
    return False


def _no_constant(name: str):
    raise ValueError(f"{name} không phải giá trị JSON")


def _data_files(site: Site, report: Report) -> int:
    count = 0
    for path in site.files(".json"):
        count += 1
        try:
            json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError) as error:
            report.add(site.rel(path), f"JSON không hợp lệ: {error}")
    for path in site.files(".xml", ".atom", ".rss", ".svg"):
        count += 1
        try:
            ET.parse(path)
        except ET.ParseError as error:
            report.add(site.rel(path), f"XML không hợp lệ (ký tự chưa được thoát?): {error}")
    for path in site.files(".csv"):
        count += 1
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            for cell in row:
                if cell.startswith(FORMULA_STARTS):
                    report.add(f"{site.rel(path)}:{number}", f"ô “{cell[:60]}” bắt đầu bằng “{cell[0]}”: bảng tính "
                                                              "sẽ hiểu là công thức (cần thêm dấu ' ở đầu)")
    for path in site.files(".css"):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
        for match in re.finditer(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", text, re.I):
            url = match.group(2) or match.group(4)
            if site.is_external(url):
                report.add(site.rel(path), f"CSS tải “{url}” từ máy chủ khác")
            elif scheme_of(url) in SCRIPT_SCHEMES:
                report.add(site.rel(path), f"CSS chứa địa chỉ {scheme_of(url)}:")
    return count


def run(site: Site) -> Report:
    """Check every HTML page and every data file of the folder."""
    report = Report("security")
    pages = site.html_files()
    for path in pages:
        _page(site, site.rel(path), report)
    data = _data_files(site, report)
    report.checked = f"{len(pages)} trang HTML, {data} tệp dữ liệu (JSON, XML, CSV) và CSS"
    return report
