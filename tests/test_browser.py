"""The built sample site in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = {
    "home": "",
    "post": "tin-bai/2026/",  # replaced by the first post with a cover image
    "area": "linh-vuc/tthc/",
    "quarter": "nam/2024/quy-1/",
    "dashboard": "thong-ke/2026/",
    "evidence": "thong-ke/2026/chi-tieu/website-quarter-each-unit/",
    "not-found": "404.html",
    "feeds": "theo-doi/",
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(preview_site):
    handler = functools.partial(QuietHandler, directory=str(preview_site.output))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()



@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _post_with_image(site) -> str:
    for path in sorted((site.output / "tin-bai").rglob("*.html")):
        if "app-figure" in path.read_text(encoding="utf-8"):
            return path.relative_to(site.output).as_posix()
    pytest.fail("no post with a cover image in the sample site")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_pages_render_without_horizontal_scrolling_or_other_hosts(name, width, server, browser, shots,
                                                                    preview_site):
    path = _post_with_image(preview_site) if name == "post" else PAGES[name]
    page = browser.new_page(viewport={"width": width, "height": 900})
    foreign, errors = [], []
    page.on("request", lambda request: None if request.url.startswith(server) else foreign.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{server}/{path}")
    assert response.ok
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("h1").count() == 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily")
    assert foreign == [] and errors == []
    page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.close()


def test_the_first_tab_reaches_a_visible_skip_link(server, browser):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{server}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("({text: document.activeElement.textContent.trim(),"
                            " href: document.activeElement.getAttribute('href')})")
    assert focused["href"] == "#noi-dung-chinh" and "Bỏ qua" in focused["text"]
    box = page.locator(":focus").bounding_box()
    assert box and box["width"] > 10 and box["height"] > 10
    page.close()


def test_the_site_reads_the_same_without_javascript(server, browser, preview_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/thong-ke/2026/")
    assert "Đang thực hiện" in page.inner_text("main")
    page.goto(f"{server}/")
    assert page.locator("main a").count() > 10
    context.close()


def test_the_dashboard_prints_on_a4(server, browser, shots):
    page = browser.new_page()
    page.goto(f"{server}/thong-ke/2024/")
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(shots / "dashboard-2024.pdf"), format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert page.locator(".app-tally__years").evaluate("element => getComputedStyle(element).display") == "none"
    page.close()


EVIDENCE_ROWS = """() => [...document.querySelectorAll('.app-table--evidence tbody tr')].map(row => {
  const cells = [...row.cells];
  return {
    title: cells[1].getBoundingClientRect().width,
    left: cells[1].getBoundingClientRect().left,
    labels: cells.slice(2).map(cell => getComputedStyle(cell, '::before').content),
    scrolls: row.closest('.app-table-wrapper').scrollWidth > row.closest('.app-table-wrapper').clientWidth,
  };
})"""


def test_evidence_lists_read_as_one_block_per_post_on_a_phone_and_as_aligned_tables_on_a_desktop(server, browser):
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(f"{server}/thong-ke/2026/minh-chung/")
    rows = page.evaluate(EVIDENCE_ROWS)
    assert len(rows) > 10
    # The title takes the width beside the number, not a fifth of it (one word per line before).
    assert all(row["title"] > 250 and not row["scrolls"] for row in rows)
    assert {tuple(row["labels"]) for row in rows} == {('"Ngày đăng: "', '"Bộ phận: "', '"Kênh: "')}
    page.set_viewport_size({"width": 1280, "height": 900})
    rows = page.evaluate(EVIDENCE_ROWS)
    assert all(row["labels"] == ["none"] * 3 and not row["scrolls"] for row in rows)
    assert len({(round(row["left"]), round(row["title"])) for row in rows}) == 1  # every month's table alike
    assert page.locator(".app-table--evidence thead").first.is_visible()
    page.close()
