"""Preview server for editors: builds the site in this process, serves the output folder,
rebuilds when sources change and reloads open pages (a same-site script is added to HTML
responses only, never to files).

The builds run in one long-lived process (`Previewer`), as Pelican's own autoreload mode does:
Python, Pelican and the plugins are loaded once, and so are what they keep between builds (the
variables each template reads, the letters of the share cards). The search index is brought up
to date after each build, while the editor already sees the page (CCHC_SEARCH_BACKGROUND). A
change to the plugins' code or to the settings file restarts the process, since code already
loaded would not see it.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .text import vi_number

log = logging.getLogger(__name__)

# Pages ask for the build number; with ?since=N the answer waits (up to WAIT seconds) until a
# build other than N is served, so an open page reloads as soon as the rebuild is done.
RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  function poll() {
    var url = seen === null ? "/__build" : "/__build?since=" + encodeURIComponent(seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (id) {
      if (seen !== null && id !== seen) { location.reload(); return; }
      seen = id; poll();
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
"""
WAIT = 25.0
PELICAN_SUMMARY = re.compile(r"Done: Processed .*? seconds\.\n?", re.DOTALL)
TAG = b'<script src="/__livereload.js"></script></body>'


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files plus /__build (which build is served) and /__livereload.js."""

    builds: Builds

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        address = urlsplit(self.path)
        if address.path == "/__build":
            since = parse_qs(address.query).get("since", [None])[0]
            return self._send(self.builds.after(since, WAIT).encode(), "text/plain")
        if self.path == "/__livereload.js":
            return self._send(RELOAD_SCRIPT, "text/javascript")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send(path.read_bytes().replace(b"</body>", TAG, 1), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str):
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away while its question waited for the next build


class Builds:
    """Which build is served (this process's start and the number of builds since); waiting for
    the next one. The start is part of it, so that a page open across a restart reloads too."""

    def __init__(self):
        self.started = format(time.time_ns(), "x")
        self.number = 0
        self._changed = threading.Condition()

    @property
    def current(self) -> str:
        return f"{self.started}-{self.number}"

    def done(self) -> None:
        with self._changed:
            self.number += 1
            self._changed.notify_all()

    def after(self, since: str | None, timeout: float) -> str:
        """The current build, once it is not `since` (or after `timeout` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: since is None or self.current != since, timeout)
            return self.current


def serve(output: Path, bind: str, port: int, rebuild: Callable[[], object], watched: Iterable[Path],
          stop: threading.Event | None = None) -> None:
    """Serve output/ and rebuild on every change in the watched folders until interrupted (or `stop` is set)."""
    import watchfiles

    builds = Builds()
    handler = partial(type("Handler", (PreviewHandler,), {"builds": builds}), directory=str(output))
    httpd = ThreadingHTTPServer((bind, port), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for changes in watchfiles.watch(*[path for path in watched if path.exists()], stop_event=stop):
            names = sorted({Path(name).name for _change, name in changes})
            print(f"Có thay đổi ({', '.join(names[:5])}): đang xây dựng lại…", flush=True)
            rebuild()
            builds.done()
            gc.collect()  # the last build's objects, freed while open pages reload (see Previewer.build)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()


class Previewer:
    """Builds one site again and again in this process (the preview server's builds)."""

    def __init__(self, settings_file: Path, content: Path, output: Path, overrides: dict | None = None):
        from pelican import Pelican
        from pelican.settings import read_settings

        self.settings_file = Path(settings_file).resolve()
        settings = read_settings(str(self.settings_file), override={
            "PATH": str(content), "OUTPUT_PATH": str(output), "CCHC_SEARCH_BACKGROUND": True, **(overrides or {})})
        self.code = [self.settings_file, *(Path(folder) for folder in settings.get("PLUGIN_PATHS", []))]
        self._loaded = self._code_stamp()
        self.pelican = Pelican(settings)

    def _code_stamp(self) -> dict[str, int]:
        files = [path for folder in self.code for path in ([folder] if folder.is_file() else folder.rglob("*.py"))]
        return {str(path): path.stat().st_mtime_ns for path in files if path.is_file()}

    def code_changed(self) -> bool:
        """Whether the settings file or a plugin's code changed since this process loaded them."""
        return self._code_stamp() != self._loaded

    def build(self) -> float | None:
        """Build the site; the seconds it took until every page was written (the search index
        may still be on its way), or None if the build failed (the reason is logged)."""
        from pelican.log import LimitFilter, console

        # Pelican logs a warning once per process; an editor must see it at every build.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        started = time.perf_counter()
        # A build makes millions of objects that live until it ends (the posts, their views, the
        # pages' inputs): the cyclic garbage collector would go through them again and again, a
        # few tenths of a second in all. It is off until the build ends; the caller collects the
        # last build's garbage after telling open pages to reload.
        gc.disable()
        try:
            with console.capture() as captured:
                self.pelican.run()
        except Exception as error:  # noqa: BLE001 (the preview goes on; the editor fixes the file)
            log.error("Xây dựng trang xem trước không thành công: %s", error)
            return None
        finally:
            gc.enable()
            # What Pelican printed, less its English summary (the caller says how long it took).
            printed = PELICAN_SUMMARY.sub("", captured.get())
            if printed.strip():
                print(printed, end="", flush=True)
        return time.perf_counter() - started

    def rebuild(self) -> None:
        """What the preview server does on a change: restart on new code, else build and say so."""
        if self.code_changed():
            print("Mã của trang (plugins/ hoặc tệp cấu hình) đã thay đổi: khởi động lại máy chủ xem trước…",
                  flush=True)
            restart()
        seconds = self.build()
        if seconds is not None:
            print(f"Đã xây dựng lại sau {vi_number(seconds, 1)} giây; chỉ mục tìm kiếm đang được cập nhật.",
                  flush=True)


def restart() -> None:
    """Run this program again in this process (sockets are closed: Python does not pass them on)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, sys.orig_argv)
