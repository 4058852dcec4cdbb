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

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps, UnidentifiedImageError

from cchc_content.core import Invalid as ImageRejected  # what is wrong and what is accepted
from cchc_content.text import slugify

# Bump when the encoding changes, so that cached derivatives made the old way are not reused.
PIPELINE_VERSION = "1"

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
            raise _bomb(min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            raise ImageRejected("không đọc được tệp ảnh: tệp hỏng, bị cắt cụt hoặc không phải ảnh",
                                UNREADABLE_EXPECTED) from None


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


def palette(image: Image.Image, colours: int = 64) -> Image.Image:
    """A flat drawing reduced to a few colours: a third of the PNG's weight, no visible change."""
    result = image.convert("RGB").quantize(colours, method=Image.Quantize.FASTOCTREE)
    result.info = {}
    return result


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
    folder, name = posixpath.split(source)
    stem = slugify(posixpath.splitext(name)[0]) or "anh"
    folder = "/".join(slugify(part) or "anh" for part in folder.split("/")) if folder else ""
    return posixpath.join(folder, f"{stem}-{sha[:8]}-{width}.{FORMATS[kind][2]}")


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
        backdrop = image.resize(size, Image.Resampling.BILINEAR, box=crop_box(image.size, size), reducing_gap=3.0)
        backdrop = backdrop.filter(ImageFilter.GaussianBlur(size[1] // 24))
        card = Image.blend(backdrop, Image.new("RGB", size, (0, 0, 0)), 0.45)
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


def draw_card(title: str, ward: str, site: str, bold: bytes, regular: bytes,
              size: tuple[int, int] = SHARE_SIZE, style: CardStyle = CardStyle()) -> Image.Image:
    """A share card for a post without a picture: the ward's name, the title as large as fits, the site."""
    title, ward, site = (unicodedata.normalize("NFC", " ".join(text.split())) for text in (title, ward, site))
    width, height = size
    margin = round(width * 0.06)
    max_width = width - 2 * margin
    card = Image.new("RGB", size, style.background)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, round(width * 0.015), height), fill=style.accent)  # the header's gold accent

    ward_points = round(height * 0.065)
    ward_font = _font(bold, ward_points)
    draw.text((margin, margin), _fit_line(ward, ward_font, max_width), font=ward_font, fill=style.accent,
              anchor="la")
    site_points = round(height * 0.045)
    site_font = _font(regular, site_points)
    site_baseline = height - round(margin * 0.9)
    rule = site_baseline - round(site_points * 1.7)
    draw.line((margin, rule, width - margin, rule), fill=style.accent, width=3)
    draw.text((margin, site_baseline), _fit_line(site, site_font, max_width), font=site_font, fill=style.muted,
              anchor="ls")

    # The title: the largest size at which it fits in four lines between the ward's name and the rule.
    top, bottom = margin + round(ward_points * 1.9), rule - round(height * 0.05)
    lines, font, leading = _fit_title(title, bold, max_width, bottom - top, round(height * 0.105),
                                      round(height * 0.06))
    ascent, _descent = font.getmetrics()
    baseline = top + (bottom - top - (leading * (len(lines) - 1) + ascent)) / 2 + ascent
    for line in lines:
        draw.text((margin, baseline), line, font=font, fill=style.text, anchor="ls")
        baseline += leading
    card.info = {}
    return card


def _fit_title(title: str, bold: bytes, max_width: int, max_height: int, largest: int,
               smallest: int) -> tuple[list[str], ImageFont.FreeTypeFont, int]:
    """Lines, font and leading of the title at the largest size that fits, ellipsized at the smallest.

    Widths are estimated from one measurement of each word at a reference size (measuring is the
    slow part of drawing) and confirmed at the chosen size.
    """
    reference = _font(bold, 100)
    widths: dict[str, float] = {}

    def estimate(points: int) -> Callable[[str], float]:
        def measure(text: str) -> float:
            total = 0.0
            for word in text.split(" "):
                if word not in widths:
                    widths[word] = reference.getlength(word)
                total += widths[word]
            if " " not in widths:
                widths[" "] = reference.getlength(" ")
            return (total + widths[" "] * text.count(" ")) * points / 100

        return measure

    for points in range(largest, smallest - 1, -2):
        font = _font(bold, points)
        leading = round(points * 1.34)
        lines = wrap(title, estimate(points), max_width)
        if len(lines) <= 4 and leading * len(lines) <= max_height \
                and all(font.getlength(line) <= max_width for line in lines):
            return lines, font, leading
    lines = wrap(title, font.getlength, max_width)
    fitting = max(1, min(4, max_height // leading))
    if len(lines) > fitting:
        lines = lines[:fitting]
        lines[-1] = _ellipsize(lines[-1], font.getlength, max_width)
    return lines, font, leading


def _fit_line(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> str:
    return text if font.getlength(text) <= max_width else _ellipsize(text, font.getlength, max_width)


def card_key(title: str, ward: str, site: str, font_digest: str, size: tuple[int, int]) -> str:
    """The cache key of a drawn card: everything its pixels depend on."""
    text = "\x1f".join((PIPELINE_VERSION, title, ward, site, font_digest, f"{size[0]}x{size[1]}"))
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
