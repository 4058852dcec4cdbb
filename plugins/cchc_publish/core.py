"""Publishing to the ward portal, the pure part: settings, release names, pruning, commands.

Pure core: no files, no processes, no clock. The settings arrive as a mapping, "now" as
an argument, what ssh, rsync and the server said as text; plain values come out.
deploy.py does the I/O around it. The server side is the `cchc-deploy` script beside
this file: the verbs below are the whole of what the publishing key may ask for.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

RELEASE_FORMAT = "%Y%m%dT%H%M%SZ"  # a UTC time: names sort as times do
RELEASE_NAME = re.compile(r"\d{8}T\d{6}Z")
PARTIAL = ".partial"  # an upload in progress; the server renames it when it goes live


class PublishError(Exception):
    """A reason not to publish, in Vietnamese, for the person at the keyboard."""


class Invalid(ValueError):
    """A setting's value is wrong: the message says what is expected."""


# Settings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """Where and how to publish, validated."""

    host: str
    port: int
    user: str
    path: str
    key: str
    siteurl: str
    keep: int
    known_hosts: str

    @property
    def where(self) -> str:
        """The portal as people write it: deploy@host:/srv/cchc (with the port when not 22)."""
        port = f" (cổng {self.port})" if self.port != 22 else ""
        return f"{self.user}@{self.host}:{self.path}{port}"

    @property
    def login(self) -> str:
        """user@host for ssh and rsync (IPv6 addresses in brackets)."""
        return f"{self.user}@[{self.host}]" if ":" in self.host else f"{self.user}@{self.host}"


def _host(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.:-]*", value):
        raise Invalid("cần tên hoặc địa chỉ máy chủ (chữ, số, dấu chấm, gạch ngang), ví dụ cchc.phuong.example")
    return value


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise Invalid("cần số cổng SSH từ 1 đến 65535, thường là 22")
    return int(value)


def _user(value: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_.-]*", value):
        raise Invalid("cần tên người dùng trên máy chủ (chữ thường, số, _ . -), ví dụ deploy")
    return value


def _path(value: str) -> str:
    path = value.rstrip("/") or "/"
    if not path.startswith("/") or path == "/" or not re.fullmatch(r"[A-Za-z0-9/_.-]+", path) \
            or "/../" in path + "/" or "/./" in path + "/":
        raise Invalid("cần đường dẫn tuyệt đối tới thư mục của trang trên máy chủ, ví dụ /srv/cchc")
    return path


def _file(value: str) -> str:
    if any(character in value for character in "\"'\n"):
        raise Invalid("đường dẫn tệp không được chứa dấu nháy hay xuống dòng")
    return value


def _siteurl(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid("cần địa chỉ đầy đủ của trang, ví dụ https://cchc.phuong.example")
    return value.rstrip("/")


def _keep(value: str) -> int:
    if not value.isdigit() or int(value) < 2:
        raise Invalid("cần một số từ 2 trở lên (giữ ít nhất một bản cũ để có thể quay lại)")
    return int(value)


@dataclass(frozen=True)
class Setting:
    """One setting: its variable, what it is (for the message), how to read it, its default."""

    name: str
    field: str
    what: str
    parse: Callable[[str], object]
    default: str | None = None  # None: required


SETTINGS = (
    Setting("CCHC_DEPLOY_HOST", "host", "tên hoặc địa chỉ máy chủ web của cổng thông tin", _host),
    Setting("CCHC_DEPLOY_PORT", "port", "cổng SSH của máy chủ", _port, "22"),
    Setting("CCHC_DEPLOY_USER", "user", "người dùng dành riêng cho việc xuất bản trên máy chủ", _user),
    Setting("CCHC_DEPLOY_PATH", "path", "thư mục của trang trên máy chủ (chứa releases/ và current)", _path),
    Setting("CCHC_DEPLOY_KEY", "key", "đường dẫn tệp khóa riêng SSH dùng để xuất bản", _file),
    Setting("CCHC_SITEURL", "siteurl", "địa chỉ đầy đủ của trang khi đã xuất bản", _siteurl),
    Setting("CCHC_DEPLOY_KEEP", "keep", "số bản phát hành giữ lại trên máy chủ", _keep, "5"),
    Setting("CCHC_DEPLOY_KNOWN_HOSTS", "known_hosts", "tệp ghi khóa nhận dạng của máy chủ", _file,
            "~/.ssh/cchc_known_hosts"),
)


def read_config(values: Mapping[str, object]) -> Config:
    """Validate every setting at once; PublishError lists each missing or wrong one by name."""
    found: dict[str, object] = {}
    problems = []
    for setting in SETTINGS:
        raw = values.get(setting.name)
        text = str(raw).strip() if raw is not None else ""
        if not text and setting.default is None:
            problems.append(f"Thiếu {setting.name}: {setting.what}.")
            continue
        try:
            found[setting.field] = setting.parse(text or setting.default)
        except Invalid as error:
            problems.append(f"Sai {setting.name}: {error}; đang có “{text}”.")
    if problems:
        raise PublishError(
            "Chưa xuất bản: thiếu hoặc sai cài đặt nơi xuất bản (biến môi trường, xem docs/xuat-ban.md):\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    return Config(**found)


# Releases ---------------------------------------------------------------------


def release_name(now: datetime, taken: Iterable[str] = ()) -> str:
    """A new release's name: the UTC time, moved on a second while that name is taken."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    taken = set(taken)
    moment = now.astimezone(UTC).replace(microsecond=0)
    while moment.strftime(RELEASE_FORMAT) in taken:
        moment += timedelta(seconds=1)
    return moment.strftime(RELEASE_FORMAT)


def release_time(name: str) -> datetime:
    """When a release was made (UTC), read from its name."""
    return datetime.strptime(name, RELEASE_FORMAT).replace(tzinfo=UTC)


def to_prune(names: Iterable[str], keep: int, live: str | None) -> list[str]:
    """Releases to delete, by name (never by file time): all but the newest `keep` and the live one."""
    ordered = sorted(name for name in names if RELEASE_NAME.fullmatch(name))
    kept = set(ordered[-keep:]) | {live}
    return [name for name in ordered if name not in kept]


def previous(names: Iterable[str], live: str | None) -> str | None:
    """The release before the live one, by name; None when there is none."""
    if live is None:
        return None
    older = [name for name in names if RELEASE_NAME.fullmatch(name) and name < live]
    return max(older, default=None)


@dataclass(frozen=True)
class Status:
    """What the server holds: its folder, the live release, the releases and unfinished uploads."""

    root: str
    live: str | None
    releases: tuple[str, ...]
    partials: tuple[str, ...]


def read_status(text: str) -> Status:
    """Parse the server's answer to `status` (lines `root P`, `live N`, `release N`, `partial N`)."""
    root, live, releases, partials = "", None, [], []
    for line in text.splitlines():
        kind, _, value = line.strip().partition(" ")
        if kind == "root":
            root = value
        elif kind == "live":
            live = value
        elif kind == "release" and RELEASE_NAME.fullmatch(value):
            releases.append(value)
        elif kind == "partial" and RELEASE_NAME.fullmatch(value):
            partials.append(value)
    if not root:
        raise PublishError(f"Máy chủ trả lời không đúng dạng của cchc-deploy: “{text.strip()[:200]}”.")
    return Status(root, live, tuple(sorted(releases)), tuple(sorted(partials)))


# What is sent to the server -----------------------------------------------------

STATUS = "status"


def activate(name: str) -> str:
    """Make the upload releases/NAME.partial the release NAME and switch the site to it."""
    return f"activate {name}"


def switch(name: str) -> str:
    """Switch the site to the existing release NAME (the server runs ln -sfn … && mv -T …)."""
    return f"switch {name}"


def remove(names: Iterable[str]) -> str:
    """Delete releases or unfinished uploads (NAME.partial); the server refuses the live one."""
    return "remove " + " ".join(names)


def ssh_options(config: Config) -> list[str]:
    """ssh's options: only our key, no questions, a host key file of our own, a bounded wait."""
    return [
        "-p", str(config.port),
        "-i", config.key,
        "-o", "IdentitiesOnly=yes",
        "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=accept-new",
        "-o", f"UserKnownHostsFile={config.known_hosts}",
        "-o", "ConnectTimeout=10",
        "-o", "ServerAliveInterval=15",
        "-o", "ServerAliveCountMax=4",
        "-o", "LogLevel=ERROR",
    ]


def ssh_command(config: Config, remote: str) -> list[str]:
    """The ssh command line that asks the server for one verb."""
    return ["ssh", *ssh_options(config), config.login, remote]


def rsync_command(config: Config, source: str, dest: str,
                  link_dest: str | None = None, dry_run: bool = False) -> list[str]:
    """The rsync command line uploading the folder `source` into releases/<dest>/ on the server.

    Paths on the server are relative to releases/ (rrsync's restricted folder); --link-dest is
    anchored there with a leading slash. --checksum compares contents, not times (every build
    is fresh), so unchanged files are hard-linked from the previous release instead of sent.
    No --links: a symlink in the build is skipped, never recreated on the server.
    """
    command = [
        "rsync", "--recursive", "--checksum", "--perms", "--chmod=D755,F644", "--delete",
        "--itemize-changes", "--timeout=120",
        "-e", "ssh " + " ".join(shlex.quote(option) for option in ssh_options(config)),
    ]
    if link_dest:
        command.append(f"--link-dest=/{link_dest}")
    if dry_run:
        command.append("--dry-run")
    return [*command, source.rstrip("/") + "/", f"{config.login}:{dest}/"]


# What came back -------------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """Files an upload adds, changes and deletes compared with a release (rsync -i)."""

    new: tuple[str, ...]
    changed: tuple[str, ...]
    deleted: tuple[str, ...]


def read_itemized(text: str) -> Changes:
    """Read rsync --itemize-changes: `>f+++…` new, `>f…` changed, `*deleting` deleted; folders aside."""
    new, changed, deleted = [], [], []
    for line in text.splitlines():
        flags, _, path = line.partition(" ")
        path = path.strip()
        if flags == "*deleting":
            if not path.endswith("/"):
                deleted.append(path)
        elif len(flags) == 11 and flags[0] in "<>" and flags[1] == "f":
            (new if flags[2:].startswith("+") else changed).append(path)
    return Changes(tuple(new), tuple(changed), tuple(deleted))


# What ssh, rsync, rrsync and cchc-deploy write (LANG=C), and what it means for the person
# publishing; the first needle found wins, {line} is the line it was found in.
FAILURES = (
    ("cchc-deploy: ", "máy chủ từ chối: {detail}"),
    ("Could not resolve hostname", "không tìm thấy máy chủ “{host}”: kiểm tra CCHC_DEPLOY_HOST"),
    ("Connection refused", "máy chủ {host} từ chối kết nối ở cổng {port}: kiểm tra CCHC_DEPLOY_PORT, "
                           "hoặc dịch vụ SSH trên máy chủ chưa chạy"),
    ("timed out", "không kết nối được tới {host} cổng {port} (hết thời gian chờ): kiểm tra mạng, "
                  "CCHC_DEPLOY_HOST và CCHC_DEPLOY_PORT"),
    ("No route to host", "không có đường mạng tới {host}: kiểm tra mạng và CCHC_DEPLOY_HOST"),
    ("Network is unreachable", "máy này đang không có mạng tới {host}"),
    ("REMOTE HOST IDENTIFICATION HAS CHANGED", "khóa nhận dạng của máy chủ {host} khác với khóa đã ghi trong "
                                               "{known_hosts}; có thể máy chủ đã cài lại, cũng có thể là máy chủ "
                                               "giả mạo: hỏi người quản trị trước khi xóa dòng cũ"),
    ("Host key verification failed", "không xác minh được khóa nhận dạng của máy chủ {host} (xem {known_hosts}); "
                                     "hỏi người quản trị"),
    ("Permission denied (publickey", "máy chủ {host} từ chối khóa {key} của người dùng {user}: kiểm tra "
                                    "CCHC_DEPLOY_KEY, CCHC_DEPLOY_USER và authorized_keys trên máy chủ"),
    ("Too many authentication failures", "máy chủ {host} từ chối khóa {key} của người dùng {user}: kiểm tra "
                                         "CCHC_DEPLOY_KEY và CCHC_DEPLOY_USER"),
    ("UNPROTECTED PRIVATE KEY FILE", "tệp khóa {key} để người khác đọc được, ssh không dùng: chạy chmod 600 {key}"),
    ("Another instance of rrsync", "máy chủ đang nhận một lần xuất bản khác; thử lại sau ít phút"),
    ("rrsync error: ", "máy chủ (rrsync) từ chối lệnh gửi tệp: {detail}"),
    ("not found", "trên máy chủ thiếu chương trình ({line}): khóa phải được gắn lệnh cchc-deploy trong "
                  "authorized_keys, và máy chủ cần các gói rsync và python3 (xem docs/xuat-ban.md)"),
    ("Permission denied", "trên máy chủ, người dùng {user} không đủ quyền ({line}): thư mục CCHC_DEPLOY_PATH "
                          "và releases/ phải thuộc người dùng này"),
    ("No space left on device", "máy chủ hết chỗ trống trên đĩa: xóa bớt bản cũ (giảm CCHC_DEPLOY_KEEP) hoặc "
                                "hỏi người quản trị"),
    ("Connection closed", "máy chủ {host} đóng kết nối giữa chừng"),
    ("Connection reset", "kết nối tới {host} bị ngắt giữa chừng"),
    ("Broken pipe", "kết nối tới {host} bị ngắt giữa chừng"),
)


def explain(stderr: str, config: Config) -> str:
    """Say in Vietnamese why talking to the server failed, from what ssh, rsync or the server wrote."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for needle, message in FAILURES:
        line = next((line for line in lines if needle in line), None)
        if line is not None:
            return message.format(host=config.host, port=config.port, user=config.user, key=config.key,
                                  known_hosts=config.known_hosts, line=line,
                                  detail=line.partition(needle)[2].strip())
    return "lỗi khi nói chuyện với máy chủ: " + (lines[-1] if lines else "không có thông báo")


def stale_partials(partials: Iterable[str], now: datetime, age: timedelta = timedelta(hours=1)) -> list[str]:
    """Unfinished uploads old enough to be abandoned (a younger one may be another editor's, in progress)."""
    return [name + PARTIAL for name in partials if release_time(name) < now - age]
