"""Publishing to the ward portal, the I/O: git, the strict build, the checks, ssh and rsync.

The shell around core.py. Every step that can refuse does so with a PublishError in
Vietnamese before anything on the server changes; the server changes in two places only:
the upload into releases/<name>.partial/ and the one-step switch of `current`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from .core import (
    PARTIAL,
    STATUS,
    Changes,
    Config,
    PublishError,
    Status,
    activate,
    explain,
    previous,
    read_config,
    read_itemized,
    read_status,
    release_name,
    release_time,
    remove,
    rsync_command,
    ssh_command,
    stale_partials,
    switch,
    to_prune,
)

Say = Callable[[str], None]
WATCHED = ("content", "data")  # what editors change; uncommitted changes there are not published
LISTED = 30  # at most this many changed files are named in a plan


def config(settings: Mapping[str, object], environ: Mapping[str, str] | None = None) -> Config:
    """The publishing settings: CCHC_DEPLOY_* from the Pelican settings, overridden by the environment.

    Checks what core.py cannot: that the tools are installed and the key file is usable.
    """
    environ = os.environ if environ is None else environ
    values = {name: value for name, value in settings.items() if name.startswith("CCHC_")}
    values.update({name: value for name, value in environ.items() if name.startswith("CCHC_")})
    found = read_config(values)
    found = replace(found, key=os.path.expanduser(found.key), known_hosts=os.path.expanduser(found.known_hosts))
    problems = [f"Chưa cài {tool} trên máy này (gói {tool} của hệ điều hành)."
                for tool in ("ssh", "rsync") if shutil.which(tool) is None]
    key = Path(found.key)
    if not key.is_file():
        problems.append(f"Sai CCHC_DEPLOY_KEY: không có tệp khóa {key}.")
    elif key.stat().st_mode & 0o077:
        problems.append(f"Sai CCHC_DEPLOY_KEY: tệp khóa {key} để người khác đọc được; ssh sẽ không dùng nó. "
                        f"Chạy: chmod 600 {key}")
    if problems:
        raise PublishError("Chưa xuất bản:\n" + "\n".join(f"  - {problem}" for problem in problems))
    return found


# The server ------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """The portal's web server, reached with ssh and rsync as the publishing user."""

    config: Config

    def ask(self, verb: str) -> str:
        """Run one cchc-deploy verb on the server; its output, or PublishError saying why not."""
        self._known_hosts_folder()
        result = subprocess.run(ssh_command(self.config, verb), capture_output=True, encoding="utf-8",
                                errors="replace", env=_c_locale(), stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise PublishError(explain(result.stderr, self.config))
        return result.stdout

    def status(self) -> Status:
        """The server's releases, after checking it serves the folder CCHC_DEPLOY_PATH names."""
        status = read_status(self.ask(STATUS))
        if status.root.rstrip("/") != self.config.path:
            raise PublishError(
                f"Sai CCHC_DEPLOY_PATH: đang là {self.config.path}, nhưng khóa này trên máy chủ chỉ được xuất bản "
                f"vào {status.root}. Sửa CCHC_DEPLOY_PATH hoặc dùng đúng khóa của trang này."
            )
        return status

    def rsync(self, source: Path, dest: str, link_dest: str | None = None, dry_run: bool = False) -> str:
        """Upload `source` into releases/<dest>/ (or only say what would change); rsync's itemized list."""
        self._known_hosts_folder()
        command = rsync_command(self.config, str(source), dest, link_dest, dry_run)
        result = subprocess.run(command, capture_output=True, encoding="utf-8", errors="replace", env=_c_locale(),
                                stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise PublishError(f"Gửi tệp lên không thành công (rsync mã {result.returncode}): "
                               + explain(result.stderr, self.config))
        return result.stdout

    def _known_hosts_folder(self) -> None:
        Path(self.config.known_hosts).parent.mkdir(parents=True, exist_ok=True, mode=0o700)


def _c_locale() -> dict[str, str]:
    # ssh's and rsync's messages are read by core.explain: keep them in English.
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}


# Before anything is sent ----------------------------------------------------------


def uncommitted(root: Path) -> list[str]:
    """Files under content/ and data/ that git sees as changed, new or deleted and not committed."""
    try:
        result = subprocess.run(["git", "-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all",
                                 "--", *WATCHED], cwd=root, capture_output=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise PublishError("Không kiểm tra được thay đổi chưa lưu: máy này chưa cài git. "
                           "Dùng --force nếu chắc chắn muốn xuất bản.") from None
    if result.returncode != 0:
        raise PublishError("Không kiểm tra được thay đổi chưa lưu trong content/ và data/ (git: "
                           f"{result.stderr.strip()}). Dùng --force nếu chắc chắn muốn xuất bản.")
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def build(root: Path, output: Path, config: Config, as_of: date) -> None:
    """The strict build: publishconf.py, a fresh folder, no cache, no drafts, warnings are fatal."""
    command = [sys.executable, "-m", "pelican", str(root / "content"), "-s", str(root / "publishconf.py"),
               "-o", str(output), "--ignore-cache", "--cache-path", str(output.parent / "cache"),
               "-e", f'CCHC_AS_OF="{as_of.isoformat()}"', "--fatal", "warnings"]
    result = subprocess.run(command, cwd=root, capture_output=True, encoding="utf-8", errors="replace",
                            env={**os.environ, "CCHC_SITEURL": config.siteurl, "COLUMNS": "200"})
    if result.returncode != 0:
        log = (result.stdout + result.stderr).strip().splitlines()
        raise PublishError("Không xuất bản: bản dựng nghiêm ngặt (publishconf.py) không thành công.\n"
                           + "\n".join(log[-40:]))


def check_content(root: Path, site: Path, as_of: date) -> list[str]:
    """`invoke check`: every post, registry and plan is valid."""
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=root, capture_output=True,
                            encoding="utf-8", errors="replace")
    if result.returncode != 0:
        return ["invoke check báo lỗi:\n" + (result.stderr or result.stdout).strip()]
    return []


def check_tally(root: Path, site: Path, as_of: date) -> list[str]:
    """The tally of the as-of year was computed: thong-ke/<year>.json is there and for that day."""
    path = site / "thong-ke" / f"{as_of.year}.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"không tính được số liệu năm {as_of.year}: bản dựng không có thong-ke/{as_of.year}.json"]
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"không đọc được số liệu thong-ke/{as_of.year}.json: {error}"]
    if document.get("year") != as_of.year or document.get("as_of") != as_of.isoformat():
        return [f"số liệu thong-ke/{as_of.year}.json tính cho năm {document.get('year')}, ngày "
                f"{document.get('as_of')}, không phải ngày {as_of.isoformat()}"]
    return []


# The project's checks on a built site, in order: a name for the plan, a function returning problems.
CHECKS: list[tuple[str, Callable[[Path, Path, date], list[str]]]] = [
    ("invoke check", check_content),
    ("số liệu thống kê", check_tally),
]


# Publishing ----------------------------------------------------------------------


def publish(root: Path, config: Config, as_of: date, local: tzinfo, dry_run: bool = False, force: bool = False,
            say: Say = print) -> str | None:
    """Build, check, upload a new release and switch to it; the release's name (None for a dry run)."""
    started = time.monotonic()
    say(f"Xuất bản lên {config.where} ({config.siteurl}), số liệu tính đến {as_of:%d/%m/%Y}.")
    _refuse_uncommitted(root, force, say)
    server = Server(config)
    status = server.status()
    say(f"2. Đã kết nối máy chủ: {_describe_live(status, local)}, {len(status.releases)} bản phát hành.")
    with tempfile.TemporaryDirectory(prefix="cchc-publish-") as folder:
        site = Path(folder) / "site"
        _build_and_check(root, site, config, as_of, say)
        compare_to = status.live or release_name(datetime.now(UTC), status.releases) + PARTIAL
        say("5. " + _describe_changes(read_itemized(server.rsync(site, compare_to, dry_run=True)), site))
        if dry_run:
            say("Chạy thử (--dry-run): không gửi gì, trên máy chủ không có gì thay đổi.")
            return None
        name = _upload_and_switch(server, status, site)
    linked = f", tệp không đổi được liên kết cứng với bản {status.live}" if status.live else ""
    say(f"6. Đã gửi lên releases/{name}{linked}, và trang đã chuyển sang bản này trong một bước.")
    _prune(server, status, name, say)
    say(f"Đã xuất bản bản {name} trong {time.monotonic() - started:.1f} giây: {config.siteurl}/"
        "\nNếu cần quay lại bản trước: invoke rollback")
    return name


def _refuse_uncommitted(root: Path, force: bool, say: Say) -> None:
    if force:
        say("1. Bỏ qua kiểm tra thay đổi chưa lưu (--force).")
        return
    changed = uncommitted(root)
    if changed:
        raise PublishError("Không xuất bản: content/ hoặc data/ có thay đổi chưa lưu vào git (commit):\n"
                           + "\n".join(f"  {path}" for path in changed)
                           + "\nLưu (git commit) rồi xuất bản lại, hoặc dùng --force nếu chắc chắn.")
    say("1. content/ và data/ không có thay đổi chưa lưu.")


def _build_and_check(root: Path, site: Path, config: Config, as_of: date, say: Say) -> None:
    build(root, site, config, as_of)
    files = [path for path in site.rglob("*") if path.is_file()]
    say(f"3. Đã dựng trang nghiêm ngặt: {len(files)} tệp, {_mb(sum(path.stat().st_size for path in files))}.")
    problems = [problem for _, check in CHECKS for problem in check(root, site, as_of)]
    if problems:
        raise PublishError("Không xuất bản: bản dựng không qua kiểm tra:\n"
                           + "\n".join(f"  - {problem}" for problem in problems))
    say(f"4. Đạt các kiểm tra: {', '.join(label for label, _ in CHECKS)}.")


def _upload_and_switch(server: Server, status: Status, site: Path) -> str:
    """Upload into releases/<name>.partial (unchanged files hard-linked from the live one), then go live."""
    name = release_name(datetime.now(UTC), status.releases + status.partials)
    try:
        server.rsync(site, name + PARTIAL, link_dest=status.live)
        server.ask(activate(name))
    except PublishError:
        _try(server, remove([name + PARTIAL]))  # leave no half upload behind, if the server can still be reached
        raise
    return name


def _prune(server: Server, status: Status, live: str, say: Say) -> None:
    keep = server.config.keep
    stale = to_prune(status.releases + (live,), keep, live) + stale_partials(status.partials, datetime.now(UTC))
    if not stale:
        return
    if _try(server, remove(stale)):
        say(f"   Đã xóa {len(stale)} bản cũ (giữ {keep} bản mới nhất): {', '.join(stale)}.")
    else:
        say("   Cảnh báo: không xóa được bản cũ trên máy chủ; trang vẫn đã xuất bản bình thường.")


def rollback(config: Config, local: tzinfo, to: str | None = None, dry_run: bool = False, say: Say = print) -> str:
    """Switch the site back to the release before the live one (or to `to`); the name now live."""
    server = Server(config)
    status = server.status()
    if to is None:
        target = previous(status.releases, status.live)
        if target is None:
            raise PublishError(f"Không có bản nào trước bản đang chạy ({status.live or 'chưa xuất bản lần nào'}) "
                               "để quay lại.")
    elif to not in status.releases:
        raise PublishError(f"Không có bản phát hành “{to}” trên máy chủ; các bản hiện có: "
                           f"{', '.join(status.releases) or '(không có)'}.")
    else:
        target = to
    if target == status.live:
        raise PublishError(f"Bản {target} đang chạy rồi.")
    plan = f"{config.where} từ bản {status.live or '(không có)'} sang bản {_label(target, local)}"
    if dry_run:
        say(f"Chạy thử (--dry-run): sẽ chuyển {plan}; chưa thay đổi gì.")
        return target
    server.ask(switch(target))
    say(f"Đã quay lại: đã chuyển {plan}.")
    return target


def releases(config: Config, local: tzinfo, say: Say = print) -> Status:
    """Print the releases on the server, newest first, the live one marked."""
    status = Server(config).status()
    say(f"Các bản phát hành trên {config.where} (giữ {config.keep} bản mới nhất):")
    for name in reversed(status.releases):
        mark = "*" if name == status.live else " "
        say(f" {mark} {_label(name, local)}{'  (đang chạy)' if name == status.live else ''}")
    for name in status.partials:
        say(f"   {name}{PARTIAL}  (gửi dở; lần xuất bản sau sẽ xóa nếu đã quá một giờ)")
    if not status.releases:
        say("   (chưa có bản nào: chạy invoke publish)")
    return status


def _try(server: Server, verb: str) -> bool:
    try:
        server.ask(verb)
    except PublishError:
        return False
    return True


def _label(name: str, local: tzinfo) -> str:
    return f"{name}  {release_time(name).astimezone(local):%d/%m/%Y %H:%M:%S}"


def _describe_live(status: Status, local: tzinfo) -> str:
    return f"bản đang chạy {_label(status.live, local)}" if status.live else "chưa có bản nào đang chạy"


def _describe_changes(changes: Changes, site: Path) -> str:
    same = sum(1 for path in site.rglob("*") if path.is_file()) - len(changes.new) - len(changes.changed)
    lines = [f"So với bản đang chạy: {len(changes.new)} tệp mới, {len(changes.changed)} tệp thay đổi, "
             f"{len(changes.deleted)} tệp bị xóa, {same} tệp giữ nguyên."]
    named = [("+", changes.new), ("~", changes.changed), ("-", changes.deleted)]
    listed = [f"   {mark} {path}" for mark, paths in named for path in paths]
    lines += listed[:LISTED]
    if len(listed) > LISTED:
        lines.append(f"   … và {len(listed) - LISTED} tệp khác")
    return "\n".join(lines)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
