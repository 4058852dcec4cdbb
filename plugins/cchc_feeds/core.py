"""Feeds (Atom, RSS 2.0 and the radio podcast) built with feedgen from plain post values.

Pure core: no Pelican, no files, no clock. The glue passes in the site's absolute
address, the registries and one FeedPost per published post (dates aware, links
absolute, audio sizes measured); it gets back the list of feeds with their posts and,
for each form of each, its bytes (`serialise`): what feedgen makes of the whole feed
(`feed_generator`), with each post's entry serialised once however many feeds hold it.
Which feeds exist, where they live and what they are called are tables below.

Entry ids are tag URIs (RFC 4151) made from the site's host, a fixed date and the
post's source path without its extension, e.g.
``tag:cchc.hoamai.example,2024:tin-bai/2026/doi-thoai``: editing a post's title, text,
summary or date keeps its id (and a reader does not show it as new); renaming or
moving the file gives it a new one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from cchc_content.core import Registries
from cchc_content.text import nfc, quarter_label

LANGUAGE = "vi"
FORMS = {"atom": ".atom.xml", "rss": ".rss.xml"}
MIME = {"atom": "application/atom+xml", "rss": "application/rss+xml"}

# Sound files the radio may publish, and the media type a podcast app is told.
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
}

# Every feed kind: where its files live (without the .atom.xml/.rss.xml ending), its
# title and its description. {name} is the entry's name, {ward} the ward's short name,
# {owner} the ward's full name.
KINDS = {
    "tat-ca": ("feeds/tat-ca", "Cải cách hành chính – {ward}",
               "Tất cả tin, bài tuyên truyền cải cách hành chính của {owner}."),
    "linh-vuc": ("feeds/linh-vuc/{id}", "Lĩnh vực {name} – {ward}",
                 "Tin, bài thuộc lĩnh vực {name}, chuyên mục cải cách hành chính của {owner}."),
    "bo-phan": ("feeds/bo-phan/{id}", "{name} – {ward}",
                "Tin, bài cải cách hành chính do {name} viết, {owner}."),
    "kenh": ("feeds/kenh/{id}", "Kênh {name} – {ward}",
             "Tin, bài cải cách hành chính của {owner} đăng trên kênh {name}."),
    "podcast": ("feeds/truyen-thanh-podcast", "Bản tin truyền thanh cải cách hành chính – {ward}",
                "Các bản tin cải cách hành chính phát trên hệ thống truyền thanh của {owner}, "
                "để nghe lại trên điện thoại hoặc máy tính."),
}
# What the feeds that follow no registry entry are called in lists.
FEED_NAMES = {"tat-ca": "Tất cả tin, bài", "podcast": "Bản tin truyền thanh (podcast)"}
# Channels whose feed has a purpose of its own, said in its description.
CHANNEL_DESCRIPTIONS = {
    "cap-tren": "Nguồn tin để Cổng/Trang thông tin điện tử cấp trên tự động lấy bài của {owner}: "
                "đầy đủ nội dung, ghi rõ bộ phận viết bài, lĩnh vực và quý.",
}


# ---------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class Site:
    """What every feed says about the site: absolute address, ids, names, contact."""

    base_url: str  # absolute, without a trailing slash
    tag_authority: str  # a host name the ward owns, e.g. cchc.hoamai.example
    tag_date: str  # a date the ward owned it: YYYY, YYYY-MM or YYYY-MM-DD
    ward_name: str
    ward_full_name: str
    email: str = ""

    def url(self, path: str) -> str:
        """The absolute URL of a path relative to the site root."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def tag(self, specific: str) -> str:
        """A tag URI for something of this site."""
        return tag_uri(self.tag_authority, self.tag_date, specific)


@dataclass(frozen=True)
class Category:
    """A category of an entry: machine term, label for people, scheme URL."""

    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class Audio:
    """A post's sound file, as a podcast enclosure."""

    url: str  # absolute
    length: int  # bytes
    type: str  # media type
    duration: int | None = None  # seconds


@dataclass(frozen=True)
class FeedPost:
    """One published post as the feeds see it. Dates are aware; URLs absolute."""

    source: str  # relative to the content folder, e.g. tin-bai/2026/x.md
    title: str
    url: str
    date: datetime
    summary: str  # plain text
    content: str  # sanitised HTML with absolute links
    unit: str | None = None
    topics: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()
    author: str = ""
    updated: datetime | None = None
    image: str | None = None  # absolute URL of the cover image
    image_width: int | None = None
    image_height: int | None = None
    audio: Audio | None = None


@dataclass(frozen=True)
class Feed:
    """One feed (in both forms): what it is, where it lives, and its posts, newest first."""

    kind: str  # a key of KINDS
    key: str | None  # the entry id for linh-vuc, bo-phan and kenh feeds
    name: str  # the entry's name, or FEED_NAMES
    title: str
    description: str
    path: str  # without the form's ending
    page: str  # the listing page the feed follows, relative to the site root
    posts: tuple[FeedPost, ...] = field(default=())
    image: str | None = None  # absolute URL of the podcast's cover

    def file(self, form: str) -> str:
        """The output path of one form: feeds/tat-ca.atom.xml."""
        return self.path + FORMS[form]

    @property
    def atom(self) -> str:
        return self.file("atom")

    @property
    def rss(self) -> str:
        return self.file("rss")

    @property
    def count(self) -> int:
        return len(self.posts)


# ---------------------------------------------------------------------------
# Small pure helpers


def tag_uri(authority: str, tag_date: str, specific: str) -> str:
    """`tag:cchc.hoamai.example,2024:tin-bai/2026/x` (RFC 4151), the specific part URI-escaped."""
    return f"tag:{authority.lower()},{tag_date}:{quote(nfc(specific), safe='/-._~')}"


def post_tag(site: Site, source: str) -> str:
    """A post's entry id: from its source path without the extension, so edits keep it."""
    return site.tag(str(PurePosixPath(source).with_suffix("")))


def audio_type(path: str) -> str | None:
    """The media type of a sound file from its ending, or None if the radio cannot publish it."""
    return AUDIO_TYPES.get(PurePosixPath(path).suffix.lower())


def duration_text(seconds: float) -> str:
    """`M:SS` or `H:MM:SS` for itunes:duration."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# Characters XML 1.0 cannot carry at all (lxml refuses them): drop them, keep the text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text in NFC without the control characters XML 1.0 forbids."""
    return _NOT_XML.sub("", nfc(text))


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, skipping script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of an HTML fragment (a summary), one line, entities decoded."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(unescape("".join(parser.parts)).split())


_URL_ATTRIBUTE = re.compile(r'(?P<name>\s(?:src|href|poster))="(?P<value>[^"]*)"', re.I)
_SRCSET = re.compile(r'(?P<name>\ssrcset)="(?P<value>[^"]*)"', re.I)


def absolute_links(html: str, page_url: str) -> str:
    """HTML whose src/href/poster/srcset URLs are absolute, resolved against the post's page.

    Feed readers show content away from the site, where a relative link leads nowhere.
    The HTML is the sanitiser's output, whose attributes are always double-quoted.
    """

    def one(match: re.Match) -> str:
        return f'{match["name"]}="{urljoin(page_url, match["value"].strip())}"'

    def candidates(match: re.Match) -> str:
        parts = []
        for candidate in match["value"].split(","):
            url, _, size = candidate.strip().partition(" ")
            parts.append(f"{urljoin(page_url, url)} {size}".strip() if url else "")
        return f'{match["name"]}="{", ".join(part for part in parts if part)}"'

    return _SRCSET.sub(candidates, _URL_ATTRIBUTE.sub(one, html))


def categories(site: Site, registries: Registries, unit: str | None, topics: Iterable[str],
               quarter: str | None) -> tuple[Category, ...]:
    """The unit, the areas and the quarter of a post as categories (what the portal files it under)."""
    result = []
    if unit:
        result.append(Category(unit, registries.units.get(unit).name, site.url("bo-phan/")))
    for topic in topics:
        result.append(Category(topic, registries.topics.get(topic).name, site.url("linh-vuc/")))
    if quarter:
        result.append(Category(quarter, quarter_label(quarter), site.url("luu-tru/")))
    return tuple(result)


# ---------------------------------------------------------------------------
# Which feeds there are, and which posts each carries

Member = Callable[[FeedPost, "str | None"], bool]
MEMBERSHIP: dict[str, Member] = {
    "tat-ca": lambda post, key: True,
    "linh-vuc": lambda post, key: key in post.topics,
    "bo-phan": lambda post, key: post.unit == key,
    "kenh": lambda post, key: key in post.channels,
    "podcast": lambda post, key: key in post.channels and post.audio is not None,
}
LISTING_PAGES = {"tat-ca": "", "linh-vuc": "linh-vuc/{id}/", "bo-phan": "bo-phan/{id}/", "kenh": "kenh/{id}/",
                 "podcast": "kenh/{id}/"}


def newest_first(posts: Iterable[FeedPost]) -> tuple[FeedPost, ...]:
    """Posts by date, newest first; the source path breaks ties so the order never wobbles."""
    return tuple(sorted(posts, key=lambda post: (post.date, post.source), reverse=True))


def plan_feeds(site: Site, registries: Registries, posts: Sequence[FeedPost], podcast_channel: str,
               podcast_image: str | None = None) -> list[Feed]:
    """Every feed of the site with its posts: all, each area, each unit, each channel, the podcast."""
    ordered = newest_first(posts)
    wanted: list[tuple[str, str | None, str]] = [("tat-ca", None, FEED_NAMES["tat-ca"])]
    wanted += [("linh-vuc", entry.id, entry.name) for entry in registries.topics.entries]
    wanted += [("bo-phan", entry.id, entry.name) for entry in registries.units.entries]
    wanted += [("kenh", entry.id, entry.name) for entry in registries.channels.entries]
    if podcast_channel in registries.channels.ids:
        wanted.append(("podcast", podcast_channel, FEED_NAMES["podcast"]))
    feeds = []
    for kind, key, name in wanted:
        path, title, description = KINDS[kind]
        values = {"id": key, "name": name, "ward": site.ward_name, "owner": site.ward_full_name}
        if kind == "kenh" and key in CHANNEL_DESCRIPTIONS:
            description = CHANNEL_DESCRIPTIONS[key]
        title = title.format(**values)
        feeds.append(Feed(
            kind=kind, key=key, name=name, title=title, description=description.format(**values),
            path=path.format(**values), page=LISTING_PAGES[kind].format(**values),
            posts=tuple(post for post in ordered if MEMBERSHIP[kind](post, key)),
            image=podcast_image if kind == "podcast" else None,
        ))
    return feeds


# ---------------------------------------------------------------------------
# The feedgen feed


def feed_generator(site: Site, feed: Feed, form: str, fallback_updated: datetime,
                   entries: dict | None = None) -> FeedGenerator:
    """A feedgen FeedGenerator for one form ("atom" or "rss") of a feed.

    Everything feedgen would otherwise take from the clock (updated, lastBuildDate)
    is set from the posts, so the same content gives the same bytes. fallback_updated
    dates an empty feed. `entries` is where the posts' feedgen entries are kept between
    calls (see `_entry`); pass the same dict to every feed of one build.
    """
    generator = _head(site, feed, form, fallback_updated)
    entries = {} if entries is None else entries
    for post in feed.posts:
        generator.add_entry(_entry(entries, site, post, podcast=feed.kind == "podcast"), order="append")
    return generator


def _head(site: Site, feed: Feed, form: str, fallback_updated: datetime) -> FeedGenerator:
    """The feed's generator with everything but its entries."""
    generator = FeedGenerator()
    generator.load_extension("media")
    if feed.kind == "podcast":
        generator.load_extension("podcast")
    generator.id(site.tag(feed.path))
    generator.title(xml_text(feed.title))
    generator.subtitle(xml_text(feed.description))
    generator.author({"name": site.ward_full_name, **({"email": site.email} if site.email else {})})
    # RSS takes the last link as <link>: the self link first, the page it follows last.
    generator.link(href=site.url(feed.file(form)), rel="self", type=MIME[form])
    generator.link(href=site.url(feed.page), rel="alternate", type="text/html")
    generator.language(LANGUAGE)
    generator.generator("feedgen (cchc_feeds)")
    updated = max((post.updated or post.date for post in feed.posts), default=fallback_updated)
    generator.updated(updated)
    if feed.image:
        generator.logo(feed.image)
    if feed.kind == "podcast":
        _podcast(generator, site, feed)
    return generator


def _podcast(generator: FeedGenerator, site: Site, feed: Feed) -> None:
    podcast = generator.podcast
    podcast.itunes_author(site.ward_full_name)
    if site.email:  # feedgen wants both or neither
        podcast.itunes_owner(name=site.ward_full_name, email=site.email)
    podcast.itunes_summary(xml_text(feed.description))
    podcast.itunes_category("Government")
    podcast.itunes_explicit("no")
    podcast.itunes_type("episodic")
    if feed.image and feed.image.lower().endswith((".jpg", ".png")):
        podcast.itunes_image(feed.image)


# Where a form's entries stand in its document: how many lines open it before them (the root's
# start tag, and RSS's <channel>), and what closes it after them.
_ENTRY_PLACE = {"atom": (1, b"</feed>"), "rss": (2, b"  </channel>")}


class _Entry(FeedEntry):
    """A feedgen entry serialised once per form, however many feeds it is in (a post is in four
    to six): `serialised` gives its bytes as they stand in a feed, for `serialise` to put in place.

    It also puts back what feedgen 1.0 leaves out of an Atom entry's links: rel, type and length
    (a shadowed variable), without which an enclosure becomes a second alternate link. Set every
    value before the first feed is made.
    """

    def __init__(self) -> None:
        super().__init__()
        self._bytes: dict[tuple, bytes] = {}

    def atom_entry(self, extensions=True):
        element = super().atom_entry(extensions)
        for link, data in zip(element.findall("link"), self.link() or [], strict=True):
            for key in ("rel", "type", "hreflang", "title", "length"):
                if data.get(key):
                    link.set(key, data[key])
        return element

    def serialised(self, form: str, namespaces: tuple[tuple[str, str], ...]) -> bytes:
        """The entry, indented, as feedgen's serialisation of a feed of this form whose root declares
        these (prefixed) namespaces holds it: the same element in a root of its own, cut out."""
        key = form, namespaces
        if key not in self._bytes:
            root = etree.Element("feed" if form == "atom" else "rss", nsmap=dict(namespaces))
            parent = root if form == "atom" else etree.SubElement(root, "channel")
            parent.append(self.atom_entry() if form == "atom" else self.rss_entry())
            data = etree.tostring(root, encoding="UTF-8", pretty_print=True)
            opening, closing = _ENTRY_PLACE[form]
            start = 0
            for _line in range(opening):
                start = data.index(b"\n", start) + 1
            self._bytes[key] = data[start:data.rindex(closing)]
        return self._bytes[key]


def _entry(entries: dict, site: Site, post: FeedPost, podcast: bool) -> _Entry:
    """The post's entry: made the first time a feed asks for it and kept in `entries`, since a
    post is the same entry in every feed it is in (the podcast's adds the episode's values, so
    it is kept apart)."""
    # Keyed by source, whose hash a string keeps, rather than by the whole post.
    kept = entries.get((post.source, podcast))
    if kept and (kept[0] is site or kept[0] == site) and (kept[1] is post or kept[1] == post):
        if kept[0] is not site or kept[1] is not post:  # the next feed of this build finds them the same
            entries[post.source, podcast] = (site, post, kept[2])
        return kept[2]
    entry = _Entry()
    for extension in ("media", "podcast") if podcast else ("media",):  # as the feed's generator has them
        entry.load_extension(extension)
    entries[post.source, podcast] = (site, post, entry)
    entry.id(post_tag(site, post.source))
    entry.title(xml_text(post.title))
    entry.link(href=post.url, rel="alternate", type="text/html")
    entry.published(post.date)
    entry.updated(post.updated or post.date)
    entry.author({"name": xml_text(post.author or site.ward_full_name),
                  **({"email": site.email} if site.email else {})})
    if post.summary:
        entry.summary(xml_text(post.summary))
    entry.content(xml_text(post.content), type="html")
    for category in post.categories:
        entry.category(term=category.term, label=xml_text(category.label), scheme=category.scheme)
    if post.image:
        size = {"width": str(post.image_width), "height": str(post.image_height)} if post.image_width else {}
        entry.media.thumbnail(url=post.image, group=None, **size)
    if post.audio:
        entry.enclosure(post.audio.url, str(post.audio.length), post.audio.type)
    if podcast:
        episode = entry.podcast
        episode.itunes_author(xml_text(post.author or site.ward_full_name))
        episode.itunes_explicit("no")
        if post.summary:
            episode.itunes_summary(xml_text(post.summary))
        if post.audio and post.audio.duration is not None:
            episode.itunes_duration(duration_text(post.audio.duration))
        # No per-episode itunes:image: covers are 16:10 and podcast apps want square art,
        # so every episode shows the podcast's cover; the cover stays as media:thumbnail.
    return entry


def serialise(site: Site, feed: Feed, form: str, fallback_updated: datetime, entries: dict | None = None) -> bytes:
    """The bytes of one form of a feed (UTF-8 XML, indented so a person can read it), as feedgen
    serialises `feed_generator`'s: its bytes for the feed without entries, with each entry's own
    bytes put in, made once per form (_Entry.serialised). `entries` as for `feed_generator`."""
    generator = _head(site, feed, form, fallback_updated)
    head = generator.atom_str(pretty=True) if form == "atom" else generator.rss_str(pretty=True)
    namespaces = tuple(sorted((prefix, uri) for prefix, uri in etree.fromstring(head).nsmap.items() if prefix))
    entries = {} if entries is None else entries
    end = head.rindex(_ENTRY_PLACE[form][1])
    podcast = feed.kind == "podcast"
    parts = [_entry(entries, site, post, podcast).serialised(form, namespaces) for post in feed.posts]
    return b"".join([head[:end], *parts, head[end:]])  # one copy of a feed of thousands of posts
