"""Images (cchc_images): light, private, accessible pictures and share cards.

A phone-like photo (4000x3000 JPEG with GPS and Orientation=6, made here with Pillow) goes
into a small site; what comes out must be upright, small, free of every byte of metadata,
served through <picture> with width/height, and never the original file.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from PIL import ExifTags, Image, ImageDraw

from cchc_images import core, plugin
from conftest import CORPUS, ROOT, build_site

GPS = {1: "N", 2: (21.0, 1.0, 30.5), 3: "E", 4: (105.0, 51.0, 12.25), 6: 17.5}
SECRETS = (b"Exif", b"GPS", b"PhoneMaker", b"Phone X", b"ns.adobe.com/xap", b"toa-do-bi-mat", b"ghi-chu-bi-mat")
RED, BLUE = (220, 30, 30), (30, 60, 200)


# --- pictures made for the tests ------------------------------------------------------------


@functools.cache
def phone_jpeg() -> bytes:
    """A 4000x3000 JPEG as a phone writes it: EXIF with GPS, Orientation=6, maker, XMP, a comment.

    Stored sideways, as phones do: the band that is on top in the file (red) must end up on
    the right once the picture is turned upright (90° clockwise), the rest (blue) on the left.
    """
    image = Image.new("RGB", (4000, 3000), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, 3999, 999), fill=RED)
    image = Image.blend(image, Image.effect_noise((4000, 3000), 24).convert("RGB"), 0.15)  # a photo's grain
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone X"
    exif[ExifTags.Base.ImageDescription] = "toa-do-bi-mat"
    exif[ExifTags.IFD.GPSInfo] = GPS
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"/>'
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif, xmp=xmp, comment=b"ghi-chu-bi-mat")
    return out.getvalue()


def small_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((640, 480), 40).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def small_png(size=(800, 500)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 10_000, height: int = 9_000) -> bytes:
    """A 100-byte PNG that claims 90 million pixels: above Pillow's warning limit, below its error limit."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


# --- a small site ---------------------------------------------------------------------------


def _post(content: Path, name: str, title: str, header: str = "", body: str = "Nội dung.") -> None:
    folder = content / "tin-bai" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"Title: {title}\nDate: 2024-03-05 09:00\nUnit: van-phong\nTopic: tthc\n{header}\n"
                               f"{body}\n", encoding="utf-8")


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "content" / "pages", content / "pages")
    (content / "images" / "2024").mkdir(parents=True)
    return content


def _build(content: Path, output: Path, **overrides):
    return build_site(content, output, CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-12-31", **overrides)


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory):
    """A post with the phone photo as its cover and a small PNG in its body; a post with no picture;
    an image nobody uses."""
    root = tmp_path_factory.mktemp("phone")
    content = _site(root)
    (content / "images" / "2024" / "dien-thoai.jpg").write_bytes(phone_jpeg())
    (content / "images" / "2024" / "so-do.png").write_bytes(small_png())
    (content / "images" / "2024" / "khong-dung.jpg").write_bytes(phone_jpeg()[:50_000])
    _post(content, "anh.md", "Bài có ảnh chụp bằng điện thoại",
          "Image: images/2024/dien-thoai.jpg\nImage_alt: Ảnh chụp quầy một cửa\nImage_caption: Quầy một cửa.",
          'Đoạn đầu.\n\n![Sơ đồ quầy tiếp nhận]({static}/images/2024/so-do.png "Sơ đồ")\n\nĐoạn cuối.')
    _post(content, "khong-anh.md", "Phường Hoa Mai tổ chức đối thoại về thủ tục hành chính quý I/2024")
    result = _build(content, root / "out")
    assert result.returncode == 0, result.log
    return result


def _published(site) -> list[Path]:
    return sorted(path for path in (site.output / "images").rglob("*") if path.is_file())


def _derivatives(site, stem: str) -> list[Path]:
    return [path for path in _published(site) if path.name.startswith(stem + "-")]


# --- privacy and orientation ----------------------------------------------------------------


def test_the_phone_photo_is_published_with_no_metadata_at_all(phone_site):
    files = _published(phone_site)
    assert files
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret not in data, (path, secret)
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info), (path, image.info.keys())


def test_the_phone_photo_is_turned_upright_by_its_exif_orientation(phone_site):
    for path in _derivatives(phone_site, "dien-thoai"):
        with Image.open(path) as image:
            image = image.convert("RGB")
            assert image.height > image.width, path  # 4000x3000 stored sideways is a portrait
            right = image.getpixel((image.width - 3, image.height // 2))
            left = image.getpixel((3, image.height // 2))
            assert right[0] > 150 and right[2] < 110, (path, right)  # the file's top band, now on the right
            assert left[2] > 150 and left[0] < 110, (path, left)


def test_the_original_files_are_not_published(phone_site):
    originals = {path.read_bytes() for path in (phone_site.output.parent / "content" / "images").rglob("*.*")}
    for path in phone_site.output.rglob("*"):
        if path.is_file() and path.suffix in (".jpg", ".png", ".webp"):
            assert path.read_bytes() not in originals, path
    assert not list(phone_site.output.rglob("dien-thoai.jpg"))
    assert not list(phone_site.output.rglob("khong-dung*")), "an image no post uses is not published"


def test_the_sample_site_publishes_no_original_and_a_fraction_of_the_weight(sample_site):
    content = ROOT / "content"
    originals = {path.relative_to(content).as_posix(): path.read_bytes() for path in (content / "images").rglob("*.*")}
    published = [path for path in sample_site.output.rglob("*") if path.suffix in (".jpg", ".jpeg", ".png", ".webp")]
    assert not {path.read_bytes() for path in published} & set(originals.values())
    # What a phone shows (the 960 px WebP) against the file Pelican used to copy as it was.
    phone_views = [path for path in published if path.name.endswith("-960.webp")]
    sources = [re.sub(r"-[0-9a-f]{8}-960\.webp$", ".jpg", path.relative_to(sample_site.output).as_posix())
               for path in phone_views]
    assert phone_views and all(source in originals for source in sources)
    assert sum(path.stat().st_size for path in phone_views) * 3 < sum(len(originals[source]) for source in sources)


# --- derivatives ----------------------------------------------------------------------------


def test_the_photo_is_published_at_three_widths_in_webp_and_jpeg(phone_site):
    found = {}
    for path in _derivatives(phone_site, "dien-thoai"):
        with Image.open(path) as image:
            found[(image.format, image.width)] = image.height
        assert path.stat().st_size < 600_000, path
    assert found == {(kind, width): height for kind in ("WEBP", "JPEG")
                     for width, height in ((480, 640), (960, 1280), (1600, 2133))}


def test_a_small_picture_is_never_upscaled(phone_site):
    widths = set()
    for path in _derivatives(phone_site, "so-do"):
        with Image.open(path) as image:
            widths.add(image.width)
            assert image.format in ("WEBP", "JPEG")
    assert widths == {480, 800}


def test_derivatives_weigh_a_fraction_of_the_phone_original(phone_site):
    original = (phone_site.output.parent / "content" / "images" / "2024" / "dien-thoai.jpg").stat().st_size
    phone_view = next(path for path in _derivatives(phone_site, "dien-thoai") if path.name.endswith("-960.webp"))
    assert phone_view.stat().st_size * 20 < original


# --- markup ---------------------------------------------------------------------------------


def _post_html(site, slug_part: str) -> str:
    page = next(path for path in (site.output / "tin-bai").rglob("*.html") if slug_part in path.name)
    return page.read_text(encoding="utf-8")


def _pictures(html: str) -> list[str]:
    return re.findall(r"<picture\b.*?</picture>", html, re.S)


def test_the_cover_and_body_images_are_served_through_picture_with_their_size(phone_site):
    html = _post_html(phone_site, "bai-co-anh")
    cover, body = _pictures(html)
    for picture, width, height in ((cover, 1600, 2133), (body, 800, 500)):
        assert '<source type="image/webp"' in picture
        assert f'width="{width}" height="{height}"' in picture
        assert 'sizes="' in picture
        for url in re.findall(r"(/images/\S+?\.(?:webp|jpg)) \d+w", picture):
            assert (phone_site.output / url.lstrip("/")).is_file(), url
    assert 'loading="lazy"' not in cover and 'fetchpriority="high"' in cover  # above the fold
    assert 'loading="lazy"' in body and 'alt="Sơ đồ quầy tiếp nhận"' in body and 'title="Sơ đồ"' in body
    assert "{static}" not in html


def test_post_pages_carry_opengraph_twitter_and_news_article_data(phone_site):
    for slug, kind in (("bai-co-anh", "image/jpeg"), ("phuong-hoa-mai-to-chuc", "image/png")):
        html = _post_html(phone_site, slug)
        meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter|article):[^"]+)" content="([^"]*)"', html))
        assert meta["og:type"] == "article" and meta["twitter:card"] == "summary_large_image"
        assert meta["og:image:type"] == kind and (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        card = phone_site.output / meta["og:image"].lstrip("/")
        with Image.open(card) as image:
            assert image.size == (1200, 630) and not image.getexif()
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["@type"] == "NewsArticle" and data["headline"] == meta["og:title"]
        assert data["datePublished"] == "2024-03-05T09:00:00+07:00" and meta["og:image"] in data["image"]


def test_a_post_without_a_picture_gets_a_drawn_card_with_its_title(phone_site):
    card = next((phone_site.output / "images" / "chia-se").rglob("phuong-hoa-mai-to-chuc*.png"))
    with Image.open(card) as image:
        assert image.size == (1200, 630)
        colours = image.convert("RGB").getcolors(maxcolors=4096)
        assert colours and len(colours) > 8  # text was drawn, not just a flat background


# --- guards ---------------------------------------------------------------------------------


GUARDED = {
    # post file: (its header and body, the image file named in the message, words of the message)
    "thieu-anh.md": ("Image: images/2024/khong-co.jpg\nImage_alt: Ảnh", "images/2024/khong-co.jpg",
                     "không tìm thấy tệp ảnh"),
    "bom.md": ("Image: images/2024/bom.png\nImage_alt: Ảnh", "images/2024/bom.png", "bom giải nén"),
    "hong.md": ("", "images/2024/hong.jpg", "không đọc được tệp ảnh"),
    "thieu-alt.md": ("", "images/2024/khong-mo-ta.png", "chưa có lời mô tả (alt)"),
}
BODIES = {
    "hong.md": "![Ảnh hỏng]({static}/images/2024/hong.jpg)",
    "thieu-alt.md": "![]({static}/images/2024/khong-mo-ta.png)",
}


@pytest.fixture(scope="module")
def guarded_content(tmp_path_factory) -> Path:
    content = _site(tmp_path_factory.mktemp("guards"))
    images = content / "images" / "2024"
    (images / "bom.png").write_bytes(bomb_png())
    (images / "hong.jpg").write_bytes(phone_jpeg()[:40_000])  # cut short, as an interrupted copy
    (images / "khong-mo-ta.png").write_bytes(small_png())
    for name, (header, _file, _words) in GUARDED.items():
        _post(content, name, f"Bài {name}", header, BODIES.get(name, "Nội dung."))
    return content


def test_a_strict_build_stops_naming_each_post_and_image_file(guarded_content, tmp_path):
    result = _build(guarded_content, tmp_path / "out", CCHC_STRICT=True)
    assert result.returncode != 0
    assert "Có 4 lỗi trong nội dung" in result.log, result.log
    for name, (_header, file, words) in GUARDED.items():
        lines = [line for line in result.log.splitlines() if f"- tin-bai/2024/{name}: " in line]
        assert lines and file in lines[0] and words in lines[0], (name, result.log)


def test_a_forgiving_build_warns_naming_each_post_and_image_file_and_publishes_the_rest(guarded_content, tmp_path):
    result = _build(guarded_content, tmp_path / "out")
    assert result.returncode == 0, result.log
    for name, (_header, file, words) in GUARDED.items():
        assert re.search(rf"WARNING.*tin-bai/2024/{re.escape(name)}", result.log), (name, result.log)
        assert file in result.log and words in result.log
    published = {path.name for path in (result.output / "images").rglob("*")}
    assert not any(name.startswith(("bom", "hong")) for name in published)
    assert any(name.startswith("khong-mo-ta-") for name in published)  # no alt: still shown in a preview


def test_an_image_over_the_size_limit_is_a_warning_even_in_a_strict_build(tmp_path):
    content = _site(tmp_path)
    (content / "images" / "2024" / "lon.jpg").write_bytes(small_jpeg())  # about 100 kB
    _post(content, "lon.md", "Bài có ảnh lớn", "Image: images/2024/lon.jpg\nImage_alt: Ảnh lớn")
    result = _build(content, tmp_path / "out", CCHC_STRICT=True, CCHC_IMAGES={"max_bytes": 50_000})
    assert result.returncode == 0, result.log
    assert re.search(r"WARNING.*tin-bai/2024/lon\.md.*images/2024/lon\.jpg.*quá giới hạn 0,1 MB", result.log), \
        result.log


# --- cache ----------------------------------------------------------------------------------


def test_a_rebuild_reuses_every_derivative_without_rewriting_it(tmp_path):
    content = _site(tmp_path)
    (content / "images" / "2024" / "anh.jpg").write_bytes(small_jpeg())
    (content / "images" / "2024" / "so-do.png").write_bytes(small_png((2000, 1250)))
    _post(content, "anh.md", "Bài có ảnh", "Image: images/2024/anh.jpg\nImage_alt: Ảnh",
          "![Sơ đồ]({static}/images/2024/so-do.png)")
    _post(content, "chu.md", "Bài không có ảnh")
    output = tmp_path / "out"
    assert _build(content, output).returncode == 0
    cache = tmp_path / "out-cache" / "images"
    watched = [*cache.iterdir(), *(output / "images").rglob("*.*")]
    assert len(watched) > 12
    before = {path: path.stat().st_mtime_ns for path in watched}
    again = _build(content, output)
    assert again.returncode == 0, again.log
    assert {path: path.stat().st_mtime_ns for path in watched} == before
    assert sorted(cache.iterdir()) == sorted(path for path in watched if path.parent == cache)


def _image_run(content: Path, cache: Path, **options) -> plugin.ImageRun:
    return plugin.ImageRun({**plugin.DEFAULTS, **options}, content, cache, "", False)


def test_a_rebuild_takes_picture_headers_from_the_cache_without_pillow(tmp_path, monkeypatch):
    content, cache = tmp_path / "content", tmp_path / "cache"
    (content / "images").mkdir(parents=True)
    (content / "images" / "so-do.png").write_bytes(small_png())
    first = _image_run(content, cache)
    assert first.source("images/so-do.png").probe == core.Probe(800, 500, "PNG")
    first.end_pass()

    def unexpected(*args, **kwargs):
        raise AssertionError("Pillow was asked again")

    monkeypatch.setattr(core, "probe", unexpected)
    monkeypatch.setattr(core, "decode", unexpected)
    again = _image_run(content, cache)
    source = again.source("images/so-do.png")
    assert source.problem is None and source.probe == core.Probe(800, 500, "PNG")
    assert again.made == 0 and again.reused == 4


def test_pictures_made_on_every_core_are_those_made_one_by_one(tmp_path):
    """prepare() shares the decoding and encoding out to forked workers: the same cache files, the
    same problems (a truncated file passes the header check and fails to decode), the same count."""
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "bia.jpg").write_bytes(small_jpeg())
    (content / "images" / "so-do.png").write_bytes(small_png())
    (content / "images" / "rong.png").write_bytes(small_png((1800, 900)))
    (content / "images" / "cut.jpg").write_bytes(small_jpeg()[:2000])
    uses = {"images/bia.jpg": True, "images/so-do.png": False, "images/rong.png": True, "images/cut.jpg": False,
            "images/khong-co.png": False}

    together = _image_run(content, tmp_path / "together")
    together.prepare(uses)
    one_by_one = _image_run(content, tmp_path / "one-by-one")
    for path, card in uses.items():
        one_by_one.source(path)
        if card:
            assert one_by_one.cover_card(path, "tin-bai/x.html", "Ảnh") is not None

    for run in (together, one_by_one):
        assert {path: source.problem is None for path, source in run.sources.items()} == {
            "images/bia.jpg": True, "images/so-do.png": True, "images/rong.png": True, "images/cut.jpg": False,
            "images/khong-co.png": False}
        assert "bị cắt cụt" in run.sources["images/cut.jpg"].problem[0]
        assert run.sources["images/cut.jpg"].probe is not None  # its header passed: decoding failed
        # WebP and JPEG at 480 and 640 (bia), 480 and 800 (so-do), 480, 960 and 1600 (rong), and two cards
        assert run.made == 4 + 4 + 6 + 2
    files = {path.name: path.read_bytes() for path in (tmp_path / "together").iterdir()}
    assert files == {path.name: path.read_bytes() for path in (tmp_path / "one-by-one").iterdir()}
    assert sorted(together.listing) == sorted(files)
    assert together.cover_card("images/bia.jpg", "tin-bai/x.html", "Ảnh") is not None  # nothing left to make
    assert together.made == one_by_one.made


def test_a_remembered_header_is_checked_again_against_a_lowered_pixel_limit(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache"
    (content / "images").mkdir(parents=True)
    (content / "images" / "so-do.png").write_bytes(small_png())
    first = _image_run(content, cache)
    first.source("images/so-do.png")
    first.end_pass()
    lowered = _image_run(content, cache, max_pixels=100_000)
    assert "bom giải nén" in lowered.source("images/so-do.png").problem[0]


@given(st.text(alphabet=st.sampled_from(list("Ủy ban <p>&amp;;#\t\n\u00a0\u2028\x1c-!")), max_size=60))
def test_the_text_of_a_title_or_summary_is_what_markupsafe_strips_it_to(html):
    assert plugin._text(html) == Markup(html).striptags()


# --- the pure core --------------------------------------------------------------------------


def test_the_core_refuses_a_decompression_bomb_even_above_its_own_limit():
    with pytest.raises(core.ImageRejected, match="bom giải nén"):
        core.probe(bomb_png(), max_pixels=10**12)  # only Pillow's warning, made an error, can stop it
    with pytest.raises(core.ImageRejected, match="bom giải nén"):
        core.probe(small_png((2000, 2000)), max_pixels=1_000_000)


@pytest.mark.parametrize("data", [b"", b"not a picture", small_jpeg()[:20_000], b"\x89PNG\r\n\x1a\n" + b"\0" * 40])
def test_the_core_calls_a_broken_file_unreadable(data):
    with pytest.raises(core.ImageRejected, match="không đọc được"):
        core.decode(data, 89_000_000)


@pytest.mark.parametrize(("src", "folder", "expected"), [
    ("{static}/images/2024/a.jpg", "tin-bai/2024", "images/2024/a.jpg"),
    ("|static|/images/a.jpg", "tin-bai/2024", "images/a.jpg"),
    ("/images/a%20b.jpg", "tin-bai/2024", "images/a b.jpg"),
    ("{static}../../images/a.jpg", "tin-bai/2024", "images/a.jpg"),
    ("anh.png", "tin-bai/2024", "tin-bai/2024/anh.png"),
    ("https://example.com/a.jpg", "tin-bai", None),
    ("//example.com/a.jpg", "tin-bai", None),
    ("data:image/png;base64,AAAA", "tin-bai", None),
])
def test_body_image_addresses_resolve_to_content_files(src, folder, expected):
    assert core.body_path(src, folder) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("images/2024/x.jpg", "images/2024/x.jpg"),
    ("{static}/images/2024/x.jpg", "images/2024/x.jpg"),
    ("/images/x.jpg", "images/x.jpg"),
    ("https://example.com/x.jpg", None),
])
def test_cover_image_headers_resolve_to_content_files(value, expected):
    assert core.header_path(value) == expected


@given(st.integers(1, 20_000), st.lists(st.integers(16, 4000), min_size=1, max_size=5))
def test_planned_widths_are_sorted_distinct_and_never_upscaled(width, widths):
    planned = core.plan_widths(width, widths)
    assert list(planned) == sorted(set(planned))
    assert planned[-1] == min(width, max(widths)) and all(planned_width <= width for planned_width in planned)


def test_img_tags_are_replaced_and_others_left_alone():
    html = '<p>a <img alt="x > y" src="{static}/a.png"> b <img src="https://e.example/b.png"></p>'
    out = core.replace_img_tags(html, lambda attrs: "[P]" if attrs["src"].startswith("{static}") else None)
    assert out == '<p>a [P] b <img src="https://e.example/b.png"></p>'


@pytest.mark.parametrize("size", [(1600, 1000), (1000, 1600), (3000, 1000), (1300, 700)])
def test_share_cards_from_covers_are_1200_by_630(size):
    assert core.card_from_cover(Image.new("RGB", size, RED)).size == (1200, 630)


def test_a_cover_cards_backdrop_is_the_full_size_blur_to_within_a_few_levels():
    """The backdrop behind an uncropped cover is blurred small and enlarged (BACKDROP_SCALE): it must
    look like blurring the card-sized crop itself, which is what the card promises."""
    from PIL import ImageChops, ImageFilter, ImageStat

    picture = Image.new("RGB", (1600, 1000), BLUE)
    draw = ImageDraw.Draw(picture)
    for step in range(0, 1600, 80):  # stripes, blocks and a gradient: something for a blur to smooth
        draw.rectangle((step, (step * 7) % 900, step + 40, 1000), fill=(step % 256, 255 - step % 256, 90))
    draw.ellipse((500, 200, 1100, 800), fill=RED)
    size = core.SHARE_SIZE
    card = core.card_from_cover(picture)
    full = picture.resize(size, Image.Resampling.BILINEAR, box=core.crop_box(picture.size, size), reducing_gap=3.0)
    full = Image.blend(full.filter(ImageFilter.GaussianBlur(size[1] / 24)), Image.new("RGB", size, (0, 0, 0)), 0.45)
    # The picture itself covers the middle; compare the backdrop on either side of it.
    whole_width = round(picture.width * size[1] / picture.height)
    side = (size[0] - whole_width) // 2
    for box in ((0, 0, side - 2, size[1]), (size[0] - side + 2, 0, size[0], size[1])):
        difference = ImageChops.difference(card.crop(box), full.crop(box))
        assert max(high for _low, high in difference.getextrema()) <= 8
        assert max(ImageStat.Stat(difference).mean) < 1.0


@functools.cache
def card_fonts() -> tuple[bytes, bytes]:
    from fontpkg_be_vietnam_pro import ROOT as FONTS

    files = FONTS / "files"
    return (files / "BeVietnamPro-Bold.ttf").read_bytes(), (files / "BeVietnamPro-Regular.ttf").read_bytes()


VIETNAMESE = "Ủy ban nhân dân phường Hoa Mai: ỨỪỬỮỰ ẤẦẨẪẬ ẮẰẲẴẶ ỐỒỔỖỘ ỚỜỞỠỢ, “100%” hồ sơ trực tuyến…"


def test_a_drawn_card_keeps_a_long_vietnamese_title_inside_the_card():
    bold, regular = card_fonts()
    card = core.draw_card("Ủy ban nhân dân phường " * 20, "Phường Hoa Mai", "Chuyên mục", bold, regular)
    assert card.size == (1200, 630)
    # The right margin stays the background colour: nothing ran off the edge.
    strip = card.crop((1200 - 40, 0, 1200, 630)).convert("RGB").getcolors()
    assert strip == [(40 * 630, core.CardStyle().background)]


def test_a_drawn_card_is_the_same_png_byte_for_byte_in_every_process():
    """Cards are drawn from per-process caches (fonts, letters, the shared parts) in forked workers:
    what a card looks like in bytes must not depend on what the process drew before."""
    bold, regular = card_fonts()
    title = "Phường Hoa Mai đạt 89,6% mức độ hài lòng trong kết quả Chỉ số SIPAS 2025"
    first = core.card_png(core.draw_card(title, "Phường Hoa Mai", "Chuyên mục", bold, regular))
    core.draw_card(VIETNAMESE * 3, "Phường Khác", "Chuyên mục", bold, regular)  # other sizes, letters, parts
    assert core.card_png(core.draw_card(title, "Phường Hoa Mai", "Chuyên mục", bold, regular)) == first
    script = ("import hashlib, sys; from pathlib import Path; from cchc_images import core; "
              "from fontpkg_be_vietnam_pro import ROOT; f = ROOT / 'files'; "
              "card = core.draw_card(sys.argv[1], 'Phường Hoa Mai', 'Chuyên mục', "
              "(f / 'BeVietnamPro-Bold.ttf').read_bytes(), (f / 'BeVietnamPro-Regular.ttf').read_bytes()); "
              "print(hashlib.sha256(core.card_png(card)).hexdigest())")
    fresh = subprocess.run([sys.executable, "-c", script, title], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert fresh.stdout.strip() == hashlib.sha256(first).hexdigest()


def test_a_drawn_card_is_a_small_palette_png_with_smooth_letters():
    bold, regular = card_fonts()
    style = core.CardStyle()
    data = core.card_png(core.draw_card(VIETNAMESE, "Phường Hoa Mai", "Chuyên mục", bold, regular))
    assert len(data) < 40_000
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.mode == "P" and image.size == (1200, 630)
        assert not {"exif", "xmp", "comment", "transparency"} & set(image.info)
        card = image.convert("RGB")
    colours = {colour for _count, colour in card.getcolors(maxcolors=4096)}
    assert len(colours) <= 1 + 3 * core.CARD_SHADES
    assert {style.background, style.text, style.accent, style.muted} <= colours
    # The title's letters are anti-aliased: between the ward's name and the rule, the background,
    # white and many shades between them.
    title = {colour for _count, colour in card.crop((40, 150, 1200, 480)).getcolors(maxcolors=4096)}
    assert {style.background, style.text} < title and len(title) > 8


def test_drawn_letters_are_the_pixels_pillow_draws_for_the_whole_line():
    from PIL import ImageChops

    bold, _regular = card_fonts()
    for points in (38, 52, 66):
        font = core._font(bold, points)
        for baseline in (100.0, 100.25, 100.5, 100.75):
            expected, drawn = Image.new("L", (1400, 160), 0), Image.new("L", (1400, 160), 0)
            ImageDraw.Draw(expected).text((10, baseline), VIETNAMESE, font=font, fill=255, anchor="ls")
            core._draw_line(drawn, 10, baseline, VIETNAMESE, font)
            assert ImageChops.difference(expected, drawn).getbbox() is None, (points, baseline)
            assert core._length(font, VIETNAMESE) == font.getlength(VIETNAMESE)
