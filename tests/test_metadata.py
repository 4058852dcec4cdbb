"""Post headers (CONTRACT §1): the header split, dates, quarters, registry matching, problems."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_content.core import (
    ContentError,
    Invalid,
    Problem,
    Registries,
    collisions,
    decode,
    parse_date,
    parse_post,
    parse_quarter,
    parse_registry,
    quarter_of,
    split_header,
)
from cchc_content.sources import load_data, post_files, read_posts, relative_source

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = Path(__file__).resolve().parents[1]
SOURCE = "tin-bai/2024/doi-thoai.md"


def _registry(kind: str, entries: list[dict]):
    problems: list[Problem] = []
    registry = parse_registry(kind, {kind: entries}, f"{kind}s.toml", problems)
    assert problems == []
    return registry


REGISTRIES = Registries(
    units=_registry("unit", [
        {"id": "van-phong", "name": "Văn phòng HĐND và UBND phường", "aliases": ["Văn phòng", "VP HĐND-UBND"]},
        {"id": "kinh-te", "name": "Phòng Kinh tế, Hạ tầng và Đô thị", "aliases": ["Phòng Kinh tế", "KTHTĐT"]},
        {"id": "phuc-vu-hcc", "name": "Trung tâm Phục vụ hành chính công", "aliases": ["Bộ phận một cửa"]},
    ]),
    topics=_registry("topic", [
        {"id": "tthc", "name": "Cải cách thủ tục hành chính", "aliases": ["Thủ tục hành chính", "TTHC"]},
        {"id": "the-che", "name": "Cải cách thể chế", "aliases": ["Thể chế"]},
        {"id": "chinh-quyen-so", "name": "Chính quyền số", "aliases": ["Chuyển đổi số", "Đề án 06"]},
    ]),
    channels=_registry("channel", [
        {"id": "website", "name": "Trang thông tin điện tử của phường", "aliases": ["Website phường", "web"]},
        {"id": "truyen-thanh", "name": "Hệ thống truyền thanh cơ sở", "aliases": ["Truyền thanh", "Đài truyền thanh"]},
        {"id": "cap-tren", "name": "Cổng/Trang thông tin điện tử cấp trên", "aliases": ["Cấp trên"]},
    ]),
)
UNIT_IDS = "van-phong, kinh-te, phuc-vu-hcc"
TOPIC_IDS = "tthc, the-che, chinh-quyen-so"
CHANNEL_IDS = "website, truyen-thanh, cap-tren"

DEFAULT_HEADERS = {
    "Title": "Phường tổ chức Đối thoại giữa chính quyền và người dân về CCHC",
    "Date": "2024-06-28 09:00",
    "Unit": "van-phong",
    "Topic": "tthc",
}


def post_text(**headers: str | None) -> str:
    """A post file: the default headers, changed or (with None) removed by `headers`."""
    merged = {**DEFAULT_HEADERS, **headers}
    lines = [f"{key}: {value}" for key, value in merged.items() if value is not None]
    return "\n".join(lines) + "\n\nNội dung bài viết.\n"


def read(source: str = SOURCE, **headers: str | None):
    return parse_post(source, post_text(**headers).encode("utf-8"), REGISTRIES, LOCAL)


def problems_on(post, key: str) -> list[Problem]:
    return [problem for problem in post.problems if problem.key == key]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters with some marks precomposed, tones combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for index, mark in enumerate(marks):
            rest = "".join(marks[:index] + marks[index + 1:])
            try:
                out += (unicodedata.normalize("NFC", base + mark) + rest).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


# ---------------------------------------------------------------------------
# The header


def test_the_header_ends_at_the_first_blank_line_and_the_body_follows():
    header, body = split_header("Title: Tin vắn\nDate: 2024-06-28\n\nĐoạn một.\n\nĐoạn hai.")
    assert header == {"title": "Tin vắn", "date": "2024-06-28"}
    assert body == "Đoạn một.\n\nĐoạn hai."


def test_header_keys_are_read_case_insensitively():
    header, _ = split_header("TITLE: a\ndate: 2024-06-28\nImage_Alt: ảnh\n\nbody")
    assert header == {"title": "a", "date": "2024-06-28", "image_alt": "ảnh"}


def test_indented_continuation_lines_are_joined_with_commas():
    header, _ = split_header("Title: a\nTags: đối thoại\n    một cửa\n\nbody")
    assert header["tags"] == "đối thoại, một cửa"


def test_a_leading_fence_around_the_header_is_skipped():
    header, body = split_header("---\nTitle: a\nDate: 2024-06-28\n---\nbody")
    assert header == {"title": "a", "date": "2024-06-28"}
    assert body == "body"


def test_a_title_keeps_its_colons_slashes_and_quotes():
    title = "Thông báo số 12/TB-UBND: “Lịch tiếp công dân” 'quý 3' \"mới\""
    assert read(Title=title).title == title


def test_windows_line_endings_are_read_like_unix_ones():
    post = parse_post(SOURCE, post_text().replace("\n", "\r\n").encode(), REGISTRIES, LOCAL)
    assert post.valid
    assert post.title == DEFAULT_HEADERS["Title"]


def test_header_keys_of_a_post_are_case_insensitive():
    text = "TITLE: Tin vắn\ndate: 2024-06-28\nUNIT: van-phong\ntopic: tthc\nchannel: truyen-thanh\n\nbody"
    post = parse_post(SOURCE, text.encode(), REGISTRIES, LOCAL)
    assert post.valid
    assert (post.title, post.unit, post.topics, post.channels) == ("Tin vắn", "van-phong", ("tthc",), ("truyen-thanh",))


# ---------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("2024-06-28", datetime(2024, 6, 28, 0, 0, tzinfo=LOCAL)),
        ("2024-06-28 09:00", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-28T09:00", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-28 09:00:30", datetime(2024, 6, 28, 9, 0, 30, tzinfo=LOCAL)),
        ("2024-06-28T09:00:00+07:00", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-28T02:00:00Z", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-28T02:00:00+00:00", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-27T21:00:00-05:00", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-28T09:00+0700", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("2024-06-28T09:00:00.250+07:00", datetime(2024, 6, 28, 9, 0, 0, 250000, tzinfo=LOCAL)),
        ("28/06/2024", datetime(2024, 6, 28, 0, 0, tzinfo=LOCAL)),
        ("28/06/2024 09:00", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
        ("05/07/2024", datetime(2024, 7, 5, 0, 0, tzinfo=LOCAL)),
        ("5/7/2024", datetime(2024, 7, 5, 0, 0, tzinfo=LOCAL)),
        ("12/01/2024 14:30", datetime(2024, 1, 12, 14, 30, tzinfo=LOCAL)),
        ("  28/06/2024 09:00  ", datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)),
    ],
)
def test_every_accepted_date_form_reads_as_a_local_moment(value, moment):
    parsed = parse_date(value, LOCAL)
    assert parsed == moment
    assert parsed.utcoffset() == timedelta(hours=7)


def test_a_vietnamese_date_is_always_day_first():
    parsed = parse_date("05/07/2024", LOCAL)
    assert (parsed.day, parsed.month) == (5, 7)


def test_a_date_without_an_offset_is_local_time():
    parsed = parse_date("2024-06-28 09:00", LOCAL)
    assert parsed.tzinfo is LOCAL
    assert parsed.isoformat() == "2024-06-28T09:00:00+07:00"


def test_a_date_with_an_offset_is_converted_to_local_time():
    parsed = parse_date("2024-06-28T20:00:00Z", LOCAL)
    assert parsed.tzinfo is LOCAL
    assert parsed.isoformat() == "2024-06-29T03:00:00+07:00"


def test_an_iso_date_with_an_hours_only_offset_is_accepted():
    assert parse_date("2024-06-28T09:00:00+07", LOCAL) == datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("28-06-2024", "không đọc được ngày"),
        ("2024/06/28", "không đọc được ngày"),
        ("28/06/24", "không đọc được ngày"),
        ("2024-6-28", "không đọc được ngày"),
        ("June 28, 2024", "không đọc được ngày"),
        ("ngày 28 tháng 6 năm 2024", "không đọc được ngày"),
        ("hôm qua", "không đọc được ngày"),
        ("31/02/2024", "ngày hoặc giờ không có thật"),
        ("29/02/2023", "ngày hoặc giờ không có thật"),
        ("2024-02-30", "ngày hoặc giờ không có thật"),
        ("13/13/2024", "ngày hoặc giờ không có thật"),
        ("2024-13-01", "ngày hoặc giờ không có thật"),
        ("28/06/2024 25:00", "ngày hoặc giờ không có thật"),
        ("2024-06-28 09:61", "ngày hoặc giờ không có thật"),
    ],
)
def test_a_rejected_date_says_why_in_vietnamese_and_lists_the_accepted_forms(value, message):
    with pytest.raises(Invalid) as caught:
        parse_date(value, LOCAL)
    assert caught.value.message == message
    assert "28/06/2024" in caught.value.expected
    assert "2024-06-28 09:00" in caught.value.expected


def test_a_post_with_an_impossible_date_has_a_problem_naming_date_and_no_date():
    post = read(Date="31/02/2024")
    [problem] = post.problems
    assert (problem.key, problem.found, problem.message) == ("Date", "31/02/2024", "ngày hoặc giờ không có thật")
    assert post.date is None
    assert post.quarter is None and post.month is None


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31)))
def test_any_day_first_date_reads_back_as_that_local_day_and_time(moment):
    moment = moment.replace(second=0, microsecond=0)
    for text in (f"{moment:%d/%m/%Y %H:%M}", f"{moment.day}/{moment.month}/{moment:%Y} {moment:%H:%M}"):
        assert parse_date(text, LOCAL) == moment.replace(tzinfo=LOCAL)


utc_offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9998, 12, 30), timezones=utc_offsets))
def test_the_quarter_and_month_of_a_post_are_those_of_its_date_in_local_time(moment):
    post = read(Date=moment.isoformat())
    local = moment.astimezone(LOCAL)
    assert post.valid, post.problems
    assert post.date == moment
    assert post.quarter == f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    assert post.month == f"{local.year:04d}-{local.month:02d}"


# ---------------------------------------------------------------------------
# Quarters


@pytest.mark.parametrize(
    "value",
    [
        "2024-Q2", "2024-q2", "2024 - Q2", "Q2/2024", "q2/2024", "Q2-2024", "Q2 2024", "Quý II/2024", "Quý 2/2024",
        "quy 2 nam 2024", "Quý 2 năm 2024", "Quý II năm 2024", "QUÝ II/2024", "quý ii/2024", "Quý  II / 2024",
        "QUY 2 NAM 2024",
    ],
)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_every_accepted_quarter_form_reads_as_the_quarter_id(value, form):
    assert parse_quarter(unicodedata.normalize(form, value)) == "2024-Q2"


@pytest.mark.parametrize(("roman", "number"), [("I", 1), ("II", 2), ("III", 3), ("IV", 4)])
def test_a_quarter_in_roman_numerals_reads_as_its_number(roman, number):
    assert parse_quarter(f"Quý {roman}/2025") == f"2025-Q{number}"


@pytest.mark.parametrize(
    "value",
    ["2024-Q5", "2024-Q0", "Q0/2024", "Quý V/2024", "Quý IIII/2024", "quý hai 2024", "2024", "Q2/24", "Tháng 6"],
)
def test_a_rejected_quarter_lists_the_accepted_forms(value):
    with pytest.raises(Invalid) as caught:
        parse_quarter(value)
    assert caught.value.message == "không đọc được quý"
    for form in ("2024-Q2", "Q2/2024", "Quý II/2024", "Quý 2/2024", "quy 2 nam 2024"):
        assert form in caught.value.expected


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTER_RENDERINGS = [
    lambda y, q: f"{y}-Q{q}",
    lambda y, q: f"Q{q}/{y}",
    lambda y, q: f"Quý {ROMAN[q]}/{y}",
    lambda y, q: f"Quý {q}/{y}",
    lambda y, q: f"quy {q} nam {y}",
    lambda y, q: f"Quý {ROMAN[q]} năm {y}",
]


@given(
    year=st.integers(min_value=1000, max_value=9999),
    number=st.integers(min_value=1, max_value=4),
    render=st.sampled_from(QUARTER_RENDERINGS),
    case=st.sampled_from([str, str.upper, str.lower, str.title]),
    form=st.sampled_from(["NFC", "NFD"]),
)
def test_any_quarter_in_any_accepted_rendering_reads_back(year, number, render, case, form):
    assert parse_quarter(unicodedata.normalize(form, case(render(year, number)))) == f"{year}-Q{number}"


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2024, 1, 1), "2024-Q1"), (date(2024, 3, 31), "2024-Q1"), (date(2024, 4, 1), "2024-Q2"),
        (date(2024, 6, 30), "2024-Q2"), (date(2024, 7, 1), "2024-Q3"), (date(2024, 9, 30), "2024-Q3"),
        (date(2024, 10, 1), "2024-Q4"), (date(2024, 12, 31), "2024-Q4"),
    ],
)
def test_quarter_of_a_day(day, quarter):
    assert quarter_of(day) == quarter


def test_a_quarter_that_agrees_with_the_date_is_accepted():
    post = read(Date="28/06/2024 09:00", Quarter="Quý II/2024")
    assert post.valid
    assert post.quarter == "2024-Q2"


def test_a_quarter_that_disagrees_with_the_date_is_a_problem_naming_quarter():
    post = read(Date="2024-07-01 08:00", Quarter="2024-Q2")
    [problem] = post.problems
    assert problem.key == "Quarter"
    assert problem.found == "2024-Q2"
    assert "01/07/2024" in problem.message
    assert "Quý III/2024" in problem.expected


def test_the_quarter_of_a_date_is_judged_in_local_time():
    # 31 March 20:00 UTC is 1 April 03:00 in Hanoi: the second quarter.
    assert read(Date="2024-03-31T20:00:00Z", Quarter="2024-Q2").valid
    assert problems_on(read(Date="2024-03-31T20:00:00Z", Quarter="2024-Q1"), "Quarter")


def test_an_unreadable_quarter_is_a_problem_naming_quarter():
    [problem] = read(Quarter="nửa đầu năm").problems
    assert (problem.key, problem.found, problem.message) == ("Quarter", "nửa đầu năm", "không đọc được quý")


@settings(deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=utc_offsets),
       number=st.integers(min_value=1, max_value=4))
def test_a_given_quarter_is_valid_exactly_when_it_is_the_local_quarter_of_the_date(moment, number):
    local = moment.astimezone(LOCAL)
    post = read(Date=moment.isoformat(), Quarter=f"Quý {ROMAN[number]}/{local.year}")
    assert post.valid == (number == (local.month - 1) // 3 + 1)
    assert all(problem.key == "Quarter" for problem in post.problems)


# ---------------------------------------------------------------------------
# Keys of a post


def test_a_complete_post_reads_back_its_fields():
    post = read(
        Channel="website, truyen-thanh", Topic="chinh-quyen-so, tthc", Quarter="2024-Q2", Tags="đối thoại, một cửa",
        Slug="doi-thoai-2024", Summary="Sáng 28/6, UBND phường tổ chức hội nghị đối thoại...",
    )
    assert post.valid
    assert post.source == SOURCE
    assert post.title == DEFAULT_HEADERS["Title"]
    assert post.date == datetime(2024, 6, 28, 9, 0, tzinfo=LOCAL)
    assert post.status == "published"
    assert post.unit == "van-phong"
    assert post.topics == ("chinh-quyen-so", "tthc")
    assert post.channels == ("website", "truyen-thanh")
    assert post.tags == ("đối thoại", "một cửa")
    assert post.slug == "doi-thoai-2024"
    assert (post.quarter, post.month) == ("2024-Q2", "2024-06")


@pytest.mark.parametrize("channel", [None, "", "   "])
def test_channel_defaults_to_website(channel):
    post = read(Channel=channel)
    assert post.valid
    assert post.channels == ("website",)


@pytest.mark.parametrize(
    ("key", "message", "expected"),
    [
        ("Title", "thiếu tiêu đề", "Title: …"),
        ("Date", "thiếu ngày đăng", "28/06/2024"),
        ("Unit", "thiếu bộ phận viết bài", UNIT_IDS),
        ("Topic", "thiếu lĩnh vực", TOPIC_IDS),
    ],
)
@pytest.mark.parametrize("value", [None, "", "   "], ids=["absent", "empty", "blank"])
def test_a_required_key_that_is_missing_is_a_problem_naming_it(key, message, expected, value):
    post = read(**{key: value})
    [problem] = post.problems
    assert (problem.file, problem.key, problem.message) == (SOURCE, key, message)
    assert expected in problem.expected
    assert not post.valid


def test_a_topic_list_of_only_commas_is_a_missing_topic():
    [problem] = read(Topic=" , ,").problems
    assert (problem.key, problem.message) == ("Topic", "thiếu lĩnh vực")


@pytest.mark.parametrize(
    ("key", "value", "message", "accepted"),
    [
        ("Unit", "Phòng Tư pháp", "bộ phận không có trong units.toml", UNIT_IDS),
        ("Topic", "Môi trường", "lĩnh vực không có trong topics.toml", TOPIC_IDS),
        ("Channel", "Báo giấy", "kênh không có trong channels.toml", CHANNEL_IDS),
    ],
)
def test_an_unknown_unit_topic_or_channel_is_a_problem_naming_the_key_and_the_accepted_ids(
    key, value, message, accepted
):
    post = read(**{key: value})
    [problem] = post.problems
    assert (problem.file, problem.key, problem.message, problem.found) == (SOURCE, key, message, value)
    assert problem.expected.startswith(accepted)


def test_each_unknown_entry_of_a_list_is_its_own_problem_and_the_known_ones_are_kept():
    post = read(Topic="tthc, Môi trường, Y tế", Channel="website, Báo giấy")
    assert [problem.found for problem in problems_on(post, "Topic")] == ["Môi trường", "Y tế"]
    assert [problem.found for problem in problems_on(post, "Channel")] == ["Báo giấy"]
    assert post.topics == ("tthc",)
    assert post.channels == ("website",)


@pytest.mark.parametrize(
    ("headers", "field", "ids"),
    [
        ({"Unit": "Văn phòng"}, "unit", "van-phong"),
        ({"Unit": "VĂN PHÒNG HĐND VÀ UBND PHƯỜNG"}, "unit", "van-phong"),
        ({"Unit": "vp hđnd - ubnd"}, "unit", "van-phong"),
        ({"Unit": "Bo phan mot cua"}, "unit", "phuc-vu-hcc"),
        ({"Unit": "Phòng Kinh tế, Hạ tầng và Đô thị"}, "unit", "kinh-te"),
        ({"Unit": nfd("Phòng Kinh tế")}, "unit", "kinh-te"),
        ({"Topic": "TTHC, Thể chế"}, "topics", ("tthc", "the-che")),
        ({"Topic": "đề án 06"}, "topics", ("chinh-quyen-so",)),
        ({"Channel": "Website phường, Truyền thanh"}, "channels", ("website", "truyen-thanh")),
        ({"Channel": "Cổng/Trang thông tin điện tử cấp trên"}, "channels", ("cap-tren",)),
    ],
)
def test_a_unit_topic_or_channel_may_be_given_by_name_or_alias(headers, field, ids):
    post = read(**headers)
    assert post.valid, post.problems
    assert getattr(post, field) == ids


def test_a_channel_named_twice_is_listed_once():
    assert read(Channel="website, Website phường, WEB").channels == ("website",)


@pytest.mark.parametrize(
    ("value", "status"),
    [(None, "published"), ("published", "published"), ("hidden", "hidden"), ("draft", "draft"),
     ("Draft", "draft"), ("HIDDEN", "hidden")],
)
def test_status_is_published_hidden_or_draft(value, status):
    post = read(Status=value)
    assert post.valid
    assert post.status == status


def test_an_unknown_status_is_a_problem_listing_the_accepted_values():
    [problem] = read(Status="archived").problems
    assert (problem.key, problem.found) == ("Status", "archived")
    assert problem.expected == "published, hidden, draft"


def test_every_problem_of_a_post_is_collected_at_once():
    post = read(Title=None, Date="31/02/2024", Unit="Phòng Tư pháp", Topic="Môi trường", Channel="Báo giấy",
                Status="archived", Quarter="nửa đầu năm")
    assert [problem.key for problem in post.problems] == [
        "Title", "Date", "Status", "Unit", "Topic", "Channel", "Quarter"
    ]


# ---------------------------------------------------------------------------
# Encoding and Unicode form


def test_a_post_saved_in_windows_1258_is_a_problem_about_utf8_naming_the_file():
    text = post_text(Title="Hội nghị đối thoại về cải cách hành chính")
    raw = cp1258(text)
    assert unicodedata.normalize("NFC", raw.decode("cp1258")) == text  # a faithful legacy file
    post = parse_post(SOURCE, raw, REGISTRIES, LOCAL)
    [problem] = post.problems
    assert problem.file == SOURCE
    assert "UTF-8" in problem.message
    assert "UTF-8" in problem.expected
    assert SOURCE in str(problem)
    assert post.title is None and post.date is None


def test_decode_raises_a_content_error_naming_the_file():
    with pytest.raises(ContentError) as caught:
        decode("Tiêu đề".encode("cp1258", errors="ignore") + b"\xe0\xec", "tin-bai/cu.md")
    assert "tin-bai/cu.md" in str(caught.value)
    assert "UTF-8" in str(caught.value)


def test_a_byte_order_mark_is_dropped():
    post = parse_post(SOURCE, b"\xef\xbb\xbf" + post_text().encode(), REGISTRIES, LOCAL)
    assert post.valid
    assert post.title == DEFAULT_HEADERS["Title"]


def test_text_is_normalised_to_nfc():
    title = "Phường tổ chức Đối thoại về cải cách hành chính"
    post = parse_post(SOURCE, nfd(post_text(Title=title, Tags="một cửa")).encode(), REGISTRIES, LOCAL)
    assert post.valid
    assert post.title == title
    assert unicodedata.is_normalized("NFC", post.title)
    assert post.tags == ("một cửa",)


# ---------------------------------------------------------------------------
# Registry matching


SPELLINGS = [
    (registry, entry, spelling)
    for registry in (REGISTRIES.units, REGISTRIES.topics, REGISTRIES.channels)
    for entry in registry.entries
    for spelling in (entry.id, entry.name, *entry.aliases)
]


@st.composite
def respelled(draw, text: str) -> str:
    """The same name as an editor might type it: other case, other spacing, other normal form."""
    out = draw(st.sampled_from(["", " ", "\t"]))
    for char in text:
        out += draw(st.sampled_from(["", "", "", " ", "  ", "\u00a0"]))
        out += draw(st.sampled_from([char, char.upper(), char.lower()]))
    out += draw(st.sampled_from(["", " ", "  "]))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), out)


@given(data=st.data(), choice=st.sampled_from(SPELLINGS))
def test_registry_find_ignores_case_spacing_diacritics_and_normal_form(data, choice):
    registry, entry, spelling = choice
    assert registry.find(spelling) is entry
    assert registry.find(data.draw(respelled(spelling))) is entry


@pytest.mark.parametrize("spelling", ["Phòng Tư pháp", "", "van", "van-phong-2"])
def test_registry_find_gives_none_for_an_unknown_name(spelling):
    assert REGISTRIES.units.find(spelling) is None


def test_registry_accepted_lists_the_ids_and_says_names_are_accepted():
    assert REGISTRIES.channels.accepted() == "website, truyen-thanh, cap-tren (hoặc tên, tên gọi khác)"


def test_every_shipped_topic_and_channel_name_and_alias_can_be_used_in_a_post():
    registries = load_data(ROOT / "data").registries
    unusable = []
    for key, registry in (("Topic", registries.topics), ("Channel", registries.channels)):
        for entry in registry.entries:
            for spelling in (entry.id, entry.name, *entry.aliases):
                headers = {"Unit": registries.units.ids[0], "Topic": registries.topics.ids[0], key: spelling}
                text = post_text(**headers)
                post = parse_post(SOURCE, text.encode(), registries, LOCAL)
                chosen = post.topics if key == "Topic" else post.channels
                if not post.valid or chosen != (entry.id,):
                    unusable.append(f"{key}: {spelling}")
    assert unusable == []


# ---------------------------------------------------------------------------
# Problems read by people


@pytest.mark.parametrize(
    ("headers", "key", "found", "accepted"),
    [
        ({"Unit": "Phòng Tư pháp"}, "Unit", "Phòng Tư pháp", UNIT_IDS),
        ({"Topic": "Môi trường"}, "Topic", "Môi trường", TOPIC_IDS),
        ({"Channel": "Báo giấy"}, "Channel", "Báo giấy", CHANNEL_IDS),
        ({"Date": "31/02/2024"}, "Date", "31/02/2024", "28/06/2024 09:00"),
        ({"Status": "archived"}, "Status", "archived", "published, hidden, draft"),
        ({"Quarter": "2024-Q3"}, "Quarter", "2024-Q3", "Quý II/2024"),
    ],
)
def test_a_problem_reads_in_vietnamese_with_the_file_the_key_what_was_found_and_what_is_accepted(
    headers, key, found, accepted
):
    [problem] = read(**headers).problems
    text = str(problem)
    assert text.startswith(f"{SOURCE}: khóa “{key}”: ")
    assert f"đã ghi: “{found}”" in text
    assert accepted in text.split("; chấp nhận: ")[1]


def test_a_problem_without_a_found_value_or_accepted_values_leaves_them_out():
    assert str(Problem("units.toml", "(tệp)", "không tìm thấy tệp")) == "units.toml: khóa “(tệp)”: không tìm thấy tệp."


def test_a_content_error_reports_every_problem_with_their_count():
    problems = read(Title=None, Unit="Phòng Tư pháp").problems
    error = ContentError(problems)
    assert error.problems == problems
    lines = str(error).splitlines()
    assert lines[0] == "Có 2 lỗi trong nội dung, cần sửa trước khi xuất bản:"
    assert lines[1:] == [f"  - {problem}" for problem in problems]


# ---------------------------------------------------------------------------
# Output collisions


def test_two_posts_writing_the_same_page_are_a_problem_naming_both():
    outputs = [("tin-bai/a.md", "tin-bai/doi-thoai.html"), ("tin-bai/b.md", "tin-bai/doi-thoai.html"),
               ("tin-bai/c.md", "tin-bai/khac.html")]
    [problem] = collisions(outputs)
    assert (problem.file, problem.key) == ("tin-bai/b.md", "Slug")
    assert "tin-bai/a.md" in problem.message and "tin-bai/doi-thoai.html" in problem.message


def test_three_posts_on_one_page_give_a_problem_for_each_latecomer():
    outputs = [(f"tin-bai/{name}.md", "tin-bai/x.html") for name in "abc"]
    assert [problem.file for problem in collisions(outputs)] == ["tin-bai/b.md", "tin-bai/c.md"]


def test_posts_writing_different_pages_do_not_collide():
    assert collisions([("a.md", "a.html"), ("b.md", "b.html"), ("a.md", "a.html")]) == []


# ---------------------------------------------------------------------------
# Reading the posts folder


def test_every_markdown_file_under_the_posts_folder_is_read_including_broken_ones(tmp_path):
    posts = tmp_path / "tin-bai"
    (posts / "2024" / "quy-2").mkdir(parents=True)
    (posts / "2024" / "quy-2" / "b.md").write_text(post_text(), encoding="utf-8")
    (posts / "2024" / "a.markdown").write_text(post_text(Title=None), encoding="utf-8")
    (posts / "c.MD").write_bytes(cp1258(post_text()))
    (posts / "ghi-chu.txt").write_text("không phải bài", encoding="utf-8")
    (tmp_path / "trang").mkdir()
    (tmp_path / "trang" / "gioi-thieu.md").write_text(post_text(), encoding="utf-8")

    assert [path.relative_to(tmp_path).as_posix() for path in post_files(tmp_path, "tin-bai")] == [
        "tin-bai/2024/a.markdown", "tin-bai/2024/quy-2/b.md", "tin-bai/c.MD"
    ]
    read_back = read_posts(tmp_path, "tin-bai", REGISTRIES, LOCAL)
    assert [(post.source, post.valid) for post in read_back] == [
        ("tin-bai/2024/a.markdown", False), ("tin-bai/2024/quy-2/b.md", True), ("tin-bai/c.MD", False)
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h2>A</h2><h3>B</h3>", "<h2>A</h2><h3>B</h3>"),
        ('<h1 id="a">A</h1><h2>B</h2>', '<h2 id="a">A</h2><h3>B</h3>'),
    ],
)
def test_a_body_using_h1_has_its_headings_moved_one_level_down(html, expected):
    from cchc_content.core import demote_headings

    assert demote_headings(html) == expected


@pytest.mark.parametrize(("path", "content"), [
    ("/site/content/tin-bai/2024/a.md", "/site/content"),
    ("/site/content/tin-bai/2024/a.md", "/site/content/"),
    ("/site/content/./tin-bai//2024/a.md", "/site/content"),
    ("/site/content-2/tin-bai/a.md", "/site/content"),  # a sibling folder whose name starts the same
    ("/site/other/a.md", "/site/content"),
    ("content/tin-bai/a.md", "content"),
    ("/site/content/tin-bai/../gioi-thieu.md", "/site/content"),
])
def test_a_sources_relative_path_is_what_relpath_gives(path, content):
    import os

    assert relative_source(path, content) == Path(os.path.relpath(path, content)).as_posix()
