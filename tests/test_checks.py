"""The site checks (python -m checks): they pass on the sample site, and each fails on a page made wrong."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from checks import CHECKS, run_checks
from checks.a11y import pages_to_check
from checks.site import Site
from conftest import CORPUS, ROOT, build_site

SITE = "https://cchc.hoamai.example"


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_reports(sample_site):
    """Every check run once on the sample site (publish build)."""
    return {report.name: report for report in run_checks(sample_site.output)}


@pytest.fixture
def broken(sample_site, tmp_path) -> Path:
    """A copy of the built sample site, to make wrong on purpose."""
    output = tmp_path / "output"
    shutil.copytree(sample_site.output, output)
    return output


def _post_with_images(output: Path) -> str:
    return dict(pages_to_check(Site(output)))["bài viết có ảnh"]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _messages(report) -> str:
    return "\n".join(map(str, report.findings))


def _only(output: Path, name: str, **options):
    (report,) = run_checks(output, [name], **({name: options} if options else {}))
    return report


# --- the sample site passes --------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHECKS))
def test_every_check_passes_on_the_sample_site(sample_reports, name):
    report = sample_reports[name]
    assert report.passed, _messages(report)
    assert report.checked


def test_the_checks_look_at_the_whole_sample_site(sample_reports, sample_site):
    pages = len(list(sample_site.output.rglob("*.html")))
    assert f"{pages} trang HTML" in sample_reports["security"].checked
    assert f"{pages} trang HTML" in sample_reports["links"].checked
    internal = int(re.search(r"(\d+) địa chỉ nội bộ", sample_reports["links"].checked).group(1))
    assert internal > 20 * pages
    assert int(re.search(r"^(\d+) tệp", sample_reports["html"].checked).group(1)) > pages
    a11y = sample_reports["a11y"].checked
    for kind in ("trang chủ", "bài viết có ảnh", "danh sách lĩnh vực", "lưu trữ theo quý", "bảng thống kê",
                 "trang 404"):
        assert kind in a11y
    assert int(re.search(r"(\d+) lần dừng của phím Tab", a11y).group(1)) > 100
    assert "4 trang đo trong trình duyệt" in sample_reports["weight"].checked


def test_the_site_address_is_read_from_robots_txt(sample_site, preview_site):
    assert Site(sample_site.output).url == SITE + "/"
    assert Site(preview_site.output).url == ""  # root-relative links: any address serves


def test_links_and_safety_pass_on_a_preview_build_with_root_relative_links(preview_site):
    for report in run_checks(preview_site.output, ["links", "security"]):
        assert report.passed, _messages(report)


def test_the_csp_allows_only_the_site_itself(sample_site):
    page = sample_site.text("index.html")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert policy == ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                      "object-src 'none'; base-uri 'self'; form-action 'self'")
    assert page.index("Content-Security-Policy") < page.index("<link")


# --- each check fails on a page made wrong -----------------------------------------------------


def test_html_check_fails_on_invalid_markup(broken, tmp_path):
    small = tmp_path / "small"
    for rel in ("index.html", "404.html", "theme/css/site.css"):
        (small / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(broken / rel, small / rel)
    _edit(small / "404.html", "</main>", "<li>mục lạc chỗ</li><p id=x></p><p id=x></p></main>")
    report = _only(small, "html")
    assert not report.passed
    text = _messages(report)
    assert "404.html:" in text and "index.html" not in text
    assert "“li” not allowed" in text and "Duplicate ID “x”" in text


def test_html_check_fails_on_invalid_css(broken, tmp_path):
    small = tmp_path / "small"
    (small / "theme/css").mkdir(parents=True)
    shutil.copy(broken / "index.html", small)
    (small / "theme/css/site.css").write_text(".a { colr: red; }\n", encoding="utf-8")
    report = _only(small, "html")
    assert "theme/css/site.css:1" in _messages(report)


def test_links_check_fails_on_broken_links_images_feeds_and_anchors(broken):
    post = _post_with_images(broken)
    _edit(broken / post, "</main>", f'<p><a href="{SITE}/khong-co-trang/">hỏng</a> <a href="#khong-co-neo">neo</a> '
                                    f'<a href="../../gioi-thieu/#khong-co-o-day">neo khác</a></p></main>')
    image = re.search(r'src="(https://cchc\.hoamai\.example/images/[^"]+)"', (broken / post).read_text()).group(1)
    (broken / image.removeprefix(SITE + "/")).unlink()
    feed = next((broken / "feeds").rglob("*.xml"))
    _edit(feed, f"{SITE}/tin-bai/", f"{SITE}/tin-bai-khong-co/")
    report = _only(broken, "links")
    text = _messages(report)
    assert f"{post}: liên kết “{SITE}/khong-co-trang/” không dẫn tới tệp nào" in text
    assert "không có id “khong-co-neo”" in text
    assert "gioi-thieu/index.html không có id “khong-co-o-day”" in text
    assert f"ảnh “{image}” không dẫn tới tệp nào" in text
    assert f"{feed.relative_to(broken).as_posix()}: địa chỉ trong bảng tin" in text


def test_a11y_check_fails_on_an_image_without_alt(broken):
    post = _post_with_images(broken)
    text = (broken / post).read_text(encoding="utf-8")
    (broken / post).write_text(re.sub(r'(<img\b[^>]*?)\salt="[^"]*"', r"\1", text, count=1), encoding="utf-8")
    report = _only(broken, "a11y", pages=[post], keyboard=False)
    assert "axe image-alt (critical)" in _messages(report)


def test_a11y_check_fails_when_keyboard_focus_cannot_be_seen(broken):
    with (broken / "theme/css/site.css").open("a", encoding="utf-8") as css:  # focused links look like the rest
        css.write("a, a:focus, a:focus * { background: none !important; box-shadow: none !important; "
                  "color: #000 !important; outline: none !important; text-decoration: underline !important; }\n")
    report = _only(broken, "a11y", pages=["404.html"])
    invisible = [finding.message for finding in report.findings if "không thấy dấu hiệu tiêu điểm" in finding.message]
    assert any('href="https://cchc.hoamai.example/lien-he/"' in message for message in invisible), _messages(report)


def test_a11y_check_fails_on_a_control_the_keyboard_cannot_reach(broken):
    (broken / "bay.js").write_text("document.addEventListener('keydown', (e) => { if (e.key === 'Tab') "
                                   "e.preventDefault(); });\n", encoding="utf-8")
    _edit(broken / "404.html", "</head>", f'<script src="{SITE}/bay.js"></script></head>')
    report = _only(broken, "a11y", pages=["404.html"])
    assert "không tới được bằng phím Tab" in _messages(report)


def test_weight_check_fails_on_an_over_weight_page_and_an_external_image(broken):
    post, other = _post_with_images(broken), "404.html"
    heavy = "<p>" + "Nội dung rất dài làm trang nặng. " * 4000 + "</p>"
    external = '<img src="https://anh.example.org/x.jpg" alt="ảnh ngoài">'
    _edit(broken / post, "</main>", f"{heavy}{external}</main>")
    # Without its CSP the browser does ask the other host; with it, the CSP refuses (and says so).
    _edit(broken / other, "</main>", f"{external}</main>")
    _edit(broken / other, 'http-equiv="Content-Security-Policy"', 'http-equiv="X-Khong-Co-CSP"')
    report = _only(broken, "weight", pages=[post, other])
    text = _messages(report)
    assert f"{post}: HTML+CSS+JS" in text and "quá ngân sách 100,0 KB" in text
    assert f"{post}: lỗi trong trình duyệt: Loading the image 'https://anh.example.org/x.jpg' violates" in text
    assert f"{other}: trình duyệt gửi yêu cầu tới máy chủ khác: https://anh.example.org/x.jpg" in text


def test_weight_check_fails_when_the_first_view_loads_too_many_images(broken):
    post = _post_with_images(broken)
    noise = Image.effect_noise((700, 700), 100).convert("RGB")
    noise.save(broken / "images" / "nhieu.png")
    assert (broken / "images" / "nhieu.png").stat().st_size > 300_000
    _edit(broken / post, '<main class="app-main" id="noi-dung-chinh">',
          f'<main class="app-main" id="noi-dung-chinh"><img src="{SITE}/images/nhieu.png" alt="nhiễu" width="700" '
          'height="700">')
    report = _only(broken, "weight", pages=[post])
    assert "lần xem đầu tải" in _messages(report) and "quá ngân sách 300,0 KB" in _messages(report)


UNSAFE = [
    ("<script>alert(1)</script>", "thẻ <script> nội tuyến"),
    ('<script src="https://ma.example.org/x.js"></script>', "thẻ <script> tải mã từ nơi khác"),
    ('<b onclick="alert(1)">đậm</b>', "thuộc tính sự kiện onclick="),
    ('<a href="javascript:alert(1)">bấm</a>', "địa chỉ javascript:"),
    ('<a href=" jav&#x09;ascript:alert(1)">bấm</a>', "địa chỉ javascript:"),
    ('<p style="color:red">đỏ</p>', "thuộc tính style="),
    ("<style>p{color:red}</style>", "thẻ <style>"),
    ('<iframe src="https://ngoai.example.org/" title="x"></iframe>', "khung nhúng <iframe>"),
    ('<img src="https://anh.example.org/x.jpg" alt="x">', "từ máy chủ khác"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', "địa chỉ data:"),
    ('<form action="https://thu.example.org/"><button>Gửi</button></form>', "biểu mẫu gửi dữ liệu tới máy chủ khác"),
    ('<script type="application/ld+json">{"a": </script>', "không phải JSON hợp lệ"),
]
CSP_CHANGES = [
    ('<meta http-equiv="Content-Security-Policy"', '<meta http-equiv="X-Khong-Phai-CSP"',
     'thiếu thẻ <meta http-equiv="Content-Security-Policy">'),
    ("script-src 'self'", "script-src 'self' 'unsafe-inline' https://cdn.example.org", "script-src cho phép"),
    ("object-src 'none'; ", "", "thiếu chỉ thị object-src"),
]


@pytest.fixture(scope="module")
def unsafe_site(sample_site, tmp_path_factory):
    """One copy of the sample site with every unsafe thing below put in a page of its own; (output, report)."""
    output = tmp_path_factory.mktemp("unsafe") / "output"
    shutil.copytree(sample_site.output, output)
    pages = {}
    posts = sorted(output.glob("tin-bai/*/*.html"))
    assert len(posts) >= len(UNSAFE)
    for (markup, expected), path in zip(UNSAFE, posts, strict=False):
        _edit(path, "</main>", f"{markup}</main>")
        pages[expected, markup] = path.relative_to(output).as_posix()
    listings = sorted(output.glob("linh-vuc/*/index.html"))
    assert len(listings) >= len(CSP_CHANGES)
    for (old, new, expected), path in zip(CSP_CHANGES, listings, strict=False):
        _edit(path, old, new)
        pages[expected, old] = path.relative_to(output).as_posix()
    text = (output / "index.html").read_text(encoding="utf-8")
    text = re.sub(r'<meta name="description" content="[^"]*">',
                  '<meta name="description" content="Tin &lt;b&gt;mới&lt;/b&gt;" data-x="1">', text)
    (output / "index.html").write_text(text, encoding="utf-8")
    json_file = output / "thong-ke" / "2025.json"
    json_file.write_text(json_file.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    feed = sorted((output / "feeds").rglob("*.xml"))[0]
    _edit(feed, "</title>", " & </title>")
    pages["feed"] = feed.relative_to(output).as_posix()
    return pages, _only(output, "security")


@pytest.mark.parametrize(("markup", "expected"), UNSAFE, ids=[expected for _, expected in UNSAFE])
def test_security_check_fails_on_unsafe_markup_in_a_page(unsafe_site, markup, expected):
    pages, report = unsafe_site
    page = pages[expected, markup]
    assert any(expected in finding.message and finding.where.startswith(page + ":") for finding in report.findings), \
        _messages(report)


@pytest.mark.parametrize(("old", "new", "expected"), CSP_CHANGES, ids=["no-csp", "loose-csp", "no-object-src"])
def test_security_check_fails_on_a_missing_or_loose_csp(unsafe_site, old, new, expected):
    pages, report = unsafe_site
    page = pages[expected, old]
    assert any(expected in finding.message and finding.where.startswith(page) for finding in report.findings), \
        _messages(report)


def test_security_check_fails_on_an_unescaped_meta_description(unsafe_site):
    report = unsafe_site[1]
    assert any(finding.where.startswith("index.html:") and "thẻ meta description không được thoát đúng" in
               finding.message for finding in report.findings), _messages(report)


def test_security_check_fails_on_invalid_json_and_xml(unsafe_site):
    pages, report = unsafe_site
    assert "thong-ke/2025.json: JSON không hợp lệ" in _messages(report)
    assert f"{pages['feed']}: XML không hợp lệ" in _messages(report)


def test_a_title_starting_with_equals_gives_a_csv_cell_the_check_accepts_and_a_raw_one_it_refuses(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "content" / "pages", content / "pages")
    (content / "tin-bai" / "2024").mkdir(parents=True)
    (content / "tin-bai" / "2024" / "cong-thuc.md").write_text(
        'Title: =HYPERLINK("https://lua.example.org","Bấm vào đây")\nDate: 2024-03-05\nUnit: van-phong\n'
        "Topic: tthc\nSummary: -1+2 tóm tắt\n\nNội dung.\n", encoding="utf-8")
    built = build_site(content, tmp_path / "output", CCHC_DATA_DIR=str(CORPUS / "data"), CCHC_AS_OF="2024-12-31")
    assert built.returncode == 0, built.log
    path = built.output / "thong-ke" / "2024.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert "'=HYPERLINK(\"https://lua.example.org\",\"Bấm vào đây\")" in rows[1]
    assert _only(built.output, "security").passed, _messages(_only(built.output, "security"))
    _edit(path, "'=HYPERLINK", "=HYPERLINK")
    report = _only(built.output, "security")
    assert "thong-ke/2024.csv:2: ô “=HYPERLINK" in _messages(report)


# --- the command line and the task -------------------------------------------------------------


def test_the_command_prints_a_vietnamese_summary_and_fails_on_a_broken_site(broken):
    _edit(broken / "index.html", "</main>", '<b onclick="x()">đậm</b></main>')
    command = [sys.executable, "-m", "checks", str(broken), "--only", "security,links"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "KHÔNG ĐẠT security" in result.stdout and "ĐẠT       links" in result.stdout
    assert "index.html:" in result.stdout and "onclick=" in result.stdout
    assert "Kết quả: 1/2 phần kiểm tra đạt" in result.stdout


def test_the_command_refuses_an_unknown_check_and_a_missing_folder(tmp_path):
    for arguments in ([str(tmp_path), "--only", "chinh-ta"], [str(tmp_path / "khong-co")]):
        result = subprocess.run([sys.executable, "-m", "checks", *arguments], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 2
        assert "Không kiểm tra được" in result.stderr


def test_invoke_check_site_runs_the_checks_on_any_build(sample_site):
    result = subprocess.run([sys.executable, "-m", "invoke", "check-site", "--output", str(sample_site.output),
                             "--only", "security"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Kết quả: 1/1 phần kiểm tra đạt, 0 lỗi" in result.stdout
