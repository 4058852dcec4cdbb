"""The editors' tasks: `invoke new`, `invoke check`, `invoke tally`, run as an editor runs them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

INVOKE = [sys.executable, "-m", "invoke"]


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (settings, plugins, theme, data, content) to change freely."""
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("plugins", "theme", "data", "content"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def run(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], cwd=project, capture_output=True, text=True, input=stdin)


def test_invoke_list_documents_every_task_in_one_line():
    listing = run(ROOT, "--list").stdout
    for name in ("build", "serve", "clean", "new", "check", "tally", "test"):
        assert re.search(rf"^  {name}\s+\S", listing, re.M), name


def test_new_writes_a_post_that_passes_the_check(project):
    result = run(project, "new", "--title", "Phường Hoa Mai tiếp nhận 100% hồ sơ trực tuyến",
                 "--unit", "Văn phòng", "--topic", "tthc, chính quyền số", "--channel", "website,truyen-thanh")
    assert result.returncode == 0, result.stderr
    created = list((project / "content" / "tin-bai").rglob("phuong-hoa-mai-tiep-nhan-100-ho-so-truc-tuyen.md"))
    assert len(created) == 1
    header = created[0].read_text(encoding="utf-8")
    assert "Unit: van-phong\n" in header and "Topic: tthc, chinh-quyen-so\n" in header
    assert "Channel: website, truyen-thanh\n" in header
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", header, re.M)
    assert created[0].parent.name == re.search(r"^Date: (\d{4})", header, re.M).group(1)
    check = run(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_asks_for_what_is_missing(project):
    result = run(project, "new", stdin="Bài hỏi từng mục\nvan-phong\ntthc\n")
    assert result.returncode == 0, result.stderr
    assert "Tiêu đề:" in result.stdout and "Bộ phận" in result.stdout
    assert list((project / "content" / "tin-bai").rglob("bai-hoi-tung-muc.md"))


def test_new_refuses_an_unknown_unit_in_vietnamese(project):
    result = run(project, "new", "--title", "X", "--unit", "phong-khong-co", "--topic", "tthc")
    assert result.returncode != 0
    assert "Bộ phận “phong-khong-co” không có trong data/units.toml" in result.stderr


def test_check_lists_every_problem_and_exits_non_zero(project):
    posts = project / "content" / "tin-bai" / "2024"
    (posts / "loi-1.md").write_text("Title: Lỗi một\nDate: 31/02/2024\nUnit: van-phong\nTopic: tthc\n\nx\n",
                                    encoding="utf-8")
    (posts / "loi-2.md").write_text("Title: Lỗi hai\nDate: 2024-02-02\nUnit: ai-do\nTopic: dat-dai\n\nx\n",
                                    encoding="utf-8")
    (posts / "trung-1.md").write_text("Title: Trùng tên\nDate: 2024-02-02\nUnit: van-phong\nTopic: tthc\n\nx\n",
                                      encoding="utf-8")
    (posts / "trung-2.md").write_text("Title: Trùng  tên\nDate: 2024-03-02\nUnit: van-phong\nTopic: tthc\n\nx\n",
                                      encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    message = result.stderr
    assert "Có 4 lỗi" in message
    assert "tin-bai/2024/loi-1.md: khóa “Date”: ngày hoặc giờ không có thật; đã ghi: “31/02/2024”" in message
    assert "tin-bai/2024/loi-2.md: khóa “Unit”" in message and "tin-bai/2024/loi-2.md: khóa “Topic”" in message
    assert "trung-1.md" in message and "trung-2.md" in message


def test_check_reports_a_broken_plan_naming_file_and_key(project):
    plan = project / "data" / "plans" / "2025.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('period = "month"', 'period = "week"'),
                    encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    assert "plans/2025.toml: khóa “target[2].period”: kỳ không hợp lệ" in result.stderr


def test_tally_prints_the_year_in_vietnamese(project):
    result = run(project, "tally", "--year", "2024", "--as-of", "2024-12-31")
    assert result.returncode == 0, result.stderr
    assert "THỐNG KÊ TIN/BÀI CẢI CÁCH HÀNH CHÍNH NĂM 2024" in result.stdout
    assert "Tháng 8/2024" in result.stdout and "Chưa đạt" in result.stdout
    assert "Số liệu tính đến: Thứ Ba, 31/12/2024" in result.stdout


def test_the_preview_server_rebuilds_on_change_and_tells_open_pages_to_reload(tmp_path, capfd):
    import socket
    import threading
    import time
    import urllib.request

    from cchc_content.devserver import serve

    output, watched = tmp_path / "output", tmp_path / "data"
    output.mkdir()
    watched.mkdir()
    (output / "index.html").write_text("<html><body><p>Trang</p></body></html>", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    rebuilds, stop = [], threading.Event()
    thread = threading.Thread(target=serve, args=(output, "127.0.0.1", port, lambda: rebuilds.append(1), [watched],
                                                  stop), daemon=True)
    thread.start()

    def get(path: str) -> str:
        for _attempt in range(50):
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).read().decode()
            except OSError:
                time.sleep(0.1)
        raise AssertionError(path)

    first = get("/__build")
    assert first.endswith("-0")
    assert '<script src="/__livereload.js"></script></body>' in get("/")
    assert "<script" not in (output / "index.html").read_text(encoding="utf-8")
    assert "location.reload" in get("/__livereload.js")
    time.sleep(0.5)
    waiting = []  # an open page asks for the build after 0 and gets its answer once it is served
    asker = threading.Thread(target=lambda: waiting.append((get(f"/__build?since={first}"), list(rebuilds))))
    asker.start()
    gone = socket.create_connection(("127.0.0.1", port))  # a page closed while its question waits
    gone.sendall(f"GET /__build?since={first} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    time.sleep(0.3)
    gone.close()
    assert waiting == []
    (watched / "units.toml").write_text("[[unit]]\n", encoding="utf-8")
    asker.join(timeout=10)
    second = first.removesuffix("-0") + "-1"
    assert waiting == [(second, [1])]
    assert get("/__build") == second and get(f"/__build?since={first}") == second and rebuilds == [1]
    assert "Traceback" not in capfd.readouterr().err
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_page_open_across_a_restart_of_the_preview_server_reloads():
    import time

    from cchc_content.devserver import Builds

    before = Builds()
    time.sleep(0.001)
    after = Builds()  # the server started again (its code changed): no build since
    assert after.number == before.number == 0 and after.current != before.current
    started = time.perf_counter()
    assert after.after(before.current, timeout=5) == after.current  # answered at once: the page reloads
    assert time.perf_counter() - started < 1
