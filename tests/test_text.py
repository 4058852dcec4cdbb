"""Vietnamese text helpers: folding for loose matching, slugs and the display formats."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_content.text import (
    fold,
    fold_words,
    iso_datetime,
    month_label,
    nfc,
    quarter_label,
    slugify,
    strip_marks,
    vi_date,
    vi_datetime,
    vi_number,
    vi_official_date,
    vi_short_date,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
SLUG = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?")

# Every Vietnamese letter with its plain ASCII base, written out by hand so that the
# properties below do not lean on the code (or the library) they check.
VIETNAMESE_GROUPS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "d": "dđ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    **{plain: plain for plain in "bcghklmnpqrstvx0123456789"},
}
ASCII_OF = {letter: base for base, group in VIETNAMESE_GROUPS.items() for letter in group}
ASCII_OF |= {letter.upper(): base for letter, base in ASCII_OF.items()}
VIETNAMESE_LETTERS = "".join(sorted(ASCII_OF))

vietnamese_words = st.lists(st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=12), min_size=1, max_size=6)
separators = st.sampled_from([" ", "  ", "\t", " - ", "/", ", ", ": ", " “", "” ", "…", " (", ") ", "?", "!", "_"])
normal_forms = st.sampled_from(["NFC", "NFD"])


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------------------
# Normal forms, marks and folding


def test_nfc_composes_a_decomposed_vietnamese_word():
    assert nfc(nfd("Phường")) == "Phường"
    assert len(nfc(nfd("ường"))) == 4


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Đường Hồ Chí Minh", "Duong Ho Chi Minh"),
        ("đề án", "de an"),
        ("Văn phòng HĐND", "Van phong HDND"),
        ("Cải cách thủ tục hành chính", "Cai cach thu tuc hanh chinh"),
        ("ASCII stays", "ASCII stays"),
    ],
)
def test_strip_marks_removes_diacritics_and_maps_d_with_stroke_to_d(text, plain):
    assert strip_marks(text) == plain
    assert strip_marks(nfd(text)) == plain


@pytest.mark.parametrize(
    "spelling",
    ["Văn phòng HĐND", "VĂN PHÒNG HĐND", "van phong hdnd", "  Văn   phòng\tHĐND ", "vanphonghdnd", "VanPhongHDND"],
)
def test_fold_ignores_case_diacritics_and_spacing(spelling):
    assert fold(spelling) == fold("Văn phòng HĐND") == "vanphonghdnd"


def test_fold_ignores_the_unicode_normal_form():
    assert fold(nfd("Bộ phận Một cửa")) == fold("Bộ phận Một cửa")


def test_fold_keeps_punctuation_so_that_different_names_stay_different():
    assert fold("VP HĐND-UBND") == "vphdnd-ubnd"
    assert fold("Cổng/Trang") != fold("Cổng Trang")


def test_fold_words_keeps_single_spaces_between_words():
    assert fold_words("  Quý   II/2024 ") == "quy ii/2024"
    assert fold_words(nfd("Quý 2 NĂM\t2024")) == "quy 2 nam 2024"


@given(words=vietnamese_words, separator=st.sampled_from([" ", "  ", "\t", "\n", "\u00a0"]), form=normal_forms)
def test_fold_of_any_vietnamese_phrase_is_its_letters_without_marks_case_or_spaces(words, separator, form):
    phrase = unicodedata.normalize(form, separator.join(words))
    assert fold(phrase) == "".join(ASCII_OF[letter] for word in words for letter in word)


# ---------------------------------------------------------------------------
# Slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đề án 06", "de-an-06"),
        ("đề án 06", "de-an-06"),
        ("Số 12/TB-UBND", "so-12-tb-ubnd"),
        ("Quý 3/2025", "quy-3-2025"),
        ("Phường tổ chức Đối thoại giữa chính quyền và người dân về CCHC", (
            "phuong-to-chuc-doi-thoai-giua-chinh-quyen-va-nguoi-dan-ve-cchc")),
        ("Thông báo: “Lịch tiếp công dân” tháng 7", "thong-bao-lich-tiep-cong-dan-thang-7"),
        ("  --Chuyển đổi số--  ", "chuyen-doi-so"),
        ("100% hồ sơ trực tuyến!", "100-ho-so-truc-tuyen"),
        ("Mạng xã hội (Zalo, Facebook, …)", "mang-xa-hoi-zalo-facebook"),
        ("???", ""),
        ("", ""),
        ("— … —", ""),
    ],
)
def test_slugify_turns_a_vietnamese_title_into_an_ascii_slug(title, slug):
    assert slugify(title) == slug


def test_slugify_reads_decomposed_text_like_composed_text():
    assert slugify(nfd("Đề án 06 về Chính quyền số")) == "de-an-06-ve-chinh-quyen-so"


@given(st.text())
def test_a_slug_of_any_text_is_ascii_lowercase_words_joined_by_single_hyphens(text):
    slug = slugify(text)
    assert slug.isascii()
    assert SLUG.fullmatch(slug), slug
    assert not slug.startswith("-")
    assert not slug.endswith("-")


@given(st.text(alphabet=st.sampled_from(VIETNAMESE_LETTERS + " -/:,.?!“”…()0123456789"), max_size=40))
def test_a_slug_of_vietnamese_text_is_stable_when_slugified_again(text):
    assert slugify(slugify(text)) == slugify(text)


@given(words=vietnamese_words, separators=st.lists(separators, min_size=5, max_size=5), form=normal_forms)
def test_a_slug_of_vietnamese_words_is_their_plain_letters_joined_by_hyphens(words, separators, form):
    title = words[0]
    for separator, word in zip(separators, words[1:], strict=False):
        title += separator + word
    expected = "-".join("".join(ASCII_OF[letter] for letter in word) for word in words)
    assert slugify(unicodedata.normalize(form, title)) == expected


# ---------------------------------------------------------------------------
# Display formats


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2024, 2, 19), "Thứ Hai, 19/02/2024"),
        (date(2024, 2, 20), "Thứ Ba, 20/02/2024"),
        (date(2024, 2, 21), "Thứ Tư, 21/02/2024"),
        (date(2024, 2, 22), "Thứ Năm, 22/02/2024"),
        (date(2024, 2, 23), "Thứ Sáu, 23/02/2024"),
        (date(2024, 2, 24), "Thứ Bảy, 24/02/2024"),
        (date(2024, 2, 25), "Chủ Nhật, 25/02/2024"),
    ],
)
def test_vi_date_names_the_weekday_and_writes_the_day_first(day, text):
    assert vi_date(day) == text


def test_vi_short_date_is_day_month_year_zero_padded():
    assert vi_short_date(date(2024, 7, 5)) == "05/07/2024"


def test_vi_datetime_puts_the_time_before_the_date():
    assert vi_datetime(datetime(2024, 2, 20, 9, 0, tzinfo=LOCAL)) == "09:00, Thứ Ba, 20/02/2024"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (date(2024, 1, 20), "ngày 20 tháng 01 năm 2024"),
        (date(2024, 3, 9), "ngày 09 tháng 3 năm 2024"),
        (date(2024, 10, 1), "ngày 01 tháng 10 năm 2024"),
        (date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_vi_official_date_pads_days_below_ten_and_months_one_and_two(day, text):
    assert vi_official_date(day) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (6328859, 0, "6.328.859"),
        (95.5, 1, "95,5"),
        (1234.5, 2, "1.234,50"),
        (1000, 0, "1.000"),
        (999, 0, "999"),
        (0, 0, "0"),
        (100.0, 1, "100,0"),
        (-1234567, 0, "-1.234.567"),
    ],
)
def test_vi_number_uses_dots_for_thousands_and_a_comma_for_decimals(value, decimals, text):
    assert vi_number(value, decimals) == text


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_vi_number_of_any_integer_reads_back_once_the_dots_are_removed(value):
    text = vi_number(value)
    assert int(text.replace(".", "")) == value
    assert "," not in text
    assert all(len(group) == 3 for group in text.lstrip("-").split(".")[1:])


@pytest.mark.parametrize(
    ("quarter", "label"),
    [("2024-Q1", "Quý I/2024"), ("2024-Q2", "Quý II/2024"), ("2024-Q3", "Quý III/2024"), ("2025-Q4", "Quý IV/2025")],
)
def test_quarter_label_writes_the_quarter_in_roman_numerals(quarter, label):
    assert quarter_label(quarter) == label


@pytest.mark.parametrize(("month", "label"), [("2024-06", "Tháng 6/2024"), ("2024-12", "Tháng 12/2024")])
def test_month_label_drops_the_leading_zero(month, label):
    assert month_label(month) == label


def test_iso_datetime_has_seconds_and_the_offset_but_no_fraction():
    moment = datetime(2024, 2, 20, 9, 0, 0, 123456, tzinfo=LOCAL)
    assert iso_datetime(moment) == "2024-02-20T09:00:00+07:00"
