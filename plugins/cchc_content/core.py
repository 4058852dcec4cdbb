"""The content contract (CONTRACT.md §1 and §3): post headers, registries and plans.

Pure core: no Pelican, no files, no clock. Callers pass bytes, parsed TOML and time
zones in; they get plain values or a ContentError listing every problem at once.
Schemas are declared as data (tables of keys and validators); every validator returns
the cleaned value or raises Invalid with what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from xml.sax.saxutils import escape

import nh3

from .text import fold, fold_words, nfc, quarter_label, vi_short_date

POST_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
STATUSES = ("published", "hidden", "draft")
PERIODS = ("year", "quarter", "month")
PERIOD_NAMES = {"year": "năm", "quarter": "quý", "month": "tháng"}
DEFAULT_CHANNEL = "website"

DATE_FORMS = "2024-06-28, 2024-06-28 09:00, 2024-06-28T09:00:00+07:00, 28/06/2024, 28/06/2024 09:00"
QUARTER_FORMS = "2024-Q2, Q2/2024, Quý II/2024, Quý 2/2024, quy 2 nam 2024"

# ---------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One thing an editor can fix: where it is, what was found, what is accepted."""

    file: str
    key: str
    message: str
    found: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}: khóa “{self.key}”: {self.message}"
        if self.found is not None:
            text += f"; đã ghi: “{self.found}”"
        if self.expected:
            text += f"; chấp nhận: {self.expected}"
        return text + "."


class ContentError(Exception):
    """Every problem found in the content or data, reported together."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"Có {count} lỗi trong nội dung, cần sửa trước khi xuất bản:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class Invalid(ValueError):
    """Raised by a validator: message says what is wrong, expected what is accepted."""

    def __init__(self, message: str, expected: str | None = None):
        super().__init__(message)
        self.message = message
        self.expected = expected


# ---------------------------------------------------------------------------
# Registries (units, topics, channels)


@dataclass(frozen=True)
class Entry:
    """A unit, topic or channel: its id, Vietnamese name and accepted aliases."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    """The entries of one registry, found by id, name or alias, loosely matched."""

    kind: str
    entries: tuple[Entry, ...]
    _index: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for spelling in (entry.id, entry.name, *entry.aliases):
                self._index.setdefault(fold(spelling), entry)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.entries)

    def get(self, entry_id: str) -> Entry:
        return next(entry for entry in self.entries if entry.id == entry_id)

    def find(self, spelling: str) -> Entry | None:
        return self._index.get(fold(spelling))

    def accepted(self) -> str:
        return ", ".join(self.ids) + " (hoặc tên, tên gọi khác)"


@dataclass(frozen=True)
class Registries:
    """The three registries a post refers to."""

    units: Registry
    topics: Registry
    channels: Registry


REGISTRY_FILES = {"unit": "units.toml", "topic": "topics.toml", "channel": "channels.toml"}
REGISTRY_NAMES = {"unit": "bộ phận", "topic": "lĩnh vực", "channel": "kênh"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("phải là một chuỗi chữ không rỗng", "một chuỗi chữ trong dấu ngoặc kép")
    return nfc(value.strip())


def _identifier(value: object) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise Invalid("mã không hợp lệ", "chữ thường không dấu, số và dấu gạch ngang, ví dụ “van-phong”")
    return value


def _text_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise Invalid("phải là danh sách chuỗi chữ", '["Tên khác 1", "Tên khác 2"]')
    return tuple(nfc(item.strip()) for item in value)


ENTRY_SCHEMA: dict[str, tuple[bool, Callable[[object], object]]] = {
    "id": (True, _identifier),
    "name": (True, _text),
    "aliases": (False, _text_list),
}


def _check_table(
    table: object, schema: dict, file: str, where: str, problems: list[Problem]
) -> dict | None:
    """Validate one TOML table against a schema; collect problems; return cleaned values."""
    if not isinstance(table, dict):
        problems.append(Problem(file, where, "phải là một bảng khóa = giá trị", repr(table)))
        return None
    cleaned: dict = {}
    for key in table:
        if key not in schema:
            problems.append(
                Problem(file, f"{where}.{key}", "khóa không được hỗ trợ", key, ", ".join(schema))
            )
    for key, (required, validate) in schema.items():
        if key not in table:
            if required:
                problems.append(Problem(file, f"{where}.{key}", "thiếu khóa bắt buộc"))
            continue
        try:
            cleaned[key] = validate(table[key])
        except Invalid as error:
            problems.append(
                Problem(file, f"{where}.{key}", error.message, repr(table[key]), error.expected)
            )
    return cleaned


def parse_registry(kind: str, data: dict, file: str, problems: list[Problem]) -> Registry:
    """Build a registry from parsed TOML (`[[unit]]` tables), collecting problems."""
    tables = data.get(kind)
    for key in data:
        if key != kind:
            problems.append(Problem(file, key, "khóa không được hỗ trợ", key, f"các bảng [[{kind}]]"))
    if not isinstance(tables, list) or not tables:
        problems.append(Problem(file, f"[[{kind}]]", f"cần ít nhất một bảng [[{kind}]]"))
        return Registry(kind, ())
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{kind}[{number}]"
        cleaned = _check_table(table, ENTRY_SCHEMA, file, where, problems)
        if not cleaned or "id" not in cleaned or "name" not in cleaned:
            continue
        entry = Entry(cleaned["id"], cleaned["name"], cleaned.get("aliases", ()))
        if any(other.id == entry.id for other in entries):
            problems.append(Problem(file, f"{where}.id", "mã bị trùng", entry.id, "mỗi mã chỉ dùng một lần"))
            continue
        for spelling in (entry.id, entry.name, *entry.aliases):
            owner = seen.get(fold(spelling))
            if owner is not None and owner != entry.id:
                problems.append(
                    Problem(
                        file,
                        f"{where}.aliases",
                        f"tên “{spelling}” trùng với tên của “{owner}” (khi bỏ dấu, hoa thường, khoảng trắng)",
                        spelling,
                        "mỗi tên chỉ thuộc về một mục",
                    )
                )
            seen.setdefault(fold(spelling), entry.id)
        entries.append(entry)
    return Registry(kind, tuple(entries))


# ---------------------------------------------------------------------------
# Plans


@dataclass(frozen=True)
class Target:
    """A minimum number of posts on a channel per period (per unit if each_unit)."""

    id: str
    channel: str
    period: str
    minimum: int
    each_unit: bool
    label: str


@dataclass(frozen=True)
class Plan:
    """One year's plan: the document it comes from and its targets."""

    year: int
    document: str
    file: str
    targets: tuple[Target, ...]


def _period(value: object) -> str:
    if value not in PERIODS:
        raise Invalid("kỳ không hợp lệ", "year, quarter, month")
    return value  # type: ignore[return-value]


def _minimum(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Invalid("phải là số nguyên từ 1 trở lên", "1, 2, 12, …")
    return value


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid("phải là true hoặc false", "true, false")
    return value


def _year(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 9999:
        raise Invalid("phải là một năm", "2024")
    return value


PLAN_SCHEMA = {"year": (True, _year), "document": (True, _text), "target": (True, lambda v: v)}
TARGET_SCHEMA = {
    "channel": (True, _identifier),
    "period": (True, _period),
    "minimum": (True, _minimum),
    "each_unit": (False, _boolean),
    "id": (False, _identifier),
    "label": (False, _text),
}


def default_label(channel: Entry, period: str, minimum: int, each_unit: bool) -> str:
    """A Vietnamese sentence for a target that has no label of its own."""
    who = "Mỗi bộ phận có" if each_unit else "Có"
    return f"{who} ít nhất {minimum} tin/bài mỗi {PERIOD_NAMES[period]} trên {channel.name}"


def parse_plan(
    data: dict, file: str, file_year: int | None, registries: Registries, problems: list[Problem]
) -> Plan | None:
    """Build a year's plan from parsed TOML, collecting problems."""
    before = len(problems)
    cleaned = _check_table(data, PLAN_SCHEMA, file, "plan", problems) or {}
    for problem_index in range(before, len(problems)):  # report plan-level keys without a prefix
        problem = problems[problem_index]
        problems[problem_index] = Problem(
            problem.file, problem.key.removeprefix("plan."), problem.message, problem.found, problem.expected
        )
    year = cleaned.get("year")
    if year is not None and file_year is not None and year != file_year:
        problems.append(
            Problem(file, "year", "năm của kế hoạch khác với tên tệp", str(year), f"{file_year} (theo tên tệp)")
        )
    tables = data.get("target")
    if "target" in data and (not isinstance(tables, list) or not tables):
        problems.append(Problem(file, "[[target]]", "cần ít nhất một bảng [[target]]"))
        tables = []
    targets: list[Target] = []
    for number, table in enumerate(tables or [], start=1):
        where = f"target[{number}]"
        values = _check_table(table, TARGET_SCHEMA, file, where, problems)
        channel = (values or {}).get("channel")
        if channel is not None and channel not in registries.channels.ids:
            problems.append(
                Problem(file, f"{where}.channel", "kênh không có trong channels.toml", channel,
                        ", ".join(registries.channels.ids))
            )
            continue
        if not values or not {"channel", "period", "minimum"} <= values.keys():
            continue
        each_unit = values.get("each_unit", False)
        target_id = values.get("id") or f"{channel}-{values['period']}" + ("-each-unit" if each_unit else "")
        if any(target.id == target_id for target in targets):
            problems.append(
                Problem(file, f"{where}.id", "mã chỉ tiêu bị trùng", target_id, "mỗi chỉ tiêu một mã riêng (khóa id)")
            )
            continue
        label = values.get("label") or default_label(
            registries.channels.get(channel), values["period"], values["minimum"], each_unit
        )
        targets.append(Target(target_id, channel, values["period"], values["minimum"], each_unit, label))
    if len(problems) > before or year is None:
        return None
    return Plan(year, cleaned["document"], file, tuple(targets))


# ---------------------------------------------------------------------------
# Posts


@dataclass(frozen=True)
class Post:
    """A post as the contract reads it. Fields are None where the header is wrong."""

    source: str
    title: str | None
    date: datetime | None  # aware, in local time
    status: str
    unit: str | None
    topics: tuple[str, ...]
    channels: tuple[str, ...]
    problems: tuple[Problem, ...]
    tags: tuple[str, ...] = ()
    slug: str | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def quarter(self) -> str | None:
        return quarter_of(self.date) if self.date else None

    @property
    def month(self) -> str | None:
        return f"{self.date:%Y-%m}" if self.date else None


_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_FENCE_START = re.compile(r"^-{3}(\s.*)?$")


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text in NFC (a leading BOM dropped), or ContentError naming the file."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(
            [
                Problem(
                    file,
                    "(mã hóa tệp)",
                    f"tệp không phải UTF-8 (byte lỗi ở vị trí {error.start}); có thể tệp được lưu bằng bảng mã cũ "
                    "như TCVN3 hay Windows-1258",
                    None,
                    "lưu lại tệp với bảng mã UTF-8",
                )
            ]
        ) from None
    return nfc(text.removeprefix("\ufeff"))


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split Pelican's Markdown header (`Key: value` lines) from the body.

    Keys are lower-cased; indented continuation lines are joined with ", " (Pelican
    turns them into a list). Mirrors Python-Markdown's meta extension.
    """
    lines = text.split("\n")
    if lines and _FENCE_START.match(lines[0]):
        lines = lines[1:]
    meta: dict[str, list[str]] = {}
    key = None
    body_start = len(lines)
    for index, line in enumerate(lines):
        if line.strip() in ("", "---", "..."):
            body_start = index + 1
            break
        match = _META.match(line)
        more = _META_MORE.match(line)
        if match:
            key = match.group("key").lower()
            meta.setdefault(key, []).append(match.group("value").strip())
        elif more and key:
            meta[key].append(more.group("value").strip())
        else:
            body_start = index
            break
    header = {name: ", ".join(part for part in parts if part) for name, parts in meta.items()}
    return header, "\n".join(lines[body_start:])


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")


def parse_date(value: str, local: tzinfo) -> datetime:
    """Read a `Date` value (CONTRACT §1); day first for `DD/MM/YYYY`; aware, in local time."""
    text = nfc(value).strip()
    try:
        dmy = _DMY.match(text)
        if dmy:
            day, month, year = int(dmy[1]), int(dmy[2]), int(dmy[3])
            hour, minute, second = int(dmy[4] or 0), int(dmy[5] or 0), int(dmy[6] or 0)
            moment = datetime(year, month, day, hour, minute, second)
        elif _YMD.match(text):
            moment = datetime.fromisoformat(text)
        else:
            raise Invalid("không đọc được ngày", DATE_FORMS)
    except ValueError as error:
        if isinstance(error, Invalid):
            raise
        raise Invalid("ngày hoặc giờ không có thật", DATE_FORMS) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=local)
    return moment.astimezone(local)


_QUARTER_YEAR_FIRST = re.compile(r"^(\d{4}) ?- ?q ?([1-4])$")
_QUARTER_YEAR_LAST = re.compile(r"^(?:q|quy) ?(iv|i{1,3}|[1-4]) ?(?:/|-|nam| ) ?(\d{4})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_quarter(value: str) -> str:
    """Read a `Quarter` value in any accepted form; return it as `2024-Q2`."""
    text = fold_words(value)
    match = _QUARTER_YEAR_FIRST.match(text)
    if match:
        return f"{match[1]}-Q{match[2]}"
    match = _QUARTER_YEAR_LAST.match(text)
    if match:
        number = _ROMAN.get(match[1]) or int(match[1])
        return f"{match[2]}-Q{number}"
    raise Invalid("không đọc được quý", QUARTER_FORMS)


def quarter_of(moment: date) -> str:
    """The quarter id of a (local) date: `2024-Q2`."""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# Markup editors may not paste into a post (CONTRACT: nothing unsafe reaches residents).
UNSAFE_MARKUP = (
    (re.compile(r"<\s*script", re.I), "thẻ <script>"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "thuộc tính sự kiện như onclick=, onerror="),
    (re.compile(r"javascript\s*:", re.I), "liên kết javascript:"),
    (re.compile(r"<\s*(iframe|object|embed|form|input)\b", re.I),
     "khung nhúng hoặc biểu mẫu (<iframe>, <object>, <form>…)"),
    (re.compile(r"<[^>]*\sstyle\s*=", re.I), "định dạng trực tiếp style="),
)
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"picture", "source", "audio"}
ALLOWED_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "*": {"id", "class", "lang", "title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media", "src"},
    "audio": {"controls", "src", "preload"},
}


def unsafe_markup(body: str) -> list[str]:
    """What in a post's body would be removed as unsafe, described in Vietnamese."""
    return [description for pattern, description in UNSAFE_MARKUP if pattern.search(body)]


_HEADING = re.compile(r"<(/?)h([1-5])\b")


def demote_headings(html: str) -> str:
    """A post's page has its title as the only h1: a body that uses h1 gets every heading one level down."""
    if not re.search(r"<h1\b", html):
        return html
    return _HEADING.sub(lambda match: f"<{match[1]}h{int(match[2]) + 1}", html)


def sanitize_html(html: str) -> str:
    """Post HTML with only allow-listed tags, attributes and URL schemes (no script, handler, style)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None,
                     url_schemes={"http", "https", "mailto", "tel"})


def _match_list(parts: list[str], registry: Registry) -> list[tuple[str, Entry | None]]:
    """Match comma-separated parts to entries, longest run first: names may contain commas
    ("Công tác chỉ đạo, điều hành cải cách hành chính")."""
    matches = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            spelling = ", ".join(parts[start:end])
            entry = registry.find(spelling)
            if entry is not None:
                matches.append((spelling, entry))
                start = end
                break
        else:
            matches.append((parts[start], None))
            start += 1
    return matches


def parse_post(source: str, raw: bytes, registries: Registries, local: tzinfo) -> Post:
    """Read and validate one post file (CONTRACT §1), collecting every problem in it."""
    try:
        text = decode(raw, source)
    except ContentError as error:
        return Post(source, None, None, "published", None, (), (), error.problems)
    header, body = split_header(text)
    problems: list[Problem] = []

    def problem(key: str, message: str, found: str | None = None, expected: str | None = None) -> None:
        problems.append(Problem(source, key, message, found, expected))

    title = header.get("title", "").strip() or None
    if title is None:
        problem("Title", "thiếu tiêu đề", None, "một dòng “Title: …” ở đầu tệp")

    moment = None
    if not header.get("date", "").strip():
        problem("Date", "thiếu ngày đăng", None, DATE_FORMS)
    else:
        try:
            moment = parse_date(header["date"], local)
        except Invalid as error:
            problem("Date", error.message, header["date"], error.expected)

    status = header.get("status", "published").strip().lower() or "published"
    if status not in STATUSES:
        problem("Status", "trạng thái không hợp lệ", header["status"], ", ".join(STATUSES))
        status = "published"

    unit = None
    if not header.get("unit", "").strip():
        problem("Unit", "thiếu bộ phận viết bài", None, registries.units.accepted())
    else:
        entry = registries.units.find(header["unit"])
        if entry is None:
            problem("Unit", "bộ phận không có trong units.toml", header["unit"], registries.units.accepted())
        else:
            unit = entry.id

    def entries(key: str, registry: Registry, default: str | None) -> tuple[str, ...]:
        spellings = _split_list(header.get(key.lower(), ""))
        if not spellings:
            if default is None:
                problem(key, f"thiếu {REGISTRY_NAMES[registry.kind]}", None, registry.accepted())
                return ()
            return (default,)
        found: list[str] = []
        for spelling, entry in _match_list(spellings, registry):
            if entry is None:
                problem(
                    key,
                    f"{REGISTRY_NAMES[registry.kind]} không có trong {REGISTRY_FILES[registry.kind]}",
                    spelling,
                    registry.accepted(),
                )
            elif entry.id not in found:
                found.append(entry.id)
        return tuple(found)

    topics = entries("Topic", registries.topics, None)
    channels = entries("Channel", registries.channels, DEFAULT_CHANNEL)

    if header.get("quarter", "").strip():
        try:
            quarter = parse_quarter(header["quarter"])
        except Invalid as error:
            problem("Quarter", error.message, header["quarter"], error.expected)
        else:
            if moment is not None and quarter != quarter_of(moment):
                problem(
                    "Quarter",
                    f"quý không khớp với ngày đăng {vi_short_date(moment)}",
                    header["quarter"],
                    f"{quarter_label(quarter_of(moment))} (hoặc bỏ khóa Quarter để tự tính)",
                )

    for description in unsafe_markup(body):
        problem("(nội dung)", f"nội dung có {description}, sẽ bị loại bỏ khi đăng", None,
                "chữ, ảnh và liên kết Markdown thông thường")

    tags = tuple(_split_list(header.get("tags", "")))
    slug = header.get("slug", "").strip() or None
    return Post(source, title, moment, status, unit, topics, channels, tuple(problems), tags, slug)


def collisions(outputs: Iterable[tuple[str, str]]) -> list[Problem]:
    """Problems for sources that would write the same output file, naming both sources."""
    writers: dict[str, str] = {}
    problems = []
    for source, output in outputs:
        other = writers.setdefault(output, source)
        if other != source:
            problems.append(Problem(
                source, "Slug", f"bài này và {other} sẽ cùng ghi ra tệp {output}", None,
                "đặt tiêu đề khác, hoặc thêm khóa “Slug: …” riêng cho một trong hai bài",
            ))
    return problems



def sitemap_xml(site_url: str, paths: Iterable[str]) -> str:
    """A sitemap (sitemaps.org protocol) of the given output paths; index.html is shown as its folder."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in paths:
        url = path[: -len("index.html")] if path.endswith("index.html") else path
        lines.append(f"  <url><loc>{escape(site_url.rstrip('/') + '/' + url)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
