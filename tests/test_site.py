"""The site as built by Pelican with our plugins: outputs, slugs, collisions, drafts, dates."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from conftest import CORPUS, ROOT, build_site


def _post(folder: Path, name: str, title: str, date: str = "2024-03-05 09:00", extra: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        f"Title: {title}\nDate: {date}\nUnit: van-phong\nTopic: tthc\n{extra}\nNội dung.\n", encoding="utf-8"
    )


def _small_site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "content" / "pages", content / "pages")
    return content


def _build(content: Path, tmp_path: Path, name: str = "out", **overrides):
    return build_site(content, tmp_path / name, CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-12-31",
                      **overrides)


# --- the sample site -----------------------------------------------------------------------


def test_the_sample_site_builds_with_no_warning(sample_site):
    assert "WARNING" not in sample_site.log and "ERROR" not in sample_site.log, sample_site.log


def test_the_sample_site_writes_every_kind_of_page(sample_site):
    out = sample_site.output
    for path in [
        "index.html", "trang/2/index.html", "404.html", "luu-tru/index.html", "the/index.html",
        "gioi-thieu/index.html", "lien-he/index.html", "tiep-can/index.html",
        "linh-vuc/tthc/index.html", "bo-phan/van-phong/index.html", "kenh/truyen-thanh/index.html",
        "nam/2024/index.html", "nam/2024/quy-1/index.html", "nam/2025/quy-4/index.html",
        "thong-ke/index.html", "thong-ke/2024/index.html", "thong-ke/2024.json", "thong-ke/2024.csv",
        "thong-ke/2025.json", "thong-ke/2026/index.html", "thong-ke/2024/minh-chung/index.html",
        "thong-ke/2024/chi-tieu/truyen-thanh-month/index.html", "theme/css/site.css",
    ]:
        assert (out / path).is_file(), path
    assert len(list((out / "tin-bai").rglob("*.html"))) >= 70


def test_the_sample_dashboard_shows_every_status(sample_site):
    html = sample_site.text("thong-ke/2026/index.html")
    for word in ("Đạt", "Chưa đạt", "Đang thực hiện", "Chưa đến kỳ"):
        assert f"</span>{word}</strong>" in html, word
    statuses = {period["status"] for target in sample_site.json("thong-ke/2026.json")["targets"]
                for period in target["periods"]}
    assert statuses == {"met", "missed", "in_progress", "upcoming"}


def test_the_evidence_list_links_every_counted_post_once_in_order(sample_site):
    """thong-ke/<year>/minh-chung/: one numbered row per counted post, its cells (rendered once per
    post by the evidence-row component) linking the post's page and giving its date and unit."""
    document = sample_site.json("thong-ke/2026.json")
    html = sample_site.text("thong-ke/2026/minh-chung/index.html")
    links = re.findall(r'<a class="app-evidence__link" href="https://cchc\.hoamai\.example/([^"]+)">', html)
    assert sorted(links) == sorted(post["url"] for post in document["posts"])
    first = document["posts"][0]
    row = re.search(r'<tr><td class="app-table__numeric">(\d+)</td>(.*?)</tr>', html).groups()
    assert row[0] == "1" and first["url"] in row[1]
    assert f'<time datetime="{first["date"]}">05/01/2026</time>' in row[1]
    assert "Trung tâm Phục vụ hành chính công" in row[1]


def test_a_quarter_listing_is_labelled_in_vietnamese_and_paginated(sample_site):
    html = sample_site.text("nam/2024/quy-1/index.html")
    assert "I/2024" in html
    assert "Quý" in html
    home = sample_site.text("index.html")
    assert "Trang sau" in home


def test_post_pages_show_the_vietnamese_weekday_date(sample_site):
    html = sample_site.text("tin-bai/2024/phuong-hoa-mai-tong-ket-cong-tac-cai-cach-hanh-chinh-nam-2023.html")
    assert "Thứ Ba, 09/01/2024" in html
    assert 'datetime="2024-01-09T08:30:00+07:00"' in html


def test_the_csv_evidence_list_opens_in_spreadsheets(sample_site):
    raw = (sample_site.output / "thong-ke/2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Tiêu đề", "Ngày đăng", "Quý"]
    assert len(rows) - 1 == sample_site.json("thong-ke/2024.json")["totals"]["posts"]
    assert all(row[8].startswith("https://cchc.hoamai.example/tin-bai/") for row in rows[1:])


def test_no_page_asks_another_host_for_anything(sample_site):
    pattern = re.compile(r'(?:src|href)="(https?:)?//(?!cchc\.hoamai\.example)', re.I)
    allowed = ("https://www.facebook.com/sharer", "https://zalo.me/share")
    for page in sample_site.output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:link|script|img|source|iframe)[^>]+>', text):
            assert not pattern.search(match.group(0)), (page, match.group(0))
        for match in re.finditer(r'href="(https?://[^"]+)"', text):
            assert match.group(1).startswith(("https://cchc.hoamai.example", *allowed)) or "<a" in text, page


# --- drafts and future posts ---------------------------------------------------------------


def test_drafts_are_never_written_by_a_publish_build(sample_site):
    assert not (sample_site.output / "ban-nhap").exists()
    assert not (sample_site.output / "drafts").exists()
    html = "".join(path.read_text(encoding="utf-8") for path in sample_site.output.rglob("*.html"))
    assert "Dự thảo Kế hoạch" not in html or "ban-nhap" not in html


def test_a_post_dated_in_the_future_is_not_shown(tmp_path):
    content = _small_site(tmp_path)
    _post(content / "tin-bai" / "2099", "tuong-lai.md", "Bài của tương lai", "2099-01-01 08:00")
    _post(content / "tin-bai" / "2024", "hom-nay.md", "Bài hôm nay")
    result = build_site(content, tmp_path / "out", "publishconf.py", env={"CCHC_SITEURL": "https://x.example"},
                        CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-12-31")
    assert result.returncode == 0, result.log
    everything = "".join(path.read_text(encoding="utf-8") for path in result.output.rglob("*.html"))
    assert "Bài hôm nay" in everything
    assert "Bài của tương lai" not in everything
    assert not list(result.output.rglob("*tuong-lai*"))


def test_a_preview_build_keeps_drafts_under_ban_nhap_only(preview_site):
    drafts = list((preview_site.output / "ban-nhap").glob("*.html"))
    assert drafts
    listed = preview_site.text("index.html") + preview_site.text("luu-tru/index.html")
    for draft in drafts:
        assert draft.name not in listed


# --- slugs and collisions ------------------------------------------------------------------


def test_slugs_come_from_vietnamese_titles(tmp_path):
    content = _small_site(tmp_path)
    posts = content / "tin-bai" / "2024"
    _post(posts, "a.md", "Số 12/TB-UBND về Đề án 06")
    _post(posts, "b.md", "???")
    _post(posts, "c.md", "Điều chỉnh: “Quý 3/2025”!", extra="")
    result = _build(content, tmp_path)
    assert result.returncode == 0, result.log
    written = sorted(path.name for path in (result.output / "tin-bai" / "2024").glob("*.html"))
    assert written == ["b.html", "dieu-chinh-quy-3-2025.html", "so-12-tb-ubnd-ve-de-an-06.html"]


def test_two_posts_writing_the_same_file_stop_the_build_naming_both(tmp_path):
    content = _small_site(tmp_path)
    _post(content / "tin-bai" / "2024", "mot.md", "Hội nghị đối thoại")
    _post(content / "tin-bai" / "2024", "hai.md", "Hội nghị Đối thoại")
    result = _build(content, tmp_path)
    assert result.returncode != 0
    assert "tin-bai/2024/mot.md" in result.log and "tin-bai/2024/hai.md" in result.log
    assert "tin-bai/2024/hoi-nghi-doi-thoai.html" in result.log
    assert "FileOverwriteFailedError" not in result.log


def test_the_data_folder_can_be_given_with_minus_e(tmp_path):
    content = _small_site(tmp_path)
    _post(content / "tin-bai" / "2024", "mot.md", "Một bài")
    data = tmp_path / "data"
    shutil.copytree(CORPUS / "data", data)
    (data / "plans" / "2024.toml").write_text((data / "plans" / "2024.toml").read_text().replace("year = 2024",
                                                                                                  "year = 2023"))
    result = build_site(content, tmp_path / "out", CCHC_DATA_DIR=str(data), CCHC_AS_OF="2024-12-31")
    assert result.returncode != 0
    assert "plans/2024.toml" in result.log and "“year”" in result.log


def test_the_reader_cache_does_not_change_the_output(tmp_path):
    content = _small_site(tmp_path)
    _post(content / "tin-bai" / "2024", "mot.md", "Một bài")
    cache = tmp_path / "cache"
    outputs = []
    for name in ("first", "second"):
        import subprocess
        import sys

        subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
                        "-o", str(tmp_path / name), "--cache-path", str(cache), "-e",
                        f'CCHC_DATA_DIR="{CORPUS / "data"}"', 'CCHC_AS_OF="2024-12-31"'], check=True,
                       capture_output=True, cwd=ROOT)
        outputs.append((tmp_path / name / "thong-ke" / "2024.json").read_text(encoding="utf-8"))
    assert any(cache.iterdir())
    assert outputs[0] == outputs[1]


def test_the_sitemap_lists_every_public_page_with_absolute_urls(sample_site):
    sitemap = sample_site.text("sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert all(location.startswith("https://cchc.hoamai.example/") for location in locations)
    assert "https://cchc.hoamai.example/" in locations
    assert "https://cchc.hoamai.example/thong-ke/2024/" in locations
    assert "https://cchc.hoamai.example/linh-vuc/tthc/" in locations
    assert not any("404" in location or "ban-nhap" in location for location in locations)
    assert len(locations) == len([p for p in sample_site.output.rglob("*.html") if p.name != "404.html"])
    assert "Sitemap: https://cchc.hoamai.example/sitemap.xml" in sample_site.text("robots.txt")


def test_markup_in_titles_and_bodies_never_reaches_the_page(tmp_path):
    content = _small_site(tmp_path)
    posts = content / "tin-bai" / "2024"
    posts.mkdir(parents=True)
    (posts / "xss.md").write_text(
        'Title: <script>alert("tiêu đề")</script> Tin thử\nDate: 2024-03-05\nUnit: van-phong\nTopic: tthc\n'
        'Summary: <img src=x onerror=alert(1)> tóm tắt\n\n'
        'Đoạn <script>alert(1)</script> [bấm](javascript:alert(1)) <b onclick="x()">đậm</b>\n'
        '<iframe src="https://ngoai.example/"></iframe><p style="color:red">đỏ</p>\n', encoding="utf-8")
    preview = _build(content, tmp_path)
    assert preview.returncode == 0, preview.log
    page = next((preview.output / "tin-bai" / "2024").glob("*.html")).read_text(encoding="utf-8")
    for needle in ("onerror", "onclick", "javascript:", "<iframe", "style="):
        assert needle not in page, needle
    # The only scripts a page may have are the theme's own files and JSON-LD data.
    for tag in re.findall(r"<script[^>]*>", page):
        assert tag == '<script type="application/ld+json">' or 'src="/theme/' in tag, tag
    assert page.count("</script>") == len(re.findall(r"<script[^>]*>", page))
    assert "&lt;script&gt;alert(&#34;tiêu đề&#34;)&lt;/script&gt; Tin thử" in page
    strict = _build(content, tmp_path, "strict", CCHC_STRICT=True)
    assert strict.returncode != 0
    for words in ("thẻ <script>", "thuộc tính sự kiện", "liên kết javascript:", "<iframe>", "style="):
        assert words in strict.log, words
    assert "tin-bai/2024/xss.md" in strict.log
