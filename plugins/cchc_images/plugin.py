"""Pelican glue for the images plugin: finds every image a post or page uses, publishes it as
resized, metadata-free WebP/JPEG derivatives (cached by content hash), rewrites bodies to
<picture>, makes each post's share card and structured data, keeps the original files out of
the output, and reports problems in Vietnamese (errors stop a strict build)."""

from __future__ import annotations

import itertools
import json
import logging
import multiprocessing
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from cchc_content.core import ContentError, Problem
from cchc_content.sources import relative_source
from cchc_content.text import vi_number

from . import core

log = logging.getLogger(__name__)

SETTING = "CCHC_IMAGES"
DEFAULTS = {
    # Content folders whose pictures are published only through this plugin, never copied as they are.
    "folders": ["images"],
    # Widths of the derivatives, in pixels; none is wider than its original.
    "widths": [480, 960, 1600],
    "webp_quality": 78,
    "jpeg_quality": 80,
    # The <img sizes> hint: the post column is at most 42rem wide (base.css, .app-prose).
    "sizes": "(min-width: 46rem) 42rem, calc(100vw - 2rem)",
    # An original larger than this many bytes gets a warning (it still works: it is made small).
    "max_bytes": 8 * 1024 * 1024,
    # Refuse larger pictures as decompression bombs; Pillow's own limit is the ceiling.
    "max_pixels": 89_478_485,
    # Share cards: size, where they are published, the fonts of drawn cards (None: Be Vietnam Pro).
    "share_size": [1200, 630],
    "share_folder": "images/chia-se",
    "font_bold": None,
    "font_regular": None,
}

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations")
BODY_KEY = "(ảnh trong nội dung)"
PROBES = "probes.json"  # in the cache folder: see ImageRun.probes
ALT_EXPECTED = {
    "Image": "dòng “Image_alt: …” mô tả ngắn điều ảnh cho thấy",
    BODY_KEY: "![mô tả ngắn điều ảnh cho thấy]({static}/images/…)",
}


# ---------------------------------------------------------------------------
# Views given to templates (docs/theme.md)


@dataclass(frozen=True)
class Variant:
    """One published file of a picture: its path relative to the site root and its size."""

    path: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """A picture as the figure component renders it: WebP and JPEG variants of one image."""

    alt: str
    width: int
    height: int
    webp: tuple[Variant, ...]
    jpeg: tuple[Variant, ...]
    sizes: str

    @property
    def fallback(self) -> Variant:
        """The JPEG for browsers that read neither <picture> nor srcset: the middle size."""
        return self.jpeg[(len(self.jpeg) - 1) // 2 if len(self.jpeg) > 2 else -1]


@dataclass(frozen=True)
class ShareImage:
    """A post's share card (1200x630)."""

    path: str
    url: str
    width: int
    height: int
    type: str
    alt: str


@dataclass(frozen=True)
class PostImages:
    """article.cchc_images: the cover as a Picture (None when there is none or it failed)."""

    cover: Picture | None


@dataclass(frozen=True)
class ShareView:
    """article.cchc_share: the share card, the absolute address and the NewsArticle JSON-LD."""

    image: ShareImage
    url: str
    jsonld: dict


# ---------------------------------------------------------------------------
# One build's work


@dataclass
class Source:
    """One image file as read in this build: its hash and displayed size, or why it cannot be used."""

    path: str
    size: int = 0
    sha: str = ""
    probe: core.Probe | None = None
    problem: tuple[str, str | None] | None = None  # (message, expected)
    widths: tuple[int, ...] = ()
    # Its published files, worked out on first use: kind -> variants, and published path -> cached file.
    variants: dict[str, tuple[Variant, ...]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class ImageRun:
    """Everything the plugin reads and decides in one build; lives in the context, not the module."""

    options: dict
    content_path: Path
    cache: Path
    siteurl: str
    strict: bool
    sources: dict[str, Source] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # published path -> name of the cached file
    used: set[str] = field(default_factory=set)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    made: int = 0
    reused: int = 0
    fonts: tuple[bytes, bytes, str] | None = None
    # The names of the files in the cache folder, listed once: a rebuild asks about every card and
    # derivative, and one listing costs less than a thousand stat calls.
    listing: set[str] | None = None
    # The header of each picture read before (content hash -> [width, height, format]): a rebuild
    # then needs no Pillow at all, when every derivative is cached.
    probes: dict[str, list] | None = None
    probes_changed: bool = False
    card_files: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (title, ward, site) -> cached
    # The last picture decoded (hash, pixels, profile): a cover's card is made just after its derivatives.
    decoded: tuple | None = field(default=None, repr=False)

    # -- the cache folder ------------------------------------------------------------------------

    def _in_cache(self, name: str) -> bool:
        """Whether the cache folder holds a file of that name (as listed at the first question, plus
        what this build wrote since)."""
        if self.listing is None:
            try:
                with os.scandir(self.cache) as entries:
                    self.listing = {entry.name for entry in entries if entry.is_file()}
            except FileNotFoundError:
                self.listing = set()
        return name in self.listing

    def _store(self, name: str, data: bytes) -> None:
        _write_atomic(self.cache / name, data)
        if self.listing is not None:
            self.listing.add(name)

    def _known_probes(self) -> dict[str, list]:
        if self.probes is None:
            self.probes = {}
            try:
                saved = json.loads((self.cache / PROBES).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                saved = None
            if isinstance(saved, dict) and saved.get("version") == core.PROBE_VERSION:
                self.probes = saved.get("probes") or {}
        return self.probes

    def end_pass(self) -> None:
        """After the posts or the pages: keep the headers read for the next build (when there are new
        ones) and let the last decoded picture go."""
        self.decoded = None
        if self.probes_changed:
            data = {"version": core.PROBE_VERSION, "probes": dict(sorted(self._known_probes().items()))}
            self._store(PROBES, json.dumps(data, separators=(",", ":")).encode("utf-8"))
            self.probes_changed = False

    def _probe(self, sha: str, data: bytes) -> core.Probe:
        """The picture's header, as read before from these very bytes when it was, else by Pillow."""
        known = self._known_probes().get(sha)
        if known is not None:
            probe = core.Probe(*known)
            # The limits may have been lowered since: then Pillow reads the header again and refuses it.
            if probe.width * probe.height <= core.pixel_limit(self.options["max_pixels"]):
                return probe
        probe = core.probe(data, self.options["max_pixels"])
        self._known_probes()[sha] = [probe.width, probe.height, probe.format]
        self.probes_changed = True
        return probe

    # -- sources ---------------------------------------------------------------------------------

    def source(self, path: str) -> Source:
        """One image file, read and checked once per build (hash, bomb guard, displayed size), with
        the derivatives the cache lacks made."""
        if path not in self.sources:
            self.prepare({path: False})
        return self.sources[path]

    def prepare(self, uses: dict[str, bool]) -> None:
        """Read every picture of uses (path -> whether its cover card is wanted) and make what the cache
        lacks, on every core when there are several: decoding, resizing and encoding is most of a build
        with new pictures. Headers are read in this process (they are cheap, and cached); source()
        and cover_card() then find everything done."""
        pending = []
        for path, card in uses.items():
            if path in self.sources:
                continue
            source, data = self._read(path)
            if source.problem is None:
                missing = self._missing(source, card)
                if missing != ([], False):
                    pending.append((source, data, *missing))
        if len(pending) < 2 or (os.cpu_count() or 1) < 2:
            for index in range(len(pending)):
                pending[index][0].problem = _make_pending(self, pending, index)[1]
            return
        global _FORKED
        _FORKED = (self, pending)
        try:
            with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 1, len(pending))) as pool:
                for index, problem, stored, made in pool.imap_unordered(_make_in_child, range(len(pending))):
                    pending[index][0].problem = problem
                    self.listing.update(stored)
                    self.made += made
        finally:
            _FORKED = None

    def _read(self, path: str) -> tuple[Source, bytes | None]:
        """One image file read and checked, not decoded: its hash, header and displayed widths."""
        source = Source(path)
        self.sources[path] = source
        file = self.content_path / path
        if path.startswith("../") or path == ".." or not file.is_file():
            source.problem = (f"không tìm thấy tệp ảnh “{path}” trong thư mục nội dung",
                              "đường dẫn tới một tệp có thật, ví dụ images/2024/ten-anh.jpg")
            return source, None
        data = file.read_bytes()
        source.size, source.sha = len(data), core.digest(data)
        try:
            source.probe = self._probe(source.sha, data)
            source.widths = core.plan_widths(source.probe.width, self.options["widths"])
        except core.ImageRejected as error:
            source.problem = _rejected(path, error)
        return source, data

    def _cached(self, sha: str, width: int, kind: str) -> str:
        quality = self.options["webp_quality"] if kind == "webp" else self.options["jpeg_quality"]
        return core.cache_name(sha, width, kind, quality)

    def _card_cache(self, sha: str) -> str:
        width, height = self.options["share_size"]
        return f"{sha}-card-{width}x{height}-v{core.PIPELINE_VERSION}.{core.COVER_CARD_VERSION}.jpg"

    def _missing(self, source: Source, card: bool) -> tuple[list[tuple[int, str]], bool]:
        """The derivatives (width, kind) the cache lacks, and whether it lacks the cover card
        (when wanted); what it has is counted as reused."""
        wanted = [(width, kind) for width in source.widths for kind in ("webp", "jpeg")]
        missing = [(width, kind) for width, kind in wanted if not self._in_cache(self._cached(source.sha, width, kind))]
        card_missing = card and not self._in_cache(self._card_cache(source.sha))
        self.reused += len(wanted) - len(missing) + (card and not card_missing)
        return missing, card_missing

    def _make(self, source: Source, data: bytes | None, missing: list[tuple[int, str]], card_missing: bool) -> None:
        """Make these derivatives (and the cover card) into the cache, decoding the picture at most
        once (ImageRejected when Pillow cannot decode it)."""
        if self.decoded and self.decoded[0] == source.sha:
            pixels, icc = self.decoded[1:]
        else:
            if data is None:
                data = (self.content_path / source.path).read_bytes()
            pixels, icc = core.decode(data, self.options["max_pixels"],
                                      max(max(source.widths), self.options["share_size"][0]))
            self.decoded = (source.sha, pixels, icc)
        for width, kinds in itertools.groupby(missing, key=lambda item: item[0]):
            resized = core.resize(pixels, width, core.scaled_height(source.probe.width, source.probe.height, width))
            for _width, kind in kinds:  # both kinds of a width from one resampling
                quality = self.options["webp_quality"] if kind == "webp" else self.options["jpeg_quality"]
                self._store(self._cached(source.sha, width, kind), core.encode(resized, kind, quality, icc))
                self.made += 1
        if card_missing:
            card_image = core.card_from_cover(pixels, tuple(self.options["share_size"]))
            self._store(self._card_cache(source.sha), core.encode(card_image, "jpeg", 85, icc))
            self.made += 1

    def _plan_files(self, source: Source) -> None:
        """The source's published variants and the cached file behind each."""
        variants: dict[str, list[Variant]] = {"webp": [], "jpeg": []}
        for width in source.widths:
            height = core.scaled_height(source.probe.width, source.probe.height, width)
            for kind in variants:
                published = core.derivative_path(source.path, source.sha, width, kind)
                variants[kind].append(Variant(published, width, height))
                source.files[published] = self._cached(source.sha, width, kind)
        source.variants = {kind: tuple(found) for kind, found in variants.items()}

    # -- what posts use --------------------------------------------------------------------------

    def picture(self, post: str, key: str, path: str, alt: str, publish: bool) -> Picture | None:
        """The Picture for one use of an image in a post, recording every problem against the post."""
        self.used.add(path)
        if not (alt or "").strip():
            self.errors.append(Problem(post, "Image_alt" if key == "Image" else key,
                                       f"ảnh “{path}” chưa có lời mô tả (alt) cho người không xem được ảnh",
                                       None, ALT_EXPECTED[key]))
        source = self.source(path)
        if source.problem:
            message, expected = source.problem
            self.errors.append(Problem(post, key, message, None, expected))
            return None
        if source.size > self.options["max_bytes"]:
            self.warnings.append(Problem(
                post, key, f"tệp ảnh “{path}” nặng {vi_number(source.size / 1e6, 1)} MB, quá giới hạn "
                f"{vi_number(self.options['max_bytes'] / 1e6, 1)} MB (trang vẫn đăng bản đã thu nhỏ)",
                None, "ảnh đã thu nhỏ trước khi đưa vào, ví dụ cạnh dài 2000 điểm ảnh"))
        if not source.variants:
            self._plan_files(source)
        if publish:
            self.outputs.update(source.files)
        largest = source.variants["jpeg"][-1]
        return Picture((alt or "").strip(), largest.width, largest.height, source.variants["webp"],
                       source.variants["jpeg"], self.options["sizes"])

    def cover_card(self, path: str, save_as: str, alt: str) -> ShareImage | None:
        """The share card cropped or fitted from a cover image, or None when the cover failed."""
        source = self.sources.get(path)
        if source is None or source.problem:
            return None
        if not self._in_cache(self._card_cache(source.sha)):  # made by prepare() unless used alone
            try:
                self._make(source, None, [], True)
            except core.ImageRejected:  # the file changed under us since it was read: draw a card instead
                return None
        return self._share(save_as, "jpg", self._card_cache(source.sha), "image/jpeg", alt)

    def _card_file(self, title: str, ward: str, site: str) -> str:
        """The name of the drawn card of a title in the cache (the hash of all it depends on)."""
        file = self.card_files.get((title, ward, site))
        if file is None:
            key = core.card_key(title, ward, site, self._fonts()[2], tuple(self.options["share_size"]))
            file = self.card_files[(title, ward, site)] = f"card-{key}.png"
        return file

    def draw_cards(self, titles: list[str], ward: str, site: str) -> None:
        """Draw the missing cards of these titles into the cache, on every core (drawing is most of an
        uncached build's time); drawn_card then finds them."""
        bold, regular, _font_digest = self._fonts()
        size = tuple(self.options["share_size"])
        missing = {}
        for title in titles:
            cached = self._card_file(title, ward, site)
            if not self._in_cache(cached):
                missing[cached] = (title, ward, site, bold, regular, size)
        if len(missing) < 8:  # not worth starting processes
            return
        with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
            for cached, png in zip(missing, pool.imap(_draw_card_png, missing.values(), chunksize=8), strict=True):
                self._store(cached, png)
        self.made += len(missing)
        self.reused -= len(missing)  # drawn_card counts them as reused

    def drawn_card(self, save_as: str, title: str, ward: str, site: str) -> ShareImage:
        """A share card drawn with the title and the ward's name, for a post without a usable cover."""
        cached = self._card_file(title, ward, site)
        if self._in_cache(cached):
            self.reused += 1
        else:
            bold, regular, _font_digest = self._fonts()
            self._store(cached, _draw_card_png((title, ward, site, bold, regular, tuple(self.options["share_size"]))))
            self.made += 1
        return self._share(save_as, "png", cached, "image/png", f"{title} – {ward}")

    def _share(self, save_as: str, extension: str, cached: str, kind: str, alt: str) -> ShareImage:
        stem = posixpath.splitext(save_as)[0]
        path = posixpath.join(self.options["share_folder"], f"{stem}.{extension}")
        self.outputs[path] = cached
        width, height = self.options["share_size"]
        return ShareImage(path, f"{self.siteurl}/{path}", width, height, kind, alt)

    def _fonts(self) -> tuple[bytes, bytes, str]:
        if self.fonts is None:
            import fontpkg_be_vietnam_pro

            files = fontpkg_be_vietnam_pro.ROOT / "files"
            bold = Path(self.options["font_bold"] or files / "BeVietnamPro-Bold.ttf").read_bytes()
            regular = Path(self.options["font_regular"] or files / "BeVietnamPro-Regular.ttf").read_bytes()
            self.fonts = (bold, regular, core.digest(bold + regular))
        return self.fonts


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file so that an interrupted build never leaves half a picture behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _rejected(path: str, error: core.ImageRejected) -> tuple[str, str | None]:
    return f"tệp “{path}”: {error.message}", error.expected


# ImageRun.prepare's run and work, inherited by the processes it forks (nothing is pickled to them).
_FORKED: tuple[ImageRun, list] | None = None


def _make_pending(run: ImageRun, pending: list, index: int) -> tuple[int, tuple | None]:
    """Make one picture's missing files: (index, None) or (index, its problem)."""
    source, data, missing, card_missing = pending[index]
    try:
        run._make(source, data, missing, card_missing)
    except core.ImageRejected as error:
        return index, _rejected(source.path, error)
    return index, None


def _make_in_child(index: int) -> tuple[int, tuple | None, list[str], int]:
    """_make_pending in a forked worker, with the names of the cache files it wrote and their number."""
    run, pending = _FORKED
    before, made = set(run.listing), run.made
    index, problem = _make_pending(run, pending, index)
    return index, problem, sorted(run.listing - before), run.made - made


# ---------------------------------------------------------------------------
# Signal handlers


def configure(pelican):
    """Merge the plugin's defaults into its one setting, once."""
    pelican.settings[SETTING] = {**DEFAULTS, **pelican.settings.get(SETTING, {})}


def _run(generator) -> ImageRun:
    run = generator.context.get("cchc_images")
    if run is None:
        settings = generator.settings
        run = ImageRun(settings[SETTING], Path(settings["PATH"]), Path(settings["CACHE_PATH"]) / "images",
                       settings.get("SITEURL", ""), bool(settings.get("CCHC_STRICT")))
        generator.context["cchc_images"] = run
    return run


def _draw_card_png(arguments: tuple) -> bytes:
    """A drawn share card as PNG bytes (run in a worker process)."""
    return core.card_png(core.draw_card(*arguments))



def _forget_rendered(contents: list) -> None:
    """Drop Pelican's memoised content/summary of these objects, in case something read them before
    their bodies are rewritten. Its memo is one dict per method, shared by every page and post:
    one pass for all of them (a pass per post grew with the square of the number of posts)."""
    if not contents:
        return
    ids = {id(content) for content in contents}
    for cache in (contents[0].get_content.cache, contents[0].get_summary.cache):
        for key in [key for key in cache if key and id(key[0]) in ids]:
            del cache[key]


def _body_path(attributes: dict[str, str], source: str) -> str | None:
    """The picture of the content folder an <img> of a body shows, or None (not ours to publish)."""
    path = core.body_path(attributes.get("src", ""), posixpath.dirname(source))
    return path if path is not None and core.is_raster(path) else None


def _rewrite_body(content, run: ImageRun, macro, source: str, publish: bool) -> None:
    def replace(attributes: dict[str, str]) -> str | None:
        path = _body_path(attributes, source)
        if path is None:
            return None
        picture = run.picture(source, BODY_KEY, path, attributes.get("alt", ""), publish)
        if picture is None:  # a forgiving build: leave a plain, visibly broken image for the editor
            return str(Markup('<img src="{}/{}" alt="{}">').format(run.siteurl, path, attributes.get("alt", "")))
        return str(macro({"picture": picture, "siteurl": run.siteurl, "lazy": True,
                          "title": attributes.get("title")}))

    content._content = core.replace_img_tags(content._content or "", replace)


def _share_view(article, save_as: str, run: ImageRun, cover: Picture | None, cover_path: str | None,
                settings) -> ShareView:
    ward, site = settings.get("WARD_NAME", ""), settings.get("SITENAME", "")
    card = run.cover_card(cover_path, save_as, cover.alt) if cover and cover_path else None
    if card is None:
        card = run.drawn_card(save_as, article.title, ward, site)
    cchc = getattr(article, "cchc", None)
    url = f"{run.siteurl}/{article.url}"
    images = [card.url] + ([f"{run.siteurl}/{cover.jpeg[-1].path}"] if cover else [])
    published = article.date.isoformat(timespec="seconds")
    modified = getattr(article, "modified", article.date)
    jsonld = core.news_article(
        headline=_text(article.title),
        url=url,
        published=published,
        modified=published if modified is article.date else modified.isoformat(timespec="seconds"),
        description=_text(article.summary or ""),
        images=images,
        publisher=settings.get("WARD_FULL_NAME", site),
        author=cchc.unit.name if cchc and cchc.unit else settings.get("WARD_FULL_NAME", site),
        section=cchc.topics[0].name if cchc and cchc.topics else None,
        keywords=[tag.name for tag in getattr(article, "tags", [])],
    )
    return ShareView(card, url, jsonld)


def _text(html: str) -> str:
    """The text of an HTML fragment, as Markup.striptags gives it. Without "<" or "&" (most titles)
    there is no tag to remove and no entity to decode: only its words, joined by single spaces."""
    if "<" in html or "&" in html:
        return Markup(html).striptags()
    return " ".join(html.split())


def _picture_macro(generator):
    return generator.env.get_template("components/figure/figure.html").module.app_picture


def prepare_articles(generator):
    """Rewrite post bodies, publish their images and cover, and make each post's share card."""
    run = _run(generator)
    macro = _picture_macro(generator)
    settings = generator.settings
    # Pelican formats save_as anew at every access, which costs more than anything else done here
    # for a post whose pictures are cached: read it once.
    posts = [(article, article.save_as) for name in ARTICLE_LISTS for article in getattr(generator, name, [])]
    run.draw_cards([article.title for article, save_as in posts if save_as and not getattr(article, "image", None)],
                   settings.get("WARD_NAME", ""), settings.get("SITENAME", ""))
    run.prepare(_uses(posts))
    # Nothing below reads a post's content or summary before its body is rewritten.
    _forget_rendered([article for article, _save_as in posts])
    for article, save_as in posts:
        # Pelican's own relative path, made when the post was read (the same as relative_source()).
        source = article.relative_source_path
        cover, cover_path = _cover(article, run, source, bool(save_as))
        _rewrite_body(article, run, macro, source, bool(save_as))
        article.cchc_images = PostImages(cover)
        article.cchc_share = _share_view(article, save_as, run, cover, cover_path, settings) if save_as else None
    run.end_pass()


def _cover(article, run: ImageRun, source: str, publish: bool) -> tuple[Picture | None, str | None]:
    """The post's `Image:` as a Picture and its content path (None, None without one or when it fails)."""
    header = getattr(article, "image", None)
    if not header:
        return None, None
    path = _cover_path(header)
    if path is None:
        run.errors.append(Problem(source, "Image", "ảnh đại diện phải là một tệp ảnh trong thư mục nội dung",
                                  str(header), "images/2024/ten-anh.jpg"))
        return None, None
    return run.picture(source, "Image", path, getattr(article, "image_alt", ""), publish), path


def _cover_path(header) -> str | None:
    """The picture of the content folder an `Image:` header names, or None (it names no picture here)."""
    path = core.header_path(str(header))
    return path if path is not None and core.is_raster(path) else None


def _uses(posts: list[tuple[object, str | None]]) -> dict[str, bool]:
    """Every picture these posts use (path -> whether a published post has it as its cover)."""
    uses: dict[str, bool] = {}
    for article, save_as in posts:
        header = getattr(article, "image", None)
        path = _cover_path(header) if header else None
        if path is not None:
            uses[path] = uses.get(path, False) or bool(save_as)
        body = article._content or ""
        if "<img" in body.lower():
            for attributes in core.img_tags(body):
                path = _body_path(attributes, article.relative_source_path)
                if path is not None:
                    uses.setdefault(path, False)
    return uses


def prepare_pages(generator):
    """Rewrite the images in static pages' bodies (pages have no cover or share card)."""
    run = _run(generator)
    macro = _picture_macro(generator)
    pages = [page for name in PAGE_LISTS for page in getattr(generator, name, [])]
    _forget_rendered(pages)
    for page in pages:
        _rewrite_body(page, run, macro, page.relative_source_path, bool(page.save_as))
    run.end_pass()


def _managed(path: str, run: ImageRun) -> bool:
    if path in run.used:
        return True
    return core.is_raster(path) and any(path == folder or path.startswith(folder.rstrip("/") + "/")
                                        for folder in run.options["folders"])


def keep_originals_out(generator):
    """Take every picture the plugin manages out of Pelican's static copy: originals are never published."""
    run = _run(generator)
    kept, unused = [], []
    for static in generator.staticfiles:
        path = relative_source(static.source_path, generator.settings["PATH"])
        if not _managed(path, run):
            kept.append(static)
            continue
        generator.context["static_content"].pop(path, None)
        if path not in run.used:
            unused.append(path)
    generator.staticfiles[:] = kept
    if unused:
        log.info("Ảnh không được bài nào dùng nên không xuất bản (%d): %s", len(unused), ", ".join(sorted(unused)))


def report_problems(generators):
    """Image problems: a strict build stops listing all of them; a forgiving build warns per post."""
    run = next((g.context["cchc_images"] for g in generators if "cchc_images" in g.context), None)
    if run is None:
        return
    for problem in run.warnings:
        log.warning("Lưu ý về ảnh: %s", problem)
    if run.errors and run.strict:
        raise ContentError(run.errors)
    for problem in run.errors:
        log.warning("Lỗi ảnh (cần sửa trước khi đăng): %s", problem)


class ImagesGenerator(Generator):
    """Publishes the cached derivatives and share cards (a rebuild leaves unchanged files alone
    and removes those no post uses any more: see cchc_content.parallel)."""

    def generate_output(self, writer):
        run = self.context.get("cchc_images")
        if run is None:
            return
        for published, name in sorted(run.outputs.items()):
            cached = os.path.join(run.cache, name)
            stat = os.stat(cached)
            writer.queue(published, (name, stat.st_size, stat.st_mtime_ns), _publish, cached,
                         os.path.join(self.output_path, published))
        log.info("Ảnh: %d tệp mới được tạo, %d lấy lại từ bộ nhớ đệm.", run.made, run.reused)


def _publish(cached: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy2(cached, target)


def add_generator(pelican):
    """Add the generator that writes the pictures."""
    return ImagesGenerator


def register():
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(prepare_articles)
    signals.page_generator_finalized.connect(prepare_pages)
    signals.static_generator_finalized.connect(keep_originals_out)
    signals.all_generators_finalized.connect(report_problems)
    signals.get_generators.connect(add_generator)
