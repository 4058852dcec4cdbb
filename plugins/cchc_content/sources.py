"""Reading the content and data folders from disk (no Pelican): the shell around core.py."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from .core import (
    POST_EXTENSIONS,
    REGISTRY_FILES,
    ContentError,
    Invalid,
    Plan,
    Post,
    Problem,
    Registries,
    Registry,
    parse_plan,
    parse_post,
    parse_registry,
)

DEFAULTS = {
    "CCHC_DATA_DIR": "data",
    "CCHC_POSTS_DIR": "tin-bai",
    "CCHC_AS_OF": None,
    "CCHC_STRICT": False,
}
_PLAN_FILE = re.compile(r"^(\d{4})\.toml$")


@dataclass(frozen=True)
class Data:
    """Registries and the plans by year, as read from the data folder."""

    folder: Path
    registries: Registries
    plans: dict[int, Plan]


def _load_toml(path: Path, label: str, problems: list[Problem]) -> dict | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(label, "(tệp)", "không tìm thấy tệp"))
    except UnicodeDecodeError:
        problems.append(Problem(label, "(mã hóa tệp)", "tệp không phải UTF-8", None, "lưu lại với bảng mã UTF-8"))
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(label, "(cú pháp TOML)", f"sai cú pháp TOML: {error}"))
    return None


def load_data(folder: Path) -> Data:
    """Read units/topics/channels and plans/<year>.toml; ContentError lists every problem."""
    problems: list[Problem] = []
    registries = {}
    for kind, name in REGISTRY_FILES.items():
        data = _load_toml(folder / name, name, problems)
        registries[kind] = parse_registry(kind, data, name, problems) if data is not None else Registry(kind, ())
    loaded = Registries(registries["unit"], registries["topic"], registries["channel"])
    plans: dict[int, Plan] = {}
    plan_dir = folder / "plans"
    for path in sorted(plan_dir.glob("*.toml")) if plan_dir.is_dir() else []:
        label = f"plans/{path.name}"
        match = _PLAN_FILE.match(path.name)
        if not match:
            problems.append(Problem(label, "(tên tệp)", "tên tệp kế hoạch phải là năm", path.name, "2024.toml"))
            continue
        data = _load_toml(path, label, problems)
        if data is None:
            continue
        plan = parse_plan(data, label, int(match[1]), loaded, problems)
        if plan is not None:
            plans[plan.year] = plan
    if problems:
        raise ContentError(problems)
    return Data(folder, loaded, plans)


def data_folder(setting: str, settings_dir: Path) -> Path:
    """CCHC_DATA_DIR, relative to the settings file's folder unless absolute."""
    path = Path(setting)
    return path if path.is_absolute() else settings_dir / path


def relative_source(path: str, content_dir: str) -> str:
    """A content file's path relative to the content folder, with forward slashes (`tin-bai/2024/x.md`)."""
    root, path = os.path.join(os.path.normpath(content_dir), ""), os.path.normpath(path)
    if os.path.isabs(path) and path.startswith(root):  # the common case, asked several times per post
        return Path(path[len(root):]).as_posix()
    return Path(os.path.relpath(path, content_dir)).as_posix()


def post_files(content_dir: Path, posts_dir: str) -> list[Path]:
    """Every Markdown file under the posts folder, sorted (the tally's universe)."""
    root = content_dir / posts_dir
    files = [path for path in root.rglob("*") if path.suffix.lower() in POST_EXTENSIONS and path.is_file()]
    return sorted(files)


# Posts parsed in this process, by file name and bytes, for as long as the registries and the
# time zone stay the same: the preview server builds again and again in one process, and most
# files have not changed since its last build.
_parsed: dict = {"against": None, "posts": {}}


def read_posts(content_dir: Path, posts_dir: str, registries: Registries, local: tzinfo) -> list[Post]:
    """Parse every post file; invalid ones come back with their problems, none is skipped."""
    known = _parsed["posts"] if _parsed["against"] == (registries, local) else {}
    current = {}
    for path in post_files(content_dir, posts_dir):
        key = (path.relative_to(content_dir).as_posix(), path.read_bytes())
        current[key] = known[key] if key in known else parse_post(*key, registries, local)
    _parsed.update(against=(registries, local), posts=current)
    return list(current.values())


def as_of_day(setting: str | None, local: tzinfo, now: datetime | None = None) -> date:
    """The as-of day: the setting, else $CCHC_AS_OF, else today in local time (CONTRACT §2)."""
    value = setting or os.environ.get("CCHC_AS_OF")
    if value:
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ContentError(
                [Problem("CCHC_AS_OF", "CCHC_AS_OF", "ngày chốt số liệu không hợp lệ", str(value), "YYYY-MM-DD")]
            ) from None
    return (now or datetime.now(local)).astimezone(local).date()


def zone(name: str) -> tzinfo:
    """The local time zone from Pelican's TIMEZONE setting."""
    try:
        return ZoneInfo(name)
    except Exception as error:  # ZoneInfoNotFoundError or ValueError
        raise ContentError(
            [Problem("pelicanconf.py", "TIMEZONE", "múi giờ không hợp lệ", name, "Asia/Ho_Chi_Minh")]
        ) from error


__all__ = ["Data", "DEFAULTS", "Invalid", "as_of_day", "data_folder", "load_data", "post_files", "read_posts",
           "relative_source", "zone"]
