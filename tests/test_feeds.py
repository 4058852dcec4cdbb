"""The feeds (cchc_feeds): every feed parses, links are absolute, ids are stable, each feed
holds exactly its posts, markup stays text, and the radio podcast is playable."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import mutagen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_feeds.core import (
    Audio,
    Category,
    Feed,
    FeedPost,
    Site,
    absolute_links,
    duration_text,
    feed_generator,
    plain_text,
    serialise,
    tag_uri,
)
from conftest import CORPUS, ROOT, build_site

SITE = "https://cchc.hoamai.example"
TAG = "tag:cchc.hoamai.example,2024:"
LOCAL = timezone(timedelta(hours=7))


# --- helpers ------------------------------------------------------------------------------


def _parse_all(output: Path) -> dict[str, feedparser.FeedParserDict]:
    """Every feed file under feeds/, parsed, by its path relative to the output folder."""
    return {path.relative_to(output).as_posix(): feedparser.parse(path.read_bytes())
            for path in sorted((output / "feeds").rglob("*.xml"))}


def _header(source: str, content: Path = ROOT / "content") -> dict[str, str]:
    """A post's header lines, read directly from its file (independently of the plugins)."""
    values = {}
    for line in (content / source).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        values[key.strip().lower()] = value.strip()
    return values


@pytest.fixture(scope="module")
def feeds(sample_site):
    return _parse_all(sample_site.output)


@pytest.fixture(scope="module")
def published(sample_site) -> list[dict]:
    """The posts a resident sees: the tally's counted posts (published or hidden, dated up to
    the as-of day, valid) less the hidden ones, which no listing or feed shows."""
    posts = []
    for path in sorted((sample_site.output / "thong-ke").glob("*.json")):
        posts += json.loads(path.read_text(encoding="utf-8"))["posts"]
    return [post for post in posts if _header(post["source"]).get("status", "published") != "hidden"]


@pytest.fixture(scope="module")
def registry_ids(sample_site) -> dict[str, list[str]]:
    totals = sample_site.json("thong-ke/2026.json")["totals"]
    return {"linh-vuc": list(totals["by_topic"]), "bo-phan": list(totals["by_unit"]),
            "kenh": list(totals["by_channel"])}


def _expected(published, registry_ids) -> dict[str, set[str]]:
    """Feed path (without the form's ending) -> the URLs of the posts that belong in it."""
    def urls(keep):
        return {f"{SITE}/{post['url']}" for post in published if keep(post)}

    expected = {"feeds/tat-ca": urls(lambda post: True)}
    for topic in registry_ids["linh-vuc"]:
        expected[f"feeds/linh-vuc/{topic}"] = urls(lambda post, topic=topic: topic in post["topics"])
    for unit in registry_ids["bo-phan"]:
        expected[f"feeds/bo-phan/{unit}"] = urls(lambda post, unit=unit: post["unit"] == unit)
    for channel in registry_ids["kenh"]:
        expected[f"feeds/kenh/{channel}"] = urls(lambda post, channel=channel: channel in post["channels"])
    expected["feeds/truyen-thanh-podcast"] = urls(
        lambda post: "truyen-thanh" in post["channels"] and "audio" in _header(post["source"]))
    return expected


# --- the sample site's feeds ----------------------------------------------------------------


def test_every_feed_is_written_in_both_forms(sample_site, published, registry_ids):
    expected = _expected(published, registry_ids)
    written = {path.relative_to(sample_site.output).as_posix()
               for path in (sample_site.output / "feeds").rglob("*.xml")}
    assert written == {base + ending for base in expected for ending in (".atom.xml", ".rss.xml")}
    assert len(written) == 2 * (1 + 7 + 5 + 4 + 1)


def test_every_feed_parses_cleanly_as_a_vietnamese_feed(feeds):
    for name, feed in feeds.items():
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version in ("atom10", "rss20"), name
        assert feed.feed.language == "vi", name
        assert "Phường Hoa Mai" in feed.feed.title, name
        assert feed.feed.link.startswith(SITE + "/"), name


def test_every_entry_has_an_absolute_https_link_a_unique_id_and_a_date(feeds):
    for name, feed in feeds.items():
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids)), name
        for entry in feed.entries:
            assert entry.link.startswith(SITE + "/tin-bai/"), (name, entry.link)
            assert entry.id.startswith(TAG + "tin-bai/"), (name, entry.id)
            assert entry.published_parsed is not None, (name, entry.link)


def test_dates_carry_the_vietnam_offset(sample_site):
    for path in (sample_site.output / "feeds").rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        iso = re.findall(r"<(?:published|updated)>([^<]+)<", text)
        rfc = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]+)<", text)
        assert iso or rfc, path
        assert all(value.endswith("+07:00") for value in iso), path
        assert all(value.endswith("+0700") for value in rfc), path


def test_a_post_has_the_same_id_in_every_feed(feeds):
    ids: dict[str, set[str]] = {}
    for feed in feeds.values():
        for entry in feed.entries:
            ids.setdefault(entry.link, set()).add(entry.id)
    assert ids and all(len(found) == 1 for found in ids.values())
    assert len({next(iter(found)) for found in ids.values()}) == len(ids)


def test_each_feed_holds_exactly_the_posts_that_belong_in_it_newest_first(feeds, published, registry_ids):
    for base, urls in _expected(published, registry_ids).items():
        for ending in (".atom.xml", ".rss.xml"):
            feed = feeds[base + ending]
            links = [entry.link for entry in feed.entries]
            assert len(links) == len(urls), base + ending
            assert set(links) == urls, base + ending
            dates = [entry.published_parsed for entry in feed.entries]
            assert dates == sorted(dates, reverse=True), base + ending
    assert len(feeds["feeds/tat-ca.atom.xml"].entries) == len(published) > 60


def test_titles_and_summaries_are_vietnamese_text_intact(feeds, published):
    titles = {f"{SITE}/{post['url']}": post["title"] for post in published}
    for name, feed in feeds.items():
        for entry in feed.entries:
            assert unicodedata.is_normalized("NFC", entry.title)
            assert entry.title == titles[entry.link], name
            assert unicodedata.is_normalized("NFC", entry.summary)
    entry = next(e for e in feeds["feeds/tat-ca.atom.xml"].entries if "doi-thoai" in e.link and "2026" in e.link)
    assert entry.summary.startswith("Sáng 16/6/2026, Chủ tịch UBND phường Hoa Mai đối thoại")


def test_the_portal_feed_carries_full_html_the_unit_the_areas_and_the_quarter(feeds, published):
    by_url = {f"{SITE}/{post['url']}": post for post in published}
    for form in ("atom", "rss"):
        feed = feeds[f"feeds/kenh/cap-tren.{form}.xml"]
        assert feed.entries
        for entry in feed.entries:
            post = by_url[entry.link]
            html = entry.content[0]
            assert html.type == "text/html" and "<p>" in html.value
            assert len(html.value) > 2 * len(entry.summary)
            labels = {tag.label or tag.term for tag in entry.tags}
            if form == "atom":
                terms = {tag.term for tag in entry.tags}
                assert terms == {post["unit"], *post["topics"], post["quarter"]}
            quarter = "Quý " + ("I", "II", "III", "IV")[int(post["quarter"][-1]) - 1] + "/" + post["quarter"][:4]
            assert quarter in labels


def test_cover_images_are_media_thumbnails_that_are_published(sample_site, feeds, published):
    images = {f"{SITE}/{post['url']}": _header(post["source"]).get("image") for post in published}
    for name in ("feeds/tat-ca.rss.xml", "feeds/tat-ca.atom.xml"):
        entries = feeds[name].entries
        thumbnails = {entry.link: entry.media_thumbnail[0] for entry in entries if "media_thumbnail" in entry}
        assert thumbnails.keys() == {url for url, image in images.items() if image}, name
        assert len(thumbnails) >= 5
        for link, thumbnail in thumbnails.items():
            # The image's own file, or the resized copy the images plugin publishes instead.
            stem = images[link].removesuffix(".jpg")
            assert thumbnail["url"].startswith(f"{SITE}/{stem}") and thumbnail["url"].endswith(".jpg"), thumbnail
            assert (sample_site.output / thumbnail["url"].removeprefix(SITE + "/")).is_file(), thumbnail


def test_post_content_links_are_absolute(feeds):
    for entry in feeds["feeds/tat-ca.atom.xml"].entries:
        html = entry.content[0].value
        urls = re.findall(r'(?:src|href)="([^"]+)"', html)
        urls += [candidate.split()[0] for srcset in re.findall(r'srcset="([^"]+)"', html)
                 for candidate in srcset.split(",")]
        for url in urls:
            assert url.startswith(("https://", "mailto:", "tel:")), (entry.link, url)
    chart = [e for e in feeds["feeds/tat-ca.atom.xml"].entries if "bieu-do-ho-so-truc-tuyen" in e.content[0].value]
    assert chart and f'src="{SITE}/images/2026/bieu-do-ho-so-truc-tuyen' in chart[0].content[0].value


def test_the_podcast_has_playable_enclosures_with_true_lengths_and_types(sample_site, feeds):
    podcast = feeds["feeds/truyen-thanh-podcast.rss.xml"]
    assert podcast.feed.language == "vi"
    assert podcast.feed.image.href == f"{SITE}/audio/truyen-thanh-podcast.jpg"
    assert (sample_site.output / "audio/truyen-thanh-podcast.jpg").is_file()
    assert podcast.namespaces.get("itunes") == "http://www.itunes.com/dtds/podcast-1.0.dtd"
    assert len(podcast.entries) == 2
    for entry in podcast.entries:
        [enclosure] = entry.enclosures
        assert enclosure.href.startswith(f"{SITE}/audio/2026/") and enclosure.href.endswith(".mp3")
        assert enclosure.type == "audio/mpeg"
        relative = enclosure.href.removeprefix(SITE + "/")
        source = ROOT / "content" / relative
        assert int(enclosure.length) == source.stat().st_size == (sample_site.output / relative).stat().st_size
        minutes, seconds = entry.itunes_duration.split(":")
        assert int(minutes) * 60 + int(seconds) == round(mutagen.File(source).info.length) > 5
    atom = feeds["feeds/truyen-thanh-podcast.atom.xml"]
    for entry in atom.entries:
        [enclosure] = [link for link in entry.links if link.rel == "enclosure"]
        assert enclosure.type == "audio/mpeg" and int(enclosure.length) > 10_000


def test_pages_announce_their_feeds(sample_site):
    def alternates(page):
        return set(re.findall(r'<link rel="alternate" type="application/(?:rss|atom)\+xml" href="([^"]+)"',
                              sample_site.text(page)))

    main = {f"{SITE}/feeds/tat-ca.rss.xml", f"{SITE}/feeds/tat-ca.atom.xml"}
    assert alternates("index.html") == main
    assert alternates("thong-ke/2026/index.html") == main
    assert alternates("linh-vuc/tthc/index.html") == main | {f"{SITE}/feeds/linh-vuc/tthc.rss.xml",
                                                             f"{SITE}/feeds/linh-vuc/tthc.atom.xml"}
    assert f"{SITE}/feeds/bo-phan/cong-an.atom.xml" in alternates("bo-phan/cong-an/index.html")
    assert f"{SITE}/feeds/kenh/cap-tren.rss.xml" in alternates("kenh/cap-tren/index.html")
    assert f'href="{SITE}/theo-doi/"' in sample_site.text("index.html")
    assert f'href="{SITE}/theo-doi/">Theo dõi tin</a>' in sample_site.text("gioi-thieu/index.html")


def test_the_follow_page_lists_every_feed_and_explains_rss_and_the_podcast(sample_site):
    html = sample_site.text("theo-doi/index.html")
    linked = set(re.findall(rf'href="{re.escape(SITE)}/(feeds/[^"]+)"', html))
    written = {path.relative_to(sample_site.output).as_posix()
               for path in (sample_site.output / "feeds").rglob("*.xml")}
    assert linked == written
    for words in ("RSS là gì?", "ứng dụng đọc tin", "podcast", "Nghe lại bản tin truyền thanh",
                  f"{SITE}/feeds/truyen-thanh-podcast.rss.xml", f"{SITE}/feeds/tat-ca.rss.xml"):
        assert words in html, words
    assert f"{SITE}/theo-doi/" in sample_site.text("sitemap.xml")


def test_a_preview_build_links_its_feeds_to_the_local_server(preview_site):
    feed = feedparser.parse((preview_site.output / "feeds/tat-ca.atom.xml").read_bytes())
    assert not feed.bozo
    assert all(entry.link.startswith("http://127.0.0.1:8000/tin-bai/") for entry in feed.entries)
    assert 'href="/feeds/tat-ca.rss.xml"' in preview_site.text("index.html")


# --- small sites built for one case -----------------------------------------------------------


def _write_post(folder: Path, name: str, header: str, body: str = "Nội dung bài viết.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{header.strip()}\n\n{body}\n", encoding="utf-8")
    return path


def _publish(content: Path, output: Path):
    return build_site(content, output, "publishconf.py", env={"CCHC_SITEURL": "https://x.example"},
                      CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-12-31")


TRICKY_TITLE = 'Cảnh báo <script>alert("x")</script> & lừa đảo “mã QR” <b>giả</b>'


def test_markup_in_a_title_or_summary_is_text_in_every_feed(tmp_path):
    content = tmp_path / "content"
    _write_post(content / "tin-bai" / "2024", "canh-bao.md", f"""
Title: {TRICKY_TITLE}
Date: 2024-05-02 08:00
Unit: van-phong
Topic: tthc
Channel: website, cap-tren
Summary: Người dân <em>cảnh giác</em> & không quét mã lạ.
""")
    result = _publish(content, tmp_path / "out")
    assert result.returncode == 0, result.log
    feeds = _parse_all(result.output)
    for name in ("feeds/tat-ca.atom.xml", "feeds/tat-ca.rss.xml", "feeds/kenh/cap-tren.atom.xml"):
        raw = (result.output / name).read_text(encoding="utf-8")
        assert "<script" not in raw and "<b>" not in raw, name
        assert "&lt;script&gt;alert(" in raw, name
        [entry] = feeds[name].entries
        assert entry.title == TRICKY_TITLE, name  # shown as the characters typed, never run
        assert not feeds[name].bozo


def test_entry_ids_do_not_change_when_a_post_is_edited(tmp_path):
    content = tmp_path / "content"
    posts = content / "tin-bai" / "2024"
    header = "Date: 2024-03-05 09:00\nUnit: van-phong\nTopic: tthc\nChannel: website, truyen-thanh\n"
    first = _write_post(posts, "mot-cua.md", "Title: Bộ phận một cửa mở thêm quầy\n" + header
                        + "Summary: Tóm tắt cũ.", "Nội dung cũ.")
    _write_post(posts, "so-hoa.md", "Title: Số hóa hồ sơ hộ tịch\n" + header.replace("09:00", "10:00"))
    before = _parse_all(_publish(content, tmp_path / "before").output)

    edited_text = (first.read_text(encoding="utf-8")
                   .replace("Bộ phận một cửa mở thêm quầy", "Bộ phận một cửa mở thêm hai quầy")
                   .replace("Tóm tắt cũ.", "Tóm tắt đã sửa.")
                   .replace("Nội dung cũ.", "Nội dung đã sửa, thêm số liệu."))
    first.write_text(edited_text, encoding="utf-8")
    after_build = _publish(content, tmp_path / "after")
    assert after_build.returncode == 0, after_build.log
    after = _parse_all(after_build.output)

    assert before.keys() == after.keys()
    for name in before:
        assert [e.id for e in before[name].entries] == [e.id for e in after[name].entries], name
    old = {e.id: e for e in before["feeds/tat-ca.atom.xml"].entries}
    new = {e.id: e for e in after["feeds/tat-ca.atom.xml"].entries}
    edited = "tag:x.example,2024:tin-bai/2024/mot-cua"
    assert "Nội dung đã sửa" in new[edited].content[0].value and new[edited].summary == "Tóm tắt đã sửa."
    assert new[edited].link != old[edited].link  # the title gives the URL; the id stays


def test_a_missing_audio_file_stops_a_publish_build_naming_the_post(tmp_path):
    content = tmp_path / "content"
    _write_post(content / "tin-bai" / "2024", "ban-tin.md", """
Title: Bản tin tháng Năm
Date: 2024-05-02 08:00
Unit: van-phong
Topic: tthc
Channel: truyen-thanh
Audio: audio/2024/khong-co.mp3
""")
    result = _publish(content, tmp_path / "out")
    assert result.returncode != 0
    assert "tin-bai/2024/ban-tin.md" in result.log and "Audio" in result.log
    assert "không tìm thấy tệp âm thanh" in result.log

    preview = build_site(content, tmp_path / "preview", CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-12-31")
    assert preview.returncode == 0, preview.log
    assert "không tìm thấy tệp âm thanh" in preview.log
    podcast = feedparser.parse((preview.output / "feeds/truyen-thanh-podcast.rss.xml").read_bytes())
    assert not podcast.bozo and podcast.entries == []


def test_a_radio_post_with_its_sound_file_becomes_an_episode(tmp_path):
    content = tmp_path / "content"
    clip = next((ROOT / "content" / "audio").rglob("*.mp3"))
    (content / "audio" / "2024").mkdir(parents=True)
    shutil.copy(clip, content / "audio" / "2024" / "ban tin thang 5.mp3")  # a space in the name
    _write_post(content / "tin-bai" / "2024", "ban-tin.md", """
Title: Bản tin tháng Năm
Date: 2024-05-02 08:00
Unit: van-phong
Topic: tthc
Channel: website, truyen-thanh
Audio: audio/2024/ban tin thang 5.mp3
""")
    result = _publish(content, tmp_path / "out")
    assert result.returncode == 0, result.log
    [entry] = feedparser.parse((result.output / "feeds/truyen-thanh-podcast.rss.xml").read_bytes()).entries
    [enclosure] = entry.enclosures
    assert enclosure.href == "https://x.example/audio/2024/ban%20tin%20thang%205.mp3"
    assert int(enclosure.length) == clip.stat().st_size
    assert (result.output / "audio" / "2024" / "ban tin thang 5.mp3").is_file()


# --- the pure core ----------------------------------------------------------------------------


CORE_SITE = Site("https://x.example", "x.example", "2024", "Phường A", "Ủy ban nhân dân phường A", "a@x.example")


def _one_post_feed(title: str, summary: str = "Tóm tắt.", audio: Audio | None = None, kind: str = "tat-ca") -> Feed:
    post = FeedPost("tin-bai/2024/a.md", title, "https://x.example/tin-bai/2024/a.html",
                    datetime(2024, 1, 2, 9, 0, tzinfo=LOCAL), summary, "<p>Nội dung</p>", audio=audio)
    return Feed(kind, None, "Tất cả", "Tin – Phường A", "Mô tả", "feeds/tat-ca", "", (post,))


@pytest.mark.parametrize(("source", "uri"), [
    ("tin-bai/2024/a", "tag:x.example,2024:tin-bai/2024/a"),
    ("tin-bai/2024/bản tin", "tag:x.example,2024:tin-bai/2024/b%E1%BA%A3n%20tin"),
])
def test_tag_uris_are_made_of_uri_characters(source, uri):
    assert tag_uri("X.example", "2024", source) == uri


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (22.3, "0:22"), (59.6, "1:00"), (754, "12:34"),
                                               (3600, "1:00:00"), (3725, "1:02:05")])
def test_durations_are_written_as_podcast_apps_read_them(seconds, text):
    assert duration_text(seconds) == text


def test_relative_links_in_post_html_become_absolute():
    html = ('<p><a href="/the/mot-cua/">thẻ</a> <a href="#muc-1">mục</a> <a href="mailto:a@x.example">thư</a>'
            '<img src="../../images/a.jpg" srcset="a-400.webp 400w, /b-800.webp 800w" alt=""></p>')
    assert absolute_links(html, "https://x.example/tin-bai/2024/a.html") == (
        '<p><a href="https://x.example/the/mot-cua/">thẻ</a> '
        '<a href="https://x.example/tin-bai/2024/a.html#muc-1">mục</a> <a href="mailto:a@x.example">thư</a>'
        '<img src="https://x.example/images/a.jpg" '
        'srcset="https://x.example/tin-bai/2024/a-400.webp 400w, https://x.example/b-800.webp 800w" alt=""></p>')


def test_summaries_become_one_line_of_plain_text():
    assert plain_text("<p>Sáng 16/6, <em>UBND</em> &amp; người dân\n đối thoại.<script>x()</script></p>") == \
        "Sáng 16/6, UBND & người dân đối thoại."


def test_control_characters_are_dropped_rather_than_breaking_the_xml():
    feed = feedparser.parse(serialise(CORE_SITE, _one_post_feed("Tin\x0b mới\x00"), "atom", datetime.now(LOCAL)))
    assert not feed.bozo and feed.entries[0].title == "Tin mới"


def test_an_empty_feed_is_still_a_valid_feed_dated_without_the_clock():
    empty = Feed("kenh", "mang-xa-hoi", "Mạng xã hội", "Kênh – Phường A", "Mô tả", "feeds/kenh/mang-xa-hoi",
                 "kenh/mang-xa-hoi/")
    moment = datetime(2024, 12, 31, 0, 0, tzinfo=LOCAL)
    for form in ("atom", "rss"):
        raw = serialise(CORE_SITE, empty, form, moment)
        assert raw == serialise(CORE_SITE, empty, form, moment)
        feed = feedparser.parse(raw)
        assert not feed.bozo and feed.entries == []


def _shared_feeds() -> list[Feed]:
    """Three feeds sharing posts (one with a cover, one an episode with its sound file)."""
    day = datetime(2024, 1, 2, 9, 0, tzinfo=LOCAL)
    clip = Audio("https://x.example/audio/a.mp3", 1234, "audio/mpeg", 75)
    posts = [FeedPost(f"tin-bai/2024/{name}.md", f"Tin {name}", f"https://x.example/tin-bai/2024/{name}.html",
                      day + timedelta(days=number), "Tóm tắt.", f"<p>Nội dung {name}</p>", unit="vh",
                      topics=("tthc",), channels=("truyen-thanh",), categories=(Category("vh", "Văn hóa", "s"),),
                      image="https://x.example/images/a.jpg" if number == 0 else None,
                      image_width=960 if number == 0 else None, image_height=600 if number == 0 else None,
                      audio=clip if number == 1 else None)
             for number, name in enumerate(("a", "b", "c"))]
    return [Feed("tat-ca", None, "Tất cả", "Tin – Phường A", "Mô tả", "feeds/tat-ca", "", tuple(posts)),
            Feed("linh-vuc", "tthc", "TTHC", "TTHC – Phường A", "Mô tả", "feeds/linh-vuc/tthc", "linh-vuc/tthc/",
                 tuple(posts[:2])),
            Feed("podcast", "truyen-thanh", "Podcast", "Podcast – Phường A", "Mô tả", "feeds/truyen-thanh-podcast",
                 "kenh/truyen-thanh/", (posts[1],))]


def test_entries_kept_across_feeds_write_the_bytes_each_feed_written_alone_has():
    moment = datetime(2024, 12, 31, 0, 0, tzinfo=LOCAL)
    feeds = _shared_feeds()
    alone = {(feed.path, form): serialise(CORE_SITE, feed, form, moment) for feed in feeds for form in ("atom", "rss")}
    for order in (feeds, feeds[::-1]):
        kept: dict = {}
        for _ in range(2):
            for feed in order:
                for form in ("atom", "rss"):
                    assert serialise(CORE_SITE, feed, form, moment, kept) == alone[feed.path, form], feed.path


def test_feeds_put_together_from_each_entrys_bytes_are_what_feedgen_serialises_whole():
    moment = datetime(2024, 12, 31, 0, 0, tzinfo=LOCAL)
    empty = Feed("kenh", "mang-xa-hoi", "Mạng xã hội", "Kênh – Phường A", "Mô tả", "feeds/kenh/mang-xa-hoi",
                 "kenh/mang-xa-hoi/")
    kept: dict = {}
    for feed in [*_shared_feeds(), empty]:
        for form in ("atom", "rss"):
            generator = feed_generator(CORE_SITE, feed, form, moment)
            whole = generator.atom_str(pretty=True) if form == "atom" else generator.rss_str(pretty=True)
            assert serialise(CORE_SITE, feed, form, moment, kept) == whole, (feed.path, form)
            assert whole.count(b"<entry>" if form == "atom" else b"<item>") == len(feed.posts)


def test_a_kept_entry_is_not_reused_for_an_edited_post():
    moment = datetime(2024, 12, 31, 0, 0, tzinfo=LOCAL)
    kept: dict = {}
    serialise(CORE_SITE, _one_post_feed("Tin cũ"), "atom", moment, kept)
    feed = feedparser.parse(serialise(CORE_SITE, _one_post_feed("Tin mới"), "atom", moment, kept))
    assert feed.entries[0].title == "Tin mới"


def test_a_posts_absolute_html_is_kept_for_its_next_build_only_while_html_and_address_are_the_same(monkeypatch):
    from cchc_feeds import plugin

    monkeypatch.setattr(plugin, "_ABSOLUTE", {})

    class Article:  # what FeedsGenerator.filled reads of a Pelican post
        def __init__(self, url: str, html: str):
            self.url, self.html = url, html

        def get_content(self, siteurl: str) -> str:
            return self.html

    def filled(article: Article) -> str:  # one build's generator, as the preview server makes anew
        generator = plugin.FeedsGenerator.__new__(plugin.FeedsGenerator)
        generator.site, generator.by_source, generator._filled = CORE_SITE, {"tin-bai/2024/a.md": article}, {}
        return generator.filled(_one_post_feed("Tin").posts[0]).content

    html = '<p><img src="../anh.jpg"></p>'
    assert filled(Article("tin-bai/2024/a.html", html)) == '<p><img src="https://x.example/tin-bai/anh.jpg"></p>'
    assert filled(Article("tin-bai/2024/a.html", html)) == '<p><img src="https://x.example/tin-bai/anh.jpg"></p>'
    assert filled(Article("tin/a.html", html)) == '<p><img src="https://x.example/anh.jpg"></p>'  # moved
    assert filled(Article("tin/a.html", '<p><a href="b.html">b</a></p>')) == (
        '<p><a href="https://x.example/tin/b.html">b</a></p>')  # edited


VIETNAMESE = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậđéèẻẽẹếềểễệóòỏõọốồổỗộớờởỡợúùủũụứừửữựíìỉĩị"
                              "ĐƯƠ <>&\"'“”/:;!?.,0123456789", min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(title=VIETNAMESE)
def test_any_title_comes_back_from_a_feed_reader_as_typed(title):
    title = " ".join(title.split()) or "x"
    for form in ("atom", "rss"):
        feed = feedparser.parse(serialise(CORE_SITE, _one_post_feed(title), form, datetime.now(LOCAL)))
        assert not feed.bozo
        assert feed.entries[0].title == unicodedata.normalize("NFC", title)
