"""Accessibility in a real browser: axe-core's WCAG 2.1 A/AA rules, and a keyboard-only walk.

On one page of each kind (home, a post with images, an area listing, a quarter archive, the tally
dashboard, the feeds and search pages when the build has them, the 404 page), in headless Chromium:
axe-core (npm `axe-core`) must find no violation; pressing Tab from the top must reach every link and
control that is shown, one after the other, each with a focus indicator that can be seen (the pixels
around it change when it takes focus); the page must load with no console error (a CSP refusal is
one), no request to another host and no missing file.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from checks import CheckError, Report
from checks.browser import Browser, Visit
from checks.site import Site

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# (what, a file or a glob below the output folder, required). The post is picked by _post_with_images.
PAGES = (
    ("trang chủ", "index.html", True),
    ("bài viết có ảnh", "tin-bai/**/*.html", True),
    ("danh sách lĩnh vực", "linh-vuc/*/index.html", True),
    ("lưu trữ theo quý", "nam/*/quy-*/index.html", True),
    ("bảng thống kê", "thong-ke/index.html", True),
    ("theo dõi tin mới", "theo-doi/index.html", False),
    ("tìm kiếm", "tim-kiem/index.html", False),
    ("trang 404", "404.html", True),
)
FOCUSABLE = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, '
    + 'audio[controls], video[controls], [tabindex], [contenteditable]:not([contenteditable=false])';
  const shown = (el) => !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]')
    && el.checkVisibility({visibilityProperty: true});
  window.__checksFocusables = [...document.querySelectorAll(selector)].filter(shown);
  return window.__checksFocusables.map((el) => el.outerHTML.replace(/\\s+/g, ' ').slice(0, 100));
}"""
# The focused element, its box, and its computed style focused and not (blurred, then focused again:
# focus() also moves the point the next Tab starts from, so the walk goes on where it was).
ACTIVE = """(properties) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const box = el.getBoundingClientRect();
  const style = () => {
    const s = getComputedStyle(el);
    return properties.map((p) => s.getPropertyValue(p)).join('|');
  };
  const focused = style();
  el.blur();
  const plain = style();
  el.focus({focusVisible: true});
  return {index: window.__checksFocusables.indexOf(el), html: el.outerHTML.replace(/\\s+/g, ' ').slice(0, 100),
          kind: el.tagName + '.' + el.className + ' ' + focused, styled: focused !== plain,
          x: box.x, y: box.y, width: box.width, height: box.height};
}"""
STYLE = ["outline-style", "outline-width", "outline-color", "box-shadow", "background-color", "color",
         "border-top-color", "border-bottom-color", "border-bottom-width", "text-decoration-line"]
MIN_CHANGE = 32  # per-channel difference that counts as a changed pixel (anti-aliasing stays below)


def pages_to_check(site: Site) -> list[tuple[str, str]]:
    """(what, file) for every kind of page present; a required kind that is missing is ('…', '')."""
    chosen = []
    for what, pattern, required in PAGES:
        if pattern.startswith("tin-bai/"):
            found = _post_with_images(site, pattern)
        else:
            found = next((site.rel(path) for path in sorted(site.root.glob(pattern)) if path.is_file()), "")
        if found or required:
            chosen.append((what, found))
    return chosen


def _post_with_images(site: Site, pattern: str) -> str:
    """The post page that shows the most images (the one a reader waits longest for)."""
    best, most = "", 0
    for path in sorted(site.root.glob(pattern)):
        count = len(site.document(site.rel(path)).find("img"))
        if count > most:
            best, most = site.rel(path), count
    return best


def visit_problems(rel: str, visit: Visit, report: Report) -> None:
    """What went wrong while a page loaded: other hosts, missing files, console errors (CSP refusals)."""
    for url in visit.foreign:
        report.add(rel, f"trình duyệt gửi yêu cầu tới máy chủ khác: {url}")
    for url in visit.missing:
        report.add(rel, f"trình duyệt tải tệp không có: {url}")
    for message in visit.console:
        if not message.startswith("Failed to load resource"):  # the same request, already named above
            report.add(rel, f"lỗi trong trình duyệt: {message[:300]}")


def axe_violations(page) -> tuple[list[dict], int]:
    """Run axe-core with the WCAG 2.1 A/AA rules; (violations, number of checks needing review)."""
    if not AXE.is_file():
        raise CheckError(f"không tìm thấy {AXE}: chạy `npm ci` ở thư mục gốc của kho mã (./run làm việc này)")
    # Evaluated, not added as a <script>: the page's CSP rightly refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("""(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                           resultTypes: ['violations']})""", WCAG_TAGS)
    return result["violations"], len(result["incomplete"])


def keyboard_walk(page, width: int, height: int) -> tuple[list[str], int]:
    """Tab from the top of the page to its end; (problems, number of stops).

    Every stop must change the element's own focus style (computed); the first element of each kind
    (tag, classes, focus style) is also photographed focused and not, and enough pixels must differ.
    """
    expected = page.evaluate(FOCUSABLE)
    problems, reached, kinds, stops = [], set(), set(), 0
    for _ in range(len(expected) + 25):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE, STYLE)
        if active is None or active["index"] in reached:
            break  # focus left the page or came round again: the walk is over
        stops += 1
        if active["index"] >= 0:
            reached.add(active["index"])
        problem = _focus_problem(page, active, width, height, photograph=active["kind"] not in kinds)
        kinds.add(active["kind"])
        if problem:
            problems.append(f"{problem}: {active['html']}")
    else:
        problems.append("phím Tab không ra khỏi trang được (bẫy tiêu điểm?)")
    for index, html in enumerate(expected):
        if index not in reached:
            problems.append(f"không tới được bằng phím Tab: {html}")
    return problems, stops


def _focus_problem(page, active: dict, width: int, height: int, photograph: bool) -> str:
    """Why the focus on this element cannot be seen, or ''."""
    from PIL import Image, ImageChops

    left, top = max(0, int(active["x"]) - 6), max(0, int(active["y"]) - 6)
    right = min(width, int(active["x"] + active["width"]) + 6)
    bottom = min(height, int(active["y"] + active["height"]) + 6)
    if right - left < 2 or bottom - top < 2:
        return "phần tử nhận tiêu điểm mà không thấy trên màn hình"
    if active["styled"] and not photograph:
        return ""
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    focused = page.screenshot(clip=clip, animations="disabled", caret="hide")
    page.evaluate("document.activeElement.blur()")
    blurred = page.screenshot(clip=clip, animations="disabled", caret="hide")
    page.evaluate("(i) => window.__checksFocusables[i]?.focus({focusVisible: true})", active["index"])
    if active["index"] < 0:  # a scrollable region Chromium made focusable by itself: Tab back to it
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
    difference = ImageChops.difference(Image.open(io.BytesIO(focused)).convert("RGB"),
                                       Image.open(io.BytesIO(blurred)).convert("RGB"))
    red, green, blue = difference.split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    changed = strongest.point(lambda value: 255 if value > MIN_CHANGE else 0).histogram()[255]
    # Enough for a line one CSS pixel wide along half the element's outline.
    if changed < (active["width"] + active["height"]) / 2:
        return f"không thấy dấu hiệu tiêu điểm khi dùng phím Tab ({changed} điểm ảnh đổi màu)"
    return ""


def run(site: Site, pages: list[str] | None = None, keyboard: bool = True, width: int = 1280,
        height: int = 900) -> Report:
    """axe-core and the keyboard walk on one page of each kind (or on the given files)."""
    report = Report("a11y")
    chosen = [(rel, rel) for rel in pages] if pages else pages_to_check(site)
    checked, stops, review = [], 0, 0
    shots = os.environ.get("CHECKS_SCREENSHOTS")
    with Browser(site) as browser:
        for what, rel in chosen:
            if not rel:
                report.add("", f"không có trang “{what}” trong thư mục đã xây dựng")
                continue
            page, visit = browser.open(rel, width, height)
            try:
                violations, incomplete = axe_violations(page)
                review += incomplete
                for violation in violations:
                    node = violation["nodes"][0]
                    report.add(rel, f"axe {violation['id']} ({violation.get('impact')}): {violation['help']} — "
                                    f"{len(violation['nodes'])} chỗ, ví dụ {json.dumps(node['target'])}: "
                                    f"{node['html'][:160]}")
                if shots:
                    page.screenshot(path=str(Path(shots) / (rel.replace("/", "_") + ".png")), full_page=True)
                if keyboard:
                    problems, count = keyboard_walk(page, width, height)
                    stops += count
                    for problem in problems:
                        report.add(rel, problem)
                visit_problems(rel, visit, report)
            finally:
                page.context.close()
            checked.append(f"{what} ({rel})" if what != rel else rel)
    report.checked = f"{len(checked)} trang: {', '.join(checked)}; {stops} lần dừng của phím Tab"
    if review:
        report.notes.append(f"axe: {review} quy tắc cần người xem lại (incomplete), không tính là lỗi")
    return report
