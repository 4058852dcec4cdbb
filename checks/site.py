"""A built output folder seen as a web site: its files, its address, and its pages parsed once."""

from __future__ import annotations

import functools
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# The address used for a site built with root-relative links (SITEURL = ""): any host works,
# since the browser checks answer every request from the folder themselves.
LOCAL_BASE = "http://trang-thu.test/"
# Elements whose content the parser hands over as text (their markup is not parsed).
RAW_TEXT = {"script", "style", "title", "textarea"}


@dataclass
class Tag:
    """One start tag as written: its name, attributes (entities decoded), line and source text."""

    name: str
    attrs: list[tuple[str, str | None]]
    line: int
    raw: str
    text: str = ""  # the content of a script, style, title or textarea element

    def get(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return "" if value is None else value
        return default


@dataclass
class Document:
    """The start tags of an HTML file in source order, and every id a link can point to."""

    tags: list[Tag] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def find(self, *names: str) -> list[Tag]:
        return [tag for tag in self.tags if tag.name in names]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.document = Document()
        self._open_raw: Tag | None = None

    def handle_starttag(self, name, attrs):
        tag = Tag(name, attrs, self.getpos()[0], self.get_starttag_text() or "")
        self.document.tags.append(tag)
        for key, value in attrs:
            if key == "id" or (key == "name" and name == "a"):
                self.document.ids.add(value or "")
        if name in RAW_TEXT:
            self._open_raw = tag

    def handle_startendtag(self, name, attrs):
        self.handle_starttag(name, attrs)
        self._open_raw = None

    def handle_endtag(self, name):
        if self._open_raw is not None and self._open_raw.name == name:
            self._open_raw = None

    def handle_data(self, data):
        if self._open_raw is not None:
            self._open_raw.text += data


def parse_html(text: str) -> Document:
    """Parse HTML text into a Document."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.document


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute ("a.webp 480w, b.webp 960w")."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class Site:
    """An output folder and the address it is published at (given, or read from robots.txt / sitemap.xml)."""

    def __init__(self, root: Path, url: str | None = None) -> None:
        from checks import CheckError

        if not root.is_dir():
            raise CheckError(f"không có thư mục {root}: hãy xây dựng trang trước (invoke build)")
        self.root = root.resolve()
        self.url = _with_slash(url) if url else self._infer_url()
        self.base = self.url or LOCAL_BASE
        split = urlsplit(self.base)
        self.origin = f"{split.scheme}://{split.netloc}"

    def _infer_url(self) -> str:
        robots = self.root / "robots.txt"
        if robots.is_file():
            for line in robots.read_text(encoding="utf-8", errors="replace").splitlines():
                key, _, value = line.partition(":")
                if key.strip().lower() == "sitemap" and value.strip():
                    return _with_slash(value.strip().rsplit("/", 1)[0])
        sitemap = self.root / "sitemap.xml"
        if sitemap.is_file():
            try:
                locs = [element.text.strip() for element in ET.parse(sitemap).iter()
                        if element.tag.endswith("loc") and element.text]
            except ET.ParseError:
                locs = []
            if locs:
                prefix = posixpath.commonprefix(locs)
                return _with_slash(prefix[: prefix.rfind("/")]) if "://" in prefix else ""
        return ""

    # --- files -------------------------------------------------------------------------------

    def files(self, *suffixes: str) -> list[Path]:
        """Every file of the folder with one of these suffixes, in a stable order."""
        return sorted(path for path in self.root.rglob("*") if path.is_file() and path.suffix.lower() in suffixes)

    def html_files(self) -> list[Path]:
        return self.files(".html", ".htm")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @functools.cache  # noqa: B019 -- one Site per run; the cache is the point
    def document(self, rel: str) -> Document:
        return parse_html((self.root / rel).read_text(encoding="utf-8", errors="replace"))

    # --- addresses -----------------------------------------------------------------------------

    def url_of(self, rel: str) -> str:
        """The address a file is served at."""
        return self.base + rel

    def internal(self, url: str) -> str | None:
        """The path below the site's root of an absolute URL of this site, or None for anything else."""
        split = urlsplit(url)
        base = urlsplit(self.base)
        if split.scheme not in ("http", "https") or split.netloc.lower() != base.netloc.lower():
            return None
        if not split.path.startswith(base.path) and split.path + "/" != base.path:
            return None
        return unquote(split.path[len(base.path):])

    def resolve(self, page_rel: str, reference: str) -> str:
        """A reference as found in a page, made absolute against that page's address."""
        return urljoin(self.url_of(page_rel), reference.strip())

    def target(self, path: str) -> Path | None:
        """The file a path below the root is served from (a folder serves its index.html), or None."""
        candidate = (self.root / path).resolve()
        if candidate != self.root and not candidate.is_relative_to(self.root):
            return None
        if path == "" or path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def is_external(self, url: str) -> bool:
        """True for an http(s) or protocol-relative address of another host (a request off the site)."""
        absolute = urljoin(self.base, url.strip())
        return urlsplit(absolute).scheme in ("http", "https") and self.internal(absolute) is None


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


_SPACE = re.compile(r"[\x00-\x20]+")


def scheme_of(url: str) -> str:
    """The scheme of a URL as a browser reads it (spaces and control characters inside are ignored)."""
    cleaned = _SPACE.sub("", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""
