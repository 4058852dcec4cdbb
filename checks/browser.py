"""Pages of an output folder in headless Debian Chromium, served from the folder itself.

Every request the browser makes is answered here: an address of the site with the file from the folder
(so a publish build with absolute https:// links works offline, under its real address, with its CSP
in force), anything else is refused and recorded. Bytes are counted as they are served.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from checks import CheckError
from checks.site import Site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript",
         ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm",
         ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".xml": "application/xml",
         ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".opus": "audio/ogg"}


@dataclass
class Visit:
    """What loading one page cost and what went wrong on the way."""

    served: list[tuple[str, str, int]] = field(default_factory=list)  # (url, resource type, bytes)
    foreign: list[str] = field(default_factory=list)  # requests to other hosts (refused)
    missing: list[str] = field(default_factory=list)  # addresses of the site with no file
    console: list[str] = field(default_factory=list)  # console errors (CSP refusals among them) and page errors

    def bytes(self, *types: str) -> int:
        return sum(size for _, kind, size in self.served if not types or kind in types)


class Browser:
    """One Chromium for a run; `open()` gives a fresh page whose requests the folder answers."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def __enter__(self) -> Browser:
        if not Path(CHROMIUM).exists():
            raise CheckError(f"không có {CHROMIUM}: cài gói chromium (scripts/system-packages.txt)")
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        return self

    def __exit__(self, *exc) -> None:
        self.browser.close()
        self._playwright.stop()

    def open(self, rel: str, width: int = 1280, height: int = 900, scale: float = 1):
        """Load a file of the site at its address; return (page, visit). Close the page's context after use."""
        # Reduced motion: no smooth scrolling, so a focused element is in view the moment it is measured.
        context = self.browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                           service_workers="block", reduced_motion="reduce")
        visit = Visit()
        context.route("**/*", lambda route: self._answer(route, visit))
        page = context.new_page()
        page.on("console", lambda message: visit.console.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: visit.console.append(f"lỗi JavaScript: {error}"))
        page.goto(self.site.url_of(rel), wait_until="load")
        try:
            page.wait_for_load_state("networkidle", timeout=5000)
        except Exception:  # noqa: BLE001 -- a page that keeps fetching is measured as it stands
            visit.console.append("trang vẫn tải thêm sau 5 giây")
        return page, visit

    def _answer(self, route, visit: Visit) -> None:
        url = route.request.url
        path = self.site.internal(url)
        if path is None:
            visit.foreign.append(url)
            route.abort("blockedbyclient")
            return
        target = self.site.target(path)
        if target is None:
            visit.missing.append(url)
            route.fulfill(status=404, body="", content_type="text/plain")
            return
        body = target.read_bytes()
        visit.served.append((url, route.request.resource_type, len(body)))
        kind = TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=body, content_type=kind)
