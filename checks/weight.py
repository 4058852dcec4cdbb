"""Post pages stay light: HTML+CSS+JS under 100 KB, the first view under 300 KB with images, no other host.

Every post page's HTML with the stylesheets and scripts it names is added up from the files. The
heaviest posts (by that sum, by the images they name, by their number of images) are then loaded in
headless Chromium as a phone (375 px wide, 2x) and a desktop (1366 px) would: every byte the browser
asks for until the page is loaded and the network is idle is counted, lazy images it does not fetch
are not. Sizes are of the files as served, before any compression the web server adds.
"""

from __future__ import annotations

from checks import Report
from checks.a11y import visit_problems
from checks.browser import Browser
from checks.site import Site, srcset_urls

POSTS = "tin-bai/**/*.html"
CODE_BUDGET = 100_000  # bytes of HTML, CSS, JS (and fonts, data) a post page may need
FIRST_VIEW_BUDGET = 300_000  # bytes of everything the first view loads, images included
VIEWPORTS = (("điện thoại 375 px", 375, 812, 2), ("máy tính 1366 px", 1366, 768, 1))
CODE_TYPES = ("document", "stylesheet", "script", "font", "fetch", "xhr", "manifest", "other")
MEASURED = 4  # posts loaded in the browser


def kb(size: int) -> str:
    return f"{size / 1000:.1f} KB".replace(".", ",")


def _size(site: Site, rel: str, reference: str | None) -> int:
    if not reference:
        return 0
    path = site.internal(site.resolve(rel, reference))
    target = site.target(path) if path is not None else None
    return target.stat().st_size if target else 0


def static_weights(site: Site, rel: str) -> tuple[int, int, int]:
    """(HTML+CSS+JS bytes, bytes of the largest candidate of every image, number of images) from the files."""
    document = site.document(rel)
    code = (site.root / rel).stat().st_size
    code += sum(_size(site, rel, tag.get("href")) for tag in document.find("link")
                if "stylesheet" in (tag.get("rel") or "").split())
    code += sum(_size(site, rel, tag.get("src")) for tag in document.find("script"))
    images = 0
    for tag in document.find("img", "source"):
        candidates = srcset_urls(tag.get("srcset") or "") + [tag.get("src") or ""]
        images += max(_size(site, rel, url) for url in candidates)
    return code, images, len(document.find("img"))


def run(site: Site, pages: list[str] | None = None) -> Report:
    """Weigh every post page from its files, and the heaviest ones (or the given files) in the browser."""
    report = Report("weight")
    posts = pages or [site.rel(path) for path in sorted(site.root.glob(POSTS)) if path.is_file()]
    if not posts:
        report.add("", f"không có trang bài viết nào ({POSTS})")
        return report
    weights = {rel: static_weights(site, rel) for rel in posts}
    for rel, (code, _, _) in weights.items():
        if code > CODE_BUDGET:
            report.add(rel, f"HTML+CSS+JS {kb(code)}, quá ngân sách {kb(CODE_BUDGET)}")
    if pages:
        measured = list(pages)
    else:
        measured = []
        for index in (0, 1, 2, 1):  # the heaviest by code, by images, by number of images, the next by images
            ranked = sorted(posts, key=lambda rel, i=index: (-weights[rel][i], rel))
            measured.append(next((rel for rel in ranked if rel not in measured), ranked[0]))
        measured = list(dict.fromkeys(measured))[:MEASURED]
    with Browser(site) as browser:
        for rel in measured:
            sizes = []
            for name, width, height, scale in VIEWPORTS:
                page, visit = browser.open(rel, width, height, scale)
                page.context.close()
                code, total = visit.bytes(*CODE_TYPES), visit.bytes()
                sizes.append(f"{name}: mã {kb(code)}, lần xem đầu {kb(total)} ({len(visit.served)} tệp)")
                if code > CODE_BUDGET:
                    report.add(rel, f"{name}: trình duyệt tải {kb(code)} HTML+CSS+JS, quá ngân sách {kb(CODE_BUDGET)}")
                if total > FIRST_VIEW_BUDGET:
                    report.add(rel, f"{name}: lần xem đầu tải {kb(total)}, quá ngân sách {kb(FIRST_VIEW_BUDGET)}")
                visit_problems(rel, visit, report)
            report.notes.append(f"{rel}: {'; '.join(sizes)}")
    heaviest = max(weights.values())[0]
    report.checked = (f"{len(posts)} trang bài viết tính từ tệp (nặng nhất {kb(heaviest)} HTML+CSS+JS), "
                      f"{len(measured)} trang đo trong trình duyệt")
    return report
