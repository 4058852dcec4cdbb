"""Pelican glue for the content contract: the post reader, slugs, collisions, post views,
listings per area/unit/channel/year/quarter/tag, Jinja filters and the stylesheet bundle."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markdown import Markdown
from pelican import signals
from pelican.generators import Generator
from pelican.readers import MarkdownReader

from . import parallel, text
from .core import (
    ContentError,
    Invalid,
    Post,
    Problem,
    collisions,
    decode,
    demote_headings,
    parse_date,
    quarter_of,
    sanitize_html,
    sitemap_xml,
)
from .sources import DEFAULTS, Data, as_of_day, data_folder, load_data, read_posts, relative_source, zone

log = logging.getLogger(__name__)

FILTERS = {
    "vi_date": text.vi_date,
    "vi_short_date": text.vi_short_date,
    "vi_datetime": text.vi_datetime,
    "vi_official_date": text.vi_official_date,
    "vi_number": text.vi_number,
    "vi_quarter": text.quarter_label,
    "iso_datetime": text.iso_datetime,
}

KIND_LABELS = {"linh-vuc": "Lĩnh vực", "bo-phan": "Bộ phận", "kenh": "Kênh", "nam": "Năm", "quy": "Quý", "the": "Thẻ"}


# ---------------------------------------------------------------------------
# Reading posts


class PostReader(MarkdownReader):
    """Pelican's Markdown reader with the contract's rules: strict UTF-8, NFC text,
    day-first Vietnamese dates and never-empty ASCII slugs.

    `prefetch` reads many files on every core ahead of Pelican, which then asks for them one
    by one. (A Markdown instance cannot serve two files: Pelican removes its meta
    preprocessor to read the Summary header.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prefetched: dict[str, tuple] = {}

    def prefetch(self, paths: list[str], jobs: int) -> None:
        """Read these files on `jobs` processes; read() then returns each result once."""
        results = parallel.fan_out(self._read_or_none, paths, jobs)
        for path, result in zip(paths, results, strict=True):
            if result is not None:
                self._prefetched[path] = result

    def _read_or_none(self, source_path):
        try:
            return self.read(source_path)
        except Exception:  # noqa: BLE001 (read() is called again by Pelican and reports the problem)
            return None

    def read(self, source_path):
        prefetched = self._prefetched.pop(source_path, None)
        if prefetched is not None:
            return prefetched
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        label = os.path.relpath(source_path, self.settings["PATH"])
        with open(source_path, "rb") as handle:
            content = demote_headings(sanitize_html(self._md.convert(decode(handle.read(), label))))
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        if "summary" in metadata:
            metadata["summary"] = sanitize_html(metadata["summary"])
        stem = Path(source_path).stem
        metadata["slug"] = (
            text.slugify(metadata.get("slug") or metadata.get("title") or "") or text.slugify(stem) or "bai-viet"
        )
        return content, metadata

    def process_metadata(self, name, value):
        if name == "date" and isinstance(value, str):
            try:
                return parse_date(value, zone(self.settings["TIMEZONE"]))
            except Invalid as error:
                label = os.path.relpath(self._source_path or "", self.settings["PATH"])
                raise ContentError([Problem(label, "Date", error.message, value, error.expected)]) from None
        return super().process_metadata(name, value)


def add_reader(readers):
    """Read Markdown posts and pages with PostReader."""
    for extension in PostReader.file_extensions:
        readers.reader_classes[extension] = PostReader


def prefetch_posts(generator):
    """article_generator_init: read every post Pelican will ask for (not in its cache) on every core."""
    settings, readers = generator.settings, generator.readers
    jobs = parallel.workers(settings)
    if jobs <= 1:
        return
    by_reader = defaultdict(list)
    for relative in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, relative))
        reader = readers.readers.get(Path(path).suffix.lstrip("."))
        if isinstance(reader, PostReader) and readers.get_cached_data(path, None) is None:
            by_reader[reader].append(path)
    for reader, paths in by_reader.items():
        reader.prefetch(paths, jobs)


def skip_unwritten_listings(generator):
    """article_generator_init: Pelican's tag, category and author pages are not written here
    (their SAVE_AS is empty: cchc_content writes its own listings), yet Pelican first orders each
    one's posts by date with a list scan per post, which grows with the square of the posts
    (about 1 s of every build at N=5,000). Skip that work when the page would not be written."""
    for kind, method in (("TAG", "generate_tags"), ("CATEGORY", "generate_categories"),
                         ("AUTHOR", "generate_authors")):
        if not generator.settings.get(f"{kind}_SAVE_AS"):
            setattr(generator, method, lambda write: None)


def configure(pelican):
    """Merge the plugin's defaults and Jinja filters into the settings, once."""
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings["JINJA_FILTERS"] = {**FILTERS, **pelican.settings.get("JINJA_FILTERS", {})}
    paginated = dict(pelican.settings.get("PAGINATED_TEMPLATES", {}))
    paginated.setdefault("listing", None)
    pelican.settings["PAGINATED_TEMPLATES"] = paginated
    if pelican.settings.get("CACHE_CONTENT") and pelican.settings.get("CACHE_PATH"):
        # Development builds keep compiled templates: a rebuild does not compile them again.
        folder = Path(pelican.settings["CACHE_PATH"]) / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        pelican.settings["JINJA_ENVIRONMENT"] = {**pelican.settings["JINJA_ENVIRONMENT"],
                                                 "bytecode_cache": FileSystemBytecodeCache(str(folder))}
        drop_other_compression(Path(pelican.settings["CACHE_PATH"]), pelican.settings.get("GZIP_CACHE", True))


def drop_other_compression(cache: Path, gzipped: bool) -> None:
    """Remove Pelican's content caches written with the other GZIP_CACHE setting (a site that
    turned it off, as ours did for speed): Pelican would warn in English that it cannot read them,
    then start from an empty cache anyway."""
    for path in cache.glob("*Generator*"):
        if path.is_file():
            with path.open("rb") as file:
                if (file.read(2) == b"\x1f\x8b") != gzipped:
                    path.unlink()


# ---------------------------------------------------------------------------
# Views given to templates


@dataclass
class EntryView:
    """A registry entry, year or quarter as templates show it: name, listing URL, count."""

    id: str
    name: str
    url: str
    count: int = 0
    quarters: list[EntryView] = field(default_factory=list)


@dataclass(frozen=True)
class EntryLink:
    """An entry as a post names it: name and listing URL, not its number of posts (a post's
    page does not show it, and adding a post must not change every post's page)."""

    id: str
    name: str
    url: str

    @classmethod
    def of(cls, entry: EntryView) -> EntryLink:
        return cls(entry.id, entry.name, entry.url)


@dataclass
class ImageView:
    """A post's cover image."""

    src: str
    alt: str
    caption: str


@dataclass
class PostView:
    """What the contract says about a post, as entries with links (article.cchc)."""

    unit: EntryLink | None
    topics: list[EntryLink]
    channels: list[EntryLink]
    quarter: EntryLink | None
    year: EntryLink | None
    image: ImageView | None
    post: Post


@dataclass(frozen=True)
class SiteContent:
    """Everything later plugins need about the posts (context["cchc"])."""

    data: Data
    as_of: date
    posts: tuple[Post, ...]
    urls: dict[str, str]
    strict: bool



def _image_view(article) -> ImageView | None:
    src = getattr(article, "image", None)
    if not src:
        return None
    src = str(src).strip().removeprefix("{static}").lstrip("/")
    return ImageView(src, getattr(article, "image_alt", "") or "", getattr(article, "image_caption", "") or "")


def _evidence_url(article, settings) -> str:
    """The URL a post has, or will have once its date comes (Pelican files future posts as drafts)."""
    if article.status != "draft":
        return article.url
    return settings["ARTICLE_URL"].format(**article.url_format)


def build_views(generator):
    """Parse every post file, report problems, attach views and put the site's entries in the context."""
    settings = generator.settings
    local = zone(settings["TIMEZONE"])
    settings_dir = Path(settings.get("CCHC_SETTINGS_DIR") or os.getcwd())
    data = load_data(data_folder(settings["CCHC_DATA_DIR"], settings_dir))
    posts = read_posts(Path(settings["PATH"]), settings["CCHC_POSTS_DIR"], data.registries, local)
    problems = [problem for post in posts for problem in post.problems]
    if settings["CCHC_STRICT"] and problems:
        raise ContentError(problems)
    for post in posts:
        if post.problems:
            log.warning("Bài %s có lỗi nên không được tính vào thống kê:\n%s", post.source,
                        "\n".join(f"  - {problem}" for problem in post.problems))

    everything = (
        generator.articles + generator.translations + generator.hidden_articles
        + generator.hidden_translations + generator.drafts + generator.drafts_translations
    )
    by_source = {relative_source(article.source_path, settings["PATH"]): article for article in everything}
    posts_by_source = {post.source: post for post in posts}
    for article in everything:
        # Pelican formats the URL and file name anew at every access (templates, feeds, listings,
        # pictures); they are final now.
        article.override_url = article.url
        article.override_save_as = article.save_as
    urls = {}
    for post in posts:
        article = by_source.get(post.source)
        if article is not None and post.status != "draft":
            urls[post.source] = _evidence_url(article, settings)
    post_of = {id(article): posts_by_source.get(source) for source, article in by_source.items()}
    views, members = _entries(data, generator.articles, post_of)
    links = {(kind, key): EntryLink.of(entry) for kind, entries in views.items() for key, entry in entries.items()}
    for article in everything:
        article.cchc = _post_view(post_of.get(id(article)), article, links)
    _attach_neighbours(everything, generator.articles, members)

    generator.context.update(
        cchc_topics=list(views["linh-vuc"].values()),
        cchc_units=list(views["bo-phan"].values()),
        cchc_channels=list(views["kenh"].values()),
        cchc_years=sorted(views["nam"].values(), key=lambda entry: entry.id, reverse=True),
        cchc_members=members,
        cchc_tag_slugs=frozenset(tag.slug for tag in generator.tags),  # tags with a listing page
        cchc=SiteContent(data, as_of_day(settings["CCHC_AS_OF"], local), tuple(posts), urls,
                         bool(settings["CCHC_STRICT"])),
    )


def _memberships(post: Post | None, article) -> list[tuple[str, str]]:
    """The listings (kind, id) an article belongs to."""
    moment = post.date if post and post.date else article.date
    keys = [("nam", str(moment.year)), ("quy", quarter_of(moment))]
    if post:
        keys += [("bo-phan", post.unit)] if post.unit else []
        keys += [("linh-vuc", topic) for topic in post.topics]
        keys += [("kenh", channel) for channel in post.channels]
    return keys


def _entries(data: Data, articles, post_of: dict[int, Post | None]):
    """Entry views per listing kind (registry order, with counts) and each listing's articles."""
    views: dict[str, dict[str, EntryView]] = {
        "linh-vuc": {e.id: EntryView(e.id, e.name, f"linh-vuc/{e.id}/") for e in data.registries.topics.entries},
        "bo-phan": {e.id: EntryView(e.id, e.name, f"bo-phan/{e.id}/") for e in data.registries.units.entries},
        "kenh": {e.id: EntryView(e.id, e.name, f"kenh/{e.id}/") for e in data.registries.channels.entries},
        "nam": {},
        "quy": {},
    }
    members: dict[tuple[str, str], list] = defaultdict(list)
    for article in articles:  # newest first, as Pelican sorts them
        for kind, key in _memberships(post_of.get(id(article)), article):
            members[(kind, key)].append(article)
    for kind, key in members:
        if kind == "nam":
            views["nam"][key] = EntryView(key, f"Năm {key}", f"nam/{key}/")
        elif kind == "quy":
            year, number = key.split("-Q")
            views["quy"][key] = EntryView(key, text.quarter_label(key), f"nam/{year}/quy-{number}/")
    for (kind, key), listed in members.items():
        if key in views[kind]:
            views[kind][key].count = len(listed)
    for key, quarter in sorted(views["quy"].items()):
        views["nam"][key[:4]].quarters.append(quarter)
    return views, dict(members)


def _post_view(post: Post | None, article, links: dict[tuple[str, str], EntryLink]) -> PostView:
    moment = post.date if post and post.date else article.date
    quarter_key = quarter_of(moment)
    return PostView(
        unit=links.get(("bo-phan", post.unit)) if post and post.unit else None,
        topics=[links[("linh-vuc", key)] for key in post.topics] if post else [],
        channels=[links[("kenh", key)] for key in post.channels] if post else [],
        quarter=links.get(("quy", quarter_key)) or EntryLink(quarter_key, text.quarter_label(quarter_key), ""),
        year=links.get(("nam", str(moment.year))) or EntryLink(str(moment.year), f"Năm {moment.year}", ""),
        image=_image_view(article),
        post=post,
    )


def _attach_neighbours(everything, articles, members, related_count: int = 4):
    """Newer/older post by date and up to four related posts sharing an area, newest first.

    Each area's list is already newest first, so the first few of each are enough: this stays
    linear in the number of posts."""
    for article in everything:
        article.newer = article.older = None
        article.related = []
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index > 0 else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None
        candidates = {
            id(other): other
            for topic in article.cchc.topics
            for other in members.get(("linh-vuc", topic.id), [])[: related_count + 1]
            if other is not article
        }
        article.related = sorted(candidates.values(), key=lambda other: other.date, reverse=True)[:related_count]


# ---------------------------------------------------------------------------
# Collisions


def check_collisions(generators):
    """Two contents that would write the same file are an error naming both source files."""
    outputs = [
        (relative_source(content.source_path, generator.settings["PATH"]), content.save_as)
        for generator in generators
        for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                     "drafts_translations", "pages", "hidden_pages", "draft_pages")
        for content in getattr(generator, name, [])
        if content.save_as
    ]
    problems = collisions(outputs)
    if problems:
        raise ContentError(problems)


# ---------------------------------------------------------------------------
# Listings and the stylesheet


@dataclass
class Listing:
    """One listing page (area, unit, channel, year, quarter or tag) and its posts."""

    kind: str
    id: str
    title: str
    url: str
    articles: list = field(metadata={"fingerprint": False})  # the template gets them paginated
    description: str = ""
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def heading(self) -> str:
        """`Lĩnh vực: Cải cách thể chế`; years and quarters name themselves (`Quý I/2024`)."""
        return self.title if self.kind in ("nam", "quy") else f"{self.kind_label}: {self.title}"


def listings(context, tags) -> list[Listing]:
    """Every listing of the site, from the entries built by build_views."""
    members = context["cchc_members"]
    home = ("Trang chủ", "")
    archive = ("Lưu trữ", "luu-tru/")
    result = []
    for kind, entries, describe in (
        ("linh-vuc", context["cchc_topics"], "Tin/bài thuộc lĩnh vực {}."),
        ("bo-phan", context["cchc_units"], "Tin/bài do {} viết."),
        ("kenh", context["cchc_channels"], "Tin/bài đăng trên kênh {}."),
    ):
        for entry in entries:
            result.append(Listing(kind, entry.id, entry.name, entry.url, members.get((kind, entry.id), []),
                                  describe.format(entry.name), [home]))
    for year in context["cchc_years"]:
        result.append(Listing("nam", year.id, year.name, year.url, members[("nam", year.id)],
                              f"Tin/bài cải cách hành chính đăng trong năm {year.id}.", [home, archive]))
        for quarter in year.quarters:
            result.append(Listing("quy", quarter.id, quarter.name, quarter.url, members[("quy", quarter.id)],
                                  f"Tin/bài cải cách hành chính đăng trong {quarter.name}.",
                                  [home, archive, (year.name, year.url)]))
    for tag, articles in sorted(tags.items(), key=lambda item: text.fold(item[0].name)):
        result.append(Listing("the", tag.slug, tag.name, tag.url, articles,
                              f"Tin/bài gắn thẻ “{tag.name}”.", [home, ("Thẻ", "the/")]))
    return result


def bundle_css(theme: Path) -> str:
    """base.css followed by every component's CSS, in component-name order."""
    files = [theme / "static" / "css" / "base.css", *sorted((theme / "templates" / "components").glob("*/*.css"))]
    parts = [f"/* {path.relative_to(theme).as_posix()} */\n{path.read_text(encoding='utf-8')}" for path in files
             if path.is_file()]
    return "\n".join(parts)


class ListingsGenerator(Generator):
    """Writes every listing page (paginated) and the theme's single stylesheet."""

    def generate_output(self, writer):
        tags = dict(self.context.get("tags", []))
        template = self.get_template("listing")
        for listing in listings(self.context, tags):
            writer.write_file(
                listing.url + "index.html", template, self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": listing.articles, "dates": listing.articles},
                template_name="listing", url=listing.url, page_name=listing.url + "index",
                listing=listing,
            )
        css = Path(self.output_path) / "theme" / "css" / "site.css"
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_text(bundle_css(Path(self.theme)), encoding="utf-8")


def write_sitemap(pelican):
    """sitemap.xml and robots.txt listing every public page, when the site has an absolute URL."""
    site_url = pelican.settings.get("SITEURL", "")
    if not site_url.startswith(("http://", "https://")):
        return
    output = Path(pelican.output_path)
    pages = sorted(
        path.relative_to(output).as_posix()
        for path in output.rglob("*.html")
        if path.name != "404.html" and not path.relative_to(output).as_posix().startswith("ban-nhap/")
    )
    (output / "sitemap.xml").write_text(sitemap_xml(site_url, pages), encoding="utf-8")
    (output / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {site_url}/sitemap.xml\n",
                                       encoding="utf-8")


def add_generator(pelican):
    """Add the listings generator."""
    return ListingsGenerator


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(prefetch_posts)
    signals.article_generator_init.connect(skip_unwritten_listings)
    signals.get_writer.connect(parallel.get_writer)
    signals.all_generators_finalized.connect(parallel.add_flush)
    signals.article_generator_finalized.connect(build_views)
    signals.all_generators_finalized.connect(check_collisions)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(write_sitemap)
