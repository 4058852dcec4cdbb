"""Images for posts (issue 5): guarded decoding, orientation, metadata removal, resized
derivatives, share cards, and the <img> tags of a post body.

Pure core: functions of bytes, Pillow images and plain values. No Pelican, no files (fonts
come in as bytes), no clock. Pillow is allowed here, unlike in the other cores, because
each operation is a function of its input. The Pelican glue is plugin.py.

Privacy rule: nothing read from a source file but its pixels and its colour profile ever
reaches a published file. Every image that leaves this module was made by it with an
empty `info`, and `save()` is never given `exif=`, `xmp=` or a comment.
"""

from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import PIL
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps, UnidentifiedImageError

from cchc_content.core import Invalid as ImageRejected  # what is wrong and what is accepted
from cchc_content.text import slugify

# Bump when the encoding changes, so that cached derivatives made the old way are not reused.
PIPELINE_VERSION = "1"
# Bump when drawn share cards change (drawing, palette, PNG settings): it is part of card_key.
CARD_VERSION = "2"
# Bump when share cards made from covers change (crop, backdrop): it is part of their cache name.
COVER_CARD_VERSION = "2"
# What a remembered probe (plugin.py keeps them by content hash) was read with.
PROBE_VERSION = f"{PIPELINE_VERSION}/{PIL.__version__}"

# Formats Pillow may open: what cameras, phones and editors export. Anything else (HEIC,
# PSD, ...) is refused as unreadable rather than handed to a rarely used decoder.
OPENABLE = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP")
# File names treated as raster images: these are published only through this module.
RASTER_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp",
                               ".heic", ".heif", ".avif"})
FORMATS = {"webp": ("WEBP", "image/webp", "webp"), "jpeg": ("JPEG", "image/jpeg", "jpg"),
           "png": ("PNG", "image/png", "png")}

_ORIENTATION = 0x0112
_SWAPS_AXES = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter turn
_PELICAN_LINK = re.compile(r"^(?:\{static\}|\|static\||\{attach\})")
_IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)

UNREADABLE_EXPECTED = "ảnh JPEG, PNG, WebP hoặc GIF còn nguyên vẹn (ảnh HEIC của iPhone cần xuất sang JPEG trước)"


# ---------------------------------------------------------------------------
# Decoding, with the guards


@dataclass(frozen=True)
class Probe:
    """What an image's header says: its size as displayed (EXIF orientation applied) and format."""

    width: int
    height: int
    format: str


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex: the key of its cached derivatives."""
    return hashlib.sha256(data).hexdigest()


def _bomb(limit: int) -> ImageRejected:
    millions = max(1, round(limit / 1_000_000))
    return ImageRejected(
        f"ảnh có kích thước quá lớn (hơn {millions} triệu điểm ảnh), có thể là “bom giải nén” làm treo máy "
        "khi mở; ảnh không được xử lý",
        f"ảnh dưới {millions} triệu điểm ảnh, ví dụ ảnh điện thoại 4000×3000",
    )


@contextmanager
def _guarded(max_pixels: int) -> Iterator[None]:
    """Pillow's decompression-bomb warning becomes an error; any decoding failure becomes ImageRejected."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except ImageRejected:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _bomb(pixel_limit(max_pixels)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            raise ImageRejected("không đọc được tệp ảnh: tệp hỏng, bị cắt cụt hoặc không phải ảnh",
                                UNREADABLE_EXPECTED) from None


def pixel_limit(max_pixels: int) -> int:
    """The most pixels probe() lets through: max_pixels, or Pillow's own limit when lower."""
    return min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)


def _open(data: bytes, max_pixels: int) -> Image.Image:
    image = Image.open(io.BytesIO(data), formats=OPENABLE)
    width, height = image.size
    if width * height > max_pixels:
        raise _bomb(max_pixels)
    return image


def probe(data: bytes, max_pixels: int) -> Probe:
    """Read only the header: displayed size and format. Raises ImageRejected for bombs and non-images."""
    with _guarded(max_pixels):
        image = _open(data, max_pixels)
        width, height = image.size
        if image.getexif().get(_ORIENTATION, 1) in _SWAPS_AXES:
            width, height = height, width
        return Probe(width, height, image.format or "")


def decode(data: bytes, max_pixels: int, need_width: int | None = None) -> tuple[Image.Image, bytes | None]:
    """The upright pixels (RGB, or RGBA when transparent) and the colour profile worth keeping.

    Everything else the file carries (EXIF with GPS, XMP, comments, text chunks, thumbnails)
    is left behind. need_width lets a JPEG decode at a reduced scale when that still gives at
    least that many pixels across, which saves time and memory on phone photos.
    """
    with _guarded(max_pixels):
        image = _open(data, max_pixels)
        upright_turns = image.getexif().get(_ORIENTATION, 1) in _SWAPS_AXES
        if need_width and image.format == "JPEG":
            image.draft(image.mode, (1, need_width) if upright_turns else (need_width, 1))
        image.seek(0)  # the first frame of an animation
        image.load()
        icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA", "P") else None
        upright = ImageOps.exif_transpose(image)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        pixels = upright.convert("RGBA" if has_alpha else "RGB")  # always a new image
    pixels.info = {}
    return pixels, icc or None


# ---------------------------------------------------------------------------
# Derivatives


def plan_widths(width: int, widths: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    """The widths to publish: the largest configured width (or the original's, when smaller) and each
    configured width well below it. Never wider than the original (no upscaling)."""
    cap = min(width, max(widths))
    # A width within 10 % of the largest adds a file and saves nobody anything.
    return (*sorted(candidate for candidate in set(widths) if candidate <= 0.9 * cap), cap)


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height that keeps the aspect ratio at new_width (at least one pixel)."""
    return max(1, round(height * new_width / width))


def resize(image: Image.Image, width: int, height: int) -> Image.Image:
    """A resampled copy at exactly width x height, with no metadata."""
    result = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0) \
        if image.size != (width, height) else image.copy()
    result.info = {}
    return result


def encode(image: Image.Image, kind: str, quality: int, icc: bytes | None = None) -> bytes:
    """The image as WebP, JPEG or PNG bytes, carrying at most the colour profile."""
    pillow_format = FORMATS[kind][0]
    options: dict = {"icc_profile": icc} if icc else {}
    if kind == "jpeg":
        if image.mode != "RGB":
            image = flatten(image)
        options.update(quality=quality, optimize=True, progressive=True)
    elif kind == "webp":
        options.update(quality=quality, method=5)
    else:
        options.update(compress_level=6)
    out = io.BytesIO()
    image.save(out, pillow_format, **options)
    return out.getvalue()


def flatten(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """Transparent pixels composited on a plain background (JPEG has no transparency)."""
    rgba = image.convert("RGBA")
    result = Image.new("RGB", rgba.size, background)
    result.paste(rgba, mask=rgba.getchannel("A"))
    return result


def derivative_path(source: str, sha: str, width: int, kind: str) -> str:
    """Where a derivative is published: the source's folder, an ASCII stem, part of the hash, the width.

    `images/2024/Ảnh hội nghị.JPG` -> `images/2024/anh-hoi-nghi-1a2b3c4d-960.webp`. The hash
    part keeps two files with the same stem apart and changes the address when the picture
    changes, so browsers never show a stale copy.
    """
    return f"{derivative_stem(source, sha)}-{width}.{FORMATS[kind][2]}"


@functools.lru_cache(maxsize=4096)
def derivative_stem(source: str, sha: str) -> str:
    """derivative_path without the width and extension: the same for every size and kind of a picture
    (slugifying is the slow part, hence the cache)."""
    folder, name = posixpath.split(source)
    stem = slugify(posixpath.splitext(name)[0]) or "anh"
    folder = "/".join(slugify(part) or "anh" for part in folder.split("/")) if folder else ""
    return posixpath.join(folder, f"{stem}-{sha[:8]}")


def cache_name(sha: str, width: int, kind: str, quality: int) -> str:
    """The file name of a cached derivative: content hash, width, and what the encoding depends on."""
    return f"{sha}-{width}-{kind}-q{quality}-v{PIPELINE_VERSION}.{FORMATS[kind][2]}"


# ---------------------------------------------------------------------------
# Share cards


SHARE_SIZE = (1200, 630)
# Crop a cover to the card's shape only when at least this much of the picture stays: beyond
# that a crop cuts off banners, heads or a chart's labels, so the whole picture is shown instead.
MIN_KEPT = 0.9
# When cropping a tall picture, take a quarter of the cut from the top and the rest from the bottom:
# titles, banners and faces sit high in news pictures; floors and table legs sit low.
TOP_SHARE = 0.25
# How much smaller than the card the blurred backdrop of an uncropped cover is made.
BACKDROP_SCALE = 4


def crop_box(size: tuple[int, int], target: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest box of target's shape inside an image of `size`: centred across, high when tall."""
    width, height = size
    ratio = target[0] / target[1]
    if width / height > ratio:
        keep = round(height * ratio)
        left = (width - keep) // 2
        return (left, 0, left + keep, height)
    keep = round(width / ratio)
    top = round((height - keep) * TOP_SHARE)
    return (0, top, width, top + keep)


def card_from_cover(image: Image.Image, size: tuple[int, int] = SHARE_SIZE) -> Image.Image:
    """A share card from a cover picture: cropped when little is lost, otherwise the whole picture
    centred on a blurred, darkened copy of itself, so nothing that matters is cut off."""
    image = flatten(image) if image.mode != "RGB" else image
    width, height = image.size
    ratio, target = width / height, size[0] / size[1]
    if min(ratio / target, target / ratio) >= MIN_KEPT:
        card = image.resize(size, Image.Resampling.LANCZOS, box=crop_box(image.size, size), reducing_gap=3.0)
    else:
        # The backdrop is blurred and darkened at a quarter of the card's size, then enlarged: within
        # a few levels of 255 of blurring it full size (tests/test_images.py), in a quarter of the time.
        small = (size[0] // BACKDROP_SCALE, size[1] // BACKDROP_SCALE)
        backdrop = image.resize(small, Image.Resampling.BILINEAR, box=crop_box(image.size, size), reducing_gap=3.0)
        backdrop = backdrop.filter(ImageFilter.GaussianBlur(size[1] / 24 / BACKDROP_SCALE))
        backdrop = Image.blend(backdrop, Image.new("RGB", small, (0, 0, 0)), 0.45)
        card = backdrop.resize(size, Image.Resampling.BILINEAR)
        whole = ImageOps.contain(image, size, Image.Resampling.LANCZOS)
        card.paste(whole, ((size[0] - whole.width) // 2, (size[1] - whole.height) // 2))
    card.info = {}
    return card


@dataclass(frozen=True)
class CardStyle:
    """Colours of a drawn card: the theme's brand red, white and gold (base.css)."""

    background: tuple[int, int, int] = (0x7A, 0x14, 0x16)
    text: tuple[int, int, int] = (0xFF, 0xFF, 0xFF)
    accent: tuple[int, int, int] = (0xFF, 0xE0, 0x8A)
    muted: tuple[int, int, int] = (0xF2, 0xD6, 0xD6)


# A drawn card is a palette image, made without quantizing: index 0 is the background, then each
# ink (title, accent, muted) has a ramp of CARD_SHADES shades from the background to itself, and
# each anti-aliased pixel of a letter takes the shade nearest its coverage. 16 shades look the same
# as 256 on the card (no pixel is off by more than 8 levels of 255) and keep the PNG small.
CARD_SHADES = 16
_TITLE, _ACCENT, _MUTED = range(3)  # ramps of the palette, in this order
# zlib level of drawn cards' PNG: 3 is about half the time of the default 6 on a card, for a
# quarter more bytes (22 kB instead of 17 kB); 9 takes ten times as long.
CARD_COMPRESS_LEVEL = 3


@functools.lru_cache(maxsize=64)
def _font(data: bytes, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: the same pixels on every machine (titles are NFC, so every Vietnamese letter
    # is one precomposed glyph and needs no shaping engine).
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between letters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while measure(word) > max_width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > max_width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _ellipsize(line: str, measure: Callable[[str], float], max_width: float) -> str:
    while line and measure(line + "…") > max_width:
        line = line[:-1].rstrip()
    return line + "…"


# Letters are measured and drawn one at a time from caches kept for the whole process (and
# inherited by the forked workers that draw cards): FreeType's layout, hinting and rasterizing
# of each letter, done again for every measurement, every line and every card, were most of a
# card's time. With the basic layout a line is its letters side by side, each moved on by its
# (hinted, whole-pixel) advance: no shaping, no ligatures, and no kerning in a font without a
# legacy `kern` table, such as Be Vietnam Pro. So a line's length is the sum of its letters',
# and drawing the letters from the cache gives the pixels ImageDraw.text gives for the whole
# line (where the inks of two letters overlap, which the Vietnamese titles tried never do,
# their coverages combine instead of the larger one being kept).


@functools.lru_cache(maxsize=16384)
def _advance(font: ImageFont.FreeTypeFont, letter: str) -> float:
    return font.getlength(letter)


def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    """How long text is in font: the sum of its letters' advances."""
    return sum(_advance(font, letter) for letter in text)


@functools.lru_cache(maxsize=16384)
def _glyph(font: ImageFont.FreeTypeFont, letter: str) -> tuple[Image.Image | None, int, int]:
    """One letter's coverage (an "L" mask, None when blank) and its top-left corner from the pen on
    the baseline."""
    left, top, right, bottom = font.getbbox(letter, anchor="ls")
    if right <= left or bottom <= top:
        return None, 0, 0
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), letter, font=font, fill=255, anchor="ls")
    return mask, left, top


def _draw_line(mask: Image.Image, x: float, baseline: float, text: str, font: ImageFont.FreeTypeFont) -> None:
    """text in full coverage on an "L" mask, its baseline at `baseline` (anchor "ls", as ImageDraw.text)."""
    y = int(baseline) + (baseline % 1 > 0.5)  # the row ImageDraw.text puts a fractional baseline on
    for letter in text:
        glyph, left, top = _glyph(font, letter)
        if glyph is not None:
            mask.paste(255, (round(x) + left, y + top), glyph)
        x += _advance(font, letter)


@functools.lru_cache(maxsize=8)
def _card_palette(style: CardStyle) -> bytes:
    colours = [style.background]
    for ink in (style.text, style.accent, style.muted):
        colours += [tuple(round(back + (front - back) * shade / CARD_SHADES)
                          for back, front in zip(style.background, ink, strict=True))
                    for shade in range(1, CARD_SHADES + 1)]
    return bytes(channel for colour in colours for channel in colour)


@functools.lru_cache(maxsize=3)
def _shades(ramp: int) -> tuple[int, ...]:
    """The palette index of each coverage 0–255 of one ink: the nearest shade of its ramp (none is
    the background, index 0)."""
    shades = [round(coverage * CARD_SHADES / 255) for coverage in range(256)]
    return tuple(ramp * CARD_SHADES + shade if shade else 0 for shade in shades)


@dataclass(frozen=True)
class _CardLayout:
    """Where the parts of a drawn card go, in pixels (points are font sizes)."""

    margin: int
    max_width: int
    ward_points: int
    site_points: int
    site_baseline: int
    rule: int
    title_top: int
    title_bottom: int


def _card_layout(size: tuple[int, int]) -> _CardLayout:
    width, height = size
    margin = round(width * 0.06)
    ward_points, site_points = round(height * 0.065), round(height * 0.045)
    site_baseline = height - round(margin * 0.9)
    rule = site_baseline - round(site_points * 1.7)
    return _CardLayout(margin, width - 2 * margin, ward_points, site_points, site_baseline, rule,
                       margin + round(ward_points * 1.9), rule - round(height * 0.05))


@functools.lru_cache(maxsize=8)
def _card_background(ward: str, site: str, bold: bytes, regular: bytes, size: tuple[int, int]) -> Image.Image:
    """What every card of a site shares, as an "L" image of palette indices: the gold accent down the
    left edge, the ward's name, the rule and the site's name. Drawn once per process."""
    width, height = size
    layout = _card_layout(size)
    accent, muted = Image.new("L", size, 0), Image.new("L", size, 0)
    draw = ImageDraw.Draw(accent)
    draw.rectangle((0, 0, round(width * 0.015), height), fill=255)  # the header's gold accent
    ward_font = _font(bold, layout.ward_points)
    draw.text((layout.margin, layout.margin), _fit_line(ward, ward_font, layout.max_width), font=ward_font,
              fill=255, anchor="la")
    draw.line((layout.margin, layout.rule, width - layout.margin, layout.rule), fill=255, width=3)
    site_font = _font(regular, layout.site_points)
    ImageDraw.Draw(muted).text((layout.margin, layout.site_baseline), _fit_line(site, site_font, layout.max_width),
                               font=site_font, fill=255, anchor="ls")
    return ImageChops.lighter(accent.point(_shades(_ACCENT)), muted.point(_shades(_MUTED)))


def draw_card(title: str, ward: str, site: str, bold: bytes, regular: bytes,
              size: tuple[int, int] = SHARE_SIZE, style: CardStyle = CardStyle()) -> Image.Image:
    """A share card for a post without a picture: the ward's name, the title as large as fits, the site.

    A palette ("P") image of 1 + 3 × CARD_SHADES colours, ready for card_png.
    """
    title, ward, site = (unicodedata.normalize("NFC", " ".join(text.split())) for text in (title, ward, site))
    layout = _card_layout(size)
    # The title: the largest size at which it fits in four lines between the ward's name and the rule.
    top, bottom = layout.title_top, layout.title_bottom
    lines, font, leading = _fit_title(title, bold, layout.max_width, bottom - top, round(size[1] * 0.105),
                                      round(size[1] * 0.06))
    ascent, _descent = font.getmetrics()
    baseline = top + (bottom - top - (leading * (len(lines) - 1) + ascent)) / 2 + ascent
    coverage = Image.new("L", size, 0)
    for line in lines:
        _draw_line(coverage, layout.margin, baseline, line, font)
        baseline += leading
    card = _card_background(ward, site, bold, regular, size).copy()
    box = coverage.getbbox()
    if box:  # only the title's box is mapped to the palette: most of the card is left alone
        # The title does not meet the shared parts, which are index 0 around it: the larger index wins.
        card.paste(ImageChops.lighter(card.crop(box), coverage.crop(box).point(_shades(_TITLE))), box)
    card.putpalette(_card_palette(style))
    card.info = {}
    return card


def card_png(card: Image.Image) -> bytes:
    """A drawn card as PNG bytes: the same bytes for the same card on every run."""
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=CARD_COMPRESS_LEVEL)
    return out.getvalue()


def _fit_title(title: str, bold: bytes, max_width: int, max_height: int, largest: int,
               smallest: int) -> tuple[list[str], ImageFont.FreeTypeFont, int]:
    """Lines, font and leading of the title at the largest size that fits, ellipsized at the smallest.

    Widths are estimated from each word's width at a reference size and confirmed at the chosen size.
    """
    reference = _font(bold, 100)
    space = _advance(reference, " ")

    def estimate(points: int) -> Callable[[str], float]:
        def measure(text: str) -> float:
            return (sum(_word_length(reference, word) for word in text.split(" "))
                    + space * text.count(" ")) * points / 100

        return measure

    for points in range(largest, smallest - 1, -2):
        font = _font(bold, points)
        leading = round(points * 1.34)
        lines = wrap(title, estimate(points), max_width)
        if len(lines) <= 4 and leading * len(lines) <= max_height \
                and all(_length(font, line) <= max_width for line in lines):
            return lines, font, leading

    def measure(text: str) -> float:
        return _length(font, text)

    lines = wrap(title, measure, max_width)
    fitting = max(1, min(4, max_height // leading))
    if len(lines) > fitting:
        lines = lines[:fitting]
        lines[-1] = _ellipsize(lines[-1], measure, max_width)
    return lines, font, leading


@functools.lru_cache(maxsize=16384)
def _word_length(font: ImageFont.FreeTypeFont, word: str) -> float:
    return _length(font, word)


def _fit_line(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> str:
    return text if font.getlength(text) <= max_width else _ellipsize(text, font.getlength, max_width)


def card_key(title: str, ward: str, site: str, font_digest: str, size: tuple[int, int]) -> str:
    """The cache key of a drawn card: everything its pixels depend on."""
    text = "\x1f".join((PIPELINE_VERSION, CARD_VERSION, title, ward, site, font_digest, f"{size[0]}x{size[1]}"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Image references in posts


def is_raster(path: str) -> bool:
    """Whether a file name is a picture this module publishes (by extension)."""
    return posixpath.splitext(path)[1].lower() in RASTER_EXTENSIONS


def header_path(value: str) -> str | None:
    """The content-relative path of an `Image:` header (`images/2024/x.jpg`, `{static}/images/...`),
    or None when it is not a file of this site (an address on another host)."""
    value = _PELICAN_LINK.sub("", value.strip())
    if urlsplit(value).scheme or value.startswith("//"):
        return None
    return _normalised(unquote(value.lstrip("/")))


def body_path(src: str, post_folder: str) -> str | None:
    """The content-relative path an <img src> in a post body names, or None for other hosts and data:.

    `{static}/images/x.jpg` and `/images/x.jpg` are relative to the content folder; `{static}x.jpg`
    and `x.jpg` to the post's own folder (Pelican's rule).
    """
    src = src.strip()
    if urlsplit(src).scheme or src.startswith("//") or not src:
        return None
    path = unquote(urlsplit(_PELICAN_LINK.sub("", src)).path)
    if path.startswith("/"):
        return _normalised(path.lstrip("/"))
    return _normalised(posixpath.join(post_folder, path))


def _normalised(path: str) -> str:
    return posixpath.normpath(path) if path else path


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = {name.lower(): value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, entities decoded."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attributes


def img_tags(html: str) -> list[dict[str, str]]:
    """The attributes of every <img> in an HTML fragment, in order."""
    return [attributes(match.group(0)) for match in _IMG_TAG.finditer(html)]


def replace_img_tags(html: str, replacement: Callable[[dict[str, str]], str | None]) -> str:
    """html with each <img> replaced by replacement(attributes); None keeps the tag as it is."""
    def substitute(match: re.Match) -> str:
        new = replacement(attributes(match.group(0)))
        return match.group(0) if new is None else new

    return _IMG_TAG.sub(substitute, html)


# ---------------------------------------------------------------------------
# Structured data


def news_article(*, headline: str, url: str, published: str, modified: str, description: str,
                 images: list[str], publisher: str, author: str, section: str | None,
                 keywords: list[str]) -> dict:
    """schema.org NewsArticle for a post page's JSON-LD (plain values in, a dict out)."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline[:110],
        "inLanguage": "vi",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": modified,
        "image": images,
        "author": {"@type": "Organization", "name": author},
        "publisher": {"@type": "GovernmentOrganization", "name": publisher},
    }
    if description:
        data["description"] = description
    if section:
        data["articleSection"] = section
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return data
