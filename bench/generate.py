"""Generate N realistic posts (deterministic by seed) as a complete content folder for benchmarks.

    python bench/generate.py /tmp/bench-content --posts 1000 --seed 1

Writes tin-bai/<year>/<slug>.md (Vietnamese text of 200-600 words, metadata spread across the
units, areas and channels of data/*.toml and across 2016-2026), pages/ copied from content/pages,
and a handful of small JPEGs under images/<year>/ that about one post in ten shows.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PAGES = ROOT / "content" / "pages"
POSTS_DIR = "tin-bai"
FIRST_YEAR, LAST_YEAR = 2016, 2026
LAST_DAY = datetime(2026, 10, 31)  # every post is in the past for an as-of day after this
# A ward that publishes a little more each year: relative weights of 2016..2026.
YEAR_WEIGHTS = (5, 5, 6, 6, 7, 8, 9, 10, 11, 12, 10)
# Which areas each unit mostly writes about.
UNIT_TOPICS = {
    "van-phong": ("chi-dao-dieu-hanh", "bo-may", "cong-vu"),
    "kinh-te": ("the-che", "tthc", "tai-chinh-cong"),
    "van-hoa-xa-hoi": ("chi-dao-dieu-hanh", "the-che", "chinh-quyen-so"),
    "phuc-vu-hcc": ("tthc", "chinh-quyen-so", "tai-chinh-cong"),
    "cong-an": ("chinh-quyen-so", "tthc"),
}
CHANNEL_ODDS = {"website": 0.92, "truyen-thanh": 0.5, "cap-tren": 0.12, "mang-xa-hoi": 0.3}
IMAGE_SHARE = 0.10
IMAGES_PER_YEAR = 2
ROMAN = ("I", "II", "III", "IV")
# Sentence starts that are names: kept capitalised after an opener ("Theo chỉ đạo ..., UBND ...").
PROPER_STARTS = ("UBND", "Công an", "Mặt trận", "Ban ", "Văn phòng", "Phòng ", "Trung tâm", "Chủ tịch", "Đề án",
                 "Cổng", "Hội ", "HĐND")
_SLOT = re.compile(r"\{(\w+)\}")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Entry:
    """A registry entry as the generator needs it: id, name and aliases to vary the spelling."""

    id: str
    name: str
    aliases: tuple[str, ...]


@dataclass
class GeneratedPost:
    """One generated post: where it goes and what its header says."""

    path: str  # relative to the content folder
    title: str
    date: datetime
    unit: str
    topics: list[str]
    channels: list[str]
    tags: list[str]
    summary: str
    body: str
    status: str = "published"
    image: tuple[str, str, str] | None = None  # src, alt, caption

    def text(self) -> str:
        """The Markdown file: Pelican header, blank line, body."""
        lines = [
            f"Title: {self.title}",
            f"Date: {self.date:%Y-%m-%d %H:%M}",
            f"Unit: {self.unit}",
            f"Topic: {', '.join(self.topics)}",
            f"Channel: {', '.join(self.channels)}",
            f"Summary: {self.summary}",
        ]
        if self.tags:
            lines.append(f"Tags: {', '.join(self.tags)}")
        if self.status != "published":
            lines.append(f"Status: {self.status}")
        if self.image:
            src, alt, caption = self.image
            lines += [f"Image: {src}", f"Image_alt: {alt}", f"Image_caption: {caption}"]
        return "\n".join(lines) + "\n\n" + self.body + "\n"


def ascii_slug(text: str) -> str:
    """An ASCII slug close to both Pelican's and our own, to keep titles and files unique."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def load_registry(folder: Path, name: str, kind: str) -> list[Entry]:
    """Entries of data/<name> (units, topics or channels)."""
    data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
    return [Entry(item["id"], item["name"], tuple(item.get("aliases", ()))) for item in data[kind]]


class Writer:
    """Fills the bank's templates with deterministic pseudo-random values."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.year = FIRST_YEAR
        self.month = 1  # the post's: titles and text speak of the month they were written in

    def slot(self, name: str) -> str:
        if name[0].isupper():
            value = self.slot(name[0].lower() + name[1:])
            return value[0].upper() + value[1:]
        rng = self.rng
        values = {
            "phuong": lambda: bank.WARD,
            "nam": lambda: str(self.year),
            "nam_truoc": lambda: str(self.year - 1),
            "thang": lambda: str(self.month),
            "thang_truoc": lambda: str((self.month - 2) % 12 + 1),
            "ngay": lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}",
            "n": lambda: str(rng.randint(3, 60)),
            "n_nho": lambda: str(rng.randint(2, 9)),
            "so": lambda: vi_int(rng.randint(1200, 24000)),
            "so_nho": lambda: str(rng.randint(80, 900)),
            "pct": lambda: f"{rng.randint(55, 99)},{rng.randint(0, 9)}",
            "diem": lambda: f"{rng.randint(72, 95)},{rng.choice((0, 25, 5, 75))}",
            "tdp": lambda: str(rng.randint(1, 24)),
            "tdp_cu": lambda: str(rng.randint(25, 36)),
            "ky": lambda: rng.choice(("3", "6", "9")),
            "quy": lambda: ROMAN[(self.month - 1) // 3],
            "dot": lambda: str(rng.randint(1, 4)),
            "le_phi": lambda: "2.000",
            "nhiem_ky": lambda: "2021 - 2026" if self.year <= 2026 else "2026 - 2031",
            "nguoi": lambda: rng.choice(bank.OFFICIALS),
            "nguoi_dan": lambda: rng.choice(bank.RESIDENTS),
            "van_ban": lambda: self.fill(rng.choice(bank.DOCUMENTS)),
        }
        return values[name]()

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda match: self.slot(match[1]), template)


def vi_int(value: int) -> str:
    """`12345` -> `12.345`, as Vietnamese writes thousands."""
    return f"{value:,}".replace(",", ".")


def _sentences(writer: Writer, topics: list[str]) -> list[str]:
    """A shuffled pool of sentences for the post: its areas' first, the shared ones mixed in."""
    rng = writer.rng
    own = [s for topic in topics for s in bank.SENTENCES[topic]]
    shared = list(bank.GENERIC)
    rng.shuffle(own)
    rng.shuffle(shared)
    pool = []
    while own or shared:
        source = own if own and (not shared or rng.random() < 0.6) else shared
        pool.append(source.pop())
    pool.reverse()  # callers pop() from the end: the area's sentences come first
    return pool


def body_of(writer: Writer, topics: list[str], words: int, image: tuple[str, str] | None) -> str:
    """Paragraphs (and sometimes a heading, a list, bold text, a link or an image) of about `words` words."""
    rng = writer.rng
    pool = _sentences(writer, topics)
    opener = writer.fill(rng.choice(bank.OPENERS))
    first = writer.fill(pool.pop())
    keep = first.startswith(PROPER_STARTS)
    blocks = [f"{opener} {first if keep else first[0].lower() + first[1:]}"]
    count = len(blocks[0].split())
    heading_at = rng.randint(2, 4) if rng.random() < 0.2 else -1
    list_at = rng.randint(1, 3) if rng.random() < 0.25 else -1
    image_at = rng.randint(1, 2) if image else -1
    while count < words and pool:
        index = len(blocks)
        if index == heading_at:
            blocks.append("## " + rng.choice(bank.HEADINGS[topics[0]]))
        if index == list_at:
            items = rng.sample(bank.LIST_ITEMS[topics[0]], k=min(len(bank.LIST_ITEMS[topics[0]]), rng.randint(3, 5)))
            blocks.append("\n".join(f"- {item};" for item in items[:-1]) + f"\n- {items[-1]}.")
            count += sum(len(item.split()) for item in items)
        if index == image_at:
            blocks.append(f"![{image[1]}]({{static}}/{image[0]})")
        paragraph = []
        for _ in range(rng.randint(2, 4)):
            if not pool or count >= words:
                break
            paragraph.append(writer.fill(pool.pop()))
            count += len(paragraph[-1].split())
        if paragraph and rng.random() < 0.15:
            paragraph[0] = f"**{paragraph[0]}**"
        if paragraph and rng.random() < 0.06:
            label, url = rng.choice(bank.LINKS)
            paragraph.append(f"Xem thêm tại [{label}]({url}).")
        if paragraph:
            blocks.append(" ".join(paragraph))
    return "\n\n".join(blocks)


class Generator:
    """Posts with metadata spread across the registries and the decade, all from one seed."""

    def __init__(self, seed: int, data: Path = DATA):
        self.rng = random.Random(seed)
        self.writer = Writer(self.rng)
        self.units = load_registry(data, "units.toml", "unit")
        self.topics = {entry.id: entry for entry in load_registry(data, "topics.toml", "topic")}
        self.channels = load_registry(data, "channels.toml", "channel")
        self.slugs: set[str] = set()
        self.files: set[str] = set()

    def _spelling(self, entry: Entry) -> str:
        """Mostly the id, sometimes the name or an alias, as editors write them."""
        roll = self.rng.random()
        if roll < 0.85 or not entry.aliases:
            return entry.id
        return entry.name if roll < 0.92 else self.rng.choice(entry.aliases)

    def _date(self) -> datetime:
        rng = self.rng
        year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), weights=YEAR_WEIGHTS)[0]
        start = datetime(year, 1, 1).toordinal()
        end = min(datetime(year, 12, 31), LAST_DAY).toordinal()
        day = datetime.fromordinal(rng.randint(start, end))
        return day.replace(hour=rng.randint(7, 17), minute=rng.choice((0, 15, 30, 45)))

    def _title(self, topic: str, moment: datetime) -> str:
        for _ in range(6):
            title = self.writer.fill(self.rng.choice(bank.TITLES[topic]))
            if ascii_slug(title) not in self.slugs:
                break
        else:
            title = f"{title} (tháng {moment.month}/{moment.year})"
            number = 2
            while ascii_slug(title) in self.slugs:
                title = f"{title.rsplit(' – lần ', 1)[0]} – lần {number}"
                number += 1
        self.slugs.add(ascii_slug(title))
        return title

    def file_for(self, title: str, year: int) -> str:
        """A file name under tin-bai/<year>/ from the title, unique among the files written so far."""
        stem = ascii_slug(title)[:70].rstrip("-")
        path, number = f"{POSTS_DIR}/{year}/{stem}.md", 2
        while path in self.files:
            path, number = f"{POSTS_DIR}/{year}/{stem}-{number}.md", number + 1
        self.files.add(path)
        return path

    def post(self) -> GeneratedPost:
        """The next post."""
        rng = self.rng
        moment = self._date()
        self.writer.year, self.writer.month = moment.year, moment.month
        unit = rng.choice(self.units)
        first = rng.choice(UNIT_TOPICS[unit.id]) if rng.random() < 0.7 else rng.choice(list(self.topics))
        topics = [first]
        if rng.random() < 0.35:
            topics.append(rng.choice([topic for topic in self.topics if topic != first]))
        channels = [entry for entry in self.channels if rng.random() < CHANNEL_ODDS.get(entry.id, 0.2)]
        channels = channels or [self.channels[0]]
        tags = rng.sample(bank.TAGS, k=rng.choice((0, 1, 1, 2, 2, 3)))
        title = self._title(first, moment)
        image = None
        if rng.random() < IMAGE_SHARE:
            name, alt = rng.choice(image_names(moment.year))
            image = (f"images/{moment.year}/{name}.jpg", alt)
        inline = image if image and rng.random() < 0.5 else None
        body = body_of(self.writer, topics, rng.randint(200, 600), inline)
        return GeneratedPost(
            path=self.file_for(title, moment.year),
            title=title,
            date=moment,
            unit=self._spelling(unit),
            topics=[self._spelling(self.topics[topic]) for topic in topics],
            channels=[self._spelling(entry) for entry in channels],
            tags=tags,
            summary=self.writer.fill(rng.choice(bank.SUMMARIES[first])),
            body=body,
            status="draft" if rng.random() < 0.01 else "published",
            image=(image[0], image[1], f"{image[1]} (ảnh minh họa)") if image else None,
        )


def image_names(year: int) -> list[tuple[str, str]]:
    """The images a year has: IMAGES_PER_YEAR subjects, rotating through the bank by year."""
    subjects = bank.IMAGE_SUBJECTS
    return [subjects[(year + offset) % len(subjects)] for offset in range(IMAGES_PER_YEAR)]


def write_images(target: Path, size: tuple[int, int] = (800, 533)) -> list[Path]:
    """A handful of small photo-like JPEGs (gradients, shapes and grain), the same for the same year."""
    from PIL import Image, ImageDraw, ImageFilter

    written = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for index, (name, _alt) in enumerate(image_names(year)):
            rng = random.Random(year * 10 + index)
            width, height = size
            top, bottom = [tuple(rng.randint(40, 220) for _ in range(3)) for _ in range(2)]
            image = Image.new("RGB", size)
            draw = ImageDraw.Draw(image)
            for y in range(height):
                mix = y / (height - 1)
                colour = tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
                draw.line([(0, y), (width, y)], fill=colour)
            for _ in range(14):
                x, y = rng.randint(0, width), rng.randint(0, height)
                r = rng.randint(20, 140)
                colour = tuple(rng.randint(0, 255) for _ in range(3))
                (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x - r, y - r, x + r, y + r // 2], fill=colour)
            grain = Image.effect_noise(size, 24).convert("RGB")
            image = Image.blend(image.filter(ImageFilter.GaussianBlur(2)), grain, 0.12)
            path = target / "images" / str(year) / f"{name}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            image.save(path, "JPEG", quality=82)
            written.append(path)
    return written


def generate(target: Path, posts: int, seed: int = 1, data: Path = DATA, pages: Path = PAGES) -> list[GeneratedPost]:
    """Write a complete content folder with `posts` posts into target (emptied first).

    data: the registries the metadata is drawn from; pages: the folder copied to pages/.
    """
    if target.exists():
        shutil.rmtree(target)
    (target / POSTS_DIR).mkdir(parents=True)
    shutil.copytree(pages, target / "pages")
    write_images(target)
    generator = Generator(seed, data)
    made = [generator.post() for _ in range(posts)]
    for post in made:
        path = target / post.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post.text(), encoding="utf-8")
    return made


def extra_post(target: Path, seed: int, number: int, data: Path = DATA) -> Path:
    """Write one more post (the `number`-th extra one for this seed) and return its path."""
    generator = Generator(seed * 7919 + number, data)
    generator.files = {path.relative_to(target).as_posix() for path in (target / POSTS_DIR).rglob("*.md")}
    post = generator.post()
    post.title = f"{post.title} (bài bổ sung {number})"
    post.path = generator.file_for(post.title, post.date.year)
    path = target / post.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(post.text(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="content folder to write (emptied first)")
    parser.add_argument("--posts", type=int, default=1000, help="number of posts (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    made = generate(args.target, args.posts, args.seed)
    words = sorted(len(post.body.split()) for post in made)
    print(f"{len(made)} posts in {args.target} ({words[0]}-{words[-1]} words, median {words[len(words) // 2]}; "
          f"{sum(1 for post in made if post.image)} with an image)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
