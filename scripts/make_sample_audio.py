"""Make the sample site's radio items: short spoken Vietnamese clips and the podcast cover.

The fictional ward's loudspeaker radio ("truyền thanh") needs a sound file or two so
that its podcast feed has episodes. Each clip is a post's title and summary read by
espeak-ng's Vietnamese voice (a synthetic voice: nobody is recorded), encoded by LAME
as a small mono MP3 (32 kbit/s, 22.05 kHz: about 4 kB a second) under
``content/audio/<year>/``. The post names its clip in its ``Audio:`` header line.

The podcast cover (``content/audio/truyen-thanh-podcast.jpg``, 1400x1400, the size
podcast apps ask for) is the loudspeaker drawing of draw_sample_images.py cropped
square, with the podcast's name on it. It lives beside the sound files, which are
published as they are: pictures under ``images/`` are published only as the resized
copies the images plugin makes for posts, and a podcast app wants this exact file.
Pillow writes it with no EXIF, so nothing but pixels is published.

Output is deterministic for the same espeak-ng, LAME and Pillow versions.
Needs: ``apt-get install espeak-ng lame`` (build-time tools; the site and its tests
only read the files made here).

Usage:  python scripts/make_sample_audio.py [--content CONTENT_DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_sample_images import FONT_BOLD, FONT_REGULAR, HAS_FONT, draw_loudspeaker_pole  # noqa: E402

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"

# Post (relative to the content folder) -> its clip (relative to the content folder).
CLIPS = {
    "tin-bai/2026/chu-tich-ubnd-phuong-hoa-mai-doi-thoai-voi-nguoi-dan-ve-cai-cach-hanh.md":
        "audio/2026/doi-thoai-cai-cach-hanh-chinh-2026.mp3",
    "tin-bai/2026/phuong-hoa-mai-rut-ngan-thoi-gian-cap-giay-phep-xay-dung-nha-o-rieng.md":
        "audio/2026/giay-phep-xay-dung-nha-o-rieng-le.mp3",
}
OPENING = "Bản tin cải cách hành chính, phường Hoa Mai."
ARTIST = "Ủy ban nhân dân phường Hoa Mai"
ALBUM = "Bản tin truyền thanh cải cách hành chính – Phường Hoa Mai"

COVER = "audio/truyen-thanh-podcast.jpg"
COVER_SIZE = 1400


def header(post: Path) -> dict[str, str]:
    """The post's `Key: value` header lines, keys lower-cased."""
    values = {}
    for line in post.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        values[key.strip().lower()] = value.strip()
    return values


def speak(text: str, title: str, year: str, mp3: Path) -> None:
    """Read text with espeak-ng's Vietnamese voice and encode it as a small MP3."""
    mp3.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "clip.wav"
        subprocess.run(["espeak-ng", "-v", "vi", "-s", "150", "-w", str(wav), text], check=True)
        subprocess.run(["lame", "--quiet", "-m", "m", "-b", "32", "--resample", "22.05",
                        "--id3v2-only", "--id3v2-utf16", "--tt", title, "--ta", ARTIST, "--tl", ALBUM,
                        "--ty", year, str(wav), str(mp3)], check=True)


def cover(path: Path) -> None:
    """The podcast's square cover: the loudspeaker drawing with the podcast's name."""
    drawing = draw_loudspeaker_pole(2026)  # 1600x1000
    square = drawing.crop((300, 0, 1300, 1000)).resize((COVER_SIZE, COVER_SIZE), Image.Resampling.LANCZOS)
    if HAS_FONT:
        draw = ImageDraw.Draw(square)
        draw.rectangle((0, 1010, COVER_SIZE, 1290), fill=(122, 20, 22))
        draw.text((COVER_SIZE // 2, 1105), "BẢN TIN TRUYỀN THANH", font=ImageFont.truetype(str(FONT_BOLD), 86),
                  fill=(255, 255, 255), anchor="mm")
        draw.text((COVER_SIZE // 2, 1210), "Cải cách hành chính · Phường Hoa Mai",
                  font=ImageFont.truetype(str(FONT_REGULAR), 64), fill=(255, 224, 138), anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    square.save(path, "JPEG", quality=85, optimize=True)


def main() -> None:
    """Make every clip and the cover."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    args = parser.parse_args()
    missing = [tool for tool in ("espeak-ng", "lame") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"Missing {', '.join(missing)}: apt-get install espeak-ng lame")
    for post, clip in CLIPS.items():
        values = header(args.content / post)
        text = f"{OPENING} {values['title']}. {values.get('summary', '')}"
        speak(text, values["title"], values["date"][:4], args.content / clip)
        print(args.content / clip)
    cover(args.content / COVER)
    print(args.content / COVER)


if __name__ == "__main__":
    main()
