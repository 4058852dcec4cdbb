"""Preview server for editors: serves the output folder, rebuilds when sources change and
reloads open pages (a same-site script is added to HTML responses only, never to files)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  function poll() {
    fetch("/__build", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (id) {
      if (seen !== null && id !== seen) { location.reload(); return; }
      seen = id; setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
"""
TAG = b'<script src="/__livereload.js"></script></body>'


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files plus /__build (the current build number) and /__livereload.js."""

    build_number: Callable[[], int]

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path == "/__build":
            return self._send(str(self.build_number()).encode(), "text/plain")
        if self.path == "/__livereload.js":
            return self._send(RELOAD_SCRIPT, "text/javascript")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send(path.read_bytes().replace(b"</body>", TAG, 1), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(output: Path, bind: str, port: int, rebuild: Callable[[], object], watched: Iterable[Path],
          stop: threading.Event | None = None) -> None:
    """Serve output/ and rebuild on every change in the watched folders until interrupted (or `stop` is set)."""
    import watchfiles

    builds = {"number": 0}
    handler = partial(type("Handler", (PreviewHandler,), {"build_number": staticmethod(lambda: builds["number"])}),
                      directory=str(output))
    httpd = ThreadingHTTPServer((bind, port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for changes in watchfiles.watch(*[path for path in watched if path.exists()], stop_event=stop):
            names = sorted({Path(name).name for _change, name in changes})
            print(f"Có thay đổi ({', '.join(names[:5])}): đang xây dựng lại…", flush=True)
            rebuild()
            builds["number"] += 1
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
