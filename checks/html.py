"""Every HTML page (and stylesheet and SVG) passes the Nu HTML Checker (vnu) with zero errors.

vnu.jar comes from the npm package `vnu-jar` (package.json, installed by `npm ci`) and runs on the
machine's Java. The JVM takes seconds to start, so every file goes to one java call. Errors fail the
check; warnings and notes are printed, never dropped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checks import CheckError, Report
from checks.site import Site

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# C1 only: starts faster, and vnu's schema needs the larger stack it then asks for.
JAVA_OPTIONS = ["-Xss16m", "-XX:TieredStopAtLevel=1"]
# vnu reads pages from disk, so for it 'self' is file:, and the site's own stylesheet at https://… looks foreign.
# Such a warning about one of the site's own files is counted and said once; any other is printed.
CSP_WARNING = re.compile(r"^Resource violates Content Security Policy.*?“([^”]+)”")
# vnu also warns about JSON-LD data blocks as inline scripts; browsers never run them, so CSP does not apply.
DATA_BLOCK_WARNING = re.compile(r"^Inline script violates Content Security Policy")
DATA_BLOCK = re.compile(r"<script type=\"application/(ld\+)?json\">")


def vnu_command(files: list[Path]) -> list[str]:
    java = shutil.which("java")
    jar = Path(os.environ.get("VNU_JAR", VNU_JAR))
    if java is None:
        raise CheckError("không tìm thấy java: cài gói default-jre-headless (scripts/system-packages.txt)")
    if not jar.is_file():
        raise CheckError(f"không tìm thấy {jar}: chạy `npm ci` ở thư mục gốc của kho mã (./run làm việc này)")
    return [java, *JAVA_OPTIONS, "-jar", str(jar), "--format", "json", "--also-check-css", "--also-check-svg",
            *map(str, files)]


def run(site: Site) -> Report:
    """Validate every .html, .css and .svg file of the folder in one vnu run."""
    report = Report("html")
    files = site.files(".html", ".htm", ".css", ".svg")
    report.checked = f"{len(files)} tệp (HTML, CSS, SVG)"
    if not files:
        report.add("", "không có tệp HTML nào để kiểm tra")
        return report
    result = subprocess.run(vnu_command(files), capture_output=True, text=True, timeout=1800)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise CheckError(f"vnu không chạy được (mã thoát {result.returncode}): {result.stderr[-2000:]}") from None
    own_csp = data_blocks = 0
    for message in messages:
        where = _where(site, message)
        info = message.get("type") == "info"
        csp = CSP_WARNING.match(message.get("message", ""))
        if info and csp and site.internal(csp.group(1)) is not None:
            own_csp += 1
            continue
        block = DATA_BLOCK.search(message.get("extract", ""))
        if info and block and DATA_BLOCK_WARNING.match(message.get("message", "")):
            data_blocks += 1
            continue
        text = message.get("message", "").strip()
        extract = " ".join(message.get("extract", "").split())
        detail = f"{text} [{extract[:100]}]" if extract else text
        if message.get("type") in ("error", "non-document-error"):
            report.add(where, f"lỗi HTML: {detail}")
        else:
            kind = "cảnh báo" if message.get("subType") == "warning" else "ghi chú"
            report.notes.append(f"{where}: {kind} của vnu: {detail}")
    if own_csp:
        report.notes.append(f"{own_csp} cảnh báo CSP của vnu về tệp của chính trang ({site.base}) không tính: "
                            "vnu đọc tệp từ đĩa nên không coi địa chỉ của trang là 'self'; "
                            "trình duyệt thì có (a11y, weight)")
    if data_blocks:
        report.notes.append(f"{data_blocks} cảnh báo CSP của vnu về khối dữ liệu <script type=\"application/ld+json\"> "
                            "không tính: trình duyệt không chạy khối dữ liệu nên CSP không áp dụng")
    return report


def _where(site: Site, message: dict) -> str:
    url = message.get("url", "")
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else None
    rel = site.rel(path) if path is not None and path.is_relative_to(site.root) else url
    return f"{rel}:{message['lastLine']}" if "lastLine" in message else rel
