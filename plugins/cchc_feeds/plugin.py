"""Pelican glue for the feeds: collects the published posts from the context, measures
their sound files, writes every feed (Atom and RSS) and the "Theo dõi tin" page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, time
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import mutagen
from pelican import signals
from pelican.generators import Generator

from cchc_content.core import ContentError, Problem
from cchc_content.sources import relative_source, zone

from .core import (
    AUDIO_TYPES,
    Audio,
    Feed,
    FeedPost,
    Site,
    absolute_links,
    audio_type,
    categories,
    plain_text,
    plan_feeds,
    serialise,
)

log = logging.getLogger(__name__)

SETTING = "CCHC_FEEDS"
DEFAULTS = {
    # Feeds need absolute links; a preview build (SITEURL empty) links to `./run serve`.
    "DEV_SITEURL": "http://127.0.0.1:8000",
    # Entry ids: tag:<authority>,<date>:<source path>. Keep both when the site moves to
    # another address, so readers do not see every post again. None: SITEURL's host.
    "TAG_AUTHORITY": None,
    "TAG_DATE": "2024",
    "PODCAST_CHANNEL": "truyen-thanh",
    # Square JPEG/PNG, 1400-3000 px, in a folder published as it is (not images/, which
    # the images plugin publishes only as resized copies).
    "PODCAST_IMAGE": "audio/truyen-thanh-podcast.jpg",
    "PAGE_URL": "theo-doi/",
}


def configure(pelican):
    """Merge the plugin's defaults into its one setting, once."""
    pelican.settings[SETTING] = {**DEFAULTS, **pelican.settings.get(SETTING, {})}


@dataclass(frozen=True)
class FeedLink:
    """What a page shows of a feed: its names and files, not its posts nor their number (every
    page names the main feed: a page is made again on a rebuild only when what it reads
    changes; the feeds page gets the numbers apart)."""

    name: str
    title: str
    description: str
    atom: str
    rss: str

    @classmethod
    def of(cls, feed: Feed) -> FeedLink:
        return cls(feed.name, feed.title, feed.description, feed.atom, feed.rss)


@dataclass(frozen=True)
class FeedsView:
    """Every feed, grouped for templates (context["cchc_feeds"])."""

    main: FeedLink
    podcast: FeedLink | None
    areas: list[FeedLink]
    units: list[FeedLink]
    channels: list[FeedLink]
    by_page: dict[str, FeedLink]  # listing URL (linh-vuc/tthc/) -> the feed that follows it
    page_url: str  # the "Theo dõi tin" page
    base_url: str  # the absolute address the feeds use

    def url(self, path: str) -> str:
        """The full address of a feed file, for people to copy."""
        return f"{self.base_url}/{path}"


def site_of(settings) -> Site:
    """The feeds' view of the site from the settings."""
    options = settings[SETTING]
    site_url = settings.get("SITEURL") or ""
    base = site_url if urlsplit(site_url).scheme in ("http", "https") else options["DEV_SITEURL"]
    authority = options["TAG_AUTHORITY"] or urlsplit(base).hostname or "localhost"
    return Site(base.rstrip("/"), authority, str(options["TAG_DATE"]), settings.get("WARD_NAME", ""),
                settings.get("WARD_FULL_NAME") or settings.get("SITENAME", ""), settings.get("WARD_EMAIL", ""))



def _audio(article, source: str, settings, site: Site, problems: list[Problem]) -> Audio | None:
    """The post's `Audio` file as an enclosure, or None with a problem an editor can fix."""
    value = str(getattr(article, "audio", "") or "").strip()
    if not value:
        return None
    path = value.removeprefix("{static}").lstrip("/")
    file = Path(settings["PATH"]) / path
    example = "đường dẫn tính từ thư mục content, ví dụ audio/2026/ban-tin.mp3"
    media_type = audio_type(path)
    static = {PurePosixPath(folder).parts[0] for folder in settings.get("STATIC_PATHS", [])}
    if media_type is None:
        problems.append(Problem(source, "Audio", "định dạng tệp âm thanh không phát được trên ứng dụng podcast",
                                value, ", ".join(AUDIO_TYPES)))
    elif PurePosixPath(path).parts[0] not in static:
        problems.append(Problem(source, "Audio", "tệp âm thanh phải nằm trong thư mục được đăng kèm trang",
                                value, f"một thư mục trong {', '.join(sorted(static))}, ví dụ audio/2026/ban-tin.mp3"))
    elif not file.is_file():
        problems.append(Problem(source, "Audio", "không tìm thấy tệp âm thanh", value, example))
    else:
        try:
            sound = mutagen.File(file)
        except mutagen.MutagenError:
            sound = None
        if sound is None or not getattr(sound.info, "length", 0):
            problems.append(Problem(source, "Audio", "không đọc được tệp âm thanh (tệp hỏng hoặc không phải âm thanh)",
                                    value, ", ".join(AUDIO_TYPES)))
            return None
        return Audio(site.url(quote(path)), file.stat().st_size, media_type, round(sound.info.length))
    return None


def _cover(article, site: Site) -> tuple[str | None, int | None, int | None]:
    """The cover picture's absolute URL and size: the images plugin's middle JPEG when it made
    one (originals are not published then), else the `Image` file itself."""
    cover = getattr(getattr(article, "cchc_images", None), "cover", None)
    if cover is not None:
        variant = cover.fallback
        return site.url(variant.path), variant.width, variant.height
    src = article.cchc.image.src if article.cchc.image else None
    if not src:
        return None, None, None
    return (src if "://" in src else site.url(src)), None, None


def feed_post(article, settings, site: Site, registries, local, problems: list[Problem]) -> FeedPost:
    """A published article as plain values (content is filled in when writing, once links resolve)."""
    view = article.cchc
    post = view.post
    source = relative_source(article.source_path, settings["PATH"])
    unit = post.unit if post else None
    topics = post.topics if post else ()
    modified = getattr(article, "modified", None)
    image, width, height = _cover(article, site)
    return FeedPost(
        source=source, title=article.title, url=site.url(article.url),
        date=(post.date if post and post.date else article.date).astimezone(local),
        summary=plain_text(article.summary or ""), content="",
        unit=unit, topics=topics, channels=post.channels if post else (),
        categories=categories(site, registries, unit, topics, view.quarter.id if view.quarter else None),
        author=view.unit.name if view.unit else "",
        updated=modified.astimezone(local) if modified else None,
        image=image, image_width=width, image_height=height,
        audio=_audio(article, source, settings, site, problems),
    )


# The posts' feedgen entries, with their bytes once serialised (see core.serialise), by (source,
# podcast), and their HTML with absolute links, by source: (HTML, page URL, absolute HTML). Both
# last as long as this process; in the preview server's, a post that did not change is not worked
# on again.
_ENTRIES: dict = {}
_ABSOLUTE: dict[str, tuple[str, str, str]] = {}


class FeedsGenerator(Generator):
    """Writes every feed and the page that lists them."""

    def generate_context(self):
        settings = self.settings
        options = settings[SETTING]
        self.site = site_of(settings)
        self.local = zone(settings["TIMEZONE"])
        content = self.context["cchc"]
        problems: list[Problem] = []
        self.by_source = {}
        self._filled: dict[str, FeedPost] = {}  # source -> the post with its content
        posts = []
        for article in self.context["articles"]:
            post = feed_post(article, settings, self.site, content.data.registries, self.local, problems)
            self.by_source[post.source] = article
            posts.append(post)
        if problems and settings["CCHC_STRICT"]:
            raise ContentError(problems)
        for problem in problems:
            log.warning("Bài %s: tệp âm thanh không được đăng kèm tin: %s", problem.file, problem)
        image = options["PODCAST_IMAGE"]
        image_url = self.site.url(image) if image and (Path(settings["PATH"]) / image).is_file() else None
        # Entries are kept from one build to the next in a long-lived process (the preview
        # server's): an entry is reused only for an equal post, and those of removed posts go.
        for key in [key for key in _ENTRIES if key[0] not in self.by_source]:
            del _ENTRIES[key]
        for key in [key for key in _ABSOLUTE if key not in self.by_source]:
            del _ABSOLUTE[key]
        self.feeds = plan_feeds(self.site, content.data.registries, posts, options["PODCAST_CHANNEL"], image_url)
        newest = max((post.date for post in posts), default=None)
        self.fallback_updated = newest or datetime.combine(content.as_of, time(), self.local)
        by_kind = {kind: [feed for feed in self.feeds if feed.kind == kind]
                   for kind in ("tat-ca", "linh-vuc", "bo-phan", "kenh", "podcast")}
        links = {kind: [FeedLink.of(feed) for feed in feeds] for kind, feeds in by_kind.items()}
        self.context["cchc_feeds"] = FeedsView(
            main=links["tat-ca"][0],
            podcast=next(iter(links["podcast"]), None),
            areas=links["linh-vuc"], units=links["bo-phan"], channels=links["kenh"],
            by_page={feed.page: FeedLink.of(feed)
                     for kind in ("linh-vuc", "bo-phan", "kenh") for feed in by_kind[kind]},
            page_url=options["PAGE_URL"], base_url=self.site.base_url,
        )

    def filled(self, post: FeedPost) -> FeedPost:
        """The post with its HTML, links made absolute (only at output time are {static} links
        resolvable): one object per post, so each feed it is in finds its feedgen entry kept."""
        if post.source not in self._filled:
            article = self.by_source[post.source]
            html, page = article.get_content(self.site.base_url), self.site.url(article.url)
            kept = _ABSOLUTE.get(post.source)
            if kept is None or kept[:2] != (html, page):
                kept = _ABSOLUTE[post.source] = (html, page, absolute_links(html, page))
            self._filled[post.source] = replace(post, content=kept[2])
        return self._filled[post.source]

    def write_feed(self, feed, form: str) -> None:
        path = Path(self.output_path) / feed.file(form)
        path.parent.mkdir(parents=True, exist_ok=True)
        feed = replace(feed, posts=tuple(self.filled(post) for post in feed.posts))
        # Entries are made on first use in the process that writes (a forked worker in a full
        # build; this one in a rebuild that makes few files, where they last to the next build).
        path.write_bytes(serialise(self.site, feed, form, self.fallback_updated, _ENTRIES))

    def generate_output(self, writer):
        for feed in self.feeds:
            for form in ("atom", "rss"):
                articles = [self.by_source[post.source] for post in feed.posts]
                writer.queue(feed.file(form), (feed, form, self.site, self.fallback_updated, articles),
                             self.write_feed, feed, form)
        page_url = self.settings[SETTING]["PAGE_URL"]
        writer.write_file(page_url + "index.html", self.get_template("feeds"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name=page_url + "index",
                          feed_counts={feed.rss: feed.count for feed in self.feeds})


def add_generator(pelican):
    """Add the feeds generator."""
    return FeedsGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
