"""Vietnamese text: normalisation, folding for matching, slugs and display formats.

Pure functions: no Pelican, no files, no clock.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from unidecode import unidecode

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the one form we store and compare."""
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics, mapping Đ/đ (which Unicode does not decompose) to D/d."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Key for loose matching: case, diacritics, Unicode form and spacing ignored."""
    return "".join(strip_marks(nfc(text)).casefold().split())


def fold_words(text: str) -> str:
    """Like fold() but keeps single spaces between words (for parsing phrases)."""
    return _SPACES.sub(" ", strip_marks(nfc(text)).casefold()).strip()


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese title: `Số 12/TB-UBND` -> `so-12-tb-ubnd`; may be empty."""
    ascii_text = unidecode(strip_marks(nfc(text))).lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-")


def vi_date(value: date) -> str:
    """Web date with weekday: `Thứ Ba, 20/02/2024`."""
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"


def vi_short_date(value: date) -> str:
    """`20/02/2024`."""
    return f"{value:%d/%m/%Y}"


def vi_datetime(value: datetime) -> str:
    """`09:00, Thứ Ba, 20/02/2024`."""
    return f"{value:%H:%M}, {vi_date(value)}"


def vi_official_date(value: date) -> str:
    """Administrative style: `ngày 05 tháng 02 năm 2024` (zero-padded days < 10, months 1-2)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def vi_number(value: int | float, decimals: int = 0) -> str:
    """Vietnamese number: dot for thousands, comma for decimals (`6.328.859`, `95,5`)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def quarter_label(quarter_id: str) -> str:
    """`2024-Q2` -> `Quý II/2024`."""
    year, number = quarter_id.split("-Q")
    return f"Quý {ROMAN_QUARTERS[int(number)]}/{year}"


def month_label(month_id: str) -> str:
    """`2024-06` -> `Tháng 6/2024`."""
    year, month = month_id.split("-")
    return f"Tháng {int(month)}/{year}"


def iso_datetime(value: datetime) -> str:
    """Machine-readable time for `<time datetime>` and feeds: `2024-02-20T09:00:00+07:00`."""
    return value.isoformat(timespec="seconds")
