"""Site search in a real browser: the sample built for publishing under a sub-path, indexed by
Pagefind, searched through the search page as a resident would (Debian's Chromium, Playwright).

The table of queries checks the Vietnamese folding end to end: without marks, in NFD, with
Đ/đ typed as D/d and back, in capitals, with filters; and the ranking cases where a word typed
with its marks comes before the words that only fold to it. A small second site holds what
the sample has not: "đường" beside "Dương", and every vowel with every tone.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import re
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from cchc_search import plugin as search_plugin
from cchc_search.core import (
    DEFAULTS,
    RECORD_END,
    RECORD_START,
    bundle_summary,
    glob_matcher,
    indexed_pages,
    pagefind_command,
    search_record,
    settings,
    unused_files,
)
from playwright.sync_api import expect

from cchc_content.core import ContentError
from cchc_content.text import strip_marks
from conftest import ROOT, SAMPLE_AS_OF, build_site

PREFIX = "/cchc"  # served under a sub-path, as on a ward portal: result links must carry it
DONE = re.compile(r"^(Tìm thấy|Không tìm thấy|Hãy gõ|Không tải)")
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- the pure core ---------------------------------------------------------------------------------


def test_the_setting_takes_the_defaults_and_refuses_unknown_keys():
    assert settings(None) == DEFAULTS
    assert settings({"bundle_dir": "tim"})["bundle_dir"] == "tim"
    with pytest.raises(ContentError, match="CCHC_SEARCH.*bundel_dir"):
        settings({"bundel_dir": "tim"})


def test_pagefind_indexes_the_posts_and_pages_of_the_output_folder_into_the_bundle_folder():
    assert pagefind_command("/bin/pagefind", "/site", "/site/.pagefind-new") == [
        "/bin/pagefind", "--site", "/site", "--output-path", "/site/.pagefind-new",
        "--glob", "{tin-bai/**/*.html,*/index.html}"]
    assert indexed_pages("Total:\n  Indexed 1 language\n  Indexed 77 pages\n  Indexed 1218 words") == 77
    assert indexed_pages("Error: nothing") is None


def test_only_pagefinds_own_user_interfaces_are_left_out():
    names = ["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind", "pagefind-ui.js", "pagefind-ui.css",
             "pagefind-highlight.js", "index", "fragment"]
    assert unused_files(names, keep_default_ui=False) == ["pagefind-highlight.js", "pagefind-ui.css", "pagefind-ui.js"]
    assert unused_files(names, keep_default_ui=True) == []


def test_the_bundle_is_measured_by_part():
    sizes = {"pagefind.js": 10, "index/vi_1.pf_index": 5, "fragment/a.pf_fragment": 2, "filter/f.pf_filter": 1}
    assert bundle_summary(sizes) == {"index": 5, "fragment": 2, "filter": 1, "code": 10, "total": 18}


RECORD_HEAD = '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"></head>\n<body>\n'


def test_a_search_record_is_the_language_and_the_marked_parts_of_a_page_in_order():
    page = ('<!DOCTYPE html>\n<html lang="vi">\n<head><title>T</title></head><body><nav>Menu</nav>'
            '<!--search--><h1 data-pagefind-body>Tiêu đề</h1><!--/search--><p>Ngày đăng</p>'
            '<!--search--><figure><img src="a.jpg" alt="Ảnh"></figure><div data-pagefind-body>Nội dung</div>'
            '<!--/search--><footer>Chân trang</footer></body></html>')
    assert search_record(page, "tin-bai/a.html") == (
        RECORD_HEAD + '<h1 data-pagefind-body>Tiêu đề</h1>\n<figure><img src="a.jpg" alt="Ảnh"></figure>'
        '<div data-pagefind-body>Nội dung</div>\n</body>\n</html>\n')
    assert search_record("<html><body><h1>Trang chủ</h1></body></html>", "index.html") is None


@pytest.mark.parametrize("page", [
    f"<html><body>{RECORD_START}<h1>Tiêu đề</h1></body></html>",
    f"<html><body>{RECORD_START}<h1>A</h1>{RECORD_START}<p>B</p>{RECORD_END}</body></html>",
    f"<html><body><h1>A</h1>{RECORD_END}</body></html>",
    f"<html><body>{RECORD_START}<h1>A</h1>{RECORD_END}<p>B</p>{RECORD_END}</body></html>",
])
def test_search_markers_that_do_not_pair_up_are_named_with_the_page(page):
    with pytest.raises(ValueError, match=r"^tin-bai/2025/a\.html: dấu “<!--/?search-->”.*mẫu giao diện"):
        search_record(page, "tin-bai/2025/a.html")


def test_an_editor_cannot_write_the_search_markers_into_a_post():
    """Only the theme's markers may cut a page into its record: comments in a post's HTML are removed."""
    from cchc_content.core import sanitize_html

    body = sanitize_html(f"<p>Một</p>{RECORD_END}<p>Hai</p>{RECORD_START}<p>Ba</p><!-- ghi chú -->")
    assert body == "<p>Một</p><p>Hai</p><p>Ba</p>"


def _marked_page(title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><body>{RECORD_START}<h1 data-pagefind-body>{title}</h1>'
            f"<div data-pagefind-body><p>Thủ tục hành chính {title}</p></div>{RECORD_END}</body></html>")


def _build_index(output: Path, background: bool = False) -> None:
    """What the end of a build does (cchc_search.plugin.build_index), from the command line or in
    the preview server."""
    settings = {"CCHC_SEARCH": DEFAULTS, search_plugin.BACKGROUND: background}
    search_plugin.build_index(SimpleNamespace(settings=settings, output_path=str(output)))
    if background:
        search_plugin.wait_for_index(output)


def _indexed(output: Path) -> list[tuple[str, str]]:
    return sorted((fragment["url"], fragment["meta"]["title"])
                  for fragment in map(json_of, (output / "pagefind" / "fragment").iterdir()))


def test_pagefind_indexes_the_records_of_marked_pages_and_the_records_are_removed(tmp_path):
    output = tmp_path / "output"
    (output / "tin-bai" / "2025").mkdir(parents=True)
    (output / "tin-bai" / "2025" / "a.html").write_text(_marked_page("Cấp căn cước"), encoding="utf-8")
    (output / "bo-phan" / "x").mkdir(parents=True)
    (output / "bo-phan" / "x" / "index.html").write_text(_marked_page("Danh sách"), encoding="utf-8")  # not read
    (output / "index.html").write_text("<html><body><h1>Trang chủ</h1></body></html>", encoding="utf-8")
    indexing = search_plugin.begin_index(output)
    search_plugin._RUNNING.pop(output)
    search_plugin.start_index(output, DEFAULTS, indexing)
    folder = indexing.records.folder
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html")) == ["tin-bai/2025/a.html"]
    search_plugin._RUNNING[output] = indexing  # as the writer's callback leaves it for build_index
    _build_index(output)
    assert _indexed(output) == [("/tin-bai/2025/a.html", "Cấp căn cước")]
    assert not folder.exists() and not (output / search_plugin.STAGING).exists()


def test_the_preview_server_writes_again_only_the_records_of_changed_pages(tmp_path):
    output = tmp_path / "output"
    (output / "tin-bai").mkdir(parents=True)
    for name, title in (("a", "Cấp căn cước"), ("b", "Đăng ký hộ tịch"), ("c", "Chứng thực bản sao")):
        (output / "tin-bai" / f"{name}.html").write_text(_marked_page(title), encoding="utf-8")
    _build_index(output, background=True)
    records = search_plugin._KEPT[output]
    stamps = {path.name: path.stat().st_mtime_ns for path in records.folder.rglob("*.html")}
    assert _indexed(output) == [("/tin-bai/a.html", "Cấp căn cước"), ("/tin-bai/b.html", "Đăng ký hộ tịch"),
                                ("/tin-bai/c.html", "Chứng thực bản sao")]

    (output / "tin-bai" / "b.html").write_text(_marked_page("Đăng ký khai sinh"), encoding="utf-8")
    (output / "tin-bai" / "c.html").unlink()
    _build_index(output, background=True)
    assert search_plugin._KEPT[output] is records and records.folder.is_dir()  # kept for the next build
    assert _indexed(output) == [("/tin-bai/a.html", "Cấp căn cước"), ("/tin-bai/b.html", "Đăng ký khai sinh")]
    after = {path.name: path.stat().st_mtime_ns for path in records.folder.rglob("*.html")}
    assert set(after) == {"a.html", "b.html"} and after["a.html"] == stamps["a.html"]
    assert after["b.html"] != stamps["b.html"]
    search_plugin._KEPT.pop(output)


def test_with_no_marked_page_the_old_index_is_removed_and_the_editor_told(tmp_path, caplog):
    output = tmp_path / "output"
    (output / "pagefind" / "fragment").mkdir(parents=True)  # an index of posts since unpublished
    (output / "gioi-thieu").mkdir()
    (output / "gioi-thieu" / "index.html").write_text("<html><body><h1>Giới thiệu</h1></body></html>",
                                                    encoding="utf-8")
    indexing = search_plugin.begin_index(output)
    search_plugin._RUNNING.pop(output)
    search_plugin.start_index(output, DEFAULTS, indexing)
    assert indexing.process is None
    search_plugin.finish_index(output, DEFAULTS, indexing)
    search_plugin._clean(indexing)
    assert not (output / "pagefind").exists() and not indexing.records.folder.exists()
    assert "Chưa có trang nào để lập chỉ mục tìm kiếm" in caplog.text


def test_a_newer_build_stops_the_index_and_removes_its_records(tmp_path):
    output = tmp_path / "output"
    for number in range(40):
        (output / "tin-bai").mkdir(parents=True, exist_ok=True)
        (output / "tin-bai" / f"{number}.html").write_text(_marked_page(f"Bài {number}"), encoding="utf-8")
    indexing = search_plugin.begin_index(output)
    search_plugin.start_index(output, DEFAULTS, indexing)
    assert indexing.process is not None and indexing.records.folder.exists()
    search_plugin.stop_index(output)
    assert indexing.stopped and indexing.process.poll() is not None
    assert not indexing.records.folder.exists() and not (output / search_plugin.STAGING).exists()
    assert not (output / "pagefind").exists() and output not in search_plugin._RUNNING


def json_of(fragment: Path) -> dict:
    data = gzip.decompress(fragment.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return json.loads(data[len(b"pagefind_dcd"):])


# --- serving a built site --------------------------------------------------------------------------


class PrefixHandler(SimpleHTTPRequestHandler):
    """Serves the output folder at PREFIX/ only, quietly."""

    def translate_path(self, path):
        path = urlsplit(path).path
        if path != PREFIX and not path.startswith(PREFIX + "/"):
            return str(Path(self.directory) / "__not_in_the_site__")
        return super().translate_path(path[len(PREFIX):] or "/")

    def log_message(self, *args):
        pass


@dataclass
class Site:
    base: str  # http://127.0.0.1:<port>/cchc, the SITEURL it was built with
    output: Path


@contextlib.contextmanager
def serve(output: Path):
    """Listen first, so that the site can be built with its own address, then serve it."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PrefixHandler, directory=str(output)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def sample_search(tmp_path_factory):
    """The sample built once for publishing with a local SITEURL under PREFIX, and served."""
    output = tmp_path_factory.mktemp("search-sample") / "output"
    with serve(output) as base:
        result = build_site(ROOT / "content", output, "publishconf.py", env={"CCHC_SITEURL": base},
                            CCHC_AS_OF=SAMPLE_AS_OF)
        assert result.returncode == 0, result.log
        yield Site(base, output)


def _mini_post(folder: Path, name: str, title: str, body: str, date: str, unit: str = "kinh-te") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"Title: {title}\nDate: {date}\nUnit: {unit}\nTopic: tthc\n\n{body}\n",
                               encoding="utf-8")


def _syllables(vowels: str) -> list[str]:
    return [unicodedata.normalize("NFC", "t" + vowel + tone) for vowel in vowels for tone in TONES]


FAMILIES = {"ta": "aăâ", "te": "eê", "ti": "i", "to": "oôơ", "tu": "uư", "ty": "y"}


@pytest.fixture(scope="session")
def mini_search(tmp_path_factory):
    """Three posts for what the sample lacks: a street (đường), a name (Dương), every vowel and tone."""
    root = tmp_path_factory.mktemp("search-mini")
    posts = root / "content" / "tin-bai" / "2024"
    _mini_post(posts, "duong.md", "Sửa chữa đường Hoa Mai",
               "Phường sửa mặt đường và lát lại vỉa hè trong tháng này.", "2024-03-05 09:00")
    _mini_post(posts, "ten.md", "Ông Dương Văn Minh nhận giấy khen",
               "Ông Dương Văn Minh ở khu phố số 3 được khen thưởng vì giúp người dân.", "2024-04-05 09:00",
               unit="van-phong")
    paragraphs = "\n\n".join(" ".join(_syllables(vowels)) for vowels in FAMILIES.values())
    _mini_post(posts, "bang-chu.md", "Bảng nguyên âm và thanh điệu", paragraphs, "2024-05-05 09:00")
    output = root / "output"
    with serve(output) as base:
        result = build_site(root / "content", output, "publishconf.py", env={"CCHC_SITEURL": base},
                            CCHC_AS_OF="2024-12-31")
        assert result.returncode == 0, result.log
        yield Site(base, output)



@pytest.fixture(scope="module")
def page(browser):
    """One tab for the table: problems it meets (script errors, CSP refusals) fail the test that caused them."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    yield page
    page.close()


@dataclass
class Outcome:
    status: str
    titles: list[str]  # of the results shown (ten at most)
    marks: list[str]  # the marked words of the first result's excerpt
    units: list[str]
    dates: list[str]


def search(page, site: Site, query: str | None = None, **filters: str) -> Outcome:
    """Open the search page with a query in its address, as the 404 page's form and shared links do."""
    params = {"q": query} if query is not None else {}
    params.update({name.replace("_", "-"): value for name, value in filters.items()})
    page.problems.clear()
    page.goto(f"{site.base}/tim-kiem/?{urlencode(params)}")
    return _outcome(page)


def _outcome(page) -> Outcome:
    status = page.locator("#tim-kiem-trang-thai")
    expect(status).to_have_text(DONE, timeout=20_000)
    results = page.locator("#tim-kiem-ket-qua > li")
    first_marks = results.first.locator("mark").all_inner_texts() if results.count() else []
    assert page.problems == []
    return Outcome(status.inner_text(), page.locator("#tim-kiem-ket-qua .app-post-card__link").all_inner_texts(),
                   [mark.strip(".,:;!?()“”\"") for mark in first_marks],
                   results.locator(".app-post-card__unit").all_inner_texts(),
                   results.locator("time").all_inner_texts())


# --- the table ------------------------------------------------------------------------------------

LUAT_DAT_DAI = "Luật Đất đai năm 2024 có hiệu lực từ ngày 01/8/2024: những điểm người dân cần biết"
HO_SO_DAT_DAI = "Hướng dẫn nộp hồ sơ đất đai tại phường Hoa Mai theo Luật Đất đai năm 2024"
DOI_THE = "Sau sắp xếp đơn vị hành chính, người dân không phải đổi thẻ căn cước"
DOI_THE_SLUG = "sau-sap-xep-don-vi-hanh-chinh-nguoi-dan-khong-phai-doi-the-can-cuoc"
CAN_CUOC_LUU_DONG = "Công an phường Hoa Mai làm căn cước công dân, kích hoạt VNeID lưu động tại tổ dân phố"
DE_AN_06 = "Đề án 06 ở phường Hoa Mai: 91% công dân thuộc diện cấp đã có tài khoản VNeID mức độ 2"
DINH_DANH = "Công an phường Hoa Mai ra quân hỗ trợ người dân kích hoạt định danh điện tử sau Tết"
GIAY_PHEP = "Hướng dẫn nộp hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ tại phường"
MA_QR = "Thanh toán phí, lệ phí bằng mã QR tại Trung tâm Phục vụ hành chính công phường Hoa Mai"
HUONG_DAN_SO = "Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến tại tổ dân phố"
SIPAS_2024 = "Chỉ số hài lòng SIPAS năm 2024 của phường Hoa Mai đạt 92,7%"
CU_TRU = "Công an phường Hoa Mai phổ biến quy định về cư trú và căn cước tại các tổ dân phố"
QR_2024 = "Người dân phường Hoa Mai thanh toán phí, lệ phí thủ tục hành chính bằng mã QR"
HIDDEN = "Đính chính số liệu trong tin về Chỉ số cải cách hành chính năm 2024"
UNIT_NAMES = {"cong-an": "Công an phường"}

# (query, filters, the first result's title, the only words that may be marked in its excerpt)
TABLE = {
    "no marks": ("thu tuc dat dai", {}, LUAT_DAT_DAI, None),
    "with marks": ("thủ tục đất đai", {}, LUAT_DAT_DAI, {"thủ", "tục", "đất", "đai"}),
    "NFD": (nfd("thủ tục đất đai"), {}, LUAT_DAT_DAI, {"thủ", "tục", "đất", "đai"}),
    "marks on some words only": ("thủ tục dat dai", {}, LUAT_DAT_DAI, None),
    "đ typed as d": ("dat dai", {}, HO_SO_DAT_DAI, {"đất", "đai"}),
    "capitals without marks": ("DAT DAI", {}, HO_SO_DAT_DAI, {"đất", "đai"}),
    "capital Đ": ("ĐẤT ĐAI", {}, HO_SO_DAT_DAI, {"đất", "đai"}),
    "NFD, phrase": (nfd("căn cước lưu động"), {}, CAN_CUOC_LUU_DONG, {"căn", "cước", "lưu", "động"}),
    "no marks, phrase": ("can cuoc luu dong", {}, CAN_CUOC_LUU_DONG, None),
    "đ: the exact word first (đổi, not đối)": ("đổi thẻ", {}, DOI_THE, {"đổi", "thẻ"}),
    "d typed for đ in a phrase": ("doi the can cuoc", {}, DOI_THE, None),
    "tone: the exact word first (dẫn, not dân)": ("dẫn", {}, HUONG_DAN_SO, {"dẫn"}),
    "d with marks is meant (dõi, not đối)": ("dõi", {}, None, {"dõi"}),
    "Đ in a name, no marks": ("de an 06", {}, DE_AN_06, None),
    "capitals with marks": ("ĐỊNH DANH ĐIỆN TỬ", {}, DINH_DANH, {"định", "danh", "điện", "tử"}),
    "no marks, three words": ("dinh danh dien tu", {}, DINH_DANH, None),
    "no marks, building permit": ("giay phep xay dung", {}, GIAY_PHEP, None),
    "letters and marks": ("ma qr", {}, MA_QR, None),
    "filter by year (of publication, not of the title)": ("sipas", {"nam": "2025"}, SIPAS_2024, None),
    "filter by unit and year": ("can cuoc", {"bo_phan": "cong-an", "nam": "2026"}, CU_TRU, {"căn", "cước"}),
    "filter by area and year": ("thanh toan", {"linh_vuc": "tai-chinh-cong", "nam": "2024"}, QR_2024, None),
    "filters alone: newest first": (None, {"bo_phan": "cong-an", "nam": "2024"}, DE_AN_06, None),
}


@pytest.mark.parametrize("case", TABLE, ids=list(TABLE))
def test_the_query_table(case, page, sample_search):
    query, filters, first, marks = TABLE[case]
    outcome = search(page, sample_search, query, **filters)
    assert outcome.status.startswith("Tìm thấy"), outcome.status
    if first:
        assert outcome.titles[0] == first, outcome.titles[:3]
    if marks:
        assert outcome.marks and {mark.casefold() for mark in outcome.marks} <= marks, outcome.marks
    if "nam" in filters:
        assert all(day.endswith("/" + filters["nam"]) for day in outcome.dates), outcome.dates
    if "bo_phan" in filters:
        assert set(outcome.units) == {UNIT_NAMES[filters["bo_phan"]]}, outcome.units


def test_the_table_has_what_the_issue_asks_for():
    queries = [query or "" for query, *_ in TABLE.values()]
    assert len(TABLE) >= 15
    assert any(query != unicodedata.normalize("NFC", query) for query in queries)  # NFD
    assert any(query == strip_marks(query) and "d" in query for query in queries)  # no marks, đ as d
    assert any(filters for _, filters, *_ in TABLE.values())


def test_a_hidden_post_is_not_found(page, sample_search):
    outcome = search(page, sample_search, "dinh chinh so lieu")
    assert HIDDEN not in outcome.titles


def test_a_query_that_matches_nothing_says_so(page, sample_search):
    outcome = search(page, sample_search, "xyzzy")
    assert outcome.titles == [] and outcome.status.startswith("Không tìm thấy kết quả nào cho “xyzzy”")


# --- what the sample lacks: đường beside Dương, every vowel and tone ---------------------------------

STREET = "Sửa chữa đường Hoa Mai"
NAME = "Ông Dương Văn Minh nhận giấy khen"
VOWEL_TABLE = "Bảng nguyên âm và thanh điệu"


@pytest.mark.parametrize("query, first, second", [
    ("đường", STREET, NAME),
    ("ĐƯỜNG", STREET, NAME),
    ("Dương", NAME, STREET),
    ("dương", NAME, STREET),
    (nfd("đường"), STREET, NAME),
])
def test_a_word_typed_with_its_marks_comes_before_the_words_that_only_fold_to_it(query, first, second, page,
                                                                                 mini_search):
    assert search(page, mini_search, query).titles[:2] == [first, second]


def test_a_word_typed_without_marks_finds_every_word_that_folds_to_it(page, mini_search):
    assert set(search(page, mini_search, "duong").titles) == {STREET, NAME}


@pytest.mark.parametrize("folded", FAMILIES)
def test_every_vowel_with_every_tone_is_found_without_marks(folded, page, mini_search):
    expected = set(_syllables(FAMILIES[folded]))
    assert {strip_marks(syllable) for syllable in expected} == {folded}  # our own folding says they belong
    outcome = search(page, mini_search, folded)
    assert outcome.titles[0] == VOWEL_TABLE
    assert set(outcome.marks) == expected


# --- the pages --------------------------------------------------------------------------------------


def test_the_build_publishes_the_index_without_pagefinds_own_interface(sample_search):
    bundle = sample_search.output / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert any((bundle / "index").iterdir()) and any((bundle / "fragment").iterdir())
    assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()


def test_posts_and_pages_carry_their_text_and_filters_to_the_index_but_hidden_posts_do_not(sample_search):
    def html(relative: str) -> str:
        return (sample_search.output / relative).read_text(encoding="utf-8")

    post = html(f"tin-bai/2025/{DOI_THE_SLUG}.html")
    assert post.count("data-pagefind-body") == 2  # the title and the body, not the menus or the share links
    assert 'data-unit-id="cong-an"' in post and 'data-year="2025"' in post and "linh-vuc:" in post
    assert 'data-date="07/08/2025"' in post and 'data-unit="Công an phường"' in post
    assert "data-pagefind-body" in html("gioi-thieu/index.html")
    assert "data-pagefind-body" not in html("index.html") and "data-pagefind-body" not in html("tim-kiem/index.html")
    hidden = next((sample_search.output / "tin-bai" / "2025").glob("dinh-chinh-so-lieu*.html"))
    assert "data-pagefind" not in hidden.read_text(encoding="utf-8")


def test_the_index_made_from_the_records_is_the_index_of_the_whole_pages(sample_search, tmp_path):
    """Pagefind reads the marked parts of each page (search_record): it must index what it would
    have indexed reading the whole pages: the same pages, text, titles, pictures, filters and words."""
    whole = tmp_path / "whole"
    subprocess.run(pagefind_command(str(search_plugin.get_executable()), str(sample_search.output), str(whole)),
                   check=True, capture_output=True)
    built = sample_search.output / "pagefind"

    def by_name(folder: Path) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in folder.iterdir()}

    assert len(by_name(built / "fragment")) > 70
    assert by_name(built / "fragment") == by_name(whole / "fragment")  # named by their content's hash
    assert by_name(built / "index") == by_name(whole / "index")  # the words
    # Filter files list their values in hash-map order, which differs between runs: compare the values.
    def filters(folder: Path) -> list[bytes]:
        return sorted(sorted(gzip.decompress(path.read_bytes())) for path in (folder / "filter").iterdir())

    assert filters(built) == filters(whole)


def test_the_menu_and_the_404_page_lead_to_the_search_page(sample_search):
    base = sample_search.base
    home = (sample_search.output / "index.html").read_text(encoding="utf-8")
    assert f'href="{base}/tim-kiem/">Tìm kiếm</a>' in home
    search_page = (sample_search.output / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]+/tim-kiem/"\s+aria-current="page">Tìm kiếm</a>', search_page)
    missing = (sample_search.output / "404.html").read_text(encoding="utf-8")
    assert f'action="{base}/tim-kiem/"' in missing and 'name="q"' in missing


def test_the_404_form_finds_posts(browser, sample_search):
    page = browser.new_page()
    page.goto(f"{sample_search.base}/404.html")
    page.get_by_label("Tìm theo từ khóa").fill("giay phep xay dung")
    page.keyboard.press("Enter")
    expect(page.locator("#tim-kiem-trang-thai")).to_have_text(DONE, timeout=20_000)
    assert page.url.startswith(f"{sample_search.base}/tim-kiem/?q=giay+phep+xay+dung")
    assert page.locator("#tim-kiem-ket-qua .app-post-card__link").first.inner_text() == GIAY_PHEP
    page.close()


def test_a_result_shows_title_date_unit_and_a_marked_excerpt_and_leads_to_the_post(browser, sample_search):
    page = browser.new_page()
    page.goto(f"{sample_search.base}/tim-kiem/?q=doi+the+can+cuoc")
    expect(page.locator("#tim-kiem-trang-thai")).to_have_text(DONE, timeout=20_000)
    first = page.locator("#tim-kiem-ket-qua > li").first
    assert first.locator("h2 a").inner_text() == DOI_THE
    assert first.locator("time").get_attribute("datetime") == "2025-08-07T09:00:00+07:00"
    assert first.locator("time").inner_text() == "07/08/2025"
    assert first.locator(".app-post-card__unit").inner_text() == "Công an phường"
    assert {mark.casefold() for mark in first.locator("mark").all_inner_texts()} >= {"đổi", "thẻ"}
    first.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.url == f"{sample_search.base}/tin-bai/2025/{DOI_THE_SLUG}.html"
    assert page.locator("h1").inner_text() == DOI_THE
    page.close()


def test_the_search_works_with_the_keyboard_alone(browser, sample_search):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{sample_search.base}/tim-kiem/")

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to("#tu-khoa")
    page.keyboard.type("thu tuc dat dai")
    page.keyboard.press("Enter")
    status = page.locator("#tim-kiem-trang-thai")
    expect(status).to_have_text(re.compile("^Tìm thấy 20 kết quả"), timeout=20_000)
    tab_to(".app-post-card__link")
    assert page.evaluate("document.activeElement.textContent") == LUAT_DAT_DAI
    # A year chosen with the arrow keys searches again, and the status line says so.
    page.focus("#loc-nam")
    page.keyboard.press("ArrowDown")
    expect(status).to_have_text(re.compile(r"^Tìm thấy \d+ kết quả cho “thu tuc dat dai” \(lọc: 2026\)"))
    page.select_option("#loc-nam", "")
    expect(status).to_have_text(re.compile("^Tìm thấy 20 kết quả"))
    # "Xem thêm kết quả" shows ten more and moves the focus to the first of them.
    tab_to("#tim-kiem-them")
    page.keyboard.press("Enter")
    expect(page.locator("#tim-kiem-ket-qua > li")).to_have_count(20)
    eleventh = "document.querySelectorAll('#tim-kiem-ket-qua > li')[10]"
    assert page.evaluate(f"document.activeElement.closest('li') === {eleventh}")
    assert page.locator("#tim-kiem-them").is_hidden()
    page.close()


def test_without_javascript_the_page_says_where_to_browse(browser, sample_search):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_search.base}/tim-kiem/")
    main = page.locator("main")
    assert "đang tắt JavaScript" in main.inner_text()
    assert page.locator("#tim-kiem").is_hidden()
    links = main.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    for topic in ("chi-dao-dieu-hanh", "the-che", "tthc", "bo-may", "cong-vu", "tai-chinh-cong", "chinh-quyen-so"):
        assert f"{sample_search.base}/linh-vuc/{topic}/" in links
    assert f"{sample_search.base}/luu-tru/" in links
    context.close()


def _weight(site: Site, urls: list[str]) -> tuple[int, int]:
    """Bytes of the files behind these addresses: as stored, and as a server compressing text would send them
    (Pagefind's index, fragments and WebAssembly are compressed already)."""
    files = {site.output / urlsplit(url).path[len(PREFIX) + 1:] for url in urls}
    files = {path / "index.html" if path.is_dir() else path for path in files}
    raw = sum(path.stat().st_size for path in files)
    sent = sum(len(gzip.compress(path.read_bytes())) if path.suffix in (".html", ".css", ".js") else path.stat().st_size
               for path in files)
    return raw, sent


def test_the_first_results_come_quickly_from_this_site_alone_and_stay_light(browser, sample_search):
    """Time to first result (cold: loading Pagefind and the index; warm: a second query) and bytes moved."""
    page = browser.new_page()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(sample_search.base))
    fetched, foreign = [], []
    page.on("request", lambda request: (fetched if request.url.startswith(origin) else foreign).append(request.url))
    page.goto(f"{sample_search.base}/tim-kiem/")
    page.wait_for_load_state("networkidle")
    first_view = _weight(sample_search, fetched)
    status = page.locator("#tim-kiem-trang-thai")
    weights = []
    for query in ("thu tuc dat dai", "can cuoc luu dong"):
        page.fill("#tu-khoa", query)
        page.keyboard.press("Enter")
        expect(status).to_have_text(re.compile("^Tìm thấy"), timeout=20_000)
        page.wait_for_load_state("networkidle")
        weights.append(_weight(sample_search, fetched))
    cold, warm = page.evaluate("performance.getEntriesByName('cchc-search').map(entry => entry.duration)")
    print(f"\nsearch: cold {cold:.0f} ms, warm {warm:.0f} ms; bytes (stored/compressed): page {first_view}, "
          f"first results {weights[0]}, after a second query {weights[1]}")
    assert foreign == []
    assert cold < 5000 and warm < 2000
    # The budget of a post page (issue 6), kept by the search page: under 100 KB before anything is searched,
    # under 300 KB with the first ten results.
    assert first_view[0] < 100_000 and weights[0][0] < 300_000
    page.close()


@pytest.mark.parametrize(("path", "read"), [
    ("tin-bai/2024/bai-viet.html", True), ("tin-bai/bai-viet.html", True), ("gioi-thieu/index.html", True),
    ("tim-kiem/index.html", True), ("bo-phan/van-phong/index.html", False), ("index.html", False),
    ("feeds/tat-ca.rss.xml", False), ("tin-bai/2024/anh.html.bak", False), ("the/index.htm", False),
])
def test_the_pages_pagefind_reads_are_told_apart_by_its_glob(path, read):
    """The writer runs these pages first and starts Pagefind as soon as they are written."""
    assert glob_matcher(DEFAULTS["glob"])(path) is read
