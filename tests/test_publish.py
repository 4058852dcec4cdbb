"""Publishing to the ward portal: the pure core, then end to end against a real OpenSSH and nginx.

The end-to-end tests start sshd and nginx on 127.0.0.1 (high ports) with a throw-away
user, keys made for the run and the server script installed as docs/publishing.md says,
then run `invoke publish`, `rollback` and `releases` as an editor would.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cchc_publish.core import (
    Config,
    PublishError,
    explain,
    read_config,
    read_itemized,
    read_status,
    release_name,
    release_time,
    rsync_command,
    to_prune,
)
from cchc_publish.core import previous as previous_release
from hypothesis import given
from hypothesis import strategies as st

from cchc_content.text import slugify
from conftest import ROOT, SAMPLE_AS_OF

# The pure core ---------------------------------------------------------------------

GOOD = {
    "CCHC_DEPLOY_HOST": "cchc.hoamai.example",
    "CCHC_DEPLOY_USER": "deploy",
    "CCHC_DEPLOY_PATH": "/srv/cchc/",
    "CCHC_DEPLOY_KEY": "~/.ssh/cchc_deploy",
    "CCHC_SITEURL": "https://cchc.hoamai.example/",
}


def test_settings_are_read_with_their_defaults():
    config = read_config(GOOD)
    assert (config.host, config.port, config.user, config.path) == ("cchc.hoamai.example", 22, "deploy", "/srv/cchc")
    assert (config.keep, config.siteurl) == (5, "https://cchc.hoamai.example")
    assert config.known_hosts == "~/.ssh/cchc_known_hosts"


@pytest.mark.parametrize("name, value, expected", [
    ("CCHC_DEPLOY_HOST", None, "Thiếu CCHC_DEPLOY_HOST: tên hoặc địa chỉ máy chủ web"),
    ("CCHC_DEPLOY_HOST", "-oProxyCommand=x", "Sai CCHC_DEPLOY_HOST"),
    ("CCHC_DEPLOY_PORT", "http", "Sai CCHC_DEPLOY_PORT: cần số cổng SSH từ 1 đến 65535, thường là 22; đang có “http”"),
    ("CCHC_DEPLOY_PORT", "70000", "Sai CCHC_DEPLOY_PORT"),
    ("CCHC_DEPLOY_USER", "", "Thiếu CCHC_DEPLOY_USER"),
    ("CCHC_DEPLOY_USER", "Root Admin", "Sai CCHC_DEPLOY_USER"),
    ("CCHC_DEPLOY_PATH", "srv/cchc", "Sai CCHC_DEPLOY_PATH: cần đường dẫn tuyệt đối"),
    ("CCHC_DEPLOY_PATH", "/srv/../etc", "Sai CCHC_DEPLOY_PATH"),
    ("CCHC_DEPLOY_PATH", "/", "Sai CCHC_DEPLOY_PATH"),
    ("CCHC_DEPLOY_KEY", "   ", "Thiếu CCHC_DEPLOY_KEY: đường dẫn tệp khóa riêng SSH"),
    ("CCHC_SITEURL", "cchc.hoamai.example", "Sai CCHC_SITEURL: cần địa chỉ đầy đủ của trang"),
    ("CCHC_DEPLOY_KEEP", "1", "Sai CCHC_DEPLOY_KEEP: cần một số từ 2 trở lên"),
])
def test_a_missing_or_wrong_setting_is_named_in_vietnamese(name, value, expected):
    values = {**GOOD, name: value} if value is not None else {k: v for k, v in GOOD.items() if k != name}
    with pytest.raises(PublishError) as caught:
        read_config(values)
    assert expected in str(caught.value)
    assert str(caught.value).startswith("Chưa xuất bản")


def test_every_wrong_setting_is_reported_at_once():
    with pytest.raises(PublishError) as caught:
        read_config({"CCHC_DEPLOY_PORT": "abc"})
    message = str(caught.value)
    for name in ("CCHC_DEPLOY_HOST", "CCHC_DEPLOY_PORT", "CCHC_DEPLOY_USER", "CCHC_DEPLOY_PATH", "CCHC_DEPLOY_KEY",
                 "CCHC_SITEURL"):
        assert name in message


def test_a_release_is_named_by_its_utc_time():
    hanoi = timezone(timedelta(hours=7))
    assert release_name(datetime(2026, 11, 22, 16, 30, 12, 999, tzinfo=hanoi)) == "20261122T093012Z"
    assert release_time("20261122T093012Z") == datetime(2026, 11, 22, 9, 30, 12, tzinfo=UTC)


def test_a_release_name_already_taken_moves_on_a_second():
    now = datetime(2026, 11, 22, 9, 30, 12, tzinfo=UTC)
    assert release_name(now, {"20261122T093012Z", "20261122T093013Z"}) == "20261122T093014Z"


@given(st.lists(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)), min_size=2,
                max_size=10))
def test_release_names_sort_as_their_times_do(moments):
    names = [release_name(moment.replace(tzinfo=UTC)) for moment in moments]
    assert sorted(names) == [release_name(moment.replace(tzinfo=UTC)) for moment in sorted(moments)]


NAMES = ["20261101T080000Z", "20261105T080000Z", "20261110T080000Z", "20261115T080000Z", "20261120T080000Z"]


@pytest.mark.parametrize("keep, live, pruned", [
    (3, NAMES[-1], NAMES[:2]),
    (3, NAMES[0], NAMES[1:2]),  # after a rollback the live one stays, even though it is the oldest
    (5, NAMES[-1], []),
    (2, None, NAMES[:3]),
])
def test_pruning_keeps_the_newest_by_name_and_never_the_live_one(keep, live, pruned):
    assert to_prune(reversed(NAMES), keep, live) == pruned


@given(st.sets(st.integers(0, 10**6), min_size=1, max_size=30), st.integers(2, 8), st.data())
def test_pruning_never_deletes_the_live_release_nor_keeps_fewer_than_asked(seconds, keep, data):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    names = [release_name(start + timedelta(seconds=second)) for second in seconds]
    live = data.draw(st.sampled_from(names))
    pruned = to_prune(names, keep, live)
    kept = set(names) - set(pruned)
    assert live in kept
    assert len(kept) >= min(keep, len(names))
    assert all(name < min(sorted(names)[-keep:]) for name in pruned)


def test_rollback_goes_to_the_release_before_the_live_one():
    assert previous_release(NAMES, NAMES[3]) == NAMES[2]
    assert previous_release(NAMES, NAMES[0]) is None
    assert previous_release(NAMES, None) is None


def test_the_server_status_is_read_line_by_line():
    status = read_status("root /srv/cchc\nlive 20261105T080000Z\nrelease 20261105T080000Z\n"
                         "release 20261101T080000Z\npartial 20261106T080000Z\nrelease junk\n")
    assert status.root == "/srv/cchc" and status.live == "20261105T080000Z"
    assert status.releases == ("20261101T080000Z", "20261105T080000Z")
    assert status.partials == ("20261106T080000Z",)
    with pytest.raises(PublishError, match="không đúng dạng"):
        read_status("sh: 1: status: not found")


def test_rsync_itemized_changes_are_counted_as_new_changed_and_deleted():
    changes = read_itemized("created directory /proc/self/fd/4/x\ncd+++++++++ ./\n*deleting   robots.txt\n"
                            "*deleting   cu/\n<fcsT...... index.html\n<f+++++++++ moi.txt\n.d..t...... the/\n")
    assert changes.new == ("moi.txt",) and changes.changed == ("index.html",) and changes.deleted == ("robots.txt",)


def test_uploads_compare_contents_link_unchanged_files_and_never_send_symlinks():
    config = Config("cchc.hoamai.example", 2222, "deploy", "/srv/cchc", "/k/key", "https://x.example", 5, "/k/kh")
    command = rsync_command(config, "/tmp/site", "20261122T093012Z.partial", link_dest="20261120T080000Z")
    assert "--checksum" in command and "--link-dest=/20261120T080000Z" in command
    assert "--links" not in command and "-l" not in command and "-a" not in command
    assert command[-2:] == ["/tmp/site/", "deploy@cchc.hoamai.example:20261122T093012Z.partial/"]
    ssh = command[command.index("-e") + 1]
    for option in ("BatchMode=yes", "StrictHostKeyChecking=accept-new", "UserKnownHostsFile=/k/kh",
                   "ConnectTimeout=", "IdentitiesOnly=yes", "-p 2222", "-i /k/key"):
        assert option in ssh


@pytest.mark.parametrize("stderr, expected", [
    ("ssh: connect to host h port 2222: Connection refused", "máy chủ h từ chối kết nối ở cổng 2222"),
    ("ssh: connect to host h port 2222: Connection timed out", "không kết nối được tới h cổng 2222 (hết thời gian"),
    ("ssh: Could not resolve hostname h: Name or service not known", "không tìm thấy máy chủ “h”"),
    ("deploy@h: Permission denied (publickey).", "máy chủ h từ chối khóa /k/key của người dùng deploy"),
    ("@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nHost key verification failed.",
     "khóa nhận dạng của máy chủ h khác với khóa đã ghi trong /k/kh"),
    ("rsync: [Receiver] mkdir \"/x\" failed: Permission denied (13)", "người dùng deploy không đủ quyền"),
    ("cchc-deploy: không xóa bản đang chạy 20261120T080000Z", "máy chủ từ chối: không xóa bản đang chạy"),
    ("/usr/bin/rrsync error: Another instance of rrsync is already accessing this directory.",
     "máy chủ đang nhận một lần xuất bản khác"),
    ("sh: 1: status: not found", "khóa phải được gắn lệnh cchc-deploy trong authorized_keys"),
    ("", "lỗi khi nói chuyện với máy chủ: không có thông báo"),
])
def test_what_ssh_rsync_and_the_server_say_is_explained_in_vietnamese(stderr, expected):
    config = Config("h", 2222, "deploy", "/srv/cchc", "/k/key", "https://x.example", 5, "/k/kh")
    assert expected in explain(stderr, config)


# End to end: a real OpenSSH server and nginx -------------------------------------------

TOOLS = {name: shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
         for name in ("sshd", "nginx", "ssh", "ssh-keygen", "rsync", "rrsync")}
MISSING = sorted(name for name, path in TOOLS.items() if path is None)
IS_ROOT = os.geteuid() == 0
needs_servers = pytest.mark.skipif(
    not IS_ROOT and bool(MISSING),
    reason=f"publishing end to end needs OpenSSH server, nginx and rsync; missing: {', '.join(MISSING)}; not root, "
           "so not installable here: install scripts/system-packages.txt (./run test does) and run again",
)
SERVER_SCRIPT = ROOT / "plugins" / "cchc_publish" / "cchc-deploy"
EDITED_POST = "content/tin-bai/2026/moi-nguoi-dan-danh-gia-muc-do-hai-long-ve-dich-vu-hanh-chinh-cong-nam.md"
DRAFT_TITLE = "Dự thảo Kế hoạch tuyên truyền cải cách hành chính năm 2026 của phường Hoa Mai"
INVOKE = [sys.executable, "-m", "invoke"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped (code {process.returncode}):\n{_read(log)}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"{process.args[0]} is not listening on {port}:\n{_read(log)}")


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else "(no log)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _sh(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


@dataclass
class Portal:
    """The ward portal of the tests: sshd for publishing, nginx serving <path>/current."""

    user: str
    path: Path
    ssh_port: int
    http_port: int
    key: Path
    other_key: Path
    known_hosts: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment an editor sets to publish here."""
        values = {
            "CCHC_DEPLOY_HOST": "127.0.0.1", "CCHC_DEPLOY_PORT": str(self.ssh_port),
            "CCHC_DEPLOY_USER": self.user, "CCHC_DEPLOY_PATH": str(self.path), "CCHC_DEPLOY_KEY": str(self.key),
            "CCHC_DEPLOY_KNOWN_HOSTS": str(self.known_hosts), "CCHC_SITEURL": f"http://127.0.0.1:{self.http_port}",
            "CCHC_AS_OF": SAMPLE_AS_OF,
        }
        return {**values, **overrides}

    def live(self) -> str | None:
        current = self.path / "current"
        return os.readlink(current).removeprefix("releases/") if current.is_symlink() else None

    def releases(self) -> list[str]:
        folder = self.path / "releases"
        return sorted(entry.name for entry in folder.iterdir()) if folder.is_dir() else []

    def get(self, page: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}{page}", timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


NGINX_CONF = """\
daemon off;
worker_processes 2;
pid {srv}/nginx.pid;
error_log {srv}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {srv}/tmp/body;
    proxy_temp_path {srv}/tmp/proxy;
    fastcgi_temp_path {srv}/tmp/fastcgi;
    uwsgi_temp_path {srv}/tmp/uwsgi;
    scgi_temp_path {srv}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        # As in docs/publishing.md: the document root is the symlink the publish switches.
        root {site}/current;
        disable_symlinks off;
        index index.html;
        error_page 404 /404.html;
    }}
}}
"""

SSHD_CONF = """\
ListenAddress 127.0.0.1
Port {port}
HostKey {srv}/ssh_host_ed25519_key
PidFile {srv}/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AllowUsers {user}
AuthorizedKeysFile {authorized_keys}
StrictModes {strict}
LogLevel VERBOSE
"""


@pytest.fixture(scope="module")
def portal(request, tmp_path_factory) -> Portal:
    """sshd and nginx on high ports of 127.0.0.1, a throw-away publishing user; all stopped afterwards."""
    if MISSING:
        pytest.fail(f"running as root, so the end-to-end tests must run, but these are missing: {MISSING}; "
                    "install scripts/system-packages.txt")
    client = tmp_path_factory.mktemp("client")
    # The server's side lives outside pytest's private tmp folder, where the deploy user and nginx can reach it.
    srv = Path(tempfile.mkdtemp(prefix="cchc-portal-"))
    request.addfinalizer(lambda: shutil.rmtree(srv, ignore_errors=True))
    srv.chmod(0o755)
    for name in ("tmp", "bin"):
        (srv / name).mkdir()
    if IS_ROOT:
        user = "cchc" + secrets.token_hex(4)
        _sh("useradd", "--create-home", "--shell", "/bin/sh", user)
        request.addfinalizer(lambda: subprocess.run(["userdel", "--remove", "--force", user], capture_output=True))
        _sh("usermod", "-p", "*", user)  # useradd locks the account ("!"), which sshd refuses without PAM
        home = Path(pwd.getpwnam(user).pw_dir)
        authorized_keys = home / ".ssh" / "authorized_keys"
        Path("/run/sshd").mkdir(exist_ok=True)
    else:  # an unprivileged sshd can only let its own user in
        user = pwd.getpwuid(os.getuid()).pw_name
        authorized_keys = srv / "authorized_keys"
    site = srv / "site"
    site.mkdir()
    # The server script, as docs/publishing.md installs it: not writable by the publishing user.
    shutil.copy(SERVER_SCRIPT, srv / "bin" / "cchc-deploy")
    (srv / "bin" / "cchc-deploy").chmod(0o755)
    key, other_key = client / "publish_key", client / "other_key"
    for path in (key, other_key):
        _sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path))
    _sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(srv / "ssh_host_ed25519_key"))
    authorized_keys.parent.mkdir(mode=0o700, exist_ok=True)
    authorized_keys.write_text(f'command="{srv}/bin/cchc-deploy {site}",restrict {key.with_suffix(".pub").read_text()}')
    authorized_keys.chmod(0o600)
    if IS_ROOT:
        shutil.chown(authorized_keys.parent, user, user)
        shutil.chown(authorized_keys, user, user)
        shutil.chown(site, user, user)
    ssh_port, http_port = _free_port(), _free_port()
    (srv / "sshd_config").write_text(SSHD_CONF.format(
        port=ssh_port, srv=srv, user=user, authorized_keys=authorized_keys, strict="yes" if IS_ROOT else "no"))
    (srv / "nginx.conf").write_text(NGINX_CONF.format(srv=srv, port=http_port, site=site))
    portal = Portal(user, site, ssh_port, http_port, key, other_key, client / "known_hosts")
    for command, port, log in (
        ([TOOLS["sshd"], "-D", "-f", str(srv / "sshd_config"), "-E", str(srv / "sshd.log")],
         ssh_port, srv / "sshd.log"),
        ([TOOLS["nginx"], "-p", str(srv), "-c", str(srv / "nginx.conf"), "-e", str(srv / "nginx-error.log")],
         http_port, srv / "nginx-error.log"),
    ):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        request.addfinalizer(lambda process=process: _stop(process))
        portal.processes.append(process)
        _wait_for_port(port, process, log)
    return portal


def _project(folder: Path) -> Path:
    """A copy of the project in its own git repository, everything committed, as an editor's checkout."""
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("plugins", "theme", "data", "content"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    _commit(folder, "Mẫu")
    return folder


def _commit(folder: Path, message: str) -> None:
    if not (folder / ".git").exists():
        _sh("git", "init", "-q", cwd=folder)
    _sh("git", "add", "-A", cwd=folder)
    _sh("git", "-c", "user.name=Biên tập viên", "-c", "user.email=bbt@hoamai.example", "commit", "-q", "-m",
        message, cwd=folder)


def _edit(project: Path, marker: str, commit: bool = True) -> str:
    """Change the newest post's summary and text, and commit it unless told not to; the post's URL."""
    post = project / EDITED_POST
    text = post.read_text(encoding="utf-8")
    title = next(line.removeprefix("Title: ") for line in text.splitlines() if line.startswith("Title: "))
    text = "\n".join(f"Summary: {marker}" if line.startswith("Summary: ") else line for line in text.splitlines())
    post.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")
    if commit:
        _commit(project, f"Sửa bài: {marker}")
    return f"/tin-bai/2026/{slugify(title)}.html"


def invoke(project: Path, portal: Portal, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `invoke <args>` in the project as an editor would, with the portal's settings."""
    environ = {**os.environ, **portal.env(**env), "COLUMNS": "200"}
    return subprocess.run([*INVOKE, *args], cwd=project, env=environ, capture_output=True, text=True)


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("sample-project"))


@pytest.fixture(scope="module")
def published(portal, sample_project) -> str:
    """The sample site published once; the release's name."""
    result = invoke(sample_project, portal, "publish")
    assert result.returncode == 0, result.stdout + result.stderr
    assert portal.live() is not None
    return portal.live()


@pytest.fixture
def project(tmp_path) -> Path:
    return _project(tmp_path)


def _untouched(portal: Portal):
    """The live release, the server's folders and the home page, to compare after a refusal."""
    return portal.live(), portal.releases(), portal.get("/")


@needs_servers
def test_the_sample_site_is_published_and_read_back_over_http(portal, published):
    status, home = portal.get("/")
    assert status == 200 and "Chuyên mục Cải cách hành chính".encode() in home
    assert f"http://127.0.0.1:{portal.http_port}/".encode() in home  # absolute URLs of publishconf.py
    status, tally = portal.get("/thong-ke/2026.json")
    assert status == 200 and json.loads(tally)["as_of"] == SAMPLE_AS_OF
    assert portal.get("/khong-co-trang-nay.html")[0] == 404
    assert (portal.path / "current").is_symlink() and published in portal.releases()


@needs_servers
def test_drafts_never_reach_the_server(portal, published):
    served = portal.path / "releases" / published
    assert not (served / "ban-nhap").exists() and not (served / "drafts").exists()
    for path in served.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            assert DRAFT_TITLE not in path.read_text(encoding="utf-8", errors="replace"), path
    assert portal.get("/ban-nhap/")[0] == 404


@needs_servers
def test_a_changed_site_goes_live_in_one_step_while_readers_read_then_rolls_back(portal, published, tmp_path,
                                                                                 capsys):
    before = portal.live()
    project = _project(tmp_path)
    post = _edit(project, "Bài đã sửa: người dân được mời đánh giá trực tuyến đến hết tháng 12.")
    stylesheet = re.search(rb'href="[^"]*?(/theme/[^"]+[.]css)"', portal.get("/")[1])[1].decode()
    pages = ["/", post, "/luu-tru/", "/thong-ke/2026.json", stylesheet]
    old = {page: portal.get(page) for page in pages}
    assert all(status == 200 for status, _ in old.values()), {page: status for page, (status, _) in old.items()}

    reads: list[tuple[str, int, bytes]] = []
    publishing_done = threading.Event()

    def reader():  # bounded: until 200 reads after the publish has ended, and never beyond ten minutes
        after, deadline = 0, time.monotonic() + 600
        while after < 200 and time.monotonic() < deadline:
            page = pages[len(reads) % len(pages)]
            reads.append((page, *portal.get(page)))
            after += publishing_done.is_set()
            time.sleep(0.002)  # a steady reader, leaving the CPU to the publish it watches

    thread = threading.Thread(target=reader)
    started = time.monotonic()
    thread.start()
    result = invoke(project, portal, "publish")
    took = time.monotonic() - started
    publishing_done.set()
    thread.join(timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not thread.is_alive()
    new = {page: portal.get(page) for page in pages}
    assert new["/"] != old["/"] and new[post] != old[post]

    failed = [(page, status) for page, status, _ in reads if status != 200]
    mixed = [page for page, _, body in reads if body not in (old[page][1], new[page][1])]
    assert len(reads) >= 300 and not failed and not mixed, (len(reads), failed[:5], mixed[:5])
    for page in (p for p in pages if old[p] != new[p]):  # each page turns from old to new once, never back
        versions = ["new" if body == new[page][1] else "old" for p, _, body in reads if p == page]
        assert "old" in versions and "new" in versions, page
        assert versions == sorted(versions, key=["old", "new"].index), page
    switched = [body == new[page][1] for page, _, body in reads if old[page] != new[page]].count(True)
    with capsys.disabled():
        print(f"\n[publish] {len(reads)} reads during a {took:.1f} s publish ({switched} reads of changed pages "
              f"after the switch), 0 failed, 0 mixed; releases: {_sizes(portal)}")

    assert "Đã xuất bản bản" in result.stdout and f"liên kết cứng với bản {before}" in result.stdout
    live = portal.live()
    assert old[stylesheet] == new[stylesheet]  # unchanged, so one file on disk for both releases
    inodes = {(portal.path / "releases" / name / stylesheet.lstrip("/")).stat().st_ino for name in (before, live)}
    assert len(inodes) == 1

    rolled = invoke(project, portal, "rollback")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "Đã quay lại" in rolled.stdout and portal.live() == before
    assert portal.get("/") == old["/"] and portal.get(post) == old[post]

    listed = invoke(project, portal, "releases")
    assert listed.returncode == 0, listed.stderr
    assert f"* {before}" in listed.stdout and live in listed.stdout and "(đang chạy)" in listed.stdout

    # Publishing again keeps the newest two by name: the one live a moment ago is the oldest, so it goes.
    _edit(project, "Bản thứ ba.")
    third = invoke(project, portal, "publish", CCHC_DEPLOY_KEEP="2")
    assert third.returncode == 0, third.stdout + third.stderr
    assert f"Đã xóa 1 bản cũ (giữ 2 bản mới nhất): {before}" in third.stdout
    assert portal.releases() == [live, portal.live()] and before not in portal.releases()
    forward = invoke(project, portal, "rollback", "--to", live)
    assert forward.returncode == 0 and portal.live() == live and portal.get(post) == new[post]


def _sizes(portal: Portal) -> str:
    """Disk use of the releases as du counts it (hard links once), and what the newest did not share."""
    def kib(*paths: Path) -> str:
        return subprocess.run(["du", "-sck", *map(str, paths)], capture_output=True, text=True).stdout.split()[-2]

    folders = [portal.path / "releases" / name for name in portal.releases()]
    alone = ", ".join(f"{folder.name} {kib(folder)} KiB" for folder in folders)
    files = [path for path in folders[-1].rglob("*") if path.is_file()]
    own = [path for path in files if path.stat().st_nlink == 1]
    return (f"{alone} each alone, {kib(*folders)} KiB together; the newest shares {len(files) - len(own)} of "
            f"{len(files)} files, its own {len(own)} files are {sum(p.stat().st_size for p in own) // 1024} KiB")


@needs_servers
def test_an_unreachable_host_leaves_the_live_site_as_it_was(portal, published, project):
    before = _untouched(portal)
    closed = _free_port()
    result = invoke(project, portal, "publish", CCHC_DEPLOY_PORT=str(closed))
    assert result.returncode != 0
    assert f"máy chủ 127.0.0.1 từ chối kết nối ở cổng {closed}" in result.stderr
    assert "Đã dựng" not in result.stdout  # stopped before building
    assert _untouched(portal) == before


@needs_servers
def test_a_key_the_server_does_not_know_is_refused_and_changes_nothing(portal, published, project):
    before = _untouched(portal)
    result = invoke(project, portal, "publish", CCHC_DEPLOY_KEY=str(portal.other_key))
    assert result.returncode != 0
    assert f"máy chủ 127.0.0.1 từ chối khóa {portal.other_key} của người dùng {portal.user}" in result.stderr
    assert _untouched(portal) == before


@needs_servers
def test_a_server_with_another_host_key_is_not_trusted(portal, published, project, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    impostor = portal.other_key.with_suffix(".pub").read_text().split()[:2]
    known_hosts.write_text(f"[127.0.0.1]:{portal.ssh_port} {' '.join(impostor)}\n")
    before = _untouched(portal)
    result = invoke(project, portal, "publish", CCHC_DEPLOY_KNOWN_HOSTS=str(known_hosts))
    assert result.returncode != 0
    assert f"khóa nhận dạng của máy chủ 127.0.0.1 khác với khóa đã ghi trong {known_hosts}" in result.stderr
    assert _untouched(portal) == before


@needs_servers
def test_a_key_file_others_can_read_is_refused_before_connecting(portal, project, tmp_path):
    key = tmp_path / "key"
    shutil.copy(portal.key, key)
    key.chmod(0o644)
    result = invoke(project, portal, "publish", CCHC_DEPLOY_KEY=str(key))
    assert result.returncode == 2 and f"chmod 600 {key}" in result.stderr and result.stdout == ""


@needs_servers
def test_an_invalid_post_stops_the_publish_with_the_reason(portal, published, project):
    broken = project / "content" / "tin-bai" / "2026" / "bai-loi.md"
    broken.write_text("Title: Bài lỗi\nDate: 31/02/2026\nUnit: van-phong\nTopic: tthc\n\nNội dung.\n", encoding="utf-8")
    _commit(project, "Bài lỗi")
    before = _untouched(portal)
    result = invoke(project, portal, "publish")
    assert result.returncode != 0
    assert "Không xuất bản: bản dựng nghiêm ngặt (publishconf.py) không thành công" in result.stderr
    assert "bai-loi.md" in result.stderr and "Date" in result.stderr
    assert _untouched(portal) == before


@needs_servers
def test_uncommitted_content_is_refused_and_a_forced_dry_run_shows_the_changes_and_touches_nothing(
        portal, published, project):
    post = _edit(project, "Sửa dở, chưa commit.", commit=False)
    before = _untouched(portal)
    result = invoke(project, portal, "publish")
    assert result.returncode != 0
    assert "có thay đổi chưa lưu vào git" in result.stderr and EDITED_POST.removeprefix("content/") in result.stderr
    forced = invoke(project, portal, "publish", "--dry-run", "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert f"~ {post.lstrip('/')}" in forced.stdout and "Chạy thử (--dry-run)" in forced.stdout
    assert _untouched(portal) == before


@needs_servers
def test_a_missing_setting_stops_before_anything_is_built_or_sent(portal, published, project):
    before = _untouched(portal)
    result = invoke(project, portal, "publish", CCHC_DEPLOY_USER="", CCHC_DEPLOY_PORT="hai hai")
    assert result.returncode == 2
    assert "Thiếu CCHC_DEPLOY_USER" in result.stderr and "Sai CCHC_DEPLOY_PORT" in result.stderr
    assert result.stdout == ""
    wrong_path = invoke(project, portal, "releases", CCHC_DEPLOY_PATH="/srv/trang-khac")
    assert wrong_path.returncode == 1 and f"chỉ được xuất bản vào {portal.path}" in wrong_path.stderr
    assert _untouched(portal) == before


@needs_servers
def test_the_publishing_key_can_do_nothing_else_on_the_server(portal, published):
    ssh = [TOOLS["ssh"], "-p", str(portal.ssh_port), "-i", str(portal.key), "-o", "IdentitiesOnly=yes",
           "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={portal.known_hosts}",
           "-o", "StrictHostKeyChecking=accept-new", f"{portal.user}@127.0.0.1"]
    for command in ("cat /etc/passwd", "sh -c id", f"remove {portal.live()}", "switch ../../etc", "remove .."):
        result = subprocess.run([*ssh, command], capture_output=True, text=True)
        assert result.returncode != 0 and "cchc-deploy: " in result.stderr, command
    pull = subprocess.run([TOOLS["rsync"], "-r", "-e", " ".join(ssh[:-1]), f"{portal.user}@127.0.0.1:{published}/",
                           str(portal.key.parent / "pulled")], capture_output=True, text=True)
    assert pull.returncode != 0 and "write-only" in pull.stderr
    escape = subprocess.run([TOOLS["rsync"], "-r", "-e", " ".join(ssh[:-1]), str(ROOT / "data") + "/",
                             f"{portal.user}@127.0.0.1:../../x/"], capture_output=True, text=True)
    assert escape.returncode != 0 and "do not use .." in escape.stderr
    assert portal.live() in portal.releases()
